import Redis, { RedisOptions } from 'ioredis';

/** Connection options for BullMQ and other long-lived clients (BullMQ needs maxRetriesPerRequest: null). */
export function redisConnectionOptions(redisUrl: string): RedisOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname && url.pathname !== '/' ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

export function createRedis(redisUrl: string, overrides: RedisOptions = {}): Redis {
  return new Redis({ ...redisConnectionOptions(redisUrl), ...overrides });
}
