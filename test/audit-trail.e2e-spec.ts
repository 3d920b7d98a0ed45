import { randomUUID } from 'node:crypto';
import { shanghaiDate } from '@luoshi/domain/calendar';
import { periodOf } from '@luoshi/domain/reports';
import { createTestApp, TestApp } from './support/test-app';
import { createUnit, createUser, loginAs, TestUser } from './support/factories';
import { createTask } from './support/task-factories';
import { waitFor } from './support/wait-for';

interface AuditRow {
  action: string;
  outcome: string;
  actor_user_id: string | null;
  actor_unit_id: string | null;
  actor_role: string | null;
  request_id: string | null;
}

/**
 * The actor and request id of every audit entry are handed down explicitly from the request
 * (JwtAuthGuard's principal, Fastify's request id): each write path, authenticated or anonymous,
 * accepted or refused, must tie its entry to the request that caused it and to nobody else.
 */
describe('audit trail: actor and request id per entry (e2e)', () => {
  let t: TestApp;
  let unitId: string;
  let bureau: TestUser;
  let office: TestUser;
  let bureauToken: string;
  let officeToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    unitId = (await createUnit(t.db, { name: '区审计局' })).id;
    bureau = await createUser(t.db, 'bureau', unitId);
    office = await createUser(t.db, 'office');
    bureauToken = await loginAs(t, bureau);
    officeToken = await loginAs(t, office);
  });
  afterAll(() => t.close());

  const entriesOf = (requestId: string): Promise<AuditRow[]> =>
    t.db.query(`SELECT action, outcome, actor_user_id, actor_unit_id, actor_role, request_id FROM audit_log WHERE request_id = $1 ORDER BY id`, [requestId]);

  it('login, accepted and refused: the user, the login request', async () => {
    const ok = `login-${randomUUID()}`;
    const res = await t.http.post('/auth/login').set('X-Request-Id', ok).send({ username: bureau.username, password: bureau.password }).expect(200);
    expect(res.headers['x-request-id']).toBe(ok);
    expect(await entriesOf(ok)).toEqual([
      { action: 'auth.login', outcome: 'ok', actor_user_id: bureau.id, actor_unit_id: unitId, actor_role: 'bureau', request_id: ok },
    ]);

    // the refused login is recorded without holding up the answer: wait for it
    const refused = `login-${randomUUID()}`;
    await t.http.post('/auth/login').set('X-Request-Id', refused).send({ username: bureau.username, password: 'wrong password' }).expect(401);
    const rows = await waitFor(async () => (await entriesOf(refused)).at(0), 'the refused login entry');
    expect(rows).toEqual({ action: 'auth.login', outcome: 'refused', actor_user_id: null, actor_unit_id: null, actor_role: null, request_id: refused });
  });

  it('a report submission (one statement writes report and entry) and a refused transition: the bureau user', async () => {
    const task = await createTask(t.db, { leadUnitId: unitId, dueDate: '2031-06-30', published: true });
    const period = periodOf('monthly', shanghaiDate(new Date()));
    const submitted = `submit-${randomUUID()}`;
    await t.http
      .post(`/tasks/${task.taskId}/reports/${period}/submit`)
      .set('X-Request-Id', submitted)
      .auth(bureauToken, { type: 'bearer' })
      .send({ text: '本月完成项目调度。', percent: 40 })
      .expect(200);
    expect(await entriesOf(submitted)).toEqual([
      { action: 'report.submit', outcome: 'ok', actor_user_id: bureau.id, actor_unit_id: unitId, actor_role: 'bureau', request_id: submitted },
    ]);

    // approving is the office's transition: refused (409 or 403), and the refusal names the bureau user
    const [{ version }] = await t.db.query(`SELECT version FROM task WHERE id = $1`, [task.taskId]);
    const illegal = `transition-${randomUUID()}`;
    const res = await t.http
      .post(`/tasks/${task.taskId}/transitions`)
      .set('X-Request-Id', illegal)
      .auth(bureauToken, { type: 'bearer' })
      .send({ to: 'completed', version });
    expect([403, 409]).toContain(res.status);
    const [entry] = await entriesOf(illegal);
    expect(entry).toMatchObject({ outcome: 'refused', actor_user_id: bureau.id, actor_unit_id: unitId, request_id: illegal });
  });

  it('office administration: the office user, never the bureau user of another request', async () => {
    const created = `unit-${randomUUID()}`;
    await t.http
      .post('/units')
      .set('X-Request-Id', created)
      .auth(officeToken, { type: 'bearer' })
      .send({ name: `区统计局${Date.now()}`, kind: 'bureau' })
      .expect(201);
    expect(await entriesOf(created)).toEqual([
      { action: 'unit.create', outcome: 'ok', actor_user_id: office.id, actor_unit_id: null, actor_role: 'office', request_id: created },
    ]);
    // requests interleaved on one event loop keep their own actors
    const ids = Array.from({ length: 6 }, (_, i) => `mixed-${i}-${randomUUID()}`);
    await Promise.all(
      ids.map((id, i) =>
        t.http
          .post('/units')
          .set('X-Request-Id', id)
          .auth(i % 2 ? bureauToken : officeToken, { type: 'bearer' })
          .send({ name: `区混合局${i}-${Date.now()}`, kind: 'bureau' }),
      ),
    );
    for (const [i, id] of ids.entries()) {
      const [entry] = await entriesOf(id);
      expect(entry).toMatchObject(
        i % 2 ? { action: 'access.refused', outcome: 'refused', actor_user_id: bureau.id } : { action: 'unit.create', outcome: 'ok', actor_user_id: office.id },
      );
    }
  });

  it('refused administration (a taken unit name, a taken username) is audited with its code', async () => {
    const name = `区重名局${Date.now()}`;
    await t.http.post('/units').auth(officeToken, { type: 'bearer' }).send({ name, kind: 'bureau' }).expect(201);
    const unitTaken = `unit-taken-${randomUUID()}`;
    const res = await t.http.post('/units').set('X-Request-Id', unitTaken).auth(officeToken, { type: 'bearer' }).send({ name, kind: 'bureau' }).expect(409);
    expect(res.body.code).toBe('UNIT_NAME_TAKEN');
    expect(await entriesOf(unitTaken)).toEqual([
      { action: 'unit.create', outcome: 'refused', actor_user_id: office.id, actor_unit_id: null, actor_role: 'office', request_id: unitTaken },
    ]);

    const userTaken = `user-taken-${randomUUID()}`;
    await t.http
      .post('/users')
      .set('X-Request-Id', userTaken)
      .auth(officeToken, { type: 'bearer' })
      .send({ username: bureau.username.toUpperCase(), displayName: '重名', password: 'Passw0rd!', role: 'bureau', unitId })
      .expect(409);
    expect(await entriesOf(userTaken)).toEqual([
      { action: 'user.create', outcome: 'refused', actor_user_id: office.id, actor_unit_id: null, actor_role: 'office', request_id: userTaken },
    ]);
    const [{ after }] = await t.db.query(`SELECT after FROM audit_log WHERE request_id = $1`, [userTaken]);
    expect(after).toEqual({ code: 'USERNAME_TAKEN', username: bureau.username.toLowerCase() });
  });
});
