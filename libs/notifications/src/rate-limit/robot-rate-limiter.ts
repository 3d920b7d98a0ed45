import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { NowSource } from '../message';

export interface RobotRateLimiterOptions {
  /** prefix of the limiter's Redis keys (REDIS_PREFIX) */
  prefix: string;
  /** messages per window per robot (WeCom and DingTalk allow 20 a minute) */
  limit: number;
  windowMs?: number;
  clock: NowSource;
}

/** May this robot send now? If not, from when (epoch ms) and why. */
export type SendPermit = { allowed: true } | { allowed: false; retryAtMs: number; reason: 'rate' | 'paused' };

/**
 * A sliding-window log per robot: the send times of the last window in a sorted set. One Lua script
 * checks the pause, drops expired entries, counts, and records the send only if it fits, atomically,
 * so any number of workers sharing the Redis never let more than `limit` through in any window.
 * "Now" is the caller's clock (passed in), never Redis's, so tests move time instead of waiting.
 */
const ACQUIRE = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused > now then return {0, paused, 'paused'} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], window)
  return {1, now, 'ok'}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, tonumber(oldest[2]) + window, 'rate'}
`;

/** Pause until ARGV[1] unless already paused longer; the key outlives the pause by its own length. */
const PAUSE = `
local untilMs = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs <= current or untilMs <= now then return current end
redis.call('SET', KEYS[1], untilMs, 'PX', untilMs - now)
return untilMs
`;

/**
 * The per-robot rate limit shared by every worker instance (Redis): ask `tryAcquire` before each
 * robot send ("may I send now, else when?"); on a throttling reply call `pauseUntil` ("pause this
 * robot until T"). A permit is used up when granted, whether the send then succeeds or not: the robot
 * counts requests, not successes.
 */
export class RobotRateLimiter {
  private readonly windowMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly options: RobotRateLimiterOptions,
  ) {
    this.windowMs = options.windowMs ?? 60_000;
  }

  async tryAcquire(robotId: string): Promise<SendPermit> {
    const now = this.options.clock.now().getTime();
    const [ok, at, reason] = (await this.redis.eval(
      ACQUIRE,
      2,
      this.logKey(robotId),
      this.pauseKey(robotId),
      now,
      this.windowMs,
      this.options.limit,
      `${now}:${randomUUID()}`,
    )) as [number, number, string];
    return ok === 1 ? { allowed: true } : { allowed: false, retryAtMs: Number(at), reason: reason as 'rate' | 'paused' };
  }

  /** Pauses the robot until `until` (a longer pause already set stays). Returns when the pause ends. */
  async pauseUntil(robotId: string, until: Date): Promise<Date> {
    const now = this.options.clock.now().getTime();
    const result = await this.redis.eval(PAUSE, 1, this.pauseKey(robotId), until.getTime(), now);
    return new Date(Number(result));
  }

  // one hash tag per robot keeps both keys in one slot (Redis Cluster)
  private logKey(robotId: string): string {
    return `${this.options.prefix}:robot-rate:{${robotId}}:log`;
  }

  private pauseKey(robotId: string): string {
    return `${this.options.prefix}:robot-rate:{${robotId}}:paused-until`;
  }
}
