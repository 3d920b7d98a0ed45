import { Button, Input, Select, Space, Tag, Typography } from 'antd';
import { QueryFailure } from '@/components/StatusPages';
import { DocumentPicker, MeasurePicker, UnitPicker } from '@/features/catalog/components/Pickers';
import { LedgerButton } from '@/features/rollups/components/LedgerButton';
import { useUrlFilters } from '@/lib/url-state';
import { useTaskList } from '../api/tasks';
import { FlagFilters, LightFilter, StateFilter } from '../components/TaskFilters';
import { TaskTable } from '../components/TaskTable';
import { linkedFilterTags, noticeCountNote, TASK_FILTER_KEYS, taskListQueryOf, type TaskFlag } from '../task-filters';

const FLAGS: TaskFlag[] = ['overdue', 'lagging', 'receiptOverdue', 'reportMissing', 'dueSoon'];

/** 任务清单: the office's and leaders' list; every filter lives in the URL (shareable, the back button undoes it). */
export function TaskListPage() {
  const { params, update, clear } = useUrlFilters();
  const query = taskListQueryOf(params);
  const tasks = useTaskList(query);
  const filtered = TASK_FILTER_KEYS.some((key) => params.has(key));
  const noticeNote = tasks.data ? noticeCountNote(query, tasks.data.total) : null;

  if (tasks.isError) return <QueryFailure error={tasks.error} onRetry={() => void tasks.refetch()} />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        任务清单
      </Typography.Title>
      <Space wrap>
        <Input.Search
          key={query.q ?? ''}
          aria-label="按任务标题查找"
          placeholder="任务标题关键词"
          allowClear
          defaultValue={query.q}
          onSearch={(q) => update({ q: q.trim() || undefined })}
          style={{ width: 220 }}
        />
        <DocumentPicker
          label="按文件筛选"
          placeholder="文件"
          width={240}
          value={query.documentId}
          onChange={(documentId) => update({ documentId, measureId: undefined })}
        />
        <MeasurePicker
          label="按措施筛选"
          placeholder="措施"
          width={220}
          documentId={query.documentId}
          value={query.measureId}
          onChange={(measureId) => update({ measureId })}
        />
        <UnitPicker
          label="按单位筛选"
          placeholder="单位"
          width={200}
          value={query.unitId}
          onChange={(unitId) => update({ unitId, role: unitId ? (params.get('role') ?? undefined) : undefined })}
        />
        {query.unitId && (
          <Select
            aria-label="单位在任务中的角色"
            placeholder="牵头或配合"
            allowClear
            style={{ width: 120 }}
            value={query.role}
            onChange={(role: string | undefined) => update({ role })}
            options={[
              { value: 'lead', label: '牵头' },
              { value: 'co', label: '配合' },
            ]}
          />
        )}
        <StateFilter value={query.state} onChange={(state) => update({ state })} />
        <LightFilter value={query.light} onChange={(light) => update({ light })} />
        <FlagFilters flags={FLAGS} values={query} onChange={(flag, on) => update({ [flag]: on ? 'true' : undefined })} />
        {linkedFilterTags(query).map((tag) => (
          <Tag
            key={tag.key}
            color="blue"
            closable
            closeIcon={<span aria-label={`取消筛选：${tag.label}`}>×</span>}
            onClose={() => update({ [tag.key]: undefined })}
          >
            {tag.label}
          </Tag>
        ))}
        {filtered && <Button onClick={() => clear(['sort', 'order', 'pageSize'])}>清除筛选</Button>}
        <LedgerButton
          label="按当前筛选导出台账"
          filters={{
            unitId: query.unitId,
            role: query.role,
            state: query.state,
            overdue: query.overdue,
            dueBefore: query.dueBefore,
            measureId: query.measureId,
            documentId: query.documentId,
            q: query.q,
            light: query.light,
          }}
        />
      </Space>
      {noticeNote && <Typography.Text type="secondary">{noticeNote}</Typography.Text>}
      <TaskTable
        items={tasks.data?.items ?? []}
        total={tasks.data?.total ?? 0}
        page={query.page ?? 1}
        pageSize={query.pageSize ?? 20}
        loading={tasks.isPending || tasks.isFetching}
        emptyText={filtered ? '没有符合筛选条件的任务，请调整或清除筛选' : '暂无已交办的任务。请先在“文件导入”中导入并交办文件'}
        onPage={(page, pageSize) => update({ page: String(page), pageSize: String(pageSize) })}
        onSort={(sort, order) => update({ sort, order: sort ? order : undefined, page: params.get('page') ?? undefined })}
      />
    </Space>
  );
}
