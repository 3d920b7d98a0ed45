import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, queryRow, queryRows, sql } from '@luoshi/infra';
import { AssessmentSettingsSource } from './task-assessment';
import { lightDay, type LightDay } from './task-light-sql';

/** What ensureCurrent did: the day now stored, and how many tasks changed verdict (null: it was current). */
export interface LightDayResult {
  day: LightDay;
  recomputed: number | null;
  ms: number;
}

/** One key for the advisory lock every recompute takes, so two never run at once. */
const RECOMPUTE_LOCK = sql`hashtext('luoshi.light_day')`;

function dayValues(day: LightDay) {
  const { weekly, dekad, monthly } = day.owed;
  return sql`(${day.today}::date, ${day.dueSoonLast}::date, ${day.receiptCutoff}::date, ${weekly.key}::text, ${weekly.end}::date,
              ${dekad.key}::text, ${dekad.end}::date, ${monthly.key}::text, ${monthly.end}::date)`;
}

async function isStored(db: EntityManager | DataSource, day: LightDay): Promise<boolean> {
  const row = await queryRow<{ current: boolean }>(
    db,
    sql`SELECT (d.today, d.due_soon_last, d.receipt_cutoff, d.weekly_key, d.weekly_end, d.dekad_key, d.dekad_end, d.monthly_key, d.monthly_end)
               IS NOT DISTINCT FROM ${dayValues(day)} AS current
          FROM light_day d`,
  );
  return row?.current === true;
}

/**
 * Writes `day` into light_day and recomputes every task's stored verdict, unless it is the stored
 * day already (checked again under the lock: another request or the worker may have done it while
 * this one waited). Returns the number of tasks whose verdict changed, null when it was current.
 */
export async function storeLightDay(dataSource: DataSource, day: LightDay): Promise<number | null> {
  return dataSource.transaction(async (manager) => {
    await queryRow(manager, sql`SELECT pg_advisory_xact_lock(${RECOMPUTE_LOCK})`);
    if (await isStored(manager, day)) return null;
    await queryRows(
      manager,
      sql`UPDATE light_day SET (today, due_soon_last, receipt_cutoff, weekly_key, weekly_end, dekad_key, dekad_end, monthly_key, monthly_end)
            = ${dayValues(day)}, computed_at = now()`,
    );
    const row = await queryRow<{ changed: number }>(manager, sql`SELECT task_light_recompute() AS changed`);
    return row?.changed ?? 0;
  });
}

/**
 * The stored traffic light's day (migration TaskStoredLight): the verdict on every task (task.light,
 * task.overdue, …) holds for the day in light_day. Whoever reads the stored verdict calls
 * ensureCurrent() first: when today (Shanghai, from the injected Clock) or the settings that shape
 * the day (receipt working days, grace days, the work calendar) give another LightDay than the one
 * stored, it writes the new day and recomputes every task's verdict, under an advisory lock, before
 * answering, so a moved clock sees the next day's lights at once. The worker does it at midnight
 * (job light.recompute) so no request pays for it.
 */
@Injectable()
export class LightDayService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: AssessmentSettingsSource,
    private readonly clock: Clock,
  ) {}

  async ensureCurrent(): Promise<LightDayResult> {
    const started = Date.now();
    const day = lightDay(this.clock.today(), await this.settings.current());
    if (await isStored(this.dataSource, day)) return { day, recomputed: null, ms: Date.now() - started };
    const recomputed = await storeLightDay(this.dataSource, day);
    return { day, recomputed, ms: Date.now() - started };
  }
}
