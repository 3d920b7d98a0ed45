import { Card, Col, Empty, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { QueryFailure, PageSkeleton } from '@/components/StatusPages';
import { useUrlFilters } from '@/lib/url-state';
import { useComparison, type Cadence, type Comparison } from '../api/rollups';

type UnitMovement = Comparison['units'][number];
type TaskMovement = Comparison['tasks'][number];

const MOVEMENT_LABELS: Record<string, { word: string; color: string }> = {
  newly_overdue: { word: '新增逾期', color: 'red' },
  newly_lagging: { word: '新增滞后', color: 'gold' },
  recovered: { word: '已好转', color: 'green' },
};

/** A change with its sign and a word, so the direction never depends on colour alone. */
function Change({ value, unit, betterWhenUp }: { value: number | null; unit: string; betterWhenUp: boolean }) {
  if (value === null) return <>—</>;
  if (value === 0) return <>持平</>;
  const better = value > 0 === betterWhenUp;
  return (
    <Typography.Text type={better ? 'success' : 'danger'}>
      {value > 0 ? '+' : ''}
      {value}
      {unit}（{better ? '好转' : '变差'}）
    </Typography.Text>
  );
}

/** 周期对比: the chosen period against an earlier one, unit by unit, and the tasks that moved. */
export function ComparePanel({ cadence, to, options }: { cadence: Cadence; to: string; options: { value: string; label: string }[] }) {
  const { get, update } = useUrlFilters();
  const earlier = options.filter((option) => option.value < to);
  const from = get('from') && get('from')! < to ? get('from') : earlier[0]?.value;
  const comparison = useComparison(cadence, from, to);

  if (earlier.length === 0) return <Empty description="没有更早的周期可供对比" />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <label htmlFor="compare-from">对比周期</label>
        <Select
          id="compare-from"
          aria-label="对比周期"
          style={{ width: 180 }}
          value={from}
          onChange={(value: string) => update({ from: value, tab: 'compare' })}
          options={earlier}
        />
        <span>→ {options.find((option) => option.value === to)?.label}</span>
      </Space>
      {comparison.isError ? (
        <QueryFailure error={comparison.error} onRetry={() => void comparison.refetch()} />
      ) : comparison.isPending ? (
        <PageSkeleton />
      ) : (
        <>
          <Row gutter={[12, 12]}>
            <Col xs={8}>
              <Card size="small">
                <Statistic title="新增逾期" value={comparison.data.taskCounts.newlyOverdue} suffix="项" />
              </Card>
            </Col>
            <Col xs={8}>
              <Card size="small">
                <Statistic title="新增滞后" value={comparison.data.taskCounts.newlyLagging} suffix="项" />
              </Card>
            </Col>
            <Col xs={8}>
              <Card size="small">
                <Statistic title="已好转" value={comparison.data.taskCounts.recovered} suffix="项" />
              </Card>
            </Col>
          </Row>
          <Table<UnitMovement>
            size="small"
            rowKey="unitId"
            dataSource={comparison.data.units}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 700 }}
            columns={[
              {
                title: '单位',
                dataIndex: 'unitName',
                width: 160,
                render: (name: string, row) =>
                  row.slipped ? (
                    <span>
                      {name} <Tag color="red">退步</Tag>
                    </span>
                  ) : (
                    name
                  ),
              },
              { title: '办结率变化', dataIndex: 'completionRateChange', render: (value: number | null) => <Change value={value} unit="%" betterWhenUp /> },
              { title: '逾期变化', dataIndex: 'overdueChange', render: (value: number) => <Change value={value} unit="项" betterWhenUp={false} /> },
              { title: '滞后变化', dataIndex: 'laggingChange', render: (value: number) => <Change value={value} unit="项" betterWhenUp={false} /> },
              { title: '排名变化', dataIndex: 'rankChange', render: (value: number | null) => <Change value={value} unit="位" betterWhenUp /> },
            ]}
          />
          <Table<TaskMovement>
            size="small"
            rowKey={(row) => `${row.taskId}-${row.movement}`}
            dataSource={comparison.data.tasks}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (n) => `共 ${n} 项` }}
            scroll={{ x: 700 }}
            locale={{ emptyText: <Empty description="两个周期之间没有任务变为逾期、滞后或好转" /> }}
            columns={[
              {
                title: '变化',
                dataIndex: 'movement',
                width: 100,
                render: (movement: string) => <Tag color={MOVEMENT_LABELS[movement]?.color}>{MOVEMENT_LABELS[movement]?.word ?? '变化'}</Tag>,
              },
              { title: '编号', dataIndex: 'measureNumber', width: 70 },
              { title: '任务', dataIndex: 'title', render: (title: string, row) => <Link to={`/task/${row.taskId}`}>{title}</Link> },
              { title: '牵头单位', dataIndex: 'leadUnitName', width: 150, render: (name: string | null) => name ?? '—' },
            ]}
          />
        </>
      )}
    </Space>
  );
}
