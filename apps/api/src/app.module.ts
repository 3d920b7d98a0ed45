import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { AppLoggerModule } from './common/logger.module';
import { createValidationPipe } from './common/validation.pipe';
import { AuditModule } from './audit/audit.module';
import { RequestContextModule } from './common/request-context';
import { AppConfigModule } from '@luoshi/infra';
import { DatabaseModule } from './database/database.module';
import { DocumentsModule } from './documents/documents.module';
import { HealthModule } from './health/health.module';
import { RedisModule } from './redis/redis.module';

@Module({
  imports: [AppConfigModule, AppLoggerModule, RequestContextModule, DatabaseModule, RedisModule, AuditModule, HealthModule, DocumentsModule],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
})
export class AppModule {}
