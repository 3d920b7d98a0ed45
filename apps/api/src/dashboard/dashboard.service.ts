import { Clock } from '@luoshi/infra';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { latestClosedPeriod, periodOf } from '@luoshi/domain/reports';
import { TASK_STATES, type TaskState } from '@luoshi/domain/tasks';
import type { AuthUser } from '../auth/auth.decorators';
import { TaskAccessService } from '../tasks/task-access.service';
import { AssessableRow, assessRow, AssessmentSettingsSource } from '../tasks/task-assessment';
import { combineCounts, emptyFactCounts, FactCounts, tallyAssessments, UnitFacts, unitRows } from './dashboard-aggregation';
import type { DashboardQueryDto } from './dto/dashboard-query.dto';
import type { DashboardDto } from './dto/dashboard-response.dto';

/** A notice counts as open until the office closes it: the traffic light's notion (tasks-query, detail). */
const OPEN_NOTICE = `n.status <> 'closed'`;

// the states become column names and literals below: they are the domain's identifiers, checked here
if (!TASK_STATES.every((state) => /^[a-z_]+$/.test(state))) throw new Error('TASK_STATES must be plain identifiers');

interface AssessmentRow extends AssessableRow {
  /** the units the task counts for as lead in the caller's view (text[]) */
  counted_leads: string[] | null;
}

interface FactRow {
  /** null on the totals row */
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
  [stateColumn: `state_${string}`]: number;
}

