/**
 * The access matrix (issue 3, "Accounts and access"): every route the API serves × {own bureau,
 * other bureau, office, leader, disabled user, anonymous}, with the expected status; where the
 * call is refused, nothing changed (database digest and attachment files) and the refusal was
 * audited; no response to a bureau carries the id of another unit's object; lists never show
 * another unit's objects, and their filters cannot widen a bureau's scope.
 *
 * Routes are discovered from the app's controllers (test/support/access-matrix/route-discovery.ts)
 * and cross-checked against what Fastify actually serves; the expectations live in
 * test/support/access-matrix/expectations.ts. A route without an expectation fails here by name.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response, Test } from 'supertest';
import { AppModule } from '../apps/api/src/app.module';
import { EXPECTATIONS, Expected, MatrixRequest, RouteExpectation } from './support/access-matrix/expectations';
import { controllerRoutes, DiscoveredRoute, isSwaggerRoute, servedRoutes } from './support/access-matrix/route-discovery';
import { digestChanges, StateDigester } from './support/access-matrix/state-digest';
import { MatrixWorld, Principal, PRINCIPALS } from './support/access-matrix/world';
import { loginAs } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

/** discovered statically, so each route gets its own tests at definition time */
const ROUTES: DiscoveredRoute[] = controllerRoutes(AppModule);

/** the documented error shape (common/error-body.ts): a refusal carries nothing else */
const ERROR_BODY_KEYS = new Set(['statusCode', 'code', 'message', 'fields', 'details', 'requestId']);

/** where the refusal is decided, the audit action it is recorded under */
const REFUSAL_ACTIONS: Record<string, string> = {
  ROLE_NOT_ALLOWED: 'access.refused', // RolesGuard
  READ_ONLY_ROLE: 'access.refused', // RolesGuard
  NO_UNIT: 'access.refused', // RolesGuard
  TASK_FORBIDDEN: 'task.access', // TaskAccessService.check
};

const describeExpected = (e: Expected): string => (e.code ? `${e.status} ${e.code}` : String(e.status));
const isRefusal = (e: Expected): boolean => e.status === 401 || e.status === 403 || e.auditedAs !== undefined;

/** `/tasks/:id` + {id} → `/tasks/<id>`; every param must be given, and only those */
function fillPath(template: string, params: Record<string, string>): string {
  const used = new Set<string>();
  const path = template.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    if (params[name] === undefined) throw new Error(`access matrix: no value for :${name} in ${template}`);
    used.add(name);
    return encodeURIComponent(params[name]);
  });
  const unused = Object.keys(params).filter((name) => !used.has(name));
  if (unused.length) throw new Error(`access matrix: ${template} has no :${unused.join(', :')}`);
  return path;
}

/** response text for the leak check (JSON, text, or nothing for binary downloads) */
const responseText = (res: Response): string => (typeof res.text === 'string' ? res.text : JSON.stringify(res.body ?? null));

// the world is built through the API; a loaded machine needs more than Jest's default 5 s
jest.setTimeout(60_000);

