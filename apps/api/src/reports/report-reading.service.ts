import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { periodBounds, periodLabelZh, periodOf, reportDueDate } from '@luoshi/domain/reports';
import { APP_CONFIG, AppConfig, Clock } from '@luoshi/infra';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import { Page } from '../common/paging';
import { TaskAccessService } from '../tasks/task-access.service';
import type { ListReportsQueryDto, TaskReportsQueryDto } from './dto/report.dto';
import type { DraftResponseDto, ReportResponseDto } from './dto/report-response.dto';
import { toReportResponse } from './report.mapper';
import { reportNotFound } from '@luoshi/domain/errors';
import { cadenceOf, reportingUnit } from './report-rules';
import { ReportRow, ReportsRepository } from './reports.repository';

/**
 * Reading progress reports (进展情况): a task's reports, the review queue across tasks, one
 * report, and a unit's draft for a period. A co-responsible unit reads its own part; the lead
 * unit every unit's part; office and leaders everything.
 */
@Injectable()
export class ReportReadingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reports: ReportsRepository,
    private readonly access: TaskAccessService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async listForTask(user: AuthUser, taskId: string, query: TaskReportsQueryDto): Promise<Page<ReportResponseDto>> {
    const { unitRole } = await this.access.check(this.dataSource.manager, user, taskId, 'read');
    // a co-responsible unit sees its own part; the lead, the office and leaders see every part
    const unitId = unitRole === 'co' ? user.unitId : null;
    const page = await this.reports.pageForTask(this.dataSource, { taskId, unitId, period: query.period }, query);
    return { ...page, items: page.items.map(toReportResponse) };
  }

  /** Reports across tasks, for the office's review queue; a bureau sees its own and those of tasks it leads. */
  async list(user: AuthUser, query: ListReportsQueryDto): Promise<Page<ReportResponseDto>> {
    const page = await this.reports.pageAcrossTasks(
      { ...query, visibleTasks: this.access.visibleTasks(user), bureauUnitId: user.role === 'bureau' ? user.unitId : null },
      query,
    );
    return { ...page, items: page.items.map(toReportResponse) };
  }

  async get(user: AuthUser, reportId: string): Promise<ReportResponseDto> {
    return toReportResponse(await this.loadReadable(this.dataSource.manager, user, reportId));
  }

  /**
   * The caller's report for a period: the saved one, or a new one pre-filled from the unit's
   * previous report so that only what changed needs typing.
   */
  async draft(user: AuthUser, taskId: string, requestedPeriod?: string): Promise<DraftResponseDto> {
    const unitId = reportingUnit(user);
    return this.dataSource.transaction(async (manager) => {
      await this.access.check(manager, user, taskId, 'read');
      const cadence = cadenceOf(await this.reports.taskCadence(manager, taskId));
      const period = requestedPeriod ?? periodOf(cadence, this.clock.today());
      periodBounds(cadence, period); // validates the key against the task's cadence
      const found = await this.reports.latestUpTo(manager, { taskId, unitId, period });
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

  /** A report the caller may read: office/leader any; a bureau its own unit's, or any part of a task it leads. */
  async loadReadable(manager: EntityManager, user: AuthUser, reportId: string): Promise<ReportRow> {
    const row = await this.reports.findWithAttachments(manager, reportId);
    if (!row) throw reportNotFound();
    const { unitRole } = await this.access.check(manager, user, row.task_id, 'read');
    if (unitRole === 'co' && row.unit_id !== user.unitId) {
      // recorded outside the caller's transaction, which rolls back on the throw
      // answered as if it did not exist: the id of another unit's report is not confirmed
      await this.audit.record(manager.connection.manager, user, {
        action: 'report.access',
        entityType: 'progress_report',
        entityId: reportId,
        outcome: 'refused',
        after: { code: 'REPORT_FORBIDDEN' },
      });
      throw reportNotFound();
    }
    return row;
  }
}
