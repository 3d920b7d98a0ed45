import type { ChildProcess } from 'node:child_process';
import { createWebhookDeliveryWorld, spawnWorker, type WebhookDeliveryWorld } from '../../../../test/support/test-worker';
import { waitFor } from '../../../../test/support/wait-for';

jest.setTimeout(420_000);

describe('kill -9 with 1,000 notifications in flight (worker as a child process)', () => {
  let w: WebhookDeliveryWorld;
  let child: ChildProcess | null = null;

  // the receiver answers after 5 ms: slow enough to be killed mid-batch
  beforeAll(async () => (w = await createWebhookDeliveryWorld({ tag: 'crash', count: 1000, replyDelayMs: 5 })));

  afterAll(async () => {
    child?.kill('SIGKILL');
    await w?.close();
  });

  it('restarted, it delivers everything: in-app exactly 1,000, webhook duplicates only for a message in flight', async () => {
    const { db, seen, delivered } = w;
    child = spawnWorker(w.database.url, w.prefix);
    await waitFor(async () => (await delivered('webhook')) >= 50, 'the first worker to be sending', 180_000, 20);
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    const atKill = await delivered('webhook');
    expect(atKill).toBeLessThan(1000);

    child = spawnWorker(w.database.url, w.prefix);
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
