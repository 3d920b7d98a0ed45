import { addDays, addWorkingDays, daysBetween } from '@luoshi/domain/calendar';
import { latestClosedPeriod, periodBounds, REPORT_CADENCES, type ReportCadence } from '@luoshi/domain/reports';
import { DUE_SOON_DAYS, PROGRESS_LAG_TOLERANCE } from '@luoshi/domain/tasks';
import type { AssessmentSettings } from './task-assessment';

/**
 * assessTask's flags as SQL over one task row, so lists filter and the dashboard counts in
 * Postgres, index-side, instead of assessing every task in Node. The domain function stays the
 * definition: this is its translation, and task-light-sql.integration-spec.ts checks the two agree
 * on random tasks and days (fast-check, real Postgres, the copies kept by the triggers).
 *
 * What depends only on the day is computed here once per request from the domain's own functions
 * (LightDay: today, the due-soon horizon, the last publication day whose receipt deadline has
 * passed, the period each cadence owes a report for) and enters the SQL as parameters, so every
 * rule is a comparison of a task column with a parameter. What the rules read from other tables
 * is copied onto the task by triggers (migration TaskLightInputs): the first lead unit's
 * signature, its latest report period and percent, the open notices.
 */

/** The day's side of the rules: the same for every task on a given day and settings. */
export interface LightDay {
  today: string;
  /** last due date that is still "due soon" (today + DUE_SOON_DAYS) */
  dueSoonLast: string;
  /** a task published (Shanghai date) on or before this day and not signed for is receipt-overdue */
  receiptCutoff: string;
  /** per cadence, the latest closed period (a report is owed for it) and its last day */
  owed: Record<ReportCadence, { key: string; end: string }>;
}

/** The SQL the rules read: column references of the row being judged. */
export interface LightColumns {
  state: string;
  dueDate: string;
  precision: string;
  cadence: string;
  publishedAt: string;
  /** the signature that counts for receipt: the lead unit's, or a bureau's own */
  signedAt: string;
  period: string;
  percent: string;
  openNotices: string;
}

/** The task row `t` as the office and leaders see it (the lead unit's signature). */
export function taskLightColumns(alias = 't', signedAt = `${alias}.lead_signed_at`): LightColumns {
  return {
    state: `${alias}.state`,
    dueDate: `${alias}.due_date`,
    precision: `${alias}.deadline_precision`,
    cadence: `${alias}.report_cadence`,
    publishedAt: `${alias}.published_at`,
    signedAt,
    period: `${alias}.lead_report_period`,
    percent: `${alias}.lead_report_percent`,
    openNotices: `${alias}.open_notices`,
  };
}

/** Bound on the search for the receipt cutoff: far more calendar days than any working-day span allowed. */
const RECEIPT_SEARCH_DAYS = 400;

export function lightDay(today: string, settings: AssessmentSettings): LightDay {
  const { holidays, makeupWorkdays } = settings.calendar;
  // receipt is overdue once today is after the sign-by day; the sign-by day never moves back as
  // the publication day moves forward, so the overdue publications are all days up to a cutoff
  let receiptCutoff = addDays(today, -RECEIPT_SEARCH_DAYS);
  for (let back = 1; back <= RECEIPT_SEARCH_DAYS; back++) {
    const published = addDays(today, -back);
    if (daysBetween(addWorkingDays(published, settings.receiptWorkingDays, holidays, makeupWorkdays), today) > 0) {
      receiptCutoff = published;
      break;
    }
  }
  const owed = Object.fromEntries(
    REPORT_CADENCES.map((cadence) => {
      const key = latestClosedPeriod(cadence, today, settings.graceDays);
      return [cadence, { key, end: periodBounds(cadence, key).end }];
    }),
  ) as LightDay['owed'];
  return { today, dueSoonLast: addDays(today, DUE_SOON_DAYS), receiptCutoff, owed };
}

/** SQL booleans (never NULL) for each flag of assessTask, and the light as 'red' | 'yellow' | 'green'. */
export interface LightSql {
  overdue: string;
  dueSoon: string;
  reportMissing: string;
  progressBehind: string;
  receiptOverdue: string;
  lagging: string;
  red: string;
  yellow: string;
  green: string;
  light: string;
}

/**
 * The rules of assessTask (libs/domain/src/tasks/traffic-light.ts) over `c`. The day's values are
 * added through `param` (which returns the placeholder of a value it was given) when an
 * expression that needs them is first read, so a statement carries only the parameters it uses.
 * A state assessRow does not know counts as not_started, a cadence as monthly, as there.
 */
