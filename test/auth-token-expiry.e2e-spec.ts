import { ManualClock } from '@luoshi/infra';
import { createTestApp, TestApp } from './support/test-app';
import { createUser, loginAs } from './support/factories';
import { waitFor } from './support/wait-for';

/**
 * An access token is verified once and remembered (AuthService.verifyAccessToken): these check that
 * what is remembered is only the signature's verdict. Its expiry is judged on every use by the
 * injected clock, and a token differing from a remembered one in any character is verified afresh.
 */
describe('access token expiry and remembered verification (e2e)', () => {
  const clock = new ManualClock('2026-12-07T02:00:00Z');
  const TTL_SECONDS = 600;
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ ACCESS_TOKEN_TTL_SECONDS: String(TTL_SECONDS) }, { clock });
  });
  afterAll(() => t.close());

  const me = (token: string) => t.http.get('/auth/me').set('Authorization', `Bearer ${token}`);

  it('accepts a token until its expiry second, then refuses it though it was accepted before', async () => {
    clock.set('2026-12-07T02:00:00Z');
    const office = await createUser(t.db, 'office');
    const token = await loginAs(t, office);
    await me(token).expect(200);
    clock.advanceMs((TTL_SECONDS - 1) * 1000);
    await me(token).expect(200);
    clock.advanceMs(1000);
    const res = await me(token).expect(401);
    expect(res.body).toMatchObject({ code: 'TOKEN_EXPIRED', message: '登录已过期，请重新登录' });
    // and stays refused (the remembered verdict is gone, the fresh check says expired too)
    expect((await me(token).expect(401)).body.code).toBe('TOKEN_EXPIRED');
  });

  it('refuses a token whose signature was altered after the genuine one was accepted', async () => {
    clock.set('2026-12-07T03:00:00Z');
    const office = await createUser(t.db, 'office');
    const token = await loginAs(t, office);
    await me(token).expect(200);
    const [head, payload, signature] = token.split('.');
    const altered = `${head}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'AB' : 'AA'}`;
    expect((await me(altered).expect(401)).body.code).toBe('INVALID_TOKEN');
    await me(token).expect(200);
  });

  it('still refuses a remembered token once the user is disabled (revocation is checked on every request)', async () => {
    clock.set('2026-12-07T04:00:00Z');
    const office = await createUser(t.db, 'office');
    const token = await loginAs(t, office);
    await me(token).expect(200);
    await t.db.query(`UPDATE app_user SET disabled = true WHERE id = $1`, [office.id]);
    // the principal cache hears of the change by NOTIFY: polled, not assumed instant
    const refused = await waitFor(async () => {
      const res = await me(token);
      return res.status === 401 ? res : null;
    }, 'the disabled user refused');
    expect(refused.body.code).toBe('USER_DISABLED');
  });
});
