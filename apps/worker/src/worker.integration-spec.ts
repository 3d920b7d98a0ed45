import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { QUEUES } from '@luoshi/jobs';
import { createTestDatabase, TestDatabase } from '../../../test/support/test-database';
import { redisPrefix, TEST_REDIS_URL } from '../../../test/support/test-env';
import { waitFor } from '../../../test/support/wait-for';
import { WorkerModule } from './worker.module';

describe('worker (integration: real Postgres + Redis)', () => {
  let database: TestDatabase;
  let worker: INestApplicationContext;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    Object.assign(process.env, { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: `${redisPrefix()}-worker`, LOG_LEVEL: 'silent' });
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    worker.enableShutdownHooks();
    db = worker.get(DataSource);
  });

  afterAll(async () => {
    await worker.close();
    await database.drop();
  });

  it('delivers pending outbox notifications and leaves delivered ones alone', async () => {
    const [pending] = await db.query(
      `INSERT INTO notification (kind, title, body, dedupe_key) VALUES ('task.assigned', '新交办任务', '请签收', 'it-pending') RETURNING id`,
    );
    const deliveredAt = new Date('2022-05-01T00:00:00Z');
    const [done] = await db.query(
      `INSERT INTO notification (kind, title, body, dedupe_key, status, delivered_at) VALUES ('task.assigned', 't', 'b', 'it-done', 'delivered', $1) RETURNING id`,
      [deliveredAt],
    );
    const queue = worker.get<Queue>(getQueueToken(QUEUES.notifications));
    await queue.add('notification.dispatch-pending', {});

    const row = await waitFor(async () => {
      const [r] = await db.query(`SELECT status, delivered_at FROM notification WHERE id = $1`, [pending.id]);
      return r.status === 'delivered' ? r : null;
    }, 'the pending notification to be delivered', 15_000);
    expect(row.delivered_at).toBeInstanceOf(Date);

    const [untouched] = await db.query(`SELECT delivered_at FROM notification WHERE id = $1`, [done.id]);
    expect(untouched.delivered_at.toISOString()).toBe(deliveredAt.toISOString());
  });

  it('delivering the same notification twice is harmless (idempotent job)', async () => {
    const [n] = await db.query(`INSERT INTO notification (kind, title, body, dedupe_key) VALUES ('task.assigned', 't', 'b', 'it-twice') RETURNING id`);
    const queue = worker.get<Queue>(getQueueToken(QUEUES.notifications));
    const first = await queue.add('notification.deliver', { notificationId: n.id });
    const second = await queue.add('notification.deliver', { notificationId: n.id });
    await waitFor(async () => (await first.isCompleted()) && (await second.isCompleted()), 'both delivery jobs to complete', 15_000);
    const rows = await db.query(`SELECT status FROM notification WHERE id = $1`, [n.id]);
    expect(rows).toEqual([{ status: 'delivered' }]);
  });
  it('purges expired refresh tokens, keeps live ones, and a second run deletes nothing', async () => {
    const [user] = await db.query(
      `INSERT INTO app_user (username, display_name, password_hash, role) VALUES ('purge-' || gen_random_uuid(), '清理', 'x', 'office') RETURNING id`,
    );
    await db.query(
      `INSERT INTO refresh_token (user_id, token_hash, expires_at, revoked_at) VALUES
         ($1, 'expired-rotated', now() - interval '1 day', now() - interval '2 days'),
         ($1, 'expired', now() - interval '1 minute', NULL),
         ($1, 'live', now() + interval '1 day', NULL)`,
      [user.id],
    );
    const queue = worker.get<Queue>(getQueueToken(QUEUES.maintenance));
    const run = async () => {
      const job = await queue.add('auth.purge-expired-refresh-tokens', {});
      await waitFor(async () => job.isCompleted(), 'the purge job to complete', 15_000);
      return (await queue.getJob(job.id!))?.returnvalue as { deleted: number };
    };
    expect(await run()).toEqual({ deleted: 2 });
    expect(await db.query(`SELECT token_hash FROM refresh_token WHERE user_id = $1`, [user.id])).toEqual([{ token_hash: 'live' }]);
    expect(await run()).toEqual({ deleted: 0 });
  });

  it('schedules the nightly purge on the maintenance queue, in Asia/Shanghai time', async () => {
    const schedulers = await worker.get<Queue>(getQueueToken(QUEUES.maintenance)).getJobSchedulers();
    expect(schedulers).toContainEqual(expect.objectContaining({ name: 'auth.purge-expired-refresh-tokens', pattern: '30 3 * * *', tz: 'Asia/Shanghai' }));
  });
});
