import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, reportNotEditable, taskNotFound, validationFailed, versionConflict, versionRequired } from '@luoshi/domain/errors';
import { allowedActions, nextState, REPORT_LIFECYCLE, type ReportAction, type ReportStatus } from '@luoshi/domain/lifecycles';
import { assertPeriodOpenForReports, periodOf, reportWarnings } from '@luoshi/domain/reports';
import { APP_CONFIG, AppConfig, Clock } from '@luoshi/infra';
import { AuditService, auditInsert } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import { TaskAccessService } from '../tasks/task-access.service';
import { AuditedWriter, type RefusalTarget } from '../audit/audited-writer';
import { isUniqueViolation } from '../common/unique-violation';
import type { BatchReportDto, ReportContentDto, SaveReportDto, SubmitReportDto } from './dto/report.dto';
import type { ReportResponseDto } from './dto/report-response.dto';
import { reportSnapshot, toReportResponse } from './report.mapper';
import { cadenceOf, CLOSED_TASK_STATES, DONE_TASK_STATES, reportingUnit } from './report-rules';
import { ReportRow, ReportsRepository, ReportValues, WriteContext } from './reports.repository';

/** One write of a unit's report, as saveDraft, submit and each item of a batch ask for it. */
export interface ReportWrite {
  taskId: string;
  /** undefined: the task's current period */
  period: string | undefined;
  /** null: submit what is saved */
  content: ReportContentDto | null;
  /** the version read; required once the report exists */
  version: number | undefined;
  action: Extract<ReportAction, 'save_draft' | 'submit'>;
}

/**
 * A unit writes its own report for a period: saves a draft, submits it, or writes one text for
 * several tasks of a measure at once. Every write checks task access, the reporting period, the
 * report's lifecycle and version, and is audited in the same statement or transaction.
 */
