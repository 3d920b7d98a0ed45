import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig, Clock } from '@luoshi/infra';
import { DEFAULT_JOB_OPTIONS, QUEUES } from '@luoshi/jobs';
import type { JobHandler } from '../jobs/job-handler';
import { DeliveryRepository } from './delivery.repository';

/** Deliveries one reconciler pass leases at most; the next pass (or the next job) takes the rest. */
const MAX_PER_PASS = 50_000;

/**
 * The reconciler: Postgres says what is due and unsent; this leases it into batches and enqueues one
 * job per batch (job id = batch key). Runs at start-up, periodically and after every sweep, so a
 * restarted or flushed Redis loses nothing: a batch whose job vanished is leased again when its
 * lease lapses.
 */
@Injectable()
export class DispatchDeliveriesHandler implements JobHandler<'deliveries.dispatch'> {
  readonly jobName = 'deliveries.dispatch' as const;
  private readonly logger = new Logger(DispatchDeliveriesHandler.name);

  constructor(
    private readonly deliveries: DeliveryRepository,
    @InjectQueue(QUEUES.notifications) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async handle(): Promise<{ batches: number; deliveries: number }> {
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + this.config.DELIVERY_LEASE_MS);
    const batches = await this.deliveries.leaseDueBatches({
      now,
      leaseUntil,
      limit: MAX_PER_PASS,
      batchSize: this.config.DELIVERY_BATCH_SIZE,
      dispatchId: randomUUID(),
    });
    if (batches.length === 0) return { batches: 0, deliveries: 0 };
    // in-app batches first: they are one statement each and what users see
    batches.sort((a, b) => Number(b.channel === 'in_app') - Number(a.channel === 'in_app'));
    await this.queue.addBulk(
      batches.map((b) => ({ name: 'deliveries.send-batch', data: { batchKey: b.batch_key }, opts: { ...DEFAULT_JOB_OPTIONS, jobId: b.batch_key } })),
    );
    const deliveries = batches.reduce((sum, b) => sum + b.deliveries, 0);
    this.logger.log({ batches: batches.length, deliveries }, 'deliveries dispatched');
    return { batches: batches.length, deliveries };
  }
}
