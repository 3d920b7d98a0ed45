import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type Redis from 'ioredis';
import { APP_CONFIG, type AppConfig, Clock, createRedis } from '@luoshi/infra';
import { ChannelSenders, createChannelSenders, RobotRateLimiter } from '@luoshi/notifications';

export const ROBOT_REDIS = Symbol('ROBOT_REDIS');

/** The external channels' senders (email, WeCom, DingTalk, webhook); in-app deliveries are SQL. */
export const channelSendersProvider: Provider = {
  provide: ChannelSenders,
  inject: [APP_CONFIG, Clock],
  useFactory: (config: AppConfig, clock: Clock) => createChannelSenders(config, { clock }),
};

/** The Redis connection of the per-robot rate limit (shared by every worker instance). */
export const robotRedisProvider: Provider = {
  provide: ROBOT_REDIS,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => createRedis(config.REDIS_URL),
};

export const robotRateLimiterProvider: Provider = {
  provide: RobotRateLimiter,
  inject: [ROBOT_REDIS, APP_CONFIG, Clock],
  useFactory: (redis: Redis, config: AppConfig, clock: Clock) =>
    new RobotRateLimiter(redis, { prefix: config.REDIS_PREFIX, limit: config.ROBOT_RATE_LIMIT_PER_MINUTE, clock }),
};

/** Closes the limiter's Redis connection and pooled SMTP connections when the worker stops. */
@Injectable()
export class ChannelConnectionsCloser implements OnApplicationShutdown {
  constructor(
    @Inject(ROBOT_REDIS) private readonly redis: Redis,
    private readonly senders: ChannelSenders,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.senders.close();
    await this.redis.quit().catch(() => undefined);
  }
}
