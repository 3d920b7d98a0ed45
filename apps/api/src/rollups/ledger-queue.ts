import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig, redisConnectionOptions } from '@luoshi/infra';
import { DEFAULT_JOB_OPTIONS, ledgerJobId, QUEUES } from '@luoshi/jobs';

/**
 * The API's producer side of the rollups queue: it only ever enqueues ledger builds. The queue (and
 * its Redis connection) is opened on the first request, so an API instance that never exports a
 * ledger never holds one.
 */
@Injectable()
export class LedgerQueue implements OnApplicationShutdown {
  private queue: Queue | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Enqueues the build once (its id is the ledger's). */
  async enqueueBuild(ledgerId: string): Promise<void> {
    this.queue ??= new Queue(QUEUES.rollups, {
      connection: redisConnectionOptions(this.config.REDIS_URL),
      prefix: this.config.REDIS_PREFIX,
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
    });
    await this.queue.add('ledger.build', { ledgerId }, { jobId: ledgerJobId({ ledgerId }) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue?.close();
  }
}
