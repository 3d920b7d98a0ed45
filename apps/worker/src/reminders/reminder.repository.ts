import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { addDays } from '@luoshi/domain/calendar';
import type { DueWindow } from '@luoshi/domain/reminders';
import { queryRow, queryRows, sql, type Sql } from '@luoshi/infra';

/** Tasks that still owe work: reminders and escalations are about these only. */
const OPEN_STATES = ['not_started', 'in_progress'];
/** A report that counts as given for its period. */
const REPORTED = ['submitted', 'accepted'];

/** A reminder planned today and not yet sent, with what its message says. */
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

interface CountRow {
  n: number;
}

/**
 * The sweep's SQL. Every rule plans its reminders for the day as one INSERT … SELECT over all tasks
 * (never a statement per reminder) into a temp table of the sweep (`sweep_reminder`, keyed by the
 * reminder's identity: task, unit, rule, date); what the `reminder` table already holds is dropped
 * from it in one statement. The digests are written from it, then its rows go into `reminder` in one
 * statement with their digest's id: one insert per reminder, no update of rows just inserted (which
 * would run every foreign-key check again). The sweep of a day holds a transaction-level advisory
 * lock, so two sweeps (a retried job, a second worker) run one after the other and the second finds
 * everything planned; the unique identity in `reminder` stays the last guard (ON CONFLICT DO NOTHING).
 */
@Injectable()
export class ReminderRepository {
  /** Serialises the sweeps of one day until the caller's transaction ends. */
  async lockDay(m: EntityManager, today: string): Promise<void> {
    await queryRows(m, sql`SELECT pg_advisory_xact_lock(hashtext(${`reminders.sweep/${today}`}))`);
  }

  /** The sweep's scratch table, dropped at commit. */
  async startPlan(m: EntityManager): Promise<void> {
    await queryRows(
      m,
      sql`CREATE TEMP TABLE sweep_reminder (
            id uuid NOT NULL DEFAULT gen_random_uuid(), task_id uuid NOT NULL, unit_id uuid NOT NULL, rule text NOT NULL,
            on_date date NOT NULL, detail jsonb NOT NULL, PRIMARY KEY (task_id, unit_id, rule, on_date)
          ) ON COMMIT DROP`,
    );
  }

  /** k working days before, and the day itself: the lead and co-units of open dated tasks. */
  async planDueSoon(m: EntityManager, today: string, windows: DueWindow[]): Promise<number> {
    const all = [...windows, { rule: 'due.today', workingDaysLeft: 0, after: addDays(today, -1), through: today }];
    // the windows' overall span as constants: an index range over a few days of deadlines, not a
    // join filter over every open task
    const earliest = all.reduce((min, w) => (w.after < min ? w.after : min), all[0].after);
    const latest = all.reduce((max, w) => (w.through > max ? w.through : max), all[0].through);
    return plan(
      m,
      sql`SELECT t.id, tu.unit_id, w.rule, ${today}::date, jsonb_build_object('dueDate', t.due_date::text, 'workingDaysLeft', w.days_left)
            FROM unnest(${all.map((w) => w.rule)}::text[], ${all.map((w) => w.workingDaysLeft)}::int[],
                        ${all.map((w) => w.after)}::date[], ${all.map((w) => w.through)}::date[]) AS w(rule, days_left, after, through)
            JOIN task t ON t.due_date > w.after AND t.due_date <= w.through
            JOIN task_unit tu ON tu.task_id = t.id
           WHERE t.published_at IS NOT NULL AND t.state = ANY(${OPEN_STATES}::text[]) AND t.deadline_precision <> 'ongoing'
             AND t.due_date > ${earliest}::date AND t.due_date <= ${latest}::date`,
    );
  }

