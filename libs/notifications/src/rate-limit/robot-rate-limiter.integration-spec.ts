import type Redis from 'ioredis';
import { createRedis, ManualClock } from '@luoshi/infra';
import { redisPrefix, TEST_REDIS_URL } from '../../../../test/support/test-env';
import { RobotRateLimiter } from './robot-rate-limiter';

const MINUTE = 60_000;

/** The largest number of grants in any half-open window [t, t + 1 min) that starts at a grant. */
function busiestMinute(grants: number[]): number {
  const sorted = [...grants].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j] < sorted[i] + MINUTE) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

describe('RobotRateLimiter (real Redis, two connections = two worker instances)', () => {
  let redisA: Redis;
  let redisB: Redis;
  const clock = new ManualClock('2022-11-30T01:00:00Z');
  /** the clock as epoch ms, read and moved */
  let now = Date.parse('2022-11-30T01:00:00Z');
  const setNow = (ms: number) => {
    now = ms;
    clock.set(new Date(ms));
  };
  let a: RobotRateLimiter;
  let b: RobotRateLimiter;
  let prefix: string;

  beforeAll(() => {
    redisA = createRedis(TEST_REDIS_URL);
    redisB = createRedis(TEST_REDIS_URL);
  });
  afterAll(() => {
    redisA.disconnect();
    redisB.disconnect();
  });
  beforeEach(() => {
    setNow(Date.parse('2022-11-30T01:00:00Z'));
    prefix = `${redisPrefix()}-limiter-${Math.random().toString(36).slice(2)}`;
    a = new RobotRateLimiter(redisA, { prefix, limit: 20, clock });
    b = new RobotRateLimiter(redisB, { prefix, limit: 20, clock });
  });

  it('200 sends to one robot from two instances: never more than 20 in any rolling minute, all 200 get through', async () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const grants: number[] = [];
    let pending = 200;
    let rounds = 0;
    while (pending > 0) {
      rounds++;
      // a burst of concurrent asks from both instances at the same instant
      const burst = Math.min(pending, 1 + Math.floor(random() * 8));
      const permits = await Promise.all(Array.from({ length: burst }, (_, i) => (i % 2 === 0 ? a : b).tryAcquire('dingtalk:robot-1')));
      let retryAt = Infinity;
      for (const p of permits) {
        if (p.allowed) {
          grants.push(now);
          pending--;
        } else {
          expect(p.reason).toBe('rate');
          expect(p.retryAtMs).toBeGreaterThan(now);
          retryAt = Math.min(retryAt, p.retryAtMs);
        }
      }
      // time moves on: a little, or (when refused) to the moment the limiter named, sometimes a bit later
      setNow(retryAt === Infinity ? now + Math.floor(random() * 2_500) : retryAt + (random() < 0.5 ? 0 : Math.floor(random() * 1_000)));
    }
    expect(grants).toHaveLength(200);
    expect(busiestMinute(grants)).toBe(20);
    // no waste: 200 sends at 20 a minute fit into little more than 9 minutes
    expect(grants[grants.length - 1] - grants[0]).toBeLessThan(10 * MINUTE + 30_000);
    expect(rounds).toBeGreaterThan(20);
  });

  it('the 21st ask in a minute is told exactly when the oldest send leaves the window', async () => {
    const start = now;
    for (let i = 0; i < 20; i++) {
      expect(await (i % 2 ? a : b).tryAcquire('wecom:r')).toEqual({ allowed: true });
      setNow(now + 1_000);
    }
    expect(await a.tryAcquire('wecom:r')).toEqual({ allowed: false, retryAtMs: start + MINUTE, reason: 'rate' });
    setNow(start + MINUTE - 1);
    expect((await b.tryAcquire('wecom:r')).allowed).toBe(false);
    setNow(start + MINUTE);
    expect(await b.tryAcquire('wecom:r')).toEqual({ allowed: true });
    // robots are independent
    expect(await a.tryAcquire('wecom:other')).toEqual({ allowed: true });
  });

  it('a pause set by one instance holds for all until it ends; a shorter pause does not cut it short', async () => {
    const until = new Date(now + 10 * MINUTE);
    expect(await a.pauseUntil('dingtalk:muted', until)).toEqual(until);
    expect(await b.tryAcquire('dingtalk:muted')).toEqual({ allowed: false, retryAtMs: until.getTime(), reason: 'paused' });
    expect(await b.pauseUntil('dingtalk:muted', new Date(now + MINUTE))).toEqual(until);
    setNow(until.getTime() - 1);
    expect((await a.tryAcquire('dingtalk:muted')).allowed).toBe(false);
    setNow(until.getTime());
    expect(await a.tryAcquire('dingtalk:muted')).toEqual({ allowed: true });
    expect(await b.tryAcquire('dingtalk:other')).toEqual({ allowed: true });
  });
});
