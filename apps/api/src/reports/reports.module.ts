import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { ReportsController, TaskReportsController } from './reports.controller';
import { ReportReadingService } from './report-reading.service';
import { ReportReviewService } from './report-review.service';
import { ReportSubmissionService } from './report-submission.service';
import { ReportsRepository } from './reports.repository';

/** Progress reports: drafts, submission (single and batch), office review, plausibility warnings. */
@Module({
  imports: [TasksModule],
  controllers: [TaskReportsController, ReportsController],
  providers: [ReportsRepository, ReportReadingService, ReportSubmissionService, ReportReviewService],
  exports: [ReportReadingService, ReportSubmissionService, ReportReviewService],
})
export class ReportsModule {}
