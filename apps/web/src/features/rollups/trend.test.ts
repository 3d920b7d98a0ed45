import { describe, expect, it } from 'vitest';
import type { Rollup } from './api/rollups';
import { trendPointOf } from './components/TrendChart';

const row = (unitId: string, counts: { total: number; completed: number; notApplicable: number; overdue: number; lagging: number }) => ({
  unitId,
  unitName: unitId,
  unreportedTasks: 0,
  notStarted: 0,
  inProgress: 0,
  submittedDone: 0,
  completionRate: null,
  rank: null,
  ...counts,
});

describe('the rollup trend', () => {
  it('sums a period over its units; the rate leaves out tasks that do not apply', () => {
    const rollup = {
      rollup: {
        id: 'r',
        cadence: 'monthly',
        period: '2026-11',
        label: '2026年11月',
        periodStart: '2026-11-01',
        periodEnd: '2026-11-30',
        builtAt: '',
        taskCount: 7,
      },
      units: [
        row('a', { total: 4, completed: 1, notApplicable: 0, overdue: 1, lagging: 2 }),
        row('b', { total: 3, completed: 1, notApplicable: 1, overdue: 1, lagging: 1 }),
      ],
    } as Rollup;
    expect(trendPointOf(rollup)).toEqual({ label: '2026年11月', completionRate: 33.3, overdue: 2, lagging: 3 });
    expect(trendPointOf({ ...rollup, units: [] })).toEqual({ label: '2026年11月', completionRate: null, overdue: 0, lagging: 0 });
  });
});
