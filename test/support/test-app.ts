import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { Clock } from '@luoshi/infra';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/app.setup';
import { createHttpAdapter } from '../../apps/api/src/http-adapter';
import { createTestDatabase, TestDatabase } from './test-database';
import { redisPrefix, TEST_REDIS_URL } from './test-env';

export interface TestApp {
  app: NestFastifyApplication;
  /** `METHOD /path` of every route Fastify registered (its automatic HEAD twins left out) */
  routes: string[];
  http: ReturnType<typeof supertest>;
  db: DataSource;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * The real API (AppModule + configureApp, as in production) on its own database and Redis prefix.
 * `env` overrides configuration for this app only; `options.clock` replaces the system clock
 * (tests move a ManualClock instead of waiting for the wall clock).
 */
export async function createTestApp(env: Record<string, string> = {}, options: { clock?: Clock } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: `${redisPrefix()}-${database.name}`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    JWT_SECRET: 'test-secret-0123456789abcdef0123456789',
    // API tests do not serve the web build (a folder without one), whether dist/web exists or not; the web app's tests pass it
    WEB_DIR: 'test/no-web-build',
    // the tests' webhook receivers listen on loopback, which the SSRF guard refuses unless allowed
    OUTBOUND_ALLOW_HOSTS: '127.0.0.1',
    // each dashboard read counts afresh, so a test sees its own writes at once
    DASHBOARD_CACHE_MS: '0',
    ...env,
  });
  const builder = Test.createTestingModule({ imports: [AppModule] });
  if (options.clock) builder.overrideProvider(Clock).useValue(options.clock);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), { bufferLogs: true });
  const routes: string[] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push(`${method} ${route.url}`);
    });
  await configureApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    routes,
    http: supertest(app.getHttpServer()),
    db: app.get(DataSource),
    database,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** An HTTP client that sends `token` as the bearer on every request (bodies as JSON). */
export function clientAs(t: Pick<TestApp, 'http'>, token: string) {
  return {
    get: (path: string) => t.http.get(path).auth(token, { type: 'bearer' }),
    post: (path: string, body: object = {}) => t.http.post(path).auth(token, { type: 'bearer' }).send(body),
    put: (path: string, body: object) => t.http.put(path).auth(token, { type: 'bearer' }).send(body),
    patch: (path: string, body: object) => t.http.patch(path).auth(token, { type: 'bearer' }).send(body),
    delete: (path: string) => t.http.delete(path).auth(token, { type: 'bearer' }),
  };
}
