import { addDays, shanghaiDate } from '@luoshi/domain/calendar';
import { clientAs, createTestApp, TestApp } from './support/test-app';
import { createUnit, tokensFor } from './support/factories';
import { createTask } from './support/task-factories';

const today = () => shanghaiDate(new Date());

describe('extensions (延期申请) (e2e)', () => {
  let t: TestApp;
  let unitA: string;
  let unitB: string;
  let tokens: { office: string; a: string; b: string; leader: string };

  beforeAll(async () => {
    t = await createTestApp();
    unitA = (await createUnit(t.db, { name: '区发展改革局' })).id;
    unitB = (await createUnit(t.db, { name: '区财政局' })).id;
    tokens = await tokensFor(t, { a: unitA, b: unitB });
  });
  afterAll(() => t.close());

  const as = (token: string) => clientAs(t, token);
  const decisionNotices = (extensionId: string) =>
    t.db.query(`SELECT recipient_unit_id, title, body FROM notification WHERE kind = 'extension.decided' AND payload->>'extensionId' = $1`, [extensionId]);

  it('files a request before the deadline, allows one pending at a time, and approval moves the deadline keeping history', async () => {
    const due = addDays(today(), 10);
    const proposed = addDays(today(), 60);
    const { taskId } = await createTask(t.db, { leadUnitId: unitA, coUnitIds: [unitB], dueDate: due, state: 'in_progress' });

    // only the lead unit asks; the office and leaders cannot file one
    expect((await as(tokens.b).post(`/tasks/${taskId}/extensions`, { reason: '配合单位', proposedDate: proposed }).expect(403)).body.code).toBe(
      'LEAD_UNIT_ONLY',
    );
    await as(tokens.office).post(`/tasks/${taskId}/extensions`, { reason: '统筹办', proposedDate: proposed }).expect(403);
    await as(tokens.a).post(`/tasks/${taskId}/extensions`, { reason: '  ', proposedDate: proposed }).expect(400);
    const notLater = await as(tokens.a)
      .post(`/tasks/${taskId}/extensions`, { reason: '资金未到位', proposedDate: addDays(due, -1) })
      .expect(422);
    expect(notLater.body.code).toBe('EXTENSION_NOT_LATER');

    const created = await as(tokens.a).post(`/tasks/${taskId}/extensions`, { reason: '资金未到位', proposedDate: proposed }).expect(201);
    expect(created.body).toMatchObject({
      taskId,
      unitId: unitA,
      unitName: '区发展改革局',
      reason: '资金未到位',
      currentDueDate: due,
      proposedDate: proposed,
      status: 'pending',
    });
    const second = await as(tokens.a)
      .post(`/tasks/${taskId}/extensions`, { reason: '再申请', proposedDate: addDays(proposed, 1) })
      .expect(409);
    expect(second.body.code).toBe('EXTENSION_PENDING');

    expect((await as(tokens.a).get(`/tasks/${taskId}`).expect(200)).body.pendingExtensionId).toBe(created.body.id);
    const queue = await as(tokens.office).get('/extensions?status=pending').expect(200);
    expect(queue.body.items.map((e: { id: string }) => e.id)).toContain(created.body.id);

    // only the office decides
    await as(tokens.a).post(`/extensions/${created.body.id}/approve`, {}).expect(403);
    await as(tokens.leader).post(`/extensions/${created.body.id}/approve`, {}).expect(403);
    const [{ version: before }] = await t.db.query(`SELECT version FROM task WHERE id = $1`, [taskId]);
    const approved = await as(tokens.office).post(`/extensions/${created.body.id}/approve`, { comment: '同意' }).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', decisionComment: '同意', decidedAt: expect.any(String) });
    await as(tokens.office).post(`/extensions/${created.body.id}/reject`, { comment: '晚了' }).expect(409);
    // the unit that asked is told, once (the refused second decision adds nothing)
    expect(await decisionNotices(created.body.id)).toEqual([
      { recipient_unit_id: unitA, title: expect.stringMatching(/^延期申请已同意：/), body: expect.stringContaining(`完成时限调整为 ${proposed}。意见：同意`) },
    ]);

    const detail = await as(tokens.a).get(`/tasks/${taskId}`).expect(200);
    expect(detail.body).toMatchObject({ dueDate: proposed, version: before + 1, pendingExtensionId: null });
    expect(detail.body.deadlines).toEqual([
      expect.objectContaining({ dueDate: due, source: 'import', isCurrent: false }),
      expect.objectContaining({ dueDate: proposed, source: 'extension', isCurrent: true }),
    ]);
    const history = await as(tokens.a).get(`/tasks/${taskId}/history`).expect(200);
    expect(history.body.items.map((e: { action: string }) => e.action)).toEqual(['extension.request', 'extension.approve', 'task.deadline.extend']);
    expect(history.body.items[2]).toMatchObject({ before: expect.objectContaining({ dueDate: due }), after: expect.objectContaining({ dueDate: proposed }) });
    const listed = await as(tokens.b).get(`/tasks/${taskId}/extensions`).expect(200);
    expect(listed.body).toMatchObject({
      total: 1,
      page: 1,
      pageSize: 20,
      items: [expect.objectContaining({ taskId, status: 'approved', proposedDate: proposed })],
    });
  });

  it('refuses a request after the deadline with 422 and audits the refusal', async () => {
    const { taskId } = await createTask(t.db, { leadUnitId: unitA, dueDate: addDays(today(), -1), state: 'in_progress' });
    const res = await as(tokens.a)
      .post(`/tasks/${taskId}/extensions`, { reason: '来不及', proposedDate: addDays(today(), 30) })
      .expect(422);
    expect(res.body.code).toBe('EXTENSION_AFTER_DEADLINE');
    expect(await t.db.query(`SELECT 1 FROM extension_request WHERE task_id = $1`, [taskId])).toHaveLength(0);
    const audit = await t.db.query(`SELECT outcome, after FROM audit_log WHERE action = 'extension.request' AND entity_id = $1`, [taskId]);
    expect(audit).toEqual([{ outcome: 'refused', after: expect.objectContaining({ code: 'EXTENSION_AFTER_DEADLINE' }) }]);
  });

  it('accepts a request on the due date itself, and a rejection keeps the deadline', async () => {
    const due = today();
    const { taskId } = await createTask(t.db, { leadUnitId: unitA, dueDate: due, state: 'not_started' });
    const created = await as(tokens.a)
      .post(`/tasks/${taskId}/extensions`, { reason: '需协调', proposedDate: addDays(due, 30) })
      .expect(201);
    await as(tokens.office).post(`/extensions/${created.body.id}/reject`, {}).expect(400); // a reason is required
    const rejected = await as(tokens.office).post(`/extensions/${created.body.id}/reject`, { comment: '理由不充分' }).expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionComment: '理由不充分' });
    expect(await decisionNotices(created.body.id)).toEqual([
      { recipient_unit_id: unitA, title: expect.stringMatching(/^延期申请未同意：/), body: expect.stringContaining('请按原时限推进。意见：理由不充分') },
    ]);
    const detail = await as(tokens.a).get(`/tasks/${taskId}`).expect(200);
    expect(detail.body.dueDate).toBe(due);
    expect(detail.body.deadlines).toHaveLength(1);
    // after a decision, a new request may be filed
    await as(tokens.a)
      .post(`/tasks/${taskId}/extensions`, { reason: '再次申请', proposedDate: addDays(due, 20) })
      .expect(201);
  });

  it('refuses to approve a request the deadline or state has moved past (409), changing nothing', async () => {
    const due = addDays(today(), 10);
    const { taskId } = await createTask(t.db, { leadUnitId: unitA, dueDate: due, state: 'in_progress' });
    const created = await as(tokens.a)
      .post(`/tasks/${taskId}/extensions`, { reason: '资金未到位', proposedDate: addDays(due, 60) })
      .expect(201);
    // meanwhile the office corrects the deadline itself
    const [{ version }] = await t.db.query(`SELECT version FROM task WHERE id = $1`, [taskId]);
    const corrected = addDays(due, 20);
    await as(tokens.office).patch(`/tasks/${taskId}`, { dueDate: corrected, reason: '统一调整', version }).expect(200);

    const stale = await as(tokens.office).post(`/extensions/${created.body.id}/approve`, { comment: '同意' }).expect(409);
    expect(stale.body).toMatchObject({ code: 'EXTENSION_STALE', details: { requestedAgainst: due, dueDate: corrected } });
    expect(stale.body.message).toContain('已变更');
    const detail = await as(tokens.office).get(`/tasks/${taskId}`).expect(200);
    expect(detail.body).toMatchObject({ dueDate: corrected, version: version + 1, pendingExtensionId: created.body.id });
    expect(await t.db.query(`SELECT status FROM extension_request WHERE id = $1`, [created.body.id])).toEqual([{ status: 'pending' }]);
    expect(await decisionNotices(created.body.id)).toEqual([]);
    const audit = await t.db.query(`SELECT outcome, after->>'code' AS code FROM audit_log WHERE action = 'extension.approve' AND entity_id = $1`, [
      created.body.id,
    ]);
    expect(audit).toEqual([{ outcome: 'refused', code: 'EXTENSION_STALE' }]);

    // rejecting it is still possible; a task marked done cannot have a pending request approved
    await as(tokens.office).post(`/extensions/${created.body.id}/reject`, { comment: '时限已统一调整' }).expect(200);
    const again = await as(tokens.a)
      .post(`/tasks/${taskId}/extensions`, { reason: '仍需延期', proposedDate: addDays(corrected, 30) })
      .expect(201);
    await t.db.query(`UPDATE task SET state = 'submitted_done' WHERE id = $1`, [taskId]);
    const done = await as(tokens.office).post(`/extensions/${again.body.id}/approve`, {}).expect(409);
    expect(done.body.code).toBe('EXTENSION_STATE_CHANGED');
    expect((await as(tokens.office).get(`/tasks/${taskId}`).expect(200)).body.dueDate).toBe(corrected);
  });

  it('hides other units’ extension requests', async () => {
    const { taskId } = await createTask(t.db, { leadUnitId: unitA, dueDate: addDays(today(), 5) });
    const created = await as(tokens.a)
      .post(`/tasks/${taskId}/extensions`, { reason: '原因', proposedDate: addDays(today(), 40) })
      .expect(201);
    await as(tokens.b).get(`/tasks/${taskId}/extensions`).expect(404); // another unit's task: as if it did not exist
    // B sees requests on tasks it shares (the first test's), never this one
    const list = await as(tokens.b).get('/extensions?pageSize=100').expect(200);
    expect(list.body.items.map((e: { id: string }) => e.id)).not.toContain(created.body.id);
    expect(list.body.items.every((e: { taskId: string }) => e.taskId !== taskId)).toBe(true);
    const officeList = await as(tokens.office).get(`/extensions?taskId=${taskId}`).expect(200);
    expect(officeList.body.items.map((e: { id: string }) => e.id)).toEqual([created.body.id]);
  });
});
