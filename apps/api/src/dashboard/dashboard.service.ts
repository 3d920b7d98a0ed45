import { Clock } from '@luoshi/infra';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { latestClosedPeriod, periodOf } from '@luoshi/domain/reports';
import { shanghaiTimestamp } from '@luoshi/domain/calendar';
import { TASK_STATES, type TaskState } from '@luoshi/domain/tasks';
import type { AuthUser } from '../auth/auth.decorators';
import { TaskAccessService } from '../tasks/task-access.service';
import { type AssessmentSettings, AssessmentSettingsSource, LightDayService, lightDay, lightSql, storedLightSql, taskLightColumns } from '@luoshi/core';
import { AssessedCounts, combineCounts, emptyFactCounts, FactCounts, UnitFacts, unitRows } from './dashboard-aggregation';
import type { DashboardQueryDto } from './dto/dashboard-query.dto';
import type { DashboardDto } from './dto/dashboard-response.dto';
import { DashboardTallyRepository, type FactRow } from './dashboard-tally.repository';

/** A notice counts as open until the office closes it: the traffic light's notion (tasks-query, detail). */
const OPEN_NOTICE = `n.status <> 'closed'`;

/**
 * GET /dashboard: counts over the published tasks in the caller's scope (a bureau: the tasks its
 * unit leads or shares; office and leader: all), totalled and per unit, in one SQL statement: the
 * scoped tasks with their light and flags (assessTask's rules as SQL, task-light-sql.ts, over the
 * copies the triggers keep on the task; a bureau's receipt is its own signature, as on its task
 * list), their open notices, pending reviews, counted once for the totals and once per unit on the
 * task by role. A task with several lead units counts for each of them as lead; the totals count
 * it once.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: TaskAccessService,
    private readonly assessmentSettings: AssessmentSettingsSource,
    private readonly clock: Clock,
    private readonly lightDays: LightDayService,
    private readonly tally: DashboardTallyRepository,
  ) {}

  async dashboard(user: AuthUser, query: DashboardQueryDto): Promise<DashboardDto> {
    // a bureau may name its own unit only (403, audited, otherwise); the scope comes from the principal
    await this.access.assertUnitFilter(this.dataSource.manager, user, query.unitId);
    const asOf = this.clock.now();
    const today = this.clock.today();
    const settings = await this.assessmentSettings.current();
    // the office's and leaders' whole dashboard: the counters the database keeps (a few hundred rows)
    const whole = user.role !== 'bureau' && !query.documentId && !query.measureId && !query.unitId;
    if (whole) await this.lightDays.ensureCurrent();
    const facts = whole ? await this.tally.facts(today) : await this.countedFacts(user, query, { today, settings });
    const totalsRow = facts.find((row) => row.unit_id === null);
    const unitFacts = facts.filter((row): row is FactRow & { unit_id: string } => row.unit_id !== null);
    const units: UnitFacts[] = unitFacts.map((row) => ({
      unitId: row.unit_id,
      unitName: row.unit_name ?? '',
      asLead: toFactCounts(row),
      coTasks: row.co_tasks,
    }));
    return {
      asOf: today,
      asOfTime: shanghaiTimestamp(asOf),
      period: periodOf('monthly', today),
      reportPeriod: latestClosedPeriod('monthly', today, settings.graceDays),
      totals: combineCounts(totalsRow ? toFactCounts(totalsRow) : emptyFactCounts(), totalsRow && toAssessedCounts(totalsRow)),
      byUnit: unitRows(units, new Map(unitFacts.map((row) => [row.unit_id, toAssessedCounts(row)]))),
    };
  }

  /**
   * A bureau's dashboard, or one filtered by document, measure or unit: counted over the scoped
   * tasks in one statement (see the class comment).
   */
  private async countedFacts(
    user: AuthUser,
    query: DashboardQueryDto,
    { today, settings }: { today: string; settings: AssessmentSettings },
  ): Promise<FactRow[]> {
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
    const ownUnit = (alias: string) => (me ? ` AND ${alias}.unit_id = ${me}` : '');
    const signedAt = me ? `(SELECT my.signed_at FROM task_unit my WHERE my.task_id = t.id AND my.unit_id = ${me})` : 't.lead_signed_at';
    // the office and leaders count the verdict stored on the task (current for today first); a bureau's
    // receipt is its own signature, so its flags are computed over its tasks
    if (!me) await this.lightDays.ensureCurrent();
    const light = me ? lightSql(taskLightColumns('t', signedAt), lightDay(today, settings), param) : storedLightSql('t');

    // facts per task, then counted once for the totals (unit_id NULL) and once per unit on the task
    // (a bureau: its own unit only), by role
    const lead = (expr: string) => `(count(*) FILTER (WHERE c.role = 'lead'${expr ? ` AND ${expr}` : ''}))::int`;
    const leadSum = (column: string) => `(coalesce(sum(c.${column}) FILTER (WHERE c.role = 'lead'), 0))::int`;
    const sql = `
      WITH scoped AS MATERIALIZED (
        SELECT t.id, t.state, t.open_notices, ${light.overdue} AS overdue, ${light.dueSoon} AS due_soon,
               ${light.receiptOverdue} AS receipt_overdue, ${light.reportMissing} AS report_missing,
               ${light.lagging} AS lagging, ${light.light} AS light
          FROM task t WHERE ${where.join(' AND ')}),
      notices AS (
        SELECT n.task_id,
               count(*) FILTER (WHERE n.level = 'blue') AS blue,
               count(*) FILTER (WHERE n.level = 'yellow') AS yellow,
               count(*) FILTER (WHERE n.level = 'red') AS red,
               count(*) FILTER (WHERE n.replied_at IS NULL AND n.reply_due < ${param(today)}::date) AS reply_overdue
          FROM supervision_notice n
         WHERE ${OPEN_NOTICE} AND n.task_id IN (SELECT id FROM scoped WHERE open_notices > 0)
         GROUP BY n.task_id),
      reports AS (
        SELECT pr.task_id, count(*) AS submitted
          FROM progress_report pr
         WHERE pr.status = 'submitted' AND pr.task_id IN (SELECT id FROM scoped)${
           me
             ? `
           AND (pr.unit_id = ${me} OR EXISTS (SELECT 1 FROM task_unit ml WHERE ml.task_id = pr.task_id AND ml.unit_id = ${me} AND ml.role = 'lead'))`
             : ''
         }
         GROUP BY pr.task_id),
      extensions AS (
        SELECT e.task_id, count(*) AS pending
          FROM extension_request e
         WHERE e.status = 'pending' AND e.task_id IN (SELECT id FROM scoped)
         GROUP BY e.task_id),
      facts AS (
        SELECT s.*, n.blue, n.yellow, n.red, n.reply_overdue, r.submitted, x.pending
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
             (count(*) FILTER (WHERE c.role = 'co'))::int AS co_tasks,
             ${lead('c.overdue')} AS overdue, ${lead('c.due_soon')} AS due_soon, ${lead('c.receipt_overdue')} AS receipt_overdue,
             ${lead('c.report_missing')} AS report_missing, ${lead('c.lagging')} AS lagging,
             ${lead(`c.light = 'red'`)} AS red, ${lead(`c.light = 'yellow'`)} AS yellow, ${lead(`c.light = 'green'`)} AS green
        FROM counted c
        LEFT JOIN unit u ON u.id = c.unit_id
       GROUP BY c.unit_id, u.name`;

    return this.dataSource.query(sql, params);
  }
}

function toAssessedCounts(row: FactRow): AssessedCounts {
  return {
    overdue: row.overdue,
    dueSoon: row.due_soon,
    receiptOverdue: row.receipt_overdue,
    reportMissing: row.report_missing,
    lagging: row.lagging,
    lights: { red: row.red, yellow: row.yellow, green: row.green },
  };
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
