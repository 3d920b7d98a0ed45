import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows, raw, sql } from '@luoshi/infra';
import { Page, PageRequest, queryPage } from '../common/paging';

/** Counts as rollup_unit and rollup_measure store them. */
export interface CountsRow {
  total: number;
  not_started: number;
  in_progress: number;
  submitted_done: number;
  completed: number;
  not_applicable: number;
  overdue: number;
  lagging: number;
  /** numeric arrives as text */
  completion_rate: string | null;
  rank: number | null;
}

export interface RollupRow {
  id: string;
  cadence: string;
  period_key: string;
  period_start: string;
  period_end: string;
  built_at: Date;
  task_count: number;
}

export interface UnitRow extends CountsRow {
  unit_id: string;
  unit_name: string;
  unreported_tasks: number;
}

export interface MeasureRow extends CountsRow {
  measure_id: string;
  document_id: string;
  measure_number: string;
  measure_title: string;
  lead_unit_id: string | null;
  lead_unit_name: string | null;
  unreported_unit_names: string[];
}

export interface TaskRow {
  task_id: string;
  measure_id: string;
  measure_number: string;
  title: string;
  state: string;
  due_date: string | null;
  lead_unit_id: string | null;
  lead_unit_name: string | null;
  overdue: boolean;
  overdue_days: number | null;
  lagging: boolean;
  lagging_reason: string | null;
  lagging_days: number | null;
}

export interface PeriodRow {
  cadence: string;
  period: string;
  status: string | null;
  opened_at: Date | null;
  closed_at: Date | null;
  rollup_id: string | null;
  built_at: Date | null;
  task_count: number | null;
}

export interface UnitMovementRow {
  unit_id: string;
  unit_name: string;
  a: CountsRow | null;
  b: CountsRow | null;
}

export interface TaskMovementRow {
  task_id: string;
  title: string;
  measure_number: string;
  lead_unit_name: string | null;
  movement: 'newly_overdue' | 'newly_lagging' | 'recovered';
  overdue_days: number | null;
  lagging_days: number | null;
  movement_total: number;
}

const COUNT_COLUMNS =
  'total, not_started, in_progress, submitted_done, completed, not_applicable, overdue, lagging, completion_rate::text AS completion_rate, rank';
const COUNTS_JSON = (a: string) => `CASE WHEN ${a}.rollup_id IS NULL THEN NULL ELSE json_build_object(
  'total', ${a}.total, 'not_started', ${a}.not_started, 'in_progress', ${a}.in_progress, 'submitted_done', ${a}.submitted_done,
  'completed', ${a}.completed, 'not_applicable', ${a}.not_applicable, 'overdue', ${a}.overdue, 'lagging', ${a}.lagging,
  'completion_rate', ${a}.completion_rate::text, 'rank', ${a}.rank) END`;

/**
 * The SQL of the rollups' read side. Every read that returns per-unit data takes the caller's
 * unit scope (`unitId`: a bureau's unit, null for office and leader) and applies it in the
 * statement: unit rows of that unit, measure rows of measures it leads, task rows of tasks it has
 * a part in.
 */
