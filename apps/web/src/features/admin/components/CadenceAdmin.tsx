import { App, Input, Select, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { QueryFailure } from '@/components/StatusPages';
import { DocumentPicker } from '@/features/catalog/components/Pickers';
import { useUrlFilters } from '@/lib/url-state';
import { ApiError } from '@/lib/api-error';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import { useSetReporting } from '../api/admin';

export const CADENCE_OPTIONS = [
  { value: 'monthly', label: '每月' },
  { value: 'dekad', label: '每旬' },
  { value: 'weekly', label: '每周' },
] as const;
type Cadence = (typeof CADENCE_OPTIONS)[number]['value'];

/** 报送周期: how often each measure's tasks report, set per measure (PUT /measures/:id/reporting). */
export function CadenceAdmin() {
  const { message } = App.useApp();
  const { get, update } = useUrlFilters();
  const documentId = get('documentId');
  const q = get('q');
  const page = Number(get('page') ?? 1);
  const measures = useQuery({
    queryKey: ['documents', documentId, 'measures', 'admin', q, page],
    queryFn: () => unwrap(api.GET('/documents/{id}/measures', { params: { path: { id: documentId! }, query: { q, page, pageSize: 20 } } })),
    enabled: Boolean(documentId),
  });
  const setReporting = useSetReporting();
  const [chosen, setChosen] = useState<Record<string, { reportCadence?: Cadence; evidenceRequired?: boolean }>>({});

  const apply = async (measureId: string, number: string, change: { reportCadence?: Cadence; evidenceRequired?: boolean }) => {
    const next = { ...chosen[measureId], ...change };
    setChosen((current) => ({ ...current, [measureId]: next }));
    if (!next.reportCadence) return; // the API takes the cadence with every change
    try {
      const result = await setReporting.mutateAsync({ measureId, reportCadence: next.reportCadence, evidenceRequired: next.evidenceRequired });
      message.success(`措施 ${number} 已调整，${result.tasksChanged} 项任务随之改变`);
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : '保存失败，请稍后重试');
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <DocumentPicker
          label="选择文件"
          placeholder="先选择文件"
          width={320}
          value={documentId}
          onChange={(next) => update({ documentId: next, q: undefined })}
        />
        {documentId && (
          <Input.Search
            key={q ?? ''}
            aria-label="查找措施"
            allowClear
            placeholder="按编号或标题查找措施"
            style={{ width: 240 }}
            defaultValue={q}
            onSearch={(value) => update({ q: value.trim() || undefined })}
          />
        )}
        <Typography.Text type="secondary">已办结、不涉及的任务不随之改变。</Typography.Text>
      </Space>
      {!documentId ? null : measures.isError ? (
        <QueryFailure error={measures.error} onRetry={() => void measures.refetch()} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          loading={measures.isFetching}
          dataSource={measures.data?.items}
          scroll={{ x: 700 }}
          pagination={{
            current: page,
            pageSize: 20,
            total: measures.data?.total ?? 0,
            onChange: (next) => update({ page: String(next) }),
            showTotal: (n) => `共 ${n} 项措施`,
          }}
          columns={[
            { title: '编号', dataIndex: 'number', width: 70 },
            { title: '措施', dataIndex: 'title' },
            { title: '任务', key: 'tasks', width: 60, render: (_, measure) => measure.tasks.length },
            {
              title: '报送周期',
              key: 'cadence',
              width: 140,
              render: (_, measure) => (
                <Select
                  aria-label={`措施 ${measure.number} 的报送周期`}
                  placeholder="设置"
                  style={{ width: 110 }}
                  value={chosen[measure.id]?.reportCadence ?? measure.cadence}
                  onChange={(reportCadence: Cadence) => void apply(measure.id, measure.number, { reportCadence })}
                  options={[...CADENCE_OPTIONS]}
                />
              ),
            },
            {
              title: '须附佐证',
              key: 'evidence',
              width: 100,
              render: (_, measure) => (
                <Switch
                  aria-label={`措施 ${measure.number} 每次报送须附佐证材料`}
                  checked={chosen[measure.id]?.evidenceRequired ?? false}
                  disabled={!chosen[measure.id]?.reportCadence}
                  onChange={(evidenceRequired) => void apply(measure.id, measure.number, { evidenceRequired })}
                />
              ),
            },
          ]}
        />
      )}
    </Space>
  );
}
