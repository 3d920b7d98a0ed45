import { Injectable } from '@nestjs/common';
import { DomainError, reportNotFound, versionConflict } from '@luoshi/domain/errors';
import { allowedActions, nextState, REPORT_LIFECYCLE, type ReportStatus } from '@luoshi/domain/lifecycles';
import { Clock } from '@luoshi/infra';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import { TaskAccessService } from '../tasks/task-access.service';
import { AuditedWriter, type RefusalTarget } from '../audit/audited-writer';
import type { AcceptReportDto, ReturnReportDto } from './dto/report.dto';
import type { ReportResponseDto } from './dto/report-response.dto';
import { reportSnapshot, toReportResponse } from './report.mapper';
import { ReportsRepository } from './reports.repository';

/** The office's review of a submitted report: accepted, or returned with a comment for the unit to correct. */
@Injectable()
export class ReportReviewService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly access: TaskAccessService,
    private readonly audit: AuditService,
    private readonly writer: AuditedWriter,
    private readonly clock: Clock,
  ) {}

  accept(user: AuthUser, reportId: string, dto: AcceptReportDto): Promise<ReportResponseDto> {
    return this.review(user, reportId, { action: 'accept', version: dto.version, comment: dto.comment ?? null });
  }

  returnReport(user: AuthUser, reportId: string, dto: ReturnReportDto): Promise<ReportResponseDto> {
    return this.review(user, reportId, { action: 'return', version: dto.version, comment: dto.comment });
  }

  private async review(
    user: AuthUser,
    reportId: string,
    decision: { action: 'accept' | 'return'; version: number; comment: string | null },
  ): Promise<ReportResponseDto> {
    const { version, comment } = decision;
    const target: RefusalTarget = { action: decision.action === 'accept' ? 'report.accept' : 'report.return', entityType: 'progress_report', entityId: reportId };
    return this.writer.run(user, target, async (manager) => {
      const before = await this.reports.lockForReview(manager, reportId);
      if (!before) throw reportNotFound();
      await this.access.check(manager, user, before.task_id, 'write');
      if (before.version !== version) throw versionConflict(version, before.version);
      if (!allowedActions(REPORT_LIFECYCLE, before.status).includes(decision.action)) {
        throw new DomainError('conflict', 'REPORT_NOT_SUBMITTED', '只能审核已报送的进展', {
          status: before.status,
          allowed: ['submitted'] satisfies ReportStatus[],
        });
      }
      const status = nextState(REPORT_LIFECYCLE, before.status, decision.action);
      const after = await this.reports.review(manager, { id: reportId, version }, { status, comment, reviewedBy: user.id, at: this.clock.now() });
      if (!after) throw versionConflict(version);
      await this.audit.record(manager, user, {
        ...target,
        before: reportSnapshot(before),
        after: { ...reportSnapshot(after), taskId: after.task_id },
      });
      return toReportResponse((await this.reports.findWithAttachments(manager, reportId))!);
    });
  }
}
