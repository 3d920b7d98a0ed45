import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AttachmentEntity, ProgressReportEntity } from '@luoshi/domain/entities';
import type { ReportStatus } from '@luoshi/domain/lifecycles';
import type { ReportWarning } from '@luoshi/domain/reports';
import { EntityRow, join, JsonRow, preparedRows, queryRow, raw, sql, Sql } from '@luoshi/infra';
import { Page, PageRequest, queryPage } from '../common/paging';
import { TaskAccessFacts, taskAccessColumnsSql } from '../tasks/task-access.service';

/** A progress_report row as `SELECT r.*` reads it, plus the columns the reads join. */
export type ReportRow = Omit<EntityRow<ProgressReportEntity, 'task' | 'unit'>, 'warnings'> & {
  warnings: ReportWarning[];
  unit_name?: string;
  task_title?: string;
  attachments?: AttachmentSummaryRow[] | null;
};

/** An attachment as its row or a report read's JSON gives it (there the timestamp a string, the size a number). */
export type AttachmentSummaryRow = Pick<EntityRow<AttachmentEntity, 'report'>, 'id' | 'original_name' | 'media_type' | 'sha256'> & {
  size_bytes: string | number;
  created_at: Date | string;
};

/** Everything one write needs, read in one round trip (see `writeContext`). */
export interface WriteContext extends TaskAccessFacts {
  cadence: string;
  state: string;
  evidence_required: boolean;
  current: JsonRow<ReportRow> | null;
  previous_text: string | null;
  attachment_count: number;
}

/** The content a write stores (the domain's names, snake_case as the columns). */
export interface ReportValues {
  status: ReportStatus;
  text: string;
  percent: number | null;
  milestone: string | null;
  problems: string | null;
  next_steps: string | null;
  warnings: ReportWarning[];
  /** set when the write submits the report */
  submitted_at: Date | null;
}

export interface TaskReportsFilter {
  taskId: string;
  /** a co-responsible unit: its own part only */
  unitId: string | null;
  period?: string;
}

export interface ReportsFilter {
  /** the tasks the caller may see (TaskAccessService.visibleTasks) */
  visibleTasks: Sql;
  /** a bureau: its own part, or every part of the tasks it leads */
  bureauUnitId: string | null;
  status?: string;
  hasWarnings?: boolean;
  period?: string;
  unitId?: string;
  taskId?: string;
  measureId?: string;
}

type Db = EntityManager | DataSource;

/** GET /reports counts at most this many matching reports: `total` is min(matching, cap). */
export const REPORTS_TOTAL_CAP = 10_000;

/** A report's columns with its unit's name and its attachments. */
const REPORT_WITH_ATTACHMENTS = sql`r.*, u.name AS unit_name,
  (SELECT coalesce(json_agg(json_build_object('id', a.id, 'original_name', a.original_name, 'media_type', a.media_type,
           'size_bytes', a.size_bytes, 'sha256', a.sha256, 'created_at', a.created_at) ORDER BY a.created_at), '[]'::json)
     FROM attachment a WHERE a.report_id = r.id) AS attachments`;

/** The data-modifying CTE writing the audit entry of `r`'s row (none when `r` wrote none). */
const withAudit = (write: Sql, audit: Sql): Sql => sql`WITH r AS (${write} RETURNING *), a AS (${audit} FROM r) SELECT * FROM r`;

