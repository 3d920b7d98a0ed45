import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { join, preparedRows, raw, sql } from '@luoshi/infra';
import { TASK_STATES } from '@luoshi/domain/tasks';
import { type LightDay, viewerLightSql } from '@luoshi/core';
import type { FactRow } from './dashboard-tally.repository';

/** What a counted dashboard covers: the tasks of a bureau's unit (or every task), narrowed by the filters. */
export interface CountScope {
  /** a bureau's own unit: its task_unit rows drive the count, its signature is its receipt */
  unitOfBureau: string | null;
  documentId?: string;
  measureId?: string;
  unitId?: string;
}

/**
 * The dashboard counted over the scoped tasks in one statement (a bureau's, or any filtered one):
 * facts per task from the copies the triggers keep on the task (open notices by level, pending
 * reports and extensions), the light and flags, then counted once for the totals (unit_id null)
 * and once per unit on the task by role (a bureau: its own unit only). A task with several lead
 * units counts for each of them as lead; the totals count it once.
 *
 * The light: when the verdict stored on the task holds for `day` (`storedIsCurrent`), it is read,
 * not evaluated. A bureau's receipt is its own signature, not the lead's (as on its task list); the
 * receipt rule reads only whether the task is signed for, so the stored verdict is the bureau's
 * wherever its signature state equals the lead's, and assessTask's rules (lightSql) are evaluated
 * only for the other rows (CASE evaluates the branch it takes). Not current (the day's recompute is
 * still running): lightSql for every row, so nothing waits for it.
 */
@Injectable()
export class DashboardCountRepository {
  constructor(private readonly dataSource: DataSource) {}

  async facts(scope: CountScope, day: LightDay, storedIsCurrent: boolean): Promise<FactRow[]> {
    const me = scope.unitOfBureau;
    const bureau = me !== null;
    const where = [sql`t.published_at IS NOT NULL`];
    if (scope.documentId) where.push(sql`t.document_id = ${scope.documentId}`);
    if (scope.measureId) where.push(sql`t.measure_id = ${scope.measureId}`);
    if (scope.unitId) where.push(sql`EXISTS (SELECT 1 FROM task_unit fu WHERE fu.task_id = t.id AND fu.unit_id = ${scope.unitId})`);
    if (bureau) where.push(sql`my.unit_id = ${me}`);
    // a bureau's tasks one by one through the primary key (OFFSET 0 keeps the planner from turning the
    // ~3,000 lookups of a unit into a hash join over every task: 50–60 ms against ~5 at 100,000 tasks)
    const from = bureau ? sql`task_unit my CROSS JOIN LATERAL (SELECT * FROM task x WHERE x.id = my.task_id OFFSET 0) t` : sql`task t`;
    const light = viewerLightSql(bureau ? sql`my.signed_at` : null, day, storedIsCurrent);
    // a bureau reviews every report of the tasks it leads, and on the others its own only
    const reports = bureau
      ? sql`CASE WHEN my.role = 'lead' THEN t.pending_reports
              ELSE (SELECT count(*) FROM progress_report pr WHERE pr.task_id = t.id AND pr.unit_id = ${me} AND pr.status = 'submitted') END`
      : sql`t.pending_reports`;

    // each task again per unit on it by role (a bureau: its own unit only)
    const perUnit = bureau
      ? sql`SELECT ${me}::uuid, f.my_role, f.* FROM facts f`
      : sql`SELECT tu.unit_id, tu.role, f.* FROM facts f JOIN task_unit tu ON tu.task_id = f.id`;
    // the counts' text is all from code (columns, the task states)
    const lead = (condition?: string) => raw(`(count(*) FILTER (WHERE c.role = 'lead'${condition ? ` AND ${condition}` : ''}))::int`);
    const leadSum = (column: string) => raw(`(coalesce(sum(c.${column}) FILTER (WHERE c.role = 'lead'), 0))::int`);
    const byState = join(
      TASK_STATES.map((state) => sql`${lead(`c.state = '${state}'`)} AS ${raw(`state_${state}`)}`),
      ', ',
    );
    const statement = sql`
      WITH facts AS MATERIALIZED (
        SELECT t.id, t.state, ${bureau ? sql`my.role AS my_role` : sql`NULL::text AS my_role`},
               t.notices_blue AS blue, t.notices_yellow AS yellow, t.notices_red AS red,
               CASE WHEN t.open_notices > 0 THEN
                 (SELECT count(*) FROM supervision_notice n
                   WHERE n.task_id = t.id AND n.status <> 'closed' AND n.replied_at IS NULL AND n.reply_due < ${day.today}::date)
               ELSE 0 END AS reply_overdue,
               ${reports} AS submitted, t.pending_extensions AS pending,
               ${light.overdue} AS overdue, ${light.dueSoon} AS due_soon, ${light.receiptOverdue} AS receipt_overdue,
               ${light.reportMissing} AS report_missing, ${light.lagging} AS lagging, ${light.light} AS light
          FROM ${from} WHERE ${join(where, ' AND ')}),
      counted AS (
        SELECT NULL::uuid AS unit_id, 'lead'::text AS role, f.* FROM facts f
        UNION ALL
        ${perUnit})
      SELECT c.unit_id, u.name AS unit_name, ${lead()} AS tasks,
             ${byState},
             ${leadSum('blue')} AS notices_blue, ${leadSum('yellow')} AS notices_yellow, ${leadSum('red')} AS notices_red,
             ${leadSum('reply_overdue')} AS notices_reply_overdue, ${leadSum('submitted')} AS reports,
             ${lead(`c.state = 'submitted_done'`)} AS completions, ${leadSum('pending')} AS extensions,
             (count(*) FILTER (WHERE c.role = 'co'))::int AS co_tasks,
             ${lead('c.overdue')} AS overdue, ${lead('c.due_soon')} AS due_soon, ${lead('c.receipt_overdue')} AS receipt_overdue,
             ${lead('c.report_missing')} AS report_missing, ${lead('c.lagging')} AS lagging,
             ${lead(`c.light = 'red'`)} AS red, ${lead(`c.light = 'yellow'`)} AS yellow, ${lead(`c.light = 'green'`)} AS green
        FROM counted c
        LEFT JOIN unit u ON u.id = c.unit_id
       GROUP BY c.unit_id, u.name`;
    // the text is one of a few shapes (bureau or not, which filters, stored or evaluated): prepared once per connection
    return preparedRows<FactRow>(this.dataSource.manager, statement);
  }
}
