import type Redis from 'ioredis';
import { createRedis, ManualClock } from '@luoshi/infra';
import { HttpReceiver, type RecordedRequest } from '../../../../test/support/http-receiver';
import { redisPrefix, TEST_REDIS_URL } from '../../../../test/support/test-env';
import { RobotRateLimiter } from '../rate-limit/robot-rate-limiter';
import { createChannelSenders } from '../senders/channel-senders';
import type { DeliveryTarget } from '../senders/sender';
import { renderDigest, renderReminder, type RoutineReminder } from '../templates';
import { RateLimitedSender } from './rate-limited-sender';
import { nextStep, type RetryPolicy } from './retry-policy';

const MINUTE = 60_000;
const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 10_000, maxDelayMs: 5 * MINUTE };

/**
 * A DingTalk robot as DingTalk describes it: at most 20 messages in a minute, past that errcode
 * 130101 and muted for 10 minutes. It reads time from the signed request's timestamp (the sender's clock).
 */
function dingtalkLike(limit = 20) {
  const accepted: number[] = [];
  let mutedUntil = 0;
  let throttledReplies = 0;
  const respond = (req: RecordedRequest) => {
    const t = Number(new URL(req.url, 'http://x').searchParams.get('timestamp'));
    const lastMinute = accepted.filter((a) => a > t - MINUTE).length;
    if (t < mutedUntil || lastMinute >= limit) {
      if (t >= mutedUntil) mutedUntil = t + 10 * MINUTE;
      throttledReplies++;
      return { body: { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' } };
    }
    accepted.push(t);
    return { body: { errcode: 0, errmsg: 'ok' } };
  };
  return { respond, accepted, throttledReplies: () => throttledReplies };
}

interface PendingDelivery {
  key: string;
  dueAt: number;
  attempts: number;
  done?: boolean;
}

describe('RateLimitedSender: robot deliveries under the shared limit (real Redis, real receiver)', () => {
  let receiver: HttpReceiver;
  let redisA: Redis;
  let redisB: Redis;
  const clock = new ManualClock('2022-11-30T01:00:00Z');
  const start = clock.now().getTime();

  beforeAll(async () => {
    receiver = await HttpReceiver.start();
    redisA = createRedis(TEST_REDIS_URL);
    redisB = createRedis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    redisA.disconnect();
    redisB.disconnect();
    await receiver.close();
  });
  beforeEach(() => clock.set(new Date(start)));

  /** Two workers (two limiters on two connections) running the delivery loop the worker runs, on the manual clock. */
  async function deliverAll(keys: string[], target: DeliveryTarget, message: (key: string) => ReturnType<typeof renderReminder>) {
    const prefix = `${redisPrefix()}-rls-${Math.random().toString(36).slice(2)}`;
    const workers = [redisA, redisB].map(
      (redis) =>
        new RateLimitedSender(
          createChannelSenders({ SMTP_FROM: 'x@y.z', WECOM_BASE_URL: receiver.url, DINGTALK_BASE_URL: receiver.url, CHANNEL_TIMEOUT_MS: 2_000 }, { clock }),
          new RobotRateLimiter(redis, { prefix, limit: 20, clock }),
          clock,
        ),
    );
    const pending: PendingDelivery[] = keys.map((key) => ({ key, dueAt: start, attempts: 0 }));
    let turn = 0;
    for (;;) {
      const open = pending.filter((p) => !p.done);
      if (open.length === 0) break;
      const dueAt = Math.min(...open.map((p) => p.dueAt));
      clock.set(new Date(Math.max(dueAt, clock.now().getTime())));
      const batch = open.filter((p) => p.dueAt <= clock.now().getTime());
      const results = await Promise.all(batch.map((p) => workers[turn++ % 2].attempt({ target, message: message(p.key), idempotencyKey: p.key })));
      batch.forEach((p, i) => {
        const counted = results[i].status !== 'deferred' && results[i].status !== 'throttled';
        if (counted) p.attempts++;
        const step = nextStep(results[i], p.attempts, policy, () => 0.5);
        if (step.action === 'done') p.done = true;
        else if (step.action === 'fail') throw new Error(`delivery ${p.key} failed: ${step.error}`);
        else p.dueAt = clock.now().getTime() + step.delayMs;
      });
      clock.advanceMs(250);
    }
    return pending;
  }

  it('200 reminders to one robot: never more than 20 in any minute, none throttled, none lost, one attempt each', async () => {
    const robot = dingtalkLike();
    receiver.respondWith(robot.respond);
    const reminder = (key: string): RoutineReminder => ({
      kind: 'reminder.due-soon',
      task: { taskId: key, title: `任务${key}` },
      dueDate: '2022-12-05',
      workingDaysLeft: 3,
    });
    const keys = Array.from({ length: 200 }, (_, i) => `dlv-${i}`);
    const result = await deliverAll(keys, { channel: 'dingtalk', accessToken: 'tok', secret: 'SECabc' }, (k) => renderReminder(reminder(k)));

    expect(robot.throttledReplies()).toBe(0);
    expect(receiver.requests).toHaveLength(200);
    const times = robot.accepted.sort((a, b) => a - b);
    for (let i = 20; i < times.length; i++) expect(times[i] - times[i - 20]).toBeGreaterThanOrEqual(MINUTE);
    expect(result.every((p) => p.done && p.attempts === 1)).toBe(true);
    const titles = receiver.requests.map((r) => JSON.parse(r.body).markdown.title as string);
    expect(new Set(titles).size).toBe(200);
    expect(times[199] - times[0]).toBeLessThan(10 * MINUTE);
  });

  it('a robot muted by someone else: the throttling reply pauses it for every worker, no attempt spent, all delivered after the pause', async () => {
    const robot = dingtalkLike();
    // another system used the robot a moment ago: DingTalk muted it
    receiver.respondWith((req) => {
      const t = Number(new URL(req.url, 'http://x').searchParams.get('timestamp'));
      return t < start + 10 * MINUTE ? { body: { errcode: 130101, errmsg: 'send too fast' } } : robot.respond(req);
    });
    const result = await deliverAll(['a', 'b', 'c', 'd'], { channel: 'dingtalk', accessToken: 'tok2', secret: 'SECdef' }, (k) =>
      renderReminder({ kind: 'reminder.overdue', task: { taskId: k, title: k }, dueDate: '2022-11-01', daysOverdue: 29 }),
    );
    const throttled = receiver.requests.filter((r) => Number(new URL(r.url, 'http://x').searchParams.get('timestamp')) < start + 10 * MINUTE);
    // the first burst hit the muted robot; after its pause nobody asked it until the mute had passed
    expect(throttled.length).toBeGreaterThanOrEqual(1);
    expect(throttled.length).toBeLessThanOrEqual(4);
    expect(robot.accepted).toHaveLength(4);
    expect(Math.min(...robot.accepted)).toBeGreaterThanOrEqual(start + 10 * MINUTE);
    expect(result.every((p) => p.done && p.attempts === 1)).toBe(true);
  });

  it('digest mode: 200 reminders for one robot go out as one message listing them', async () => {
    receiver.reset({ body: { errcode: 0, errmsg: 'ok' } });
    const items: RoutineReminder[] = Array.from({ length: 200 }, (_, i) => ({
      kind: 'reminder.due-soon',
      task: { taskId: `t${i}`, title: `任务${i}` },
      dueDate: '2022-12-05',
      workingDaysLeft: 1,
    }));
    const digest = renderDigest({ date: '2022-11-30', recipientName: '区发展改革局', items });
    await deliverAll(['digest-1'], { channel: 'wecom', webhookKey: 'wk' }, () => digest);
    expect(receiver.requests).toHaveLength(1);
    const content: string = JSON.parse(receiver.requests[0].body).markdown.content;
    expect(content).toContain('【到期提醒】200 项任务即将到期');
    expect(content).toContain('任务0：还有 1 个工作日到期');
    expect(content).toMatch(/……另有 \d+ 项未列出/);
  });
});