export function lightSql(c: LightColumns, day: LightDay, param: (value: unknown) => string): LightSql {
  const placeholders = new Map<string, string>();
  const p = (name: string, value: string, cast: 'date' | 'text') => {
    let placeholder = placeholders.get(name);
    if (!placeholder) placeholders.set(name, (placeholder = `${param(value)}::${cast}`));
    return placeholder;
  };
  const today = () => p('today', day.today, 'date');
  const owesWork = `${c.state} NOT IN ('submitted_done', 'completed', 'not_applicable')`;
  const notClosed = `${c.state} NOT IN ('completed', 'not_applicable')`;
  const hasDue = `${c.dueDate} IS NOT NULL AND ${c.precision} <> 'ongoing'`;
  const publishedOn = `(${c.publishedAt} AT TIME ZONE 'Asia/Shanghai')::date`;
  const owed = (part: 'key' | 'end') => {
    const of = (cadence: ReportCadence) => p(`${cadence}.${part}`, day.owed[cadence][part], part === 'end' ? 'date' : 'text');
    return `CASE ${c.cadence} WHEN 'weekly' THEN ${of('weekly')} WHEN 'dekad' THEN ${of('dekad')} ELSE ${of('monthly')} END`;
  };
  // a period key of another cadence (the cadence changed since) is not a report of this cadence:
  // assessRow judges without it; within a cadence the keys sort as their periods do
  const periodOfCadence = `CASE ${c.cadence} WHEN 'weekly' THEN ${c.period} ~ '^\\d{4}-W\\d{2}$' WHEN 'dekad' THEN ${c.period} ~ '^\\d{4}-\\d{2}-[123]$' ELSE ${c.period} ~ '^\\d{4}-\\d{2}$' END`;

  const overdue = () => `(${owesWork} AND ${hasDue} AND ${c.dueDate} < ${today()})`;
  const dueSoon = () => `(${owesWork} AND ${hasDue} AND ${c.dueDate} >= ${today()} AND ${c.dueDate} <= ${p('dueSoonLast', day.dueSoonLast, 'date')})`;
  const reportMissing = () =>
    `(${owesWork} AND ${c.publishedAt} IS NOT NULL AND ${publishedOn} <= ${owed('end')}` +
    ` AND NOT coalesce(${periodOfCadence} AND ${c.period} >= ${owed('key')}, false))`;
  // Math.round(elapsed / total * 100) in double precision, as the domain computes it; a percent
  // reported under another cadence is not read (assessRow judges without that report)
  const progressBehind = () => {
    const elapsed = `(${today()} - ${publishedOn})`;
    const total = `(${c.dueDate} - ${publishedOn})`;
    return (
      `coalesce(${owesWork} AND ${hasDue} AND ${c.percent} IS NOT NULL AND ${periodOfCadence} AND ${total} > 0 AND ${elapsed} <= ${total}` +
      ` AND floor(${elapsed}::float8 / ${total}::float8 * 100 + 0.5) - ${c.percent} > ${PROGRESS_LAG_TOLERANCE}, false)`
    );
  };
  const receiptOverdue = () =>
    `(${owesWork} AND ${c.signedAt} IS NULL AND ${c.publishedAt} IS NOT NULL AND ${publishedOn} <= ${p('receiptCutoff', day.receiptCutoff, 'date')})`;
  const noticeOpen = `(${notClosed} AND ${c.openNotices} > 0)`;
  const red = () => `(${overdue()} OR ${reportMissing()})`;
  const yellow = () => `(NOT ${red()} AND (${dueSoon()} OR ${progressBehind()} OR ${receiptOverdue()} OR ${noticeOpen}))`;
  return {
    get overdue() {
      return overdue();
    },
    get dueSoon() {
      return dueSoon();
    },
    get reportMissing() {
      return reportMissing();
    },
    get progressBehind() {
      return progressBehind();
    },
    get receiptOverdue() {
      return receiptOverdue();
    },
    get lagging() {
      return `(${reportMissing()} OR ${progressBehind()})`;
    },
    get red() {
      return red();
    },
    get yellow() {
      return yellow();
    },
    get green() {
      return `(NOT ${red()} AND NOT ${yellow()})`;
    },
    get light() {
      return `CASE WHEN ${red()} THEN 'red' WHEN ${yellow()} THEN 'yellow' ELSE 'green' END`;
    },
  };
}

/**
 * The same flags read from the verdict stored on the task (migration TaskStoredLight: the office's
 * view, the lead unit's signature, on the day LightDayService.ensureCurrent keeps current), so a
 * filter is an index range instead of an expression over every row.
 */
export function storedLightSql(alias = 't'): LightSql {
  const c = (column: string) => `${alias}.${column}`;
  return {
    overdue: c('overdue'),
    dueSoon: c('due_soon'),
    reportMissing: c('report_missing'),
    progressBehind: c('progress_behind'),
    receiptOverdue: c('receipt_overdue'),
    lagging: `(${c('report_missing')} OR ${c('progress_behind')})`,
    red: `${c('light')} = 'red'`,
    yellow: `${c('light')} = 'yellow'`,
    green: `${c('light')} = 'green'`,
    light: c('light'),
  };
}

/**
 * The flags and light of task `t` as a viewer sees them, for reads that may use the stored verdict
 * (`storedIsCurrent`: it holds for `day`). `signedAt` is a bureau's own signature (null: the lead
 * unit's, the office's view, which is the stored verdict itself). Only the receipt rule reads the
 * signature, and only whether there is one: where the bureau's signature state equals the lead's,
 * the stored verdict is the bureau's; elsewhere assessTask's rules are evaluated (CASE evaluates
 * only the branch it takes). Not current: the rules evaluated for every row.
 */
export function viewerLightSql(signedAt: string | null, day: LightDay, storedIsCurrent: boolean, param: (value: unknown) => string): LightSql {
  const evaluated = lightSql(taskLightColumns('t', signedAt ?? 't.lead_signed_at'), day, param);
  if (!storedIsCurrent) return evaluated;
  const stored = storedLightSql('t');
  if (signedAt === null) return stored;
  const same = `((${signedAt} IS NULL) = (t.lead_signed_at IS NULL))`;
  return {
    ...stored,
    receiptOverdue: `CASE WHEN ${same} THEN ${stored.receiptOverdue} ELSE ${evaluated.receiptOverdue} END`,
    yellow: `CASE WHEN ${same} THEN ${stored.yellow} ELSE ${evaluated.yellow} END`,
    green: `CASE WHEN ${same} THEN ${stored.green} ELSE ${evaluated.green} END`,
    light: `CASE WHEN ${same} THEN ${stored.light} ELSE ${evaluated.light} END`,
  };
}
