import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { type LightDay, lightSql, taskLightColumns } from '@luoshi/core';
import { empty, join, queryRow, queryRows, type Sql, sql } from '@luoshi/infra';
import type { LedgerExportEntity, LedgerFilters } from '@luoshi/domain/entities';

/**
 * One ledger row as the query returns it: the task list's columns plus what the sheet shows, and
 * the task's traffic-light verdict as stored on it (LightDayService keeps it current; for a bureau
 * the receipt rule reads the bureau's own signature, as its task list does) with the numbers its
 * reasons quote.
 */
export interface LedgerTaskRow {
  measure_number: string;
  section_heading: string | null;
  text: string;
  lead_unit_id: string | null;
  lead_unit_name: string | null;
  lead_section_name: string | null;
  co_units: string | null;
  contacts: string | null;
  due_date: string | null;
  deadline_text: string;
  deadline_precision: string;
  state: string;
  report_cadence: string;
  last_period: string | null;
  last_percent: number | null;
  last_text: string | null;
  overdue: boolean | null;
  due_soon: boolean | null;
  report_missing: boolean | null;
  progress_behind: boolean | null;
  receipt_overdue: boolean | null;
  notice_open: boolean | null;
  /** due date minus the day, when overdue or due soon */
  due_in_days: number | null;
  /** the share of the publication-to-due span elapsed (rounded as assessTask does), when progress is behind */
  time_percent: number | null;
  /** the percent the progress rule read (the lead unit's latest report), when progress is behind */
  behind_percent: number | null;
  /** the Shanghai day of publication, when receipt is overdue (the sign-by day is counted from it) */
  published_on: string | null;
  open_notices: number;
  notices_yellow: number;
  notices_red: number;
}

/** States in which the bureau still owes work (the only ones that can be overdue). */
const OPEN_STATES = sql`('not_started', 'in_progress')`;

/**
 * The rows of a ledger: GET /tasks's scope and filters (a bureau: published tasks its unit leads or
 * shares; unitId/role as lead or co; state; overdue as of the ledger's day; dueBefore; measure;
 * document; title search) in the list's default order (due date, undated last, then id), read in
 * batches through a cursor (one snapshot, bounded memory), each with the verdict stored on the task
 * for `day` (the caller makes it current first). The light filter is applied by the caller.
 */
