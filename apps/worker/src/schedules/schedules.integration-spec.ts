import { DataSource } from 'typeorm';
import { createDataSource, createRedis, ManualClock } from '@luoshi/infra';
import { createUnit } from '../../../../test/support/factories';
import { createTask } from '../../../../test/support/task-factories';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { redisPrefix, TEST_REDIS_URL } from '../../../../test/support/test-env';
import { ALL_QUEUES, createTestWorker, TestWorker } from '../../../../test/support/test-worker';
import { waitFor } from '../../../../test/support/wait-for';
import { DispatchDeliveriesHandler } from '../deliveries/dispatch-deliveries.handler';
import { nextDue } from './schedule-definitions';

jest.setTimeout(180_000);

describe('schedules, made-up runs and the reconciler (integration: real Postgres + Redis)', () => {
  let database: TestDatabase;
  let prefix: string;
  let db: DataSource;
  const workers: TestWorker[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    prefix = `${redisPrefix()}-${database.name}`;
    // the test's own connection: workers come and go
    db = await createDataSource(database.url).initialize();
  });

  afterAll(async () => {
    for (const w of workers) await w.close().catch(() => undefined);
    await db?.destroy();
    await database?.drop();
  });

  async function start(clock: ManualClock, count = 1): Promise<TestWorker[]> {
    const started = await Promise.all(Array.from({ length: count }, () => createTestWorker(database.url, prefix, { clock })));
    workers.push(...started);
    return started;
  }

  async function stopAll(): Promise<void> {
    while (workers.length) await workers.pop()!.close();
  }

  it('four workers starting at once leave exactly the configured schedulers and make up a missed sweep once', async () => {
    const clock = new ManualClock('2026-03-02T03:30:00Z'); // Monday 11:30 Shanghai
    const four = await start(clock, 4);
    const keys: string[] = [];
    for (const name of ALL_QUEUES) keys.push(...(await four[0].queue(name).getJobSchedulers()).map((s) => s.key));
    expect(keys.sort()).toEqual(
      [
        'auth.purge-expired-refresh-tokens',
        'deliveries.dispatch',
        'ledgers.purge',
        'lights.recompute',
        'reminders.sweep',
        'tally.fold',
        ...['monthly', 'weekly', 'dekad'].flatMap((c) => ['open', 'remind', 'close'].map((s) => `period.${s}.${c}`)),
      ].sort(),
    );
    await four[0].idle('schedules');
    const runs = await db.query(`SELECT due_at, finished_at IS NOT NULL AS finished FROM schedule_run WHERE schedule = 'reminders.sweep'`);
    expect(runs).toEqual([{ due_at: new Date('2026-03-02T01:00:00Z'), finished: true }]);
    await stopAll();
  });

  it('workers down from 08:59 to 11:30 Shanghai: one sweep on restart, nothing sent twice, the next at 09:00 Shanghai', async () => {
    const unit = (await createUnit(db)).id;
    const { taskId } = await createTask(db, { leadUnitId: unit, dueDate: '2026-03-04' }); // Wednesday: 1 working day after Tuesday
    await db.query(`DELETE FROM schedule_run`);
    await db.query(
      `INSERT INTO schedule_run (schedule, due_at, started_at, finished_at) VALUES ('reminders.sweep', '2026-03-02T01:00:00Z', '2026-03-02T01:00:00Z', '2026-03-02T01:00:05Z')`,
    );
    // down at 08:59 Tuesday, back at 11:30 (TZ=UTC or not: 00:59Z → 03:30Z crosses nothing but the 09:00 run)
    const clock = new ManualClock('2026-03-03T03:30:00Z');
    const [first] = await start(clock);
    await first.idle('schedules');
    await stopAll();
    clock.advanceMs(60_000);
    const [second] = await start(clock); // a second restart the same morning makes up nothing more
    await second.idle('schedules');

    const runs = await db.query(`SELECT due_at FROM schedule_run WHERE schedule = 'reminders.sweep' ORDER BY due_at`);
    expect(runs.map((r: { due_at: Date }) => r.due_at.toISOString())).toEqual(['2026-03-02T01:00:00.000Z', '2026-03-03T01:00:00.000Z']);
    expect(await db.query(`SELECT rule, on_date::text FROM reminder WHERE task_id = $1`, [taskId])).toEqual([{ rule: 'due.1wd', on_date: '2026-03-03' }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM notification WHERE kind = 'reminder.digest' AND recipient_unit_id = $1`, [unit])).toEqual([{ n: 1 }]);
    expect(nextDue('0 9 * * *', clock.now()).toISOString()).toBe('2026-03-04T01:00:00.000Z');
    const sweep = (await second.queue('schedules').getJobSchedulers()).find((s) => s.key === 'reminders.sweep');
    expect(sweep).toMatchObject({ pattern: '0 9 * * *', tz: 'Asia/Shanghai' });
    await stopAll();
  });

  it('Redis flushed with 1,000 deliveries in flight: the reconciler restores them from Postgres and each is delivered once', async () => {
    const clock = new ManualClock('2026-03-05T02:00:00Z');
    const [worker] = await start(clock);
    await worker.idle('schedules');
    await worker.idle('notifications');
    const unit = (await createUnit(db)).id;
    await db.query(
      `WITH n AS (INSERT INTO notification (recipient_unit_id, kind, title, body, dedupe_key)
                  SELECT $1, 'task.added', '新增交办任务', '请签收', 'flush-' || i FROM generate_series(1, 1000) i RETURNING id, dedupe_key)
       INSERT INTO notification_delivery (notification_id, channel, recipient, delivery_key)
       SELECT id, 'in_app', 'unit:' || $1, dedupe_key || '|in_app|unit:' || $1 FROM n`,
      [unit],
    );
    // the jobs are queued while the queue is paused, then Redis loses everything of this deployment
    await worker.queue('notifications').pause();
    const dispatched = await worker.app.get(DispatchDeliveriesHandler).handle();
    expect(dispatched.deliveries).toBe(1000);
    const redis = createRedis(TEST_REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    expect(await worker.queue('notifications').getJobs(['waiting', 'paused'])).toEqual([]);

    clock.advanceMs(16 * 60_000); // past the lease of the lost batches
    await worker.queue('notifications').resume();
    await worker.queue('notifications').add('deliveries.dispatch', {});
    await waitFor(
      async () => {
        const [r] = await db.query(
          `SELECT count(*) FILTER (WHERE status = 'delivered')::int AS n FROM notification_delivery WHERE delivery_key LIKE 'flush-%'`,
        );
        return r.n === 1000;
      },
      '1,000 deliveries restored and delivered',
      90_000,
      200,
    );
    expect(await db.query(`SELECT count(*)::int AS rows, max(attempts)::int AS attempts FROM notification_delivery WHERE delivery_key LIKE 'flush-%'`)).toEqual(
      [{ rows: 1000, attempts: 1 }],
    );
    expect(await db.query(`SELECT count(*)::int AS n FROM notification WHERE dedupe_key LIKE 'flush-%' AND status = 'delivered'`)).toEqual([{ n: 1000 }]);
    await stopAll();
  });
});
