import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ALL_ENTITIES } from '@luoshi/domain/entities';

/** The one set of TypeORM options, used by the apps, the CLI and the tests. Never synchronize. */
export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ALL_ENTITIES,
    migrations: [join(__dirname, '../../../../migrations/*.{ts,js}')],
    migrationsTableName: 'typeorm_migrations',
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: 20,
      application_name: 'luoshi',
      // The API's named prepared statements (preparedRows) select by unit or id, where one plan
      // fits every value; left on `auto`, Postgres kept re-planning the task list (~0.9 ms of its
      // CPU per request). It applies to every parameterised statement, TypeORM's unnamed ones too:
      // they are planned on each run, but without their values, so a parameter that shapes the
      // plan must be a literal (a LIMIT parameter is planned as 10% of the rows: paging.ts limitClause).
      options: '-c plan_cache_mode=force_generic_plan',
    },
  };
}

export function createDataSource(databaseUrl: string): DataSource {
  return new DataSource(dataSourceOptions(databaseUrl));
}
