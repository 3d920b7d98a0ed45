import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PROGRESS_LAG_TOLERANCE } from '@luoshi/domain/tasks';
import { reportsWithin, type ReportCadence } from '@luoshi/domain/reports';
import { queryRow, queryRows, raw, sql, type Sql } from '@luoshi/infra';

export interface RollupPeriod {
  cadence: ReportCadence;
  key: string;
  /** first and last day (Shanghai, inclusive) */
  start: string;
  end: string;
}

export interface BuiltRollup {
  rollupId: string;
  taskCount: number;
  unitRows: number;
  measureRows: number;
  taskRows: number;
  completed: number;
  /** completed / applicable tasks, 0–1 (0 with none applicable) */
  completionRate: number;
  overdue: number;
  lagging: number;
  /** units with at least one report missing for the period */
  unreportedUnits: number;
}

/**
 * Per task of the period, as of its last day: the published tasks of the cadences covered (every
 * cadence for a monthly rollup, see reportsWithin), published by the end of that day (the next
 * Shanghai midnight), each with its lead unit and the lead unit's latest submitted/accepted report up
 * to the last period counted for its cadence; reported when that report's period is one the rollup counts.
 * - overdue: owes work (not_started, in_progress), dated, due before the period's end (as assessTask
 *   counts it on that day);
 * - lagging: owes work and either the lead unit sent no report for the period (REPORT_MISSING) or
 *   its latest percent trails the time elapsed by more than the domain's tolerance while the
 *   task is not yet due (PROGRESS_BEHIND);
 * - days: past the due date; without a report (since the last one was submitted, else since publication).
 */
const factsSql = (p: RollupPeriod): Sql => {
  const end = p.end;
  const counted = reportsWithin(p.cadence, p.key);
  return sql`
  CREATE TEMP TABLE rollup_fact ON COMMIT DROP AS
  SELECT f.*,
         f.owes AND f.dated AND f.due_date < ${end}::date AS overdue,
         CASE WHEN f.owes AND f.dated AND f.due_date < ${end}::date THEN ${end}::date - f.due_date END AS overdue_days,
         CASE WHEN NOT f.owes THEN NULL
              WHEN f.last_period IS NULL OR NOT f.last_period = ANY(${counted.keys}::text[]) THEN 'REPORT_MISSING'
              WHEN f.dated AND f.last_percent IS NOT NULL AND f.due_date > f.published_on AND ${end}::date <= f.due_date
               AND round((${end}::date - f.published_on) * 100.0 / (f.due_date - f.published_on)) - f.last_percent > ${PROGRESS_LAG_TOLERANCE}
                THEN 'PROGRESS_BEHIND' END AS lagging_reason
    FROM (
      SELECT t.id AS task_id, t.measure_id, t.document_id, t.ordinal, t.title, t.state, t.due_date,
             t.state IN ('not_started', 'in_progress') AS owes,
             t.deadline_precision <> 'ongoing' AND t.due_date IS NOT NULL AS dated,
             (t.published_at AT TIME ZONE 'Asia/Shanghai')::date AS published_on,
             lead.unit_id AS lead_unit_id,
             rep.period AS last_period, rep.percent AS last_percent,
             (rep.submitted_at AT TIME ZONE 'Asia/Shanghai')::date AS last_submitted_on
        FROM task t
        LEFT JOIN (SELECT DISTINCT ON (tu.task_id) tu.task_id, tu.unit_id FROM task_unit tu WHERE tu.role = 'lead'
                    ORDER BY tu.task_id, tu.position) lead ON lead.task_id = t.id
        LEFT JOIN (SELECT DISTINCT ON (pr.task_id, pr.unit_id) pr.task_id, pr.unit_id, pr.period, pr.percent, pr.submitted_at
                     FROM progress_report pr JOIN task pt ON pt.id = pr.task_id
                    WHERE pr.status IN ('submitted', 'accepted') AND pr.period <= (${JSON.stringify(counted.lastKey)}::jsonb ->> pt.report_cadence)
                    ORDER BY pr.task_id, pr.unit_id, pr.period DESC) rep ON rep.task_id = t.id AND rep.unit_id = lead.unit_id
       WHERE t.report_cadence = ANY(${counted.cadences}::text[]) AND t.published_at IS NOT NULL AND t.published_at < ${`${end}T24:00:00+08:00`}::timestamptz
    ) f`;
};

/** Each unit (lead or co) × task owing work for which that unit sent no report the period counts. */
const debtSql = (periodKeys: string[]): Sql => sql`
  CREATE TEMP TABLE rollup_debt ON COMMIT DROP AS
  SELECT tu.unit_id, f.measure_id, f.task_id
    FROM rollup_fact f JOIN task_unit tu ON tu.task_id = f.task_id
   WHERE f.owes AND NOT EXISTS (SELECT 1 FROM progress_report pr
                                 WHERE pr.task_id = f.task_id AND pr.unit_id = tu.unit_id AND pr.period = ANY(${periodKeys}::text[])
                                   AND pr.status IN ('submitted', 'accepted'))`;

