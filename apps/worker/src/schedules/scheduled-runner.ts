import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, Clock } from '@luoshi/infra';
import type { JobName, JobPayloads, ScheduledRun } from '@luoshi/jobs';
import { lastDue, scheduleDefinitions, scheduleIdOf, type ScheduleDefinition } from './schedule-definitions';
import { ScheduleRunRepository } from './schedule-run.repository';

/**
 * Runs a scheduled job once per due time. The due time is the job's `dueAt` (a run made up at
 * start-up) or the schedule's latest occurrence by the clock (a run its scheduler fired). A run already
 * finished for that due time is skipped, so a made-up run and the scheduler's own never both act;
 * the work itself is idempotent too (unique rows), so two at once are harmless.
 */
@Injectable()
export class ScheduledRunner {
  private readonly logger = new Logger(ScheduledRunner.name);
  private readonly schedules: Map<string, ScheduleDefinition>;

  constructor(
    private readonly runs: ScheduleRunRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.schedules = new Map(scheduleDefinitions(config).map((s) => [s.id, s]));
  }

  async run<J extends JobName, R>(jobName: J, data: JobPayloads[J] & ScheduledRun, work: (dueAt: Date) => Promise<R>): Promise<R | { skipped: true }> {
    const scheduleId = scheduleIdOf(jobName, data);
    const schedule = this.schedules.get(scheduleId);
    const dueAt = data.dueAt ? new Date(data.dueAt) : schedule?.cron ? lastDue(schedule.cron, this.clock.now()) : this.clock.now();
    if (await this.runs.isFinished(scheduleId, dueAt)) {
      this.logger.log({ schedule: scheduleId, dueAt }, 'scheduled run already done');
      return { skipped: true };
    }
    await this.runs.started(scheduleId, dueAt, this.clock.now());
    const result = await work(dueAt);
    await this.runs.finished(scheduleId, dueAt, this.clock.now(), result);
    this.logger.log({ schedule: scheduleId, dueAt, result }, 'scheduled run done');
    return result;
  }
}
