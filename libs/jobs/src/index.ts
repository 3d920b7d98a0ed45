/**
 * The one job contract shared by the API (producer) and the worker (consumer).
 * Payloads carry IDs only; durable state lives in Postgres.
 */
export const QUEUES = {
  notifications: 'notifications',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobPayloads {
  /** deliver one row of the notification outbox */
  'notification.deliver': { notificationId: string };
}

export type JobName = keyof JobPayloads;

/** Which queue carries each job. The worker refuses to start if any of these has no handler. */
export const JOB_QUEUE: { readonly [J in JobName]: QueueName } = {
  'notification.deliver': QUEUES.notifications,
};

export const ALL_JOB_NAMES = Object.keys(JOB_QUEUE) as JobName[];

/** Default retry policy: processors rethrow, BullMQ retries with backoff. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;
