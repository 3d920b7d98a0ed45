import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Test } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Clock, createDataSource } from '@luoshi/infra';
import { QUEUES, type QueueName } from '@luoshi/jobs';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { createUnit } from './factories';
import { createTestDatabase, type TestDatabase } from './test-database';
import { redisPrefix, TEST_REDIS_URL } from './test-env';
import { waitFor } from './wait-for';

export interface TestWorker {
  app: INestApplicationContext;
  db: DataSource;
  queue(name: QueueName): Queue;
  /** resolves when the queue has nothing waiting or running (the start-up's made-up runs included) */
  idle(name: QueueName, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** The environment a worker of `databaseUrl` runs with (its own Redis prefix). */
export function workerEnv(databaseUrl: string, redisPrefix: string, env: Record<string, string> = {}): Record<string, string> {
  // the tests' webhook receivers listen on loopback, which the SSRF guard refuses unless allowed
  return {
    NODE_ENV: 'test',
    OUTBOUND_ALLOW_HOSTS: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: redisPrefix,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...env,
  };
}

/**
 * The real worker (WorkerModule: processors, schedulers, reconciler) in this process, on a database
 * and Redis prefix of the test's choosing; `clock` replaces the system clock.
 */
export async function createTestWorker(
  databaseUrl: string,
  redisPrefix: string,
  options: { clock?: Clock; env?: Record<string, string> } = {},
): Promise<TestWorker> {
  Object.assign(process.env, workerEnv(databaseUrl, redisPrefix, options.env));
  const builder = Test.createTestingModule({ imports: [WorkerModule] });
  if (options.clock) builder.overrideProvider(Clock).useValue(options.clock);
  const moduleRef = await builder.compile();
  const app = await moduleRef.init();
  return {
    app,
    db: app.get(DataSource),
    queue: (name) => app.get<Queue>(getQueueToken(name)),
    idle: async (name, timeoutMs = 60_000) => {
      const queue = app.get<Queue>(getQueueToken(name));
      await waitFor(
        async () => {
          const c = await queue.getJobCounts('waiting', 'active', 'prioritized');
          return c.waiting + c.active + c.prioritized === 0;
        },
        `queue ${name} to be idle`,
        timeoutMs,
        100,
      );
    },
    close: () => app.close(),
  };
}

/** The worker as its own process (ts-node, as `npm run dev` would), for tests that kill it. */
export function spawnWorker(databaseUrl: string, redisPrefix: string, env: Record<string, string> = {}): ChildProcess {
  const root = join(__dirname, '../..');
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/worker/src/main.ts'], {
    cwd: root,
    env: { ...process.env, ...workerEnv(databaseUrl, redisPrefix, env), TS_NODE_PROJECT: join(root, 'tsconfig.json') },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

export const ALL_QUEUES = Object.values(QUEUES);

/**
 * What the child-process delivery specs (kill -9, SIGTERM) share: a database, a webhook receiver
 * on loopback recording each request's webhook-id and answering after `replyDelayMs` (slow enough
 * for a kill or signal to land mid-batch), one unit whose webhook points at it, and `count`
 * notifications to that unit, each with an in-app and a webhook delivery, keyed `${tag}-<i>`.
 */
export interface WebhookDeliveryWorld {
  database: TestDatabase;
  db: DataSource;
  /** the worker's Redis prefix */
  prefix: string;
  /** webhook-ids in the order the receiver got them (duplicates included) */
  seen: string[];
  /** deliveries of the seeded notifications delivered on `channel` */
  delivered(channel: 'in_app' | 'webhook'): Promise<number>;
  close(): Promise<void>;
}

export async function createWebhookDeliveryWorld(options: { tag: string; count: number; replyDelayMs: number }): Promise<WebhookDeliveryWorld> {
  const { tag, count, replyDelayMs } = options;
  const seen: string[] = [];
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push(String(req.headers['webhook-id']));
      setTimeout(() => res.writeHead(200).end('ok'), replyDelayMs);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const database = await createTestDatabase();
  const db = await createDataSource(database.url).initialize();
  const unit = (await createUnit(db)).id;
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  await db.query(`INSERT INTO unit_channel (unit_id, channel, address, secret) VALUES ($1, 'webhook', $2, $3)`, [
    unit,
    url,
    `whsec_${randomBytes(24).toString('base64')}`,
  ]);
  await db.query(
    `WITH n AS (INSERT INTO notification (recipient_unit_id, kind, title, body, dedupe_key)
                SELECT $1, 'task.added', '新增交办任务', '请签收', $2::text || '-' || i FROM generate_series(1, $3::int) i RETURNING id, dedupe_key)
     INSERT INTO notification_delivery (notification_id, channel, recipient, delivery_key)
     SELECT id, c, 'unit:' || $1, dedupe_key || '|' || c || '|unit:' || $1
       FROM n CROSS JOIN unnest(ARRAY['in_app', 'webhook']) c`,
    [unit, tag, count],
  );
  return {
    database,
    db,
    prefix: `${redisPrefix()}-${database.name}`,
    seen,
    delivered: async (channel) =>
      (
        await db.query(`SELECT count(*)::int AS n FROM notification_delivery WHERE channel = $1 AND status = 'delivered' AND delivery_key LIKE $2`, [
          channel,
          `${tag}-%`,
        ])
      )[0].n as number,
    close: async () => {
      await db.destroy();
      await database.drop();
      receiver.close();
    },
  };
}
