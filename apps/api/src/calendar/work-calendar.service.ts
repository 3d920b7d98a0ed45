import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows, returningRows, sql } from '@luoshi/infra';
import { assertCalendarYear, type CalendarDay } from '@luoshi/domain/calendar';
import { WorkCalendarSource } from '@luoshi/core';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import { AuditedWriter, type RefusalTarget } from '../audit/audited-writer';
import type { CalendarYearDto } from './dto/calendar.dto';

/** Reads and replaces a year of the work calendar; the cached reader every deadline counts with is WorkCalendarSource (@luoshi/core). */
@Injectable()
export class WorkCalendarService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly writer: AuditedWriter,
    private readonly audit: AuditService,
    private readonly source: WorkCalendarSource,
  ) {}

  async year(year: number): Promise<CalendarYearDto> {
    const days: CalendarDay[] = await queryRows(
      this.dataSource,
      sql`SELECT day::text AS day, kind, name FROM work_calendar_day WHERE day >= make_date(${year}, 1, 1) AND day < make_date(${year} + 1, 1, 1) ORDER BY day`,
    );
    return { year, days };
  }

  /** Replaces a year's schedule in one transaction, audited with before and after. */
  async replaceYear(user: AuthUser, year: number, days: CalendarDay[]): Promise<CalendarYearDto> {
    const target: RefusalTarget = { action: 'calendar.update', entityType: 'work_calendar', entityId: String(year) };
    await this.writer.run(user, target, async (manager) => {
      assertCalendarYear(year, days);
      const before: CalendarDay[] = await returningRows<CalendarDay>(
        manager,
        sql`DELETE FROM work_calendar_day WHERE day >= make_date(${year}, 1, 1) AND day < make_date(${year} + 1, 1, 1) RETURNING day::text AS day, kind, name`,
      );
      if (days.length > 0) {
        await queryRows(
          manager,
          sql`INSERT INTO work_calendar_day (day, kind, name) SELECT * FROM unnest(${days.map((d) => d.day)}::date[], ${days.map((d) => d.kind)}::text[], ${days.map((d) => d.name.trim())}::text[])`,
        );
      }
      const sorted = (list: CalendarDay[]) => [...list].sort((a, b) => a.day.localeCompare(b.day));
      await this.audit.record(manager, user, { ...target, before: { days: sorted(before) }, after: { days: sorted(days) } });
    });
    this.source.invalidate();
    return this.year(year);
  }
}
