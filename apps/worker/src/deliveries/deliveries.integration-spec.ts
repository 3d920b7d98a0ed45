import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { enqueueNotification } from '@luoshi/core';
import { ManualClock } from '@luoshi/infra';
import { createUnit } from '../../../../test/support/factories';
import { HttpReceiver } from '../../../../test/support/http-receiver';
import { createTask } from '../../../../test/support/task-factories';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { redisPrefix } from '../../../../test/support/test-env';
import { createTestWorker, TestWorker } from '../../../../test/support/test-worker';
import { waitFor } from '../../../../test/support/wait-for';

jest.setTimeout(120_000);

// TZ-independent: Monday 2026-03-02 15:50Z = 23:50 Shanghai; the rounds below cross 16:00Z (midnight)
const clock = new ManualClock('2026-03-02T15:50:00Z');
const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('base64')}`;

describe('deliveries on real channels (integration: Postgres, Redis, loopback HTTP receivers)', () => {
  let database: TestDatabase;
  let worker: TestWorker;
  let db: DataSource;
  let receiver: HttpReceiver;

  beforeAll(async () => {
    receiver = await HttpReceiver.start();
    database = await createTestDatabase();
    worker = await createTestWorker(database.url, `${redisPrefix()}-${database.name}`, {
      clock,
      env: {
        WECOM_BASE_URL: receiver.url,
        DINGTALK_BASE_URL: receiver.url,
        DELIVERY_MAX_ATTEMPTS: '5',
        DELIVERY_RETRY_BASE_MS: '1000',
        DELIVERY_RETRY_MAX_MS: '60000',
        CHANNEL_TIMEOUT_MS: '2000',
      },
    });
    db = worker.db;
  });

  afterAll(async () => {
    await worker?.close();
    await database?.drop();
    await receiver?.close();
  });

  /** One reconciler pass, then every batch job it queued runs to the end. */
  async function pass(): Promise<void> {
    const queue = worker.queue('notifications');
    const job = await queue.add('deliveries.dispatch', {});
    await waitFor(async () => (await job.isCompleted()) || (await job.isFailed()), 'the dispatch', 30_000);
    await waitFor(
      async () => {
        const c = await queue.getJobCounts('waiting', 'active');
        return c.waiting + c.active === 0;
      },
      'the batch jobs',
      60_000,
      100,
    );
  }

  async function unitWith(channel: 'wecom' | 'webhook'): Promise<string> {
    const unit = (await createUnit(db)).id;
    if (channel === 'wecom')
      await db.query(`INSERT INTO unit_channel (unit_id, channel, address) VALUES ($1, 'wecom', $2)`, [unit, `robot-${unit.slice(0, 8)}`]);
    else
      await db.query(`INSERT INTO unit_channel (unit_id, channel, address, secret) VALUES ($1, 'webhook', $2, $3)`, [
        unit,
        `${receiver.url}/hook/${unit}`,
        WEBHOOK_SECRET,
      ]);
    return unit;
  }

  async function notify(unitId: string, key: string): Promise<void> {
    await db.transaction((m) =>
      enqueueNotification(m, {
        kind: 'task.added',
        params: { documentTitle: '文件', taskTitle: `任务 ${key}`, role: 'lead' },
        recipient: { unitId },
        payload: {},
        dedupeKey: key,
      }),
    );
  }

  const external = async (key: string) =>
    (
      await db.query(
        `SELECT d.status, d.attempts, d.last_error, d.delivery_key FROM notification_delivery d JOIN notification n ON n.id = d.notification_id WHERE n.dedupe_key = $1 AND d.channel <> 'in_app'`,
        [key],
      )
    )[0];

  it('a webhook answering 500 three times, then 200: delivered once, 4 attempts recorded, the same webhook-id every time', async () => {
    const unit = await unitWith('webhook');
    receiver.reset({ status: 500 }, { status: 500 }, { status: 500 }, { status: 200, body: 'ok' });
    await notify(unit, 'retry-500');
    for (let round = 0; round < 8 && (await external('retry-500')).status === 'pending'; round += 1) {
      await pass();
      clock.advanceMs(5 * 60_000);
    }
    expect(await external('retry-500')).toMatchObject({ status: 'delivered', attempts: 4 });
    const hits = receiver.requests.filter((r) => r.url === `/hook/${unit}`);
    expect(hits).toHaveLength(4);
    expect(new Set(hits.map((r) => r.headers['webhook-id']))).toEqual(new Set([(await external('retry-500')).delivery_key]));
  });

  it('always failing: marked failed with its error after the configured attempts; listed as failed', async () => {
    const unit = await unitWith('webhook');
    receiver.reset({ status: 503, body: 'unavailable' });
    await notify(unit, 'always-503');
    for (let round = 0; round < 10 && (await external('always-503')).status === 'pending'; round += 1) {
      await pass();
      clock.advanceMs(5 * 60_000);
    }
    const row = await external('always-503');
    expect(row).toMatchObject({ status: 'failed', attempts: 5 });
    expect(row.last_error).toMatch(/503/);
  });

  it('410 Gone: failed after one attempt', async () => {
    const unit = await unitWith('webhook');
    receiver.reset({ status: 410 });
    await notify(unit, 'gone-410');
    await pass();
    clock.advanceMs(5 * 60_000);
    await pass();
    expect(await external('gone-410')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(receiver.requests.filter((r) => r.url === `/hook/${unit}`)).toHaveLength(1);
  });

  it('a robot answering HTTP 200 with errcode ≠ 0 (not throttling) is a failure', async () => {
    const unit = await unitWith('wecom');
    receiver.reset({ status: 200, body: { errcode: 93000, errmsg: 'invalid webhook url' } });
    await notify(unit, 'errcode-200');
    await pass();
    const row = await external('errcode-200');
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.last_error).toMatch(/93000/);
  });

  it('600 permanently failed deliveries do not delay a new one', async () => {
    const unit = await unitWith('webhook');
    const [n] = await db.query(
      `INSERT INTO notification (recipient_unit_id, kind, title, body, dedupe_key) VALUES ($1, 'task.added', 't', 'b', 'old-failures') RETURNING id`,
      [unit],
    );
    await db.query(
      `INSERT INTO notification_delivery (notification_id, channel, recipient, delivery_key, status, attempts, last_error)
       SELECT $1, 'webhook', $2, 'old-failure-' || i, 'failed', 5, 'HTTP 503' FROM generate_series(1, 600) i`,
      [n.id, `unit:${unit}`],
    );
    receiver.reset({ status: 200, body: 'ok' });
    await notify(unit, 'fresh-after-failures');
    await pass();
    expect(await external('fresh-after-failures')).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('200 messages to one robot: never more than 20 in any minute of the clock, nothing lost, attempts not spent on waiting', async () => {
    const unit = await unitWith('wecom');
    receiver.reset({ status: 200, body: { errcode: 0, errmsg: 'ok' } });
    for (let i = 0; i < 200; i += 1) await notify(unit, `burst-${i}`);
    const robotHits = () => receiver.requests.filter((r) => r.url.includes(`key=robot-${unit.slice(0, 8)}`)).length;
    const perMinute: number[] = [];
    for (let minute = 0; minute < 15 && robotHits() < 200; minute += 1) {
      const before = robotHits();
      await pass();
      perMinute.push(robotHits() - before);
      clock.advanceMs(61_000);
    }
    expect(robotHits()).toBe(200);
    expect(Math.max(...perMinute)).toBeLessThanOrEqual(20);
    const [summary] = await db.query(
      `SELECT count(*) FILTER (WHERE d.status = 'delivered')::int AS delivered, max(d.attempts)::int AS max_attempts
         FROM notification_delivery d JOIN notification n ON n.id = d.notification_id WHERE n.dedupe_key LIKE 'burst-%' AND d.channel = 'wecom'`,
    );
    expect(summary).toEqual({ delivered: 200, max_attempts: 1 });
  });

  it('digest mode: 40 tasks due for one unit reach its robot as one message listing them', async () => {
    const unit = await unitWith('wecom');
    receiver.reset({ status: 200, body: { errcode: 0, errmsg: 'ok' } });
    await worker.idle('schedules'); // the start-up's made-up runs are done before these tasks exist
    clock.set('2026-03-02T01:00:00Z'); // Monday 09:00 Shanghai
    for (let i = 0; i < 40; i += 1) await createTask(db, { leadUnitId: unit, dueDate: '2026-03-03', title: `摘要任务${i}` });
    await db.query(`DELETE FROM schedule_run`); // the start-up's made-up sweep of this day ran before these tasks existed
    const job = await worker.queue('schedules').add('reminders.sweep', { dueAt: '2026-03-02T01:00:00.000Z' });
    await waitFor(async () => (await job.isCompleted()) || (await job.isFailed()), 'the sweep', 60_000);
    clock.advanceMs(120_000); // past any robot pause of the earlier cases
    await pass();
    const messages = receiver.requests.filter((r) => r.url.includes(`key=robot-${unit.slice(0, 8)}`));
    expect(messages).toHaveLength(1);
    const text = JSON.parse(messages[0].body).markdown.content as string;
    expect(text).toContain('40');
    expect(text).toContain('摘要任务');
  });
});
