/**
 * Issue 15: hostile and careless input never gets a 500. One test per row of the table
 * (sessions, attachments and repeats have specs of their own: sessions.e2e-spec.ts,
 * attachment-names.e2e-spec.ts, repeats.e2e-spec.ts).
 */
import { performance } from 'node:perf_hooks';
import type { Response } from 'supertest';
import { clientAs, createTestApp, TestApp } from './support/test-app';
import { createUnit, createUser, TEST_PASSWORD, tokensFor } from './support/factories';
import { createTask } from './support/task-factories';
import { rawRequest } from './support/raw-http';

const ERROR_KEYS = ['statusCode', 'code', 'message', 'fields', 'details', 'requestId'];
const CHINESE = /[\u4e00-\u9fff]/;

function expectDocumentedError(body: Record<string, unknown>, status: number, code?: string): void {
  expect(Object.keys(body).filter((key) => !ERROR_KEYS.includes(key))).toEqual([]);
  expect(body).toMatchObject({ statusCode: status, code: code ?? expect.any(String), message: expect.stringMatching(CHINESE), requestId: expect.any(String) });
}

jest.setTimeout(60_000);

describe('hostile and careless input (e2e)', () => {
  let t: TestApp;
  let unitA: string;
  let unitB: string;
  let tokens: { office: string; leader: string; a: string; b: string };
  let taskA: string;

  beforeAll(async () => {
    t = await createTestApp();
    unitA = (await createUnit(t.db, { name: '区发展改革局' })).id;
    unitB = (await createUnit(t.db, { name: '区财政局' })).id;
    tokens = await tokensFor(t, { a: unitA, b: unitB });
    taskA = (await createTask(t.db, { leadUnitId: unitA, state: 'in_progress', title: '重点项目建设' })).taskId;
  });
  afterAll(() => t.close());

  const as = (token: string) => clientAs(t, token);
  const count = async (table: string): Promise<number> => (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  describe('NUL and lone surrogates: a field-level 400, nothing written', () => {
    const nulField = (body: Record<string, unknown>, field: string) => {
      expectDocumentedError(body, 400, 'VALIDATION_FAILED');
      expect(body.fields).toEqual([{ field, code: 'INVALID_CHARACTERS', message: expect.stringContaining('不允许的字符') }]);
    };

    it('login username, no token needed', async () => {
      const res = await t.http.post('/auth/login').send({ username: 'ad\u0000min', password: 'x' }).expect(400);
      nulField(res.body, 'username');
    });

    it('report text, extension and transition reasons, notice text, task title, user display name, ?q=', async () => {
      const before = {
        reports: await count('progress_report'),
        ext: await count('extension_request'),
        notices: await count('supervision_notice'),
        audit: await count('audit_log'),
      };
      nulField((await as(tokens.a).put(`/tasks/${taskA}/reports/2026-12`, { milestone: '完成\u0000' }).expect(400)).body, 'milestone');
      nulField((await as(tokens.a).post(`/tasks/${taskA}/extensions`, { requestedDueDate: '2031-01-01', reason: '原因\u0000' }).expect(400)).body, 'reason');
      nulField((await as(tokens.office).post(`/tasks/${taskA}/transitions`, { to: 'suspended', reason: '\u0000' }).expect(400)).body, 'reason');
      nulField((await as(tokens.office).post(`/tasks/${taskA}/notices`, { level: 'yellow', text: '请加快\u0000' }).expect(400)).body, 'text');
      nulField((await as(tokens.office).patch(`/tasks/${taskA}`, { title: '标题\u0000' }).expect(400)).body, 'title');
      const user = await createUser(t.db, 'bureau', unitA);
      nulField((await as(tokens.office).patch(`/users/${user.id}`, { displayName: '张\u0000三' }).expect(400)).body, 'displayName');
      nulField((await as(tokens.office).get('/tasks?q=%00').expect(400)).body, 'q');
      nulField((await as(tokens.office).get('/users?q=a%00b').expect(400)).body, 'q');
      expect({
        reports: await count('progress_report'),
        ext: await count('extension_request'),
        notices: await count('supervision_notice'),
        audit: await count('audit_log'),
      }).toEqual(before);
      const [{ title }] = await t.db.query('SELECT title FROM task WHERE id = $1', [taskA]);
      expect(title).toBe('重点项目建设');
    });

    it('a lone surrogate in report text, in a nested field and in an object key', async () => {
      nulField((await as(tokens.a).put(`/tasks/${taskA}/reports/2026-12`, { problems: '问题\ud800' }).expect(400)).body, 'problems');
      nulField((await as(tokens.a).put(`/tasks/${taskA}/reports/2026-12`, { nextSteps: '\udc00下一步' }).expect(400)).body, 'nextSteps');
      nulField(
        (
          await as(tokens.office)
            .post('/reports/batch', { items: [{ taskId: taskA, text: 'x\ud83d' }] })
            .expect(400)
        ).body,
        'items.0.text',
      );
      // a surrogate pair (an emoji) is text like any other
      const ok = await as(tokens.a).put(`/tasks/${taskA}/reports/2026-12`, { problems: '问题😀' });
      expect(ok.body.fields ?? []).not.toContainEqual(expect.objectContaining({ code: 'INVALID_CHARACTERS' }));
    });

    it('multipart file names', async () => {
      const res = await t.http
        .post('/documents/imports')
        .auth(tokens.office, { type: 'bearer' })
        .attach('file', Buffer.from('一、总体要求\n'), 'doc\u0000.txt')
        .expect(400);
      nulField(res.body, 'file.filename');
    });
  });

  describe('deep and large JSON', () => {
    it('refuses JSON nested 3,000 levels deep (6 KB) to POST /auth/login with 413, and 100 levels with 400 JSON_TOO_DEEP', async () => {
      const nested = (levels: number) => `{"username":${'['.repeat(levels)}${']'.repeat(levels)},"password":"x"}`;
      expectDocumentedError((await t.http.post('/auth/login').set('Content-Type', 'application/json').send(nested(3000)).expect(413)).body, 413);
      expectDocumentedError(
        (await t.http.post('/auth/login').set('Content-Type', 'application/json').send(nested(100)).expect(400)).body,
        400,
        'JSON_TOO_DEEP',
      );
      // deep enough to be refused anywhere, small enough for the general limit
      const res = await as(tokens.office).post(`/tasks/${taskA}/notices`).set('Content-Type', 'application/json').send(nested(3000)).expect(400);
      expectDocumentedError(res.body, 400, 'JSON_TOO_DEEP');
    });

    it('refuses a 400 KB body to /auth/login and /auth/refresh with 413 before parsing, and stays responsive', async () => {
      const deep = '['.repeat(200_000) + ']'.repeat(200_000);
      for (const path of ['/auth/login', '/auth/refresh']) {
        const started = performance.now();
        const res = await t.http.post(path).set('Content-Type', 'application/json').send(deep).expect(413);
        expect(performance.now() - started).toBeLessThan(5_000);
        expectDocumentedError(res.body, 413);
      }
      // an authenticated route with the general 1 MB limit: refused by the depth check, not parsed
      const res = await as(tokens.office).post(`/tasks/${taskA}/notices`).set('Content-Type', 'application/json').send(deep).expect(400);
      expect(res.body.code).toBe('JSON_TOO_DEEP');
      await t.http.get('/health/live').expect(200);
    });

    it('brackets inside strings do not count as depth', async () => {
      const user = await createUser(t.db, 'bureau', unitA);
      const res = await t.http
        .post('/auth/login')
        .send({ username: user.username, password: `${'['.repeat(100)}` })
        .expect(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
      await t.http.post('/auth/login').send({ username: user.username, password: TEST_PASSWORD }).expect(200);
    });
  });

  describe('framework-level refusals in the documented shape', () => {
    it('GET /tasks/%zz', async () => {
      const res = await t.http.get('/tasks/%zz').expect(400);
      expectDocumentedError(res.body, 400, 'BAD_URL');
      expect(res.headers['x-request-id']).toBe(res.body.requestId);
    });

    it('an 80 KB URL, a 40 KB header, Content-Length: abc', async () => {
      const longUrl = await rawRequest(t, `GET /tasks?q=${'a'.repeat(80 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`);
      expect(longUrl.status).toBe(431);
      expectDocumentedError(JSON.parse(longUrl.body), 431, 'HEADERS_TOO_LARGE');

      const bigHeader = await rawRequest(t, `GET /tasks HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(40 * 1024)}\r\n\r\n`);
      expect(bigHeader.status).toBe(431);
      expectDocumentedError(JSON.parse(bigHeader.body), 431, 'HEADERS_TOO_LARGE');

      const badLength = await rawRequest(t, `POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}`);
      expect(badLength.status).toBe(400);
      expectDocumentedError(JSON.parse(badLength.body), 400, 'BAD_CONTENT_LENGTH');
      expect(badLength.headers['content-type']).toMatch(/application\/json/);
    });

    it('malformed JSON and a wrong content type', async () => {
      expectDocumentedError(
        (await t.http.post('/auth/login').set('Content-Type', 'application/json').send('{"username":').expect(400)).body,
        400,
        'MALFORMED_JSON',
      );
      expectDocumentedError(
        (await t.http.post('/auth/login').set('Content-Type', 'application/json').send('{"__proto__":{"x":1}}').expect(400)).body,
        400,
        'MALFORMED_JSON',
      );
      const res = await t.http.post('/auth/login').set('Content-Type', 'application/x-unknown').send('abc');
      expect(res.status).toBe(415);
      expectDocumentedError(res.body, 415);
    });
  });

  describe('dates bounded to 2000–2100 with a field-level 400', () => {
    const dateField = (body: Record<string, unknown>, field: string, code = 'DATE_INVALID') => {
      expectDocumentedError(body, 400, 'VALIDATION_FAILED');
      expect(body.fields).toContainEqual({ field, code, message: expect.stringContaining('2000') });
    };

    it('dueDate 1900-01-01 and 9999-12-31, an extension date, a notice reply date, a list filter', async () => {
      for (const dueDate of ['1900-01-01', '9999-12-31', '2022-02-30']) {
        dateField((await as(tokens.office).patch(`/tasks/${taskA}`, { dueDate }).expect(400)).body, 'dueDate');
      }
      dateField((await as(tokens.a).post(`/tasks/${taskA}/extensions`, { proposedDate: '9999-12-31', reason: '原因' }).expect(400)).body, 'proposedDate');
      dateField(
        (await as(tokens.office).post(`/tasks/${taskA}/notices`, { level: 'yellow', text: '请加快', replyDue: '1999-12-31' }).expect(400)).body,
        'replyDue',
      );
      dateField((await as(tokens.office).get('/tasks?dueBefore=2101-01-01').expect(400)).body, 'dueBefore');
      const [{ due_date }] = await t.db.query(`SELECT to_char(due_date, 'YYYY-MM-DD') AS due_date FROM task WHERE id = $1`, [taskA]);
      expect(due_date).not.toMatch(/^(1900|9999)/);
      // the window's edges are dates like any other
      await as(tokens.office).get('/tasks?dueBefore=2100-12-31').expect(200);
      await as(tokens.office).get('/tasks?dueBefore=2000-01-01').expect(200);
    });

    it('?period=9999-12 and a :period path of year 9999', async () => {
      dateField((await as(tokens.office).get('/reports?period=9999-12').expect(400)).body, 'period', 'PERIOD_INVALID');
      dateField((await as(tokens.a).get(`/tasks/${taskA}/reports?period=1999-01`).expect(400)).body, 'period', 'PERIOD_INVALID');
      const res = await as(tokens.a).put(`/tasks/${taskA}/reports/9999-12`, { milestone: '完成' }).expect(400);
      expectDocumentedError(res.body, 400, 'REPORT_PERIOD_INVALID');
      await as(tokens.office).get('/reports?period=2022-13').expect(400);
      await as(tokens.office).get('/reports?period=2022-12').expect(200);
    });
  });

  describe('headers', () => {
    it('Cache-Control: no-store on authenticated responses and errors', async () => {
      expect((await as(tokens.office).get('/tasks').expect(200)).headers['cache-control']).toBe('no-store');
      expect((await as(tokens.a).get(`/tasks/${taskA}`).expect(200)).headers['cache-control']).toBe('no-store');
      expect((await t.http.get('/tasks').expect(401)).headers['cache-control']).toBe('no-store');
    });

    it('a 429 carries Retry-After (login limit)', async () => {
      let limited: Response | undefined;
      for (let i = 0; i < 50 && !limited; i++) {
        const res = await t.http.post('/auth/login').send({ username: 'nobody-rl', password: 'x' });
        if (res.status === 429) limited = res;
      }
      expect(limited).toBeDefined();
      if (!limited) throw new Error('never answered 429');
      expectDocumentedError(limited.body, 429, 'TOO_MANY_LOGIN_ATTEMPTS');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    });
  });
});
