import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows, sql } from '@luoshi/infra';

const OPEN_STATES = ['not_started', 'in_progress'];
const REPORTED = ['submitted', 'accepted'];

export interface UnitTaskCount {
  unit_id: string;
  unit_name: string;
  task_count: number;
}

export interface UnreportedTaskRow {
  unit_id: string;
  unit_name: string;
  task_id: string;
  task_title: string;
  measure_number: string | null;
}

/** reporting_period rows and the units each step addresses, as sets. */
@Injectable()
export class PeriodRepository {
  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  /** Opens the period unless it exists; returns its status (a closed one stays closed). */
  async open(m: EntityManager, cadence: string, period: string, now: Date): Promise<string> {
    const [row] = await queryRows<{ status: string }>(
      m,
      sql`WITH ins AS (
         INSERT INTO reporting_period (cadence, period, status, opened_at) VALUES (${cadence}, ${period}, 'open', ${now})
         ON CONFLICT ON CONSTRAINT uq_reporting_period_cadence_period DO NOTHING RETURNING status)
       SELECT status FROM ins UNION ALL SELECT status FROM reporting_period WHERE cadence = ${cadence} AND period = ${period} LIMIT 1`,
    );
    return row.status;
  }

  async markReminded(m: EntityManager, cadence: string, period: string, now: Date): Promise<void> {
    await queryRows(m, sql`UPDATE reporting_period SET reminded_at = COALESCE(reminded_at, ${now}) WHERE cadence = ${cadence} AND period = ${period}`);
  }

  /** Closes the period (creating it closed if it never opened: the worker was down all along). */
  async close(m: EntityManager, cadence: string, period: string, now: Date): Promise<void> {
    await queryRows(
      m,
      sql`INSERT INTO reporting_period (cadence, period, status, opened_at, closed_at) VALUES (${cadence}, ${period}, 'closed', ${now}, ${now})
       ON CONFLICT ON CONSTRAINT uq_reporting_period_cadence_period DO UPDATE SET status = 'closed', closed_at = COALESCE(reporting_period.closed_at, EXCLUDED.closed_at)`,
    );
  }

  /** Units (lead and co) with open published tasks of the cadence, with how many. */
  async unitsWithOpenTasks(m: EntityManager, cadence: string): Promise<UnitTaskCount[]> {
    return queryRows<UnitTaskCount>(
      m,
      sql`SELECT tu.unit_id, u.name AS unit_name, count(*)::int AS task_count
         FROM task t JOIN task_unit tu ON tu.task_id = t.id JOIN unit u ON u.id = tu.unit_id
        WHERE t.published_at IS NOT NULL AND t.state = ANY(${OPEN_STATES}::text[]) AND t.report_cadence = ${cadence}
        GROUP BY tu.unit_id, u.name ORDER BY tu.unit_id`,
    );
  }

  /** Each unit's open tasks of the cadence without a report for the period. */
  async unreported(m: EntityManager, cadence: string, period: string): Promise<UnreportedTaskRow[]> {
    return queryRows<UnreportedTaskRow>(
      m,
      sql`SELECT tu.unit_id, u.name AS unit_name, t.id AS task_id, t.title AS task_title, ms.number AS measure_number
         FROM task t JOIN task_unit tu ON tu.task_id = t.id JOIN unit u ON u.id = tu.unit_id JOIN measure ms ON ms.id = t.measure_id
        WHERE t.published_at IS NOT NULL AND t.state = ANY(${OPEN_STATES}::text[]) AND t.report_cadence = ${cadence}
          AND NOT EXISTS (SELECT 1 FROM progress_report r WHERE r.task_id = t.id AND r.unit_id = tu.unit_id AND r.period = ${period}
                                                          AND r.status = ANY(${REPORTED}::text[]))
        ORDER BY tu.unit_id, ms.ordinal, t.ordinal`,
    );
  }
}
