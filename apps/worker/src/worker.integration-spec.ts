import { DataSource } from 'typeorm';
import { enqueueNotification } from '@luoshi/core';
import { ManualClock } from '@luoshi/infra';
import { createUnit, createUser } from '../../../test/support/factories';
import { createTask } from '../../../test/support/task-factories';
import { createTestDatabase, TestDatabase } from '../../../test/support/test-database';
import { redisPrefix } from '../../../test/support/test-env';
import { createTestWorker, TestWorker } from '../../../test/support/test-worker';
import { waitFor } from '../../../test/support/wait-for';
import { ReminderSweepService } from './reminders/reminder-sweep.service';

// Monday 2026-03-02, 09:00 Shanghai = 01:00Z
const clock = new ManualClock('2026-03-02T01:00:00Z');

describe('worker (integration: real Postgres + Redis)', () => {
  let database: TestDatabase;
  let worker: TestWorker;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    worker = await createTestWorker(database.url, `${redisPrefix()}-${database.name}`, { clock });
    db = worker.db;
  });

  afterAll(async () => {
    await worker?.close();
    await database?.drop();
  });

  const dispatch = () => worker.queue('notifications').add('deliveries.dispatch', {});

  it('delivers an outbox notification to the in-app inbox through its delivery row, exactly once', async () => {
    const unit = await createUnit(db);
    await db.transaction((m) =>
      enqueueNotification(m, {
        kind: 'task.added',
        params: { documentTitle: '文件', taskTitle: '任务', role: 'lead' },
        recipient: { unitId: unit.id },
        payload: {},
        dedupeKey: 'it-in-app',
      }),
    );
    const [delivery] = await db.query(
      `SELECT d.id, d.channel, d.recipient, d.delivery_key FROM notification_delivery d JOIN notification n ON n.id = d.notification_id WHERE n.dedupe_key = 'it-in-app'`,
    );
    expect(delivery).toMatchObject({ channel: 'in_app', recipient: `unit:${unit.id}`, delivery_key: `it-in-app|in_app|unit:${unit.id}` });

    await dispatch();
    const row = await waitFor(
      async () => {
        const [r] = await db.query(`SELECT status, attempts, delivered_at FROM notification_delivery WHERE id = $1`, [delivery.id]);
        return r.status === 'delivered' ? r : null;
      },
      'the in-app delivery',
      20_000,
    );
    expect(row.attempts).toBe(1);
    expect(row.delivered_at.toISOString()).toBe(clock.now().toISOString());
    const [n] = await db.query(`SELECT status FROM notification WHERE dedupe_key = 'it-in-app'`);
    expect(n.status).toBe('delivered');

    await dispatch();
    await dispatch();
    await new Promise((r) => setTimeout(r, 500));
    const [again] = await db.query(`SELECT status, attempts FROM notification_delivery WHERE id = $1`, [delivery.id]);
    expect(again).toEqual({ status: 'delivered', attempts: 1 });
  });

  it('the sweep run twice plans each reminder once and sends one digest per unit listing its 40 tasks due', async () => {
    await worker.idle('schedules');
    const unit = await createUnit(db);
    const co = await createUnit(db);
    // Monday 2026-03-02: 1 working day before = due Tuesday 03-03
    for (let i = 0; i < 40; i += 1)
      await createTask(db, { leadUnitId: unit.id, coUnitIds: i === 0 ? [co.id] : [], dueDate: '2026-03-03', title: `到期任务${i}` });
    await db.query(`DELETE FROM schedule_run`); // the start-up's made-up sweep ran before these tasks existed
    const sweep = async () => {
      const job = await worker.queue('schedules').add('reminders.sweep', { dueAt: clock.now().toISOString() });
      await waitFor(async () => (await job.isCompleted()) || (await job.isFailed()), 'the sweep', 30_000);
      return (await worker.queue('schedules').getJob(job.id!))!;
    };
    const first = await sweep();
    expect(first.failedReason).toBeUndefined();
    const reminders = await db.query(`SELECT unit_id, rule, on_date::text FROM reminder WHERE unit_id = ANY($1)`, [[unit.id, co.id]]);
    expect(reminders).toHaveLength(41);
    expect(new Set(reminders.map((r: { rule: string }) => r.rule))).toEqual(new Set(['due.1wd']));

    await db.query(`DELETE FROM schedule_run`); // a second run of the same day, as if made up again
    await sweep();
    expect(await db.query(`SELECT count(*)::int AS n FROM reminder WHERE unit_id = ANY($1)`, [[unit.id, co.id]])).toEqual([{ n: 41 }]);

    const digests = await db.query(`SELECT recipient_unit_id, kind, title, body FROM notification WHERE kind = 'reminder.digest' AND recipient_unit_id = $1`, [
      unit.id,
    ]);
    expect(digests).toHaveLength(1);
    expect(digests[0].title).toContain('【到期提醒】40');
    expect(digests[0].body).toContain('到期任务39');
    await waitFor(
      async () => {
        const [r] = await db.query(
          `SELECT count(*) FILTER (WHERE d.status = 'delivered')::int AS delivered, count(*)::int AS total FROM notification_delivery d JOIN notification n ON n.id = d.notification_id WHERE n.recipient_unit_id = ANY($1) AND n.kind = 'reminder.digest'`,
          [[unit.id, co.id]],
        );
        return r.total === 2 && r.delivered === 2;
      },
      'both digests delivered in-app',
      20_000,
    );
  });

  it('two sweeps of the same day at once (two workers) plan each reminder once and write one digest per unit', async () => {
    const unit = await createUnit(db);
    for (let i = 0; i < 5; i += 1) await createTask(db, { leadUnitId: unit.id, dueDate: '2026-03-03', title: `并发任务${i}` });
    const sweeps = worker.app.get(ReminderSweepService);
    // the service itself, not the job: two processes' sweeps of one day, neither skipped by the schedule's run record
    const results = await Promise.all([sweeps.sweep(clock.now()), sweeps.sweep(clock.now())]);
    expect(results.map((r) => r.planned).sort((a, b) => a - b)).toEqual([0, 5]);
    const reminders = await db.query(`SELECT notification_id FROM reminder WHERE unit_id = $1`, [unit.id]);
    expect(reminders).toHaveLength(5);
    const digests = await db.query(`SELECT id, title FROM notification WHERE kind = 'reminder.digest' AND recipient_unit_id = $1`, [unit.id]);
    expect(digests).toHaveLength(1);
    expect(digests[0].title).toContain('【到期提醒】5');
    // every reminder points at the digest that lists it
    expect(new Set(reminders.map((r: { notification_id: string }) => r.notification_id))).toEqual(new Set([digests[0].id]));
  });

  it('escalates a task 7 days overdue to every office user at once, and only once', async () => {
    const unit = await createUnit(db);
    const office = await createUser(db, { role: 'office' });
    const { taskId } = await createTask(db, { leadUnitId: unit.id, dueDate: '2026-02-23' }); // 7 days before 03-02
    const run = async () => {
      const job = await worker.queue('schedules').add('reminders.sweep', { dueAt: clock.now().toISOString() });
      await waitFor(async () => (await job.isCompleted()) || (await job.isFailed()), 'the sweep', 30_000);
      await db.query(`DELETE FROM schedule_run`);
    };
    await run();
    await run();
    expect(await db.query(`SELECT days_overdue FROM task_escalation WHERE task_id = $1`, [taskId])).toEqual([{ days_overdue: 7 }]);
    const notices = await db.query(`SELECT title FROM notification WHERE kind = 'task.escalated' AND recipient_user_id = $1`, [office.id]);
    expect(notices).toHaveLength(1);
    expect(notices[0].title).toContain('【逾期督办】');
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
    const queue = worker.queue('maintenance');
    const run = async () => {
      const job = await queue.add('auth.purge-expired-refresh-tokens', {});
      await waitFor(async () => job.isCompleted(), 'the purge job to complete', 15_000);
      return (await queue.getJob(job.id!))?.returnvalue as { deleted: number };
    };
    expect(await run()).toEqual({ deleted: 2 });
    expect(await db.query(`SELECT token_hash FROM refresh_token WHERE user_id = $1`, [user.id])).toEqual([{ token_hash: 'live' }]);
    expect(await run()).toEqual({ deleted: 0 });
  });

  it('folds the dashboard counters: the deltas gone, every sum the same, a second run folds nothing', async () => {
    const unit = await createUnit(db);
    const co = await createUnit(db);
    for (let i = 0; i < 3; i++) await createTask(db, { leadUnitId: unit.id, coUnitIds: [co.id], state: 'in_progress', dueDate: '2026-02-20' });
    const sums = `SELECT unit_id, role, light, unit_light, sum(tasks)::int AS tasks FROM task_tally GROUP BY 1, 2, 3, 4 HAVING sum(tasks) <> 0 ORDER BY 1, 2, 3, 4`;
    const before = await db.query(sums);
    expect(before).toContainEqual(expect.objectContaining({ unit_id: co.id, role: 'co', tasks: 3 }));
    const queue = worker.queue('maintenance');
    const run = async () => {
      const job = await queue.add('tally.fold', {});
      await waitFor(async () => job.isCompleted(), 'the fold job to complete', 15_000);
      return (await queue.getJob(job.id!))?.returnvalue as { folded: number };
    };
    expect((await run()).folded).toBeGreaterThan(0);
    expect(await db.query(`SELECT count(*)::int AS n FROM task_tally_delta`)).toEqual([{ n: 0 }]);
    expect(await db.query(sums)).toEqual(before);
    expect(await run()).toEqual({ folded: 0 });
  });

  it('schedules the sweep, the period cycle and the nightly purge in Asia/Shanghai time, configurable', async () => {
    const byKey = new Map<string, { pattern?: string | null; tz?: string | null }>();
    for (const name of ['notifications', 'schedules', 'maintenance'] as const) {
      for (const s of await worker.queue(name).getJobSchedulers()) byKey.set(s.key, s);
    }
    expect(byKey.get('reminders.sweep')).toMatchObject({ pattern: '0 9 * * *', tz: 'Asia/Shanghai' });
    expect(byKey.get('period.open.monthly')).toMatchObject({ pattern: '0 9 20 * *', tz: 'Asia/Shanghai' });
    expect(byKey.get('period.remind.monthly')).toMatchObject({ pattern: '0 9 25 * *', tz: 'Asia/Shanghai' });
    expect(byKey.get('period.close.monthly')).toMatchObject({ pattern: '0 1 1 * *', tz: 'Asia/Shanghai' });
    expect(byKey.get('auth.purge-expired-refresh-tokens')).toMatchObject({ pattern: '30 3 * * *', tz: 'Asia/Shanghai' });
    expect(byKey.get('ledgers.purge')).toMatchObject({ pattern: '45 3 * * *', tz: 'Asia/Shanghai' });
    expect(byKey.has('deliveries.dispatch')).toBe(true);
    expect(byKey.get('lights.recompute')).toMatchObject({ pattern: '0 0 * * *', tz: 'Asia/Shanghai' });
    expect(byKey.get('tally.fold')).toMatchObject({ every: 5000 });
    expect(byKey.size).toBe(15);
  });
});
