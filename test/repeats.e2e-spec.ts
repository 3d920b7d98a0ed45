/**
 * Issue 15, repeats: a double click never issues a notice twice (with or without a header), and
 * authenticated writes honour Idempotency-Key; one account has a (generous) request budget.
 */
import { clientAs, createTestApp, TestApp } from './support/test-app';
import type { Response } from 'supertest';
import { AppModule } from '../apps/api/src/app.module';
import { IdempotencyGuard } from '../apps/api/src/common/idempotency';
import { controllerRoutes } from './support/access-matrix/route-discovery';
import { createUnit, tokensFor } from './support/factories';
import { createTask } from './support/task-factories';

jest.setTimeout(60_000);

describe('repeated submissions (e2e)', () => {
  let t: TestApp;
  let unitA: string;
  let tokens: { office: string; leader: string; a: string; b: string };

  beforeAll(async () => {
    t = await createTestApp();
    unitA = (await createUnit(t.db, { name: '区发展改革局' })).id;
    const unitB = (await createUnit(t.db, { name: '区财政局' })).id;
    tokens = await tokensFor(t, { a: unitA, b: unitB });
  });
  afterAll(() => t.close());

  const as = (token: string) => clientAs(t, token);
  const notices = async (taskId: string) => t.db.query<{ id: string }[]>(`SELECT id FROM supervision_notice WHERE task_id = $1`, [taskId]);
  const notifications = async (taskId: string) =>
    (await t.db.query(`SELECT count(*)::int AS n FROM notification WHERE kind = 'notice.issued' AND payload->>'taskId' = $1`, [taskId]))[0].n as number;

  it('every write route of the app runs the Idempotency-Key guard; no read route runs it, nor any interceptor', () => {
    const routes = controllerRoutes(AppModule);
    const writes = routes.filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method));
    expect(writes.length).toBeGreaterThan(30);
    expect(writes.filter((r) => !r.guards.includes(IdempotencyGuard)).map((r) => r.key)).toEqual([]);
    expect(routes.filter((r) => r.method === 'GET' && r.guards.includes(IdempotencyGuard)).map((r) => r.key)).toEqual([]);
    // an interceptor costs every request of its route Nest's RxJS pipeline (see common/idempotency.ts)
    expect(routes.filter((r) => r.interceptors.length > 0).map((r) => r.key)).toEqual([]);
  });

  it('3 simultaneous POST /tasks/:id/notices (a double click, no header): one notice, one notification, the same answer', async () => {
    const { taskId } = await createTask(t.db, { leadUnitId: unitA, state: 'in_progress' });
    const body = { level: 'yellow', text: '进度滞后，请说明原因' };
    const answers = await Promise.all([1, 2, 3].map(() => as(tokens.office).post(`/tasks/${taskId}/notices`, body)));
    expect(answers.map((res) => res.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((res) => res.body.id)).size).toBe(1);
    expect(await notices(taskId)).toHaveLength(1);
    expect(await notifications(taskId)).toBe(1);
    // another text is a new notice
    await as(tokens.office).post(`/tasks/${taskId}/notices`, { level: 'red', text: '请立即整改' }).expect(201);
    expect(await notices(taskId)).toHaveLength(2);
  });

  it('Idempotency-Key: a repeat within 24 h gets the first answer without a second write', async () => {
    const { taskId } = await createTask(t.db, { leadUnitId: unitA, state: 'in_progress' });
    const key = 'form-7d0c1c2e-0001';
    const body = { proposedDate: '2031-06-30', reason: '受汛期影响，需顺延' };
    const first = await as(tokens.a).post(`/tasks/${taskId}/extensions`, body).set('Idempotency-Key', key).expect(201);
    const again = await as(tokens.a).post(`/tasks/${taskId}/extensions`, body).set('Idempotency-Key', key).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM extension_request WHERE task_id = $1`, [taskId]);
    expect(n).toBe(1);
    const [{ audits }] = await t.db.query(
      `SELECT count(*)::int AS audits FROM audit_log WHERE action LIKE 'extension.%' AND outcome = 'ok' AND after->>'taskId' = $1`,
      [taskId],
    );
    expect(audits).toBeLessThanOrEqual(1);

    // the same key with another body: refused, nothing written
    const other = await as(tokens.a)
      .post(`/tasks/${taskId}/extensions`, { ...body, reason: '另一个原因' })
      .set('Idempotency-Key', key)
      .expect(422);
    expect(other.body).toMatchObject({ statusCode: 422, code: 'IDEMPOTENCY_KEY_REUSED', message: expect.stringContaining('Idempotency-Key') });
    // keys are per user: another user's identical key is their own
    const { taskId: taskB } = await createTask(t.db, { leadUnitId: unitA, state: 'in_progress' });
    await as(tokens.office).post(`/tasks/${taskB}/notices`, { level: 'blue', text: '请关注' }).set('Idempotency-Key', key).expect(201);
  });

  it('Idempotency-Key: a repeat gets the first answer with its own status (200 for 签收), not a second 签收', async () => {
    const { taskId } = await createTask(t.db, { leadUnitId: unitA, state: 'not_started', published: true });
    const key = 'form-7d0c1c2e-0004';
    const first = await as(tokens.a).post(`/tasks/${taskId}/sign`).set('Idempotency-Key', key).expect(200);
    expect(first.body).toMatchObject({ changed: true });
    const again = await as(tokens.a).post(`/tasks/${taskId}/sign`).set('Idempotency-Key', key).expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toMatch(/^application\/json/);
    // without the key the same call runs again and says nothing changed: the replay did not run it
    expect(again.body).toEqual(first.body);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'task.sign' AND entity_id = $1`, [taskId]);
    expect(n).toBe(1);
  });

  it('Idempotency-Key: simultaneous repeats all get the first answer; a refused first request keeps nothing', async () => {
    const { taskId } = await createTask(t.db, { leadUnitId: unitA, state: 'in_progress' });
    const key = 'form-7d0c1c2e-0002';
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        as(tokens.office)
          .post(`/tasks/${taskId}/notices`, { level: 'red', text: `督办 ${key}` })
          .set('Idempotency-Key', key),
      ),
    );
    expect(answers.map((res) => res.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((res) => res.body.id)).size).toBe(1);

    const retryKey = 'form-7d0c1c2e-0003';
    await as(tokens.office).post(`/tasks/${taskId}/notices`, { level: 'purple', text: '请加快' }).set('Idempotency-Key', retryKey).expect(400);
    await as(tokens.office).post(`/tasks/${taskId}/notices`, { level: 'blue', text: '请加快' }).set('Idempotency-Key', retryKey).expect(201);

    const bad = await as(tokens.office).post(`/tasks/${taskId}/notices`, { level: 'blue', text: 'x' }).set('Idempotency-Key', 'short').expect(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'idempotency-key', code: 'IDEMPOTENCY_KEY_INVALID' })]);
  });
});

describe('per-user request budget (e2e)', () => {
  let t: TestApp;
  let tokens: { office: string; leader: string };

  beforeAll(async () => {
    t = await createTestApp({ USER_RATE_LIMIT: '5' });
    tokens = await tokensFor(t, {});
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After once one user exceeds the budget; other users are unaffected', async () => {
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 6; i++) {
      const res = await clientAs(t, tokens.office).get('/auth/me');
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    if (!limited) throw new Error('never answered 429');
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS', message: expect.stringContaining('频繁'), requestId: expect.any(String) });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    await clientAs(t, tokens.leader).get('/auth/me').expect(200);
  });
});
