import { Card, Empty, Select, Segmented, Space, Table, Tabs, Tag, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import { PageSkeleton, QueryFailure } from '@/components/StatusPages';
import { UnitPicker } from '@/features/catalog/components/Pickers';
import { formatDate } from '@/lib/dates';
import { useUrlFilters } from '@/lib/url-state';
import { useCurrentUser } from '@/lib/use-session';
import {
  CADENCE_LABELS,
  usePeriods,
  useRollup,
  useRollupMeasures,
  useRollupTasks,
  type Cadence,
  type RollupMeasureRow,
  type RollupTaskRow,
  type RollupUnitRow,
} from '../api/rollups';
import { ComparePanel } from '../components/ComparePanel';
import { LedgerButton } from '../components/LedgerButton';

// ECharts' line chart is its own chunk, fetched when the trend tab opens
const TrendChart = lazy(() => import('../components/TrendChart'));

const CADENCES = Object.keys(CADENCE_LABELS) as Cadence[];
const TABS = ['units', 'measures', 'tasks', 'trend', 'compare'] as const;
type Tab = (typeof TABS)[number];

/** The rollup's lagging reasons are codes: the words a user reads. */
const LAGGING_REASONS: Record<string, string> = { REPORT_MISSING: '进展未报送', PROGRESS_BEHIND: '进度落后于时间' };

const rate = (value: number | null) => (value === null ? '—' : `${value}%`);

/** 调度汇总: a closed period's figures by unit and measure, its overdue and lagging tasks, the trend, two periods compared, the 台账. */
export function RollupPage() {
  const { get, update } = useUrlFilters();
  const user = useCurrentUser()!;
  const cadence = (CADENCES as string[]).includes(get('cadence') ?? '') ? (get('cadence') as Cadence) : 'monthly';
  const tab: Tab = (TABS as readonly string[]).includes(get('tab') ?? '') ? (get('tab') as Tab) : 'units';
  const periods = usePeriods(cadence);
  const period = get('period') ?? periods.data?.[0]?.period;
  const rollup = useRollup(cadence, period);
  const periodOptions = (periods.data ?? []).map((item) => ({ value: item.period, label: item.label }));

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap align="baseline" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          调度汇总
        </Typography.Title>
        {rollup.data && (
          <Typography.Text type="secondary">
            {rollup.data.rollup.label}（{formatDate(rollup.data.rollup.periodStart)}—{formatDate(rollup.data.rollup.periodEnd)}），共{' '}
            {rollup.data.rollup.taskCount} 项任务
          </Typography.Text>
        )}
      </Space>
      <Space wrap>
        <Segmented
          aria-label="调度周期类型"
          value={cadence}
          onChange={(value) => update({ cadence: value === 'monthly' ? undefined : value, period: undefined, from: undefined })}
          options={CADENCES.map((value) => ({ value, label: CADENCE_LABELS[value] }))}
        />
        <Select
          aria-label="选择周期"
          placeholder="周期"
          style={{ width: 180 }}
          loading={periods.isPending}
          value={period}
          onChange={(value: string) => update({ period: value })}
          options={periodOptions}
          notFoundContent="暂无已生成的汇总"
        />
        <LedgerButton filters={user.role === 'bureau' && user.unitId ? { unitId: user.unitId } : {}} />
      </Space>
      {periods.isError ? (
        <QueryFailure error={periods.error} onRetry={() => void periods.refetch()} />
      ) : periods.isPending ? (
        <PageSkeleton />
      ) : !period ? (
        <Card>
          <Empty description="还没有已生成的调度汇总。每个调度周期结束后，系统会自动生成该周期的汇总。" />
        </Card>
      ) : (
        <Tabs
          activeKey={tab}
          onChange={(key) => update({ tab: key === 'units' ? undefined : key })}
          items={[
            {
              key: 'units',
              label: '单位排名',
              children: rollup.isError ? <QueryFailure error={rollup.error} /> : <UnitRanking rows={rollup.data?.units} loading={rollup.isPending} />,
            },
            { key: 'measures', label: '按措施', children: <MeasureTable cadence={cadence} period={period} /> },
            { key: 'tasks', label: '逾期与滞后任务', children: <TaskTable cadence={cadence} period={period} /> },
            {
              key: 'trend',
              label: '趋势',
              children: (
                <Card size="small" title={`近 ${Math.min(12, periods.data.length)} 个周期`}>
                  <Suspense fallback={<PageSkeleton />}>
                    <TrendChart cadence={cadence} periods={periods.data} />
                  </Suspense>
                </Card>
              ),
            },
            { key: 'compare', label: '周期对比', children: <ComparePanel cadence={cadence} to={period} options={periodOptions} /> },
          ]}
        />
      )}
    </Space>
  );
}

