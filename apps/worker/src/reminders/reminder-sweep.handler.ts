import { Injectable } from '@nestjs/common';
import type { ScheduledRun } from '@luoshi/jobs';
import type { JobHandler } from '../jobs/job-handler';
import { ScheduledRunner } from '../schedules/scheduled-runner';
import { ReminderSweepService } from './reminder-sweep.service';

@Injectable()
export class ReminderSweepHandler implements JobHandler<'reminders.sweep'> {
  readonly jobName = 'reminders.sweep' as const;

  constructor(
    private readonly runner: ScheduledRunner,
    private readonly sweep: ReminderSweepService,
  ) {}

  handle(data: ScheduledRun) {
    return this.runner.run(this.jobName, data, (dueAt) => this.sweep.sweep(dueAt));
  }
}