@Injectable()
export class ReportSubmissionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reports: ReportsRepository,
    private readonly access: TaskAccessService,
    private readonly audit: AuditService,
    private readonly writer: AuditedWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** PUT: create the caller's draft for the period, or replace its content (version required then). */
  async saveDraft(user: AuthUser, taskId: string, period: string, dto: SaveReportDto): Promise<ReportResponseDto> {
    // one data-modifying statement writes the report and its audit entry: no explicit transaction needed
    const target: RefusalTarget = { action: 'report.save', entityType: 'task', entityId: taskId };
    const write: ReportWrite = { taskId, period, content: dto, version: dto.version, action: 'save_draft' };
    return toReportResponse(await this.writer.attempt(user, target, () => this.write(this.dataSource.manager, user, write)));
  }

  /** Submit the saved draft, or (with `text`) save and submit in one step. */
  async submit(user: AuthUser, taskId: string, period: string, dto: SubmitReportDto): Promise<ReportResponseDto> {
    const content = dto.text !== undefined ? (dto as ReportContentDto) : null;
    const target: RefusalTarget = { action: 'report.submit', entityType: 'task', entityId: taskId };
    return this.writer.attempt(user, target, async () => {
      if (content === null && (dto.percent !== undefined || dto.milestone !== undefined || dto.problems !== undefined || dto.nextSteps !== undefined)) {
        throw validationFailed([{ field: 'text', code: 'IS_DEFINED', message: 'text：同时提交进展内容时必须填写' }]);
      }
      const write: ReportWrite = { taskId, period, content, version: dto.version, action: 'submit' };
      return toReportResponse(await this.write(this.dataSource.manager, user, write));
    });
  }

  /** One report text for several tasks of the same measure: all written, or none. */
  async batch(user: AuthUser, dto: BatchReportDto): Promise<ReportResponseDto[]> {
    const taskIds = dto.items.map((item) => item.taskId);
    if (new Set(taskIds).size !== taskIds.length) {
      throw new DomainError('invalid', 'BATCH_DUPLICATE_TASK', '同一任务在批量报送中出现了多次', {
        fields: [{ field: 'items', code: 'BATCH_DUPLICATE_TASK', message: 'items：任务不能重复' }],
      });
    }
    const action = dto.submit === false ? 'save_draft' : 'submit';
    // a refusal lists the tasks too, so that it shows in their histories (as the accepted batch does)
    const target: RefusalTarget = {
      action: action === 'submit' ? 'report.batch_submit' : 'report.batch_save',
      entityType: 'measure',
      entityId: null,
      context: { taskIds, period: dto.period ?? null },
    };
    return this.writer.run(user, target, async (manager) => {
      // access first, for every task, before anything is read or written
      for (const taskId of taskIds) await this.access.check(manager, user, taskId, 'write');
      if ((await this.reports.measureCount(manager, taskIds)) !== 1) {
        throw new DomainError('rule_violated', 'BATCH_MIXED_MEASURES', '批量报送的任务必须属于同一项政策措施');
      }
      const results: ReportResponseDto[] = [];
      for (const item of dto.items) {
        const row = await this.write(manager, user, { taskId: item.taskId, period: dto.period, content: dto, version: item.version, action });
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
   * The one write path for a unit's report. Steps: task, access, current report and previous
   * text (one query) → access decided on those facts → period open → lifecycle → version →
   * warnings → one statement: INSERT or conditional UPDATE plus its audit entry. Without an
   * enclosing transaction that statement is atomic on its own; a concurrent create hits the
   * unique index and a concurrent update the version condition (both 409).
   */
  private async write(manager: EntityManager, user: AuthUser, write: ReportWrite): Promise<ReportRow> {
    const unitId = reportingUnit(user);
    const { taskId, version } = write;
    // without a period, the task's cadence names the current one (an unknown task: 404 on the context below)
    const period = write.period ?? periodOf(cadenceOf(await this.reports.taskCadence(manager, taskId)), this.clock.today());
    const ctx = await this.reports.writeContext(manager, { taskId, unitId, period });
    // access is decided on the facts read with the context, before anything else is looked at
    await this.access.decide(manager, user, taskId, ctx, 'write');
    if (!ctx) throw taskNotFound();
    assertPeriodOpenForReports(cadenceOf(ctx.cadence), period, this.clock.today(), this.config.REPORT_GRACE_DAYS);
    if (CLOSED_TASK_STATES.has(ctx.state)) {
      throw new DomainError('rule_violated', 'REPORT_TASK_CLOSED', '该任务已办结或不涉及，无需报送进展', { taskId, state: ctx.state });
    }
    const current = ctx.current;
    const status = current ? this.step(current, write.action) : nextState(REPORT_LIFECYCLE, 'draft', write.action);
    if (current) {
      if (version === undefined) {
        throw versionRequired('本期进展已存在，请提供读取时的版本号（version）', {
          reportId: current.id,
          fields: [{ field: 'version', code: 'VERSION_REQUIRED', message: 'version：报告已存在，必须提供版本号' }],
        });
      }
      if (version !== current.version) throw versionConflict(version, current.version);
    } else {
      if (version !== undefined) throw versionConflict(version);
      if (!write.content) throw new DomainError('not_found', 'REPORT_NOT_FOUND', '本期还没有保存的进展，请填写内容后再报送', { taskId, period });
    }
    const values = this.values(ctx, write.content, status);
    const id = current?.id ?? randomUUID();
    const action = write.action === 'submit' ? 'report.submit' : current ? 'report.update' : 'report.create';
    const audit = auditInsert(user, {
      action,
      entityType: 'progress_report',
      entityId: id,
      before: current ? reportSnapshot(current) : null,
      after: {
        ...reportSnapshot({ ...values, period, unit_id: unitId, review_comment: current?.review_comment ?? null, version: (current?.version ?? 0) + 1 }),
        taskId,
      },
    });
    if (current) {
      const row = await this.reports.update(manager, { id, version: current.version }, values, audit);
      if (!row) throw versionConflict(version);
      return row;
    }
    try {
      return await this.reports.insert(manager, { ...values, id, task_id: taskId, unit_id: unitId, period, created_by: user.id }, audit);
    } catch (err) {
      // another request created the same report meanwhile
      if (isUniqueViolation(err)) throw versionConflict();
      throw err;
    }
  }

  /** The state `action` leads to from the saved report's, or the 409 this API has always answered (REPORT_NOT_EDITABLE). */
  private step(current: { id: string; status: string }, action: ReportWrite['action']): ReportStatus {
    const status = current.status as ReportStatus;
    if (!allowedActions(REPORT_LIFECYCLE, status).includes(action)) {
      throw reportNotEditable('report', { reportId: current.id, status: current.status });
    }
    return nextState(REPORT_LIFECYCLE, status, action);
  }

  /** The content to store: the request's, or (submitting what is saved) the saved report's, with its warnings. */
  private values(ctx: WriteContext, content: ReportContentDto | null, status: ReportStatus): ReportValues {
    const current = ctx.current;
    const merged = content
      ? {
          text: content.text,
          percent: content.percent ?? null,
          milestone: content.milestone ?? null,
          problems: content.problems ?? null,
          next_steps: content.nextSteps ?? null,
        }
      : { text: current!.text, percent: current!.percent, milestone: current!.milestone, problems: current!.problems, next_steps: current!.next_steps };
    const warnings = reportWarnings({
      percent: merged.percent,
      markedDone: DONE_TASK_STATES.has(ctx.state),
      text: merged.text,
      previousText: ctx.previous_text,
      attachmentCount: ctx.attachment_count,
      evidenceRequired: ctx.evidence_required,
    });
    return { ...merged, status, warnings, submitted_at: status === 'submitted' ? this.clock.now() : null };
  }
}
