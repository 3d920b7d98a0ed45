/**
 * The one job contract both apps import: the API and the worker's schedulers enqueue, the worker's processors handle.
 * Payloads carry IDs only; durable state lives in Postgres.
 */
export const QUEUES = {
  notifications: 'notifications',
  /** housekeeping that no user waits for */
  maintenance: 'maintenance',
  /** period rollups (月调度汇总) and ledger (台账) exports: heavy SQL and files, apart from deliveries */
  rollups: 'rollups',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobPayloads {
  /** scan the notification outbox and enqueue a delivery per pending row (repeatable) */
  'notification.dispatch-pending': Record<string, never>;
  /** deliver one row of the notification outbox */
  'notification.deliver': { notificationId: string };
  /** delete refresh tokens past their expiry (kept until then to recognise a replayed rotated token) */
  'auth.purge-expired-refresh-tokens': Record<string, never>;
  /** freeze the snapshot of a closed reporting period (replaces an earlier one of the same period) */
  'rollup.build': { cadence: 'monthly' | 'weekly' | 'dekad'; period: string };
  /** write a requested ledger (台账) .xlsx and notify its requester */
  'ledger.build': { ledgerId: string };
}

export type JobName = keyof JobPayloads;

/** Which queue carries each job. The worker refuses to start if any of these has no handler. */
export const JOB_QUEUE: { readonly [J in JobName]: QueueName } = {
  'notification.dispatch-pending': QUEUES.notifications,
  'notification.deliver': QUEUES.notifications,
  'auth.purge-expired-refresh-tokens': QUEUES.maintenance,
  'rollup.build': QUEUES.rollups,
  'ledger.build': QUEUES.rollups,
};

/**
 * Deterministic job ids (BullMQ ignores an add whose id it still holds, and an id may not contain
 * ':'): a period's rollup is enqueued once however many times its close is seen; a ledger once.
 */
export const rollupJobId = (p: JobPayloads['rollup.build']) => `rollup-build-${p.cadence}-${p.period}`;
export const ledgerJobId = (p: JobPayloads['ledger.build']) => `ledger-build-${p.ledgerId}`;

export const ALL_JOB_NAMES = Object.keys(JOB_QUEUE) as JobName[];

/** Repeatable jobs the worker schedules at start-up (cron in Asia/Shanghai). */
export const SCHEDULES: { jobName: JobName; every?: number; cron?: string }[] = [
  { jobName: 'notification.dispatch-pending', every: 30_000 },
  { jobName: 'auth.purge-expired-refresh-tokens', cron: '30 3 * * *' },
];

export const SCHEDULE_TIMEZONE = 'Asia/Shanghai';

/** Default retry policy: processors rethrow, BullMQ retries with backoff. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;
