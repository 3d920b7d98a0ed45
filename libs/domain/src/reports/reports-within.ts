import { addDays } from '../calendar/iso-date';
import { periodBounds, periodOf, REPORT_CADENCES, type ReportCadence } from './period';

/**
 * Which reports a rollup of `cadence`/`key` counts. A weekly or 旬 rollup covers its own cadence's
 * tasks. The monthly rollup (月调度) covers every task whatever its cadence: a task reporting weekly or
 * by 旬 has reported for the month when it reported for any of its periods ending in the month (a
 * week belongs to the month its Sunday falls in, so each week is counted once).
 */
export interface ReportsWithin {
  /** the cadences whose tasks the rollup covers */
  cadences: ReportCadence[];
  /** report period keys that count as a report for the rollup's period (keys of different cadences never collide) */
  keys: string[];
  /** per cadence, the last key counted: a task's latest report is its latest up to this key */
  lastKey: Partial<Record<ReportCadence, string>>;
}

export function reportsWithin(cadence: ReportCadence, key: string): ReportsWithin {
  if (cadence !== 'monthly') return { cadences: [cadence], keys: [key], lastKey: { [cadence]: key } };
  const { start, end } = periodBounds('monthly', key);
  const keys: string[] = [];
  const lastKey: Partial<Record<ReportCadence, string>> = {};
  for (const c of REPORT_CADENCES) {
    // walk the month's days; a period is counted on its last day
    for (let day = start; day <= end; day = addDays(day, 1)) {
      const period = periodOf(c, day);
      if (periodBounds(c, period).end !== day) continue;
      keys.push(period);
      lastKey[c] = period;
    }
  }
  return { cadences: [...REPORT_CADENCES], keys, lastKey };
}