  /** Overdue: every `everyDays` days after the deadline while the task is open. */
  async planOverdue(m: EntityManager, today: string, everyDays: number): Promise<number> {
    return plan(
      m,
      sql`SELECT t.id, tu.unit_id, 'overdue', ${today}::date, jsonb_build_object('dueDate', t.due_date::text, 'daysOverdue', ${today}::date - t.due_date)
            FROM task t JOIN task_unit tu ON tu.task_id = t.id
           WHERE t.published_at IS NOT NULL AND t.state = ANY(${OPEN_STATES}::text[]) AND t.deadline_precision <> 'ongoing'
             AND t.due_date < ${today}::date AND (${today}::date - t.due_date) % ${everyDays}::int = 0`,
    );
  }

  /**
   * 签收 not done by its deadline: each unit that has not signed, on the deadline and every few days
   * after. The tasks' Shanghai publication day is hash-joined to the days that are reminded today
   * (a range join per day was a nested loop over every task).
   */
  async planReceipt(m: EntityManager, today: string, dates: { publishedOn: string; receiptDue: string }[]): Promise<number> {
    if (dates.length === 0) return 0;
    const earliest = dates.reduce((min, d) => (d.publishedOn < min ? d.publishedOn : min), dates[0].publishedOn);
    return plan(
      m,
      sql`SELECT t.id, tu.unit_id, 'receipt.pending', ${today}::date, jsonb_build_object('receiptDue', d.receipt_due::text)
            FROM unnest(${dates.map((d) => d.publishedOn)}::date[], ${dates.map((d) => d.receiptDue)}::date[]) AS d(published_on, receipt_due)
            JOIN task t ON (t.published_at AT TIME ZONE 'Asia/Shanghai')::date = d.published_on
            JOIN task_unit tu ON tu.task_id = t.id AND tu.signed_at IS NULL
           WHERE t.state = ANY(${OPEN_STATES}::text[]) AND t.published_at >= (${earliest}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`,
    );
  }

  /** A periodic report missing (undated 长期 tasks are reminded this way too): each unit without one. */
  async planReportMissing(
    m: EntityManager,
    today: string,
    due: { cadence: string; period: string; periodEnd: string; detail: Record<string, unknown> },
  ): Promise<number> {
    const detail = { ...due.detail, period: due.period };
    return plan(
      m,
      sql`SELECT t.id, tu.unit_id, 'report.missing', ${today}::date, ${detail}::jsonb
            FROM task t JOIN task_unit tu ON tu.task_id = t.id
           WHERE t.published_at IS NOT NULL AND t.state = ANY(${OPEN_STATES}::text[]) AND t.report_cadence = ${due.cadence}
             AND t.published_at < ((${due.periodEnd}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
             AND NOT EXISTS (SELECT 1 FROM progress_report r
                              WHERE r.task_id = t.id AND r.unit_id = tu.unit_id AND r.period = ${due.period} AND r.status = ANY(${REPORTED}::text[]))`,
    );
  }

  /** An open supervision notice whose reply is due today or by the next working day: its unit. */
  async planNoticeReply(m: EntityManager, today: string, nextWorkingDay: string): Promise<number> {
    return plan(
      m,
      sql`SELECT n.task_id, n.unit_id, 'notice.reply-due', ${today}::date, jsonb_build_object('replyDue', min(n.reply_due)::text, 'level', max(n.level))
            FROM supervision_notice n
           WHERE n.status = 'open' AND n.reply_due >= ${today}::date AND n.reply_due <= ${nextWorkingDay}::date
           GROUP BY n.task_id, n.unit_id`,
    );
  }

  /**
   * Drops from the plan what an earlier sweep of the day already planned (a rerun, a made-up run):
   * an index probe per planned row into `reminder`'s identity. Returns how many are new.
   */
  async dropAlreadyPlanned(m: EntityManager): Promise<number> {
    await queryRows(m, sql`ANALYZE sweep_reminder`);
    await queryRows(
      m,
      sql`DELETE FROM sweep_reminder s USING reminder r
           WHERE r.task_id = s.task_id AND r.unit_id = s.unit_id AND r.rule = s.rule AND r.on_date = s.on_date`,
    );
    const row = await queryRow<CountRow>(m, sql`SELECT count(*)::int AS n FROM sweep_reminder`);
    return row?.n ?? 0;
  }

