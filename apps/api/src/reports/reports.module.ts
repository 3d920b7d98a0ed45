import { Module } from '@nestjs/common';
import { TaskAccessService } from '../tasks/task-access.service';
import { ReportsController, TaskReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** Progress reports: drafts, submission (single and batch), office review, plausibility warnings. */
@Module({
  controllers: [TaskReportsController, ReportsController],
  providers: [ReportsService, TaskAccessService],
  exports: [ReportsService],
})
export class ReportsModule {}
