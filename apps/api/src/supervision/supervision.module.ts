import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { TasksModule } from '../tasks/tasks.module';
import { SupervisionController } from './supervision.controller';
import { SupervisionService } from './supervision.service';

@Module({ imports: [TasksModule, CalendarModule], controllers: [SupervisionController], providers: [SupervisionService] })
export class SupervisionModule {}
