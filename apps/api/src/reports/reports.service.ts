import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, taskNotFound, reportNotFound, noUnit, validationFailed, versionConflict, versionRequired } from '@luoshi/domain/errors';
import {
  assertPeriodOpenForReports,
  periodBounds,
  periodLabelZh,
  periodOf,
  REPORT_CADENCES,
  ReportCadence,
  reportDueDate,
  reportWarnings,
} from '@luoshi/domain/reports';
import { APP_CONFIG, AppConfig, Clock, preparedQuery } from '@luoshi/infra';
import { AuditService, auditInsertSelect } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import { Page, queryPage } from '../common/paging';
import { isUniqueViolation } from '../common/unique-violation';
import { TaskAccessFacts, TaskAccessService, taskAccessColumns } from '../tasks/task-access.service';
import type {
  AcceptReportDto,
  BatchReportDto,
  ListReportsQueryDto,
  ReportContentDto,
  ReturnReportDto,
  SaveReportDto,
  SubmitReportDto,
  TaskReportsQueryDto,
} from './dto/report.dto';
import { ReportResponse, ReportRow, reportSnapshot, toReportResponse } from './report-response';
import { AuditedWriter } from '../audit/audited-writer';

/** Task states in which no more progress is reported. */
const CLOSED_TASK_STATES = new Set(['completed', 'not_applicable']);
/** Task states that count as "marked done" for the 100% warning. */
const DONE_TASK_STATES = new Set(['submitted_done', 'completed']);
/** Report states a unit may still change (a returned report is corrected and submitted again). */
const EDITABLE_STATUSES = new Set(['draft', 'returned']);

/** Everything one write needs, read in one round trip. */
interface WriteContext extends TaskAccessFacts {
  cadence: ReportCadence;
  state: string;
  evidence_required: boolean;
  current: ReportRow | null;
  previous_text: string | null;
  attachment_count: number;
}

export interface DraftResponse {
  period: string;
  periodLabel: string;
  reportDueDate: string;
  /** false: nothing saved yet, the content is pre-filled from `prefilledFrom` */
  existing: boolean;
  prefilledFrom: string | null;
  report: Omit<ReportResponse, 'id' | 'version' | 'createdAt' | 'updatedAt'> & { id: string | null; version: number | null; createdAt: string | null; updatedAt: string | null };
}

export type ReportPage = Page<ReportResponse>;

/** Columns of a report plus its attachments, for reads. */
const REPORT_WITH_ATTACHMENTS = `r.*, u.name AS unit_name,
  (SELECT coalesce(json_agg(json_build_object('id', a.id, 'original_name', a.original_name, 'media_type', a.media_type,
           'size_bytes', a.size_bytes, 'sha256', a.sha256, 'created_at', a.created_at) ORDER BY a.created_at), '[]'::json)
     FROM attachment a WHERE a.report_id = r.id) AS attachments`;

/**
 * The audit entry is written by the same statement as the report (a data-modifying CTE), so
 * both commit or neither does, without a BEGIN/COMMIT round trip each; `FROM r` writes it only
 * when the report row was written. Parameters $first.. are AuditService.values.
 */
const AUDIT_INSERT = (first: number) => `a AS (${auditInsertSelect(first)} FROM r)`;

/** What a write needs to know, with the caller's access to the task, in one round trip ($1 task, $2 unit, $3 period). */
const WRITE_CONTEXT = `SELECT ${taskAccessColumns('$2')}, t.report_cadence AS cadence, t.state, t.evidence_required,
       (SELECT to_jsonb(c) FROM progress_report c WHERE c.task_id = t.id AND c.unit_id = $2 AND c.period = $3) AS current,
       (SELECT p.text FROM progress_report p WHERE p.task_id = t.id AND p.unit_id = $2 AND p.period < $3
         ORDER BY p.period DESC LIMIT 1) AS previous_text,
       (SELECT count(*)::int FROM attachment a JOIN progress_report c ON c.id = a.report_id
         WHERE c.task_id = t.id AND c.unit_id = $2 AND c.period = $3) AS attachment_count
  FROM task t WHERE t.id = $1`;

const INSERT_REPORT = `WITH r AS (
    INSERT INTO progress_report
      (id, task_id, unit_id, period, status, text, percent, milestone, problems, next_steps, warnings, submitted_at, created_by)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, CASE WHEN $5 = 'submitted' THEN $13::timestamptz END, $12)
    RETURNING *),
  ${AUDIT_INSERT(14)}
  SELECT * FROM r`;