/** All SQL of progress reports: reads with their joins, the write context, the writes with their audit rows. */
@Injectable()
export class ReportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A task's reports, newest period first, then in the task's unit order. */
  pageForTask(db: Db, filter: TaskReportsFilter, page: PageRequest): Promise<Page<ReportRow>> {
    const where = [sql`r.task_id = ${filter.taskId}`];
    if (filter.unitId) where.push(sql`r.unit_id = ${filter.unitId}`);
    if (filter.period) where.push(sql`r.period = ${filter.period}`);
    return queryPage<ReportRow>(
      db,
      {
        select: REPORT_WITH_ATTACHMENTS,
        from: sql`progress_report r JOIN unit u ON u.id = r.unit_id`,
        where,
        orderBy: sql`r.period DESC, (SELECT tu.position FROM task_unit tu WHERE tu.task_id = r.task_id AND tu.unit_id = r.unit_id), u.name, r.id`,
      },
      page,
    );
  }

  /** Reports across tasks, latest submission first (the office's review queue). */
  pageAcrossTasks(filter: ReportsFilter, page: PageRequest): Promise<Page<ReportRow>> {
    const where = [filter.visibleTasks];
    if (filter.bureauUnitId) {
      where.push(sql`(r.unit_id = ${filter.bureauUnitId}
        OR EXISTS (SELECT 1 FROM task_unit lu WHERE lu.task_id = r.task_id AND lu.unit_id = ${filter.bureauUnitId} AND lu.role = 'lead'))`);
    }
    if (filter.status) where.push(sql`r.status = ${filter.status}`);
    if (filter.hasWarnings === true) where.push(sql`jsonb_array_length(r.warnings) > 0`);
    if (filter.hasWarnings === false) where.push(sql`jsonb_array_length(r.warnings) = 0`);
    if (filter.period) where.push(sql`r.period = ${filter.period}`);
    if (filter.unitId) where.push(sql`r.unit_id = ${filter.unitId}`);
    if (filter.taskId) where.push(sql`r.task_id = ${filter.taskId}`);
    if (filter.measureId) where.push(sql`t.measure_id = ${filter.measureId}`);
    // the task is joined for the count only when a condition reads it (a bureau's scope, a measure)
    const countFrom = filter.bureauUnitId || filter.measureId ? sql`progress_report r JOIN task t ON t.id = r.task_id` : sql`progress_report r`;
    return queryPage<ReportRow>(
      this.dataSource,
      {
        select: sql`${REPORT_WITH_ATTACHMENTS}, t.title AS task_title`,
        from: sql`progress_report r JOIN task t ON t.id = r.task_id JOIN unit u ON u.id = r.unit_id`,
        where,
        // ix_progress_report_review_order: a page reads just its rows
        orderBy: sql`r.submitted_at DESC NULLS LAST, r.updated_at DESC, r.id`,
        // counting a city's year of reports would cost more than the page: counted up to the cap
        count: sql`SELECT count(*)::int AS total FROM (SELECT 1 FROM ${countFrom} WHERE ${join(where, ' AND ')} LIMIT ${raw(String(REPORTS_TOTAL_CAP))}) capped`,
      },
      page,
    );
  }

  findWithAttachments(db: Db, reportId: string): Promise<ReportRow | undefined> {
    return queryRow<ReportRow>(db, sql`SELECT ${REPORT_WITH_ATTACHMENTS} FROM progress_report r JOIN unit u ON u.id = r.unit_id WHERE r.id = ${reportId}`);
  }

  /** The unit's report for `period`, or else its latest one before it (to pre-fill a new one). */
  latestUpTo(db: Db, key: { taskId: string; unitId: string; period: string }): Promise<ReportRow | undefined> {
    return queryRow<ReportRow>(
      db,
      sql`SELECT ${REPORT_WITH_ATTACHMENTS}
            FROM progress_report r JOIN unit u ON u.id = r.unit_id
           WHERE r.task_id = ${key.taskId} AND r.unit_id = ${key.unitId} AND r.period <= ${key.period}
           ORDER BY r.period DESC LIMIT 1`,
    );
  }

  async taskCadence(db: Db, taskId: string): Promise<string | undefined> {
    const row = await queryRow<{ report_cadence: string }>(db, sql`SELECT report_cadence FROM task WHERE id = ${taskId}`);
    return row?.report_cadence;
  }

  /** Tasks among `taskIds` in how many distinct measures. */
  async measureCount(db: Db, taskIds: string[]): Promise<number> {
    const row = await queryRow<{ n: number }>(db, sql`SELECT count(DISTINCT measure_id)::int AS n FROM task WHERE id = ANY(${taskIds}::uuid[])`);
    return row?.n ?? 0;
  }

  /** What a write needs, with the caller's access to the task, in one round trip; undefined: no such task. */
  async writeContext(manager: EntityManager, key: { taskId: string; unitId: string; period: string }): Promise<WriteContext | undefined> {
    const { taskId, unitId, period } = key;
    const [row] = await preparedRows<WriteContext & Record<string, unknown>>(
      manager,
      sql`SELECT ${taskAccessColumnsSql(unitId)}, t.report_cadence AS cadence, t.state, t.evidence_required,
                 (SELECT to_jsonb(c) FROM progress_report c WHERE c.task_id = t.id AND c.unit_id = ${unitId} AND c.period = ${period}) AS current,
                 (SELECT p.text FROM progress_report p WHERE p.task_id = t.id AND p.unit_id = ${unitId} AND p.period < ${period}
                   ORDER BY p.period DESC LIMIT 1) AS previous_text,
                 (SELECT count(*)::int FROM attachment a JOIN progress_report c ON c.id = a.report_id
                   WHERE c.task_id = t.id AND c.unit_id = ${unitId} AND c.period = ${period}) AS attachment_count
            FROM task t WHERE t.id = ${taskId}`,
    );
    return row;
  }

  /** Creates a report and its audit entry in one statement; a concurrent create hits uq_progress_report_period (23505). */
  async insert(
    manager: EntityManager,
    report: ReportValues & { id: string; task_id: string; unit_id: string; period: string; created_by: string },
    audit: Sql,
  ): Promise<ReportRow> {
    const [row] = await preparedRows<ReportRow & Record<string, unknown>>(
      manager,
      withAudit(
        sql`INSERT INTO progress_report
              (id, task_id, unit_id, period, status, text, percent, milestone, problems, next_steps, warnings, submitted_at, created_by)
            VALUES (${report.id}, ${report.task_id}, ${report.unit_id}, ${report.period}, ${report.status}, ${report.text}, ${report.percent},
                    ${report.milestone}, ${report.problems}, ${report.next_steps}, ${JSON.stringify(report.warnings)}::jsonb,
                    ${report.submitted_at}::timestamptz, ${report.created_by})`,
        audit,
      ),
    );
    return row;
  }

  /** Replaces a report's content if it is still at `version`, with its audit entry; undefined: the version moved on. */
  async update(manager: EntityManager, key: { id: string; version: number }, report: ReportValues, audit: Sql): Promise<ReportRow | undefined> {
    const [row] = await preparedRows<ReportRow & Record<string, unknown>>(
      manager,
      withAudit(
        sql`UPDATE progress_report
               SET status = ${report.status}, text = ${report.text}, percent = ${report.percent}, milestone = ${report.milestone},
                   problems = ${report.problems}, next_steps = ${report.next_steps}, warnings = ${JSON.stringify(report.warnings)}::jsonb,
                   submitted_at = coalesce(${report.submitted_at}::timestamptz, submitted_at),
                   version = version + 1, updated_at = now()
             WHERE id = ${key.id} AND version = ${key.version}`,
        audit,
      ),
    );
    return row;
  }

  /** The report row, locked for the rest of the transaction (a review). */
  lockForReview(manager: EntityManager, reportId: string): Promise<ReportRow | undefined> {
    return queryRow<ReportRow>(manager, sql`SELECT * FROM progress_report WHERE id = ${reportId} FOR UPDATE`);
  }

  /** Records the office's decision if the report is still at `version`; undefined: it moved on. */
  async review(
    manager: EntityManager,
    key: { id: string; version: number },
    decision: { status: ReportStatus; comment: string | null; reviewedBy: string; at: Date },
  ): Promise<ReportRow | undefined> {
    // on the pg connection: TypeORM's query() answers an UPDATE as [rows, count]
    const rows = await preparedRows<ReportRow & Record<string, unknown>>(
      manager,
      sql`UPDATE progress_report
             SET status = ${decision.status}, review_comment = ${decision.comment}, reviewed_by = ${decision.reviewedBy},
                 reviewed_at = ${decision.at}, version = version + 1, updated_at = now()
           WHERE id = ${key.id} AND version = ${key.version} RETURNING *`,
    );
    return rows[0];
  }
}
