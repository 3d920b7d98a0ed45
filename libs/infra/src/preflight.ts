import { Client } from 'pg';
import Redis from 'ioredis';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';

/** Strips credentials before a URL goes into a message. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

export async function checkPostgres(databaseUrl: string, timeoutMs = 5000): Promise<void> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new Error(
      `Cannot reach PostgreSQL at ${redact(databaseUrl)} (${(err as Error).message}). ` +
        'Start it (e.g. `pg_ctlcluster <version> main start`) or set DATABASE_URL.',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function checkRedis(redisUrl: string, timeoutMs = 5000): Promise<void> {
  // disconnectTimeout 0: ioredis otherwise arms a 2 s timer on disconnect that a refused (already
  // closed) socket never clears, keeping the process alive after the check has failed
  const redis = new Redis(redisUrl, { lazyConnect: true, connectTimeout: timeoutMs, disconnectTimeout: 0, maxRetriesPerRequest: 0, retryStrategy: () => null });
  let cause: Error | undefined;
  redis.on('error', (err: Error) => (cause ??= err));
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new Error(
      `Cannot reach Redis at ${redact(redisUrl)} (${(cause ?? (err as Error)).message}). ` + 'Start it (e.g. `redis-server --daemonize yes`) or set REDIS_URL.',
    );
  } finally {
    redis.disconnect();
  }
}

/**
 * Loads the config and checks both services before Nest boots, so a misconfigured process
 * stops with one clear line instead of a stack trace and endless reconnect attempts.
 */
export async function preflight(options: { redis?: boolean } = {}): Promise<AppConfig> {
  try {
    const config = loadConfig();
    await checkPostgres(config.DATABASE_URL);
    if (options.redis !== false) await checkRedis(config.REDIS_URL);
    return config;
  } catch (err) {
    const message = err instanceof ConfigError || err instanceof Error ? err.message : String(err);
    process.stderr.write(`luoshi: ${message}\n`);
    process.exit(1);
  }
}
