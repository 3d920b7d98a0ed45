import { createHash, createHmac, randomUUID } from 'node:crypto';
import { AuditLogEntity, RefreshTokenEntity } from '@luoshi/domain/entities';
import { createTestApp, TestApp } from './support/test-app';
import { createUnit, createUser, loginAs, sessionFor, TestUser } from './support/factories';
import { waitFor } from './support/wait-for';

/** The secret createTestApp configures; hand-signed tokens below use it (or deliberately not). */
const TEST_SECRET = 'test-secret-0123456789abcdef0123456789';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Signs a JWT by hand, so the tests do not trust the code under test to build bad tokens. */
function handSignedJwt(payload: Record<string, unknown>, options: { alg?: string; secret?: string } = {}): string {
  const alg = options.alg ?? 'HS256';
  const head = `${b64url({ alg, typ: 'JWT' })}.${b64url(payload)}`;
  if (alg === 'none') return `${head}.`;
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg] ?? 'sha256';
  return `${head}.${createHmac(hash, options.secret ?? TEST_SECRET)
    .update(head)
    .digest('base64url')}`;
}

function claimsFor(user: TestUser, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: user.id,
    role: user.role,
    unitId: user.unitId,
    tv: 1,
    sid: randomUUID(),
    typ: 'access',
    iss: 'luoshi',
    aud: 'luoshi-api',
    iat: now,
    exp: now + 300,
    ...overrides,
  };
}

