/**
 * When the worker reminds (催办): which deadlines fall in today's reminder windows. Plain functions
 * of the Shanghai date, the policy and the work calendar; the sweep turns their output into set-based
 * SQL (one statement per rule), so the same day always plans the same reminders.
 */
import { addDays, addWorkingDays, daysBetween, isWorkingDay, type WorkCalendar } from '../calendar';
import { periodOf, previousPeriod, reportDueDate, type ReportCadence } from '../reports';

export interface ReminderPolicy {
  /** working days before a deadline (7, 3, 1) */
  workingDaysBefore: readonly number[];
  /** while overdue, every this many days */
  overdueEveryDays: number;
  /** escalate to the office after this many days overdue */
  escalateAfterDaysOverdue: number;
  /** working days to sign for (签收) a published task */
  receiptWorkingDays: number;
  /** days after a period's end its report may still come */
  reportGraceDays: number;
}

/** Reminders planned with a due date in `(after, through]`, named `rule`, saying `workingDaysLeft`. */
export interface DueWindow {
  rule: string;
  workingDaysLeft: number;
  after: string;
  through: string;
}

/**
 * Today's "k working days before" windows. Reminders go out on working days only; a deadline k
 * working days away counted from a working day falls in exactly one window, so a deadline after a
 * weekend or holiday is reminded on the working day before it, never twice and never skipped.
 * The deadline day itself is its own rule (`due.today`), whatever day it is.
 */
export function dueSoonWindows(today: string, workingDaysBefore: readonly number[], calendar: WorkCalendar): DueWindow[] {
  if (!isWorkingDay(today, calendar.holidays, calendar.makeupWorkdays)) return [];
  const offsets = [...new Set(workingDaysBefore)].filter((k) => k > 0).sort((a, b) => a - b);
  return offsets.map((k) => ({
    rule: `due.${k}wd`,
    workingDaysLeft: k,
    after: k === 1 ? today : addWorkingDays(today, k - 1, calendar.holidays, calendar.makeupWorkdays),
    through: addWorkingDays(today, k, calendar.holidays, calendar.makeupWorkdays),
  }));
}

/**
 * Publication dates whose receipt (签收) deadline is today or lies a multiple of `everyDays` behind
 * today (reminded again while unsigned), back to `lookbackDays`; with the deadline each has.
 */
export function receiptReminderDates(
  today: string,
  policy: Pick<ReminderPolicy, 'receiptWorkingDays' | 'overdueEveryDays'>,
  calendar: WorkCalendar,
  lookbackDays = 90,
): { publishedOn: string; receiptDue: string }[] {
  const result: { publishedOn: string; receiptDue: string }[] = [];
  for (let back = 0; back <= lookbackDays; back += 1) {
    const publishedOn = addDays(today, -back);
    const receiptDue = addWorkingDays(publishedOn, policy.receiptWorkingDays, calendar.holidays, calendar.makeupWorkdays);
    const late = daysBetween(receiptDue, today);
    if (late === 0 || (late > 0 && late % policy.overdueEveryDays === 0)) result.push({ publishedOn, receiptDue });
  }
  return result;
}

/**
 * The period whose report is missing-reminded today, if any: the last finished period of the cadence,
 * on the day before its report is due (and on the due day itself).
 */
export function reportReminderPeriod(today: string, cadence: ReportCadence, graceDays: number): { period: string; reportDue: string } | null {
  const period = previousPeriod(cadence, periodOf(cadence, today));
  const reportDue = reportDueDate(cadence, period, graceDays);
  const daysLeft = daysBetween(today, reportDue);
  return daysLeft === 0 || daysLeft === 1 ? { period, reportDue } : null;
}

/** "7,3,1" → [7, 3, 1] */
export function parseWorkingDaysBefore(list: string): number[] {
  return list
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
}
