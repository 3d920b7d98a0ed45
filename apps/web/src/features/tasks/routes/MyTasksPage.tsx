import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, Row, Select, Space, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { QueryFailure } from '@/components/StatusPages';
import { api, unwrap } from '@/lib/api-client';
import { ApiError } from '@/lib/api-error';
import { LIGHTS, TASK_STATE_LABELS, type Light, type TaskState } from '@/lib/labels';
import { useSignTasks, useTaskList, type TaskListQuery } from '../api/tasks';
import { TaskTable } from '../components/TaskTable';

/** 我的任务: the unit's tasks with lights and due dates, what is owed this period, and 签收. */
export function MyTasksPage() {
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [selected, setSelected] = useState<string[]>([]);
  const query: TaskListQuery = {
    page: Number(params.get('page') ?? 1),
    pageSize: Number(params.get('pageSize') ?? 20),
    light: (params.get('light') as Light | null) ?? undefined,
    state: (params.get('state') as TaskState | null) ?? undefined,
  };
  const tasks = useTaskList(query, true);
  // what the unit owes, counted by the API over all its tasks (not just this page)
  const summary = useQuery({ queryKey: ['dashboard', 'mine'], queryFn: () => unwrap(api.GET('/dashboard', {})) });
  const sign = useSignTasks();

  const setFilter = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete('page');
    setParams(next);
  };
  const signTasks = async (ids: string[]) => {
    try {
      const count = await sign.mutateAsync(ids);
      message.success(`已签收 ${count} 项任务`);
      setSelected([]);
    } catch (error) {
      message.error(error instanceof ApiError ? error.message : '签收失败，请稍后重试');
    }
  };

  if (tasks.isError) return <QueryFailure error={tasks.error} onRetry={() => void tasks.refetch()} />;
  const items = tasks.data?.items ?? [];
  const unsignedOnPage = items.filter((task) => !task.signedAt).map((task) => task.id);
  const totals = summary.data?.totals;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>我的任务</Typography.Title>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}><Card size="small" loading={summary.isPending}><Statistic title="任务总数" value={totals?.tasks ?? 0} suffix="项" /></Card></Col>
        <Col xs={12} md={6}><Card size="small" loading={summary.isPending}><Statistic title={`${summary.data?.reportPeriod ?? ''} 期未报送`} value={totals?.reportMissing ?? 0} suffix="项" /></Card></Col>
        <Col xs={12} md={6}><Card size="small" loading={summary.isPending}><Statistic title="超期未签收" value={totals?.receiptOverdue ?? 0} suffix="项" /></Card></Col>
        <Col xs={12} md={6}><Card size="small" loading={summary.isPending}><Statistic title="逾期" value={totals?.overdue ?? 0} suffix="项" /></Card></Col>
      </Row>
      <Space wrap>
        <Select
          aria-label="按红黄绿灯筛选"
          placeholder="红黄绿灯"
          allowClear
          style={{ width: 130 }}
          value={query.light}
          onChange={(value) => setFilter('light', value)}
          options={(Object.keys(LIGHTS) as Light[]).map((light) => ({ value: light, label: LIGHTS[light].word }))}
        />
        <Select
          aria-label="按状态筛选"
          placeholder="任务状态"
          allowClear
          style={{ width: 150 }}
          value={query.state}
          onChange={(value) => setFilter('state', value)}
          options={(Object.keys(TASK_STATE_LABELS) as TaskState[]).map((state) => ({ value: state, label: TASK_STATE_LABELS[state] }))}
        />
        <Button type="primary" disabled={selected.length === 0} loading={sign.isPending} onClick={() => void signTasks(selected)}>
          签收所选（{selected.length}）
        </Button>
        <Button disabled={unsignedOnPage.length === 0} loading={sign.isPending} onClick={() => void signTasks(unsignedOnPage)}>
          签收本页全部待签收（{unsignedOnPage.length}）
        </Button>
      </Space>
      <TaskTable
        items={items}
        total={tasks.data?.total ?? 0}
        page={query.page ?? 1}
        pageSize={query.pageSize ?? 20}
        loading={tasks.isPending}
        showMyRole
        emptyText={query.light || query.state ? '没有符合筛选条件的任务，请清除筛选' : '本单位暂无交办任务。统筹办交办文件后，任务会出现在这里'}
        selectable={{ selected, onChange: setSelected, canSelect: (task) => !task.signedAt }}
        onPage={(page, pageSize) => {
          const next = new URLSearchParams(params);
          next.set('page', String(page));
          next.set('pageSize', String(pageSize));
          setParams(next);
        }}
      />
    </Space>
  );
}
