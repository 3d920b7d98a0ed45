import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig, redisConnectionOptions } from '@luoshi/infra';
import { DEFAULT_JOB_OPTIONS, ledgerJobId, QUEUES } from '@luoshi/jobs';

/** The API's producer side of the rollups queue: it only ever enqueues ledger builds. */
@Injectable()
export class LedgerQueue implements OnApplicationShutdown {
  private readonly queue: Queue;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.queue = new Queue(QUEUES.rollups, {
      connection: redisConnectionOptions(config.REDIS_URL),
      prefix: config.REDIS_PREFIX,
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
    });
  }

  /** Enqueues the build once (its id is the ledger's). */
  async enqueueBuild(ledgerId: string): Promise<void> {
    await this.queue.add('ledger.build', { ledgerId }, { jobId: ledgerJobId({ ledgerId }) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
