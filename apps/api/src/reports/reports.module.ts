import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { ReportsController, TaskReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** Progress reports: drafts, submission (single and batch), office review, plausibility warnings. */
@Module({
  imports: [TasksModule],
  controllers: [TaskReportsController, ReportsController],
  providers: [ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
