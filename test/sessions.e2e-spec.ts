/**
 * Issue 15, sessions: concurrent refreshes of one token within the grace window all get the same
 * new pair; reuse after it still ends every session; logout ends the access token too (sid).
 */
import { ManualClock } from '@luoshi/infra';
import { createTestApp, TestApp } from './support/test-app';
import { createUser, sessionFor, TestUser } from './support/factories';

jest.setTimeout(60_000);

describe('sessions (e2e)', () => {
  let t: TestApp;
  const clock = new ManualClock('2026-03-02T02:00:00Z');
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ REFRESH_REUSE_GRACE_SECONDS: '10' }, { clock });
    user = await createUser(t.db, 'office');
  });
  afterAll(() => t.close());

  const refresh = (refreshToken: string) => t.http.post('/auth/refresh').send({ refreshToken });
  const me = (accessToken: string) => t.http.get('/auth/me').auth(accessToken, { type: 'bearer' });

  it('5 simultaneous refreshes of one token (two tabs waking up) all get the same new pair; nothing else ends', async () => {
    const other = await sessionFor(t, user); // another device
    const tab = await sessionFor(t, user);
    const answers = await Promise.all(Array.from({ length: 5 }, () => refresh(tab.refreshToken)));
    expect(answers.map((res) => res.status)).toEqual([200, 200, 200, 200, 200]);
    const pairs = new Set(answers.map((res) => `${res.body.accessToken}|${res.body.refreshToken}`));
    expect(pairs.size).toBe(1);
    const [next] = answers.map((res) => res.body);
    expect(next.refreshToken).not.toBe(tab.refreshToken);
    // exactly one new refresh token was issued for the rotation
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM refresh_token WHERE user_id = $1 AND revoked_at IS NULL`, [user.id]);
    expect(n).toBe(2); // `other` and the new one
    await me(next.accessToken).expect(200);
    await me(other.accessToken).expect(200);
    await refresh(next.refreshToken).expect(200);
    await refresh(other.refreshToken).expect(200);
  });

  it('presenting the rotated token after the grace window is reuse: every session of the user ends', async () => {
    const victim = await createUser(t.db, 'office');
    const other = await sessionFor(t, victim);
    const tab = await sessionFor(t, victim);
    const next = (await refresh(tab.refreshToken).expect(200)).body;
    clock.advanceMs(5_000);
    expect((await refresh(tab.refreshToken).expect(200)).body.refreshToken).toBe(next.refreshToken); // still within the window
    clock.advanceMs(6_000); // 11 s after the rotation
    expect((await refresh(tab.refreshToken).expect(401)).body.code).toBe('REFRESH_TOKEN_REUSED');
    expect((await me(next.accessToken).expect(401)).body.code).toBe('TOKEN_REVOKED');
    await me(other.accessToken).expect(401);
    await refresh(next.refreshToken).expect(401);
    await refresh(other.refreshToken).expect(401);
  });

  it('logout ends the access token of that session at once; other sessions go on', async () => {
    const u = await createUser(t.db, 'leader');
    const keep = await sessionFor(t, u);
    const end = await sessionFor(t, u);
    await me(end.accessToken).expect(200); // cached principal: logout must still reach it
    await t.http.post('/auth/logout').auth(end.accessToken, { type: 'bearer' }).send({ refreshToken: end.refreshToken }).expect(204);
    const res = await me(end.accessToken).expect(401);
    expect(res.body).toMatchObject({ code: 'SESSION_ENDED', message: expect.stringContaining('退出登录') });
    expect((await refresh(end.refreshToken).expect(401)).body.code).toBe('INVALID_REFRESH_TOKEN');
    await me(keep.accessToken).expect(200);
    // a pair rotated from the ended session is ended too (one session id across rotations)
    const rotated = (await refresh(keep.refreshToken).expect(200)).body;
    await t.http.post('/auth/logout').auth(keep.accessToken, { type: 'bearer' }).send({ refreshToken: rotated.refreshToken }).expect(204);
    expect((await me(rotated.accessToken).expect(401)).body.code).toBe('SESSION_ENDED');
    expect((await me(keep.accessToken).expect(401)).body.code).toBe('SESSION_ENDED');
  });

  it('ended sessions are forgotten once no access token of theirs can still be valid', async () => {
    const u = await createUser(t.db, 'office');
    const first = await sessionFor(t, u);
    await t.http.post('/auth/logout').auth(first.accessToken, { type: 'bearer' }).send({ refreshToken: first.refreshToken }).expect(204);
    clock.advanceMs(16 * 60_000); // past ACCESS_TOKEN_TTL_SECONDS (900)
    const second = await sessionFor(t, u);
    await t.http.post('/auth/logout').auth(second.accessToken, { type: 'bearer' }).send({ refreshToken: second.refreshToken }).expect(204);
    const [{ ended }] = await t.db.query(`SELECT ended_sessions AS ended FROM app_user WHERE id = $1`, [u.id]);
    expect(Object.keys(ended)).toHaveLength(1);
  });

  it('log out everywhere stays', async () => {
    const u = await createUser(t.db, 'office');
    const a = await sessionFor(t, u);
    const b = await sessionFor(t, u);
    await t.http.post('/auth/logout').auth(a.accessToken, { type: 'bearer' }).send({ all: true }).expect(204);
    for (const s of [a, b]) {
      await me(s.accessToken).expect(401);
      await refresh(s.refreshToken).expect(401);
    }
  });
});
