import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Segmented, Space, Statistic, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { components } from '@/api/schema';
import { PageSkeleton, QueryFailure } from '@/components/StatusPages';
import { DocumentPicker, MeasurePicker, UnitPicker } from '@/features/catalog/components/Pickers';
import { taskListHref } from '@/features/tasks/task-filters';
import { api, unwrap } from '@/lib/api-client';
import { useUrlFilters } from '@/lib/url-state';
import { formatDate } from '@/lib/dates';
import { LIGHTS, NOTICE_LEVEL_LABELS, type Light } from '@/lib/labels';
import { EChart } from '@/components/EChart';

type Dashboard = components['schemas']['DashboardDto'];
type UnitRow = components['schemas']['DashboardUnitRowDto'];
type Ranking = 'overdue' | 'lagging' | 'completion';

const STATE_COLORS: Record<string, string> = {
  not_started: '#bfbfbf',
  in_progress: '#1677ff',
  submitted_done: '#722ed1',
  completed: '#52c41a',
  not_applicable: '#d9d9d9',
};
const LIGHT_COLORS: Record<Light, string> = { red: '#cf1322', yellow: '#d48806', green: '#389e0d' };

function completionOf(row: UnitRow): number {
  const completed = row.asLead.byState.find((state) => state.state === 'completed')?.count ?? 0;
  return row.asLead.tasks === 0 ? 0 : Math.round((completed / row.asLead.tasks) * 100);
}

type Filters = Record<string, string | undefined>;

/**
 * A number that opens the task list behind it (the dashboard's filters carried along). Most count
 * tasks (项); the 督办 numbers count notices (件) and open the tasks that carry them, which can be
 * fewer (a task may have two notices).
 */
function TaskLink({ filters, value, label, counts = 'tasks' }: { filters: Filters; value: number; label: string; counts?: 'tasks' | 'notices' }) {
  const words = counts === 'tasks' ? `${value} 项，查看任务` : `${value} 件，查看涉及的任务`;
  return (
    <Link to={taskListHref(filters)} aria-label={`${label} ${words}`}>
      {value}
    </Link>
  );
}

/** A statistic whose number is a TaskLink (`label` names it for screen readers; default the title). */
function LinkedStat({
  title,
  value,
  filters,
  label = title,
  counts,
}: {
  title: string;
  value: number;
  filters: Filters;
  label?: string;
  counts?: 'tasks' | 'notices';
}) {
  return (
    <Statistic
      title={title}
      value={value}
      suffix={counts === 'notices' ? '件' : undefined}
      formatter={() => <TaskLink filters={filters} value={value} label={label} counts={counts} />}
    />
  );
}

/** The office's and leaders' overview of published tasks, by state, light and unit. */
export function DashboardPage() {
  const { get, update: setFilter } = useUrlFilters();
  const filters = { documentId: get('documentId'), measureId: get('measureId'), unitId: get('unitId') };
  const dashboard = useQuery({ queryKey: ['dashboard', filters], queryFn: () => unwrap(api.GET('/dashboard', { params: { query: filters } })) });

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap align="baseline" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          总览
        </Typography.Title>
        {dashboard.data && (
          <Typography.Text type="secondary">
            统计日期 {formatDate(dashboard.data.asOf)} · 本期 {dashboard.data.period}
            {dashboard.data.lightsPending && ' · 今日红黄绿灯正在计算，暂按上述日期显示，请稍后刷新'}
          </Typography.Text>
        )}
      </Space>
      <Space wrap>
        <DocumentPicker
          label="按文件筛选"
          placeholder="全部文件"
          width={260}
          publishedOnly
          value={filters.documentId}
          onChange={(documentId) => setFilter({ documentId, measureId: undefined })}
        />
        <MeasurePicker
          label="按措施筛选"
          placeholder="全部措施"
          documentId={filters.documentId}
          value={filters.measureId}
          onChange={(measureId) => setFilter({ measureId })}
        />
        <UnitPicker label="按单位筛选" placeholder="全部单位" width={200} value={filters.unitId} onChange={(unitId) => setFilter({ unitId })} />
      </Space>
      {dashboard.isPending ? (
        <PageSkeleton />
      ) : dashboard.isError ? (
        <QueryFailure error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      ) : (
        <DashboardBody data={dashboard.data} filters={filters} />
      )}
    </Space>
  );
}

