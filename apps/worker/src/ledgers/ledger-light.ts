import type { AssessmentSettings, LightDay } from '@luoshi/core';
import { addWorkingDays } from '@luoshi/domain/calendar';
import { periodLabelZh, REPORT_CADENCES, type ReportCadence } from '@luoshi/domain/reports';
import { REASON_MESSAGES, type TrafficLight } from '@luoshi/domain/tasks';
import type { LedgerTaskRow } from './ledger.repository';

/** What the ledger shows and counts of a task's assessment. */
export interface LedgerLight {
  light: TrafficLight;
  overdue: boolean;
  lagging: boolean;
  /** the reasons' texts, most severe first, joined with '；' */
  reasons: string;
}

/**
 * A ledger row's light and reasons from the verdict stored on the task (the flags assessTask
 * computes, kept by LightDayService; task-light-sql.integration-spec checks they agree): the same
 * flags, order and texts as assessTask (REASON_MESSAGES). What depends on the day only (the owed
 * period's label) or on the publication day (the sign-by day) is computed once, not per row: the
 * ledger's 100,000 rows then cost no date arithmetic.
 */
export class LedgerLights {
  private readonly owedLabels: Record<ReportCadence, string>;
  private readonly signBy = new Map<string, string>();

  constructor(
    private readonly settings: AssessmentSettings,
    day: LightDay,
  ) {
    this.owedLabels = Object.fromEntries(REPORT_CADENCES.map((cadence) => [cadence, periodLabelZh(cadence, day.owed[cadence].key)])) as Record<
      ReportCadence,
      string
    >;
  }

  of(row: LedgerTaskRow): LedgerLight {
    const reasons: string[] = [];
    if (row.overdue) reasons.push(REASON_MESSAGES.overdue(-(row.due_in_days ?? 0)));
    if (row.report_missing) reasons.push(REASON_MESSAGES.reportMissing(this.owedLabels[row.report_cadence as ReportCadence] ?? this.owedLabels.monthly));
    if (row.due_soon) reasons.push(REASON_MESSAGES.dueSoon(row.due_in_days ?? 0));
    if (row.progress_behind) reasons.push(REASON_MESSAGES.progressBehind(row.time_percent ?? 0, row.behind_percent ?? 0));
    if (row.receipt_overdue && row.published_on) reasons.push(REASON_MESSAGES.receiptOverdue(this.signByOf(row.published_on)));
    if (row.notice_open) {
      const mostSevere = row.notices_red > 0 ? 'red' : row.notices_yellow > 0 ? 'yellow' : 'blue';
      reasons.push(REASON_MESSAGES.noticeOpen(row.open_notices, mostSevere));
    }
    const red = row.overdue === true || row.report_missing === true;
    return {
      light: red ? 'red' : reasons.length > 0 ? 'yellow' : 'green',
      overdue: row.overdue === true,
      lagging: row.report_missing === true || row.progress_behind === true,
      reasons: reasons.join('；'),
    };
  }

  private signByOf(publishedOn: string): string {
    let day = this.signBy.get(publishedOn);
    if (day === undefined) {
      const { holidays, makeupWorkdays } = this.settings.calendar;
      this.signBy.set(publishedOn, (day = addWorkingDays(publishedOn, this.settings.receiptWorkingDays, holidays, makeupWorkdays)));
    }
    return day;
  }
}
