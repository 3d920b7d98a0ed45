/**
 * Reporting periods (调度周期): the cycle in which every open task owes a progress report.
 *
 * Each cadence names its periods with a key that sorts in time order:
 * - monthly 月调度: '2022-05'
 * - weekly 周调度: ISO week '2022-W18' (Monday to Sunday; the year is the ISO week year)
 * - dekad 旬调度: '2022-05-1' / '-2' / '-3' = days 1–10 (上旬), 11–20 (中旬), 21–end (下旬)
 *
 * A period stays open for reports until its last day plus a grace of some days, so the
 * May report can still be filed on 5 June; after that the period is closed.
 */
import { addDays, daysBetween, endOfMonth, formatDateZh, isoDateParts, isoWeekOf, isoWeekStart, isoWeeksInYear, pad2 } from '../calendar';
import { DomainError } from '../errors/domain-error';

export const REPORT_CADENCES = ['monthly', 'weekly', 'dekad'] as const;
export type ReportCadence = (typeof REPORT_CADENCES)[number];

export const REPORT_CADENCE_LABELS_ZH: Record<ReportCadence, string> = {
  monthly: '月调度',
  weekly: '周调度',
  dekad: '旬调度',
};

/**
 * Suggested grace days per cadence, for the office's settings to start from. Monthly
 * reports are due by the 5th of the next month; the shorter cadences get a shorter grace
 * so that a period closes before the next one ends.
 */
export const DEFAULT_GRACE_DAYS: Record<ReportCadence, number> = {
  monthly: 5,
  weekly: 2,
  dekad: 3,
};

/** First and last day of a period, both inclusive ISO dates. */
export interface PeriodBounds {
  start: string;
  end: string;
}

/** What each cadence must know about its own keys. */
interface CadenceScheme {
  keyOf(iso: string): string;
  /** null when the key is not a well-formed key of this cadence */
  boundsOf(key: string): PeriodBounds | null;
  labelOf(key: string): string;
}

const DEKAD_NAMES_ZH = ['上旬', '中旬', '下旬'];

const MONTHLY: CadenceScheme = {
  keyOf(iso) {
    const { year, month } = isoDateParts(iso);
    return `${year}-${pad2(month)}`;
  },
  boundsOf(key) {
    const match = /^(\d{4})-(\d{2})$/.exec(key);
    if (!match || !isMonth(Number(match[2]))) return null;
    const start = `${key}-01`;
    return { start, end: endOfMonth(start) };
  },
  labelOf(key) {
    const [year, month] = key.split('-').map(Number);
    return `${year}年${month}月`;
  },
};

const WEEKLY: CadenceScheme = {
  keyOf(iso) {
    const { year, week } = isoWeekOf(iso);
    return `${year}-W${pad2(week)}`;
  },
  boundsOf(key) {
    const match = /^(\d{4})-W(\d{2})$/.exec(key);
    if (!match) return null;
    const [year, week] = [Number(match[1]), Number(match[2])];
    if (week < 1 || week > isoWeeksInYear(year)) return null;
    const start = isoWeekStart(year, week);
    return { start, end: addDays(start, 6) };
  },
  labelOf(key) {
    const [year, week] = key.split('-W').map(Number);
    return `${year}年第${week}周`;
  },
};

const DEKAD: CadenceScheme = {
  keyOf(iso) {
    const { year, month, day } = isoDateParts(iso);
    const dekad = Math.min(Math.ceil(day / 10), 3); // days 31 (and 21–30) are in the third
    return `${year}-${pad2(month)}-${dekad}`;
  },
  boundsOf(key) {
    const match = /^(\d{4})-(\d{2})-([123])$/.exec(key);
    if (!match || !isMonth(Number(match[2]))) return null;
    const dekad = Number(match[3]);
    const start = `${match[1]}-${match[2]}-${pad2((dekad - 1) * 10 + 1)}`;
    const end = dekad === 3 ? endOfMonth(start) : addDays(start, 9);
    return { start, end };
  },
  labelOf(key) {
    const [year, month, dekad] = key.split('-').map(Number);
    return `${year}年${month}月${DEKAD_NAMES_ZH[dekad - 1]}`;
  },
};

