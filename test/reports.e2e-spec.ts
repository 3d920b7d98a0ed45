import { randomUUID } from 'node:crypto';
import { shanghaiDate } from '@luoshi/domain/calendar';
import { nextPeriod, periodOf, previousPeriod } from '@luoshi/domain/reports';
import { clientAs, createTestApp, TestApp } from './support/test-app';
import { createUnit, createUser, loginAs, TestUser } from './support/factories';
import { createTask } from './support/task-factories';

const today = () => shanghaiDate(new Date());
const thisMonth = () => periodOf('monthly', today());
const lastMonth = () => previousPeriod('monthly', thisMonth());

describe('progress reports (e2e)', () => {
  let t: TestApp;
  let leadUnit: { id: string };
  let coUnit: { id: string };
  let otherUnit: { id: string };
  let leadUser: TestUser;
  let coUser: TestUser;
  let office: TestUser;
  let leadToken: string;
  let coToken: string;
  let otherToken: string;
  let officeToken: string;
  let leaderToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    leadUnit = await createUnit(t.db, { name: '区发展改革局' });
    coUnit = await createUnit(t.db, { name: '区财政局' });
    otherUnit = await createUnit(t.db, { name: '区审计局' });
    leadUser = await createUser(t.db, 'bureau', leadUnit);
    coUser = await createUser(t.db, 'bureau', coUnit);
    office = await createUser(t.db, 'office');
    leadToken = await loginAs(t, leadUser);
    coToken = await loginAs(t, coUser);
    otherToken = await loginAs(t, await createUser(t.db, 'bureau', otherUnit));
    officeToken = await loginAs(t, office);
    leaderToken = await loginAs(t, await createUser(t.db, 'leader'));
  });
  afterAll(() => t.close());

  const as = (token: string) => clientAs(t, token);
  const newTask = (options: Partial<Parameters<typeof createTask>[1]> = {}) =>
    createTask(t.db, { leadUnitId: leadUnit.id, coUnitIds: [coUnit.id], ...options });
  const countReports = async (taskId: string) =>
    (await t.db.query('SELECT count(*)::int AS n FROM progress_report WHERE task_id = $1', [taskId]))[0].n as number;
  const auditActions = async (entityId: string) =>
    t.db.query<{ action: string; outcome: string; actor_user_id: string }[]>(
      'SELECT action, outcome, actor_user_id FROM audit_log WHERE entity_id = $1 ORDER BY id',
      [entityId],
    );
  /** a report for an earlier (closed) period, inserted directly */
  const insertReport = async (taskId: string, unitId: string, period: string, fields: Record<string, unknown> = {}) => {
    const f = { text: '上期进展', percent: 40, problems: '上期问题', next_steps: '上期打算', status: 'accepted', ...fields };
    await t.db.query(
      `INSERT INTO progress_report (task_id, unit_id, period, status, text, percent, problems, next_steps, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [taskId, unitId, period, f.status, f.text, f.percent, f.problems, f.next_steps, randomUUID()],
    );
  };

  /** [action, code] of the refused report writes audited on a task, oldest first. */
  const refusalCodes = async (taskId: string): Promise<[string, string][]> =>
    (
      await t.db.query(
        `SELECT action, after->>'code' AS code FROM audit_log WHERE entity_type = 'task' AND entity_id = $1 AND outcome = 'refused' AND action LIKE 'report.%' ORDER BY id`,
        [taskId],
      )
    ).map((r: { action: string; code: string }) => [r.action, r.code]);

  it('takes a report from draft to submitted to accepted, audited at every step', async () => {
    const { taskId } = await newTask();
    const period = thisMonth();
    const created = await as(leadToken)
      .put(`/tasks/${taskId}/reports/${period}`, { text: '已完成项目选址。', percent: 30, problems: '用地指标紧张', nextSteps: '办理用地手续' })
      .expect(200);
    expect(created.body).toMatchObject({ taskId, unitId: leadUnit.id, period, status: 'draft', percent: 30, nextSteps: '办理用地手续', version: 1 });
    expect(created.body).not.toHaveProperty('createdBy');

    const updated = await as(leadToken)
      .put(`/tasks/${taskId}/reports/${period}`, { text: '已完成项目选址，正在办理用地手续。', percent: 40, version: 1 })
      .expect(200);
    expect(updated.body).toMatchObject({ status: 'draft', percent: 40, problems: null, version: 2 });

    const submitted = await as(leadToken).post(`/tasks/${taskId}/reports/${period}/submit`, { version: 2 }).expect(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', version: 3, text: '已完成项目选址，正在办理用地手续。', submittedAt: expect.any(String) });

    // a submitted report is no longer the unit's to change
    expect((await as(leadToken).put(`/tasks/${taskId}/reports/${period}`, { text: '改一下', version: 3 }).expect(409)).body.code).toBe('REPORT_NOT_EDITABLE');
    // review is the office's
    await as(leadToken).post(`/reports/${created.body.id}/accept`, { version: 3 }).expect(403);
    await as(leaderToken).post(`/reports/${created.body.id}/accept`, { version: 3 }).expect(403);

    const accepted = await as(officeToken).post(`/reports/${created.body.id}/accept`, { version: 3 }).expect(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', version: 4, reviewedAt: expect.any(String) });
    expect((await as(officeToken).post(`/reports/${created.body.id}/return`, { version: 4, comment: '再看看' }).expect(409)).body.code).toBe(
      'REPORT_NOT_SUBMITTED',
    );

    const audit = await auditActions(created.body.id);
    // the refused return (409) is audited too, by the office user who tried it
    expect(audit.map((a) => [a.action, a.outcome])).toEqual([
      ['report.create', 'ok'],
      ['report.update', 'ok'],
      ['report.submit', 'ok'],
      ['report.accept', 'ok'],
      ['report.return', 'refused'],
    ]);
    expect(audit[4].actor_user_id).toBe(office.id);
    expect(audit[3].actor_user_id).toBe(office.id);
    expect(audit[0].actor_user_id).toBe(leadUser.id);
    const [created1] = await t.db.query(
      `SELECT request_id, actor_unit_id, before IS NULL AS no_before, after FROM audit_log WHERE entity_id = $1 AND action = 'report.create'`,
      [created.body.id],
    );
    expect(created1).toMatchObject({
      request_id: expect.any(String),
      actor_unit_id: leadUnit.id,
      no_before: true,
      after: { status: 'draft', version: 1, taskId },
    });
    const [submit1] = await t.db.query(`SELECT before, after FROM audit_log WHERE entity_id = $1 AND action = 'report.submit'`, [created.body.id]);
    expect(submit1).toMatchObject({ before: { status: 'draft', version: 2 }, after: { status: 'submitted', version: 3 } });
  });

  it('returns a report with a required comment; the unit corrects and resubmits it', async () => {
    const { taskId } = await newTask();
    const period = thisMonth();
    const submitted = await as(leadToken).post(`/tasks/${taskId}/reports/${period}/submit`, { text: '开展调研。', percent: 10 }).expect(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', version: 1 });
    const id = submitted.body.id;

    const noComment = await as(officeToken).post(`/reports/${id}/return`, { version: 1 }).expect(400);
    expect(noComment.body.fields).toContainEqual(expect.objectContaining({ field: 'comment' }));
    const blank = await as(officeToken).post(`/reports/${id}/return`, { version: 1, comment: '   ' }).expect(400);
    expect(blank.body.code).toBe('VALIDATION_FAILED');

    const returned = await as(officeToken).post(`/reports/${id}/return`, { version: 1, comment: '请补充具体数据' }).expect(200);
    expect(returned.body).toMatchObject({ status: 'returned', reviewComment: '请补充具体数据', version: 2 });

    const resubmitted = await as(leadToken)
      .post(`/tasks/${taskId}/reports/${period}/submit`, { text: '开展调研，走访企业12家。', percent: 15, version: 2 })
      .expect(200);
    expect(resubmitted.body).toMatchObject({ status: 'submitted', version: 3, percent: 15 });
    expect((await auditActions(id)).map((a) => a.action)).toEqual(['report.submit', 'report.return', 'report.submit']);
  });

  it('pre-fills a new draft from the unit’s previous report, and shows the saved one once it exists', async () => {
    const { taskId } = await newTask();
    await insertReport(taskId, leadUnit.id, lastMonth(), { text: '上月已完成选址。', percent: 40, problems: '资金未到位', next_steps: '争取资金' });
    await insertReport(taskId, coUnit.id, lastMonth(), { text: '配合单位上月内容', percent: 90 });

    const draft = await as(leadToken).get(`/tasks/${taskId}/reports/draft`).expect(200);
    expect(draft.body).toMatchObject({
      period: thisMonth(),
      existing: false,
      prefilledFrom: lastMonth(),
      report: { id: null, version: null, status: 'draft', text: '上月已完成选址。', percent: 40, problems: '资金未到位', nextSteps: '争取资金' },
    });
    expect(await countReports(taskId)).toBe(2); // nothing saved

    // the co-unit's draft starts from its own previous report, not the lead's
    const coDraft = await as(coToken).get(`/tasks/${taskId}/reports/draft?period=${thisMonth()}`).expect(200);
    expect(coDraft.body.report).toMatchObject({ text: '配合单位上月内容', percent: 90 });

    await as(leadToken)
      .put(`/tasks/${taskId}/reports/${thisMonth()}`, { ...pick(draft.body.report), text: '本月已取得用地批复。', percent: 60 })
      .expect(200);
    const saved = await as(leadToken).get(`/tasks/${taskId}/reports/draft`).expect(200);
    expect(saved.body).toMatchObject({ existing: true, report: { text: '本月已取得用地批复。', percent: 60, version: 1 } });

    // no previous report: an empty draft
    const { taskId: fresh } = await newTask();
    const empty = await as(leadToken).get(`/tasks/${fresh}/reports/draft`).expect(200);
    expect(empty.body).toMatchObject({ existing: false, prefilledFrom: null, report: { text: '' } });
    await as(officeToken).get(`/tasks/${fresh}/reports/draft`).expect(403);
  });

  it('lets a co-unit report its part; the lead sees all parts, the co-unit its own; other units get 403 and change nothing', async () => {
    const { taskId } = await newTask();
    const period = thisMonth();
    await as(leadToken).post(`/tasks/${taskId}/reports/${period}/submit`, { text: '牵头单位进展', percent: 50 }).expect(200);
    const coPart = await as(coToken).post(`/tasks/${taskId}/reports/${period}/submit`, { text: '配合单位进展：资金已拨付', percent: 50 }).expect(200);
    expect(coPart.body).toMatchObject({ unitId: coUnit.id, status: 'submitted' });

    const leadView = await as(leadToken).get(`/tasks/${taskId}/reports`).expect(200);
    expect(leadView.body.items.map((r: { unitId: string }) => r.unitId).sort()).toEqual([leadUnit.id, coUnit.id].sort());
    expect(leadView.body.items[0]).toHaveProperty('unitName');
    const coView = await as(coToken).get(`/tasks/${taskId}/reports`).expect(200);
    expect(coView.body.items.map((r: { unitId: string }) => r.unitId)).toEqual([coUnit.id]);
    expect((await as(officeToken).get(`/tasks/${taskId}/reports?period=${period}`).expect(200)).body.items).toHaveLength(2);
    expect((await as(leaderToken).get(`/tasks/${taskId}/reports`).expect(200)).body.items).toHaveLength(2);

    // single report reads follow the same rule
    const leadReportId = leadView.body.items.find((r: { unitId: string }) => r.unitId === leadUnit.id).id;
    await as(leadToken).get(`/reports/${coPart.body.id}`).expect(200);
    // outside the caller's scope: answered as an unknown id
    await as(coToken).get(`/reports/${leadReportId}`).expect(404);
    await as(otherToken).get(`/reports/${leadReportId}`).expect(404);

    // another unit: refused everywhere, nothing written, the refusal audited
    const before = await countReports(taskId);
    await as(otherToken).get(`/tasks/${taskId}/reports`).expect(404);
    await as(otherToken).get(`/tasks/${taskId}/reports/draft`).expect(404);
    const put = await as(otherToken).put(`/tasks/${taskId}/reports/${period}`, { text: '越权写入' }).expect(404);
    expect(put.body.code).toBe('TASK_NOT_FOUND');
    await as(otherToken).post(`/tasks/${taskId}/reports/${period}/submit`, { text: '越权写入' }).expect(404);
    expect(await countReports(taskId)).toBe(before);
    const refused = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND outcome = 'refused'`, [taskId]);
    expect(refused[0].n).toBeGreaterThanOrEqual(4);

    // office and leader cannot write a unit's report
    await as(officeToken).put(`/tasks/${taskId}/reports/${period}`, { text: 'x' }).expect(403);
    await as(leaderToken).put(`/tasks/${taskId}/reports/${period}`, { text: 'x' }).expect(403);
    // an unknown task is 404
    await as(leadToken).get(`/tasks/${randomUUID()}/reports`).expect(404);
  });

  it('refuses reports for a closed period or a period that has not started (422), and malformed periods (400)', async () => {
    const { taskId } = await newTask();
    const closed = await as(leadToken).put(`/tasks/${taskId}/reports/2020-01`, { text: '补报' }).expect(422);
    expect(closed.body).toMatchObject({ code: 'REPORT_PERIOD_CLOSED', details: { dueDate: '2020-02-05' } });
    expect(closed.body.message).toContain('截止');
    await as(leadToken).post(`/tasks/${taskId}/reports/2020-01/submit`, { text: '补报' }).expect(422);
    const future = await as(leadToken)
      .put(`/tasks/${taskId}/reports/${nextPeriod('monthly', thisMonth())}`, { text: '提前报' })
      .expect(422);
    expect(future.body.code).toBe('REPORT_PERIOD_NOT_STARTED');
    expect((await as(leadToken).put(`/tasks/${taskId}/reports/2022-13`, { text: 'x' }).expect(400)).body.code).toBe('REPORT_PERIOD_INVALID');
    expect((await as(leadToken).put(`/tasks/${taskId}/reports/abc`, { text: 'x' }).expect(400)).body.code).toBe('REPORT_PERIOD_INVALID');
    // a weekly task takes week keys, not month keys
    const { taskId: weekly } = await newTask({ cadence: 'weekly' });
    expect((await as(leadToken).put(`/tasks/${weekly}/reports/${thisMonth()}`, { text: 'x' }).expect(400)).body.code).toBe('REPORT_PERIOD_INVALID');
    const week = periodOf('weekly', today());
    const weeklyDraft = await as(leadToken).get(`/tasks/${weekly}/reports/draft`).expect(200);
    expect(weeklyDraft.body.period).toBe(week);
    await as(leadToken).put(`/tasks/${weekly}/reports/${week}`, { text: '本周进展' }).expect(200);
    const { taskId: dekad } = await newTask({ cadence: 'dekad' });
    expect((await as(leadToken).get(`/tasks/${dekad}/reports/draft`).expect(200)).body.period).toBe(periodOf('dekad', today()));
    expect(await countReports(taskId)).toBe(0);
    // completed tasks take no more reports
    const { taskId: done } = await newTask({ state: 'completed' });
    expect((await as(leadToken).put(`/tasks/${done}/reports/${thisMonth()}`, { text: 'x' }).expect(422)).body.code).toBe('REPORT_TASK_CLOSED');
    // every refusal is audited (on the task, so the office sees it in the task's history)
    expect(await refusalCodes(taskId)).toEqual([
      ['report.save', 'REPORT_PERIOD_CLOSED'],
      ['report.submit', 'REPORT_PERIOD_CLOSED'],
      ['report.save', 'REPORT_PERIOD_NOT_STARTED'],
    ]);
    expect(await refusalCodes(done)).toEqual([['report.save', 'REPORT_TASK_CLOSED']]);
  });

  it('guards versions: stale → 409, missing on an existing report → 428, concurrent creates → one wins', async () => {
    const { taskId } = await newTask();
    const path = `/tasks/${taskId}/reports/${thisMonth()}`;
    await as(leadToken).put(path, { text: '第一版' }).expect(200);
    await as(leadToken).put(path, { text: '第二版', version: 1 }).expect(200);
    const stale = await as(leadToken).put(path, { text: '基于旧版本的修改', version: 1 }).expect(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { expectedVersion: 1, currentVersion: 2 } });
    expect((await as(leadToken).put(path, { text: '没带版本' }).expect(428)).body.code).toBe('VERSION_REQUIRED');
    await as(leadToken).post(`${path}/submit`, { version: 1 }).expect(409);
    const [row] = await t.db.query('SELECT text, version FROM progress_report WHERE task_id = $1', [taskId]);
    expect(row).toEqual({ text: '第二版', version: 2 });

    // two concurrent saves with the same version: exactly one 200 and one 409
    const results = await Promise.all([as(leadToken).put(path, { text: '甲的修改', version: 2 }), as(leadToken).put(path, { text: '乙的修改', version: 2 })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!;
    const [after] = await t.db.query('SELECT text, version FROM progress_report WHERE task_id = $1', [taskId]);
    expect(after).toEqual({ text: winner.body.text, version: 3 });
    // the stale, the unversioned and the losing concurrent write were refused and audited; nothing else was
    expect(await refusalCodes(taskId)).toEqual([
      ['report.save', 'VERSION_CONFLICT'],
      ['report.save', 'VERSION_REQUIRED'],
      ['report.submit', 'VERSION_CONFLICT'],
      ['report.save', 'VERSION_CONFLICT'],
    ]);

    // submitting with nothing saved is 404; a version for a report that does not exist is 409
    const { taskId: other } = await newTask();
    expect((await as(leadToken).post(`/tasks/${other}/reports/${thisMonth()}/submit`, { version: 1 }).expect(409)).body.code).toBe('VERSION_CONFLICT');
    expect((await as(leadToken).post(`/tasks/${other}/reports/${thisMonth()}/submit`, {}).expect(404)).body.code).toBe('REPORT_NOT_FOUND');
  });

  it('rejects unknown fields and invalid values with field-level codes', async () => {
    const { taskId } = await newTask();
    const res = await as(leadToken)
      .put(`/tasks/${taskId}/reports/${thisMonth()}`, { text: '', percent: 120, unitId: otherUnit.id, status: 'accepted' })
      .expect(400);
    const codes = Object.fromEntries(res.body.fields.map((f: { field: string; code: string }) => [f.field, f.code]));
    expect(codes).toMatchObject({ text: 'IS_NOT_EMPTY', percent: 'MAX', unitId: 'FIELD_NOT_ALLOWED', status: 'FIELD_NOT_ALLOWED' });
    expect(await countReports(taskId)).toBe(0);
  });

  it('submits one text for several tasks of a measure, all or nothing', async () => {
    const first = await newTask();
    const second = await newTask({ measureId: first.measureId, documentId: first.documentId });
    const third = await newTask({ measureId: first.measureId, documentId: first.documentId });
    // a task of the same measure that the lead unit has no part in
    const foreign = await createTask(t.db, { leadUnitId: otherUnit.id, measureId: first.measureId, documentId: first.documentId });
    const ids = [first.taskId, second.taskId, third.taskId];
    const body = { text: '三项任务统一推进，已召开专题会。', percent: 50 };

    const refused = await as(leadToken)
      .post('/reports/batch', { ...body, items: [...ids, foreign.taskId].map((taskId) => ({ taskId })) })
      .expect(404);
    expect(refused.body.code).toBe('TASK_NOT_FOUND');
    for (const id of [...ids, foreign.taskId]) expect(await countReports(id)).toBe(0);

    // a stale version on one item also rolls back the others
    await as(leadToken).put(`/tasks/${third.taskId}/reports/${thisMonth()}`, { text: '已有草稿' }).expect(200);
    await as(leadToken)
      .post('/reports/batch', { ...body, items: ids.map((taskId) => ({ taskId, ...(taskId === third.taskId ? { version: 9 } : {}) })) })
      .expect(409);
    expect(await countReports(first.taskId)).toBe(0);
    expect(await countReports(second.taskId)).toBe(0);

    const ok = await as(leadToken)
      .post('/reports/batch', { ...body, items: ids.map((taskId) => ({ taskId, ...(taskId === third.taskId ? { version: 1 } : {}) })) })
      .expect(200);
    expect(ok.body.items).toHaveLength(3);
    for (const item of ok.body.items)
      expect(item).toMatchObject({ status: 'submitted', text: body.text, percent: 50, period: thisMonth(), unitId: leadUnit.id });

    // tasks of different measures cannot share one submission
    const elsewhere = await newTask();
    const mixed = await as(leadToken)
      .post('/reports/batch', {
        ...body,
        items: [{ taskId: elsewhere.taskId }, { taskId: (await newTask({ measureId: first.measureId, documentId: first.documentId })).taskId }],
      })
      .expect(422);
    expect(mixed.body.code).toBe('BATCH_MIXED_MEASURES');
    expect(await countReports(elsewhere.taskId)).toBe(0);
    await as(leadToken)
      .post('/reports/batch', { ...body, items: [] })
      .expect(400);
    await as(leadToken)
      .post('/reports/batch', { ...body, items: [{ taskId: first.taskId, unitId: otherUnit.id }] })
      .expect(400);
  });

  it('stores plausibility warnings on submit and lists them for the office, scoped for bureaus', async () => {
    const period = thisMonth();
    // 100% but the task is not marked done
    const full = await newTask({ title: '警示-100' });
    const r1 = await as(leadToken).post(`/tasks/${full.taskId}/reports/${period}/submit`, { text: '全部完成。', percent: 100 }).expect(200);
    expect(r1.body.warnings.map((w: { code: string }) => w.code)).toEqual(['PERCENT_100_NOT_DONE']);
    // the same text as last period
    const same = await newTask();
    await insertReport(same.taskId, leadUnit.id, lastMonth(), { text: '正在推进前期工作。' });
    const r2 = await as(leadToken).post(`/tasks/${same.taskId}/reports/${period}/submit`, { text: '正在推进\n前期工作。', percent: 50 }).expect(200);
    expect(r2.body.warnings.map((w: { code: string }) => w.code)).toEqual(['TEXT_UNCHANGED']);
    // evidence required, nothing attached
    const evidence = await newTask({ evidenceRequired: true });
    const r3 = await as(coToken).post(`/tasks/${evidence.taskId}/reports/${period}/submit`, { text: '已拨付资金。', percent: 20 }).expect(200);
    expect(r3.body.warnings).toEqual([{ code: 'EVIDENCE_MISSING', message: expect.stringContaining('佐证材料') }]);
    // a plausible report has none; done tasks do not warn on 100%
    const done = await newTask({ state: 'submitted_done' });
    const r4 = await as(leadToken).post(`/tasks/${done.taskId}/reports/${period}/submit`, { text: '已完成，报请办结。', percent: 100 }).expect(200);
    expect(r4.body.warnings).toEqual([]);
    const stored = await t.db.query('SELECT warnings FROM progress_report WHERE id = $1', [r1.body.id]);
    expect(stored[0].warnings[0].code).toBe('PERCENT_100_NOT_DONE');

    const queue = await as(officeToken).get('/reports?status=submitted&hasWarnings=true&pageSize=100').expect(200);
    const queued = queue.body.items.map((r: { id: string }) => r.id);
    expect(queued).toEqual(expect.arrayContaining([r1.body.id, r2.body.id, r3.body.id]));
    expect(queued).not.toContain(r4.body.id);
    expect(queue.body).toMatchObject({ page: 1, pageSize: 100, total: queued.length });
    expect(queue.body.items.find((r: { id: string }) => r.id === r1.body.id)).toMatchObject({ taskTitle: '警示-100', unitName: '区发展改革局' });

    // the co-unit sees its own report only; another unit sees none of them
    const coQueue = await as(coToken).get('/reports?hasWarnings=true&pageSize=100').expect(200);
    expect(coQueue.body.items.map((r: { unitId: string }) => r.unitId)).toEqual(coQueue.body.items.map(() => coUnit.id));
    expect(coQueue.body.items.map((r: { id: string }) => r.id)).toContain(r3.body.id);
    // the lead unit sees the co-unit's part of its task
    expect((await as(leadToken).get(`/reports?taskId=${evidence.taskId}`).expect(200)).body.items.map((r: { id: string }) => r.id)).toEqual([r3.body.id]);
    expect((await as(otherToken).get('/reports?pageSize=100').expect(200)).body).toMatchObject({ items: [], total: 0 });
    await as(officeToken).get('/reports?pageSize=500').expect(400);
    await as(officeToken).get('/reports?status=bogus').expect(400);
  });
});

function pick(report: { text: string; percent: number | null; problems: string | null; nextSteps: string | null; milestone: string | null }) {
  return { text: report.text, percent: report.percent, problems: report.problems, nextSteps: report.nextSteps, milestone: report.milestone };
}
