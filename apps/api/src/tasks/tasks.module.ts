import { Module } from '@nestjs/common';
import { TaskAccessService } from './task-access.service';
import { TaskCommandsService } from './task-commands.service';
import { TasksController } from './tasks.controller';
import { TasksQueryService } from './tasks-query.service';

/** Task lists, detail, history, transitions, assignment, corrections and sign-for; exports the access service. */
@Module({
  controllers: [TasksController],
  providers: [TaskAccessService, TasksQueryService, TaskCommandsService],
  exports: [TaskAccessService],
})
export class TasksModule {}
