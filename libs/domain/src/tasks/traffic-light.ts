/**
 * The derived picture of one task on one day: overdue (逾期), lagging (滞后), receipt
 * overdue, and the traffic light, each with the reasons behind it. Nothing here is stored;
 * dashboards, the monthly rollup and the reminder worker all call assessTask.
 *
 * Which rules apply depends on the state:
 * - not_started / in_progress: the bureau owes work, so every rule applies.
 * - submitted_done: the bureau says it is done and the office has to review it; deadline,
 *   report and receipt rules stop, only an open supervision notice still shows.
 * - completed / not_applicable: closed, always green with no reasons.
 *
 * Light: red when overdue or a report is missing (docs/domain.md); yellow when due within
 * 7 days, progress is behind, receipt is overdue or a notice is open; green otherwise.
 * So a green task never has reasons, and every flag set comes with a reason explaining it.
 */
import { addWorkingDays, daysBetween, formatDateZh, isoDateParts } from '../calendar';
import { comparePeriods, latestClosedPeriod, periodBounds, periodLabelZh, type ReportCadence } from '../reports/period';
import { NOTICE_LEVEL_LABELS_ZH, NOTICE_LEVELS, type NoticeLevel } from './notice-level';
import type { TaskState } from './task-state';

/** A task due within this many days (today included) and not done is yellow. */
export const DUE_SOON_DAYS = 7;

/**
 * Percentage points reported progress may trail the share of time elapsed before the task
 * counts as lagging. Progress is rarely linear (many tasks jump from 0 to 100%), so only a
 * clear gap is flagged.
 */
export const PROGRESS_LAG_TOLERANCE = 20;

export interface TaskAssessmentInput {
  state: TaskState;
  /** ISO date; ignored when `ongoing` */
  dueDate: string | null;
  /** 长期 / 持续推进: no due date, but a report every period */
  ongoing: boolean;
  cadence: ReportCadence;
  /** period key (in `cadence`) of the latest submitted or accepted report */
  lastReportedPeriod: string | null;
  /** percent complete in the latest report; leave out for tasks reported by milestone */
  latestPercent?: number | null;
  /** ISO date the task was assigned to its units; null while it is a draft, which owes nothing */
  publishedAt: string | null;
  /** when the lead unit signed for (签收) the task; only whether it is set matters */
  signedAt: string | null;
  /** working days after publication the lead unit has to sign for the task */
  receiptWorkingDays: number;
  openNotices: readonly { level: NoticeLevel }[];
  /** days after a period ends during which its reports are still accepted */
  graceDays: number;
  /** public holidays and 调休 working days, for counting the receipt deadline */
  holidays?: ReadonlySet<string>;
  makeupWorkdays?: ReadonlySet<string>;
}

export type AssessmentReasonCode = 'OVERDUE' | 'REPORT_MISSING' | 'DUE_SOON' | 'PROGRESS_BEHIND' | 'RECEIPT_OVERDUE' | 'NOTICE_OPEN';

export interface AssessmentReason {
  code: AssessmentReasonCode;
  /** Simplified Chinese, shown next to the light */
  message: string;
}

export type TrafficLight = 'red' | 'yellow' | 'green';

export interface TaskAssessment {
  overdue: boolean;
  /** a report is missing, or progress trails the time elapsed (see PROGRESS_LAG_TOLERANCE) */
  lagging: boolean;
  light: TrafficLight;
  /** most severe first */
  reasons: AssessmentReason[];
  /** days until the due date, negative once passed; null without a due date or once closed */
  dueInDays: number | null;
  receiptOverdue: boolean;
}

const REASON_LIGHT: Record<AssessmentReasonCode, 'red' | 'yellow'> = {
  OVERDUE: 'red',
  REPORT_MISSING: 'red',
  DUE_SOON: 'yellow',
  PROGRESS_BEHIND: 'yellow',
  RECEIPT_OVERDUE: 'yellow',
  NOTICE_OPEN: 'yellow',
};

/**
 * The reasons' Chinese texts, one place: assessTask writes them, and the ledger, which reads the
 * verdict stored on the task instead of assessing each row, writes the same from the same numbers.
 */
export const REASON_MESSAGES = {
  overdue: (daysLate: number) => `已逾期${daysLate}天`,
  reportMissing: (owedPeriodLabel: string) => `${owedPeriodLabel}进展未报送`,
  dueSoon: (dueInDays: number) => (dueInDays === 0 ? '今天到期' : `距完成时限还有${dueInDays}天`),
  progressBehind: (timePercent: number, percent: number) => `进度滞后：时间已过${timePercent}%，完成${percent}%`,
  receiptOverdue: (signBy: string) => `超期未签收（签收期限${formatDateZh(signBy)}）`,
  /** one reason for all open notices, naming the most severe level */
  noticeOpen: (count: number, mostSevere: NoticeLevel) => {
    const label = NOTICE_LEVEL_LABELS_ZH[mostSevere];
    return count === 1 ? `${label}未办结` : `${count}件督办未办结（最高为${label}）`;
  },
} as const;

const CLOSED_STATES: ReadonlySet<TaskState> = new Set(['completed', 'not_applicable']);
const STATES_OWING_WORK: ReadonlySet<TaskState> = new Set(['not_started', 'in_progress']);

