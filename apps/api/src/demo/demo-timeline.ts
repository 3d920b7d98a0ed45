import { DataSource } from 'typeorm';
import { queryRows, raw, sql, type ManualClock } from '@luoshi/infra';

/**
 * Columns the database fills with its own now() (a DEFAULT or `updated_at = now()`), which users
 * see: when a history entry, a notification, a 督办, an extension request or a report was made.
 * Business times (published, signed, submitted, reviewed, decided, replied) come from the Clock
 * and already carry the story's time; these would otherwise all say "the seed's few seconds".
 */
const DATABASE_TIMES: readonly [table: string, column: string][] = [
  ['audit_log', 'at'],
  ['notification', 'created_at'],
  ['supervision_notice', 'created_at'],
  ['extension_request', 'created_at'],
  ['progress_report', 'created_at'],
  ['progress_report', 'updated_at'],
  ['task', 'created_at'],
  ['task', 'updated_at'],
  ['task_deadline', 'created_at'],
  ['policy_document', 'created_at'],
  ['unit', 'created_at'],
  ['unit_alias', 'created_at'],
  ['app_user', 'created_at'],
  ['app_user', 'updated_at'],
];

/**
 * The story's time: `at` sets the ManualClock to the event's instant (never past the real now)
 * and notes the database's own clock as the event begins; `restamp` then gives every row written
 * during an event (by the database's now()) that event's instant, in one statement per column.
 */
export class DemoTimeline {
  private readonly windows: { from: Date; instant: Date }[] = [];

  private constructor(
    private readonly dataSource: DataSource,
    private readonly clock: ManualClock,
    private readonly latest: Date,
  ) {}

  static start(dataSource: DataSource, clock: ManualClock, now: Date): DemoTimeline {
    return new DemoTimeline(dataSource, clock, now);
  }

  async at<T>(instant: Date | string, event: () => Promise<T>): Promise<T> {
    const wanted = new Date(instant);
    this.clock.set(wanted.getTime() > this.latest.getTime() ? this.latest : wanted);
    const from = await this.databaseNow();
    this.windows.push({ from, instant: this.clock.now() });
    return event();
  }

  /** Moves the database-stamped times of every event's rows to the event's instant. */
  async restamp(): Promise<void> {
    if (this.windows.length === 0) return;
    const end = await this.databaseNow();
    const from = this.windows.map((w) => w.from.toISOString());
    const to = [...from.slice(1), end.toISOString()];
    const instants = this.windows.map((w) => w.instant.toISOString());
    // table and column names come from DATABASE_TIMES (code, not input)
    const updates = DATABASE_TIMES.map(
      ([table, column], i) =>
        `u${i} AS (UPDATE "${table}" x SET "${column}" = w.instant FROM w WHERE x."${column}" >= w.from_at AND x."${column}" < w.to_at RETURNING 1)`,
    );
    await queryRows(
      this.dataSource,
      sql`WITH w AS MATERIALIZED (SELECT * FROM unnest(${from}::timestamptz[], ${to}::timestamptz[], ${instants}::timestamptz[]) AS w(from_at, to_at, instant)),
       ${raw(updates.join(',\n       '))}
       SELECT ${raw(DATABASE_TIMES.map((_, i) => `(SELECT count(*) FROM u${i})`).join(' + '))} AS restamped`,
    );
  }

  private async databaseNow(): Promise<Date> {
    const [row]: { now: Date }[] = await this.dataSource.query('SELECT clock_timestamp() AS now');
    return row.now;
  }
}
