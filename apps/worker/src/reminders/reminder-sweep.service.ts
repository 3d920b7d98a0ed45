import { createHash } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource, type EntityManager } from 'typeorm';
import { addWorkingDays, shanghaiDate } from '@luoshi/domain/calendar';
import { dueSoonWindows, parseWorkingDaysBefore, receiptReminderDates, reportReminderPeriod, type ReminderPolicy } from '@luoshi/domain/reminders';
import { periodBounds, periodLabelZh, REPORT_CADENCES } from '@luoshi/domain/reports';
import { NOTICE_LEVEL_LABELS_ZH, type NoticeLevel } from '@luoshi/domain/tasks';
import { enqueueNotifications, WorkCalendarSource } from '@luoshi/core';
import { APP_CONFIG, type AppConfig, Clock } from '@luoshi/infra';
import { DEFAULT_JOB_OPTIONS, QUEUES } from '@luoshi/jobs';
import { renderDigest, renderMessage, type RoutineReminder } from '@luoshi/notifications';
import { ReminderRepository, type PlannedReminderRow } from './reminder.repository';

export interface SweepResult {
  date: string;
  planned: number;
  digests: number;
  escalated: number;
}

/**
 * The daily sweep for one Shanghai date: plans every rule's reminders in sets, groups a unit's
 * routine reminders of the day into one digest notification, flags tasks overdue past the threshold
 * and tells the office at once, and fans all of them out into deliveries — in one transaction, so a
 * crash leaves nothing half-planned and a rerun plans exactly what is missing. Then it asks the
 * reconciler to dispatch.
 */
