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
    extra: { max: 20, application_name: 'luoshi' },
  };
}

export function createDataSource(databaseUrl: string): DataSource {
  return new DataSource(dataSourceOptions(databaseUrl));
}
