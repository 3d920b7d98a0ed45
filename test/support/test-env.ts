/**
 * Names shared by global setup, teardown and the spec files of one test run.
 * Every run gets its own template database and Redis prefix, so runs never collide.
 */
export const ADMIN_DATABASE_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export function runId(): string {
  const id = process.env.LUOSHI_TEST_RUN_ID;
  if (!id) throw new Error('LUOSHI_TEST_RUN_ID is not set: run tests through jest (global setup)');
  return id;
}

export const templateDatabaseName = () => `luoshi_t_${runId()}_template`;
export const redisPrefix = () => `luoshi-test-${runId()}`;
