import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { workCalendarOf, type CalendarDay, type WorkCalendar } from '@luoshi/domain/calendar';

/**
 * How long an instance may count with a calendar the office has just changed. The calendar
 * changes once or twice a year, so a short reload beats a change feed.
 */
const RELOAD_AFTER_MS = 60_000;

/**
 * The work calendar (holidays and 调休 worked weekends), read once and reused by every working-day
 * deadline: the API's task lists and 督办 replies, the worker's reminders. The instance that
 * changes the calendar drops its copy at once (`invalidate`). The reload timer is plumbing and keeps
 * the wall clock.
 */
@Injectable()
export class WorkCalendarSource {
  private cached: { calendar: WorkCalendar; loadedAt: number } | null = null;

  constructor(private readonly dataSource: DataSource) {}

  async current(): Promise<WorkCalendar> {
    if (this.cached && Date.now() - this.cached.loadedAt < RELOAD_AFTER_MS) return this.cached.calendar;
    const rows: Pick<CalendarDay, 'day' | 'kind'>[] = await this.dataSource.query(`SELECT day::text AS day, kind FROM work_calendar_day`);
    this.cached = { calendar: workCalendarOf(rows), loadedAt: Date.now() };
    return this.cached.calendar;
  }

  invalidate(): void {
    this.cached = null;
  }
}
