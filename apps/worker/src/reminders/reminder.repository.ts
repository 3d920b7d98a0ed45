import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { addDays } from '@luoshi/domain/calendar';
import type { DueWindow } from '@luoshi/domain/reminders';

/** Tasks that still owe work: reminders and escalations are about these only. */
const OPEN_STATES = ['not_started', 'in_progress'];
/** A report that counts as given for its period. */
const REPORTED = ['submitted', 'accepted'];

/** A reminder planned today and not yet in a digest, with what its message says. */
export interface PlannedReminderRow {
  id: string;
  unit_id: string;
  unit_name: string;
  rule: string;
  detail: Record<string, unknown>;
  task_id: string;
  task_title: string;
  measure_number: string | null;
}

export interface EscalationRow {
  task_id: string;
  due_date: string;
  days_overdue: number;
  task_title: string;
  measure_number: string | null;
  lead_unit_name: string | null;
}

/**
 * The sweep's SQL: every rule plans its reminders for the day as one INSERT … SELECT … ON CONFLICT
 * DO NOTHING over all tasks (never a statement per reminder); the unique (task, unit, rule, date)
 * makes a second sweep, a retried job or a second worker plan nothing new. Run in one transaction.
 */
@Injectable()
export class ReminderRepository {
  /** k working days before, and the day itself: the lead and co-units of open dated tasks. */
  async planDueSoon(m: EntityManager, today: string, windows: DueWindow[]): Promise<number> {
    const all = [...windows, { rule: 'due.today', workingDaysLeft: 0, after: addDays(today, -1), through: today }];
    return countInserted(
      m,
        `INSERT INTO reminder (task_id, unit_id, rule, on_date, detail)
         SELECT t.id, tu.unit_id, w.rule, $1::date, jsonb_build_object('dueDate', t.due_date::text, 'workingDaysLeft', w.days_left)
           FROM unnest($2::text[], $3::int[], $4::date[], $5::date[]) AS w(rule, days_left, after, through)
           JOIN task t ON t.due_date > w.after AND t.due_date <= w.through
           JOIN task_unit tu ON tu.task_id = t.id
          WHERE t.published_at IS NOT NULL AND t.state = ANY($6::text[]) AND t.deadline_precision <> 'ongoing'
         ON CONFLICT ON CONSTRAINT uq_reminder_identity DO NOTHING`,
        [today, all.map((w) => w.rule), all.map((w) => w.workingDaysLeft), all.map((w) => w.after), all.map((w) => w.through), OPEN_STATES],
    );
  }

  /** Overdue: every `everyDays` days after the deadline while the task is open. */
  async planOverdue(m: EntityManager, today: string, everyDays: number): Promise<number> {
    return countInserted(
      m,
        `INSERT INTO reminder (task_id, unit_id, rule, on_date, detail)
         SELECT t.id, tu.unit_id, 'overdue', $1::date, jsonb_build_object('dueDate', t.due_date::text, 'daysOverdue', $1::date - t.due_date)
           FROM task t JOIN task_unit tu ON tu.task_id = t.id
          WHERE t.published_at IS NOT NULL AND t.state = ANY($3::text[]) AND t.deadline_precision <> 'ongoing'
            AND t.due_date < $1::date AND ($1::date - t.due_date) % $2 = 0
         ON CONFLICT ON CONSTRAINT uq_reminder_identity DO NOTHING`,
        [today, everyDays, OPEN_STATES],
    );
  }

  /** 签收 not done by its deadline: each unit that has not signed, on the deadline and every few days after. */
  async planReceipt(m: EntityManager, today: string, dates: { publishedOn: string; receiptDue: string }[]): Promise<number> {
    if (dates.length === 0) return 0;
    return countInserted(
      m,
        `INSERT INTO reminder (task_id, unit_id, rule, on_date, detail)
         SELECT t.id, tu.unit_id, 'receipt.pending', $1::date, jsonb_build_object('receiptDue', d.receipt_due::text)
           FROM unnest($2::date[], $3::date[]) AS d(published_on, receipt_due)
           JOIN task t ON t.published_at >= (d.published_on::timestamp AT TIME ZONE 'Asia/Shanghai')
                      AND t.published_at < ((d.published_on + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
           JOIN task_unit tu ON tu.task_id = t.id AND tu.signed_at IS NULL
          WHERE t.state = ANY($4::text[])
         ON CONFLICT ON CONSTRAINT uq_reminder_identity DO NOTHING`,
        [today, dates.map((d) => d.publishedOn), dates.map((d) => d.receiptDue), OPEN_STATES],
    );
  }

