import { randomUUID } from 'node:crypto';
import { clientAs, createTestApp, TestApp } from './support/test-app';
import { createUnit, createUser, loginAs, TestUser } from './support/factories';
import { createTask } from './support/task-factories';

/** the documented fields of an inbox item, and only those */
const ITEM_KEYS = ['body', 'createdAt', 'id', 'kind', 'payload', 'readAt', 'title'];

interface Item {
  id: string;
  kind: string;
  title: string;
  body: string;
  payload: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

describe('in-app notification inbox (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const as = (token: string) => clientAs(t, token);
  const ids = (items: Item[]) => items.map((item) => item.id);

  /** An outbox row inserted directly (pending, unread unless `readAt`), to a unit or to one user. */
  async function notify(
    recipient: { unitId: string } | { userId: string },
    options: { createdAt?: string; readAt?: string; status?: string; title?: string; payload?: Record<string, unknown> } = {},
  ): Promise<string> {
    const id = randomUUID();
    await t.db.query(
      `INSERT INTO notification (id, recipient_unit_id, recipient_user_id, kind, title, body, payload, status, dedupe_key, created_at, read_at)
       VALUES ($1, $2, $3, 'notice.issued', $4, '请于期限前反馈督办意见。', $5, $6, $7, coalesce($8::timestamptz, now()), $9)`,
      [
        id,
        'unitId' in recipient ? recipient.unitId : null,
        'userId' in recipient ? recipient.userId : null,
        options.title ?? '黄色督办：测试任务',
        JSON.stringify(options.payload ?? {}),
        options.status ?? 'pending',
        `test:${id}`,
        options.createdAt ?? null,
        options.readAt ?? null,
      ],
    );
    return id;
  }

  async function readAtOf(id: string): Promise<Date | null> {
    const [row]: { read_at: Date | null }[] = await t.db.query(`SELECT read_at FROM notification WHERE id = $1`, [id]);
    return row.read_at;
  }

  /** a fresh unit with one bureau user and their token */
  async function bureau(name?: string): Promise<{ unitId: string; user: TestUser; token: string }> {
    const unitId = (await createUnit(t.db, name ? { name } : {})).id;
    const user = await createUser(t.db, 'bureau', unitId);
    return { unitId, user, token: await loginAs(t, user) };
  }

  async function person(role: 'office' | 'leader'): Promise<{ user: TestUser; token: string }> {
    const user = await createUser(t.db, role);
    return { user, token: await loginAs(t, user) };
  }

  it('publishing (交办) puts task.assigned into each assigned unit’s inbox, and only there', async () => {
    const a = await bureau('区发展改革局');
    const b = await bureau('区财政局');
    const c = await bureau('区商务局');
    const office = await person('office');
    const leader = await person('leader');
    const first = await createTask(t.db, { leadUnitId: a.unitId, published: false });
    const second = await createTask(t.db, {
      leadUnitId: a.unitId,
      coUnitIds: [b.unitId],
      published: false,
      documentId: first.documentId,
      measureId: first.measureId,
    });
    const [doc]: { title: string }[] = await t.db.query(`SELECT title FROM policy_document WHERE id = $1`, [first.documentId]);

    await as(office.token).post(`/documents/${first.documentId}/publish`).expect(200);

    const inboxA = await as(a.token).get('/notifications').expect(200);
    expect(inboxA.body).toMatchObject({ total: 1, unread: 1, page: 1, pageSize: 20 });
    const [item] = inboxA.body.items as Item[];
    expect(Object.keys(item).sort()).toEqual(ITEM_KEYS);
    expect(item).toEqual({
      id: expect.any(String),
      kind: 'task.assigned',
      title: `新交办任务：${doc.title}`,
      body: `《${doc.title}》已交办，贵单位承担 2 项任务（牵头 2 项），请及时签收。`,
      payload: { documentId: first.documentId, unitId: a.unitId, taskCount: 2, leadCount: 2, coCount: 0, taskIds: [first.taskId, second.taskId].sort() },
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      readAt: null,
    });

    const inboxB = await as(b.token).get('/notifications').expect(200);
    expect(inboxB.body.items).toEqual([
      expect.objectContaining({
        kind: 'task.assigned',
        body: expect.stringContaining('（配合 1 项）'),
        payload: expect.objectContaining({ unitId: b.unitId, taskCount: 1, coCount: 1, taskIds: [second.taskId] }),
      }),
    ]);
    expect(inboxB.body.items[0].id).not.toBe(item.id);

    // a unit not on the document, the office and the leader get none of it
    for (const token of [c.token, office.token, leader.token]) {
      expect((await as(token).get('/notifications').expect(200)).body).toMatchObject({ items: [], total: 0, unread: 0 });
    }
  });

  it('a bureau user sees its unit’s rows and its own personal rows, never another unit’s or a colleague’s personal rows', async () => {
    const a = await bureau();
    const b = await bureau();
    const colleague = await createUser(t.db, 'bureau', a.unitId);
    const toUnitA = await notify({ unitId: a.unitId }, { createdAt: '2030-01-01T08:00:00Z' });
    const toUserA = await notify({ userId: a.user.id }, { createdAt: '2030-01-02T08:00:00Z' });
    const toColleague = await notify({ userId: colleague.id }, { createdAt: '2030-01-03T08:00:00Z' });
    const toUnitB = await notify({ unitId: b.unitId }, { createdAt: '2030-01-04T08:00:00Z' });
    // whatever its delivery status: the inbox is the outbox row itself
    const delivered = await notify({ unitId: a.unitId }, { createdAt: '2030-01-05T08:00:00Z', status: 'delivered' });

    const seenByA = await as(a.token).get('/notifications').expect(200);
    expect(ids(seenByA.body.items)).toEqual([delivered, toUserA, toUnitA]);
    expect(seenByA.body).toMatchObject({ total: 3, unread: 3 });
    expect(seenByA.text).not.toContain(toUnitB);
    expect(seenByA.text).not.toContain(toColleague);

    const seenByB = await as(b.token).get('/notifications').expect(200);
    expect(ids(seenByB.body.items)).toEqual([toUnitB]);

    const seenByColleague = await as(await loginAs(t, colleague))
      .get('/notifications')
      .expect(200);
    expect(ids(seenByColleague.body.items)).toEqual([delivered, toColleague, toUnitA]);
  });

  it('office and leader users see only rows addressed to them personally', async () => {
    const a = await bureau();
    const office = await person('office');
    const otherOffice = await person('office');
    const leader = await person('leader');
    await notify({ unitId: a.unitId });
    const toOffice = await notify({ userId: office.user.id });
    const toOtherOffice = await notify({ userId: otherOffice.user.id });
    const toLeader = await notify({ userId: leader.user.id });

    expect(ids((await as(office.token).get('/notifications').expect(200)).body.items)).toEqual([toOffice]);
    expect(ids((await as(otherOffice.token).get('/notifications').expect(200)).body.items)).toEqual([toOtherOffice]);
    const leaderInbox = await as(leader.token).get('/notifications').expect(200);
    expect(leaderInbox.body).toMatchObject({ total: 1, unread: 1 });
    expect(ids(leaderInbox.body.items)).toEqual([toLeader]);
  });

  it('counts unread over the whole inbox and filters by unread=true|false', async () => {
    const a = await bureau();
    const read1 = await notify({ unitId: a.unitId }, { createdAt: '2030-02-01T00:00:00Z', readAt: '2030-02-02T00:00:00Z' });
    const unread1 = await notify({ unitId: a.unitId }, { createdAt: '2030-02-03T00:00:00Z' });
    const unread2 = await notify({ userId: a.user.id }, { createdAt: '2030-02-04T00:00:00Z' });

    const all = await as(a.token).get('/notifications').expect(200);
    expect(all.body).toMatchObject({ total: 3, unread: 2 });
    expect(ids(all.body.items)).toEqual([unread2, unread1, read1]);
    expect(all.body.items[2].readAt).toBe('2030-02-02T00:00:00.000Z');

    const onlyUnread = await as(a.token).get('/notifications?unread=true').expect(200);
    expect(onlyUnread.body).toMatchObject({ total: 2, unread: 2 });
    expect(ids(onlyUnread.body.items)).toEqual([unread2, unread1]);

    const onlyRead = await as(a.token).get('/notifications?unread=false').expect(200);
    expect(onlyRead.body).toMatchObject({ total: 1, unread: 2 }); // unread stays the inbox's count
    expect(ids(onlyRead.body.items)).toEqual([read1]);

    const bad = await as(a.token).get('/notifications?unread=maybe').expect(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'unread', code: 'IS_BOOLEAN' })]);
    const unknown = await as(a.token)
      .get('/notifications?unitId=' + randomUUID())
      .expect(400);
    expect(unknown.body.fields).toEqual([expect.objectContaining({ field: 'unitId', code: 'FIELD_NOT_ALLOWED' })]);
  });

  it('paginates newest first (created_at, then id) with the total; pageSize above 100 is refused', async () => {
    const a = await bureau();
    const created: string[] = [];
    for (let i = 0; i < 23; i++) {
      // the last three share one instant: ties are broken by id, descending
      const at = new Date(Date.UTC(2030, 2, 1, 0, Math.min(i, 20))).toISOString();
      created.push(await notify({ unitId: a.unitId }, { createdAt: at }));
    }
    const expected = [...created.slice(20).sort().reverse(), ...created.slice(0, 20).reverse()];

    const pages: Item[][] = [];
    for (const page of [1, 2, 3]) {
      const res = await as(a.token).get(`/notifications?page=${page}&pageSize=10`).expect(200);
      expect(res.body).toMatchObject({ total: 23, unread: 23, page, pageSize: 10 });
      pages.push(res.body.items);
    }
    expect(pages.map((p) => p.length)).toEqual([10, 10, 3]);
    expect(pages.flat().map((item) => item.id)).toEqual(expected);

    const beyond = await as(a.token).get('/notifications?page=4&pageSize=10').expect(200);
    expect(beyond.body).toMatchObject({ items: [], total: 23, unread: 23, page: 4 });

    const tooBig = await as(a.token).get('/notifications?pageSize=101').expect(400);
    expect(tooBig.body.fields).toEqual([expect.objectContaining({ field: 'pageSize', code: 'MAX' })]);
  });

  it('marks one notification read, idempotently (read_at stays the first time), without an audit entry', async () => {
    const a = await bureau();
    const colleague = await loginAs(t, await createUser(t.db, 'bureau', a.unitId));
    const first = await notify({ unitId: a.unitId }, { payload: { taskId: randomUUID() } });
    const second = await notify({ unitId: a.unitId });
    const [{ n: auditBefore }]: { n: number }[] = await t.db.query(`SELECT count(*)::int AS n FROM audit_log`);

    const marked = await as(a.token).post(`/notifications/${first}/read`).expect(200);
    expect(Object.keys(marked.body).sort()).toEqual(ITEM_KEYS);
    expect(marked.body).toMatchObject({ id: first, readAt: expect.any(String) });
    const stored = await readAtOf(first);
    expect(stored).not.toBeNull();
    expect(marked.body.readAt).toBe(stored!.toISOString());
    expect(await readAtOf(second)).toBeNull();

    await new Promise((resolve) => setTimeout(resolve, 20));
    // again, and by a colleague (a unit's row is read for the whole unit): read_at unchanged
    for (const token of [a.token, colleague]) {
      const again = await as(token).post(`/notifications/${first}/read`).expect(200);
      expect(again.body.readAt).toBe(marked.body.readAt);
    }
    expect((await readAtOf(first))!.toISOString()).toBe(stored!.toISOString());

    const inbox = await as(a.token).get('/notifications').expect(200);
    expect(inbox.body).toMatchObject({ total: 2, unread: 1 });
    expect(ids((await as(a.token).get('/notifications?unread=true').expect(200)).body.items)).toEqual([second]);

    const [{ n: auditAfter }]: { n: number }[] = await t.db.query(`SELECT count(*)::int AS n FROM audit_log`);
    expect(auditAfter).toBe(auditBefore);
  });

  it('a notification not addressed to the caller is 404 NOTIFICATION_NOT_FOUND and stays unread', async () => {
    const a = await bureau();
    const b = await bureau();
    const office = await person('office');
    const leader = await person('leader');
    const colleagueOfA = await createUser(t.db, 'bureau', a.unitId);
    const toUnitA = await notify({ unitId: a.unitId });
    const toColleague = await notify({ userId: colleagueOfA.id });
    const toOffice = await notify({ userId: office.user.id });

    const attempts: [string, string][] = [
      [b.token, toUnitA], // another unit's
      [office.token, toUnitA], // office: not a unit's inbox
      [leader.token, toUnitA],
      [a.token, toColleague], // a colleague's personal row
      [a.token, toOffice], // an office user's personal row
      [b.token, randomUUID()], // one that does not exist: the same answer
    ];
    for (const [token, id] of attempts) {
      const res = await as(token).post(`/notifications/${id}/read`).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'NOTIFICATION_NOT_FOUND', message: '未找到该通知' });
    }
    for (const id of [toUnitA, toColleague, toOffice]) expect(await readAtOf(id)).toBeNull();

    // a malformed id is refused before any lookup (ParseUUIDPipe, as on every :id route)
    const badId = await as(a.token).post('/notifications/not-a-uuid/read').expect(400);
    expect(badId.body).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST' });
  });

  it('read-all marks every unread row of the caller’s inbox read and nothing else', async () => {
    const a = await bureau();
    const b = await bureau();
    const colleague = await createUser(t.db, 'bureau', a.unitId);
    const office = await person('office');
    const alreadyRead = await notify({ unitId: a.unitId }, { readAt: '2030-04-01T00:00:00Z' });
    const mine = [await notify({ unitId: a.unitId }), await notify({ unitId: a.unitId }), await notify({ userId: a.user.id })];
    const others = [await notify({ unitId: b.unitId }), await notify({ userId: colleague.id }), await notify({ userId: office.user.id })];

    const res = await as(a.token).post('/notifications/read-all').expect(200);
    expect(res.body).toEqual({ updated: 3 });
    for (const id of mine) expect(await readAtOf(id)).not.toBeNull();
    for (const id of others) expect(await readAtOf(id)).toBeNull();
    expect((await readAtOf(alreadyRead))!.toISOString()).toBe('2030-04-01T00:00:00.000Z');
    expect((await as(a.token).get('/notifications').expect(200)).body).toMatchObject({ total: 4, unread: 0 });
    expect((await as(b.token).get('/notifications').expect(200)).body).toMatchObject({ total: 1, unread: 1 });

    expect((await as(a.token).post('/notifications/read-all').expect(200)).body).toEqual({ updated: 0 });
  });

  it('a leader (read-only everywhere else) marks its own notifications read', async () => {
    const leader = await person('leader');
    const one = await notify({ userId: leader.user.id });
    const two = await notify({ userId: leader.user.id });
    const three = await notify({ userId: leader.user.id });

    const marked = await as(leader.token).post(`/notifications/${one}/read`).expect(200);
    expect(marked.body).toMatchObject({ id: one, readAt: expect.any(String) });
    expect(await readAtOf(one)).not.toBeNull();
    expect((await as(leader.token).get('/notifications').expect(200)).body).toMatchObject({ total: 3, unread: 2 });

    expect((await as(leader.token).post('/notifications/read-all').expect(200)).body).toEqual({ updated: 2 });
    for (const id of [two, three]) expect(await readAtOf(id)).not.toBeNull();

    // the exemption is this route's only: other writes stay refused
    const refused = await as(leader.token).post('/units', { name: '领导新建单位', kind: 'bureau' }).expect(403);
    expect(refused.body.code).toBe('READ_ONLY_ROLE');
  });

  it('a bureau user without a unit is refused (fail closed), even for rows addressed to them personally', async () => {
    const user = await createUser(t.db, 'bureau', null);
    const token = await loginAs(t, user);
    const personal = await notify({ userId: user.id });
    for (const res of [
      await as(token).get('/notifications'),
      await as(token).post(`/notifications/${personal}/read`),
      await as(token).post('/notifications/read-all'),
    ]) {
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'NO_UNIT' });
    }
    expect(await readAtOf(personal)).toBeNull();
  });

  it('requires authentication', async () => {
    const res = await t.http.get('/notifications').expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    await t.http.post('/notifications/read-all').expect(401);
  });
});
