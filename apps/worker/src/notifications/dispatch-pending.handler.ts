import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { DEFAULT_JOB_OPTIONS, QUEUES } from '@luoshi/jobs';
import type { JobHandler } from '../jobs/job-handler';

const BATCH = 500;

/**
 * Moves pending outbox rows onto the queue. The job id is the notification id, so a row that is
 * already queued is not queued twice however often this runs.
 */
@Injectable()
export class DispatchPendingNotificationsHandler implements JobHandler<'notification.dispatch-pending'> {
  readonly jobName = 'notification.dispatch-pending' as const;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.notifications) private readonly queue: Queue,
  ) {}

  async handle(): Promise<{ queued: number }> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM notification WHERE status = 'pending' ORDER BY created_at LIMIT $1`,
      [BATCH],
    );
    await this.queue.addBulk(
      rows.map((r) => ({ name: 'notification.deliver', data: { notificationId: r.id }, opts: { ...DEFAULT_JOB_OPTIONS, jobId: `deliver-${r.id}` } })),
    );
    return { queued: rows.length };
  }
}