@Injectable()
export class LedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(id: string): Promise<LedgerExportEntity | null> {
    const ledger = await queryRow<LedgerExportEntity>(
      this.dataSource,
      sql`SELECT id, requested_by AS "requestedBy", unit_id AS "unitId", filters, status, stored_name AS "storedName"
            FROM ledger_export WHERE id = ${id}`,
    );
    return ledger ?? null;
  }

  /** Ledger requests made before `cutoff`, with their file's name (the purge job's). */
  expiredBefore(cutoff: Date): Promise<{ id: string; stored_name: string | null }[]> {
    return queryRows(this.dataSource, sql`SELECT id, stored_name FROM ledger_export WHERE created_at < ${cutoff}`);
  }

  /** Deletes the requests; how many went (TypeORM answers a bare DELETE with [rows, count]: counted through a CTE). */
  async deleteMany(ids: string[]): Promise<number> {
    const deleted = await queryRow<{ n: number }>(
      this.dataSource,
      sql`WITH d AS (DELETE FROM ledger_export WHERE id = ANY(${ids}::uuid[]) RETURNING 1) SELECT count(*)::int AS n FROM d`,
    );
    return deleted?.n ?? 0;
  }

  async markBuilding(id: string): Promise<void> {
    await queryRows(this.dataSource, sql`UPDATE ledger_export SET status = 'building', error = NULL WHERE id = ${id} AND status <> 'ready'`);
  }

  async markFailed(id: string, error: string, at: Date): Promise<void> {
    await queryRows(
      this.dataSource,
      sql`UPDATE ledger_export SET status = 'failed', error = ${error.slice(0, 500)}, finished_at = ${at} WHERE id = ${id} AND status <> 'ready'`,
    );
  }

  /** Marks a built ledger ready (in the caller's transaction, with the requester's notification). */
  async markReady(m: EntityManager, id: string, built: { asOf: string; storedName: string; rowCount: number; sizeBytes: number; at: Date }): Promise<void> {
    await queryRows(
      m,
      sql`UPDATE ledger_export SET status = 'ready', as_of = ${built.asOf}, stored_name = ${built.storedName}, row_count = ${built.rowCount},
                 size_bytes = ${built.sizeBytes}, finished_at = ${built.at}, error = NULL
           WHERE id = ${id}`,
    );
  }

  /**
   * Streams the ledger's rows (`ledgerQuery` of the selection) batch by batch to `onBatch`: one statement (one sort, one pass) read through a
   * server-side cursor (DECLARE … FETCH) inside a read-only REPEATABLE READ transaction, so the
   * rows come from one snapshot and only one batch is held in memory.
   */
  async eachBatch(
    { scopeUnitId, filters, day }: { scopeUnitId: string | null; filters: LedgerFilters; day: LightDay },
    onBatch: (rows: LedgerTaskRow[]) => Promise<void> | void,
    batchSize = 5000,
  ): Promise<void> {
    await this.dataSource.transaction('REPEATABLE READ', async (m: EntityManager) => {
      await m.query('SET TRANSACTION READ ONLY');
      // one big read: JIT compilation costs seconds and saves nothing here
      await m.query('SET LOCAL jit = off');
      // the whole list is sorted once: in memory rather than in temp files
      await m.query(`SET LOCAL work_mem = '64MB'`);
      // the verdicts this snapshot sees are the ones of `day` (a midnight recompute may have moved them since)
      const [stored] = await m.query<{ today: string | null }[]>(`SELECT today::text AS today FROM light_day`);
      if (stored?.today !== day.today) throw new Error(`stored traffic lights are for ${stored?.today ?? 'no day'}, not ${day.today}: try again`);
      await queryRows(m, sql`DECLARE ledger_rows NO SCROLL CURSOR FOR ${ledgerQuery(scopeUnitId, filters, day)}`);
      const fetch = () => m.query<LedgerTaskRow[]>(`FETCH FORWARD ${Number(batchSize)} FROM ledger_rows`);
      // the next batch is read by Postgres while this one is written
      let next = fetch();
      for (;;) {
        const rows = await next;
        const more = rows.length === batchSize;
        if (more) next = fetch();
        if (rows.length > 0) await onBatch(rows);
        if (!more) return;
      }
    });
  }
}

