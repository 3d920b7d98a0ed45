import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { APP_CONFIG, type AppConfig, preflight } from '@luoshi/infra';
import { WorkerModule } from './worker.module';
import { closeQueueWorkers } from './jobs/queue.processor';

async function bootstrap(): Promise<void> {
  await preflight();
  // createApplicationContext fails (and no worker starts) if a contract job has no handler
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  // not enableShutdownHooks(): Nest re-raises the signal after closing, so the exit status would be "killed"
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void shutdown(app, signal);
    });
  }
  app.get(Logger).log('worker started');
}

/**
 * Graceful stop: take no new jobs and let running ones finish (their outcomes are recorded), then
 * close Postgres, Redis and SMTP. Jobs still waiting stay in Redis and schedulers stay registered for
 * the next start; past the timeout the process exits anyway and what it held is released by BullMQ's
 * stalled-job check and the delivery lease, so nothing is lost.
 */
async function shutdown(app: INestApplicationContext, signal: NodeJS.Signals): Promise<void> {
  const logger = app.get(Logger);
  const timeoutMs = app.get<AppConfig>(APP_CONFIG).WORKER_SHUTDOWN_TIMEOUT_MS;
  logger.log({ signal, timeoutMs }, 'worker stopping: finishing running jobs');
  setTimeout(() => {
    process.stderr.write(`luoshi-worker: running jobs did not finish within ${timeoutMs} ms; exiting, they will be retried\n`);
    process.exit(1);
  }, timeoutMs).unref();
  try {
    // the queue workers first, while the database and channels they use are still open
    await closeQueueWorkers(app);
    await app.close();
    process.exit(0);
  } catch (err) {
    process.stderr.write(`luoshi-worker: shutdown failed: ${(err as Error).message}\n`);
    process.exit(1);
  }
}

bootstrap().catch((err: Error) => {
  process.stderr.write(`luoshi-worker: ${err.message}\n`);
  process.exit(1);
});