  /** The sweep's new reminders with what their messages say, by unit. */
  async planned(m: EntityManager): Promise<PlannedReminderRow[]> {
    return queryRows<PlannedReminderRow>(
      m,
      sql`SELECT s.id, s.unit_id, u.name AS unit_name, s.rule, s.detail, t.id AS task_id, t.title AS task_title, ms.number AS measure_number
            FROM sweep_reminder s JOIN task t ON t.id = s.task_id JOIN measure ms ON ms.id = t.measure_id JOIN unit u ON u.id = s.unit_id
           ORDER BY s.unit_id, s.task_id, s.rule`,
    );
  }

  /** Writes the sweep's reminders, each unit's with its digest's notification id, in one statement. */
  async commitPlan(m: EntityManager, digests: { unitIds: string[]; notificationIds: string[] }): Promise<void> {
    await queryRows(
      m,
      sql`INSERT INTO reminder (id, task_id, unit_id, rule, on_date, detail, notification_id)
          SELECT s.id, s.task_id, s.unit_id, s.rule, s.on_date, s.detail, d.notification_id
            FROM sweep_reminder s
            LEFT JOIN unnest(${digests.unitIds}::uuid[], ${digests.notificationIds}::uuid[]) AS d(unit_id, notification_id) ON d.unit_id = s.unit_id
          ON CONFLICT ON CONSTRAINT uq_reminder_identity DO NOTHING`,
    );
  }

  /**
   * Flags tasks overdue by `afterDays` or more (once per task and deadline) and returns the new flags.
   * Tasks already flagged are skipped before the insert (thousands of them in a steady state), and
   * the few new ones are read back by id.
   */
  async escalate(m: EntityManager, today: string, afterDays: number, now: Date): Promise<EscalationRow[]> {
    const flagged = await queryRows<{ task_id: string }>(
      m,
      sql`INSERT INTO task_escalation (task_id, due_date, days_overdue, escalated_at)
          SELECT t.id, t.due_date, ${today}::date - t.due_date, ${now}
            FROM task t
           WHERE t.published_at IS NOT NULL AND t.state = ANY(${OPEN_STATES}::text[]) AND t.deadline_precision <> 'ongoing'
             AND t.due_date <= ${today}::date - ${afterDays}::int
             AND NOT EXISTS (SELECT 1 FROM task_escalation e WHERE e.task_id = t.id AND e.due_date = t.due_date)
          ON CONFLICT ON CONSTRAINT uq_task_escalation DO NOTHING
          RETURNING task_id`,
    );
    if (flagged.length === 0) return [];
    return queryRows<EscalationRow>(
      m,
      sql`SELECT t.id AS task_id, t.due_date::text AS due_date, ${today}::date - t.due_date AS days_overdue, t.title AS task_title,
                 m.number AS measure_number, u.name AS lead_unit_name
            FROM task t JOIN measure m ON m.id = t.measure_id
            LEFT JOIN task_unit tu ON tu.task_id = t.id AND tu.role = 'lead'
            LEFT JOIN unit u ON u.id = tu.unit_id
           WHERE t.id = ANY(${flagged.map((f) => f.task_id)}::uuid[])`,
    );
  }

  async officeUserIds(m: EntityManager): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(m, sql`SELECT id FROM app_user WHERE role = 'office' AND NOT disabled ORDER BY id`);
    return rows.map((r) => r.id);
  }
}

/** Adds one rule's reminders to the sweep's plan; returns how many rows it added. */
async function plan(m: EntityManager, select: Sql): Promise<number> {
  const row = await queryRow<CountRow>(
    m,
    sql`WITH ins AS (INSERT INTO sweep_reminder (task_id, unit_id, rule, on_date, detail) ${select} ON CONFLICT DO NOTHING RETURNING 1)
        SELECT count(*)::int AS n FROM ins`,
  );
  return row?.n ?? 0;
}