describe('access matrix (e2e)', () => {
  let t: TestApp;
  let w: MatrixWorld;
  let digester: StateDigester;
  let attachmentDir: string;

  beforeAll(async () => {
    attachmentDir = mkdtempSync(join(tmpdir(), 'luoshi-access-matrix-'));
    t = await createTestApp({ ATTACHMENT_DIR: attachmentDir });
    w = await MatrixWorld.create(t, attachmentDir);
    digester = new StateDigester(t.db, attachmentDir);
  });
  afterAll(async () => {
    await t?.close();
    if (attachmentDir) rmSync(attachmentDir, { recursive: true, force: true });
  });

  function send(method: string, path: string, token: string | null, req: MatrixRequest): Test {
    const verb = method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    let r = t.http[verb](path);
    if (token) r = r.set('Authorization', `Bearer ${token}`);
    for (const [name, value] of Object.entries(req.headers ?? {})) r = r.set(name, value);
    if (req.query) r = r.query(req.query);
    if (req.file) return r.attach(req.file.field, req.file.content, req.file.name);
    return req.body === undefined ? r : r.send(req.body);
  }

  async function auditMark(): Promise<string> {
    const [row]: { id: string }[] = await t.db.query(`SELECT coalesce(max(id), 0)::text AS id FROM audit_log`);
    return row.id;
  }

  async function runCase(route: DiscoveredRoute, spec: RouteExpectation, principal: Principal): Promise<void> {
    const actor = w.actors[principal];
    const expected = spec.expect[principal];
    const req = await spec.request({ w, actor });
    const path = fillPath(route.path, req.params ?? {});
    const refused = isRefusal(expected);
    const mark = await auditMark();
    const before = refused ? await digester.digest() : null;

    const res = await send(route.method, path, actor.token, req);

    const got = { status: res.status, code: (res.body as { code?: unknown } | undefined)?.code };
    const statusOk = got.status === expected.status && (expected.code === undefined || got.code === expected.code);
    if (!statusOk) {
      throw new Error(
        `${route.key} as ${principal}: expected ${describeExpected(expected)}, got ${got.status}${typeof got.code === 'string' ? ` ${got.code}` : ''}\n` +
          `  ${route.method} ${path}\n  response: ${responseText(res).slice(0, 500)}`,
      );
    }

    if (refused) {
      // nothing changed: no business row, no attachment file
      const changes = digestChanges(before!, await digester.digest());
      if (changes.length) throw new Error(`${route.key} as ${principal} was refused (${expected.status}) but changed: ${changes.join('; ')}`);
      // the refusal says why, in the documented shape, and nothing more
      expect(Object.keys(res.body).filter((key) => !ERROR_BODY_KEYS.has(key))).toEqual([]);
    }
    if (expected.status === 401) {
      expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
    }
    if (expected.status === 403 || expected.auditedAs) {
      // every refused attempt is audited (RolesGuard: access.refused; TaskAccessService: task.access; …),
      // also one answered 404 so as not to confirm another unit's id
      const auditCode = expected.auditedAs ?? expected.code!;
      const entries: { action: string; code: string | null; actor: string | null }[] = await t.db.query(
        `SELECT action, after->>'code' AS code, actor_user_id::text AS actor FROM audit_log WHERE id > $1 AND outcome = 'refused' ORDER BY id`,
        [mark],
      );
      const action = REFUSAL_ACTIONS[auditCode];
      const audited = entries.some((e) => e.code === auditCode && e.actor === actor.user!.id && (!action || e.action === action));
      if (!audited) {
        throw new Error(`${route.key} as ${principal} was refused with ${auditCode} but left no refused audit entry for it: ${JSON.stringify(entries)}`);
      }
    }
    if (res.status >= 200 && res.status < 300 && actor.user?.role === 'bureau') {
      // no response to a bureau carries the id of an object its unit has no part in
      const text = responseText(res);
      const leaked = w.hiddenFrom(actor.user.unitId!).filter((id) => text.includes(id));
      if (leaked.length) throw new Error(`${route.key} as ${principal} leaked ids of another unit's objects: ${leaked.join(', ')}`);
    }
  }

  // ------------------------------------------------------------------ the route table

  describe('route table', () => {
    it('discovers the controllers’ routes', () => {
      expect(ROUTES.length).toBeGreaterThanOrEqual(40);
      expect(ROUTES.map((r) => r.key)).toEqual(expect.arrayContaining(['GET /tasks', 'GET /tasks/:id', 'POST /auth/login', 'GET /reports']));
    });

    it('the app serves exactly the discovered routes (Swagger under /docs excluded)', () => {
      const served = servedRoutes(t);
      const pathOf = (key: string) => key.slice(key.indexOf(' ') + 1);
      expect(served.filter((key) => isSwaggerRoute(pathOf(key))).length).toBeGreaterThan(0); // the exclusion is not vacuous
      const endpoints = served.filter((key) => !isSwaggerRoute(pathOf(key)));
      expect(endpoints).toEqual(ROUTES.map((r) => r.key).sort());
    });

    it('middleware (request logging) answers nothing itself: an unserved path is 404 for every method', async () => {
      for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
        const res = await t.http[method]('/access-matrix-probe/nothing-here').set('Authorization', `Bearer ${w.actors.office.token}`);
        expect({ method, status: res.status, code: res.body.code }).toEqual({ method, status: 404, code: 'NOT_FOUND' });
      }
    });

    it('every route has an access expectation', () => {
      const missing = ROUTES.filter((r) => !EXPECTATIONS[r.key]);
      if (missing.length) {
        throw new Error(missing.map((r) => `route ${r.key} (${r.handler}) has no access expectation in test/support/access-matrix/expectations.ts`).join('\n'));
      }
    });

    it('every expectation names a route the app serves', () => {
      const keys = new Set(ROUTES.map((r) => r.key));
      expect(Object.keys(EXPECTATIONS).filter((key) => !keys.has(key))).toEqual([]);
    });

    it('only @Public() routes admit a caller without a valid session', () => {
      const mismatched = ROUTES.filter((r) => EXPECTATIONS[r.key]).filter((r) => {
        const anonymous = EXPECTATIONS[r.key].expect.anonymous.status;
        const disabled = EXPECTATIONS[r.key].expect.disabled.status;
        return r.isPublic ? anonymous === 401 || disabled === 401 : anonymous !== 401 || disabled !== 401;
      });
      expect(mismatched.map((r) => `${r.key} (public: ${r.isPublic})`)).toEqual([]);
    });
  });

  // ------------------------------------------------------------------ route × principal

  describe.each(ROUTES.map((r) => [r.key, r] as const))('%s', (key, route) => {
    const spec = EXPECTATIONS[key];
    if (!spec) {
      it('has an access expectation', () => {
        throw new Error(`route ${key} (${route.handler}) has no access expectation in test/support/access-matrix/expectations.ts`);
      });
      return;
    }
    it.each(PRINCIPALS.map((p) => [p, describeExpected(spec.expect[p])] as const))('as %s → %s', (principal) => runCase(route, spec, principal));
  });

  // ------------------------------------------------------------------ lists and scope

  describe('lists never show another unit’s objects', () => {
    /** every item of a paginated list, all pages */
    async function fetchAll(path: string, token: string, query: Record<string, string> = {}): Promise<{ ids: string[]; text: string }> {
      const ids: string[] = [];
      let text = '';
      for (let page = 1; ; page++) {
        const res = await t.http
          .get(path)
          .set('Authorization', `Bearer ${token}`)
          .query({ ...query, page, pageSize: 100 });
        if (res.status !== 200) throw new Error(`GET ${path} → ${res.status} ${responseText(res).slice(0, 300)}`);
        const body = res.body as { items: { id: string }[]; total: number };
        ids.push(...body.items.map((item) => item.id));
        text += res.text;
        if (body.items.length === 0 || ids.length >= body.total) return { ids, text };
      }
    }

    const LISTS: { path: string; objects: (w: MatrixWorld) => { a: string[]; b: string[] }; office: boolean }[] = [
      { path: '/tasks', objects: (w) => ({ a: [w.shared.taskA.taskId], b: [w.shared.taskB.taskId] }), office: true },
      { path: '/tasks/mine', objects: (w) => ({ a: [w.shared.taskA.taskId], b: [w.shared.taskB.taskId] }), office: false },
      { path: '/reports', objects: (w) => ({ a: [w.shared.reportA, w.shared.reportC], b: [w.shared.reportB] }), office: true },
      { path: '/notices', objects: (w) => ({ a: [w.shared.noticeA], b: [w.shared.noticeB] }), office: true },
      { path: '/extensions', objects: (w) => ({ a: [w.shared.extensionA], b: [w.shared.extensionB] }), office: true },
      // office and leader read only what is addressed to them personally, never a unit's inbox
      { path: '/notifications', objects: (w) => ({ a: [w.shared.notificationA], b: [w.shared.notificationB] }), office: false },
    ];

    it.each(LISTS.map((l) => [l.path, l] as const))('GET %s: each bureau sees its own objects and never the other unit’s', async (path, list) => {
      const { a, b } = list.objects(w);
      const asOwn = await fetchAll(path, w.actors.ownBureau.token!);
      expect(asOwn.ids).toEqual(expect.arrayContaining(a));
      expect(asOwn.ids.filter((id) => b.includes(id))).toEqual([]);
      expect(w.hiddenFrom(w.unitA).filter((id) => asOwn.text.includes(id))).toEqual([]);

      const asOther = await fetchAll(path, w.actors.otherBureau.token!);
      expect(asOther.ids).toEqual(expect.arrayContaining(b));
      expect(asOther.ids.filter((id) => a.includes(id))).toEqual([]);
      expect(w.hiddenFrom(w.unitB).filter((id) => asOther.text.includes(id))).toEqual([]);

      if (list.office) {
        const asOffice = await fetchAll(path, w.actors.office.token!);
        expect(asOffice.ids).toEqual(expect.arrayContaining([...a, ...b]));
        const asLeader = await fetchAll(path, w.actors.leader.token!);
        expect(asLeader.ids).toEqual(expect.arrayContaining([...a, ...b]));
      }
    });

    it('filters naming unit A’s objects give the other bureau nothing (a filter never widens the scope)', async () => {
      const other = w.actors.otherBureau.token!;
      const { taskA, reportA, noticeA, extensionA } = w.shared;
      const probes: [string, Record<string, string>][] = [
        ['/tasks', { documentId: taskA.documentId }],
        ['/tasks', { measureId: taskA.measureId }],
        ['/tasks', { q: '矩阵共享任务' }],
        ['/tasks/mine', { documentId: taskA.documentId }],
        ['/reports', { taskId: taskA.taskId }],
        ['/reports', { unitId: w.unitA }],
        ['/reports', { measureId: taskA.measureId }],
        ['/notices', { taskId: taskA.taskId }],
        ['/extensions', { taskId: taskA.taskId }],
      ];
      for (const [path, query] of probes) {
        const { ids, text } = await fetchAll(path, other, query);
        expect({ path, query, ids }).toEqual({ path, query, ids: [] });
        expect([reportA, noticeA, extensionA, taskA.taskId].filter((id) => text.includes(id))).toEqual([]);
      }
    });

    it('a task is invisible to its own units until it is published (交办); the office sees it', async () => {
      const draft = await w.task(w.unitA, { published: false, coUnitIds: [w.unitC] });
      for (const path of ['/tasks', '/tasks/mine']) {
        expect((await fetchAll(path, w.actors.ownBureau.token!)).ids).not.toContain(draft.taskId);
      }
      const get = (token: string) => t.http.get(`/tasks/${draft.taskId}`).set('Authorization', `Bearer ${token}`);
      // answered exactly as an id that does not exist (a 403 would confirm the id)
      const unknown = await get(w.actors.ownBureau.token!).then(() =>
        t.http.get(`/tasks/00000000-0000-4000-8000-000000000000`).set('Authorization', `Bearer ${w.actors.ownBureau.token!}`),
      );
      for (const res of [await get(w.actors.ownBureau.token!), await get(await loginAs(t, w.coUser)), unknown]) {
        expect({ status: res.status, body: { ...res.body, requestId: undefined } }).toEqual({
          status: 404,
          body: { statusCode: 404, code: 'TASK_NOT_FOUND', message: '未找到该任务', requestId: undefined },
        });
      }
      await get(w.actors.office.token!).expect(200);
      expect((await fetchAll('/tasks', w.actors.office.token!, { documentId: draft.documentId })).ids).toEqual([draft.taskId]);
    });

    /** a refused GET: status and code, nothing changed, and the refused audit entries it left */
    async function refusedRead(path: string, token: string, query: Record<string, string> = {}) {
      const before = await digester.digest();
      const mark = await auditMark();
      const res = await t.http.get(path).set('Authorization', `Bearer ${token}`).query(query);
      const changes = digestChanges(before, await digester.digest());
      const audit: { code: string }[] = await t.db.query(`SELECT after->>'code' AS code FROM audit_log WHERE id > $1 AND outcome = 'refused'`, [mark]);
      return { status: res.status, code: res.body.code as string, changes, audited: audit.map((a) => a.code) };
    }

    it('GET /tasks, /dashboard ?unitId=<another unit> is refused to a bureau (403) and changes nothing', async () => {
      for (const path of ['/tasks', '/tasks/mine', '/dashboard']) {
        const res = await refusedRead(path, w.actors.otherBureau.token!, { unitId: w.unitA });
        expect({ path, ...res, audited: undefined }).toEqual({ path, status: 403, code: 'UNIT_SCOPE_FORBIDDEN', changes: [], audited: undefined });
      }
    });

    it('GET /tasks?unitId=<another unit>: the refusal is audited', async () => {
      const res = await refusedRead('/tasks', w.actors.otherBureau.token!, { unitId: w.unitA });
      expect(res.audited).toContain('UNIT_SCOPE_FORBIDDEN');
    });

    it('a co-responsible unit sees only its own part of a shared task; the lead unit sees every part', async () => {
      const co = await loginAs(t, w.coUser);
      const lead = w.actors.ownBureau.token!;
      const { taskA, reportA, reportC, attachmentA, attachmentC } = w.shared;
      const get = (path: string, token: string) => t.http.get(path).set('Authorization', `Bearer ${token}`);

      const coParts = await get(`/tasks/${taskA.taskId}/reports`, co).expect(200);
      expect(coParts.body.items.map((r: { id: string }) => r.id)).toEqual([reportC]);
      const leadParts = await get(`/tasks/${taskA.taskId}/reports`, lead).expect(200);
      expect(leadParts.body.items.map((r: { id: string }) => r.id).sort()).toEqual([reportA, reportC].sort());

      const coList = await fetchAll('/reports', co);
      expect(coList.ids).toContain(reportC);
      expect(coList.ids).not.toContain(reportA);

      for (const token of [co, lead]) {
        await get(`/reports/${reportC}`, token).expect(200);
        await get(`/attachments/${attachmentC}`, token).expect(200);
      }

      // another unit's part is answered as if it did not exist; the audit entry says what it was
      expect(await refusedRead(`/reports/${reportA}`, co)).toMatchObject({ status: 404, code: 'REPORT_NOT_FOUND', changes: [] });
      expect(await refusedRead(`/attachments/${attachmentA}`, co)).toEqual({
        status: 404,
        code: 'ATTACHMENT_NOT_FOUND',
        changes: [],
        audited: ['ATTACHMENT_FORBIDDEN'],
      });
    });

    it('a co-unit reading the lead unit’s report part: the refusal is audited', async () => {
      const co = await loginAs(t, w.coUser);
      expect((await refusedRead(`/reports/${w.shared.reportA}`, co)).audited).toEqual(['REPORT_FORBIDDEN']);
    });
  });

  // ------------------------------------------------------------------ fail closed, and the digest itself

  describe('fail closed', () => {
    it('a bureau user without a unit is refused on every authenticated route (403 NO_UNIT, audited, nothing changed)', async () => {
      const user = await w.user('bureau', null);
      const token = await loginAs(t, user);
      const failures: string[] = [];
      for (const route of ROUTES.filter((r) => !r.isPublic && EXPECTATIONS[r.key])) {
        const req = await EXPECTATIONS[route.key].request({ w, actor: { principal: 'otherBureau', user, token } });
        const path = fillPath(route.path, req.params ?? {});
        const before = await digester.digest();
        const mark = await auditMark();
        const res = await send(route.method, path, token, req);
        const changes = digestChanges(before, await digester.digest());
        const audit: { code: string }[] = await t.db.query(`SELECT after->>'code' AS code FROM audit_log WHERE id > $1 AND outcome = 'refused'`, [mark]);
        if (res.status !== 403 || res.body.code !== 'NO_UNIT' || changes.length || !audit.some((a) => a.code === 'NO_UNIT')) {
          failures.push(`${route.key}: ${res.status} ${res.body.code ?? ''} changes=[${changes.join('; ')}] audited=[${audit.map((a) => a.code).join(',')}]`);
        }
      }
      expect(failures).toEqual([]);
    }, 30_000);

    it('the digest is not blind: an allowed write changes it, an allowed read does not', async () => {
      const office = w.actors.office.token!;
      const unit = await w.unit();
      let before = await digester.digest();
      await t.http.get(`/units/${unit}`).set('Authorization', `Bearer ${office}`).expect(200);
      expect(digestChanges(before, await digester.digest())).toEqual([]);
      before = await digester.digest();
      await t.http.post(`/units/${unit}/sections`).set('Authorization', `Bearer ${office}`).send({ name: '新设科室' }).expect(201);
      expect(digestChanges(before, await digester.digest())).toEqual([expect.stringContaining('table unit_section')]);
    });
  });
});
