/**
 * The access matrix: for every route (`METHOD /path`, as route-discovery.ts names it) the outcome
 * expected for each principal, and a builder of one VALID request. Valid matters: the validation
 * pipe runs after the guards but before the services' object-level checks, so an invalid body
 * would answer 400 and hide an object-level 403. Path parameters point at fixtures of unit A
 * ("own"); routes with side effects build fresh fixtures per case, so one principal's allowed
 * call never changes what the next case relies on.
 *
 * Reading a row: own = bureau of unit A (lead on the task), other = bureau of unit B (not on it),
 * office, leader (read-only), then disabled (A's bureau user with a token, disabled since) and
 * anonymous — both 401 on every route but the @Public() ones.
 *
 * A new route needs a row here, or the access-matrix spec fails naming it.
 */
import type { Actor, MatrixWorld, Principal } from './world';
import { currentPeriod, importText, PDF } from './world';
import { uniqueName } from '../factories';

export interface Expected {
  status: number;
  /** the error `code` of a refusal */
  code?: string;
  /** a refusal answered 404 as if the object did not exist: the code its audit entry records */
  auditedAs?: string;
}

export interface MatrixRequest {
  /** values for the route's `:params` */
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  headers?: Record<string, string>;
  body?: object;
  /** multipart upload instead of a JSON body */
  file?: { field: string; content: Buffer; name: string };
}

export interface CaseContext {
  w: MatrixWorld;
  actor: Actor;
}

export interface RouteExpectation {
  expect: Record<Principal, Expected>;
  request(c: CaseContext): MatrixRequest | Promise<MatrixRequest>;
}

const status = (code: number): Expected => ({ status: code });
const OK = status(200);
const CREATED = status(201);
const NO_CONTENT = status(204);
/** RolesGuard: @Roles excludes the caller's role (audited access.refused) */
const ROLE = { status: 403, code: 'ROLE_NOT_ALLOWED' };
/** RolesGuard: a leader's non-GET (audited access.refused) */
const READ_ONLY = { status: 403, code: 'READ_ONLY_ROLE' };
/** TaskAccessService: another unit's task is answered as if it did not exist (audited task.access TASK_FORBIDDEN) */
const NOT_OURS = { status: 404, code: 'TASK_NOT_FOUND', auditedAs: 'TASK_FORBIDDEN' };
/** NotificationsService: a notification not addressed to the caller is answered as if it did not exist */
const NOT_MY_NOTIFICATION = { status: 404, code: 'NOTIFICATION_NOT_FOUND' };

/** Authenticated routes: a disabled user's still-valid token and no token are both 401. */
function authenticated(row: Pick<Record<Principal, Expected>, 'ownBureau' | 'otherBureau' | 'office' | 'leader'>): Record<Principal, Expected> {
  return { ...row, disabled: { status: 401, code: 'USER_DISABLED' }, anonymous: { status: 401, code: 'UNAUTHENTICATED' } };
}

/** @Public() routes: the token (valid, disabled or none) plays no part. */
function everyone(expected: Expected): Record<Principal, Expected> {
  return { ownBureau: expected, otherBureau: expected, office: expected, leader: expected, disabled: expected, anonymous: expected };
}

/** the body of a state change the caller's role could make on an in_progress task */
const transitionFor = (actor: Actor) =>
  actor.principal === 'office' ? { to: 'not_applicable', reason: '本地不涉及此项工作', version: 1 } : { to: 'submitted_done', version: 1 };

/** a user id for routes acting on "my own session" (anonymous sends A's: it is refused before the body counts) */
const sessionUser = ({ w, actor }: CaseContext) => (actor.user ?? w.actors.ownBureau.user!).id;

