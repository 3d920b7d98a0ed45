import type { ChildProcess } from 'node:child_process';
import { Queue } from 'bullmq';
import { QUEUES } from '@luoshi/jobs';
import { TEST_REDIS_URL } from '../../../../test/support/test-env';
import { createWebhookDeliveryWorld, spawnWorker, type WebhookDeliveryWorld } from '../../../../test/support/test-worker';
import { waitFor } from '../../../../test/support/wait-for';

jest.setTimeout(420_000);

const exitOf = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

describe('SIGTERM mid-batch (worker as a child process)', () => {
  let w: WebhookDeliveryWorld;
  let child: ChildProcess | null = null;

  // the receiver answers after 10 ms: slow enough for the signal to land mid-batch
  beforeAll(async () => (w = await createWebhookDeliveryWorld({ tag: 'term', count: 1000, replyDelayMs: 10 })));

  afterAll(async () => {
    child?.kill('SIGKILL');
    await w?.close();
  });

  it('finishes the running batches, exits 0, keeps its schedulers; restarted, it delivers the rest with no duplicate at all', async () => {
    const { db, seen, delivered, prefix } = w;
    const env = { DELIVERY_BATCH_SIZE: '50' }; // many batches: some running, some waiting when the signal comes
    child = spawnWorker(w.database.url, prefix, env);
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

    child = spawnWorker(w.database.url, prefix, env);
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
