import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QUEUES, SCHEDULE_TIMEZONE, SCHEDULES } from '@luoshi/jobs';

/** Registers the repeatable jobs (idempotent: a scheduler id is upserted, never duplicated). */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SchedulerService.name);

  constructor(@InjectQueue(QUEUES.notifications) private readonly notifications: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const schedule of SCHEDULES) {
      await this.notifications.upsertJobScheduler(
        schedule.jobName,
        schedule.cron ? { pattern: schedule.cron, tz: SCHEDULE_TIMEZONE } : { every: schedule.every! },
        { name: schedule.jobName, data: {} },
      );
      this.logger.log({ job: schedule.jobName }, 'schedule registered');
    }
  }
}
