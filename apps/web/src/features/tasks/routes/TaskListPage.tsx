import { Button, Input, Select, Space, Switch, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { QueryFailure } from '@/components/StatusPages';
import { useDocuments, useUnits } from '@/features/catalog/api/catalog';
import { LIGHTS, TASK_STATE_LABELS, type Light, type TaskState } from '@/lib/labels';
import { useTaskList, type TaskListQuery } from '../api/tasks';
import { TaskTable } from '../components/TaskTable';

const FILTER_KEYS = ['documentId', 'measureId', 'unitId', 'state', 'light', 'overdue', 'dueBefore', 'q'] as const;

/** The URL is the state of the list, so every dashboard number links to its own filtered list. */
export function taskListQueryOf(params: URLSearchParams): TaskListQuery {
  const value = (key: string) => params.get(key) ?? undefined;
  return {
    page: Number(params.get('page') ?? 1),
    pageSize: Number(params.get('pageSize') ?? 20),
    documentId: value('documentId'),
    measureId: value('measureId'),
    unitId: value('unitId'),
    state: value('state') as TaskState | undefined,
    light: value('light') as Light | undefined,
    overdue: params.get('overdue') === 'true' ? true : undefined,
    dueBefore: value('dueBefore'),
    q: value('q'),
    sort: (value('sort') as TaskListQuery['sort']) ?? 'dueDate',
    order: (value('order') as TaskListQuery['order']) ?? 'asc',
  };
}

export function TaskListPage() {
  const [params, setParams] = useSearchParams();
  const query = taskListQueryOf(params);
  const tasks = useTaskList(query);
  const units = useUnits();
  const documents = useDocuments();

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  const filtered = FILTER_KEYS.some((key) => params.has(key));

  if (tasks.isError) return <QueryFailure error={tasks.error} onRetry={() => void tasks.refetch()} />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>任务清单</Typography.Title>
      <Space wrap>
        <Input.Search
          aria-label="按任务标题查找"
          placeholder="任务标题关键词"
          allowClear
          defaultValue={query.q}
          onSearch={(q) => update({ q: q || undefined })}
          style={{ width: 220 }}
        />
        <Select
          aria-label="按文件筛选"
          placeholder="文件"
          allowClear
          style={{ width: 240 }}
          value={query.documentId}
          loading={documents.isPending}
          onChange={(documentId) => update({ documentId, measureId: undefined })}
          options={(documents.data ?? []).map((doc) => ({ value: doc.id, label: doc.title }))}
        />
        <Select
          aria-label="按单位筛选"
          placeholder="单位"
          allowClear
          showSearch
          optionFilterProp="label"
          style={{ width: 200 }}
          value={query.unitId}
          loading={units.isPending}
          onChange={(unitId) => update({ unitId })}
          options={(units.data ?? []).map((unit) => ({ value: unit.id, label: unit.name }))}
        />
        <Select
          aria-label="按状态筛选"
          placeholder="状态"
          allowClear
          style={{ width: 140 }}
          value={query.state}
          onChange={(state) => update({ state })}
          options={(Object.keys(TASK_STATE_LABELS) as TaskState[]).map((state) => ({ value: state, label: TASK_STATE_LABELS[state] }))}
        />
        <Select
          aria-label="按红黄绿灯筛选"
          placeholder="红黄绿灯"
          allowClear
          style={{ width: 120 }}
          value={query.light}
          onChange={(light) => update({ light })}
          options={(Object.keys(LIGHTS) as Light[]).map((light) => ({ value: light, label: LIGHTS[light].word }))}
        />
        <span>
          <Switch
            id="overdue-only"
            checked={query.overdue === true}
            onChange={(checked) => update({ overdue: checked ? 'true' : undefined })}
          />{' '}
          <label htmlFor="overdue-only">只看逾期</label>
        </span>
        {filtered && <Button onClick={() => setParams(new URLSearchParams())}>清除筛选</Button>}
      </Space>
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
