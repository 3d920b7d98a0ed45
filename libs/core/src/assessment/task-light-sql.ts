import { addDays, addWorkingDays, daysBetween } from '@luoshi/domain/calendar';
import { latestClosedPeriod, periodBounds, REPORT_CADENCES, type ReportCadence } from '@luoshi/domain/reports';
import { DUE_SOON_DAYS, PROGRESS_LAG_TOLERANCE } from '@luoshi/domain/tasks';
import { raw, type Sql, sql } from '@luoshi/infra';
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

/** The SQL the rules read: column references of the row being judged (fragments: one may be a subquery binding a value). */
export interface LightColumns {
  state: Sql;
  dueDate: Sql;
  precision: Sql;
  cadence: Sql;
  publishedAt: Sql;
  /** the signature that counts for receipt: the lead unit's, or a bureau's own */
  signedAt: Sql;
  period: Sql;
  percent: Sql;
  openNotices: Sql;
}

/** The task row `t` as the office and leaders see it (the lead unit's signature). `alias` is an identifier from code. */
export function taskLightColumns(alias = 't', signedAt: Sql = raw(`${alias}.lead_signed_at`)): LightColumns {
  const c = (column: string) => raw(`${alias}.${column}`);
  return {
    state: c('state'),
    dueDate: c('due_date'),
    precision: c('deadline_precision'),
    cadence: c('report_cadence'),
    publishedAt: c('published_at'),
    signedAt,
    period: c('lead_report_period'),
    percent: c('lead_report_percent'),
    openNotices: c('open_notices'),
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
  overdue: Sql;
  dueSoon: Sql;
  reportMissing: Sql;
  progressBehind: Sql;
  receiptOverdue: Sql;
  lagging: Sql;
  red: Sql;
  yellow: Sql;
  green: Sql;
  light: Sql;
}

/**
 * The rules of assessTask (libs/domain/src/tasks/traffic-light.ts) over `c`. The day's values are
 * template values: each fragment carries only those it reads, so a statement binds only the
 * parameters it uses (a value read twice is bound twice). A state assessRow does not know counts
 * as not_started, a cadence as monthly, as there.
 */
export function lightSql(c: LightColumns, day: LightDay): LightSql {
  const today = sql`${day.today}::date`;
  const owesWork = sql`${c.state} NOT IN ('submitted_done', 'completed', 'not_applicable')`;
  const notClosed = sql`${c.state} NOT IN ('completed', 'not_applicable')`;
  const hasDue = sql`${c.dueDate} IS NOT NULL AND ${c.precision} <> 'ongoing'`;
  const publishedOn = sql`(${c.publishedAt} AT TIME ZONE 'Asia/Shanghai')::date`;
  const owed = (part: 'key' | 'end') => {
    const of = (cadence: ReportCadence) => (part === 'end' ? sql`${day.owed[cadence].end}::date` : sql`${day.owed[cadence].key}::text`);
    return sql`CASE ${c.cadence} WHEN 'weekly' THEN ${of('weekly')} WHEN 'dekad' THEN ${of('dekad')} ELSE ${of('monthly')} END`;
  };
  // a period key of another cadence (the cadence changed since) is not a report of this cadence:
  // assessRow judges without it; within a cadence the keys sort as their periods do
  const periodOfCadence = sql`CASE ${c.cadence} WHEN 'weekly' THEN ${c.period} ~ '^\\d{4}-W\\d{2}$' WHEN 'dekad' THEN ${c.period} ~ '^\\d{4}-\\d{2}-[123]$' ELSE ${c.period} ~ '^\\d{4}-\\d{2}$' END`;

  const overdue = sql`(${owesWork} AND ${hasDue} AND ${c.dueDate} < ${today})`;
  const dueSoon = sql`(${owesWork} AND ${hasDue} AND ${c.dueDate} >= ${today} AND ${c.dueDate} <= ${day.dueSoonLast}::date)`;
  const reported = sql`coalesce(${periodOfCadence} AND ${c.period} >= ${owed('key')}, false)`;
  const reportMissing = sql`(${owesWork} AND ${c.publishedAt} IS NOT NULL AND ${publishedOn} <= ${owed('end')} AND NOT ${reported})`;
  // Math.round(elapsed / total * 100) in double precision, as the domain computes it; a percent
  // reported under another cadence is not read (assessRow judges without that report)
  const elapsed = sql`(${today} - ${publishedOn})`;
  const total = sql`(${c.dueDate} - ${publishedOn})`;
  const inTime = sql`${total} > 0 AND ${elapsed} <= ${total}`;
  const behind = sql`floor(${elapsed}::float8 / ${total}::float8 * 100 + 0.5) - ${c.percent} > ${raw(String(PROGRESS_LAG_TOLERANCE))}`;
  const progressBehind = sql`coalesce(${owesWork} AND ${hasDue} AND ${c.percent} IS NOT NULL AND ${periodOfCadence} AND ${inTime} AND ${behind}, false)`;
  const receiptOverdue = sql`(${owesWork} AND ${c.signedAt} IS NULL AND ${c.publishedAt} IS NOT NULL AND ${publishedOn} <= ${day.receiptCutoff}::date)`;
  const noticeOpen = sql`(${notClosed} AND ${c.openNotices} > 0)`;
  const red = sql`(${overdue} OR ${reportMissing})`;
  const yellow = sql`(NOT ${red} AND (${dueSoon} OR ${progressBehind} OR ${receiptOverdue} OR ${noticeOpen}))`;
  return {
    overdue,
    dueSoon,
    reportMissing,
    progressBehind,
    receiptOverdue,
    lagging: sql`(${reportMissing} OR ${progressBehind})`,
    red,
    yellow,
    green: sql`(NOT ${red} AND NOT ${yellow})`,
    light: sql`CASE WHEN ${red} THEN 'red' WHEN ${yellow} THEN 'yellow' ELSE 'green' END`,
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
    overdue: raw(c('overdue')),
    dueSoon: raw(c('due_soon')),
    reportMissing: raw(c('report_missing')),
    progressBehind: raw(c('progress_behind')),
    receiptOverdue: raw(c('receipt_overdue')),
    lagging: raw(`(${c('report_missing')} OR ${c('progress_behind')})`),
    red: raw(`${c('light')} = 'red'`),
    yellow: raw(`${c('light')} = 'yellow'`),
    green: raw(`${c('light')} = 'green'`),
    light: raw(c('light')),
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
export function viewerLightSql(signedAt: Sql | null, day: LightDay, storedIsCurrent: boolean): LightSql {
  if (!storedIsCurrent) return lightSql(taskLightColumns('t', signedAt ?? undefined), day);
  const stored = storedLightSql('t');
  if (signedAt === null) return stored;
  const evaluated = lightSql(taskLightColumns('t', signedAt), day);
  const same = sql`((${signedAt} IS NULL) = (t.lead_signed_at IS NULL))`;
  const either = (flag: keyof LightSql) => sql`CASE WHEN ${same} THEN ${stored[flag]} ELSE ${evaluated[flag]} END`;
  return { ...stored, receiptOverdue: either('receiptOverdue'), yellow: either('yellow'), green: either('green'), light: either('light') };
}
