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
});
