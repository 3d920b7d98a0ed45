import { Client } from 'pg';
import Redis from 'ioredis';
import { ADMIN_DATABASE_URL, TEST_REDIS_URL } from './test-env';

/** Drops this run's databases and Redis keys, including any a crashed spec left behind. */
export default async function globalTeardown(): Promise<void> {
  const id = process.env.LUOSHI_TEST_RUN_ID;
  if (!id) return;
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`luoshi_t_${id}_%`]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  const redis = new Redis(TEST_REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `luoshi-test-${id}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
