import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource, loadConfig } from '@luoshi/infra';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { waitFor } from '../../../../test/support/wait-for';
import { PrincipalCache, PrincipalRow } from './principal-cache';

/** PrincipalCache against a real Postgres: the app_user triggers, LISTEN, losing and regaining the connection. */
describe('PrincipalCache (integration: real Postgres)', () => {
  let database: TestDatabase;
  let db: DataSource;
  let cache: PrincipalCache;
  let userId: string;

  const readUser = async (): Promise<PrincipalRow | undefined> =>
    (await db.query(`SELECT id, username, role, unit_id, disabled, token_version, ended_sessions FROM app_user WHERE id = $1`, [userId]))[0];
  const armed = () => waitFor(() => cache.active, 'the cache to listen');

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDataSource(database.url);
    await db.initialize();
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  beforeEach(async () => {
    [{ id: userId }] = await db.query(
      `INSERT INTO app_user (username, display_name, password_hash, role) VALUES ('pc-' || gen_random_uuid(), '缓存测试', 'x', 'office') RETURNING id`,
    );
    cache = new PrincipalCache(loadConfig({ DATABASE_URL: database.url, PRINCIPAL_CACHE_SECONDS: '60' }));
    await cache.onModuleInit();
    await armed();
  });
  afterEach(() => cache.onApplicationShutdown());

  it('keeps a row once read and drops it when the database announces a change, whoever made it', async () => {
    const read = jest.fn(readUser);
    expect((await cache.load(userId, read))?.disabled).toBe(false);
    expect((await cache.load(userId, read))?.disabled).toBe(false);
    expect(read).toHaveBeenCalledTimes(1);

    await db.query(`UPDATE app_user SET disabled = true WHERE id = $1`, [userId]);
    await waitFor(() => cache.get(userId) === undefined, 'the notification to drop the entry');
    expect((await cache.load(userId, read))?.disabled).toBe(true);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('announces role, unit, token version, ended sessions (logout) and deletion, but not a contact detail', async () => {
    const changes = [
      `UPDATE app_user SET token_version = token_version + 1 WHERE id = $1`,
      `UPDATE app_user SET ended_sessions = ended_sessions || jsonb_build_object(gen_random_uuid()::text, 1) WHERE id = $1`,
      `UPDATE app_user SET role = 'leader' WHERE id = $1`,
      `UPDATE app_user SET username = username || '-x' WHERE id = $1`,
    ];
    for (const sql of changes) {
      await cache.load(userId, readUser);
      expect(cache.get(userId)).toBeDefined();
      await db.query(sql, [userId]);
      await waitFor(() => cache.get(userId) === undefined, `the entry to drop after: ${sql}`);
    }
    // a change authentication does not read is not announced: the entry stays (checked after a
    // later announced change has arrived, so the quiet one had its chance to arrive first)
    const [{ id: other }] = await db.query(
      `INSERT INTO app_user (username, display_name, password_hash, role) VALUES ('pc-' || gen_random_uuid(), '旁人', 'x', 'office') RETURNING id`,
    );
    await cache.load(userId, readUser);
    await db.query(`UPDATE app_user SET phone = '13800000000', display_name = '改名' WHERE id = $1`, [userId]);
    await cache.load(
      other,
      async () => (await db.query(`SELECT id, username, role, unit_id, disabled, token_version FROM app_user WHERE id = $1`, [other]))[0],
    );
    await db.query(`UPDATE app_user SET disabled = true WHERE id = $1`, [other]);
    await waitFor(() => cache.get(other) === undefined, "the other user's entry to drop");
    expect(cache.get(userId)).toBeDefined();

    await db.query(`DELETE FROM app_user WHERE id = $1`, [userId]);
    await waitFor(() => cache.get(userId) === undefined, 'the entry to drop after the deletion');
  });

  it('does not keep a row read while an invalidation arrived (the read may predate the change)', async () => {
    const row = await cache.load(userId, async () => {
      const before = await readUser();
      cache.invalidate(userId); // a notification lands while the read is in flight
      return before;
    });
    expect(row?.id).toBe(userId);
    expect(cache.get(userId)).toBeUndefined();
  });

  it('serves nothing while its connection is down, says so in the log, and resumes when it is back', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await cache.load(userId, readUser);
    await db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'luoshi-principal-cache' AND datname = current_database()`);
    await waitFor(() => !cache.active, 'the cache to notice the lost connection');
    expect(cache.get(userId)).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ retryInMs: expect.any(Number) }), expect.stringContaining('Principal cache listener lost'));
    warn.mockRestore();
    const read = jest.fn(readUser);
    await cache.load(userId, read);
    await cache.load(userId, read);
    expect(read).toHaveBeenCalledTimes(2); // nothing kept while unarmed

    await waitFor(() => cache.active, 'the cache to reconnect', 10_000);
    await cache.load(userId, read);
    await cache.load(userId, read);
    expect(read).toHaveBeenCalledTimes(3);
  });

  it('is off with PRINCIPAL_CACHE_SECONDS=0: every load reads', async () => {
    const off = new PrincipalCache(loadConfig({ DATABASE_URL: database.url, PRINCIPAL_CACHE_SECONDS: '0' }));
    await off.onModuleInit();
    const read = jest.fn(readUser);
    await off.load(userId, read);
    await off.load(userId, read);
    expect(read).toHaveBeenCalledTimes(2);
    expect(off.active).toBe(false);
    await off.onApplicationShutdown();
  });
});