/** The counts of a group of rollup_fact rows (one expression per column of RollupCounts). */
const COUNTS = raw(`count(*)::int AS total,
  count(*) FILTER (WHERE state = 'not_started')::int AS not_started,
  count(*) FILTER (WHERE state = 'in_progress')::int AS in_progress,
  count(*) FILTER (WHERE state = 'submitted_done')::int AS submitted_done,
  count(*) FILTER (WHERE state = 'completed')::int AS completed,
  count(*) FILTER (WHERE state = 'not_applicable')::int AS not_applicable,
  count(*) FILTER (WHERE overdue)::int AS overdue,
  count(*) FILTER (WHERE lagging_reason IS NOT NULL)::int AS lagging,
  round(count(*) FILTER (WHERE state = 'completed') * 100.0 / nullif(count(*) FILTER (WHERE state <> 'not_applicable'), 0), 1) AS completion_rate`);
const COUNT_COLUMNS = raw('total, not_started, in_progress, submitted_done, completed, not_applicable, overdue, lagging, completion_rate');
/** best first: completion rate, then fewest overdue, then fewest lagging; rows without tasks unranked */
const RANK = raw(`CASE WHEN total > 0 THEN rank() OVER (ORDER BY total > 0 DESC, completion_rate DESC NULLS LAST, overdue, lagging) END`);

/** One row per unit that leads a task of the period or owes a report for one. */
const unitsSql = (rollupId: string): Sql => sql`
  INSERT INTO rollup_unit (rollup_id, unit_id, unit_name, unreported_tasks, ${COUNT_COLUMNS}, rank)
  SELECT ${rollupId}::uuid, r.unit_id, u.name, r.unreported_tasks, ${COUNT_COLUMNS}, ${RANK}
    FROM (
      SELECT coalesce(c.unit_id, d.unit_id) AS unit_id, coalesce(d.unreported, 0) AS unreported_tasks,
             coalesce(c.total, 0) AS total, coalesce(c.not_started, 0) AS not_started, coalesce(c.in_progress, 0) AS in_progress,
             coalesce(c.submitted_done, 0) AS submitted_done, coalesce(c.completed, 0) AS completed,
             coalesce(c.not_applicable, 0) AS not_applicable, coalesce(c.overdue, 0) AS overdue, coalesce(c.lagging, 0) AS lagging,
             c.completion_rate
        FROM (SELECT lead_unit_id AS unit_id, ${COUNTS} FROM rollup_fact WHERE lead_unit_id IS NOT NULL GROUP BY lead_unit_id) c
        FULL JOIN (SELECT unit_id, count(*)::int AS unreported FROM rollup_debt GROUP BY unit_id) d ON d.unit_id = c.unit_id
    ) r
    JOIN unit u ON u.id = r.unit_id`;

const measuresSql = (rollupId: string): Sql => sql`
  INSERT INTO rollup_measure (rollup_id, measure_id, document_id, measure_number, measure_title, lead_unit_id, lead_unit_name,
                              unreported_unit_names, ${COUNT_COLUMNS}, rank)
  SELECT ${rollupId}::uuid, c.measure_id, m.document_id, m.number, m.title, lu.id, lu.name, coalesce(un.names, '{}'), ${COUNT_COLUMNS}, ${RANK}
    FROM (SELECT measure_id, (array_agg(lead_unit_id ORDER BY ordinal, task_id))[1] AS first_lead, ${COUNTS}
            FROM rollup_fact GROUP BY measure_id) c
    JOIN measure m ON m.id = c.measure_id
    LEFT JOIN unit lu ON lu.id = coalesce(m.lead_unit_id, c.first_lead)
    LEFT JOIN (SELECT du.measure_id, array_agg(u.name ORDER BY u.name) AS names
                 FROM (SELECT DISTINCT measure_id, unit_id FROM rollup_debt) du JOIN unit u ON u.id = du.unit_id
                GROUP BY du.measure_id) un ON un.measure_id = c.measure_id`;

const tasksSql = (rollupId: string, periodEnd: string): Sql => sql`
  INSERT INTO rollup_task (rollup_id, task_id, measure_id, measure_number, title, state, due_date, lead_unit_id, lead_unit_name, unit_ids,
                           overdue, overdue_days, lagging, lagging_reason, lagging_days)
  SELECT ${rollupId}::uuid, f.task_id, f.measure_id, m.number, f.title, f.state, f.due_date, f.lead_unit_id, lu.name,
         coalesce(tu.unit_ids, '{}'),
         f.overdue, f.overdue_days, f.lagging_reason IS NOT NULL, f.lagging_reason,
         CASE WHEN f.lagging_reason IS NOT NULL THEN greatest(${periodEnd}::date - coalesce(f.last_submitted_on, f.published_on), 0) END
    FROM rollup_fact f
    JOIN measure m ON m.id = f.measure_id
    LEFT JOIN unit lu ON lu.id = f.lead_unit_id
    LEFT JOIN (SELECT tu.task_id, array_agg(tu.unit_id ORDER BY tu.role <> 'lead', tu.position) AS unit_ids
                 FROM task_unit tu JOIN rollup_fact ff ON ff.task_id = tu.task_id AND (ff.overdue OR ff.lagging_reason IS NOT NULL)
                GROUP BY tu.task_id) tu ON tu.task_id = f.task_id
   WHERE f.overdue OR f.lagging_reason IS NOT NULL`;

