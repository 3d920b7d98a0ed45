import { useQueries } from '@tanstack/react-query';
import { Empty, Skeleton } from 'antd';
import { useMemo } from 'react';
import { EChart } from '@/components/EChart';
import { api, unwrap } from '@/lib/api-client';
import type { Cadence, Period, Rollup } from '../api/rollups';

/** How many periods the trend spans (a year of months). */
export const TREND_PERIODS = 12;

interface Point {
  label: string;
  completionRate: number | null;
  overdue: number;
  lagging: number;
}

/** One period's figures over every unit the caller may see (a bureau: its own row). */
export function trendPointOf(rollup: Rollup): Point {
  let applicable = 0;
  let completed = 0;
  let overdue = 0;
  let lagging = 0;
  for (const unit of rollup.units) {
    applicable += unit.total - unit.notApplicable;
    completed += unit.completed;
    overdue += unit.overdue;
    lagging += unit.lagging;
  }
  return { label: rollup.rollup.label, completionRate: applicable ? Math.round((completed / applicable) * 1000) / 10 : null, overdue, lagging };
}

function lineOption(points: Point[]) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 8, right: 8, top: 24, bottom: 40, containLabel: true },
    xAxis: { type: 'category', data: points.map((point) => point.label) },
    yAxis: [
      { type: 'value', name: '项', minInterval: 1 },
      { type: 'value', name: '%', max: 100, min: 0 },
    ],
    series: [
      { type: 'line', name: '办结率（%）', yAxisIndex: 1, data: points.map((point) => point.completionRate), itemStyle: { color: '#389e0d' } },
      { type: 'line', name: '逾期（项）', data: points.map((point) => point.overdue), itemStyle: { color: '#cf1322' } },
      { type: 'line', name: '滞后（项）', data: points.map((point) => point.lagging), itemStyle: { color: '#d48806' }, lineStyle: { type: 'dashed' } },
    ],
  };
}

/**
 * 办结率, 逾期 and 滞后 across the last periods: its own chunk (ECharts' line chart), loaded when the
 * trend is opened; each period's rollup is one cached request.
 */
export default function TrendChart({ cadence, periods, unitId }: { cadence: Cadence; periods: Period[]; unitId?: string }) {
  const shown = useMemo(() => periods.slice(0, TREND_PERIODS).reverse(), [periods]);
  const rollups = useQueries({
    queries: shown.map((period) => ({
      queryKey: ['rollups', cadence, period.period],
      queryFn: () => unwrap(api.GET('/rollups/{cadence}/{period}', { params: { path: { cadence, period: period.period } } })),
      staleTime: 5 * 60_000,
    })),
  });
  const ready = rollups.every((query) => query.data);
  const points = ready
    ? rollups.map((query) => {
        const rollup = query.data!;
        return trendPointOf(unitId ? { ...rollup, units: rollup.units.filter((unit) => unit.unitId === unitId) } : rollup);
      })
    : [];
  // the chart is redrawn when the figures change, not on every render (the query results are new objects each time)
  const signature = JSON.stringify(points);
  const option = useMemo(() => lineOption(JSON.parse(signature) as Point[]), [signature]);
  if (shown.length < 2) return <Empty description="至少需要两个周期的汇总才能显示趋势" />;
  if (!ready) return <Skeleton active />;
  const summary = points.map((point) => `${point.label}：办结率${point.completionRate ?? '—'}%，逾期${point.overdue}项，滞后${point.lagging}项`).join('；');
  return <EChart option={option} height={320} label={`趋势：${summary}`} />;
}
