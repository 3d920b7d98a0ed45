import { INestApplicationContext, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { preflight } from '@luoshi/infra';
import { AuditModule } from '../audit/audit.module';
import { AppConfigModule, ClockModule } from '@luoshi/infra';
import { DatabaseModule } from '../database/database.module';

/** The modules every command-line tool needs: config, the clock, the one DataSource, audit. */
@Module({ imports: [AppConfigModule, ClockModule, DatabaseModule, AuditModule], exports: [AppConfigModule, ClockModule, DatabaseModule, AuditModule] })
export class CliCoreModule {}

/** Boots a Nest application context for a CLI after checking Postgres (one clear line if down). */
export async function createCliContext(feature: Type<unknown>): Promise<INestApplicationContext> {
  await preflight({ redis: false });
  @Module({ imports: [CliCoreModule, feature] })
  class CliModule {}
  return NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
}