function DashboardBody({ data, filters }: { data: Dashboard; filters: Filters }) {
  const navigate = useNavigate();
  const [ranking, setRanking] = useState<Ranking>('overdue');
  const totals = data.totals;
  const go = (extra: Record<string, string>) => void navigate(taskListHref({ ...filters, ...extra }));

  const donut = useMemo(
    () => ({
      tooltip: { trigger: 'item', formatter: '{b}：{c} 项（{d}%）' },
      legend: { bottom: 0, type: 'scroll' },
      series: [
        {
          type: 'pie',
          radius: ['45%', '70%'],
          center: ['50%', '45%'],
          label: { formatter: '{b}\n{c}' },
          data: totals.byState
            .filter((state) => state.count > 0)
            .map((state) => ({ name: state.label, value: state.count, itemStyle: { color: STATE_COLORS[state.state] } })),
        },
      ],
    }),
    [totals],
  );
  const rows = useMemo(() => {
    const sorted = [...data.byUnit];
    if (ranking === 'overdue') sorted.sort((a, b) => b.asLead.overdue - a.asLead.overdue || a.unitName.localeCompare(b.unitName, 'zh'));
    if (ranking === 'lagging') sorted.sort((a, b) => b.asLead.lagging - a.asLead.lagging || a.unitName.localeCompare(b.unitName, 'zh'));
    if (ranking === 'completion') sorted.sort((a, b) => completionOf(b) - completionOf(a) || a.unitName.localeCompare(b.unitName, 'zh'));
    return sorted.slice(0, 15);
  }, [data.byUnit, ranking]);
  const bars = useMemo(() => {
    const value = (row: UnitRow) => (ranking === 'overdue' ? row.asLead.overdue : ranking === 'lagging' ? row.asLead.lagging : completionOf(row));
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, max: ranking === 'completion' ? 100 : undefined },
      yAxis: { type: 'category', inverse: true, data: rows.map((row) => row.unitName) },
      series: [
        {
          type: 'bar',
          name: ranking === 'overdue' ? '逾期（项）' : ranking === 'lagging' ? '滞后（项）' : '办结率（%）',
          data: rows.map(value),
          itemStyle: { color: ranking === 'completion' ? '#389e0d' : '#cf1322' },
          label: { show: true, position: 'right' },
        },
      ],
    };
  }, [rows, ranking]);

  if (totals.tasks === 0) {
    return (
      <Card>
        <Typography.Paragraph>范围内还没有已交办的任务。请在“文件导入”中导入文件并交办，或调整上方筛选。</Typography.Paragraph>
      </Card>
    );
  }
  /** A per-unit column of the ranking table: the unit's lead tasks counted by `count`, linked to that list. */
  const unitCount = (
    title: string,
    key: string,
    count: (row: UnitRow) => number,
    { extra, sortable = false }: { extra: Record<string, string>; sortable?: boolean },
  ) => ({
    title,
    key,
    sorter: sortable ? (a: UnitRow, b: UnitRow) => count(a) - count(b) : undefined,
    render: (_: unknown, row: UnitRow) => (
      <TaskLink filters={{ ...filters, unitId: row.unitId, role: 'lead', ...extra }} value={count(row)} label={`${row.unitName}${title}`} />
    ),
  });
  const stat = (title: string, value: number, extra: Record<string, string>) => (
    <Card size="small">
      <LinkedStat title={title} value={value} filters={{ ...filters, ...extra }} />
    </Card>
  );
  return (
    <>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6} lg={4}>
          {stat('已交办任务', totals.tasks, {})}
        </Col>
        <Col xs={12} md={6} lg={4}>
          {stat('逾期', totals.overdue, { overdue: 'true' })}
        </Col>
        {(Object.keys(LIGHTS) as Light[]).map((light) => (
          <Col key={light} xs={8} md={4} lg={3}>
            <Card size="small" style={{ borderTop: `3px solid ${LIGHT_COLORS[light]}` }}>
              <LinkedStat title={LIGHTS[light].word} value={totals.lights[light]} filters={{ ...filters, light }} />
            </Card>
          </Col>
        ))}
        <Col xs={12} md={6} lg={3}>
          {stat(`${data.reportPeriod} 期未报送`, totals.reportMissing, { reportMissing: 'true' })}
        </Col>
        <Col xs={12} md={6} lg={3}>
          {stat('超期未签收', totals.receiptOverdue, { receiptOverdue: 'true' })}
        </Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={9}>
          <Card size="small" title="任务状态">
            <EChart
              option={donut}
              height={280}
              label={`任务状态：${totals.byState.map((s) => `${s.label}${s.count}项`).join('，')}`}
              onClick={({ dataIndex }) => {
                const state = totals.byState.filter((s) => s.count > 0)[dataIndex];
                if (state) go({ state: state.state });
              }}
            />
            <Space wrap size="small">
              {totals.byState.map((state) => (
                <span key={state.state}>
                  {state.label} <TaskLink filters={{ ...filters, state: state.state }} value={state.count} label={state.label} />
                </span>
              ))}
            </Space>
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card
            size="small"
            title="单位排行（牵头任务）"
            extra={
              <Segmented
                size="small"
                aria-label="排序依据"
                value={ranking}
                onChange={(value) => setRanking(value as Ranking)}
                options={[
                  { value: 'overdue', label: '逾期' },
                  { value: 'lagging', label: '滞后' },
                  { value: 'completion', label: '办结率' },
                ]}
              />
            }
          >
            <EChart
              option={bars}
              height={Math.max(200, rows.length * 26)}
              label="单位排行"
              onClick={({ dataIndex }) => {
                const row = rows[dataIndex];
                // the bar's own number: a unit's overdue, lagging or (for the completion rate) all its lead tasks
                if (row)
                  go({ unitId: row.unitId, role: 'lead', ...(ranking === 'overdue' ? { overdue: 'true' } : ranking === 'lagging' ? { lagging: 'true' } : {}) });
              }}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} md={12}>
          <Card size="small" title="未办结督办（件）">
            <Space wrap size="large">
              {(['red', 'yellow', 'blue'] as const).map((level) => (
                <LinkedStat
                  key={level}
                  title={NOTICE_LEVEL_LABELS[level]}
                  value={totals.openNotices[level]}
                  filters={{ ...filters, noticeLevel: level }}
                  label={`未办结${NOTICE_LEVEL_LABELS[level]}`}
                  counts="notices"
                />
              ))}
              <LinkedStat
                title="超期未反馈"
                value={totals.noticesReplyOverdue}
                filters={{ ...filters, noticeReplyOverdue: 'true' }}
                label="督办超期未反馈"
                counts="notices"
              />
            </Space>
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title="待审核事项" extra={<Link to="/review">去审核</Link>}>
            <Space wrap size="large">
              <Statistic
                title="进展报告"
                value={totals.pendingReview.reports}
                formatter={() => (
                  <Link to="/review" aria-label={`待审核进展报告 ${totals.pendingReview.reports} 份，去审核`}>
                    {totals.pendingReview.reports}
                  </Link>
                )}
              />
              <LinkedStat title="办结申请" value={totals.pendingReview.completions} filters={{ ...filters, state: 'submitted_done' }} />
              <LinkedStat title="延期申请" value={totals.pendingReview.extensions} filters={{ ...filters, extensionPending: 'true' }} label="待审批延期申请" />
            </Space>
          </Card>
        </Col>
      </Row>
      <Card size="small" title="各单位情况">
        <Table<UnitRow>
          size="small"
          rowKey="unitId"
          dataSource={data.byUnit}
          pagination={{ pageSize: 10, showTotal: (n) => `共 ${n} 个单位` }}
          scroll={{ x: 760 }}
          columns={[
            { title: '单位', dataIndex: 'unitName', fixed: 'left', width: 150 },
            // the unit's lead tasks (role=lead): the counts in this table are of those
            unitCount('牵头任务', 'tasks', (row) => row.asLead.tasks, { extra: {} }),
            unitCount('逾期', 'overdue', (row) => row.asLead.overdue, { extra: { overdue: 'true' }, sortable: true }),
            unitCount('红灯', 'red', (row) => row.asLead.lights.red, { extra: { light: 'red' }, sortable: true }),
            unitCount('黄灯', 'yellow', (row) => row.asLead.lights.yellow, { extra: { light: 'yellow' } }),
            unitCount('滞后', 'lagging', (row) => row.asLead.lagging, { extra: { lagging: 'true' }, sortable: true }),
            unitCount('未报送', 'missing', (row) => row.asLead.reportMissing, { extra: { reportMissing: 'true' } }),
            {
              title: '办结率',
              key: 'completion',
              sorter: (a, b) => completionOf(a) - completionOf(b),
              render: (_, row) => (
                <Link
                  to={taskListHref({ ...filters, unitId: row.unitId, role: 'lead', state: 'completed' })}
                  aria-label={`${row.unitName}办结率 ${completionOf(row)}%，查看已办结任务`}
                >
                  {completionOf(row)}%
                </Link>
              ),
            },
            {
              title: '配合任务',
              key: 'co',
              render: (_, row) => <TaskLink filters={{ ...filters, unitId: row.unitId, role: 'co' }} value={row.coTasks} label={`${row.unitName}配合任务`} />,
            },
          ]}
        />
      </Card>
    </>
  );
}
