import { clientAs, createTestApp, TestApp } from './support/test-app';
import { createUnit, tokensFor } from './support/factories';
import { createTask } from './support/task-factories';

describe('measure reporting settings (e2e)', () => {
  let t: TestApp;
  let unitA: string;
  let unitB: string;
  let tokens: { office: string; a: string; b: string; leader: string };

  beforeAll(async () => {
    t = await createTestApp();
    unitA = (await createUnit(t.db, { name: '区住房城乡建设局' })).id;
    unitB = (await createUnit(t.db, { name: '区交通运输局' })).id;
    tokens = await tokensFor(t, { a: unitA, b: unitB });
  });
  afterAll(() => t.close());

  const as = (token: string) => clientAs(t, token);
  const taskRow = async (id: string) => (await t.db.query(`SELECT report_cadence, evidence_required, version FROM task WHERE id = $1`, [id]))[0];

  it('sets a measure to weekly reporting and fans it out to its open tasks in one audited write', async () => {
    const first = await createTask(t.db, { leadUnitId: unitA });
    const second = await createTask(t.db, { leadUnitId: unitA, measureId: first.measureId, documentId: first.documentId });
    const closed = await createTask(t.db, { leadUnitId: unitA, measureId: first.measureId, documentId: first.documentId, state: 'completed' });
    const elsewhere = await createTask(t.db, { leadUnitId: unitA });

    const res = await as(tokens.office).put(`/measures/${first.measureId}/reporting`, { reportCadence: 'weekly', evidenceRequired: true }).expect(200);
    expect(res.body).toEqual({ measureId: first.measureId, reportCadence: 'weekly', tasksChanged: 2, taskIds: [first.taskId, second.taskId].sort() });

    expect(await taskRow(first.taskId)).toEqual({ report_cadence: 'weekly', evidence_required: true, version: 2 });
    expect(await taskRow(second.taskId)).toEqual({ report_cadence: 'weekly', evidence_required: true, version: 2 });
    expect(await taskRow(closed.taskId)).toEqual({ report_cadence: 'monthly', evidence_required: false, version: 1 });
    expect(await taskRow(elsewhere.taskId)).toEqual({ report_cadence: 'monthly', evidence_required: false, version: 1 });
    expect(await t.db.query(`SELECT report_cadence FROM measure WHERE id = $1`, [first.measureId])).toEqual([{ report_cadence: 'weekly' }]);

    // the bureau now sees a weekly task and owes weekly reports
    const detail = await as(tokens.a).get(`/tasks/${first.taskId}`).expect(200);
    expect(detail.body).toMatchObject({ reportCadence: 'weekly', evidenceRequired: true, version: 2 });
    const draft = await as(tokens.a).get(`/tasks/${first.taskId}/reports/draft`).expect(200);
    expect(draft.body.report.period).toMatch(/^\d{4}-W\d{2}$/);

    // every changed task's history says so; the measure has its own entry
    const audit = await t.db.query(
      `SELECT entity_type, entity_id, action, before, after FROM audit_log WHERE action IN ('task.update', 'measure.reporting') ORDER BY id`,
    );
    expect(audit).toEqual([
      expect.objectContaining({
        entity_id: expect.any(String),
        action: 'task.update',
        before: expect.objectContaining({ reportCadence: 'monthly', version: 1 }),
      }),
      expect.objectContaining({ action: 'task.update', after: expect.objectContaining({ reportCadence: 'weekly', version: 2, measureId: first.measureId }) }),
      expect.objectContaining({
        entity_type: 'measure',
        entity_id: first.measureId,
        action: 'measure.reporting',
        after: expect.objectContaining({ taskIds: res.body.taskIds }),
      }),
    ]);
    expect(new Set(audit.slice(0, 2).map((a: { entity_id: string }) => a.entity_id))).toEqual(new Set([first.taskId, second.taskId]));

    // an edit based on the task as it was before is now stale
    const stale = await as(tokens.office).patch(`/tasks/${first.taskId}`, { title: '旧版本上的修改', version: 1 }).expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');

    // setting it again changes no task
    const again = await as(tokens.office).put(`/measures/${first.measureId}/reporting`, { reportCadence: 'weekly' }).expect(200);
    expect(again.body.tasksChanged).toBe(0);
    expect((await taskRow(first.taskId)).version).toBe(2);
  });

  it('refuses bad input with field codes and other roles with 403, changing nothing', async () => {
    const { taskId, measureId } = await createTask(t.db, { leadUnitId: unitA });
    const bad = await as(tokens.office).put(`/measures/${measureId}/reporting`, { reportCadence: 'daily' }).expect(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'reportCadence' })]);
    const extra = await as(tokens.office).put(`/measures/${measureId}/reporting`, { reportCadence: 'weekly', version: 3 }).expect(400);
    expect(extra.body.fields).toEqual([expect.objectContaining({ field: 'version', code: 'FIELD_NOT_ALLOWED' })]);
    await as(tokens.a).put(`/measures/${measureId}/reporting`, { reportCadence: 'weekly' }).expect(403);
    await as(tokens.leader).put(`/measures/${measureId}/reporting`, { reportCadence: 'weekly' }).expect(403);
    const missing = await as(tokens.office).put(`/measures/00000000-0000-4000-8000-000000000000/reporting`, { reportCadence: 'weekly' }).expect(404);
    expect(missing.body.code).toBe('MEASURE_NOT_FOUND');
    expect(await taskRow(taskId)).toEqual({ report_cadence: 'monthly', evidence_required: false, version: 1 });
  });

  describe('GET /measures/:id', () => {
    it('answers the measure with its cadence, tasks and contacts to the office and the leader', async () => {
      const first = await createTask(t.db, { leadUnitId: unitA, cadence: 'dekad' });
      const second = await createTask(t.db, { leadUnitId: unitB, measureId: first.measureId, documentId: first.documentId });
      for (const token of [tokens.office, tokens.leader]) {
        const res = await as(token).get(`/measures/${first.measureId}`).expect(200);
        expect(res.body).toMatchObject({ id: first.measureId, cadence: 'dekad', contacts: [] });
        expect(res.body.tasks.map((task: { id: string }) => task.id).sort()).toEqual([first.taskId, second.taskId].sort());
      }
      // the measure list of its document carries the same cadence
      const page = await as(tokens.office).get(`/documents/${first.documentId}/measures`).expect(200);
      expect(page.body.items).toEqual([expect.objectContaining({ id: first.measureId, cadence: 'dekad' })]);
    });

    it('lets a bureau read a measure only where it has a published task, listing only its own tasks (else 404)', async () => {
      const mine = await createTask(t.db, { leadUnitId: unitA });
      const theirs = await createTask(t.db, { leadUnitId: unitB, measureId: mine.measureId, documentId: mine.documentId });
      const res = await as(tokens.a).get(`/measures/${mine.measureId}`).expect(200);
      expect(res.body.tasks.map((task: { id: string }) => task.id)).toEqual([mine.taskId]);
      expect(res.body.tasks.map((task: { id: string }) => task.id)).not.toContain(theirs.taskId);

      // another unit's measure is answered as if it did not exist, like other object-level refusals
      const other = await createTask(t.db, { leadUnitId: unitB });
      expect((await as(tokens.a).get(`/measures/${other.measureId}`).expect(404)).body.code).toBe('MEASURE_NOT_FOUND');
      // an unpublished task gives the bureau no view of its measure
      const draft = await createTask(t.db, { leadUnitId: unitA, published: false });
      await as(tokens.a).get(`/measures/${draft.measureId}`).expect(404);
      await as(tokens.office).get(`/measures/${draft.measureId}`).expect(200);
    });

    it('answers 404 for an unknown measure and 400 for an id that is not a uuid', async () => {
      const missing = await as(tokens.office).get(`/measures/00000000-0000-4000-8000-000000000000`).expect(404);
      expect(missing.body.code).toBe('MEASURE_NOT_FOUND');
      const bad = await as(tokens.office).get(`/measures/not-a-uuid`).expect(400);
      expect(bad.body.code).toEqual(expect.any(String));
    });
  });
});
