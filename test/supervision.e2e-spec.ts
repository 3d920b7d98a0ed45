import { addDays, addWorkingDays, OFFICIAL_SCHEDULES, shanghaiDate, workCalendarOf } from '@luoshi/domain/calendar';
import { clientAs, createTestApp, TestApp } from './support/test-app';
import { createUnit, tokensFor } from './support/factories';
import { createTask } from './support/task-factories';

const today = () => shanghaiDate(new Date());
/** the calendar a fresh database is seeded with (the work_calendar migration) */
const seeded = workCalendarOf(Object.values(OFFICIAL_SCHEDULES).flat());

describe('supervision notices (督办) (e2e)', () => {
  let t: TestApp;
  let unitA: string;
  let unitB: string;
  let unitC: string;
  let tokens: { office: string; a: string; b: string; c: string; leader: string };

  beforeAll(async () => {
    t = await createTestApp();
    unitA = (await createUnit(t.db, { name: '区发展改革局' })).id;
    unitB = (await createUnit(t.db, { name: '区财政局' })).id;
    unitC = (await createUnit(t.db, { name: '区商务局' })).id;
    tokens = await tokensFor(t, { a: unitA, b: unitB, c: unitC });
  });
  afterAll(() => t.close());

  const as = (token: string) => clientAs(t, token);

  it('issues a notice to the lead unit, turns the task yellow until the office closes it after the reply', async () => {
    const { taskId } = await createTask(t.db, { leadUnitId: unitA, coUnitIds: [unitB], state: 'in_progress', title: '重点项目建设' });
    expect((await as(tokens.a).get(`/tasks/${taskId}`).expect(200)).body).toMatchObject({ light: 'green', reasons: [] });

    await as(tokens.a).post(`/tasks/${taskId}/notices`, { level: 'red', text: '请加快' }).expect(403);
    await as(tokens.office).post(`/tasks/${taskId}/notices`, { level: 'purple', text: '请加快' }).expect(400);
    const issued = await as(tokens.office).post(`/tasks/${taskId}/notices`, { level: 'yellow', text: '进度滞后，请说明原因' }).expect(201);
    expect(issued.body).toMatchObject({
      taskId,
      unitId: unitA,
      unitName: '区发展改革局',
      level: 'yellow',
      levelLabel: '黄色督办',
      status: 'open',
      replyDue: addWorkingDays(today(), 5, seeded.holidays, seeded.makeupWorkdays),
      replyText: null,
    });
    const noticeId = issued.body.id;
    const [note] = await t.db.query(`SELECT recipient_unit_id, kind, title, dedupe_key FROM notification WHERE dedupe_key = $1`, [`notice.issued:${noticeId}`]);
    expect(note).toMatchObject({ recipient_unit_id: unitA, kind: 'notice.issued', title: '黄色督办：重点项目建设' });

    // visible on the task and in the light, for the lead and the co-unit
    for (const token of [tokens.a, tokens.b]) {
      const detail = await as(token).get(`/tasks/${taskId}`).expect(200);
      expect(detail.body).toMatchObject({ light: 'yellow', openNotices: 1 });
      expect(detail.body.reasons).toEqual([{ code: 'NOTICE_OPEN', message: expect.stringContaining('督办未办结') }]);
      expect(detail.body.notices).toEqual([expect.objectContaining({ id: noticeId, status: 'open', levelLabel: '黄色督办' })]);
    }
    const listed = await as(tokens.a).get(`/tasks?light=yellow`).expect(200);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(taskId);

    // notice lists are scoped
    expect((await as(tokens.a).get('/notices?status=open').expect(200)).body.items.map((n: { id: string }) => n.id)).toEqual([noticeId]);
    expect((await as(tokens.c).get('/notices?status=open').expect(200)).body.total).toBe(0);
    await as(tokens.c).get(`/notices/${noticeId}`).expect(404);
    expect((await as(tokens.leader).get('/notices').expect(200)).body.total).toBe(1);

    // only the unit it was sent to replies
    expect((await as(tokens.b).post(`/notices/${noticeId}/reply`, { text: '配合单位回复' }).expect(403)).body.code).toBe('NOTICE_OTHER_UNIT');
    await as(tokens.c).post(`/notices/${noticeId}/reply`, { text: '无关单位' }).expect(404);
    await as(tokens.office).post(`/notices/${noticeId}/reply`, { text: '统筹办' }).expect(403);
    const replied = await as(tokens.a).post(`/notices/${noticeId}/reply`, { text: '已召开推进会，下周完成' }).expect(200);
    expect(replied.body).toMatchObject({ status: 'replied', replyText: '已召开推进会，下周完成', repliedAt: expect.any(String) });
    expect((await as(tokens.a).post(`/notices/${noticeId}/reply`, { text: '再次回复' }).expect(409)).body.code).toBe('NOTICE_NOT_OPEN');
    // the office user who issued it is told, once (refused replies add nothing)
    const [{ issued_by: issuedBy }] = await t.db.query(`SELECT issued_by FROM supervision_notice WHERE id = $1`, [noticeId]);
    const told = await t.db.query(
      `SELECT recipient_user_id, recipient_unit_id, title, body, payload FROM notification WHERE kind = 'notice.replied' AND payload->>'noticeId' = $1`,
      [noticeId],
    );
    expect(told).toEqual([
      {
        recipient_user_id: issuedBy,
        recipient_unit_id: null,
        title: '督办已反馈：重点项目建设',
        body: expect.stringMatching(/^区发展改革局已就「重点项目建设」的.+督办反馈意见/),
        payload: { noticeId, taskId, unitId: unitA },
      },
    ]);
    // replied but not closed: still open for the light
    expect((await as(tokens.a).get(`/tasks/${taskId}`).expect(200)).body.light).toBe('yellow');

    await as(tokens.a).post(`/notices/${noticeId}/close`).expect(403);
    const closed = await as(tokens.office).post(`/notices/${noticeId}/close`, { comment: '已整改' }).expect(200);
    expect(closed.body.status).toBe('closed');
    await as(tokens.office).post(`/notices/${noticeId}/close`).expect(409);
    const after = await as(tokens.a).get(`/tasks/${taskId}`).expect(200);
    expect(after.body).toMatchObject({ light: 'green', openNotices: 0, notices: [] });

    const history = await as(tokens.office).get(`/tasks/${taskId}/history`).expect(200);
    const ok = history.body.items.filter((e: { outcome: string }) => e.outcome === 'ok').map((e: { action: string }) => e.action);
    expect(ok).toEqual(['notice.issue', 'notice.reply', 'notice.close']);
    expect(history.body.items.some((e: { outcome: string; action: string }) => e.outcome === 'refused' && e.action === 'notice.reply')).toBe(true);
  });

  it('names the most severe level when several notices are open and honours a given reply date', async () => {
    const { taskId } = await createTask(t.db, { leadUnitId: unitA, state: 'in_progress' });
    const due = addDays(today(), 2);
    const blue = await as(tokens.office).post(`/tasks/${taskId}/notices`, { level: 'blue', text: '临近时限', replyDue: due }).expect(201);
    expect(blue.body.replyDue).toBe(due);
    await as(tokens.office).post(`/tasks/${taskId}/notices`, { level: 'red', text: '已逾期' }).expect(201);
    const detail = await as(tokens.a).get(`/tasks/${taskId}`).expect(200);
    expect(detail.body.reasons).toEqual([{ code: 'NOTICE_OPEN', message: '2件督办未办结（最高为红色督办）' }]);
    const past = await as(tokens.office)
      .post(`/tasks/${taskId}/notices`, { level: 'red', text: 'x', replyDue: addDays(today(), -1) })
      .expect(400);
    expect(past.body.code).toBe('REPLY_DUE_IN_PAST');
  });

  it('refuses notices on draft or closed tasks (422)', async () => {
    const draft = await createTask(t.db, { leadUnitId: unitA, published: false });
    expect((await as(tokens.office).post(`/tasks/${draft.taskId}/notices`, { level: 'blue', text: 'x' }).expect(422)).body.code).toBe('TASK_NOT_PUBLISHED');
    const done = await createTask(t.db, { leadUnitId: unitA, state: 'completed' });
    expect((await as(tokens.office).post(`/tasks/${done.taskId}/notices`, { level: 'blue', text: 'x' }).expect(422)).body.code).toBe('TASK_CLOSED');
  });
});