describe('auth (e2e)', () => {
  let t: TestApp;
  let office: TestUser;
  let bureau: TestUser;
  let leader: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    const unit = await createUnit(t.db, { name: '区发展改革局' });
    office = await createUser(t.db, 'office');
    bureau = await createUser(t.db, 'bureau', unit);
    leader = await createUser(t.db, 'leader');
  });
  afterAll(() => t.close());

  const login = (username: string, password: string) => t.http.post('/auth/login').send({ username, password });
  const withoutRequestId = ({ requestId: _ignored, ...rest }: Record<string, unknown>) => rest;

  describe('login', () => {
    it('returns a token pair and the user without secrets', async () => {
      const res = await login(bureau.username, bureau.password).expect(200);
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: 900,
        user: expect.objectContaining({
          id: bureau.id,
          username: bureau.username,
          role: 'bureau',
          unitId: bureau.unitId,
          unitName: '区发展改革局',
          disabled: false,
        }),
      });
      expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|tokenVersion|argon2/);
      const header = JSON.parse(Buffer.from(res.body.accessToken.split('.')[0], 'base64url').toString());
      expect(header.alg).toBe('HS256');

      const me = await t.http.get('/auth/me').auth(res.body.accessToken, { type: 'bearer' }).expect(200);
      expect(me.body).toEqual(res.body.user);
    });

    it('treats usernames case-insensitively', async () => {
      await login(`  ${office.username.toUpperCase()} `, office.password).expect(200);
    });

    it('answers a wrong password and an unknown user identically (no user enumeration)', async () => {
      const wrongPassword = await login(office.username, 'not-the-password').expect(401);
      const unknownUser = await login('nobody-here', 'not-the-password').expect(401);
      expect(withoutRequestId(wrongPassword.body)).toEqual({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' });
      expect(withoutRequestId(unknownUser.body)).toEqual(withoutRequestId(wrongPassword.body));
    });

    it('audits failed logins of existing accounts as refused', async () => {
      await login(leader.username, 'wrong-password').expect(401);
      // written after the response on purpose (no timing difference between known and unknown users)
      const rows = await waitFor(async () => {
        const found = await t.db.getRepository(AuditLogEntity).find({ where: { action: 'auth.login', entityId: leader.id, outcome: 'refused' } });
        return found.length ? found : null;
      }, 'the refused-login audit entry');
      expect(rows).toHaveLength(1);
      expect(rows[0].after).toEqual({ code: 'INVALID_CREDENTIALS' });
    });

    it('refuses unknown body fields with a field-level code', async () => {
      const res = await t.http.post('/auth/login').send({ username: office.username, password: office.password, unitId: bureau.unitId }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.fields).toEqual([expect.objectContaining({ field: 'unitId', code: 'FIELD_NOT_ALLOWED' })]);
    });

    it('requires both fields', async () => {
      const res = await t.http.post('/auth/login').send({ username: office.username }).expect(400);
      expect(res.body.fields.map((f: { field: string }) => f.field)).toContain('password');
    });
  });

  describe('refresh', () => {
    it('rotates: the new pair works, the old refresh token is revoked', async () => {
      const first = (await login(office.username, office.password).expect(200)).body;
      const second = (await t.http.post('/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)).body;
      expect(second.refreshToken).not.toBe(first.refreshToken);
      await t.http.get('/auth/me').auth(second.accessToken, { type: 'bearer' }).expect(200);
      // stored as a SHA-256 hash only, and marked revoked once rotated
      const rotated = await t.db.getRepository(RefreshTokenEntity).findOneByOrFail({ tokenHash: sha256(first.refreshToken) });
      expect(rotated.revokedAt).toBeInstanceOf(Date);
      expect(await t.db.getRepository(RefreshTokenEntity).existsBy({ tokenHash: first.refreshToken })).toBe(false);
    });

    it('detects reuse of a rotated token and ends every session of that user', async () => {
      const user = await createUser(t.db, 'office');
      const other = await sessionFor(t, user); // another device of the same user
      const first = (await login(user.username, user.password).expect(200)).body;
      const second = (await t.http.post('/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)).body;
      // past the grace window for concurrent refreshes (sessions.e2e-spec.ts covers the window)
      await t.db.query(`UPDATE refresh_token SET revoked_at = revoked_at - interval '1 minute' WHERE token_hash = $1`, [sha256(first.refreshToken)]);

      const replay = await t.http.post('/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
      expect(replay.body.code).toBe('REFRESH_TOKEN_REUSED');

      await t.http.post('/auth/refresh').send({ refreshToken: second.refreshToken }).expect(401);
      await t.http.post('/auth/refresh').send({ refreshToken: other.refreshToken }).expect(401);
      const me = await t.http.get('/auth/me').auth(second.accessToken, { type: 'bearer' }).expect(401);
      expect(me.body.code).toBe('TOKEN_REVOKED');
      await t.http.get('/auth/me').auth(other.accessToken, { type: 'bearer' }).expect(401);

      const audit = await t.db.getRepository(AuditLogEntity).findOneByOrFail({ action: 'auth.refresh', entityId: user.id });
      expect(audit.outcome).toBe('refused');
      expect(audit.after).toMatchObject({ code: 'REFRESH_TOKEN_REUSED', sessionsRevoked: true });
      // logging in again works
      await login(user.username, user.password).expect(200);
    });

    it('refuses an unknown refresh token', async () => {
      const res = await t.http
        .post('/auth/refresh')
        .send({ refreshToken: 'x'.repeat(43) })
        .expect(401);
      expect(res.body.code).toBe('INVALID_REFRESH_TOKEN');
    });

    it('refuses an expired refresh token', async () => {
      const session = await sessionFor(t, office);
      await t.db.query(`UPDATE refresh_token SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [sha256(session.refreshToken)]);
      const res = await t.http.post('/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
      expect(res.body.code).toBe('REFRESH_TOKEN_EXPIRED');
    });
  });

  describe('logout', () => {
    it('revokes the given refresh token; the other sessions go on', async () => {
      const user = await createUser(t.db, 'office');
      const keep = await sessionFor(t, user);
      const end = (await login(user.username, user.password).expect(200)).body;
      await t.http.post('/auth/logout').auth(end.accessToken, { type: 'bearer' }).send({ refreshToken: end.refreshToken }).expect(204);

      const res = await t.http.post('/auth/refresh').send({ refreshToken: end.refreshToken }).expect(401);
      expect(res.body.code).toBe('INVALID_REFRESH_TOKEN'); // a plain 401: a logged-out tab must not end the other sessions
      await t.http.post('/auth/refresh').send({ refreshToken: keep.refreshToken }).expect(200);
    });

    it('with all=true ends every session, including outstanding access tokens', async () => {
      const user = await createUser(t.db, 'bureau', bureau.unitId);
      const a = await sessionFor(t, user);
      const b = await sessionFor(t, user);
      await t.http.post('/auth/logout').auth(a.accessToken, { type: 'bearer' }).send({ all: true }).expect(204);
      for (const session of [a, b]) {
        expect((await t.http.get('/auth/me').auth(session.accessToken, { type: 'bearer' }).expect(401)).body.code).toBe('TOKEN_REVOKED');
        await t.http.post('/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
      }
      const audit = await t.db.getRepository(AuditLogEntity).findOneByOrFail({ action: 'auth.logout', entityId: user.id });
      expect(audit).toMatchObject({ actorUserId: user.id, outcome: 'ok', after: { all: true } });
    });

    it('is open to read-only leaders (their own session only)', async () => {
      const session = await sessionFor(t, leader);
      await t.http.post('/auth/logout').auth(session.accessToken, { type: 'bearer' }).send({ refreshToken: session.refreshToken }).expect(204);
    });

    it('cannot end someone else’s session', async () => {
      const victim = await sessionFor(t, bureau);
      const attacker = await loginAs(t, office);
      await t.http.post('/auth/logout').auth(attacker, { type: 'bearer' }).send({ refreshToken: victim.refreshToken }).expect(204);
      await t.http.post('/auth/refresh').send({ refreshToken: victim.refreshToken }).expect(200);
    });

    it('needs a refresh token or all=true', async () => {
      const token = await loginAs(t, office);
      const res = await t.http.post('/auth/logout').auth(token, { type: 'bearer' }).send({}).expect(400);
      expect(res.body.fields).toContainEqual(expect.objectContaining({ field: 'refreshToken', code: 'IS_DEFINED' }));
    });
  });

  describe('access tokens', () => {
    const me = (token?: string) => (token ? t.http.get('/auth/me').auth(token, { type: 'bearer' }) : t.http.get('/auth/me'));

    it('requires one on non-public routes', async () => {
      const res = await me().expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      await t.http.get('/auth/me').set('Authorization', 'Basic Zm9vOmJhcg==').expect(401);
      expect((await me('not-a-jwt').expect(401)).body.code).toBe('INVALID_TOKEN');
    });

    it('accepts a correctly hand-signed token (the helper below is sound)', async () => {
      await me(handSignedJwt(claimsFor(office))).expect(200);
    });

    it('refuses an expired token', async () => {
      const now = Math.floor(Date.now() / 1000);
      const res = await me(handSignedJwt(claimsFor(office, { iat: now - 1000, exp: now - 10 }))).expect(401);
      expect(res.body).toMatchObject({ code: 'TOKEN_EXPIRED', message: '登录已过期，请重新登录' });
    });

    it('refuses a token signed with another key', async () => {
      const res = await me(handSignedJwt(claimsFor(office), { secret: 'another-secret-another-secret-another' })).expect(401);
      expect(res.body.code).toBe('INVALID_TOKEN');
    });

    it('refuses alg:none and algorithms other than HS256', async () => {
      expect((await me(handSignedJwt(claimsFor(office), { alg: 'none' })).expect(401)).body.code).toBe('INVALID_TOKEN');
      expect((await me(handSignedJwt(claimsFor(office), { alg: 'HS512' })).expect(401)).body.code).toBe('INVALID_TOKEN');
    });

    it('refuses tokens with the wrong type, issuer or audience', async () => {
      await me(handSignedJwt(claimsFor(office, { typ: 'refresh' }))).expect(401);
      await me(handSignedJwt(claimsFor(office, { iss: 'someone-else' }))).expect(401);
      await me(handSignedJwt(claimsFor(office, { aud: 'other-api' }))).expect(401);
    });

    it('refuses a token whose claims no longer match the user (stale version, unit or role)', async () => {
      expect((await me(handSignedJwt(claimsFor(office, { tv: 2 }))).expect(401)).body.code).toBe('TOKEN_REVOKED');
      await me(handSignedJwt(claimsFor(bureau, { unitId: office.id }))).expect(401);
      await me(handSignedJwt(claimsFor(leader, { role: 'office' }))).expect(401);
      await me(handSignedJwt(claimsFor(office, { sub: '00000000-0000-4000-8000-000000000000' }))).expect(401);
    });

    // disabling through the API (the office's way) is refused on the very next request: users.e2e-spec
    it('stops working once the user is disabled outside the API (SQL by hand, another instance): the database announces it', async () => {
      const user = await createUser(t.db, 'bureau', bureau.unitId);
      const token = await loginAs(t, user);
      await me(token).expect(200); // the principal is now cached
      await t.db.query('UPDATE app_user SET disabled = true WHERE id = $1', [user.id]);
      const refused = await waitFor(
        async () => {
          const res = await me(token);
          return res.status === 401 ? res : null;
        },
        'the disabled user to be refused',
        2_000,
      );
      expect(refused.body).toMatchObject({ code: 'USER_DISABLED', message: '账号已停用，请联系统筹办' });
      expect((await login(user.username, user.password).expect(401)).body.code).toBe('USER_DISABLED');
    });
  });

  describe('route authorization', () => {
    const refusals = (userId: string) =>
      t.db.getRepository(AuditLogEntity).find({ where: { actorUserId: userId, outcome: 'refused', action: 'access.refused' }, order: { id: 'ASC' } });

    it('refuses a bureau user without a unit everywhere (fail closed) and audits it', async () => {
      const orphan = await createUser(t.db, 'bureau', null);
      const token = await loginAs(t, orphan);
      for (const path of ['/auth/me', '/units']) {
        const res = await t.http.get(path).auth(token, { type: 'bearer' }).expect(403);
        expect(res.body).toMatchObject({ code: 'NO_UNIT', message: '您的账号尚未绑定单位，请联系统筹办' });
      }
      const rows = await refusals(orphan.id);
      expect(rows.map((r) => r.entityId)).toEqual(['GET /auth/me', 'GET /units']);
      expect(rows[0]).toMatchObject({ entityType: 'route', actorRole: 'bureau', after: { code: 'NO_UNIT', handler: 'AuthController.me' } });
    });

    it('keeps leaders read-only and audits the refusal', async () => {
      const token = await loginAs(t, leader);
      await t.http.get('/units').auth(token, { type: 'bearer' }).expect(200);
      const res = await t.http.post('/units').auth(token, { type: 'bearer' }).send({ name: '领导新建的单位', kind: 'bureau' }).expect(403);
      expect(res.body).toMatchObject({ code: 'READ_ONLY_ROLE' });
      const rows = await refusals(leader.id);
      expect(rows.at(-1)).toMatchObject({ entityId: 'POST /units', actorRole: 'leader', after: { code: 'READ_ONLY_ROLE' } });
      expect(res.headers['x-request-id']).toBe(rows.at(-1)?.requestId);
    });

    it('refuses office-only routes to other roles', async () => {
      for (const user of [bureau, leader]) {
        const res = await t.http
          .get('/users')
          .auth(await loginAs(t, user), { type: 'bearer' })
          .expect(403);
        expect(res.body.code).toBe('ROLE_NOT_ALLOWED');
      }
      await t.http
        .get('/users')
        .auth(await loginAs(t, office), { type: 'bearer' })
        .expect(200);
    });
  });

  it('documents the routes and response DTOs in OpenAPI, without secrets', async () => {
    const doc = (await t.http.get('/docs/openapi.json').expect(200)).body;
    expect(doc.paths['/auth/login'].post.security).toBeUndefined();
    expect(doc.paths['/auth/me'].get.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/users'].post.tags).toEqual(['users']);
    expect(Object.keys(doc.components.schemas.UserResponseDto.properties)).not.toContain('passwordHash');
    expect(Object.keys(doc.components.schemas.SessionDto.properties).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'user']);
  });
});
