import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Scheduled runs by due time (schedule_run): what ran, so a missed one is made up once. */
@Injectable()
export class ScheduleRunRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async isFinished(schedule: string, dueAt: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM schedule_run WHERE schedule = $1 AND due_at = $2 AND finished_at IS NOT NULL`, [
      schedule,
      dueAt,
    ]);
    return rows.length > 0;
  }

  async started(schedule: string, dueAt: Date, now: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO schedule_run (schedule, due_at, started_at) VALUES ($1, $2, $3) ON CONFLICT (schedule, due_at) DO UPDATE SET started_at = EXCLUDED.started_at WHERE schedule_run.finished_at IS NULL`,
      [schedule, dueAt, now],
    );
  }

  async finished(schedule: string, dueAt: Date, now: Date, result: unknown): Promise<void> {
    await this.dataSource.query(`UPDATE schedule_run SET finished_at = $3, result = $4 WHERE schedule = $1 AND due_at = $2`, [
      schedule,
      dueAt,
      now,
      JSON.stringify(result ?? null),
    ]);
  }

  async runs(schedule: string): Promise<{ due_at: Date; finished_at: Date | null }[]> {
    return this.dataSource.query(`SELECT due_at, finished_at FROM schedule_run WHERE schedule = $1 ORDER BY due_at`, [schedule]);
  }
}
