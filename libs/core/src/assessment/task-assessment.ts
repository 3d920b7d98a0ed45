import { Inject, Injectable } from '@nestjs/common';
import { shanghaiDate, type WorkCalendar } from '@luoshi/domain/calendar';
import { APP_CONFIG, type AppConfig } from '@luoshi/infra';
import { WorkCalendarSource } from '../calendar/work-calendar.source';
import { REPORT_CADENCES, type ReportCadence } from '@luoshi/domain/reports';
import { assessTask, NOTICE_LEVELS, TASK_STATES, type NoticeLevel, type TaskAssessment, type TaskState } from '@luoshi/domain/tasks';

/** The columns a task row needs for its derived picture (as the list and detail queries select them). */
export interface AssessableRow {
  state: string;
  due_date: string | null;
  deadline_precision: string;
  report_cadence: string;
  published_at: Date | null;
  /** signature that counts for receipt: the viewing bureau's own, else the lead unit's */
  signed_at: Date | null;
  last_period: string | null;
  last_percent: number | null;
  notice_levels: string[] | null;
}

export interface AssessmentSettings {
  receiptWorkingDays: number;
  graceDays: number;
  /** holidays and 调休 worked weekends, for the receipt deadline */
  calendar: WorkCalendar;
}

/** The settings every assessment uses (a request's task list, the worker's sweep): configuration plus the current work calendar. */
@Injectable()
export class AssessmentSettingsSource {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly calendar: WorkCalendarSource,
  ) {}

  async current(): Promise<AssessmentSettings> {
    return { receiptWorkingDays: this.config.RECEIPT_WORKING_DAYS, graceDays: this.config.REPORT_GRACE_DAYS, calendar: await this.calendar.current() };
  }
}

/** assessTask for one row; a malformed stored value never turns a list into a 500. */
export function assessRow(row: AssessableRow, settings: AssessmentSettings, today: string): TaskAssessment {
  const state = (TASK_STATES as readonly string[]).includes(row.state) ? (row.state as TaskState) : 'not_started';
  const cadence = (REPORT_CADENCES as readonly string[]).includes(row.report_cadence) ? (row.report_cadence as ReportCadence) : 'monthly';
  const levels = (row.notice_levels ?? []).filter((level): level is NoticeLevel => (NOTICE_LEVELS as readonly string[]).includes(level));
  const input = {
    state,
    dueDate: row.due_date,
    ongoing: row.due_date === null || row.deadline_precision === 'ongoing',
    cadence,
    lastReportedPeriod: row.last_period,
    latestPercent: row.last_percent,
    publishedAt: row.published_at ? shanghaiDate(row.published_at) : null,
    signedAt: row.signed_at ? row.signed_at.toISOString() : null,
    receiptWorkingDays: settings.receiptWorkingDays,
    openNotices: levels.map((level) => ({ level })),
    graceDays: settings.graceDays,
    holidays: settings.calendar.holidays,
    makeupWorkdays: settings.calendar.makeupWorkdays,
  };
  try {
    return assessTask(input, today);
  } catch {
    // a report period key of another cadence (the cadence was changed later): judge without it
    return assessTask({ ...input, lastReportedPeriod: null, latestPercent: null }, today);
  }
}
