import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { AppLoggerModule } from './common/logger.module';
import { createValidationPipe } from './common/validation.pipe';
import { AttachmentsModule } from './attachments/attachments.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { AppConfigModule, ClockModule } from '@luoshi/infra';
import { DatabaseModule } from './database/database.module';
import { DocumentsModule } from './documents/documents.module';
import { HealthModule } from './health/health.module';
import { RedisModule } from './redis/redis.module';
import { ReportsModule } from './reports/reports.module';
import { UnitsModule } from './units/units.module';
import { UsersModule } from './users/users.module';
import { TasksModule } from './tasks/tasks.module';
import { PublishingModule } from './publishing/publishing.module';
import { ExtensionsModule } from './extensions/extensions.module';
import { SupervisionModule } from './supervision/supervision.module';
import { NotificationsModule } from './notifications/notifications.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { MeasuresModule } from './measures/measures.module';
import { CalendarModule } from './calendar/calendar.module';
import { RollupsModule } from './rollups/rollups.module';
import { CoreModule } from '@luoshi/core';
import { DeliveriesModule } from './deliveries/deliveries.module';

@Module({
  imports: [
    AppConfigModule,
    ClockModule,
    CoreModule,
    AppLoggerModule,
    DatabaseModule,
    RedisModule,
    AuditModule,
    AuthModule,
    UsersModule,
    UnitsModule,
    HealthModule,
    DocumentsModule,
    ReportsModule,
    AttachmentsModule,
    TasksModule,
    PublishingModule,
    ExtensionsModule,
    SupervisionModule,
    NotificationsModule,
    MeasuresModule,
    CalendarModule,
    DashboardModule,
    DeliveriesModule,
    RollupsModule,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
})
export class AppModule {}
