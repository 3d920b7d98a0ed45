/**
 * Issue 15: a fuzz test driven by the OpenAPI document. For every route and each role (bureau,
 * office, leader, anonymous), fast-check generates hostile values per field — NUL, lone
 * surrogates, control and bidi characters, huge and deeply nested values, wrong types, boundary
 * dates — for the body, the query string, the path parameters and multipart file names. Asserted:
 * never a 5xx; every refusal in the documented error shape with a Chinese message and a request
 * id; where every call of a batch was refused, nothing changed (the access matrix's digest).
 *
 * Fixed seed and a bounded number of runs (FUZZ_SEED / FUZZ_RUNS override them); fast-check
 * prints the seed and the counterexample on failure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Response } from 'supertest';
import { AppModule } from '../apps/api/src/app.module';
import { controllerRoutes } from './support/access-matrix/route-discovery';
import { digestChanges, StateDigester } from './support/access-matrix/state-digest';
import { createUnit, createUser, sessionFor } from './support/factories';
import { createTask } from './support/task-factories';
import { createTestApp, TestApp } from './support/test-app';

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const RUNS = Number(process.env.FUZZ_RUNS ?? 3);
const ROUTES = controllerRoutes(AppModule);
const ROLES = ['bureau', 'office', 'leader', 'anonymous'] as const;
type Role = (typeof ROLES)[number];

const ERROR_KEYS = new Set(['statusCode', 'code', 'message', 'fields', 'details', 'requestId']);
const CHINESE = /[\u4e00-\u9fff]/;

jest.setTimeout(120_000);

// ------------------------------------------------------------------ hostile values

const hostileText = fc.oneof(
  fc.constantFrom(
    'a\u0000b',
    '\u0000',
    '\ud800',
    'x\udc00y',
    '\u202eexe.pdf',
    '\u0007\u001b[31m',
    '%00',
    '%zz',
    '../../etc/passwd',
    "'; DROP TABLE task; --",
    '1900-01-01',
    '9999-12-31',
    '2000-01-01',
    '2100-12-31',
    '2022-02-30',
    '9999-12',
    '2022-W99',
    '',
    ' ',
    '\u3000',
    '😀',
    '-1',
    '1e309',
    'null',
    '__proto__',
    'constructor',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constant('长'.repeat(100_000)),
);
const deep = (levels: number): unknown => {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i++) value = [value];
  return value;
};
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileText },
  fc.constantFrom(null, true, false, 0, -1, 2 ** 53, 1.5, Number.MAX_SAFE_INTEGER),
  fc.constant(deep(40)),
  fc.constant({ __proto__: { admin: true } }),
  fc.array(hostileText, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), hostileText, { maxKeys: 3 }),
);

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  format?: string;
  allOf?: Schema[];
}
interface OpenApi {
  paths: Record<
    string,
    Record<string, { parameters?: { name: string; in: string; schema?: Schema }[]; requestBody?: { content: Record<string, { schema: Schema }> } }>
  >;
  components: { schemas: Record<string, Schema> };
}

/** A body for `schema`: each known field either a plausible value or a hostile one, plus a stray field sometimes. */
function bodyFor(doc: OpenApi, schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const resolved = resolve(doc, schema);
  if (!resolved || depth > 3) return hostileValue;
  if (resolved.type === 'object' || resolved.properties) {
    const fields = Object.entries(resolved.properties ?? {});
    const record = Object.fromEntries(fields.map(([name, field]) => [name, fc.oneof(plausible(doc, field, depth), hostileValue)]));
    return fc.record(record, { requiredKeys: [] });
  }
  return fc.oneof(plausible(doc, resolved, depth), hostileValue);
}

function plausible(doc: OpenApi, schema: Schema, depth: number): fc.Arbitrary<unknown> {
  const s = resolve(doc, schema) ?? {};
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  switch (s.type) {
    case 'integer':
    case 'number':
      return fc.integer({ min: -5, max: 200 });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(bodyFor(doc, s.items, depth + 1), { maxLength: 3 });
    case 'object':
      return bodyFor(doc, s, depth + 1);
    default:
      return s.format === 'uuid' ? fc.uuid() : fc.string({ maxLength: 20 });
  }
}

function resolve(doc: OpenApi, schema: Schema | undefined): Schema | undefined {
  if (!schema) return undefined;
  if (schema.$ref) return resolve(doc, doc.components.schemas[schema.$ref.split('/').pop()!]);
  if (schema.allOf?.length) return resolve(doc, schema.allOf[0]);
  return schema;
}

// ------------------------------------------------------------------ the test

