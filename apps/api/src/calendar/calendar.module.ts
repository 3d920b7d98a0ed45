import { Module } from '@nestjs/common';
import { CalendarController } from './calendar.controller';
import { WorkCalendarService } from './work-calendar.service';

/** The work calendar API: read and replace a year (the cached reader is WorkCalendarSource in @luoshi/core). */
@Module({
  controllers: [CalendarController],
  providers: [WorkCalendarService],
})
export class CalendarModule {}
