import Redis from 'ioredis';
import { createTestApp, TestApp } from './support/test-app';
import { ANONYMOUS_REQUESTS_PER_MINUTE } from '../apps/api/src/auth/rate-limit';
import { createUser, loginAs, TestUser } from './support/factories';
import { TEST_REDIS_URL } from './support/test-env';

const LOGIN_LIMIT = 3;

describe('login rate limit (e2e)', () => {
  let t: TestApp;
  let user: TestUser;
  let other: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_RATE_LIMIT: String(LOGIN_LIMIT) });
    user = await createUser(t.db, 'office');
    other = await createUser(t.db, 'leader');
  });
  afterAll(() => t.close());

  const login = (username: string, password: string) => t.http.post('/auth/login').send({ username, password });

  it(`answers 429 after ${LOGIN_LIMIT} attempts per minute for one IP and username, even with the right password`, async () => {
    for (let i = 0; i < LOGIN_LIMIT; i += 1) await login(user.username, 'wrong-password').expect(401);
    const limited = await login(user.username, user.password).expect(429);
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_LOGIN_ATTEMPTS', message: '登录尝试过于频繁，请一分钟后再试' });
    expect(Number(limited.headers['retry-after-login'])).toBeGreaterThan(0);
    // varying the case or padding of the username does not open a new bucket
    await login(` ${user.username.toUpperCase()}`, user.password).expect(429);
  });

  it('limits per username: another account from the same IP can still log in', async () => {
    await login(other.username, other.password).expect(200);
  });

  it('does not limit authenticated traffic', async () => {
    const token = await loginAs(t, user);
    for (let i = 0; i < LOGIN_LIMIT * 3; i += 1) await t.http.get('/auth/me').auth(token, { type: 'bearer' }).expect(200);
  });

  it('keeps its counters in Redis under the app prefix (shared by every API instance)', async () => {
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const prefix = process.env.REDIS_PREFIX as string;
      const keys = await redis.keys(`${prefix}:*`);
      expect(keys.some((key) => key.includes(':login}:hits'))).toBe(true);
      expect(keys.some((key) => key.includes(':login}:blocked'))).toBe(true);
    } finally {
      redis.disconnect();
    }
  });

  it('leaves anonymous reads (health probes) alone', async () => {
    const res = await t.http.get('/health/live').expect(200);
    expect(res.headers['x-ratelimit-limit-anonymous']).toBeUndefined();
  });

  // last: it exhausts this IP's anonymous budget for the rest of the minute
  it(`caps anonymous writes per IP at ${ANONYMOUS_REQUESTS_PER_MINUTE}/minute across usernames and routes`, async () => {
    const probe = await t.http.post('/auth/refresh').send({ refreshToken: 'bogus' }).expect(401);
    expect(Number(probe.headers['x-ratelimit-limit-anonymous'])).toBe(ANONYMOUS_REQUESTS_PER_MINUTE);
    // spend the rest quickly: an empty body without a refresh cookie is counted by the limiter (a
    // guard) and then refused as unauthenticated without touching the database
    let remaining = Number(probe.headers['x-ratelimit-remaining-anonymous']);
    while (remaining > 0) {
      const batch = Math.min(remaining, 25);
      await Promise.all(Array.from({ length: batch }, () => t.http.post('/auth/refresh').send({}).expect(401)));
      remaining -= batch;
    }
    const limited = await t.http
      .post('/auth/login')
      .send({ username: `spray-${remaining}`, password: 'x' })
      .expect(429);
    expect(limited.body).toMatchObject({ code: 'TOO_MANY_REQUESTS', message: '请求过于频繁，请稍后再试' });
    // signed-in users are not affected
    await t.http
      .get('/auth/me')
      .auth(await loginAs(t, other), { type: 'bearer' })
      .expect(200);
  }, 60_000);
});
