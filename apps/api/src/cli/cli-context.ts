import { DynamicModule, Global, INestApplicationContext, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfigModule, Clock, ClockModule, preflight } from '@luoshi/infra';
import { CoreModule } from '@luoshi/core';
import { AuditModule } from '../audit/audit.module';
import { DatabaseModule } from '../database/database.module';

/** The modules every command-line tool needs: config, the clock, the one DataSource, audit, the shared core (calendar, assessment). */
@Module({
  imports: [AppConfigModule, ClockModule, DatabaseModule, AuditModule, CoreModule],
  exports: [AppConfigModule, ClockModule, DatabaseModule, AuditModule, CoreModule],
})
export class CliCoreModule {}

/** Provides a given clock as `Clock` everywhere (the demo seed moves a ManualClock through its story). */
@Global()
@Module({})
class GivenClockModule {
  static of(clock: Clock): DynamicModule {
    return { module: GivenClockModule, providers: [{ provide: Clock, useValue: clock }], exports: [Clock] };
  }
}

/**
 * Boots a Nest application context for a CLI after checking Postgres (one clear line if down).
 * `options.clock` replaces the system clock for every service in the context.
 */
export async function createCliContext(feature: Type<unknown>, options: { clock?: Clock } = {}): Promise<INestApplicationContext> {
  await preflight({ redis: false });
  const core = options.clock ? [AppConfigModule, GivenClockModule.of(options.clock), DatabaseModule, AuditModule, CoreModule] : [CliCoreModule];
  @Module({ imports: [...core, feature] })
  class CliModule {}
  return NestFactory.createApplicationContext(CliModule, { logger: ['error', 'warn'] });
}
