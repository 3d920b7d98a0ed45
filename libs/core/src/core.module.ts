import { Global, Module } from '@nestjs/common';
import { AssessmentSettingsSource } from './assessment/task-assessment';
import { LightDayService } from './assessment/light-day.service';
import { WorkCalendarSource } from './calendar/work-calendar.source';

/**
 * What the API and the worker both need beyond configuration and the DataSource: the work
 * calendar, the assessment settings and the stored traffic light's day. Global, so there is one calendar cache per process.
 * Needs AppConfigModule and a TypeORM DataSource in the importing application.
 */
@Global()
@Module({
  providers: [WorkCalendarSource, AssessmentSettingsSource, LightDayService],
  exports: [WorkCalendarSource, AssessmentSettingsSource, LightDayService],
})
export class CoreModule {}