/** The ledger's statement: the task list's scope and filters, in its default order. */
export function ledgerQuery(scopeUnitId: string | null, filters: LedgerFilters, day: LightDay): Sql {
  const asOf = day.today;
  const where: Sql[] = [];
  if (scopeUnitId) {
    const role = filters.role ? sql` AND mu.role = ${filters.role}` : empty;
    where.push(sql`t.published_at IS NOT NULL`, sql`EXISTS (SELECT 1 FROM task_unit mu WHERE mu.task_id = t.id AND mu.unit_id = ${scopeUnitId}${role})`);
  } else if (filters.unitId) {
    const role = filters.role ? sql` AND fu.role = ${filters.role}` : empty;
    where.push(sql`EXISTS (SELECT 1 FROM task_unit fu WHERE fu.task_id = t.id AND fu.unit_id = ${filters.unitId}${role})`);
  } else if (filters.role) {
    where.push(sql`EXISTS (SELECT 1 FROM task_unit fu WHERE fu.task_id = t.id AND fu.role = ${filters.role})`);
  }
  if (filters.state) where.push(sql`t.state = ${filters.state}`);
  if (filters.overdue !== undefined) {
    const overdue = sql`(t.state IN ${OPEN_STATES} AND t.deadline_precision <> 'ongoing' AND t.due_date IS NOT NULL AND t.due_date < ${asOf}::date)`;
    where.push(filters.overdue ? overdue : sql`NOT ${overdue}`);
  }
  if (filters.dueBefore) where.push(sql`t.due_date <= ${filters.dueBefore}::date`);
  if (filters.measureId) where.push(sql`t.measure_id = ${filters.measureId}::uuid`);
  if (filters.documentId) where.push(sql`t.document_id = ${filters.documentId}::uuid`);
  // a substring of the title, case-insensitive (the list's ILIKE without wildcards in the input)
  if (filters.q) where.push(sql`strpos(lower(t.title), lower(${filters.q})) > 0`);
  const today = sql`${asOf}::date`;
  // the office's view is the verdict stored on the task (the lead unit's signature); a bureau's
  // receipt rule reads its own signature, as its task list does
  const receiptOverdue = scopeUnitId
    ? lightSql(taskLightColumns('t', sql`(SELECT my.signed_at FROM task_unit my WHERE my.task_id = t.id AND my.unit_id = ${scopeUnitId})`), day).receiptOverdue
    : sql`t.receipt_overdue`;
  const publishedOn = sql`(t.published_at AT TIME ZONE 'Asia/Shanghai')::date`;
  // the task list's default order: due date, undated last, then id
  const sortKey = sql`coalesce(t.due_date, 'infinity'::date)`;
  // The per-task parts (lead unit, co-units, contacts, latest report) are joined as sets (one
  // aggregate each, hash-joined), not looked up row by row: the ledger reads every row.
  return sql`
    WITH lead AS (SELECT DISTINCT ON (tu.task_id) tu.task_id, tu.unit_id, tu.section_id
                    FROM task_unit tu WHERE tu.role = 'lead' ORDER BY tu.task_id, tu.position),
         co AS (SELECT tu.task_id, string_agg(u.name || coalesce('（' || us.name || '）', ''), '、' ORDER BY tu.position) AS names
                  FROM task_unit tu JOIN unit u ON u.id = tu.unit_id LEFT JOIN unit_section us ON us.id = tu.section_id
                 WHERE tu.role = 'co' GROUP BY tu.task_id),
         contacts AS (SELECT c.measure_id, string_agg(c.name || coalesce(' ' || c.phone, ''), '；' ORDER BY c.name, c.id) AS names
                        FROM contact c GROUP BY c.measure_id),
         rep AS (SELECT DISTINCT ON (pr.task_id, pr.unit_id) pr.task_id, pr.unit_id, pr.period, pr.percent, pr.text
                   FROM progress_report pr WHERE pr.status IN ('submitted', 'accepted') ORDER BY pr.task_id, pr.unit_id, pr.period DESC)
    SELECT m.number AS measure_number, ds.heading AS section_heading, t.text,
           lead.unit_id AS lead_unit_id, lu.name AS lead_unit_name, ls.name AS lead_section_name,
           co.names AS co_units, contacts.names AS contacts,
           t.due_date::text AS due_date, t.deadline_text, t.deadline_precision, t.state, t.report_cadence,
           rep.period AS last_period, rep.percent AS last_percent, rep.text AS last_text,
           v.overdue, v.due_soon, v.report_missing, v.progress_behind, v.receipt_overdue, v.notice_open,
           CASE WHEN v.overdue OR v.due_soon THEN t.due_date - ${today} END AS due_in_days,
           CASE WHEN v.progress_behind THEN floor((${today} - ${publishedOn})::float8 / (t.due_date - ${publishedOn})::float8 * 100 + 0.5)::int END AS time_percent,
           CASE WHEN v.progress_behind THEN t.lead_report_percent END AS behind_percent,
           CASE WHEN v.receipt_overdue THEN ${publishedOn}::text END AS published_on,
           t.open_notices, t.notices_yellow, t.notices_red
      FROM task t
      CROSS JOIN LATERAL (SELECT t.overdue, t.due_soon, t.report_missing, t.progress_behind, ${receiptOverdue} AS receipt_overdue, t.notice_open) v
      JOIN measure m ON m.id = t.measure_id
      LEFT JOIN document_section ds ON ds.id = m.section_id
      LEFT JOIN lead ON lead.task_id = t.id
      LEFT JOIN unit lu ON lu.id = lead.unit_id
      LEFT JOIN unit_section ls ON ls.id = lead.section_id
      LEFT JOIN co ON co.task_id = t.id
      LEFT JOIN contacts ON contacts.measure_id = t.measure_id
      LEFT JOIN rep ON rep.task_id = t.id AND rep.unit_id = lead.unit_id
     WHERE ${where.length > 0 ? join(where, ' AND ') : sql`TRUE`}
     ORDER BY ${sortKey}, t.id`;
}
