import { parseExpression } from 'cron-parser';
import type { AppConfig } from '@luoshi/infra';
import { SCHEDULE_TIMEZONE, type CadenceKey, type JobName, type JobPayloads } from '@luoshi/jobs';

/** One job scheduler: a cron in Asia/Shanghai or a fixed interval; `id` is the BullMQ scheduler id. */
export interface ScheduleDefinition {
  id: string;
  jobName: JobName;
  data: Record<string, unknown>;
  cron?: string;
  every?: number;
  /** a missed run is made up at start-up (the clock's jobs; not the interval ones) */
  catchUp: boolean;
}

const CADENCE_CRONS: Record<CadenceKey, (c: AppConfig) => { open: string; remind: string; close: string }> = {
  monthly: (c) => ({ open: c.MONTHLY_OPEN_CRON, remind: c.MONTHLY_REMIND_CRON, close: c.MONTHLY_CLOSE_CRON }),
  weekly: (c) => ({ open: c.WEEKLY_OPEN_CRON, remind: c.WEEKLY_REMIND_CRON, close: c.WEEKLY_CLOSE_CRON }),
  dekad: (c) => ({ open: c.DEKAD_OPEN_CRON, remind: c.DEKAD_REMIND_CRON, close: c.DEKAD_CLOSE_CRON }),
};

/** Every schedule the worker keeps, from configuration. */
export function scheduleDefinitions(config: AppConfig): ScheduleDefinition[] {
  const periods = (Object.keys(CADENCE_CRONS) as CadenceKey[]).flatMap((cadence) => {
    const crons = CADENCE_CRONS[cadence](config);
    return (['open', 'remind', 'close'] as const).map((step): ScheduleDefinition => ({
      id: `period.${step}.${cadence}`,
      jobName: `period.${step}`,
      data: { cadence },
      cron: crons[step],
      catchUp: true,
    }));
  });
  return [
    { id: 'deliveries.dispatch', jobName: 'deliveries.dispatch', data: {}, every: config.DELIVERY_DISPATCH_EVERY_MS, catchUp: false },
    { id: 'tally.fold', jobName: 'tally.fold', data: {}, every: config.TALLY_FOLD_EVERY_MS, catchUp: false },
    { id: 'reminders.sweep', jobName: 'reminders.sweep', data: {}, cron: config.REMINDER_SWEEP_CRON, catchUp: true },
    ...periods,
    // the stored lights hold for one Shanghai day; a missed midnight is not made up: the API's first read does it
    { id: 'lights.recompute', jobName: 'lights.recompute', data: {}, cron: '0 0 * * *', catchUp: false },
    { id: 'auth.purge-expired-refresh-tokens', jobName: 'auth.purge-expired-refresh-tokens', data: {}, cron: '30 3 * * *', catchUp: false },
    { id: 'ledgers.purge', jobName: 'ledgers.purge', data: {}, cron: '45 3 * * *', catchUp: false },
  ];
}

/** The scheduler id a run of this job belongs to (the job data names the cadence). */
export function scheduleIdOf(jobName: JobName, data: JobPayloads[JobName]): string {
  return 'cadence' in data ? `${jobName}.${data.cadence}` : jobName;
}

/** The latest time the cron fell due at or before `now` (Asia/Shanghai, whatever the process TZ). */
export function lastDue(cron: string, now: Date): Date {
  // +1 ms: a run due exactly now counts as due
  return parseExpression(cron, { currentDate: new Date(now.getTime() + 1), tz: SCHEDULE_TIMEZONE })
    .prev()
    .toDate();
}

/** The next time the cron falls due after `now`. */
export function nextDue(cron: string, now: Date): Date {
  return parseExpression(cron, { currentDate: now, tz: SCHEDULE_TIMEZONE }).next().toDate();
}
