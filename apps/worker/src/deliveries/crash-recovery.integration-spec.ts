import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource } from '@luoshi/infra';
import { createUnit } from '../../../../test/support/factories';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { redisPrefix } from '../../../../test/support/test-env';
import { spawnWorker } from '../../../../test/support/test-worker';
import { waitFor } from '../../../../test/support/wait-for';

jest.setTimeout(420_000);

describe('kill -9 with 1,000 notifications in flight (worker as a child process)', () => {
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
        setTimeout(() => res.writeHead(200).end('ok'), 5); // slow enough to be killed mid-batch
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

  it('restarted, it delivers everything: in-app exactly 1,000, webhook duplicates only for a message in flight', async () => {
    const unit = (await createUnit(db)).id;
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    await db.query(`INSERT INTO unit_channel (unit_id, channel, address, secret) VALUES ($1, 'webhook', $2, $3)`, [
      unit,
      url,
      `whsec_${randomBytes(24).toString('base64')}`,
    ]);
    await db.query(
      `WITH n AS (INSERT INTO notification (recipient_unit_id, kind, title, body, dedupe_key)
                  SELECT $1, 'task.added', '新增交办任务', '请签收', 'crash-' || i FROM generate_series(1, 1000) i RETURNING id, dedupe_key)
       INSERT INTO notification_delivery (notification_id, channel, recipient, delivery_key)
       SELECT id, c, CASE c WHEN 'in_app' THEN 'unit:' || $1 ELSE 'unit:' || $1 END, dedupe_key || '|' || c || '|unit:' || $1
         FROM n CROSS JOIN unnest(ARRAY['in_app', 'webhook']) c`,
      [unit],
    );
    const prefix = `${redisPrefix()}-${database.name}`;
    const delivered = async (channel: string) =>
      (
        await db.query(`SELECT count(*)::int AS n FROM notification_delivery WHERE channel = $1 AND status = 'delivered' AND delivery_key LIKE 'crash-%'`, [
          channel,
        ])
      )[0].n as number;

    child = spawnWorker(database.url, prefix);
    await waitFor(async () => (await delivered('webhook')) >= 50, 'the first worker to be sending', 180_000, 20);
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    const atKill = await delivered('webhook');
    expect(atKill).toBeLessThan(1000);

    child = spawnWorker(database.url, prefix);
    await waitFor(
      async () => (await delivered('webhook')) === 1000 && (await delivered('in_app')) === 1000,
      'everything delivered after the restart',
      300_000,
      500,
    );
    child.kill('SIGTERM');

    expect(await db.query(`SELECT count(*)::int AS n FROM notification WHERE dedupe_key LIKE 'crash-%' AND status = 'delivered'`)).toEqual([{ n: 1000 }]);
    expect(await db.query(`SELECT max(attempts)::int AS a FROM notification_delivery WHERE channel = 'in_app' AND delivery_key LIKE 'crash-%'`)).toEqual([
      { a: 1 },
    ]);
    const distinct = new Set(seen);
    expect(distinct.size).toBe(1000);
    // a duplicate only for what was in flight when the worker died: at most one per running batch job
    expect(seen.length - distinct.size).toBeLessThanOrEqual(4);
  });
});