/**
 * GET /dashboard: counts over the published tasks in the caller's scope (a bureau: the tasks its
 * unit leads or shares; office and leader: all), totalled and per unit. Two statements in one
 * snapshot: the narrow projection the task list assesses rows from (assessed here by assessRow,
 * so the lights, overdue, lagging and receipt are the task list's), and the facts (states, open
 * notices, pending reviews, co-responsible tasks) as SQL aggregates grouped by unit. A task with
 * several lead units counts for each of them as lead; the totals count it once.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: TaskAccessService,
    private readonly assessmentSettings: AssessmentSettingsSource,
    private readonly clock: Clock,
  ) {}

  async dashboard(user: AuthUser, query: DashboardQueryDto): Promise<DashboardDto> {
    // a bureau may name its own unit only (403, audited, otherwise); the scope comes from the principal
    await this.access.assertUnitFilter(this.dataSource.manager, user, query.unitId);
    const today = this.clock.today();
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const scope = this.access.scope(user, 't', 1); // fails closed: a bureau without a unit is refused
    params.push(...scope.params);
    // a bureau's own unit: its rows, its signature, the report parts it may read
    const me = user.role === 'bureau' ? param(user.unitId) : null;

    const where = ['t.published_at IS NOT NULL', scope.sql];
    if (query.documentId) where.push(`t.document_id = ${param(query.documentId)}`);
    if (query.measureId) where.push(`t.measure_id = ${param(query.measureId)}`);
    if (query.unitId) where.push(`EXISTS (SELECT 1 FROM task_unit fu WHERE fu.task_id = t.id AND fu.unit_id = ${param(query.unitId)})`);
    const scoped = where.join(' AND ');
    const assessmentParams = [...params];
    const todayParam = param(today); // the facts' only extra parameter (Postgres refuses an unused one)
    const ownUnit = (alias: string) => (me ? ` AND ${alias}.unit_id = ${me}` : '');

    // the columns assessRow reads, as the task list selects them (tasks-query.service.ts); the
    // signature that counts for receipt is a bureau's own, else the lead unit's
    const assessmentSql = `
      SELECT t.state, t.due_date::text AS due_date, t.deadline_precision, t.report_cadence, t.published_at,
             ${me ? `(SELECT my.signed_at FROM task_unit my WHERE my.task_id = t.id AND my.unit_id = ${me})` : 'lead.signed_at'} AS signed_at,
             rep.period AS last_period, rep.percent AS last_percent,
             (SELECT array_agg(n.level) FROM supervision_notice n WHERE n.task_id = t.id AND ${OPEN_NOTICE}) AS notice_levels,
             (SELECT array_agg(cl.unit_id::text) FROM task_unit cl WHERE cl.task_id = t.id AND cl.role = 'lead'${ownUnit('cl')}) AS counted_leads
        FROM task t
        LEFT JOIN LATERAL (SELECT tu.unit_id, tu.signed_at FROM task_unit tu
                            WHERE tu.task_id = t.id AND tu.role = 'lead' ORDER BY tu.position LIMIT 1) lead ON TRUE
        LEFT JOIN LATERAL (SELECT pr.period, pr.percent FROM progress_report pr
                            WHERE pr.task_id = t.id AND pr.unit_id = lead.unit_id AND pr.status IN ('submitted', 'accepted')
                            ORDER BY pr.period DESC LIMIT 1) rep ON TRUE
       WHERE ${scoped}`;

    // facts per task, then counted once for the totals (unit_id NULL) and once per unit on the task
    // (a bureau: its own unit only), by role
    const lead = (expr: string) => `(count(*) FILTER (WHERE c.role = 'lead'${expr ? ` AND ${expr}` : ''}))::int`;
    const leadSum = (column: string) => `(coalesce(sum(c.${column}) FILTER (WHERE c.role = 'lead'), 0))::int`;
    const factsSql = `
      WITH scoped AS MATERIALIZED (SELECT t.id, t.state FROM task t WHERE ${scoped}),
      notices AS (
        SELECT n.task_id,
               count(*) FILTER (WHERE n.level = 'blue') AS blue,
               count(*) FILTER (WHERE n.level = 'yellow') AS yellow,
               count(*) FILTER (WHERE n.level = 'red') AS red,
               count(*) FILTER (WHERE n.replied_at IS NULL AND n.reply_due < ${todayParam}::date) AS reply_overdue
          FROM supervision_notice n
         WHERE ${OPEN_NOTICE} AND n.task_id IN (SELECT id FROM scoped)
         GROUP BY n.task_id),
      reports AS (
        SELECT pr.task_id, count(*) AS submitted
          FROM progress_report pr
         WHERE pr.status = 'submitted' AND pr.task_id IN (SELECT id FROM scoped)${me ? `
           AND (pr.unit_id = ${me} OR EXISTS (SELECT 1 FROM task_unit ml WHERE ml.task_id = pr.task_id AND ml.unit_id = ${me} AND ml.role = 'lead'))` : ''}
         GROUP BY pr.task_id),
      extensions AS (
        SELECT e.task_id, count(*) AS pending
          FROM extension_request e
         WHERE e.status = 'pending' AND e.task_id IN (SELECT id FROM scoped)
         GROUP BY e.task_id),
      facts AS (
        SELECT s.id, s.state, n.blue, n.yellow, n.red, n.reply_overdue, r.submitted, x.pending
          FROM scoped s
          LEFT JOIN notices n ON n.task_id = s.id
          LEFT JOIN reports r ON r.task_id = s.id
          LEFT JOIN extensions x ON x.task_id = s.id),
      counted AS (
        SELECT NULL::uuid AS unit_id, 'lead'::text AS role, f.* FROM facts f
        UNION ALL
        SELECT tu.unit_id, tu.role, f.* FROM facts f JOIN task_unit tu ON tu.task_id = f.id${ownUnit('tu')})
      SELECT c.unit_id, u.name AS unit_name, ${lead('')} AS tasks,
             ${TASK_STATES.map((state) => `${lead(`c.state = '${state}'`)} AS state_${state}`).join(', ')},
             ${leadSum('blue')} AS notices_blue, ${leadSum('yellow')} AS notices_yellow, ${leadSum('red')} AS notices_red,
             ${leadSum('reply_overdue')} AS notices_reply_overdue, ${leadSum('submitted')} AS reports,
             ${lead(`c.state = 'submitted_done'`)} AS completions, ${leadSum('pending')} AS extensions,
             (count(*) FILTER (WHERE c.role = 'co'))::int AS co_tasks
        FROM counted c
        LEFT JOIN unit u ON u.id = c.unit_id
       GROUP BY c.unit_id, u.name`;

    // one snapshot, so the assessed tallies and the facts describe the same tasks
    const [assessed, facts] = await this.dataSource.transaction('REPEATABLE READ', async (manager: EntityManager) => [
      (await manager.query(assessmentSql, assessmentParams)) as AssessmentRow[],
      (await manager.query(factsSql, params)) as FactRow[],
    ]);

    const settings = await this.assessmentSettings.current();
    const { totals, byLead } = tallyAssessments(
      assessed.map((row) => ({ leadUnitIds: row.counted_leads ?? [], assessment: assessRow(row, settings, today) })),
    );
    const totalsRow = facts.find((row) => row.unit_id === null);
    const units: UnitFacts[] = facts
      .filter((row): row is FactRow & { unit_id: string } => row.unit_id !== null)
      .map((row) => ({ unitId: row.unit_id, unitName: row.unit_name ?? '', asLead: toFactCounts(row), coTasks: row.co_tasks }));
    return {
      asOf: today,
      period: periodOf('monthly', today),
      reportPeriod: latestClosedPeriod('monthly', today, settings.graceDays),
      totals: combineCounts(totalsRow ? toFactCounts(totalsRow) : emptyFactCounts(), totals),
      byUnit: unitRows(units, byLead),
    };
  }
}

function toFactCounts(row: FactRow): FactCounts {
  const counts = emptyFactCounts();
  counts.tasks = row.tasks;
  for (const state of TASK_STATES) counts.byState[state as TaskState] = row[`state_${state}`] ?? 0;
  counts.openNotices = { blue: row.notices_blue, yellow: row.notices_yellow, red: row.notices_red };
  counts.noticesReplyOverdue = row.notices_reply_overdue;
  counts.pendingReview = { reports: row.reports, completions: row.completions, extensions: row.extensions };
  return counts;
}
