import { Module } from '@nestjs/common';
import { AuditedWriter } from '../tasks/write-support';
import { CalendarController } from './calendar.controller';
import { WorkCalendarService } from './work-calendar.service';

/** The work calendar: what working-day deadlines count with; exports the cached reader. */
@Module({
  controllers: [CalendarController],
  providers: [WorkCalendarService, AuditedWriter],
  exports: [WorkCalendarService],
})
export class CalendarModule {}
