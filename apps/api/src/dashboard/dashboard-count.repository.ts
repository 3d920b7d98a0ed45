import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedRows } from '@luoshi/infra';
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
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const me = scope.unitOfBureau === null ? null : param(scope.unitOfBureau);

    const where = ['t.published_at IS NOT NULL'];
    if (scope.documentId) where.push(`t.document_id = ${param(scope.documentId)}`);
    if (scope.measureId) where.push(`t.measure_id = ${param(scope.measureId)}`);
    if (scope.unitId) where.push(`EXISTS (SELECT 1 FROM task_unit fu WHERE fu.task_id = t.id AND fu.unit_id = ${param(scope.unitId)})`);
    if (me) where.push(`my.unit_id = ${me}`);
    // a bureau's tasks one by one through the primary key (OFFSET 0 keeps the planner from turning the
    // ~3,000 lookups of a unit into a hash join over every task: 50–60 ms against ~5 at 100,000 tasks)
    const from = me ? `task_unit my CROSS JOIN LATERAL (SELECT * FROM task x WHERE x.id = my.task_id OFFSET 0) t` : 'task t';
    const light = viewerLightSql(me ? 'my.signed_at' : null, day, storedIsCurrent, param);
    const today = `${param(day.today)}::date`;
    // a bureau reviews every report of the tasks it leads, and on the others its own only
    const reports = me
      ? `CASE WHEN my.role = 'lead' THEN t.pending_reports
              ELSE (SELECT count(*) FROM progress_report pr WHERE pr.task_id = t.id AND pr.unit_id = ${me} AND pr.status = 'submitted') END`
      : 't.pending_reports';

    const lead = (expr: string) => `(count(*) FILTER (WHERE c.role = 'lead'${expr ? ` AND ${expr}` : ''}))::int`;
    const leadSum = (column: string) => `(coalesce(sum(c.${column}) FILTER (WHERE c.role = 'lead'), 0))::int`;
    const text = `
      WITH facts AS MATERIALIZED (
        SELECT t.id, t.state, ${me ? 'my.role AS my_role' : 'NULL::text AS my_role'},
               t.notices_blue AS blue, t.notices_yellow AS yellow, t.notices_red AS red,
               CASE WHEN t.open_notices > 0 THEN
                 (SELECT count(*) FROM supervision_notice n
                   WHERE n.task_id = t.id AND n.status <> 'closed' AND n.replied_at IS NULL AND n.reply_due < ${today})
               ELSE 0 END AS reply_overdue,
               ${reports} AS submitted, t.pending_extensions AS pending,
               ${light.overdue} AS overdue, ${light.dueSoon} AS due_soon, ${light.receiptOverdue} AS receipt_overdue,
               ${light.reportMissing} AS report_missing, ${light.lagging} AS lagging, ${light.light} AS light
          FROM ${from} WHERE ${where.join(' AND ')}),
      counted AS (
        SELECT NULL::uuid AS unit_id, 'lead'::text AS role, f.* FROM facts f
        UNION ALL
        ${me ? `SELECT ${me}::uuid, f.my_role, f.* FROM facts f` : `SELECT tu.unit_id, tu.role, f.* FROM facts f JOIN task_unit tu ON tu.task_id = f.id`})
      SELECT c.unit_id, u.name AS unit_name, ${lead('')} AS tasks,
             ${TASK_STATES.map((state) => `${lead(`c.state = '${state}'`)} AS state_${state}`).join(', ')},
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
    return preparedRows<FactRow>(this.dataSource.manager, { text, values: params });
  }
}