describe('fuzz: hostile input on every route as every role (e2e)', () => {
  let t: TestApp;
  let doc: OpenApi;
  let digester: StateDigester;
  let attachmentDir: string;
  const ids: Record<string, string> = {};
  const users: Partial<Record<Role, { id: string }>> = {};

  beforeAll(async () => {
    attachmentDir = mkdtempSync(join(tmpdir(), 'luoshi-fuzz-'));
    // budgets out of the way: the fuzzer sends far more than a person would
    t = await createTestApp({ ATTACHMENT_DIR: attachmentDir, USER_RATE_LIMIT: '1000000', LOGIN_RATE_LIMIT: '1000000' });
    doc = (await t.http.get('/docs/openapi.json').expect(200)).body as OpenApi;
    digester = new StateDigester(t.db, attachmentDir);
    const unit = await createUnit(t.db, { name: '区发展改革局' });
    const task = await createTask(t.db, { leadUnitId: unit.id, state: 'in_progress' });
    Object.assign(ids, { task: task.taskId, document: task.documentId, measure: task.measureId, unit: unit.id });
    users.bureau = await createUser(t.db, 'bureau', unit.id);
    users.office = await createUser(t.db, 'office');
    users.leader = await createUser(t.db, 'leader');
  });
  afterAll(async () => {
    await t?.close();
    if (attachmentDir) rmSync(attachmentDir, { recursive: true, force: true });
  });

  it('the OpenAPI document lists every route the controllers declare', () => {
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`)),
    );
    expect(ROUTES.filter((r) => !documented.has(r.key)).map((r) => r.key)).toEqual([]);
  });

  /** a path parameter: the shared fixture's id, or something hostile */
  const paramValue = (name: string, path: string): fc.Arbitrary<string> => {
    const valid =
      name === 'year'
        ? '2026'
        : name === 'period'
          ? '2026-03'
          : path.startsWith('/tasks') || name === 'taskId'
            ? ids.task
            : path.startsWith('/documents')
              ? ids.document
              : path.startsWith('/units')
                ? ids.unit
                : ids.measure;
    return fc.oneof(
      fc.constant(valid),
      fc.uuid(),
      hostileText.filter((s) => s.length < 2000),
    );
  };

  function expectDocumentedRefusal(res: Response, what: string): void {
    const body = res.body as Record<string, unknown>;
    const problems: string[] = [];
    if (res.status >= 500) problems.push(`status ${res.status}`);
    if (res.status >= 400) {
      const stray = Object.keys(body ?? {}).filter((key) => !ERROR_KEYS.has(key));
      if (stray.length) problems.push(`keys outside the error shape: ${stray.join(', ')}`);
      if (body?.statusCode !== res.status) problems.push(`statusCode ${String(body?.statusCode)}`);
      if (typeof body?.code !== 'string' || !/^[A-Z0-9_]+$/.test(body.code)) problems.push(`code ${String(body?.code)}`);
      if (typeof body?.message !== 'string' || !CHINESE.test(body.message)) problems.push(`message ${String(body?.message)}`);
      if (typeof body?.requestId !== 'string') problems.push('no requestId');
    }
    if (problems.length) throw new Error(`${what} → ${res.status}: ${problems.join('; ')}\n  ${String(res.text).slice(0, 300)}`);
  }

  it.each(ROUTES.map((r) => [r.key, r] as const))('%s', async (_key, route) => {
    const operation = doc.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
    const query = Object.fromEntries(
      (operation?.parameters ?? [])
        .filter((p) => p.in === 'query')
        .map((p) => [
          p.name,
          fc.oneof(
            hostileText.filter((s) => s.length < 4000),
            fc.constant(undefined),
          ),
        ]),
    );
    const params = Object.fromEntries((operation?.parameters ?? []).filter((p) => p.in === 'path').map((p) => [p.name, paramValue(p.name, route.path)]));
    const content = operation?.requestBody?.content ?? {};
    const multipart = 'multipart/form-data' in content;
    const body = multipart ? fc.constant(undefined) : bodyFor(doc, content['application/json']?.schema);
    const fileName = fc.oneof(
      hostileText.filter((s) => s.length < 1000),
      fc.constantFrom('evil.html', '日本語\u202eFDP.exe', 'a\u0000.pdf'),
    );

    for (const role of ROLES) {
      // a fresh session per route and role: a fuzzed logout must not blind the routes after it
      const token = role === 'anonymous' ? null : (await sessionFor(t, users[role]!)).accessToken;
      const before = await digester.digest();
      let allRefused = true;
      await fc.assert(
        fc.asyncProperty(fc.record(params), fc.record(query, { requiredKeys: [] }), body, fileName, async (p, q, b, name) => {
          const path = route.path.replace(/:(\w+)/g, (_, n: string) => encodeURIComponent(p[n]));
          const verb = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
          let req = t.http[verb](path);
          if (token) req = req.set('Authorization', `Bearer ${token}`);
          const definedQuery = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));
          if (Object.keys(definedQuery).length) req = req.query(definedQuery);
          const res = multipart
            ? await req.attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), name || 'x')
            : b === undefined || verb === 'get' || verb === 'delete'
              ? await req
              : await req.set('Content-Type', 'application/json').send(JSON.stringify(b));
          if (res.status < 400) allRefused = false;
          expectDocumentedRefusal(res, `${route.key} as ${role} ${path}`);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      if (allRefused) {
        const changes = digestChanges(before, await digester.digest());
        if (changes.length) throw new Error(`${route.key} as ${role}: every call was refused but the database changed: ${changes.join('; ')} (seed ${SEED})`);
      }
    }
  });
});
