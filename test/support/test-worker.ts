import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Test } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Clock } from '@luoshi/infra';
import { QUEUES, type QueueName } from '@luoshi/jobs';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { TEST_REDIS_URL } from './test-env';
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
