import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRow, queryRows, sql } from '@luoshi/infra';

/** Scheduled runs by due time (schedule_run): what ran, so a missed one is made up once. */
@Injectable()
export class ScheduleRunRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async isFinished(schedule: string, dueAt: Date): Promise<boolean> {
    const row = await queryRow(this.dataSource, sql`SELECT 1 FROM schedule_run WHERE schedule = ${schedule} AND due_at = ${dueAt} AND finished_at IS NOT NULL`);
    return row !== undefined;
  }

  async started(schedule: string, dueAt: Date, now: Date): Promise<void> {
    await queryRows(
      this.dataSource,
      sql`INSERT INTO schedule_run (schedule, due_at, started_at) VALUES (${schedule}, ${dueAt}, ${now})
          ON CONFLICT (schedule, due_at) DO UPDATE SET started_at = EXCLUDED.started_at WHERE schedule_run.finished_at IS NULL`,
    );
  }

  async finished(schedule: string, dueAt: Date, now: Date, result: unknown): Promise<void> {
    await queryRows(
      this.dataSource,
      sql`UPDATE schedule_run SET finished_at = ${now}, result = ${JSON.stringify(result ?? null)} WHERE schedule = ${schedule} AND due_at = ${dueAt}`,
    );
  }

  async runs(schedule: string): Promise<{ due_at: Date; finished_at: Date | null }[]> {
    return queryRows(this.dataSource, sql`SELECT due_at, finished_at FROM schedule_run WHERE schedule = ${schedule} ORDER BY due_at`);
  }
}