function UnitRanking({ rows, loading }: { rows: RollupUnitRow[] | undefined; loading: boolean }) {
  const sorted = [...(rows ?? [])].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.unitName.localeCompare(b.unitName, 'zh'));
  return (
    <Table<RollupUnitRow>
      size="small"
      rowKey="unitId"
      loading={loading}
      dataSource={sorted}
      pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 个单位` }}
      scroll={{ x: 760 }}
      locale={{ emptyText: <Empty description="该周期没有单位的任务" /> }}
      columns={[
        { title: '排名', dataIndex: 'rank', width: 60, render: (rank: number | null) => rank ?? '—' },
        { title: '单位', dataIndex: 'unitName', width: 160, fixed: 'left' },
        { title: '任务', dataIndex: 'total', width: 70 },
        { title: '已办结', dataIndex: 'completed', width: 80 },
        { title: '办结率', dataIndex: 'completionRate', width: 80, sorter: (a, b) => (a.completionRate ?? -1) - (b.completionRate ?? -1), render: rate },
        {
          title: '逾期',
          dataIndex: 'overdue',
          width: 70,
          sorter: (a, b) => a.overdue - b.overdue,
          render: (n: number) => (n > 0 ? <Tag color="red">{n} 项</Tag> : n),
        },
        {
          title: '滞后',
          dataIndex: 'lagging',
          width: 70,
          sorter: (a, b) => a.lagging - b.lagging,
          render: (n: number) => (n > 0 ? <Tag color="gold">{n} 项</Tag> : n),
        },
        { title: '未报送', dataIndex: 'unreportedTasks', width: 80 },
      ]}
    />
  );
}

function MeasureTable({ cadence, period }: { cadence: Cadence; period: string }) {
  const { get, update } = useUrlFilters();
  const page = Number(get('mpage') ?? 1);
  const measures = useRollupMeasures(cadence, period, page);
  if (measures.isError) return <QueryFailure error={measures.error} onRetry={() => void measures.refetch()} />;
  return (
    <Table<RollupMeasureRow>
      size="small"
      rowKey="measureId"
      loading={measures.isFetching}
      dataSource={measures.data?.items}
      scroll={{ x: 900 }}
      pagination={{
        current: page,
        pageSize: 20,
        total: measures.data?.total ?? 0,
        onChange: (next) => update({ mpage: String(next), tab: 'measures' }),
        showTotal: (n) => `共 ${n} 项措施`,
      }}
      locale={{ emptyText: <Empty description="该周期没有措施的汇总" /> }}
      columns={[
        { title: '编号', dataIndex: 'measureNumber', width: 70 },
        {
          title: '措施',
          dataIndex: 'measureTitle',
          render: (title: string, row) => <Link to={`/task-list?measureId=${row.measureId}&documentId=${row.documentId}`}>{title}</Link>,
        },
        { title: '牵头单位', dataIndex: 'leadUnitName', width: 150, render: (name: string | null) => name ?? '—' },
        { title: '任务', dataIndex: 'total', width: 60 },
        { title: '办结率', dataIndex: 'completionRate', width: 80, render: rate },
        { title: '逾期', dataIndex: 'overdue', width: 60 },
        { title: '滞后', dataIndex: 'lagging', width: 60 },
        { title: '未报送单位', dataIndex: 'unreportedUnitNames', width: 200, render: (names: string[]) => (names.length ? names.join('、') : '—') },
      ]}
    />
  );
}

function TaskTable({ cadence, period }: { cadence: Cadence; period: string }) {
  const { get, update } = useUrlFilters();
  const page = Number(get('tpage') ?? 1);
  const kind = get('kind') === 'overdue' || get('kind') === 'lagging' ? (get('kind') as 'overdue' | 'lagging') : undefined;
  const unitId = get('unitId');
  const tasks = useRollupTasks(cadence, period, { page, kind, unitId });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented
          aria-label="逾期或滞后"
          value={kind ?? 'all'}
          onChange={(value) => update({ kind: value === 'all' ? undefined : value, tab: 'tasks' })}
          options={[
            { value: 'all', label: '全部' },
            { value: 'overdue', label: '逾期' },
            { value: 'lagging', label: '滞后' },
          ]}
        />
        <UnitPicker label="按单位筛选" placeholder="全部单位" value={unitId} onChange={(next) => update({ unitId: next, tab: 'tasks' })} />
      </Space>
      {tasks.isError ? (
        <QueryFailure error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : (
        <Table<RollupTaskRow>
          size="small"
          rowKey="taskId"
          loading={tasks.isFetching}
          dataSource={tasks.data?.items}
          scroll={{ x: 900 }}
          pagination={{
            current: page,
            pageSize: 20,
            total: tasks.data?.total ?? 0,
            onChange: (next) => update({ tpage: String(next), tab: 'tasks' }),
            showTotal: (n) => `共 ${n} 项`,
          }}
          locale={{ emptyText: <Empty description="该周期末没有逾期或滞后的任务" /> }}
          columns={[
            { title: '编号', dataIndex: 'measureNumber', width: 70 },
            { title: '任务', dataIndex: 'title', render: (title: string, row) => <Link to={`/task/${row.taskId}`}>{title}</Link> },
            { title: '牵头单位', dataIndex: 'leadUnitName', width: 150, render: (name: string | null) => name ?? '—' },
            { title: '完成时限', dataIndex: 'dueDate', width: 110, render: (due: string | null) => (due ? formatDate(due) : '长期') },
            {
              title: '逾期',
              dataIndex: 'overdueDays',
              width: 90,
              render: (days: number | null, row) => (row.overdue ? <Tag color="red">逾期 {days ?? 0} 天</Tag> : '—'),
            },
            {
              title: '滞后',
              dataIndex: 'laggingDays',
              width: 200,
              render: (days: number | null, row) =>
                row.lagging ? (
                  <Tag color="gold">
                    滞后{days != null ? ` ${days} 天` : ''}
                    {row.laggingReason ? `：${LAGGING_REASONS[row.laggingReason] ?? '进度滞后'}` : ''}
                  </Tag>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      )}
    </Space>
  );
}