const SCHEMES: Record<ReportCadence, CadenceScheme> = {
  monthly: MONTHLY,
  weekly: WEEKLY,
  dekad: DEKAD,
};

/** The key of the period `isoDate` falls in. */
export function periodOf(cadence: ReportCadence, isoDate: string): string {
  return SCHEMES[cadence].keyOf(isoDate);
}

/**
 * First and last day of a period. Throws a validation DomainError (HTTP 400) when `key`
 * is not a key of that cadence, since keys arrive in URLs and request bodies.
 */
export function periodBounds(cadence: ReportCadence, key: string): PeriodBounds {
  const bounds = SCHEMES[cadence].boundsOf(key);
  if (!bounds) {
    throw new DomainError('invalid', 'REPORT_PERIOD_INVALID', `调度周期“${key}”不是有效的${REPORT_CADENCE_LABELS_ZH[cadence]}周期`, { cadence, key });
  }
  return bounds;
}

export function previousPeriod(cadence: ReportCadence, key: string): string {
  return periodOf(cadence, addDays(periodBounds(cadence, key).start, -1));
}

export function nextPeriod(cadence: ReportCadence, key: string): string {
  return periodOf(cadence, addDays(periodBounds(cadence, key).end, 1));
}

/** Negative when period `a` comes before `b`, 0 when they are the same period. */
export function comparePeriods(cadence: ReportCadence, a: string, b: string): number {
  return daysBetween(periodBounds(cadence, b).start, periodBounds(cadence, a).start);
}

/** 2022年5月, 2022年第18周, 2022年5月上旬. */
export function periodLabelZh(cadence: ReportCadence, key: string): string {
  periodBounds(cadence, key); // validates the key
  return SCHEMES[cadence].labelOf(key);
}

/** The last day a report for the period is accepted: its end plus the grace days. */
export function reportDueDate(cadence: ReportCadence, key: string, graceDays: number): string {
  assertGraceDays(graceDays);
  return addDays(periodBounds(cadence, key).end, graceDays);
}

/** True once the report due date has passed: no more reports for this period. */
export function isPeriodClosed(cadence: ReportCadence, key: string, todayIso: string, graceDays: number): boolean {
  return daysBetween(reportDueDate(cadence, key, graceDays), todayIso) > 0;
}

/**
 * The most recent period that is closed on `todayIso`, i.e. the latest period for which a
 * missing report is final.
 */
export function latestClosedPeriod(cadence: ReportCadence, todayIso: string, graceDays: number): string {
  assertGraceDays(graceDays);
  // The period holding (today − grace) is still open on its last day plus grace, which is
  // today or later; the one before it ended before (today − grace), so it is closed.
  return previousPeriod(cadence, periodOf(cadence, addDays(todayIso, -graceDays)));
}

/**
 * A report may be filed for a period from its first day until its report due date:
 * not in advance, and not after the period has closed (HTTP 422 either way).
 */
export function assertPeriodOpenForReports(cadence: ReportCadence, key: string, todayIso: string, graceDays: number): void {
  const label = periodLabelZh(cadence, key);
  if (daysBetween(todayIso, periodBounds(cadence, key).start) > 0) {
    throw new DomainError('rule_violated', 'REPORT_PERIOD_NOT_STARTED', `${label}尚未开始，不能提前报送进展`, { cadence, key, today: todayIso });
  }
  if (isPeriodClosed(cadence, key, todayIso, graceDays)) {
    const dueDate = reportDueDate(cadence, key, graceDays);
    throw new DomainError('rule_violated', 'REPORT_PERIOD_CLOSED', `${label}进展报送已于${formatDateZh(dueDate)}截止`, {
      cadence,
      key,
      today: todayIso,
      dueDate,
    });
  }
}

function isMonth(month: number): boolean {
  return month >= 1 && month <= 12;
}

/** Grace days come from settings; a negative or fractional value is a configuration bug. */
function assertGraceDays(graceDays: number): void {
  if (!Number.isInteger(graceDays) || graceDays < 0) {
    throw new RangeError(`graceDays must be a non-negative integer, got ${graceDays}`);
  }
}
