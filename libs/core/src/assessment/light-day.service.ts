import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig, Clock, queryRow, queryRows, sql } from '@luoshi/infra';
import { AssessmentSettingsSource } from './task-assessment';
import { lightDay, type LightDay } from './task-light-sql';

/** What ensureCurrent did: the day now stored, and how many tasks changed verdict (null: it was current). */
export interface LightDayResult {
  day: LightDay;
  recomputed: number | null;
  ms: number;
}

/**
 * What a read may count on: `day` (today's), and whether the verdicts stored on the tasks hold for
 * it (`current`); when not, `storedToday` is the day they hold for (the recompute still running).
 */
export interface LightDayState {
  day: LightDay;
  current: boolean;
  storedToday: string | null;
}

/** One key for the advisory lock every recompute takes, so two never run at once. */
const RECOMPUTE_LOCK = sql`hashtext('luoshi.light_day')`;

function dayValues(day: LightDay) {
  const { weekly, dekad, monthly } = day.owed;
  return sql`(${day.today}::date, ${day.dueSoonLast}::date, ${day.receiptCutoff}::date, ${weekly.key}::text, ${weekly.end}::date,
              ${dekad.key}::text, ${dekad.end}::date, ${monthly.key}::text, ${monthly.end}::date)`;
}

/** Whether `day` is the stored one, and the day the stored verdicts hold for (null: none written yet). */
async function storedDay(db: EntityManager | DataSource, day: LightDay): Promise<{ current: boolean; today: string | null }> {
  const row = await queryRow<{ current: boolean; today: string | null }>(
    db,
    sql`SELECT (d.today, d.due_soon_last, d.receipt_cutoff, d.weekly_key, d.weekly_end, d.dekad_key, d.dekad_end, d.monthly_key, d.monthly_end)
               IS NOT DISTINCT FROM ${dayValues(day)} AS current, to_char(d.today, 'YYYY-MM-DD') AS today
          FROM light_day d`,
  );
  return { current: row?.current === true, today: row?.today ?? null };
}

async function isStored(db: EntityManager | DataSource, day: LightDay): Promise<boolean> {
  return (await storedDay(db, day)).current;
}

/** Deltas after which a fold also vacuums task_tally_delta: readers scan it whole, so a big fold's dead rows must not linger. */
const VACUUM_AFTER_DELTAS = 10_000;

/** task_tally_fold() in `db` (a transaction's manager or the pool): the number of deltas folded. */
async function foldDeltas(db: EntityManager | DataSource): Promise<number> {
  const row = await queryRow<{ folded: number }>(db, sql`SELECT task_tally_fold() AS folded`);
  return row?.folded ?? 0;
}

/** After a big fold, outside any transaction (VACUUM cannot run in one): the deltas' space reclaimed. */
async function reclaimDeltas(dataSource: DataSource, folded: number): Promise<void> {
  if (folded >= VACUUM_AFTER_DELTAS) await queryRows(dataSource, sql`VACUUM task_tally_delta`);
}

/**
 * Moves the dashboard counters' deltas, which writers append (task_tally_delta), into the folded
 * counters and drops the keys left at zero (migration TaskTallyByUnit: task_tally_fold). Readers see
 * the same sums before and after; they just read fewer rows. Returns the number of deltas folded.
 */
export async function foldTaskTally(dataSource: DataSource): Promise<number> {
  const folded = await foldDeltas(dataSource);
  await reclaimDeltas(dataSource, folded);
  return folded;
}

/**
 * Writes `day` into light_day and recomputes every task's stored verdict, unless it is the stored
 * day already (checked again under the lock: another request or the worker may have done it while
 * this one waited). Returns the number of tasks whose verdict changed, null when it was current.
 */
export async function storeLightDay(dataSource: DataSource, day: LightDay): Promise<number | null> {
  const stored = await dataSource.transaction(async (manager) => {
    await queryRow(manager, sql`SELECT pg_advisory_xact_lock(${RECOMPUTE_LOCK})`);
    if (await isStored(manager, day)) return null;
    await queryRows(
      manager,
      sql`UPDATE light_day SET (today, due_soon_last, receipt_cutoff, weekly_key, weekly_end, dekad_key, dekad_end, monthly_key, monthly_end)
            = ${dayValues(day)}, computed_at = now()`,
    );
    const row = await queryRow<{ changed: number }>(manager, sql`SELECT task_light_recompute() AS changed`);
    // the dashboard's counters: the recompute's deltas folded in its transaction, so no read sums them
    return { changed: row?.changed ?? 0, folded: await foldDeltas(manager) };
  });
  if (stored === null) return null;
  await reclaimDeltas(dataSource, stored.folded);
  return stored.changed;
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
  private readonly logger = new Logger(LightDayService.name);
  /** this process's recompute in progress, joined by every read that finds the day stale */
  private running: Promise<LightDayResult> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: AssessmentSettingsSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * For reads that can answer without today's stored verdict (the office's whole dashboard: the
   * previous day's, flagged; a bureau's: the rules evaluated): when the stored day is not today's,
   * starts the recompute (once per process) and waits for it at most `waitMs` (default
   * LIGHT_RECOMPUTE_WAIT_MS); if it is still running then (tens of seconds at 100,000 tasks when a
   * read beats the midnight job), says so instead of blocking the read. A database with no day
   * stored yet has nothing to fall back on: that waits.
   */
  async currentOrStored(waitMs = this.config.LIGHT_RECOMPUTE_WAIT_MS): Promise<LightDayState> {
    const day = lightDay(this.clock.today(), await this.settings.current());
    const stored = await storedDay(this.dataSource, day);
    if (stored.current) return { day, current: true, storedToday: day.today };
    const run = (this.running ??= this.ensureCurrent().finally(() => (this.running = null)));
    // a failure after this read stopped waiting is the next read's to retry; logged here
    run.catch((err: unknown) => this.logger.error(`light recompute failed: ${String(err)}`));
    if (stored.today === null || (await finishesWithin(run, waitMs))) {
      await run;
      return { day, current: true, storedToday: day.today };
    }
    return { day, current: false, storedToday: stored.today };
  }

  async ensureCurrent(): Promise<LightDayResult> {
    const started = Date.now();
    const day = lightDay(this.clock.today(), await this.settings.current());
    if (await isStored(this.dataSource, day)) return { day, recomputed: null, ms: Date.now() - started };
    const recomputed = await storeLightDay(this.dataSource, day);
    return { day, recomputed, ms: Date.now() - started };
  }
}

/** Whether `run` settles within `ms` (its rejection counts as settled: the caller awaits it). */
async function finishesWithin(run: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([
      run.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
