import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { join, preparedRows, raw, sql, type Sql } from '@luoshi/infra';
import { TASK_STATES } from '@luoshi/domain/tasks';

/** The totals' key in task_tally (migration TaskTally): each task once, role 'all'. */
const TOTALS_UNIT = '00000000-0000-0000-0000-000000000000';

/** One dashboard row as SQL aggregated it: the totals (unit_id null) or a unit's, as lead (co_tasks: as co). */
export interface FactRow {
  unit_id: string | null;
  unit_name: string | null;
  tasks: number;
  notices_blue: number;
  notices_yellow: number;
  notices_red: number;
  notices_reply_overdue: number;
  reports: number;
  completions: number;
  extensions: number;
  co_tasks: number;
  overdue: number;
  due_soon: number;
  receipt_overdue: number;
  report_missing: number;
  lagging: number;
  red: number;
  yellow: number;
  green: number;
  [stateColumn: `state_${string}`]: number;
}

// the states become column names and literals below: they are the domain's identifiers, checked here
if (!TASK_STATES.every((state) => /^[a-z_]+$/.test(state))) throw new Error('TASK_STATES must be plain identifiers');

/** count (or sum of `column`) over the rows counting for the row's unit as lead (the totals' 'all' rows included) */
const lead = (condition: Sql | null, column = 'tasks') =>
  sql`(coalesce(sum(k.${raw(column)}) FILTER (WHERE k.role <> 'co'${condition ? sql` AND ${condition}` : sql``}), 0))::int`;

/**
 * The office's and leaders' whole dashboard from the counters the database keeps (task_tally: a
 * few rows per unit and combination of facts, striped), plus the open notices whose reply is
 * overdue (that depends on the day; open notices are few), per unit as lead and in total. The
 * stored lights must be current (LightDayService.ensureCurrent) before this reads them.
 */
const TALLY_SQL = (today: string) => sql`
  WITH overdue_replies AS (
    SELECT x.unit_id, count(*)::int AS n
      FROM supervision_notice n
      JOIN task t ON t.id = n.task_id AND t.published_at IS NOT NULL
      CROSS JOIN LATERAL (SELECT ${TOTALS_UNIT}::uuid AS unit_id
                          UNION ALL SELECT tu.unit_id FROM task_unit tu WHERE tu.task_id = t.id AND tu.role = 'lead') x
     WHERE n.status <> 'closed' AND n.replied_at IS NULL AND n.reply_due < ${today}::date
     GROUP BY x.unit_id)
  SELECT nullif(k.unit_id, ${TOTALS_UNIT}::uuid) AS unit_id, u.name AS unit_name, ${lead(null)} AS tasks,
         ${join(
           TASK_STATES.map((state) => sql`${lead(sql`k.state = ${raw(`'${state}'`)}`)} AS ${raw(`state_${state}`)}`),
           ', ',
         )},
         ${lead(null, 'notices_blue')} AS notices_blue, ${lead(null, 'notices_yellow')} AS notices_yellow, ${lead(null, 'notices_red')} AS notices_red,
         coalesce((SELECT r.n FROM overdue_replies r WHERE r.unit_id = k.unit_id), 0) AS notices_reply_overdue,
         ${lead(null, 'pending_reports')} AS reports, ${lead(sql`k.state = 'submitted_done'`)} AS completions,
         ${lead(null, 'pending_extensions')} AS extensions,
         (coalesce(sum(k.tasks) FILTER (WHERE k.role = 'co'), 0))::int AS co_tasks,
         ${lead(sql`k.overdue`)} AS overdue, ${lead(sql`k.due_soon`)} AS due_soon, ${lead(sql`k.receipt_overdue`)} AS receipt_overdue,
         ${lead(sql`k.report_missing`)} AS report_missing, ${lead(sql`k.lagging`)} AS lagging,
         ${lead(sql`k.light = 'red'`)} AS red, ${lead(sql`k.light = 'yellow'`)} AS yellow, ${lead(sql`k.light = 'green'`)} AS green
    FROM task_tally k
    LEFT JOIN unit u ON u.id = k.unit_id
   GROUP BY k.unit_id, u.name
  HAVING k.unit_id = ${TOTALS_UNIT}::uuid OR sum(k.tasks) > 0`;

@Injectable()
export class DashboardTallyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every unit's row and the totals' (unit_id null), as of `today` for the overdue replies. */
  async facts(today: string): Promise<FactRow[]> {
    return preparedRows<FactRow>(this.dataSource.manager, TALLY_SQL(today));
  }
}
