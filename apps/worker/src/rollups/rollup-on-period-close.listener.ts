import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { type CadenceKey, QUEUES, rollupJobId } from '@luoshi/jobs';
import type { PeriodClosedListener } from '../periods/period-closed.listener';

/**
 * A closed period enqueues its rollup. The job id is the period's, so a close run made up after
 * downtime, repeated, or seen by two worker instances adds one job while BullMQ keeps it (a day,
 * DEFAULT_JOB_OPTIONS); a later duplicate would only rebuild the same snapshot in place.
 */
@Injectable()
export class RollupOnPeriodClose implements PeriodClosedListener {
  constructor(@InjectQueue(QUEUES.rollups) private readonly rollups: Queue) {}

  async periodClosed(closed: { cadence: CadenceKey; period: string }): Promise<void> {
    await this.rollups.add('rollup.build', closed, { jobId: rollupJobId(closed) });
  }
}
