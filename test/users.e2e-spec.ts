import { AuditLogEntity, UnitEntity } from '@luoshi/domain/entities';
import { createTestApp, TestApp } from './support/test-app';
import { createUnit, createUser, loginAs, sessionFor, TestUser } from './support/factories';

describe('users (e2e)', () => {
  let t: TestApp;
  let unitA: UnitEntity;
  let unitB: UnitEntity;
  let office: TestUser;
  let officeToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    unitA = await createUnit(t.db, { name: '区财政局' });
    unitB = await createUnit(t.db, { name: '区税务局' });
    office = await createUser(t.db, 'office');
    officeToken = await loginAs(t, office);
  });
  afterAll(() => t.close());

  const asOffice = {
    get: (path: string) => t.http.get(path).auth(officeToken, { type: 'bearer' }),
    post: (path: string, body: object) => t.http.post(path).auth(officeToken, { type: 'bearer' }).send(body),
    patch: (path: string, body: object) => t.http.patch(path).auth(officeToken, { type: 'bearer' }).send(body),
  };
  const me = (token: string) => t.http.get('/auth/me').auth(token, { type: 'bearer' });
  const auditOf = (userId: string) =>
    t.db.getRepository(AuditLogEntity).find({ where: { entityType: 'user', entityId: userId, action: 'user.update' }, order: { id: 'ASC' } });

  describe('GET /users', () => {
    beforeAll(async () => {
      for (let i = 0; i < 4; i += 1) await createUser(t.db, 'bureau', unitA, undefined, { username: `list-a-${i}` });
    });

    it('pages, and never exposes password hashes or token versions', async () => {
      const res = await asOffice.get('/users?page=1&pageSize=2&unitId=' + unitA.id).expect(200);
      expect(res.body).toMatchObject({ total: 4, page: 1, pageSize: 2 });
      expect(res.body.items.map((u: { username: string }) => u.username)).toEqual(['list-a-0', 'list-a-1']);
      const page2 = await asOffice.get(`/users?page=2&pageSize=2&unitId=${unitA.id}`).expect(200);
      expect(page2.body.items.map((u: { username: string }) => u.username)).toEqual(['list-a-2', 'list-a-3']);
      expect(Object.keys(res.body.items[0]).sort()).toEqual(
        ['createdAt', 'disabled', 'displayName', 'email', 'id', 'phone', 'role', 'unitId', 'unitName', 'updatedAt', 'username'].sort(),
      );
      const all = await asOffice.get('/users?pageSize=100').expect(200);
      expect(JSON.stringify(all.body)).not.toMatch(/password|tokenVersion|token_version|\$argon2/i);
    });

    it('refuses a page size above 100 (400, not silently capped)', async () => {
      const res = await asOffice.get('/users?pageSize=101').expect(400);
      expect(res.body.fields).toEqual([expect.objectContaining({ field: 'pageSize', code: 'MAX' })]);
      await asOffice.get('/users?pageSize=abc').expect(400);
      await asOffice.get('/users?page=0').expect(400);
    });

    it('filters by role and text, and refuses unknown query parameters', async () => {
      const res = await asOffice.get('/users?role=bureau&q=LIST-A-3').expect(200);
      expect(res.body.items.map((u: { username: string }) => u.username)).toEqual(['list-a-3']);
      const unknown = await asOffice.get('/users?sort=name').expect(400);
      expect(unknown.body.fields).toEqual([expect.objectContaining({ field: 'sort', code: 'FIELD_NOT_ALLOWED' })]);
    });
  });

  describe('POST /users', () => {
    const valid = (over: object = {}) => ({ username: 'CZJ-Li', displayName: '李四', password: 'Passw0rd!', role: 'bureau', unitId: unitA.id, ...over });

    it('creates a user (username lowercased), audits it, and the user can log in', async () => {
      const res = await asOffice.post('/users', valid()).expect(201);
      expect(res.body).toMatchObject({ username: 'czj-li', displayName: '李四', role: 'bureau', unitId: unitA.id, unitName: '区财政局', disabled: false });
      expect(res.body).not.toHaveProperty('passwordHash');
      await t.http.post('/auth/login').send({ username: 'czj-li', password: 'Passw0rd!' }).expect(200);

      const audit = await t.db.getRepository(AuditLogEntity).findOneByOrFail({ action: 'user.create', entityId: res.body.id });
      expect(audit).toMatchObject({ actorUserId: office.id, actorRole: 'office', outcome: 'ok' });
      expect(audit.after).toMatchObject({ username: 'czj-li', role: 'bureau', unitId: unitA.id });
      expect(JSON.stringify(audit.after)).not.toMatch(/password|argon2/i);
    });

    it('refuses a taken username, whatever its case', async () => {
      const res = await asOffice.post('/users', valid({ username: 'czj-LI' })).expect(409);
      expect(res.body.code).toBe('USERNAME_TAKEN');
    });

    it('requires a unit for bureau users and refuses one for other roles', async () => {
      const noUnit = await asOffice.post('/users', valid({ username: 'no-unit', unitId: undefined })).expect(400);
      expect(noUnit.body.fields).toEqual([expect.objectContaining({ field: 'unitId', code: 'UNIT_REQUIRED' })]);
      const officeWithUnit = await asOffice.post('/users', valid({ username: 'office-unit', role: 'office' })).expect(400);
      expect(officeWithUnit.body.fields).toEqual([expect.objectContaining({ field: 'unitId', code: 'UNIT_NOT_ALLOWED' })]);
      const missingUnit = await asOffice.post('/users', valid({ username: 'ghost-unit', unitId: '00000000-0000-4000-8000-000000000000' })).expect(400);
      expect(missingUnit.body.fields).toEqual([expect.objectContaining({ field: 'unitId', code: 'UNIT_NOT_FOUND' })]);
    });

    it('validates fields and refuses unknown ones with field-level codes', async () => {
      const res = await asOffice.post('/users', valid({ username: 'x', password: 'short', role: 'admin', createdBy: office.id })).expect(400);
      const codes = Object.fromEntries(res.body.fields.map((f: { field: string; code: string }) => [f.field, f.code]));
      expect(codes).toMatchObject({ username: 'MATCHES', password: 'MIN_LENGTH', role: 'IS_IN', createdBy: 'FIELD_NOT_ALLOWED' });
    });
  });

  describe('PATCH /users/:id', () => {
    it('changes the display name without ending sessions, and audits before/after', async () => {
      const user = await createUser(t.db, 'bureau', unitA);
      const token = await loginAs(t, user);
      const res = await asOffice.patch(`/users/${user.id}`, { displayName: '新名字' }).expect(200);
      expect(res.body.displayName).toBe('新名字');
      await me(token).expect(200);
      const [audit] = await auditOf(user.id);
      expect(audit.before).toMatchObject({ displayName: user.displayName });
      expect(audit.after).toMatchObject({ displayName: '新名字' });
      expect(audit.after).not.toHaveProperty('sessionsRevoked');
    });

    it('disabling ends access on the next request and revokes refresh tokens; re-enabling needs a new login', async () => {
      const user = await createUser(t.db, 'bureau', unitA);
      const session = await sessionFor(t, user);
      await me(session.accessToken).expect(200);

      await asOffice.patch(`/users/${user.id}`, { disabled: true }).expect(200);
      expect((await me(session.accessToken).expect(401)).body.code).toBe('USER_DISABLED');
      await t.http.post('/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
      expect((await t.http.post('/auth/login').send({ username: user.username, password: user.password }).expect(401)).body.code).toBe('USER_DISABLED');

      await asOffice.patch(`/users/${user.id}`, { disabled: false }).expect(200);
      expect((await me(session.accessToken).expect(401)).body.code).toBe('TOKEN_REVOKED');
      await t.http.post('/auth/login').send({ username: user.username, password: user.password }).expect(200);

      const [disabled, enabled] = await auditOf(user.id);
      expect(disabled).toMatchObject({ actorUserId: office.id, before: { disabled: false }, after: { disabled: true, sessionsRevoked: true } });
      expect(enabled).toMatchObject({ before: { disabled: true }, after: { disabled: false } });
    });

    it('moving a user to another unit invalidates the old token', async () => {
      const user = await createUser(t.db, 'bureau', unitA);
      const token = await loginAs(t, user);
      const res = await asOffice.patch(`/users/${user.id}`, { unitId: unitB.id }).expect(200);
      expect(res.body).toMatchObject({ unitId: unitB.id, unitName: '区税务局' });
      expect((await me(token).expect(401)).body.code).toBe('TOKEN_REVOKED');
      const fresh = await t.http.post('/auth/login').send({ username: user.username, password: user.password }).expect(200);
      expect(fresh.body.user.unitId).toBe(unitB.id);
    });

    it('changing the role clears the unit and ends sessions', async () => {
      const user = await createUser(t.db, 'bureau', unitA);
      const token = await loginAs(t, user);
      const res = await asOffice.patch(`/users/${user.id}`, { role: 'leader' }).expect(200);
      expect(res.body).toMatchObject({ role: 'leader', unitId: null });
      await me(token).expect(401);
    });

    it('a password reset ends sessions and the new password works', async () => {
      const user = await createUser(t.db, 'office');
      const token = await loginAs(t, user);
      await asOffice.patch(`/users/${user.id}`, { password: 'Brand-new-pass' }).expect(200);
      await me(token).expect(401);
      await t.http.post('/auth/login').send({ username: user.username, password: user.password }).expect(401);
      await t.http.post('/auth/login').send({ username: user.username, password: 'Brand-new-pass' }).expect(200);
      const [audit] = await auditOf(user.id);
      expect(audit.after).toMatchObject({ passwordReset: true });
      expect(JSON.stringify(audit)).not.toMatch(/Brand-new-pass|argon2/);
    });

    it('refuses fields that are not editable, and nulls for required ones', async () => {
      const user = await createUser(t.db, 'office');
      for (const field of ['tokenVersion', 'passwordHash', 'username', 'createdBy']) {
        const res = await asOffice.patch(`/users/${user.id}`, { [field]: 'x' }).expect(400);
        expect(res.body.fields).toEqual([expect.objectContaining({ field, code: 'FIELD_NOT_ALLOWED' })]);
      }
      await asOffice.patch(`/users/${user.id}`, { displayName: null }).expect(400);
      await asOffice.patch(`/users/${user.id}`, { disabled: 'yes' }).expect(400);
    });

    it('refuses a bureau role without a unit, and a unit for an office user', async () => {
      const officeUser = await createUser(t.db, 'office');
      expect((await asOffice.patch(`/users/${officeUser.id}`, { role: 'bureau' }).expect(400)).body.fields[0].code).toBe('UNIT_REQUIRED');
      expect((await asOffice.patch(`/users/${officeUser.id}`, { unitId: unitA.id }).expect(400)).body.fields[0].code).toBe('UNIT_NOT_ALLOWED');
    });

    it('does not let an office user lock themselves out', async () => {
      const res = await asOffice.patch(`/users/${office.id}`, { disabled: true }).expect(422);
      expect(res.body.code).toBe('CANNOT_CHANGE_OWN_ACCESS');
      await asOffice.patch(`/users/${office.id}`, { role: 'leader' }).expect(422);
      await me(officeToken).expect(200);
    });

    it('answers 404 for an unknown user and 400 for a malformed id', async () => {
      expect((await asOffice.patch('/users/00000000-0000-4000-8000-000000000000', { displayName: 'x' }).expect(404)).body.code).toBe('USER_NOT_FOUND');
      await asOffice.patch('/users/not-a-uuid', { displayName: 'x' }).expect(400);
    });
  });

  describe('access', () => {
    it('is office-only; refusals are audited and change nothing', async () => {
      const bureau = await createUser(t.db, 'bureau', unitA);
      const target = await createUser(t.db, 'bureau', unitA);
      const token = await loginAs(t, bureau);
      const res = await t.http.patch(`/users/${target.id}`).auth(token, { type: 'bearer' }).send({ disabled: true }).expect(403);
      expect(res.body.code).toBe('ROLE_NOT_ALLOWED');
      expect((await asOffice.get(`/users/${target.id}`).expect(200)).body.disabled).toBe(false);
      const refused = await t.db.getRepository(AuditLogEntity).findOneByOrFail({ actorUserId: bureau.id, outcome: 'refused' });
      expect(refused).toMatchObject({ action: 'access.refused', entityId: 'PATCH /users/:id', after: { code: 'ROLE_NOT_ALLOWED' } });
      await t.http.get('/users').expect(401);
    });
  });
});
