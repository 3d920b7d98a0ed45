import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { shanghaiDate } from '@luoshi/domain/calendar';
import { periodLabelZh, periodOf, previousPeriod, reportDueDate } from '@luoshi/domain/reports';
import { enqueueNotifications } from '@luoshi/core';
import { APP_CONFIG, type AppConfig, Clock } from '@luoshi/infra';
import { DEFAULT_JOB_OPTIONS, QUEUES, type CadenceKey } from '@luoshi/jobs';
import { renderDigest, renderMessage } from '@luoshi/notifications';
import { PERIOD_CLOSED_LISTENERS, type PeriodClosedListener } from './period-closed.listener';
import { PeriodRepository } from './period.repository';

/**
 * The reporting cycle (月调度, and 周/旬 for measures that use them), step by step. Each step is for
 * the period its due time falls in (a run made up after downtime acts for its own period), writes its
 * notices as one set with deterministic keys, and stamps reporting_period.
 */
@Injectable()
export class PeriodCycleService {
  private readonly logger = new Logger(PeriodCycleService.name);

  constructor(
    private readonly periods: PeriodRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QUEUES.notifications) private readonly notifications: Queue,
    @Optional() @Inject(PERIOD_CLOSED_LISTENERS) private readonly listeners: PeriodClosedListener[] | null,
  ) {}

  /** Opens the current period and asks every unit with open tasks of the cadence for its report. */
  async open(cadence: CadenceKey, dueAt: Date): Promise<{ period: string; asked: number }> {
    const period = periodOf(cadence, shanghaiDate(dueAt));
    const label = periodLabelZh(cadence, period);
    const reportDue = reportDueDate(cadence, period, this.config.REPORT_GRACE_DAYS);
    const asked = await this.periods.dataSource.transaction(async (m) => {
      if ((await this.periods.open(m, cadence, period, this.clock.now())) === 'closed') return 0;
      const units = await this.periods.unitsWithOpenTasks(m, cadence);
      const rows = units.map((u) => {
        const message = renderMessage('period.opened', { periodLabel: label, reportDue, taskCount: u.task_count });
        return {
          unitId: u.unit_id,
          userId: null,
          kind: 'period.opened',
          title: message.title,
          body: message.text,
          payload: message.data ?? {},
          dedupeKey: `period.opened/${cadence}/${period}/${u.unit_id}`,
        };
      });
      await enqueueNotifications(m, rows);
      return rows.length;
    });
    await this.dispatchSoon(`period-open/${cadence}/${period}`);
    return { period, asked };
  }

  /** Reminds each unit of its open tasks still without a report for the current period: one message per unit. */
  async remind(cadence: CadenceKey, dueAt: Date): Promise<{ period: string; reminded: number }> {
    const today = shanghaiDate(dueAt);
    const period = periodOf(cadence, today);
    const label = periodLabelZh(cadence, period);
    const reportDue = reportDueDate(cadence, period, this.config.REPORT_GRACE_DAYS);
    const reminded = await this.periods.dataSource.transaction(async (m) => {
      const rows = await this.periods.unreported(m, cadence, period);
      const byUnit = new Map<string, typeof rows>();
      for (const row of rows) byUnit.set(row.unit_id, [...(byUnit.get(row.unit_id) ?? []), row]);
      const notices = [...byUnit.entries()].map(([unitId, tasks]) => {
        const message = renderDigest({
          date: today,
          recipientName: tasks[0].unit_name,
          items: tasks.map((t) => ({
            kind: 'reminder.report-missing' as const,
            task: { taskId: t.task_id, title: t.task_title, measureNumber: t.measure_number },
            periodLabel: label,
            reportDue,
          })),
        });
        return {
          unitId,
          userId: null,
          kind: 'period.remind',
          title: message.title,
          body: message.text,
          payload: message.data ?? {},
          dedupeKey: `period.remind/${cadence}/${period}/${unitId}`,
        };
      });
      await enqueueNotifications(m, notices);
      await this.periods.markReminded(m, cadence, period, this.clock.now());
      return notices.length;
    });
    await this.dispatchSoon(`period-remind/${cadence}/${period}`);
    return { period, reminded };
  }

  /** Closes the period before the current one and tells the listeners (the rollup is built then). */
  async close(cadence: CadenceKey, dueAt: Date): Promise<{ period: string }> {
    const period = previousPeriod(cadence, periodOf(cadence, shanghaiDate(dueAt)));
    await this.periods.dataSource.transaction((m) => this.periods.close(m, cadence, period, this.clock.now()));
    for (const listener of this.listeners ?? []) await listener.periodClosed({ cadence, period });
    this.logger.log({ cadence, period }, 'reporting period closed');
    return { period };
  }

  private async dispatchSoon(reason: string): Promise<void> {
    await this.notifications.add(
      'deliveries.dispatch',
      {},
      { ...DEFAULT_JOB_OPTIONS, jobId: `after-${reason.replace(/\//g, '-')}-${this.clock.now().getTime()}` },
    );
  }
}
