import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Col, Row, Space, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { QueryFailure } from '@/components/StatusPages';
import { api, unwrap } from '@/lib/api-client';
import { ApiError } from '@/lib/api-error';
import { useUrlFilters } from '@/lib/url-state';
import { useSignTasks, useTaskList } from '../api/tasks';
import { FlagFilters, LightFilter, StateFilter } from '../components/TaskFilters';
import { TaskTable } from '../components/TaskTable';
import { taskListQueryOf, type TaskFlag } from '../task-filters';

const FLAGS: TaskFlag[] = ['reportMissing', 'receiptOverdue', 'overdue', 'dueSoon'];

/** A count that opens the unit's own list with that filter. */
function CountLink({ flag, value, title }: { flag?: TaskFlag; value: number; title: string }) {
  return (
    <Link to={flag ? `/my-tasks?${flag}=true` : '/my-tasks'} aria-label={`${title} ${value} 项，查看任务`}>
      {value}
    </Link>
  );
}

/** 我的任务: the unit's tasks with lights and due dates, what is owed this period, and 签收. */
export function MyTasksPage() {
  const { message } = App.useApp();
  const { params, update } = useUrlFilters();
  const [selected, setSelected] = useState<string[]>([]);
  // the same URL filters as the office's list (the API limits /tasks/mine to the unit)
  const query = taskListQueryOf(params);
  const filtered = ['light', 'state', ...FLAGS].some((key) => params.has(key));
  const tasks = useTaskList(query, true);
  // what the unit owes, counted by the API over all its tasks (not just this page)
  const summary = useQuery({ queryKey: ['dashboard', 'mine'], queryFn: () => unwrap(api.GET('/dashboard', {})) });
  const sign = useSignTasks();

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
      <Typography.Title level={3} style={{ margin: 0 }}>
        我的任务
      </Typography.Title>
      <Row gutter={[12, 12]}>
        {(
          [
            [undefined, '任务总数', totals?.tasks],
            ['reportMissing', `${summary.data?.reportPeriod ?? ''} 期未报送`, totals?.reportMissing],
            ['receiptOverdue', '超期未签收', totals?.receiptOverdue],
            ['overdue', '逾期', totals?.overdue],
          ] as const
        ).map(([flag, title, value]) => (
          <Col key={title} xs={12} md={6}>
            <Card size="small" loading={summary.isPending}>
              <Statistic title={title} value={value ?? 0} suffix="项" formatter={() => <CountLink flag={flag} value={value ?? 0} title={title} />} />
            </Card>
          </Col>
        ))}
      </Row>
      <Space wrap>
        <LightFilter value={query.light} onChange={(light) => update({ light })} />
        <StateFilter value={query.state} onChange={(state) => update({ state })} />
        <FlagFilters flags={FLAGS} values={query} onChange={(flag, on) => update({ [flag]: on ? 'true' : undefined })} />
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
        emptyText={filtered ? '没有符合筛选条件的任务，请清除筛选' : '本单位暂无交办任务。统筹办交办文件后，任务会出现在这里'}
        selectable={{ selected, onChange: setSelected, canSelect: (task) => !task.signedAt }}
        onPage={(page, pageSize) => update({ page: String(page), pageSize: String(pageSize) })}
      />
    </Space>
  );
}
