// globalSetup runs outside jest's module mapper: resolve @luoshi/* through tsconfig paths.
import 'tsconfig-paths/register';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { checkPostgres, checkRedis, createDataSource } from '@luoshi/infra';
import { ADMIN_DATABASE_URL, databaseUrl, TEST_REDIS_URL } from './test-env';

/** Migrates once into a per-run template database; each spec file clones it (CREATE DATABASE … TEMPLATE). */
export default async function globalSetup(): Promise<void> {
  // Every integration and e2e spec (and every worker they spawn) runs in UTC, whatever the machine's
  // zone: business days are Shanghai days, and a bug reading the process zone shows between 16:00Z and
  // midnight UTC instead of hiding on a machine set to Asia/Shanghai.
  process.env.TZ = 'UTC';
  if (!process.env.LUOSHI_TEST_RUN_ID) {
    process.env.LUOSHI_TEST_RUN_ID = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  }
  await checkPostgres(ADMIN_DATABASE_URL);
  await checkRedis(TEST_REDIS_URL);
  const template = `luoshi_t_${process.env.LUOSHI_TEST_RUN_ID}_template`;
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (exists.rowCount) return; // a second project in the same run reuses it
    await admin.query(`CREATE DATABASE "${template}"`);
  } finally {
    await admin.end();
  }
  const dataSource = createDataSource(databaseUrl(template));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
}
