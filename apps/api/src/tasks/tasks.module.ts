import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { AssessmentSettingsSource } from './task-assessment';
import { TaskAccessService } from './task-access.service';
import { TaskCommandsService } from './task-commands.service';
import { TasksController } from './tasks.controller';
import { TasksQueryService } from './tasks-query.service';
import { AuditedWriter } from './write-support';

/** Task lists, detail, history, transitions, assignment, corrections and sign-for; exports the access service. */
@Module({
  imports: [CalendarModule],
  controllers: [TasksController],
  providers: [TaskAccessService, TasksQueryService, TaskCommandsService, AuditedWriter, AssessmentSettingsSource],
  exports: [TaskAccessService, AuditedWriter, AssessmentSettingsSource],
})
export class TasksModule {}