@Injectable()
export class RollupsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findRollup(cadence: string, period: string): Promise<RollupRow | undefined> {
    const [row] = await queryRows<RollupRow>(
      this.dataSource,
      sql`SELECT id, cadence, period_key, period_start::text, period_end::text, built_at, task_count FROM rollup WHERE cadence = ${cadence} AND period_key = ${period}`,
    );
    return row;
  }

  /** Periods the worker ran (reporting_period) and periods with a rollup, newest first. */
  listPeriods(cadence: string | null, page: PageRequest): Promise<Page<PeriodRow>> {
    return queryPage<PeriodRow>(
      this.dataSource,
      {
        with: sql`periods AS (
         SELECT coalesce(p.cadence, r.cadence) AS cadence, coalesce(p.period, r.period_key) AS period, p.status, p.opened_at, p.closed_at,
                r.id AS rollup_id, r.built_at, r.task_count
           FROM reporting_period p
           FULL JOIN rollup r ON r.cadence = p.cadence AND r.period_key = p.period
       )`,
        select: sql`*`,
        from: sql`periods`,
        where: cadence === null ? [] : [sql`cadence = ${cadence}`],
        orderBy: sql`period DESC, cadence`,
      },
      page,
    );
  }

  units(rollupId: string, unitId: string | null): Promise<UnitRow[]> {
    return queryRows<UnitRow>(
      this.dataSource,
      sql`SELECT unit_id, unit_name, unreported_tasks, ${raw(COUNT_COLUMNS)} FROM rollup_unit
        WHERE rollup_id = ${rollupId} AND (${unitId}::uuid IS NULL OR unit_id = ${unitId})
        ORDER BY rank NULLS LAST, unit_name`,
    );
  }

  measures(rollupId: string, unitId: string | null, page: PageRequest): Promise<Page<MeasureRow>> {
    return queryPage<MeasureRow>(
      this.dataSource,
      {
        select: sql`measure_id, document_id, measure_number, measure_title, lead_unit_id, lead_unit_name, unreported_unit_names, ${raw(COUNT_COLUMNS)}`,
        from: sql`rollup_measure`,
        where: [sql`rollup_id = ${rollupId}`, unitId === null ? sql`TRUE` : sql`lead_unit_id = ${unitId}`],
        orderBy: sql`rank NULLS LAST, measure_number, measure_id`,
      },
      page,
    );
  }

  tasks(rollupId: string, scopeUnitId: string | null, filter: { kind?: 'overdue' | 'lagging'; unitId?: string }, page: PageRequest): Promise<Page<TaskRow>> {
    const where = [sql`rollup_id = ${rollupId}`];
    if (scopeUnitId !== null) where.push(sql`${scopeUnitId}::uuid = ANY (unit_ids)`);
    if (filter.unitId) where.push(sql`${filter.unitId}::uuid = ANY (unit_ids)`);
    if (filter.kind) where.push(filter.kind === 'overdue' ? sql`overdue` : sql`lagging`);
    return queryPage<TaskRow>(
      this.dataSource,
      {
        select: sql`task_id, measure_id, measure_number, title, state, due_date::text, lead_unit_id, lead_unit_name,
              overdue, overdue_days, lagging, lagging_reason, lagging_days`,
        from: sql`rollup_task`,
        where,
        orderBy: sql`overdue DESC, overdue_days DESC NULLS LAST, lagging_days DESC NULLS LAST, measure_number, task_id`,
      },
      page,
    );
  }

  /** Both sides' counts per unit (a unit on one side only has null on the other). */
  unitMovements(fromId: string, toId: string, unitId: string | null): Promise<UnitMovementRow[]> {
    const ofUnit = unitId === null ? sql`TRUE` : sql`unit_id = ${unitId}`;
    return queryRows<UnitMovementRow>(
      this.dataSource,
      sql`SELECT coalesce(b.unit_id, a.unit_id) AS unit_id, coalesce(b.unit_name, a.unit_name) AS unit_name,
              ${raw(COUNTS_JSON('a'))} AS a, ${raw(COUNTS_JSON('b'))} AS b
         FROM (SELECT * FROM rollup_unit WHERE rollup_id = ${fromId} AND ${ofUnit}) a
         FULL JOIN (SELECT * FROM rollup_unit WHERE rollup_id = ${toId} AND ${ofUnit}) b ON b.unit_id = a.unit_id
        ORDER BY b.rank NULLS LAST, unit_name`,
    );
  }

  /**
   * Tasks that moved between two snapshots: overdue in `to` and not in `from` (newly overdue),
   * lagging in `to` and not in `from` otherwise (newly lagging), flagged in `from` and in neither
   * way in `to` (recovered). The first `perKind` of each, worst first, each row with its kind's total.
   */
  taskMovements(fromId: string, toId: string, unitId: string | null, perKind: number): Promise<TaskMovementRow[]> {
    const ofUnit = unitId === null ? sql`TRUE` : sql`${unitId}::uuid = ANY (unit_ids)`;
    return queryRows<TaskMovementRow>(
      this.dataSource,
      sql`WITH a AS (SELECT * FROM rollup_task WHERE rollup_id = ${fromId} AND ${ofUnit}),
            b AS (SELECT * FROM rollup_task WHERE rollup_id = ${toId} AND ${ofUnit}),
            moved AS (
              SELECT b.task_id, b.title, b.measure_number, b.lead_unit_name, b.overdue_days, b.lagging_days,
                     CASE WHEN b.overdue AND NOT coalesce(a.overdue, false) THEN 'newly_overdue' ELSE 'newly_lagging' END AS movement
                FROM b LEFT JOIN a ON a.task_id = b.task_id
               WHERE (b.overdue AND NOT coalesce(a.overdue, false)) OR (b.lagging AND NOT coalesce(a.lagging, false))
              UNION ALL
              SELECT a.task_id, a.title, a.measure_number, a.lead_unit_name, a.overdue_days, a.lagging_days, 'recovered'
                FROM a WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.task_id = a.task_id)
            ),
            ranked AS (
              SELECT *, row_number() OVER (PARTITION BY movement ORDER BY overdue_days DESC NULLS LAST, lagging_days DESC NULLS LAST, task_id) AS n,
                     count(*) OVER (PARTITION BY movement)::int AS movement_total
                FROM moved
            )
       SELECT task_id, title, measure_number, lead_unit_name, movement, overdue_days, lagging_days, movement_total
         FROM ranked WHERE n <= ${perKind} ORDER BY movement, n`,
    );
  }
}