export const EXPECTATIONS: Record<string, RouteExpectation> = {
  // ---------------------------------------------------------------- auth and health (public)
  'POST /auth/login': {
    expect: everyone(OK),
    request: async ({ w }) => {
      const user = await w.user('leader'); // one user per case: the login limit counts per (IP, username)
      return { body: { username: user.username, password: user.password } };
    },
  },
  'POST /auth/refresh': {
    expect: everyone(OK),
    request: async ({ w }) => ({ body: { refreshToken: (await w.session((await w.user('leader')).id)).refreshToken } }),
  },
  'POST /auth/logout': {
    // @AllowReadOnlyRoles: it ends only the caller's own session, so the leader may call it
    expect: authenticated({ ownBureau: NO_CONTENT, otherBureau: NO_CONTENT, office: NO_CONTENT, leader: NO_CONTENT }),
    request: async (c) => ({ body: { refreshToken: (await c.w.session(sessionUser(c))).refreshToken } }),
  },
  'GET /auth/me': {
    expect: authenticated({ ownBureau: OK, otherBureau: OK, office: OK, leader: OK }),
    request: () => ({}),
  },
  'GET /health/live': { expect: everyone(OK), request: () => ({}) },
  'GET /health/ready': { expect: everyone(OK), request: () => ({}) },

  // ---------------------------------------------------------------- users and units (office administers)
  'GET /users': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: OK, leader: ROLE }),
    request: () => ({ query: { pageSize: 100 } }),
  },
  'GET /users/:id': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: OK, leader: ROLE }),
    request: ({ w }) => ({ params: { id: w.actors.ownBureau.user!.id } }),
  },
  'POST /users': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: CREATED, leader: READ_ONLY }),
    request: ({ w }) => ({
      body: { username: uniqueName('matrix-u'), displayName: '矩阵新用户', password: 'Matrix#Passw0rd', role: 'bureau', unitId: w.unitA },
    }),
  },
  'PATCH /users/:id': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: OK, leader: READ_ONLY }),
    request: async ({ w }) => ({ params: { id: (await w.user('bureau', w.unitA)).id }, body: { displayName: '改名后的用户' } }),
  },
  'GET /units': {
    expect: authenticated({ ownBureau: OK, otherBureau: OK, office: OK, leader: OK }),
    request: () => ({}),
  },
  'GET /units/:id': {
    expect: authenticated({ ownBureau: OK, otherBureau: OK, office: OK, leader: OK }),
    request: ({ w }) => ({ params: { id: w.unitA } }),
  },
  'POST /units': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: CREATED, leader: READ_ONLY }),
    request: () => ({ body: { name: uniqueName('矩阵新单位'), kind: 'bureau' } }),
  },
  'PATCH /units/:id': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: OK, leader: READ_ONLY }),
    request: async ({ w }) => ({ params: { id: await w.unit() }, body: { name: uniqueName('矩阵改名单位') } }),
  },
  'POST /units/:id/aliases': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: CREATED, leader: READ_ONLY }),
    request: async ({ w }) => ({ params: { id: await w.unit() }, body: { alias: uniqueName('矩阵别名') } }),
  },
  'POST /units/:id/sections': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: CREATED, leader: READ_ONLY }),
    request: async ({ w }) => ({ params: { id: await w.unit() }, body: { name: uniqueName('矩阵科') } }),
  },

  // ---------------------------------------------------------------- documents (office imports and publishes; leaders read)
  'POST /documents/imports': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: CREATED, leader: READ_ONLY }),
    request: () => {
      const tag = uniqueName('preview-');
      return { file: { field: 'file', content: Buffer.from(importText(tag), 'utf8'), name: `${tag}.txt` } };
    },
  },
  'POST /documents/imports/:previewId/commit': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: OK, leader: READ_ONLY }),
    request: async ({ w }) => ({ params: { previewId: await w.stagedImport() }, body: {} }),
  },
  'GET /documents': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: OK, leader: OK }),
    request: () => ({}),
  },
  'GET /documents/:id': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: OK, leader: OK }),
    request: ({ w }) => ({ params: { id: w.shared.taskA.documentId } }),
  },
  'GET /documents/:id/measures': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: OK, leader: OK }),
    request: ({ w }) => ({ params: { id: w.shared.taskA.documentId } }),
  },
  'POST /documents/:id/publish': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: OK, leader: READ_ONLY }),
    request: async ({ w }) => ({ params: { id: await w.draftDocument() } }),
  },

  // ---------------------------------------------------------------- tasks
  'GET /tasks': {
    expect: authenticated({ ownBureau: OK, otherBureau: OK, office: OK, leader: OK }),
    request: () => ({ query: { pageSize: 100 } }),
  },
  'GET /tasks/mine': {
    expect: authenticated({ ownBureau: OK, otherBureau: OK, office: ROLE, leader: ROLE }),
    request: () => ({ query: { pageSize: 100 } }),
  },
  'GET /tasks/:id': {
    expect: authenticated({ ownBureau: OK, otherBureau: NOT_OURS, office: OK, leader: OK }),
    request: ({ w }) => ({ params: { id: w.shared.taskA.taskId } }),
  },
  'GET /tasks/:id/history': {
    expect: authenticated({ ownBureau: OK, otherBureau: NOT_OURS, office: OK, leader: OK }),
    request: ({ w }) => ({ params: { id: w.shared.taskA.taskId } }),
  },
  'POST /tasks/:id/transitions': {
    expect: authenticated({ ownBureau: OK, otherBureau: NOT_OURS, office: OK, leader: READ_ONLY }),
    request: async ({ w, actor }) => ({ params: { id: (await w.task(w.unitA)).taskId }, body: transitionFor(actor) }),
  },
  'PUT /tasks/:id/units': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: OK, leader: READ_ONLY }),
    request: async ({ w }) => ({
      params: { id: (await w.task(w.unitA)).taskId },
      body: {
        version: 1,
        units: [
          { unitId: w.unitA, role: 'lead' },
          { unitId: w.unitC, role: 'co' },
        ],
      },
    }),
  },
  'PATCH /tasks/:id': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: OK, leader: READ_ONLY }),
    request: async ({ w }) => ({ params: { id: (await w.task(w.unitA)).taskId }, body: { version: 1, title: '更正后的任务标题' } }),
  },
  'GET /measures/:id': {
    // a bureau sees a measure only through its own published task on it; another unit's is answered as not existing
    expect: authenticated({ ownBureau: OK, otherBureau: { status: 404, code: 'MEASURE_NOT_FOUND' }, office: OK, leader: OK }),
    request: ({ w }) => ({ params: { id: w.shared.taskA.measureId } }),
  },
  'PUT /measures/:id/reporting': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: OK, leader: READ_ONLY }),
    request: async ({ w }) => ({ params: { id: (await w.task(w.unitA)).measureId }, body: { reportCadence: 'weekly' } }),
  },
  'POST /tasks/:id/sign': {
    expect: authenticated({ ownBureau: OK, otherBureau: NOT_OURS, office: ROLE, leader: READ_ONLY }),
    request: async ({ w }) => ({ params: { id: (await w.task(w.unitA)).taskId } }),
  },

  // ---------------------------------------------------------------- extensions (延期)
  'POST /tasks/:id/extensions': {
    expect: authenticated({ ownBureau: CREATED, otherBureau: NOT_OURS, office: ROLE, leader: READ_ONLY }),
    request: async ({ w }) => ({ params: { id: (await w.task(w.unitA)).taskId }, body: { reason: '项目审批周期较长', proposedDate: '2031-06-30' } }),
  },
  'GET /tasks/:id/extensions': {
    expect: authenticated({ ownBureau: OK, otherBureau: NOT_OURS, office: OK, leader: OK }),
    request: ({ w }) => ({ params: { id: w.shared.taskA.taskId } }),
  },
  'GET /extensions': {
    expect: authenticated({ ownBureau: OK, otherBureau: OK, office: OK, leader: OK }),
    request: () => ({ query: { pageSize: 100 } }),
  },
  'POST /extensions/:id/approve': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: OK, leader: READ_ONLY }),
    request: async ({ w }) => ({ params: { id: await w.extension((await w.task(w.unitA)).taskId) }, body: { comment: '同意' } }),
  },
  'POST /extensions/:id/reject': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: OK, leader: READ_ONLY }),
    request: async ({ w }) => ({ params: { id: await w.extension((await w.task(w.unitA)).taskId) }, body: { comment: '理由不充分' } }),
  },

  // ---------------------------------------------------------------- supervision (督办)
  'POST /tasks/:id/notices': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: CREATED, leader: READ_ONLY }),
    request: async ({ w }) => ({ params: { id: (await w.task(w.unitA)).taskId }, body: { level: 'yellow', text: '进度滞后，请加快推进' } }),
  },
  'GET /notices': {
    expect: authenticated({ ownBureau: OK, otherBureau: OK, office: OK, leader: OK }),
    request: () => ({ query: { pageSize: 100 } }),
  },
  'GET /notices/:id': {
    expect: authenticated({ ownBureau: OK, otherBureau: NOT_OURS, office: OK, leader: OK }),
    request: ({ w }) => ({ params: { id: w.shared.noticeA } }),
  },
  'POST /notices/:id/reply': {
    expect: authenticated({ ownBureau: OK, otherBureau: NOT_OURS, office: ROLE, leader: READ_ONLY }),
    request: async ({ w }) => ({ params: { id: await w.notice((await w.task(w.unitA)).taskId) }, body: { text: '已召开专题会议推进' } }),
  },
  'POST /notices/:id/close': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: OK, leader: READ_ONLY }),
    request: async ({ w }) => ({ params: { id: await w.notice((await w.task(w.unitA)).taskId) }, body: { comment: '已整改到位' } }),
  },

  // ---------------------------------------------------------------- dashboard (every role; a bureau counts its own unit's tasks)
  // ---------------------------------------------------------------- work calendar (节假日安排)
  'GET /calendar/:year': {
    expect: authenticated({ ownBureau: OK, otherBureau: OK, office: OK, leader: OK }),
    request: () => ({ params: { year: '2022' } }),
  },
  'PUT /calendar/:year': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: OK, leader: READ_ONLY }),
    // a year of its own, so the office's case does not move the deadlines other cases count with
    request: () => ({ params: { year: '2099' }, body: { days: [{ day: '2099-01-01', kind: 'holiday', name: '元旦' }] } }),
  },
  'GET /dashboard': {
    expect: authenticated({ ownBureau: OK, otherBureau: OK, office: OK, leader: OK }),
    request: () => ({}),
  },

  // ---------------------------------------------------------------- rollups (月调度汇总) and ledgers (台账): everyone reads; a bureau its own unit's rows
  'GET /rollups/periods': {
    expect: authenticated({ ownBureau: OK, otherBureau: OK, office: OK, leader: OK }),
    request: async ({ w }) => (await w.rollups(), { query: { cadence: 'monthly' } }),
  },
  'GET /rollups/compare': {
    expect: authenticated({ ownBureau: OK, otherBureau: OK, office: OK, leader: OK }),
    request: async ({ w }) => ({ query: { cadence: 'monthly', ...(await w.rollups()) } }),
  },
  'GET /rollups/:cadence/:period': {
    expect: authenticated({ ownBureau: OK, otherBureau: OK, office: OK, leader: OK }),
    request: async ({ w }) => ({ params: { cadence: 'monthly', period: (await w.rollups()).to } }),
  },
  'GET /rollups/:cadence/:period/measures': {
    expect: authenticated({ ownBureau: OK, otherBureau: OK, office: OK, leader: OK }),
    request: async ({ w }) => ({ params: { cadence: 'monthly', period: (await w.rollups()).to }, query: { pageSize: 100 } }),
  },
  'GET /rollups/:cadence/:period/tasks': {
    expect: authenticated({ ownBureau: OK, otherBureau: OK, office: OK, leader: OK }),
    request: async ({ w }) => ({ params: { cadence: 'monthly', period: (await w.rollups()).to }, query: { pageSize: 100 } }),
  },
  'POST /ledgers': {
    // @AllowReadOnlyRoles: a ledger is a read of the caller's own scope
    expect: authenticated({ ownBureau: status(202), otherBureau: status(202), office: status(202), leader: status(202) }),
    request: () => ({ body: { overdue: true } }),
  },
  'GET /ledgers': {
    // a bureau's list holds its own unit's requests only (test/rollups e2e checks the rows)
    expect: authenticated({ ownBureau: OK, otherBureau: OK, office: OK, leader: OK }),
    request: () => ({ query: { page: 1, pageSize: 20 } }),
  },
  'GET /ledgers/:id': {
    expect: authenticated({ ownBureau: OK, otherBureau: { status: 403, code: 'LEDGER_FORBIDDEN' }, office: OK, leader: OK }),
    request: async ({ w }) => ({ params: { id: await w.ledger(w.unitA) } }),
  },
  'GET /ledgers/:id/file': {
    expect: authenticated({ ownBureau: OK, otherBureau: { status: 403, code: 'LEDGER_FORBIDDEN' }, office: OK, leader: OK }),
    request: async ({ w }) => ({ params: { id: await w.ledger(w.unitA) } }),
  },

  // ---------------------------------------------------------------- in-app notifications (everyone's own inbox)
  'GET /notifications': {
    expect: authenticated({ ownBureau: OK, otherBureau: OK, office: OK, leader: OK }),
    request: () => ({ query: { pageSize: 100 } }),
  },
  'POST /notifications/read-all': {
    // @AllowReadOnlyRoles: it changes only the caller's own inbox, so the leader may call it
    expect: authenticated({ ownBureau: OK, otherBureau: OK, office: OK, leader: OK }),
    request: () => ({}),
  },
  'POST /notifications/:id/read': {
    // bureaus get a fresh unread notification to unit A; office and leader, whose inbox holds only
    // what is addressed to them personally, one to themselves (@AllowReadOnlyRoles: the leader may)
    expect: authenticated({ ownBureau: OK, otherBureau: NOT_MY_NOTIFICATION, office: OK, leader: OK }),
    request: async ({ w, actor }) => {
      const personal = actor.user && (actor.user.role === 'office' || actor.user.role === 'leader');
      return { params: { id: await w.notification(personal ? { userId: actor.user!.id } : { unitId: w.unitA }) } };
    },
  },

  // ---------------------------------------------------------------- delivery settings and oversight (office; one's own channels: everyone)
  'GET /units/:unitId/channels': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: OK, leader: ROLE }),
    request: ({ w }) => ({ params: { unitId: w.unitA } }),
  },
  'PUT /units/:unitId/channels/:channel': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: OK, leader: READ_ONLY }),
    request: ({ w }) => ({ params: { unitId: w.unitA, channel: 'wecom' }, body: { address: 'matrix-robot-key-2' } }),
  },
  'DELETE /units/:unitId/channels/:channel': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: NO_CONTENT, leader: READ_ONLY }),
    request: async ({ w }) => {
      await w.unitChannel(w.unitB);
      return { params: { unitId: w.unitB, channel: 'wecom' } };
    },
  },
  'GET /me/notification-preferences': {
    expect: authenticated({ ownBureau: OK, otherBureau: OK, office: OK, leader: OK }),
    request: () => ({}),
  },
  'PUT /me/notification-preferences': {
    // @AllowReadOnlyRoles: it changes only the caller's own settings
    expect: authenticated({ ownBureau: OK, otherBureau: OK, office: OK, leader: OK }),
    request: () => ({ body: { email: false } }),
  },
  'GET /notifications/deliveries': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: OK, leader: ROLE }),
    request: () => ({ query: { status: 'failed' } }),
  },
  'GET /admin/queues': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: OK, leader: ROLE }),
    request: () => ({}),
  },

  // ---------------------------------------------------------------- progress reports
  'GET /tasks/:taskId/reports': {
    expect: authenticated({ ownBureau: OK, otherBureau: NOT_OURS, office: OK, leader: OK }),
    request: ({ w }) => ({ params: { taskId: w.shared.taskA.taskId } }),
  },
  'GET /tasks/:taskId/reports/draft': {
    expect: authenticated({ ownBureau: OK, otherBureau: NOT_OURS, office: ROLE, leader: ROLE }),
    request: ({ w }) => ({ params: { taskId: w.shared.taskA.taskId } }),
  },
  'PUT /tasks/:taskId/reports/:period': {
    expect: authenticated({ ownBureau: OK, otherBureau: NOT_OURS, office: ROLE, leader: READ_ONLY }),
    request: async ({ w }) => ({
      params: { taskId: (await w.task(w.unitA)).taskId, period: currentPeriod() },
      body: { text: '本期完成项目前期手续', percent: 30 },
    }),
  },
  'POST /tasks/:taskId/reports/:period/submit': {
    expect: authenticated({ ownBureau: OK, otherBureau: NOT_OURS, office: ROLE, leader: READ_ONLY }),
    request: async ({ w }) => ({
      params: { taskId: (await w.task(w.unitA)).taskId, period: currentPeriod() },
      body: { text: '本期完成项目前期手续', percent: 30 },
    }),
  },
  'GET /reports': {
    expect: authenticated({ ownBureau: OK, otherBureau: OK, office: OK, leader: OK }),
    request: () => ({ query: { pageSize: 100 } }),
  },
  'POST /reports/batch': {
    expect: authenticated({ ownBureau: OK, otherBureau: NOT_OURS, office: ROLE, leader: READ_ONLY }),
    request: async ({ w }) => {
      const first = await w.task(w.unitA);
      const second = await w.task(w.unitA, { documentId: first.documentId, measureId: first.measureId });
      return { body: { text: '两项任务本期共同推进', percent: 50, period: currentPeriod(), items: [{ taskId: first.taskId }, { taskId: second.taskId }] } };
    },
  },
  'GET /reports/:id': {
    expect: authenticated({ ownBureau: OK, otherBureau: NOT_OURS, office: OK, leader: OK }),
    request: ({ w }) => ({ params: { id: w.shared.reportA } }),
  },
  'POST /reports/:id/accept': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: OK, leader: READ_ONLY }),
    request: async ({ w }) => ({ params: { id: await w.report((await w.task(w.unitA)).taskId, w.unitA, 'submitted') }, body: { version: 1 } }),
  },
  'POST /reports/:id/return': {
    expect: authenticated({ ownBureau: ROLE, otherBureau: ROLE, office: OK, leader: READ_ONLY }),
    request: async ({ w }) => ({
      params: { id: await w.report((await w.task(w.unitA)).taskId, w.unitA, 'submitted') },
      body: { version: 1, comment: '请补充佐证材料' },
    }),
  },

  // ---------------------------------------------------------------- attachments
  'POST /reports/:id/attachments': {
    expect: authenticated({ ownBureau: CREATED, otherBureau: NOT_OURS, office: CREATED, leader: READ_ONLY }),
    request: async ({ w }) => ({
      params: { id: await w.report((await w.task(w.unitA)).taskId, w.unitA) },
      file: { field: 'file', content: PDF, name: '佐证材料.pdf' },
    }),
  },
  'GET /attachments/limits': {
    expect: authenticated({ ownBureau: OK, otherBureau: OK, office: OK, leader: OK }),
    request: () => ({}),
  },
  'GET /attachments/:id': {
    expect: authenticated({ ownBureau: OK, otherBureau: NOT_OURS, office: OK, leader: OK }),
    request: ({ w }) => ({ params: { id: w.shared.attachmentA } }),
  },
  'DELETE /attachments/:id': {
    expect: authenticated({ ownBureau: NO_CONTENT, otherBureau: NOT_OURS, office: NO_CONTENT, leader: READ_ONLY }),
    request: async ({ w }) => ({ params: { id: await w.attachment(await w.report((await w.task(w.unitA)).taskId, w.unitA)) } }),
  },
};
