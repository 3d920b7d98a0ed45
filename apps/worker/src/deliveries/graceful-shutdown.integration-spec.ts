import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { createDataSource } from '@luoshi/infra';
import { QUEUES } from '@luoshi/jobs';
import { createUnit } from '../../../../test/support/factories';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { redisPrefix, TEST_REDIS_URL } from '../../../../test/support/test-env';
import { spawnWorker } from '../../../../test/support/test-worker';
import { waitFor } from '../../../../test/support/wait-for';

jest.setTimeout(420_000);

const exitOf = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

describe('SIGTERM mid-batch (worker as a child process)', () => {
  let database: TestDatabase;
  let db: DataSource;
  let receiver: Server;
  const seen: string[] = [];
  let child: ChildProcess | null = null;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        seen.push(String(req.headers['webhook-id']));
        setTimeout(() => res.writeHead(200).end('ok'), 10); // slow enough for the signal to land mid-batch
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    database = await createTestDatabase();
    db = await createDataSource(database.url).initialize();
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await db?.destroy();
    await database?.drop();
    receiver?.close();
  });

  it('finishes the running batches, exits 0, keeps its schedulers; restarted, it delivers the rest with no duplicate at all', async () => {
    const unit = (await createUnit(db)).id;
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    await db.query(`INSERT INTO unit_channel (unit_id, channel, address, secret) VALUES ($1, 'webhook', $2, $3)`, [
      unit,
      url,
      `whsec_${randomBytes(24).toString('base64')}`,
    ]);
    await db.query(
      `WITH n AS (INSERT INTO notification (recipient_unit_id, kind, title, body, dedupe_key)
                  SELECT $1, 'task.added', '新增交办任务', '请签收', 'term-' || i FROM generate_series(1, 1000) i RETURNING id, dedupe_key)
       INSERT INTO notification_delivery (notification_id, channel, recipient, delivery_key)
       SELECT id, c, 'unit:' || $1, dedupe_key || '|' || c || '|unit:' || $1
         FROM n CROSS JOIN unnest(ARRAY['in_app', 'webhook']) c`,
      [unit],
    );
    const prefix = `${redisPrefix()}-${database.name}`;
    const env = { DELIVERY_BATCH_SIZE: '50' }; // many batches: some running, some waiting when the signal comes
    const delivered = async (channel: string) =>
      (
        await db.query(`SELECT count(*)::int AS n FROM notification_delivery WHERE channel = $1 AND status = 'delivered' AND delivery_key LIKE 'term-%'`, [
          channel,
        ])
      )[0].n as number;

    child = spawnWorker(database.url, prefix, env);
    let exited = exitOf(child);
    await waitFor(async () => (await delivered('webhook')) >= 60, 'the first worker to be sending', 180_000, 20);
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });

    // every message that went out was recorded before the exit: nothing was cut off in flight
    const atStop = await delivered('webhook');
    expect(atStop).toBeLessThan(1000);
    expect(seen.length).toBe(atStop);
    const schedules = new Queue(QUEUES.schedules, { connection: { url: TEST_REDIS_URL }, prefix });
    try {
      expect((await schedules.getJobSchedulers()).length).toBeGreaterThan(0);
    } finally {
      await schedules.close();
    }

    child = spawnWorker(database.url, prefix, env);
    exited = exitOf(child);
    await waitFor(
      async () => (await delivered('webhook')) === 1000 && (await delivered('in_app')) === 1000,
      'everything delivered after the restart',
      300_000,
      200,
    );
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    child = null;

    expect(await db.query(`SELECT count(*)::int AS n FROM notification WHERE dedupe_key LIKE 'term-%' AND status = 'delivered'`)).toEqual([{ n: 1000 }]);
    expect(await db.query(`SELECT max(attempts)::int AS a, count(*)::int AS n FROM notification_delivery WHERE delivery_key LIKE 'term-%'`)).toEqual([
      { a: 1, n: 2000 },
    ]);
    // unlike kill -9, a graceful stop leaves nothing in flight: each webhook went out exactly once
    expect(seen.length).toBe(1000);
    expect(new Set(seen).size).toBe(1000);
  });
});
