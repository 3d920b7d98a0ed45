import { App, Button, Form, Input, Popconfirm, Select, Space, Table, Tag, type FormInstance } from 'antd';
import { useState } from 'react';
import { FormModal } from '@/components/FormModal';
import { QueryFailure } from '@/components/StatusPages';
import { UnitPicker } from '@/features/catalog/components/Pickers';
import { ROLE_LABELS, type Role } from '@/lib/labels';
import { useUrlFilters } from '@/lib/url-state';
import { useSaveUser, useUserList, type User } from '../api/admin';

const ROLE_OPTIONS = (Object.keys(ROLE_LABELS) as Role[]).map((role) => ({ value: role, label: ROLE_LABELS[role] }));
const USER_FIELDS = ['username', 'displayName', 'password', 'role', 'unitId', 'email', 'phone'] as const;

interface UserForm {
  username?: string;
  displayName: string;
  password?: string;
  role: Role;
  unitId?: string | null;
  email?: string;
  phone?: string;
}

type Editing = { mode: 'create' } | { mode: 'edit'; user: User } | { mode: 'password'; user: User } | null;

/** Blank optional fields are left out of a new account and cleared (null) on an existing one. */
function contactOf(values: UserForm, clearing: boolean) {
  const blank = (value: string | undefined) => (value && value.trim() ? value.trim() : clearing ? null : undefined);
  return { email: blank(values.email), phone: blank(values.phone) };
}