export function assessTask(input: TaskAssessmentInput, todayIso: string): TaskAssessment {
  isoDateParts(todayIso); // a malformed date is a 400 whatever the state
  if (CLOSED_STATES.has(input.state)) {
    return {
      overdue: false,
      lagging: false,
      light: 'green',
      reasons: [],
      dueInDays: null,
      receiptOverdue: false,
    };
  }
  const dueDate = input.ongoing ? null : input.dueDate;
  const dueInDays = dueDate === null ? null : daysBetween(todayIso, dueDate);
  const workFindings = STATES_OWING_WORK.has(input.state)
    ? [
        overdueReason(dueInDays),
        missingReportReason(input, todayIso),
        dueSoonReason(dueInDays),
        progressBehindReason(input, dueDate, todayIso),
        receiptOverdueReason(input, todayIso),
      ]
    : [];
  const reasons = [...workFindings, openNoticeReason(input.openNotices)].filter((reason): reason is AssessmentReason => reason !== null);
  const has = (code: AssessmentReasonCode) => reasons.some((reason) => reason.code === code);
  return {
    overdue: has('OVERDUE'),
    lagging: has('REPORT_MISSING') || has('PROGRESS_BEHIND'),
    light: lightOf(reasons),
    reasons,
    dueInDays,
    receiptOverdue: has('RECEIPT_OVERDUE'),
  };
}

function lightOf(reasons: AssessmentReason[]): TrafficLight {
  if (reasons.some((reason) => REASON_LIGHT[reason.code] === 'red')) return 'red';
  return reasons.length > 0 ? 'yellow' : 'green';
}

/** Overdue from the day after the due date: a task due today is not late yet. */
function overdueReason(dueInDays: number | null): AssessmentReason | null {
  if (dueInDays === null || dueInDays >= 0) return null;
  return { code: 'OVERDUE', message: REASON_MESSAGES.overdue(-dueInDays) };
}

function dueSoonReason(dueInDays: number | null): AssessmentReason | null {
  if (dueInDays === null || dueInDays < 0 || dueInDays > DUE_SOON_DAYS) return null;
  return { code: 'DUE_SOON', message: REASON_MESSAGES.dueSoon(dueInDays) };
}

/**
 * A report is missing when the latest closed period has none. Periods that ended before
 * publication owe nothing; the period the task was published in does. Only the latest
 * report is known, so a gap before it no longer shows once a later period is reported.
 */
function missingReportReason(input: TaskAssessmentInput, todayIso: string): AssessmentReason | null {
  if (input.publishedAt === null) return null;
  const { cadence } = input;
  const owed = owedPeriod(cadence, todayIso, input.graceDays);
  if (daysBetween(input.publishedAt, owed.end) < 0) return null;
  const reported = input.lastReportedPeriod;
  if (reported !== null && comparePeriods(cadence, reported, owed.key) >= 0) return null;
  return { code: 'REPORT_MISSING', message: REASON_MESSAGES.reportMissing(owed.label) };
}

/**
 * The latest closed period (the one a report is owed for), its last day and label. The same
 * for every task with that cadence on a given day, so a page of tasks computes it once.
 */
const owedPeriods = new Map<string, { key: string; end: string; label: string }>();
function owedPeriod(cadence: ReportCadence, todayIso: string, graceDays: number): { key: string; end: string; label: string } {
  const cacheKey = `${cadence}|${todayIso}|${graceDays}`;
  let owed = owedPeriods.get(cacheKey);
  if (!owed) {
    const key = latestClosedPeriod(cadence, todayIso, graceDays);
    owed = { key, end: periodBounds(cadence, key).end, label: periodLabelZh(cadence, key) };
    if (owedPeriods.size >= 64) owedPeriods.clear(); // a few cadences × today: stays tiny
    owedPeriods.set(cacheKey, owed);
  }
  return owed;
}

/**
 * Behind when reported percent trails the share of the publication-to-due-date span that
 * has elapsed by more than PROGRESS_LAG_TOLERANCE points. Past the due date the task is
 * overdue instead, which says more.
 */
function progressBehindReason(input: TaskAssessmentInput, dueDate: string | null, todayIso: string): AssessmentReason | null {
  const percent = input.latestPercent;
  if (percent == null || dueDate === null || input.publishedAt === null) return null;
  const totalDays = daysBetween(input.publishedAt, dueDate);
  const elapsedDays = daysBetween(input.publishedAt, todayIso);
  if (totalDays <= 0 || elapsedDays > totalDays) return null;
  const timePercent = Math.round((elapsedDays / totalDays) * 100);
  if (timePercent - percent <= PROGRESS_LAG_TOLERANCE) return null;
  return { code: 'PROGRESS_BEHIND', message: REASON_MESSAGES.progressBehind(timePercent, percent) };
}

/** Unsigned after the last working day allowed for signing (publication day not counted). */
function receiptOverdueReason(input: TaskAssessmentInput, todayIso: string): AssessmentReason | null {
  if (input.signedAt !== null || input.publishedAt === null) return null;
  const signBy = addWorkingDays(input.publishedAt, input.receiptWorkingDays, input.holidays, input.makeupWorkdays);
  if (daysBetween(signBy, todayIso) <= 0) return null;
  return { code: 'RECEIPT_OVERDUE', message: REASON_MESSAGES.receiptOverdue(signBy) };
}

/** One reason for all open notices, naming the most severe level. */
function openNoticeReason(notices: readonly { level: NoticeLevel }[]): AssessmentReason | null {
  if (notices.length === 0) return null;
  const severity = Math.max(...notices.map((notice) => NOTICE_LEVELS.indexOf(notice.level)));
  return { code: 'NOTICE_OPEN', message: REASON_MESSAGES.noticeOpen(notices.length, NOTICE_LEVELS[severity]) };
}