@Injectable()
export class ReminderSweepService {
  private readonly logger = new Logger(ReminderSweepService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reminders: ReminderRepository,
    private readonly calendar: WorkCalendarSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QUEUES.notifications) private readonly notifications: Queue,
  ) {}

  policy(): ReminderPolicy {
    return {
      workingDaysBefore: parseWorkingDaysBefore(this.config.REMINDER_WORKING_DAYS_BEFORE),
      overdueEveryDays: this.config.REMINDER_OVERDUE_EVERY_DAYS,
      escalateAfterDaysOverdue: this.config.ESCALATE_AFTER_DAYS_OVERDUE,
      receiptWorkingDays: this.config.RECEIPT_WORKING_DAYS,
      reportGraceDays: this.config.REPORT_GRACE_DAYS,
    };
  }

  /** The sweep for the Shanghai date of `dueAt` (a run made up later still sweeps its own day). */
  async sweep(dueAt: Date): Promise<SweepResult> {
    const today = shanghaiDate(dueAt);
    const policy = this.policy();
    const calendar = await this.calendar.current();
    const now = this.clock.now();
    const result = await this.dataSource.transaction(async (m) => {
      await this.reminders.lockDay(m, today);
      await this.reminders.startPlan(m);
      await this.reminders.planDueSoon(m, today, dueSoonWindows(today, policy.workingDaysBefore, calendar));
      await this.reminders.planOverdue(m, today, policy.overdueEveryDays);
      await this.reminders.planReceipt(m, today, receiptReminderDates(today, policy, calendar));
      for (const cadence of REPORT_CADENCES) {
        const due = reportReminderPeriod(today, cadence, policy.reportGraceDays);
        if (!due) continue;
        const detail = { periodLabel: periodLabelZh(cadence, due.period), reportDue: due.reportDue };
        await this.reminders.planReportMissing(m, today, { cadence, period: due.period, periodEnd: periodBounds(cadence, due.period).end, detail });
      }
      await this.reminders.planNoticeReply(m, today, addWorkingDays(today, 1, calendar.holidays, calendar.makeupWorkdays));
      const planned = await this.reminders.dropAlreadyPlanned(m);
      const digests = await this.writeDigests(m, today);
      const escalated = await this.escalate(m, today, policy.escalateAfterDaysOverdue, now);
      return { date: today, planned, digests, escalated };
    });
    if (result.digests > 0 || result.escalated > 0) {
      await this.notifications.add('deliveries.dispatch', {}, { ...DEFAULT_JOB_OPTIONS, jobId: `after-sweep/${today}/${now.getTime()}` });
    }
    this.logger.log(result, 'reminder sweep done');
    return result;
  }

  /**
   * One digest notification per unit for the day's new routine reminders, then the reminders
   * themselves, linked to their digest. A digest's key is a hash of the reminders it lists (their
   * identities: task, rule), so a rerun after a crash writes the same key and a later sweep of the
   * same day with new reminders a new one.
   */
  private async writeDigests(m: EntityManager, today: string): Promise<number> {
    const rows = await this.reminders.planned(m);
    if (rows.length === 0) return 0;
    const byUnit = new Map<string, PlannedReminderRow[]>();
    for (const row of rows) {
      const items = byUnit.get(row.unit_id);
      if (items) items.push(row);
      else byUnit.set(row.unit_id, [row]);
    }
    const digests = [...byUnit.entries()].map(([unitId, items]) => {
      const message = renderDigest({ date: today, recipientName: items[0].unit_name, items: items.map(toRoutineReminder) });
      const hash = createHash('sha256');
      for (const item of items) hash.update(`${item.task_id}/${item.rule};`);
      const dedupeKey = `reminder.digest/${unitId}/${today}/${hash.digest('base64url').slice(0, 22)}`;
      return { unitId, userId: null, kind: 'reminder.digest', title: message.title, body: message.text, payload: message.data ?? {}, dedupeKey };
    });
    const ids = await enqueueNotifications(m, digests);
    await this.reminders.commitPlan(m, { unitIds: digests.map((d) => d.unitId), notificationIds: digests.map((d) => ids.get(d.dedupeKey)!) });
    return digests.length;
  }

  /** Escalations go to every office user at once, not in a digest. */
  private async escalate(m: EntityManager, today: string, afterDays: number, now: Date): Promise<number> {
    const flagged = await this.reminders.escalate(m, today, afterDays, now);
    if (flagged.length === 0) return 0;
    const office = await this.reminders.officeUserIds(m);
    const rows = flagged.flatMap((f) => {
      const message = renderMessage('task.escalated', {
        task: { taskId: f.task_id, title: f.task_title, measureNumber: f.measure_number },
        unitName: f.lead_unit_name ?? '牵头单位',
        dueDate: f.due_date,
        daysOverdue: f.days_overdue,
      });
      return office.map((userId) => ({
        unitId: null,
        userId,
        kind: 'task.escalated',
        title: message.title,
        body: message.text,
        payload: message.data ?? {},
        dedupeKey: `task.escalated/${f.task_id}/${f.due_date}/${userId}`,
      }));
    });
    await enqueueNotifications(m, rows);
    return flagged.length;
  }
}

function toRoutineReminder(row: PlannedReminderRow): RoutineReminder {
  const task = { taskId: row.task_id, title: row.task_title, measureNumber: row.measure_number };
  const d = row.detail as Record<string, string & number>;
  switch (row.rule) {
    case 'overdue':
      return { kind: 'reminder.overdue', task, dueDate: d.dueDate, daysOverdue: Number(d.daysOverdue) };
    case 'receipt.pending':
      return { kind: 'reminder.receipt', task, receiptDue: d.receiptDue, overdue: false };
    case 'report.missing':
      return { kind: 'reminder.report-missing', task, periodLabel: d.periodLabel, reportDue: d.reportDue };
    case 'notice.reply-due':
      return { kind: 'reminder.notice-reply', task, levelLabel: NOTICE_LEVEL_LABELS_ZH[d.level as NoticeLevel] ?? '督办', replyDue: d.replyDue };
    default:
      return { kind: 'reminder.due-soon', task, dueDate: d.dueDate, workingDaysLeft: Number(d.workingDaysLeft) };
  }
}