/**
 * Builds the snapshot of one period in one transaction, as set-based SQL: the period's row is
 * upserted (one per cadence and period, so two builds of the same period serialise on it), its
 * previous rows are deleted and the new ones inserted from two temp tables of per-task facts.
 * Re-running it replaces the snapshot; a failure leaves the previous one in place.
 */
@Injectable()
export class RollupRepository {
  constructor(private readonly dataSource: DataSource) {}

  build(period: RollupPeriod, builtAt: Date): Promise<BuiltRollup> {
    return this.dataSource.transaction((m) => this.buildIn(m, period, builtAt));
  }

  private async buildIn(m: EntityManager, period: RollupPeriod, builtAt: Date): Promise<BuiltRollup> {
    // a few large set-based statements: JIT compilation costs seconds and saves nothing here
    await queryRows(m, sql`SET LOCAL jit = off`);
    // the per-measure and per-task aggregates sort 100,000 facts: in memory, not in temp files
    await queryRows(m, sql`SET LOCAL work_mem = '64MB'`);
    const rollup = await queryRow<{ id: string }>(
      m,
      sql`INSERT INTO rollup (cadence, period_key, period_start, period_end, built_at, task_count)
          VALUES (${period.cadence}, ${period.key}, ${period.start}, ${period.end}, ${builtAt}, 0)
          ON CONFLICT (cadence, period_key) DO UPDATE SET period_start = EXCLUDED.period_start, period_end = EXCLUDED.period_end,
                                                          built_at = EXCLUDED.built_at
          RETURNING id`,
    );
    const id = rollup!.id;
    for (const table of ['rollup_unit', 'rollup_measure', 'rollup_task']) await queryRows(m, sql`DELETE FROM ${raw(table)} WHERE rollup_id = ${id}`);
    await queryRows(m, factsSql(period));
    // statistics for the columns the next statements join, group and filter on only: half the time of all of them
    await queryRows(m, sql`ANALYZE rollup_fact (task_id, measure_id, lead_unit_id, owes, overdue, lagging_reason)`);
    await queryRows(m, debtSql(reportsWithin(period.cadence, period.key).keys));
    await queryRows(m, sql`ANALYZE rollup_debt`);
    const unitRows = await countInserted(m, unitsSql(id));
    const measureRows = await countInserted(m, measuresSql(id));
    const taskRows = await countInserted(m, tasksSql(id, period.end));
    const totals = await queryRow<RollupTotalsRow>(
      m,
      sql`WITH t AS (UPDATE rollup SET task_count = (SELECT count(*) FROM rollup_fact) WHERE id = ${id} RETURNING task_count)
          SELECT (SELECT task_count FROM t) AS task_count,
                 (SELECT count(*) FILTER (WHERE state = 'completed') FROM rollup_fact)::int AS completed,
                 (SELECT count(*) FILTER (WHERE state <> 'not_applicable') FROM rollup_fact)::int AS applicable,
                 (SELECT count(*) FILTER (WHERE overdue) FROM rollup_fact)::int AS overdue,
                 (SELECT count(*) FILTER (WHERE lagging_reason IS NOT NULL) FROM rollup_fact)::int AS lagging,
                 (SELECT count(DISTINCT unit_id) FROM rollup_debt)::int AS unreported_units`,
    );
    const t = totals!;
    return {
      rollupId: id,
      taskCount: t.task_count,
      unitRows,
      measureRows,
      taskRows,
      completed: t.completed,
      completionRate: t.applicable > 0 ? t.completed / t.applicable : 0,
      overdue: t.overdue,
      lagging: t.lagging,
      unreportedUnits: t.unreported_units,
    };
  }
}

interface RollupTotalsRow {
  task_count: number;
  completed: number;
  applicable: number;
  overdue: number;
  lagging: number;
  unreported_units: number;
}

/** How many rows an INSERT … SELECT wrote (TypeORM returns no row count for it). */
async function countInserted(m: EntityManager, insert: Sql): Promise<number> {
  const row = await queryRow<{ n: number }>(m, sql`WITH ins AS (${insert} RETURNING 1) SELECT count(*)::int AS n FROM ins`);
  return row?.n ?? 0;
}
