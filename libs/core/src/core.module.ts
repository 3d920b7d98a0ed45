import { Global, Module } from '@nestjs/common';
import { AssessmentSettingsSource } from './assessment/task-assessment';
import { WorkCalendarSource } from './calendar/work-calendar.source';

/**
 * What the API and the worker both need beyond configuration and the DataSource: the work
 * calendar and the assessment settings. Global, so there is one calendar cache per process.
 * Needs AppConfigModule and a TypeORM DataSource in the importing application.
 */
@Global()
@Module({ providers: [WorkCalendarSource, AssessmentSettingsSource], exports: [WorkCalendarSource, AssessmentSettingsSource] })
export class CoreModule {}
