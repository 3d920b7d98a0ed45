import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { empty, join, preparedRows, raw, sql, type Sql } from '@luoshi/infra';
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

/** Which verdict a dashboard counts: the office's (the lead's signature) or a unit's own (its own signature). */
type Verdict = { light: string; receiptOverdue: string };
const OFFICE_VERDICT: Verdict = { light: 'light', receiptOverdue: 'receipt_overdue' };
const UNIT_VERDICT: Verdict = { light: 'unit_light', receiptOverdue: 'unit_receipt_overdue' };

/**
 * One dashboard row's counts over the task_tally rows `k` that `rows` selects (the row's unit as
 * lead, or all of a bureau's), by `verdict`.
 */
function factColumns(rows: Sql, verdict: Verdict): Sql {
  const count = (condition: Sql | null, column = 'tasks') =>
    sql`(coalesce(sum(k.${raw(column)}) FILTER (WHERE ${rows}${condition ? sql` AND ${condition}` : empty}), 0))::int`;
  const light = (value: string) => sql`k.${raw(verdict.light)} = ${raw(`'${value}'`)}`;
  return sql`${count(null)} AS tasks,
    ${join(
      TASK_STATES.map((state) => sql`${count(sql`k.state = ${raw(`'${state}'`)}`)} AS ${raw(`state_${state}`)}`),
      ', ',
    )},
    ${count(null, 'notices_blue')} AS notices_blue, ${count(null, 'notices_yellow')} AS notices_yellow, ${count(null, 'notices_red')} AS notices_red,
    ${count(null, 'pending_reports')} AS reports, ${count(sql`k.state = 'submitted_done'`)} AS completions,
    ${count(null, 'pending_extensions')} AS extensions,
    ${count(sql`k.overdue`)} AS overdue, ${count(sql`k.due_soon`)} AS due_soon, ${count(sql`k.${raw(verdict.receiptOverdue)}`)} AS receipt_overdue,
    ${count(sql`k.report_missing`)} AS report_missing, ${count(sql`k.lagging`)} AS lagging,
    ${count(light('red'))} AS red, ${count(light('yellow'))} AS yellow, ${count(light('green'))} AS green`;
}

const AS_LEAD = sql`k.role <> 'co'`;

/**
 * The office's and leaders' whole dashboard from the counters the database keeps (task_tally: a
 * few rows per unit and combination of facts), plus the open notices whose reply is overdue (that
 * depends on the day; open notices are few), per unit as lead and in total (the totals' 'all'
 * rows count as lead). The stored lights must be current (LightDayService.ensureCurrent) before
 * this reads them.
 */
const OFFICE_SQL = (today: string) => sql`
  WITH overdue_replies AS (
    SELECT x.unit_id, count(*)::int AS n
      FROM supervision_notice n
      JOIN task t ON t.id = n.task_id AND t.published_at IS NOT NULL
      CROSS JOIN LATERAL (SELECT ${TOTALS_UNIT}::uuid AS unit_id
                          UNION ALL SELECT tu.unit_id FROM task_unit tu WHERE tu.task_id = t.id AND tu.role = 'lead') x
     WHERE n.status <> 'closed' AND n.replied_at IS NULL AND n.reply_due < ${today}::date
     GROUP BY x.unit_id)
  SELECT nullif(k.unit_id, ${TOTALS_UNIT}::uuid) AS unit_id, u.name AS unit_name, ${factColumns(AS_LEAD, OFFICE_VERDICT)},
         coalesce((SELECT r.n FROM overdue_replies r WHERE r.unit_id = k.unit_id), 0) AS notices_reply_overdue,
         (coalesce(sum(k.tasks) FILTER (WHERE k.role = 'co'), 0))::int AS co_tasks
    FROM task_tally k
    LEFT JOIN unit u ON u.id = k.unit_id
   GROUP BY k.unit_id, u.name
  HAVING k.unit_id = ${TOTALS_UNIT}::uuid OR sum(k.tasks) > 0`;

/**
 * A bureau's dashboard from its unit's task_tally rows, by its own verdict (its own signature for
 * 签收): the totals over every task it leads or shares (its own reports awaiting review on the
 * shared ones), and its unit's row as lead with the tasks it shares counted apart; the overdue
 * notice replies of its tasks counted as for the office.
 */
const BUREAU_SQL = (unitId: string, today: string) => sql`
  WITH mine AS (SELECT * FROM task_tally k WHERE k.unit_id = ${unitId}::uuid),
  overdue_replies AS (
    SELECT count(*)::int AS n, (count(*) FILTER (WHERE tu.role = 'lead'))::int AS as_lead
      FROM supervision_notice n
      JOIN task_unit tu ON tu.task_id = n.task_id AND tu.unit_id = ${unitId}::uuid
      JOIN task t ON t.id = n.task_id AND t.published_at IS NOT NULL
     WHERE n.status <> 'closed' AND n.replied_at IS NULL AND n.reply_due < ${today}::date)
  SELECT NULL::uuid AS unit_id, NULL::text AS unit_name, ${factColumns(sql`TRUE`, UNIT_VERDICT)},
         (SELECT r.n FROM overdue_replies r) AS notices_reply_overdue, 0 AS co_tasks
    FROM mine k
  UNION ALL
  SELECT ${unitId}::uuid, (SELECT u.name FROM unit u WHERE u.id = ${unitId}::uuid), ${factColumns(AS_LEAD, UNIT_VERDICT)},
         (SELECT r.as_lead FROM overdue_replies r), (coalesce(sum(k.tasks) FILTER (WHERE k.role = 'co'), 0))::int
    FROM mine k
  HAVING sum(k.tasks) > 0`;

@Injectable()
export class DashboardTallyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every unit's row and the totals' (unit_id null), as of `today` for the overdue replies. */
  async officeFacts(today: string): Promise<FactRow[]> {
    return preparedRows<FactRow>(this.dataSource.manager, OFFICE_SQL(today));
  }

  /** A bureau's totals (unit_id null) and its unit's row (when it has tasks), by its own verdict. */
  async bureauFacts(unitId: string, today: string): Promise<FactRow[]> {
    return preparedRows<FactRow>(this.dataSource.manager, BUREAU_SQL(unitId, today));
  }
}