/** 账号: search, open an account, change its role or unit, reset its password, disable or enable it. */
export function UsersAdmin() {
  const { message } = App.useApp();
  const { get, update } = useUrlFilters();
  const page = Number(get('page') ?? 1);
  const q = get('q');
  const role = get('role') as Role | undefined;
  const users = useUserList({ q, role, page, pageSize: 20 });
  const save = useSaveUser();
  const [editing, setEditing] = useState<Editing>(null);

  const setDisabled = async (user: User, disabled: boolean) => {
    try {
      await save.mutateAsync({ id: user.id, values: { disabled } });
      message.success(disabled ? `已停用 ${user.displayName}` : `已启用 ${user.displayName}`);
    } catch (error) {
      message.error(error instanceof Error ? error.message : '操作失败');
    }
  };

  if (users.isError) return <QueryFailure error={users.error} onRetry={() => void users.refetch()} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          key={q ?? ''}
          aria-label="查找账号"
          placeholder="登录名或姓名"
          allowClear
          defaultValue={q}
          onSearch={(value) => update({ q: value.trim() || undefined })}
          style={{ width: 220 }}
        />
        <Select
          aria-label="按角色筛选"
          placeholder="全部角色"
          allowClear
          style={{ width: 130 }}
          value={role}
          onChange={(value: string | undefined) => update({ role: value })}
          options={ROLE_OPTIONS}
        />
        <Button type="primary" onClick={() => setEditing({ mode: 'create' })}>
          新增账号
        </Button>
      </Space>
      <Table<User>
        size="small"
        rowKey="id"
        loading={users.isFetching}
        dataSource={users.data?.items}
        scroll={{ x: 860 }}
        pagination={{
          current: page,
          pageSize: 20,
          total: users.data?.total ?? 0,
          onChange: (next) => update({ page: String(next) }),
          showTotal: (n) => `共 ${n} 个账号`,
        }}
        columns={[
          { title: '登录名', dataIndex: 'username', width: 130 },
          { title: '姓名', dataIndex: 'displayName', width: 110 },
          { title: '角色', dataIndex: 'role', width: 90, render: (value: Role) => ROLE_LABELS[value] },
          { title: '所属单位', dataIndex: 'unitName', render: (name: string | null) => name ?? '—' },
          { title: '状态', dataIndex: 'disabled', width: 80, render: (disabled: boolean) => (disabled ? <Tag color="default">已停用</Tag> : '正常') },
          {
            title: '操作',
            key: 'actions',
            width: 230,
            render: (_, user) => (
              <Space size="small" wrap>
                <Button size="small" type="link" onClick={() => setEditing({ mode: 'edit', user })} aria-label={`编辑账号 ${user.username}`}>
                  编辑
                </Button>
                <Button size="small" type="link" onClick={() => setEditing({ mode: 'password', user })} aria-label={`重置 ${user.username} 的密码`}>
                  重置密码
                </Button>
                <Popconfirm
                  title={user.disabled ? `启用 ${user.displayName}？` : `停用 ${user.displayName}？停用后该账号立即退出登录。`}
                  okText="确定"
                  cancelText="取消"
                  onConfirm={() => setDisabled(user, !user.disabled)}
                >
                  <Button size="small" type="link" danger={!user.disabled} aria-label={`${user.disabled ? '启用' : '停用'}账号 ${user.username}`}>
                    {user.disabled ? '启用' : '停用'}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <FormModal<UserForm>
        open={editing?.mode === 'create' || editing?.mode === 'edit'}
        title={editing?.mode === 'edit' ? `编辑账号：${editing.user.username}` : '新增账号'}
        fieldNames={USER_FIELDS}
        initialValues={
          editing?.mode === 'edit'
            ? {
                displayName: editing.user.displayName,
                role: editing.user.role,
                unitId: editing.user.unitId,
                email: editing.user.email ?? undefined,
                phone: editing.user.phone ?? undefined,
              }
            : { role: 'bureau' }
        }
        onClose={() => setEditing(null)}
        onSubmit={async (values) => {
          const unitId = values.role === 'bureau' ? (values.unitId ?? null) : null;
          if (editing?.mode === 'edit') {
            await save.mutateAsync({ id: editing.user.id, values: { displayName: values.displayName, role: values.role, unitId, ...contactOf(values, true) } });
          } else {
            await save.mutateAsync({
              values: {
                username: values.username ?? '',
                displayName: values.displayName,
                password: values.password ?? '',
                role: values.role,
                unitId: unitId ?? undefined,
                ...contactOf(values, false),
              },
            });
          }
          message.success('已保存');
        }}
      >
        {(form) => <UserFields creating={editing?.mode === 'create'} form={form} />}
      </FormModal>
      <FormModal<{ password: string }>
        open={editing?.mode === 'password'}
        title={editing?.mode === 'password' ? `重置密码：${editing.user.username}` : '重置密码'}
        okText="重置"
        fieldNames={['password']}
        onClose={() => setEditing(null)}
        onSubmit={async ({ password }) => {
          if (editing?.mode !== 'password') return;
          await save.mutateAsync({ id: editing.user.id, values: { password } });
          message.success('密码已重置，该账号需用新密码重新登录');
        }}
      >
        {() => (
          <Form.Item name="password" label="新密码" rules={[{ required: true, message: '请填写新密码' }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
      </FormModal>
    </Space>
  );
}

function UserFields({ creating, form }: { creating: boolean; form: FormInstance<UserForm> }) {
  const role = Form.useWatch('role', form);
  return (
    <>
      {creating && (
        <Form.Item
          name="username"
          label="登录名"
          rules={[{ required: true, whitespace: true, message: '请填写登录名' }]}
          extra="字母、数字、点、下划线、连字符，3–64 位"
        >
          <Input autoComplete="off" maxLength={64} />
        </Form.Item>
      )}
      <Form.Item name="displayName" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
        <Input maxLength={64} />
      </Form.Item>
      {creating && (
        <Form.Item name="password" label="初始密码" rules={[{ required: true, message: '请填写初始密码' }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      )}
      <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
        <Select options={ROLE_OPTIONS} />
      </Form.Item>
      {role === 'bureau' && (
        <Form.Item name="unitId" label="所属单位" rules={[{ required: true, message: '承办单位账号须选择所属单位' }]}>
          <UnitField />
        </Form.Item>
      )}
      <Form.Item name="email" label="电子邮箱">
        <Input maxLength={254} />
      </Form.Item>
      <Form.Item name="phone" label="电话">
        <Input maxLength={32} />
      </Form.Item>
    </>
  );
}

/** The unit picker as a form control (Form.Item passes value and onChange). */
function UnitField({ value, onChange, id }: { value?: string | null; onChange?: (value: string | undefined) => void; id?: string }) {
  return <UnitPicker id={id} label="所属单位" placeholder="输入名称查找单位" width={320} value={value ?? undefined} onChange={(next) => onChange?.(next)} />;
}