  /** A periodic report missing (undated 长期 tasks are reminded this way too): each unit without one. */
  async planReportMissing(m: EntityManager, today: string, cadence: string, period: string, periodEnd: string, detail: Record<string, unknown>): Promise<number> {
    return countInserted(
      m,
        `INSERT INTO reminder (task_id, unit_id, rule, on_date, detail)
         SELECT t.id, tu.unit_id, 'report.missing', $1::date, $5::jsonb
           FROM task t JOIN task_unit tu ON tu.task_id = t.id
          WHERE t.published_at IS NOT NULL AND t.state = ANY($6::text[]) AND t.report_cadence = $2
            AND t.published_at < (($4::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
            AND NOT EXISTS (SELECT 1 FROM progress_report r WHERE r.task_id = t.id AND r.unit_id = tu.unit_id AND r.period = $3 AND r.status = ANY($7::text[]))
         ON CONFLICT ON CONSTRAINT uq_reminder_identity DO NOTHING`,
        [today, cadence, period, periodEnd, JSON.stringify({ ...detail, period }), OPEN_STATES, REPORTED],
    );
  }

  /** An open supervision notice whose reply is due today or by the next working day: its unit. */
  async planNoticeReply(m: EntityManager, today: string, nextWorkingDay: string): Promise<number> {
    return countInserted(
      m,
        `INSERT INTO reminder (task_id, unit_id, rule, on_date, detail)
         SELECT n.task_id, n.unit_id, 'notice.reply-due', $1::date, jsonb_build_object('replyDue', min(n.reply_due)::text, 'level', max(n.level))
           FROM supervision_notice n
          WHERE n.status = 'open' AND n.reply_due >= $1::date AND n.reply_due <= $2::date
          GROUP BY n.task_id, n.unit_id
         ON CONFLICT ON CONSTRAINT uq_reminder_identity DO NOTHING`,
        [today, nextWorkingDay],
    );
  }

  /** Flags tasks overdue by `afterDays` or more (once per task and deadline) and returns the new flags. */
  async escalate(m: EntityManager, today: string, afterDays: number, now: Date): Promise<EscalationRow[]> {
    return m.query(
      `WITH flagged AS (
         INSERT INTO task_escalation (task_id, due_date, days_overdue, escalated_at)
         SELECT t.id, t.due_date, $1::date - t.due_date, $3
           FROM task t
          WHERE t.published_at IS NOT NULL AND t.state = ANY($4::text[]) AND t.deadline_precision <> 'ongoing'
            AND t.due_date <= $1::date - $2::int
         ON CONFLICT ON CONSTRAINT uq_task_escalation DO NOTHING
         RETURNING task_id, due_date, days_overdue)
       SELECT f.task_id, f.due_date::text AS due_date, f.days_overdue, t.title AS task_title, m.number AS measure_number, u.name AS lead_unit_name
         FROM flagged f JOIN task t ON t.id = f.task_id JOIN measure m ON m.id = t.measure_id
         LEFT JOIN task_unit tu ON tu.task_id = t.id AND tu.role = 'lead'
         LEFT JOIN unit u ON u.id = tu.unit_id`,
      [today, afterDays, now, OPEN_STATES],
    );
  }

  async officeUserIds(m: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await m.query(`SELECT id FROM app_user WHERE role = 'office' AND NOT disabled ORDER BY id`);
    return rows.map((r) => r.id);
  }

  /** Today's reminders not yet in a digest, by unit. */
  async undigested(m: EntityManager, today: string): Promise<PlannedReminderRow[]> {
    return m.query(
      `SELECT r.id, r.unit_id, u.name AS unit_name, r.rule, r.detail, t.id AS task_id, t.title AS task_title, ms.number AS measure_number
         FROM reminder r JOIN task t ON t.id = r.task_id JOIN measure ms ON ms.id = t.measure_id JOIN unit u ON u.id = r.unit_id
        WHERE r.on_date = $1::date AND r.notification_id IS NULL
        ORDER BY r.unit_id, r.id`,
      [today],
    );
  }

  async linkToDigest(m: EntityManager, reminderIds: string[], notificationIds: string[]): Promise<void> {
    await m.query(
      `UPDATE reminder r SET notification_id = l.notification_id FROM unnest($1::uuid[], $2::uuid[]) AS l(id, notification_id) WHERE r.id = l.id`,
      [reminderIds, notificationIds],
    );
  }
}

/** How many rows an INSERT … ON CONFLICT DO NOTHING wrote (conflicting rows are not counted). */
async function countInserted(m: EntityManager, insertSql: string, parameters: unknown[]): Promise<number> {
  const [{ n }]: { n: number }[] = await m.query(`WITH ins AS (${insertSql} RETURNING 1) SELECT count(*)::int AS n FROM ins`, parameters);
  return n;
}
