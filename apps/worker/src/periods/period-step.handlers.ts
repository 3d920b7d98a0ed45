import { Injectable } from '@nestjs/common';
import type { JobPayloads } from '@luoshi/jobs';
import type { JobHandler } from '../jobs/job-handler';
import { ScheduledRunner } from '../schedules/scheduled-runner';
import { PeriodCycleService } from './period-cycle.service';

@Injectable()
export class OpenPeriodHandler implements JobHandler<'period.open'> {
  readonly jobName = 'period.open' as const;
  constructor(
    private readonly runner: ScheduledRunner,
    private readonly cycle: PeriodCycleService,
  ) {}
  handle(data: JobPayloads['period.open']) {
    return this.runner.run(this.jobName, data, (dueAt) => this.cycle.open(data.cadence, dueAt));
  }
}

@Injectable()
export class RemindPeriodHandler implements JobHandler<'period.remind'> {
  readonly jobName = 'period.remind' as const;
  constructor(
    private readonly runner: ScheduledRunner,
    private readonly cycle: PeriodCycleService,
  ) {}
  handle(data: JobPayloads['period.remind']) {
    return this.runner.run(this.jobName, data, (dueAt) => this.cycle.remind(data.cadence, dueAt));
  }
}

@Injectable()
export class ClosePeriodHandler implements JobHandler<'period.close'> {
  readonly jobName = 'period.close' as const;
  constructor(
    private readonly runner: ScheduledRunner,
    private readonly cycle: PeriodCycleService,
  ) {}
  handle(data: JobPayloads['period.close']) {
    return this.runner.run(this.jobName, data, (dueAt) => this.cycle.close(data.cadence, dueAt));
  }
}
