import { App, Button, Form, Input, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { FormModal } from '@/components/FormModal';
import { QueryFailure } from '@/components/StatusPages';
import { useUrlFilters } from '@/lib/url-state';
import { useAddAlias, useSaveUnit, useUnitList, type Unit } from '../api/admin';

export const UNIT_KIND_LABELS: Record<Unit['kind'], string> = { bureau: '部门', town: '镇/街道', collective: '集合称谓' };
const KIND_OPTIONS = (Object.keys(UNIT_KIND_LABELS) as Unit['kind'][]).map((kind) => ({ value: kind, label: UNIT_KIND_LABELS[kind] }));

type Editing = { mode: 'create' } | { mode: 'edit'; unit: Unit } | { mode: 'alias'; unit: Unit } | null;

/** 单位: search, create, rename, (de)activate, and the other names documents use for a unit (aliases). */
export function UnitsAdmin() {
  const { message } = App.useApp();
  const { get, update } = useUrlFilters();
  const page = Number(get('page') ?? 1);
  const q = get('q');
  const units = useUnitList({ q, page, pageSize: 20 });
  const save = useSaveUnit();
  const addAlias = useAddAlias();
  const [editing, setEditing] = useState<Editing>(null);

  if (units.isError) return <QueryFailure error={units.error} onRetry={() => void units.refetch()} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          key={q ?? ''}
          aria-label="查找单位"
          placeholder="单位名称或别名"
          allowClear
          defaultValue={q}
          onSearch={(value) => update({ q: value.trim() || undefined })}
          style={{ width: 240 }}
        />
        <Button type="primary" onClick={() => setEditing({ mode: 'create' })}>
          新增单位
        </Button>
      </Space>
      <Table<Unit>
        size="small"
        rowKey="id"
        loading={units.isFetching}
        dataSource={units.data?.items}
        scroll={{ x: 760 }}
        pagination={{
          current: page,
          pageSize: 20,
          total: units.data?.total ?? 0,
          onChange: (next) => update({ page: String(next) }),
          showTotal: (n) => `共 ${n} 个单位`,
        }}
        columns={[
          { title: '名称', dataIndex: 'name', width: 180 },
          { title: '类型', dataIndex: 'kind', width: 90, render: (kind: Unit['kind']) => UNIT_KIND_LABELS[kind] },
          { title: '状态', dataIndex: 'active', width: 70, render: (active: boolean) => (active ? '在用' : <Tag>已停用</Tag>) },
          {
            title: '别名',
            dataIndex: 'aliases',
            render: (aliases: string[]) => (aliases.length ? aliases.map((alias) => <Tag key={alias}>{alias}</Tag>) : '—'),
          },
          {
            title: '操作',
            key: 'actions',
            width: 160,
            render: (_, unit) => (
              <Space size="small">
                <Button size="small" type="link" onClick={() => setEditing({ mode: 'edit', unit })} aria-label={`编辑单位 ${unit.name}`}>
                  编辑
                </Button>
                <Button size="small" type="link" onClick={() => setEditing({ mode: 'alias', unit })} aria-label={`为 ${unit.name} 添加别名`}>
                  添加别名
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <FormModal<{ name: string; kind: Unit['kind']; active?: boolean }>
        open={editing?.mode === 'create' || editing?.mode === 'edit'}
        title={editing?.mode === 'edit' ? `编辑单位：${editing.unit.name}` : '新增单位'}
        fieldNames={['name', 'kind', 'active']}
        initialValues={editing?.mode === 'edit' ? { name: editing.unit.name, kind: editing.unit.kind, active: editing.unit.active } : { kind: 'bureau' }}
        onClose={() => setEditing(null)}
        onSubmit={async (values) => {
          await save.mutateAsync(editing?.mode === 'edit' ? { id: editing.unit.id, values } : { values: { name: values.name, kind: values.kind } });
          message.success('已保存');
        }}
      >
        {() => (
          <>
            <Form.Item name="name" label="单位名称" rules={[{ required: true, whitespace: true, message: '请填写单位名称' }]}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="kind" label="单位类型" rules={[{ required: true, message: '请选择单位类型' }]}>
              <Select options={KIND_OPTIONS} />
            </Form.Item>
            {editing?.mode === 'edit' && (
              <Form.Item name="active" label="在用" valuePropName="checked" extra="停用后不能再为该单位开设账号">
                <Switch />
              </Form.Item>
            )}
          </>
        )}
      </FormModal>
      <FormModal<{ alias: string }>
        open={editing?.mode === 'alias'}
        title={editing?.mode === 'alias' ? `为“${editing.unit.name}”添加别名` : '添加别名'}
        okText="添加"
        fieldNames={['alias']}
        onClose={() => setEditing(null)}
        onSubmit={async ({ alias }) => {
          if (editing?.mode !== 'alias') return;
          await addAlias.mutateAsync({ id: editing.unit.id, alias });
          message.success('已添加别名');
        }}
      >
        {() => (
          <Form.Item name="alias" label="别名（文件中的其他写法）" rules={[{ required: true, whitespace: true, message: '请填写别名' }]}>
            <Input maxLength={100} placeholder="例如：区发展改革委" />
          </Form.Item>
        )}
      </FormModal>
    </Space>
  );
}
