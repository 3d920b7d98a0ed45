import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig, Clock } from '@luoshi/infra';
import { DEFAULT_JOB_OPTIONS, JOB_QUEUE, QueueName, QUEUES, SCHEDULE_TIMEZONE } from '@luoshi/jobs';
import { lastDue, scheduleDefinitions, type ScheduleDefinition } from './schedule-definitions';
import { ScheduleRunRepository } from './schedule-run.repository';

/**
 * At start-up, on every instance:
 * 1. upserts the job schedulers (BullMQ `upsertJobScheduler`, cron in Asia/Shanghai): the id is the
 *    schedule's, so any number of instances starting at once leave exactly one each; schedulers no
 *    longer configured are removed;
 * 2. makes up missed runs: a schedule whose latest due time has no finished run is enqueued once
 *    for that due time (job id = schedule + due time, so instances starting together add one);
 * 3. reconciles: a dispatch pass re-enqueues whatever Postgres says is due and unsent.
 */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SchedulerService.name);
  private readonly queues: Record<QueueName, Queue>;
  private readonly schedules: ScheduleDefinition[];

  constructor(
    @InjectQueue(QUEUES.notifications) notifications: Queue,
    @InjectQueue(QUEUES.schedules) schedules: Queue,
    @InjectQueue(QUEUES.maintenance) maintenance: Queue,
    @InjectQueue(QUEUES.rollups) rollups: Queue,
    private readonly runs: ScheduleRunRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.queues = { notifications, schedules, maintenance, rollups };
    this.schedules = scheduleDefinitions(config);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.registerSchedulers();
    await this.makeUpMissedRuns();
    await this.queues.notifications.add('deliveries.dispatch', {}, { ...DEFAULT_JOB_OPTIONS, jobId: `reconcile-at-start/${this.clock.now().getTime()}` });
  }

  private async registerSchedulers(): Promise<void> {
    for (const schedule of this.schedules) {
      await this.queues[JOB_QUEUE[schedule.jobName]].upsertJobScheduler(
        schedule.id,
        schedule.cron ? { pattern: schedule.cron, tz: SCHEDULE_TIMEZONE } : { every: schedule.every! },
        { name: schedule.jobName, data: schedule.data, opts: { ...DEFAULT_JOB_OPTIONS } },
      );
    }
    const wanted = new Set(this.schedules.map((s) => s.id));
    for (const queue of Object.values(this.queues)) {
      for (const existing of await queue.getJobSchedulers()) {
        if (existing.key && !wanted.has(existing.key)) await queue.removeJobScheduler(existing.key);
      }
    }
    this.logger.log({ schedules: [...wanted] }, 'schedules registered');
  }

  private async makeUpMissedRuns(): Promise<void> {
    const now = this.clock.now();
    const missed: { schedule: ScheduleDefinition; dueAt: Date }[] = [];
    for (const schedule of this.schedules) {
      if (!schedule.catchUp || !schedule.cron) continue;
      const dueAt = lastDue(schedule.cron, now);
      if (!(await this.runs.isFinished(schedule.id, dueAt))) missed.push({ schedule, dueAt });
    }
    // in due order: a period opened before it is reminded, reminded before it is closed
    missed.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
    for (const { schedule, dueAt } of missed) {
      await this.queues[JOB_QUEUE[schedule.jobName]].add(
        schedule.jobName,
        { ...schedule.data, dueAt: dueAt.toISOString() },
        { ...DEFAULT_JOB_OPTIONS, jobId: `made-up/${schedule.id}/${dueAt.getTime()}` },
      );
      this.logger.log({ schedule: schedule.id, dueAt }, 'missed run made up');
    }
  }
}