const UPDATE_REPORT = `WITH r AS (
    UPDATE progress_report
       SET status = $3, text = $4, percent = $5, milestone = $6, problems = $7, next_steps = $8, warnings = $9::jsonb,
           submitted_at = CASE WHEN $3 = 'submitted' THEN $10::timestamptz ELSE submitted_at END,
           version = version + 1, updated_at = now()
     WHERE id = $1 AND version = $2
     RETURNING *),
  ${AUDIT_INSERT(11)}
  SELECT * FROM r`;

/**
 * Progress reports (进展情况): one per task, unit and period. A unit writes only its own part;
 * the lead unit reads every unit's part; the office reviews. Every write checks task access,
 * the reporting period, the report version, and is audited in the same transaction.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: TaskAccessService,
    private readonly audit: AuditService,
    private readonly writer: AuditedWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  // ---------------------------------------------------------------- reads

  async listForTask(user: AuthUser, taskId: string, query: TaskReportsQueryDto): Promise<ReportPage> {
    const { period } = query;
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const { unitRole } = await this.access.check(manager, user, taskId, 'read');
      const params: unknown[] = [taskId];
      let where = 'r.task_id = $1';
      // a co-responsible unit sees its own part; the lead, the office and leaders see every part
      if (unitRole === 'co') {
        params.push(user.unitId);
        where += ` AND r.unit_id = $${params.length}`;
      }
      if (period) {
        params.push(period);
        where += ` AND r.period = $${params.length}`;
      }
      return queryPage(manager, {
        select: REPORT_WITH_ATTACHMENTS,
        from: `FROM progress_report r JOIN unit u ON u.id = r.unit_id WHERE ${where}`,
        orderBy: `r.period DESC, (SELECT tu.position FROM task_unit tu WHERE tu.task_id = r.task_id AND tu.unit_id = r.unit_id), u.name, r.id`,
      }, params, query, toReportResponse);
    });
  }

  /**
   * The caller's report for a period: the saved one, or a new one pre-filled from the unit's
   * previous report so that only what changed needs typing.
   */
  async draft(user: AuthUser, taskId: string, requestedPeriod?: string): Promise<DraftResponse> {
    const unitId = requireUnit(user);
    return this.dataSource.transaction(async (manager) => {
      await this.access.check(manager, user, taskId, 'read');
      const [task]: { report_cadence: string }[] = await manager.query('SELECT report_cadence FROM task WHERE id = $1', [taskId]);
      const cadence = cadenceOf(task.report_cadence);
      const period = requestedPeriod ?? this.currentPeriod(cadence);
      periodBounds(cadence, period); // validates the key against the task's cadence
      const rows: ReportRow[] = await manager.query(
        `SELECT ${REPORT_WITH_ATTACHMENTS}
           FROM progress_report r JOIN unit u ON u.id = r.unit_id
          WHERE r.task_id = $1 AND r.unit_id = $2 AND r.period <= $3
          ORDER BY r.period DESC LIMIT 1`,
        [taskId, unitId, period],
      );
      const found = rows[0];
      const header = {
        period,
        periodLabel: periodLabelZh(cadence, period),
        reportDueDate: reportDueDate(cadence, period, this.config.REPORT_GRACE_DAYS),
      };
      if (found && found.period === period) {
        return { ...header, existing: true, prefilledFrom: null, report: toReportResponse(found) };
      }
      return {
        ...header,
        existing: false,
        prefilledFrom: found?.period ?? null,
        report: {
          id: null,
          taskId,
          unitId,
          period,
          status: 'draft',
          text: found?.text ?? '',
          percent: found?.percent ?? null,
          milestone: found?.milestone ?? null,
          problems: found?.problems ?? null,
          nextSteps: found?.next_steps ?? null,
          warnings: [],
          reviewComment: null,
          reviewedAt: null,
          submittedAt: null,
          version: null,
          createdAt: null,
          updatedAt: null,
          attachments: [],
        },
      };
    });
  }

  async get(user: AuthUser, reportId: string): Promise<ReportResponse> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.loadReadable(manager, user, reportId);
      return toReportResponse(row);
    });
  }

  /** Reports across tasks, for the office's review queue; a bureau sees its own and those of tasks it leads. */
  async list(user: AuthUser, query: ListReportsQueryDto): Promise<ReportPage> {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(sql(params.length));
    };
    const scope = this.access.scope(user, 't', 1);
    if (scope.params.length > 0) {
      params.push(...scope.params);
      where.push(scope.sql);
      // within the tasks it shares: its own part, or every part of the tasks it leads
      where.push(`(r.unit_id = $1 OR EXISTS (SELECT 1 FROM task_unit lu WHERE lu.task_id = r.task_id AND lu.unit_id = $1 AND lu.role = 'lead'))`);
    }
    if (query.status) add((n) => `r.status = $${n}`, query.status);
    if (query.hasWarnings === true) where.push(`jsonb_array_length(r.warnings) > 0`);
    if (query.hasWarnings === false) where.push(`jsonb_array_length(r.warnings) = 0`);
    if (query.period) add((n) => `r.period = $${n}`, query.period);
    if (query.unitId) add((n) => `r.unit_id = $${n}`, query.unitId);
    if (query.taskId) add((n) => `r.task_id = $${n}`, query.taskId);
    if (query.measureId) add((n) => `t.measure_id = $${n}`, query.measureId);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    return this.dataSource.transaction('REPEATABLE READ', (manager) =>
      queryPage(manager, {
        select: `${REPORT_WITH_ATTACHMENTS}, t.title AS task_title`,
        from: `FROM progress_report r JOIN task t ON t.id = r.task_id JOIN unit u ON u.id = r.unit_id ${whereSql}`,
        orderBy: `r.submitted_at DESC NULLS LAST, r.updated_at DESC, r.id`,
      }, params, query, toReportResponse),
    );
  }

  // ---------------------------------------------------------------- unit writes

  /** PUT: create the caller's draft for the period, or replace its content (version required then). */
  async saveDraft(user: AuthUser, taskId: string, period: string, dto: SaveReportDto): Promise<ReportResponse> {
    // one data-modifying statement writes the report and its audit entry: no explicit transaction needed
    const target = { action: 'report.save', entityType: 'task', entityId: taskId };
    return toReportResponse(await this.writer.attempt(user, target, () => this.write(this.dataSource.manager, user, taskId, period, dto, dto.version, 'draft')));
  }

  /** Submit the saved draft, or (with `text`) save and submit in one step. */
  async submit(user: AuthUser, taskId: string, period: string, dto: SubmitReportDto): Promise<ReportResponse> {
    const content = dto.text !== undefined ? (dto as ReportContentDto) : null;
    const target = { action: 'report.submit', entityType: 'task', entityId: taskId };
    return this.writer.attempt(user, target, async () => {
      if (content === null && (dto.percent !== undefined || dto.milestone !== undefined || dto.problems !== undefined || dto.nextSteps !== undefined)) {
        throw validationFailed([{ field: 'text', code: 'IS_DEFINED', message: 'text：同时提交进展内容时必须填写' }]);
      }
      return toReportResponse(await this.write(this.dataSource.manager, user, taskId, period, content, dto.version, 'submit'));
    });
  }

  /** One report text for several tasks of the same measure: all written, or none. */
  async batch(user: AuthUser, dto: BatchReportDto): Promise<ReportResponse[]> {
    const taskIds = dto.items.map((item) => item.taskId);
    if (new Set(taskIds).size !== taskIds.length) {
      throw new DomainError('invalid', 'BATCH_DUPLICATE_TASK', '同一任务在批量报送中出现了多次', {
        fields: [{ field: 'items', code: 'BATCH_DUPLICATE_TASK', message: 'items：任务不能重复' }],
      });
    }
    const mode = dto.submit === false ? 'draft' : 'submit';
    // a refusal lists the tasks too, so that it shows in their histories (as the accepted batch does)
    const target = {
      action: mode === 'submit' ? 'report.batch_submit' : 'report.batch_save',
      entityType: 'measure',
      entityId: null,
      context: { taskIds, period: dto.period ?? null },
    };
    return this.writer.run(user, target, async (manager) => {
      // access first, for every task, before anything is read or written
      for (const taskId of taskIds) await this.access.check(manager, user, taskId, 'write');
      const measures: { n: number }[] = await manager.query('SELECT count(DISTINCT measure_id)::int AS n FROM task WHERE id = ANY($1::uuid[])', [taskIds]);
      if (measures[0].n !== 1) {
        throw new DomainError('rule_violated', 'BATCH_MIXED_MEASURES', '批量报送的任务必须属于同一项政策措施');
      }
      const results: ReportResponse[] = [];
      for (const item of dto.items) {
        const row = await this.write(manager, user, item.taskId, dto.period, dto, item.version, mode, true);
        results.push(toReportResponse(row));
      }
      await this.audit.record(manager, user, {
        action: target.action,
        entityType: target.entityType,
        entityId: target.entityId,
        after: { reportIds: results.map((r) => r.id), taskIds, period: dto.period ?? null },
      });
      return results;
    });
  }

  /**
   * The one write path for a unit's report. `content` null = submit what is saved.
   * Steps: access → task, current report and previous text (one query) → period open →
   * version → warnings → one statement: INSERT or conditional UPDATE plus its audit entry.
   * Without an enclosing transaction that statement is atomic on its own; a concurrent create
   * hits the unique index and a concurrent update the version condition (both 409).
   */
  private async write(
    manager: EntityManager,
    user: AuthUser,
    taskId: string,
    requestedPeriod: string | undefined,
    content: ReportContentDto | null,
    version: number | undefined,
    mode: 'draft' | 'submit',
    accessChecked = false,
  ): Promise<ReportRow> {
    const unitId = requireUnit(user);
    let period = requestedPeriod;
    if (period === undefined) {
      // the period depends on the task's cadence: access first, then read it
      if (!accessChecked) await this.access.check(manager, user, taskId, 'write');
      accessChecked = true;
      const [task]: { report_cadence: string }[] = await manager.query('SELECT report_cadence FROM task WHERE id = $1', [taskId]);
      period = this.currentPeriod(cadenceOf(task.report_cadence));
    }
    const [ctx] = await preparedQuery<WriteContext & Record<string, unknown>>(manager, WRITE_CONTEXT, [taskId, unitId, period]);
    // access is decided on the facts read with the context, before anything else is looked at
    if (!accessChecked) await this.access.decide(manager, user, taskId, ctx, 'write');
    if (!ctx) throw taskNotFound();
    const cadence = cadenceOf(ctx.cadence);
    assertPeriodOpenForReports(cadence, period, this.clock.today(), this.config.REPORT_GRACE_DAYS);
    if (CLOSED_TASK_STATES.has(ctx.state)) {
      throw new DomainError('rule_violated', 'REPORT_TASK_CLOSED', '该任务已办结或不涉及，无需报送进展', { taskId, state: ctx.state });
    }
    const current = ctx.current;
    if (current) {
      if (!EDITABLE_STATUSES.has(current.status)) {
        throw new DomainError('conflict', 'REPORT_NOT_EDITABLE', '本期进展已报送，不能再修改', { reportId: current.id, status: current.status });
      }
      if (version === undefined) {
        throw versionRequired('本期进展已存在，请提供读取时的版本号（version）', {
          reportId: current.id,
          fields: [{ field: 'version', code: 'VERSION_REQUIRED', message: 'version：报告已存在，必须提供版本号' }],
        });
      }
      if (version !== current.version) throw versionConflict(version, current.version);
    } else {
      if (version !== undefined) throw versionConflict(version);
      if (!content) throw new DomainError('not_found', 'REPORT_NOT_FOUND', '本期还没有保存的进展，请填写内容后再报送', { taskId, period });
    }

    const merged = content
      ? { text: content.text, percent: content.percent ?? null, milestone: content.milestone ?? null, problems: content.problems ?? null, next_steps: content.nextSteps ?? null }
      : { text: current!.text, percent: current!.percent, milestone: current!.milestone, problems: current!.problems, next_steps: current!.next_steps };
    const warnings = reportWarnings({
      percent: merged.percent,
      markedDone: DONE_TASK_STATES.has(ctx.state),
      text: merged.text,
      previousText: ctx.previous_text,
      attachmentCount: ctx.attachment_count,
      evidenceRequired: ctx.evidence_required,
    });
    const status = mode === 'submit' ? 'submitted' : 'draft';
    const id = current?.id ?? randomUUID();
    const snapshot = (version: number): Record<string, unknown> => ({
      period, unitId, status, text: merged.text, percent: merged.percent, milestone: merged.milestone, problems: merged.problems,
      nextSteps: merged.next_steps, warnings: warnings.map((w) => w.code), reviewComment: current?.review_comment ?? null, version, taskId,
    });
    const audit = (action: string, before: ReportRow | null, afterVersion: number) =>
      this.audit.values(user, {
        action,
        entityType: 'progress_report',
        entityId: id,
        before: before ? reportSnapshot(before) : null,
        after: snapshot(afterVersion),
      });
    const action = mode === 'submit' ? 'report.submit' : current ? 'report.update' : 'report.create';
    let rows: ReportRow[];
    if (current) {
      rows = await preparedQuery<ReportRow & Record<string, unknown>>(manager, UPDATE_REPORT, [
        id, version, status, merged.text, merged.percent, merged.milestone, merged.problems, merged.next_steps, JSON.stringify(warnings), this.clock.now(),
        ...audit(action, current, current.version + 1),
      ]);
      if (rows.length !== 1) throw versionConflict(version);
    } else {
      try {
        rows = await preparedQuery<ReportRow & Record<string, unknown>>(manager, INSERT_REPORT, [
          id, taskId, unitId, period, status, merged.text, merged.percent, merged.milestone, merged.problems, merged.next_steps, JSON.stringify(warnings), user.id, this.clock.now(),
          ...audit(action, null, 1),
        ]);
      } catch (err) {
        // another request created the same report meanwhile
        if (isUniqueViolation(err)) throw versionConflict();
        throw err;
      }
    }
    return rows[0];
  }

  // ---------------------------------------------------------------- office review

  accept(user: AuthUser, reportId: string, dto: AcceptReportDto): Promise<ReportResponse> {
    return this.review(user, reportId, dto.version, 'accepted', dto.comment ?? null);
  }

  returnReport(user: AuthUser, reportId: string, dto: ReturnReportDto): Promise<ReportResponse> {
    return this.review(user, reportId, dto.version, 'returned', dto.comment);
  }

  private async review(user: AuthUser, reportId: string, version: number, status: 'accepted' | 'returned', comment: string | null): Promise<ReportResponse> {
    const target = { action: status === 'accepted' ? 'report.accept' : 'report.return', entityType: 'progress_report', entityId: reportId };
    return this.writer.run(user, target, async (manager) => {
      const [before]: ReportRow[] = await manager.query('SELECT * FROM progress_report WHERE id = $1 FOR UPDATE', [reportId]);
      if (!before) throw reportNotFound();
      await this.access.check(manager, user, before.task_id, 'write');
      if (before.version !== version) throw versionConflict(version, before.version);
      if (before.status !== 'submitted') {
        throw new DomainError('conflict', 'REPORT_NOT_SUBMITTED', '只能审核已报送的进展', { status: before.status, allowed: ['submitted'] });
      }
      const result: [ReportRow[], number] = await manager.query(
        `UPDATE progress_report
            SET status = $3, review_comment = $4, reviewed_by = $5, reviewed_at = $6, version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 RETURNING *`,
        [reportId, version, status, comment, user.id, this.clock.now()],
      );
      const [rows] = result;
      if (rows.length !== 1) throw versionConflict(version);
      const after = rows[0];
      await this.audit.record(manager, user, {
        ...target,
        before: reportSnapshot(before),
        after: { ...reportSnapshot(after), taskId: after.task_id },
      });
      const [full]: ReportRow[] = await manager.query(
        `SELECT ${REPORT_WITH_ATTACHMENTS} FROM progress_report r JOIN unit u ON u.id = r.unit_id WHERE r.id = $1`,
        [reportId],
      );
      return toReportResponse(full);
    });
  }

  // ---------------------------------------------------------------- helpers

  /** A report the caller may read: office/leader any; a bureau its own unit's, or any part of a task it leads. */
  async loadReadable(manager: EntityManager, user: AuthUser, reportId: string): Promise<ReportRow> {
    const [row]: ReportRow[] = await manager.query(
      `SELECT ${REPORT_WITH_ATTACHMENTS} FROM progress_report r JOIN unit u ON u.id = r.unit_id WHERE r.id = $1`,
      [reportId],
    );
    if (!row) throw reportNotFound();
    const { unitRole } = await this.access.check(manager, user, row.task_id, 'read');
    if (unitRole === 'co' && row.unit_id !== user.unitId) {
      // recorded outside the caller's transaction, which rolls back on the throw
      // answered as if it did not exist: the id of another unit's report is not confirmed
      await this.audit.record(manager.connection.manager, user, { action: 'report.access', entityType: 'progress_report', entityId: reportId, outcome: 'refused', after: { code: 'REPORT_FORBIDDEN' } });
      throw reportNotFound();
    }
    return row;
  }

  private currentPeriod(cadence: ReportCadence): string {
    return periodOf(cadence, this.clock.today());
  }
}

function requireUnit(user: AuthUser): string {
  if (!user.unitId) throw noUnit('不能报送进展');
  return user.unitId;
}

function cadenceOf(value: string): ReportCadence {
  return (REPORT_CADENCES as readonly string[]).includes(value) ? (value as ReportCadence) : 'monthly';
}

