import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { JOB_QUEUE, QueueName, QUEUES, SCHEDULE_TIMEZONE, SCHEDULES } from '@luoshi/jobs';

/** Registers the repeatable jobs on their queues (idempotent: a scheduler id is upserted, never duplicated). */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SchedulerService.name);
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    @InjectQueue(QUEUES.notifications) notifications: Queue,
    @InjectQueue(QUEUES.maintenance) maintenance: Queue,
    @InjectQueue(QUEUES.rollups) rollups: Queue,
  ) {
    this.queues = { notifications, maintenance, rollups };
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const schedule of SCHEDULES) {
      await this.queues[JOB_QUEUE[schedule.jobName]].upsertJobScheduler(
        schedule.jobName,
        schedule.cron ? { pattern: schedule.cron, tz: SCHEDULE_TIMEZONE } : { every: schedule.every! },
        { name: schedule.jobName, data: {} },
      );
      this.logger.log({ job: schedule.jobName }, 'schedule registered');
    }
  }
}
