/**
 * The one job contract shared by the worker, which consumes every queue and enqueues its own
 * scheduled and follow-up jobs, and the API, which only enqueues ledger builds (rollups/ledger-queue.ts)
 * and reads queue counts for the delivery console. Notifications reach the worker through the Postgres
 * outbox (libs/core), not a queue.
 * Payloads carry IDs and keys only; durable state lives in Postgres, Redis holds work in flight.
 */
export const QUEUES = {
  /** deliveries: the reconciler and one job per delivery batch */
  notifications: 'notifications',
  /** the product's clock: the reminder sweep and the reporting-period cycle */
  schedules: 'schedules',
  /** housekeeping that no user waits for */
  maintenance: 'maintenance',
  /** period rollups (月调度汇总) and ledger (台账) exports: heavy SQL and files, apart from deliveries */
  rollups: 'rollups',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** 每月 / 每周 / 每旬 (libs/domain/src/reports/period.ts) */
export type CadenceKey = 'monthly' | 'weekly' | 'dekad';

/** A scheduled run: `dueAt` (ISO instant) when made up after downtime; absent when fired by its scheduler. */
export interface ScheduledRun {
  dueAt?: string;
}

export interface JobPayloads {
  /**
   * the reconciler (repeatable, and at start-up): leases due pending deliveries from Postgres into
   * batches and enqueues one `deliveries.send-batch` per batch
   */
  'deliveries.dispatch': Record<string, never>;
  /** send the deliveries leased under one batch key (one channel; one robot or webhook per batch) */
  'deliveries.send-batch': { batchKey: string };
  /** plan today's reminders in sets (SQL), group routine ones into one digest per unit, escalate */
  'reminders.sweep': ScheduledRun;
  /** open the current period of a cadence and ask every unit with open tasks for its report */
  'period.open': ScheduledRun & { cadence: CadenceKey };
  /** remind the units that have not reported for the current period */
  'period.remind': ScheduledRun & { cadence: CadenceKey };
  /** close the period before the current one (its rollup is built then) */
  'period.close': ScheduledRun & { cadence: CadenceKey };
  /** delete refresh tokens past their expiry (kept until then to recognise a replayed rotated token) */
  'auth.purge-expired-refresh-tokens': Record<string, never>;
  /** fold the dashboard counters' deltas (task_tally_delta) into task_tally_folded, so readers sum few rows */
  'tally.fold': Record<string, never>;
  /** store the new day's traffic light on every task (light_day, task.light …) at 00:00 Shanghai, so no request pays for it */
  'lights.recompute': ScheduledRun;
  /** freeze the snapshot of a closed reporting period (replaces an earlier one of the same period) */
  'rollup.build': { cadence: CadenceKey; period: string };
  /** write a requested ledger (台账) .xlsx and notify its requester */
  'ledger.build': { ledgerId: string };
  /** daily: delete ledger files and rows older than LEDGER_RETENTION_DAYS (a second run deletes nothing) */
  'ledgers.purge': Record<string, never>;
}

export type JobName = keyof JobPayloads;

/** Which queue carries each job. The worker refuses to start if any of these has no handler. */
export const JOB_QUEUE: { readonly [J in JobName]: QueueName } = {
  'deliveries.dispatch': QUEUES.notifications,
  'deliveries.send-batch': QUEUES.notifications,
  'reminders.sweep': QUEUES.schedules,
  'period.open': QUEUES.schedules,
  'period.remind': QUEUES.schedules,
  'period.close': QUEUES.schedules,
  'auth.purge-expired-refresh-tokens': QUEUES.maintenance,
  'lights.recompute': QUEUES.maintenance,
  'tally.fold': QUEUES.maintenance,
  'rollup.build': QUEUES.rollups,
  'ledger.build': QUEUES.rollups,
  'ledgers.purge': QUEUES.maintenance,
};

/**
 * Deterministic job ids (BullMQ ignores an add whose id it still holds, and an id may not contain
 * ':'): a period's rollup is enqueued once however many times its close is seen; a ledger once.
 */
export const rollupJobId = (p: JobPayloads['rollup.build']) => `rollup-build-${p.cadence}-${p.period}`;
export const ledgerJobId = (p: JobPayloads['ledger.build']) => `ledger-build-${p.ledgerId}`;

export const ALL_JOB_NAMES = Object.keys(JOB_QUEUE) as JobName[];

export const SCHEDULE_TIMEZONE = 'Asia/Shanghai';

/** Default retry policy: processors rethrow, BullMQ retries with backoff. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;
