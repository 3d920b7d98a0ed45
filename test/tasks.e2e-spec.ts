import { addDays, shanghaiDate } from '@luoshi/domain/calendar';
import { clientAs, createTestApp, TestApp } from './support/test-app';
import { createUnit, createUser, loginAs, TestUser } from './support/factories';
import { createTask } from './support/task-factories';

const today = () => shanghaiDate(new Date());

describe('tasks: list, detail, transitions, sign-for (e2e)', () => {
  let t: TestApp;
  let unitA: string;
  let unitB: string;
  let unitC: string;
  let office: TestUser;
  let tokens: { office: string; a: string; b: string; c: string; leader: string };

  beforeAll(async () => {
    t = await createTestApp();
    unitA = (await createUnit(t.db, { name: '区发展改革局' })).id;
    unitB = (await createUnit(t.db, { name: '区财政局' })).id;
    unitC = (await createUnit(t.db, { name: '区商务局' })).id;
    office = await createUser(t.db, 'office');
    tokens = {
      office: await loginAs(t, office),
      a: await loginAs(t, await createUser(t.db, 'bureau', unitA)),
      b: await loginAs(t, await createUser(t.db, 'bureau', unitB)),
      c: await loginAs(t, await createUser(t.db, 'bureau', unitC)),
      leader: await loginAs(t, await createUser(t.db, 'leader')),
    };
  });
  afterAll(() => t.close());

  const as = (token: string) => clientAs(t, token);
  const auditRows = (entityId: string, action?: string) =>
    t.db.query(
      `SELECT action, outcome, actor_role, actor_unit_id, before, after, request_id FROM audit_log
        WHERE entity_id = $1 ${action ? 'AND action = $2' : ''} ORDER BY id`,
      action ? [entityId, action] : [entityId],
    );

  describe('list scoping and filters', () => {
    let doc: string;
    let ids: { aLead: string; aLeadBShared: string; cOnly: string; aDraft: string; aOverdue: string; aSoon: string };

    beforeAll(async () => {
      const first = await createTask(t.db, { leadUnitId: unitA, title: '推进100%_项目建设', dueDate: '2030-06-30' });
      doc = first.documentId;
      ids = {
        aLead: first.taskId,
        aLeadBShared: (
          await createTask(t.db, {
            leadUnitId: unitA,
            coUnitIds: [unitB],
            title: '落实减税降费',
            dueDate: '2030-03-31',
            documentId: doc,
            measureId: first.measureId,
          })
        ).taskId,
        cOnly: (await createTask(t.db, { leadUnitId: unitC, title: '商务局专项任务', dueDate: '2030-01-31' })).taskId,
        aDraft: (await createTask(t.db, { leadUnitId: unitA, title: '未交办任务', published: false })).taskId,
        aOverdue: (await createTask(t.db, { leadUnitId: unitA, title: '逾期任务', dueDate: addDays(today(), -3), state: 'in_progress' })).taskId,
        aSoon: (await createTask(t.db, { leadUnitId: unitA, title: '临期任务', dueDate: addDays(today(), 5), state: 'not_started' })).taskId,
      };
    });

    const idsOf = (res: { body: { items: { id: string }[] } }) => res.body.items.map((item) => item.id);

    it('shows a bureau only the published tasks its unit leads or shares', async () => {
      const a = await as(tokens.a).get('/tasks?pageSize=100').expect(200);
      expect(idsOf(a).sort()).toEqual([ids.aLead, ids.aLeadBShared, ids.aOverdue, ids.aSoon].sort());
      expect(a.body.total).toBe(4);

      const b = await as(tokens.b).get('/tasks').expect(200);
      expect(idsOf(b)).toEqual([ids.aLeadBShared]);
      expect(b.body.items[0]).toMatchObject({ myRole: 'co', leadUnitName: '区发展改革局', leadUnitId: unitA, version: 1 });

      const mine = await as(tokens.c).get('/tasks/mine').expect(200);
      expect(idsOf(mine)).toEqual([ids.cOnly]);
    });

    it('refuses a bureau filtering by another unit and never widens its scope', async () => {
      const res = await as(tokens.b).get(`/tasks?unitId=${unitC}`).expect(403);
      expect(res.body.code).toBe('UNIT_SCOPE_FORBIDDEN');
      const own = await as(tokens.b).get(`/tasks?unitId=${unitB}`).expect(200);
      expect(idsOf(own)).toEqual([ids.aLeadBShared]);
      const lead = await as(tokens.a).get('/tasks?role=co').expect(200);
      expect(lead.body.total).toBe(0);
    });

    it('lets the office and leaders see everything, filtered by unit', async () => {
      const all = await as(tokens.office).get('/tasks?pageSize=100').expect(200);
      expect(all.body.total).toBe(6);
      expect(all.body.items.every((item: { myRole: unknown }) => item.myRole === null)).toBe(true);
      const byB = await as(tokens.leader).get(`/tasks?unitId=${unitB}`).expect(200);
      expect(idsOf(byB)).toEqual([ids.aLeadBShared]);
      const byALead = await as(tokens.office).get(`/tasks?unitId=${unitA}&role=lead&pageSize=100`).expect(200);
      expect(byALead.body.total).toBe(5);
    });

    it('filters by state, overdue, due date, measure, document and escaped title text', async () => {
      expect(idsOf(await as(tokens.a).get('/tasks?state=not_started').expect(200))).toEqual([ids.aSoon]);
      const overdue = await as(tokens.a).get('/tasks?overdue=true').expect(200);
      expect(idsOf(overdue)).toEqual([ids.aOverdue]);
      expect(overdue.body.items[0]).toMatchObject({ overdue: true, light: 'red' });
      expect(overdue.body.items[0].reasons[0]).toEqual({ code: 'OVERDUE', message: '已逾期3天' });
      expect(
        idsOf(
          await as(tokens.a)
            .get(`/tasks?dueBefore=${addDays(today(), 10)}`)
            .expect(200),
        ).sort(),
      ).toEqual([ids.aOverdue, ids.aSoon].sort());
      expect(idsOf(await as(tokens.office).get(`/tasks?documentId=${doc}&sort=dueDate`).expect(200))).toEqual([ids.aLeadBShared, ids.aLead]);
      const measureId = (await t.db.query(`SELECT measure_id FROM task WHERE id = $1`, [ids.aLead]))[0].measure_id;
      expect((await as(tokens.office).get(`/tasks?measureId=${measureId}`).expect(200)).body.total).toBe(2);
      // % and _ match themselves, not as wildcards
      expect(
        idsOf(
          await as(tokens.a)
            .get(`/tasks?q=${encodeURIComponent('100%_')}`)
            .expect(200),
        ),
      ).toEqual([ids.aLead]);
      expect(
        (
          await as(tokens.a)
            .get(`/tasks?q=${encodeURIComponent('%')}`)
            .expect(200)
        ).body.items.map((i: { title: string }) => i.title),
      ).toEqual(['推进100%_项目建设']);
      expect(
        idsOf(
          await as(tokens.a)
            .get(`/tasks?q=${encodeURIComponent('减税')}`)
            .expect(200),
        ),
      ).toEqual([ids.aLeadBShared]);
    });

    it('filters by traffic light', async () => {
      const red = await as(tokens.a).get('/tasks?light=red').expect(200);
      expect(idsOf(red)).toEqual([ids.aOverdue]);
      const yellow = await as(tokens.a).get('/tasks?light=yellow').expect(200);
      expect(idsOf(yellow)).toEqual([ids.aSoon]);
      expect(yellow.body.items[0].reasons).toEqual([{ code: 'DUE_SOON', message: '距完成时限还有5天' }]);
      expect((await as(tokens.a).get('/tasks?light=green').expect(200)).body.total).toBe(2);
    });

    it('sorts by due date, title and update time in both directions and paginates', async () => {
      const asc = idsOf(await as(tokens.a).get('/tasks?sort=dueDate&order=asc').expect(200));
      expect(asc).toEqual([ids.aOverdue, ids.aSoon, ids.aLeadBShared, ids.aLead]);
      const desc = idsOf(await as(tokens.a).get('/tasks?sort=dueDate&order=desc').expect(200));
      expect(desc).toEqual([...asc].reverse());
      const byTitle = await as(tokens.a).get('/tasks?sort=title').expect(200);
      const titles = byTitle.body.items.map((i: { title: string }) => i.title);
      expect(titles).toHaveLength(4);
      await t.db.query(`UPDATE task SET updated_at = now() + interval '1 minute' WHERE id = $1`, [ids.aSoon]);
      expect(idsOf(await as(tokens.a).get('/tasks?sort=updatedAt&order=desc').expect(200))[0]).toBe(ids.aSoon);
      const page2 = await as(tokens.a).get('/tasks?sort=dueDate&page=2&pageSize=3').expect(200);
      expect(page2.body).toMatchObject({ total: 4, page: 2, pageSize: 3 });
      expect(idsOf(page2)).toEqual([ids.aLead]);
      const beyond = await as(tokens.a).get('/tasks?page=5&pageSize=3').expect(200);
      expect(beyond.body).toMatchObject({ items: [], total: 4 });
    });

    it('validates the query (page size cap, unknown parameters, bad values)', async () => {
      const res = await as(tokens.a).get('/tasks?pageSize=101').expect(400);
      expect(res.body.fields).toContainEqual(expect.objectContaining({ field: 'pageSize', code: 'MAX' }));
      await as(tokens.a).get('/tasks?state=done').expect(400);
      await as(tokens.a).get('/tasks?sort=secret').expect(400);
      await as(tokens.a).get('/tasks?dueBefore=2022-13-01').expect(400);
      const unknown = await as(tokens.a).get('/tasks?createdBy=x').expect(400);
      expect(unknown.body.fields[0].code).toBe('FIELD_NOT_ALLOWED');
    });

    it('shows detail to units on the task and refuses others with an audited 403', async () => {
      const res = await as(tokens.b).get(`/tasks/${ids.aLeadBShared}`).expect(200);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toMatchObject({
        id: ids.aLeadBShared,
        myRole: 'co',
        version: 1,
        allowedTransitions: [],
        notices: [],
        units: [
          expect.objectContaining({ unitId: unitA, unitName: '区发展改革局', role: 'lead', signedAt: null }),
          expect.objectContaining({ unitId: unitB, role: 'co' }),
        ],
        deadlines: [expect.objectContaining({ dueDate: '2030-03-31', source: 'import', isCurrent: true })],
      });
      const lead = await as(tokens.a).get(`/tasks/${ids.aLeadBShared}`).expect(200);
      expect(lead.body.allowedTransitions.map((r: { to: string }) => r.to)).toEqual(['submitted_done']);
      const officeView = await as(tokens.office).get(`/tasks/${ids.aLeadBShared}`).expect(200);
      expect(officeView.body.allowedTransitions.map((r: { to: string }) => r.to)).toEqual(['not_applicable']);

      // another unit's task is answered as an unknown id (404), the refusal audited as TASK_FORBIDDEN
      const refused = await as(tokens.c).get(`/tasks/${ids.aLeadBShared}`).expect(404);
      expect(refused.body.code).toBe('TASK_NOT_FOUND');
      await as(tokens.c).get(`/tasks/${ids.aLeadBShared}/history`).expect(404);
      await as(tokens.a).get(`/tasks/${ids.aDraft}`).expect(404); // not published yet
      expect(await auditRows(ids.aLeadBShared, 'task.access')).toContainEqual(
        expect.objectContaining({ outcome: 'refused', actor_unit_id: unitC, after: { code: 'TASK_FORBIDDEN' } }),
      );
      await as(tokens.a).get('/tasks/00000000-0000-4000-8000-000000000000').expect(404);
    });
  });

  describe('transitions', () => {
    it('refuses a write without a version with 428 and audits it', async () => {
      const { taskId } = await createTask(t.db, { leadUnitId: unitA, state: 'not_started' });
      const res = await as(tokens.a).post(`/tasks/${taskId}/transitions`, { to: 'in_progress' }).expect(428);
      expect(res.body.code).toBe('VERSION_REQUIRED');
      expect(await auditRows(taskId, 'task.transition')).toEqual([expect.objectContaining({ outcome: 'refused', after: { code: 'VERSION_REQUIRED' } })]);
      // the If-Match header works instead of the body field
      const ok = await as(tokens.a).post(`/tasks/${taskId}/transitions`, { to: 'in_progress' }).set('If-Match', '"1"').expect(200);
      expect(ok.body).toEqual({ id: taskId, state: 'in_progress', version: 2 });
      const stale = await as(tokens.a).post(`/tasks/${taskId}/transitions`, { to: 'submitted_done' }).set('If-Match', '"1"').expect(409);
      expect(stale.body.code).toBe('VERSION_CONFLICT');
    });

    it('lets exactly one of two concurrent writers with the same version win, losing nothing', async () => {
      const { taskId } = await createTask(t.db, { leadUnitId: unitA, state: 'in_progress' });
      const results = await Promise.all([
        as(tokens.a).post(`/tasks/${taskId}/transitions`, { to: 'submitted_done', version: 1 }),
        as(tokens.a).post(`/tasks/${taskId}/transitions`, { to: 'submitted_done', version: 1 }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)!.body.code).toMatch(/VERSION_CONFLICT|TASK_ILLEGAL_TRANSITION/);
      const [row] = await t.db.query(`SELECT state, version FROM task WHERE id = $1`, [taskId]);
      expect(row).toEqual({ state: 'submitted_done', version: 2 });
      const entries = await auditRows(taskId, 'task.transition');
      expect(entries.filter((e: { outcome: string }) => e.outcome === 'ok')).toHaveLength(1);
      expect(entries.filter((e: { outcome: string }) => e.outcome === 'refused')).toHaveLength(1);

      // two different office writes with one version: the loser retries with the new version, both changes stay
      const race = await Promise.all([
        as(tokens.office).patch(`/tasks/${taskId}`, { title: '新标题', version: 2 }),
        as(tokens.office).post(`/tasks/${taskId}/transitions`, { to: 'completed', version: 2 }),
      ]);
      expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
      const [{ version }] = await t.db.query(`SELECT version FROM task WHERE id = $1`, [taskId]);
      expect(version).toBe(3);
      if (race[0].status === 409) await as(tokens.office).patch(`/tasks/${taskId}`, { title: '新标题', version: 3 }).expect(200);
      else await as(tokens.office).post(`/tasks/${taskId}/transitions`, { to: 'completed', version: 3 }).expect(200);
      const [final] = await t.db.query(`SELECT title, state, version FROM task WHERE id = $1`, [taskId]);
      expect(final).toEqual({ title: '新标题', state: 'completed', version: 4 });
    });

    it('answers an illegal transition with 409 and the allowed states, and audits the refusal', async () => {
      const { taskId } = await createTask(t.db, { leadUnitId: unitA, state: 'not_started' });
      const res = await as(tokens.a).post(`/tasks/${taskId}/transitions`, { to: 'completed', version: 1 }).expect(409);
      expect(res.body).toMatchObject({
        code: 'TASK_ILLEGAL_TRANSITION',
        details: { from: 'not_started', to: 'completed', allowed: ['in_progress', 'submitted_done'] },
      });
      expect(res.body.message).toContain('未启动');
      const [row] = await t.db.query(`SELECT state, version FROM task WHERE id = $1`, [taskId]);
      expect(row).toEqual({ state: 'not_started', version: 1 });
      const entries = await auditRows(taskId, 'task.transition');
      expect(entries).toEqual([
        expect.objectContaining({
          outcome: 'refused',
          actor_role: 'bureau',
          actor_unit_id: unitA,
          after: expect.objectContaining({ code: 'TASK_ILLEGAL_TRANSITION' }),
        }),
      ]);
      expect(entries[0].request_id).toEqual(expect.any(String));
    });

    it('lets only the lead unit move the state; co-units, other units and leaders are refused', async () => {
      const { taskId } = await createTask(t.db, { leadUnitId: unitA, coUnitIds: [unitB], state: 'not_started' });
      expect((await as(tokens.b).post(`/tasks/${taskId}/transitions`, { to: 'in_progress', version: 1 }).expect(403)).body.code).toBe('LEAD_UNIT_ONLY');
      expect((await as(tokens.c).post(`/tasks/${taskId}/transitions`, { to: 'in_progress', version: 1 }).expect(404)).body.code).toBe('TASK_NOT_FOUND');
      await as(tokens.leader).post(`/tasks/${taskId}/transitions`, { to: 'in_progress', version: 1 }).expect(403);
      expect((await t.db.query(`SELECT version FROM task WHERE id = $1`, [taskId]))[0].version).toBe(1);
      expect((await auditRows(taskId, 'task.access')).map((e: { after: { code: string } }) => e.after.code)).toEqual(['LEAD_UNIT_ONLY', 'TASK_FORBIDDEN']);
    });

    it('runs the review loop: submit, office returns with a reason, resubmit, office approves; history is in order', async () => {
      const { taskId } = await createTask(t.db, { leadUnitId: unitA, state: 'in_progress' });
      await as(tokens.a).post(`/tasks/${taskId}/transitions`, { to: 'submitted_done', version: 1 }).expect(200);
      // the bureau cannot approve its own submission
      await as(tokens.a).post(`/tasks/${taskId}/transitions`, { to: 'completed', version: 2 }).expect(409);
      const noReason = await as(tokens.office).post(`/tasks/${taskId}/transitions`, { to: 'in_progress', version: 2 }).expect(400);
      expect(noReason.body.code).toBe('TASK_TRANSITION_REASON_REQUIRED');
      await as(tokens.office).post(`/tasks/${taskId}/transitions`, { to: 'in_progress', version: 2, reason: '缺少佐证材料' }).expect(200);
      const detail = await as(tokens.a).get(`/tasks/${taskId}`).expect(200);
      expect(detail.body).toMatchObject({ state: 'in_progress', stateReason: '缺少佐证材料', version: 3 });
      await as(tokens.a).post(`/tasks/${taskId}/transitions`, { to: 'submitted_done', version: 3 }).expect(200);
      const approved = await as(tokens.office).post(`/tasks/${taskId}/transitions`, { to: 'completed', version: 4 }).expect(200);
      expect(approved.body).toEqual({ id: taskId, state: 'completed', version: 5 });

      const history = await as(tokens.office).get(`/tasks/${taskId}/history`).expect(200);
      const transitions = history.body.items.filter((e: { action: string; outcome: string }) => e.action === 'task.transition' && e.outcome === 'ok');
      expect(transitions.map((e: { before: { state: string }; after: { state: string } }) => `${e.before.state}>${e.after.state}`)).toEqual([
        'in_progress>submitted_done',
        'submitted_done>in_progress',
        'in_progress>submitted_done',
        'submitted_done>completed',
      ]);
      expect(transitions[1]).toMatchObject({ actorRole: 'office', actorUserId: office.id, after: { reason: '缺少佐证材料' } });
      const ids = history.body.items.map((e: { id: string }) => Number(e.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      // refused attempts are in the office's history, not in the bureau's
      expect(history.body.items.some((e: { outcome: string }) => e.outcome === 'refused')).toBe(true);
      const bureauHistory = await as(tokens.a).get(`/tasks/${taskId}/history`).expect(200);
      expect(bureauHistory.body.items.every((e: { outcome: string }) => e.outcome === 'ok')).toBe(true);
    });

    it('rejects unknown body fields and a forged state', async () => {
      const { taskId } = await createTask(t.db, { leadUnitId: unitA, state: 'not_started' });
      const res = await as(tokens.a).post(`/tasks/${taskId}/transitions`, { to: 'in_progress', version: 1, unitId: unitB }).expect(400);
      expect(res.body.fields).toEqual([expect.objectContaining({ field: 'unitId', code: 'FIELD_NOT_ALLOWED' })]);
      await as(tokens.a).post(`/tasks/${taskId}/transitions`, { to: 'done', version: 1 }).expect(400);
    });
  });

  describe('office corrections', () => {
    it('corrects the deadline keeping the earlier one in history, with a version', async () => {
      const { taskId } = await createTask(t.db, { leadUnitId: unitA, dueDate: '2030-06-30' });
      await as(tokens.office).patch(`/tasks/${taskId}`, { dueDate: '2030-09-30' }).expect(428);
      await as(tokens.a).patch(`/tasks/${taskId}`, { dueDate: '2030-09-30', version: 1 }).expect(403);
      const res = await as(tokens.office).patch(`/tasks/${taskId}`, { dueDate: '2030-09-30', reason: '原文时限有误', version: 1 }).expect(200);
      expect(res.body.version).toBe(2);
      const detail = await as(tokens.office).get(`/tasks/${taskId}`).expect(200);
      expect(detail.body).toMatchObject({ dueDate: '2030-09-30', deadlineText: '2030年9月30日' });
      expect(detail.body.deadlines).toEqual([
        expect.objectContaining({ dueDate: '2030-06-30', source: 'import', isCurrent: false }),
        expect.objectContaining({ dueDate: '2030-09-30', source: 'correction', isCurrent: true }),
      ]);
      expect(await auditRows(taskId, 'task.update')).toEqual([
        expect.objectContaining({ outcome: 'refused', after: { code: 'VERSION_REQUIRED' } }),
        expect.objectContaining({
          outcome: 'ok',
          before: expect.objectContaining({ dueDate: '2030-06-30', version: 1 }),
          after: expect.objectContaining({ dueDate: '2030-09-30', reason: '原文时限有误', version: 2 }),
        }),
      ]);
    });
  });

  describe('sign-for (签收) and receipt overdue', () => {
    it('marks an unsigned task past the receipt days as receipt overdue until the unit signs', async () => {
      const publishedAt = new Date(Date.now() - 20 * 86_400_000).toISOString();
      const { taskId } = await createTask(t.db, { leadUnitId: unitA, coUnitIds: [unitB], publishedAt, state: 'not_started' });
      const before = await as(tokens.a).get(`/tasks/${taskId}`).expect(200);
      expect(before.body.receiptOverdue).toBe(true);
      expect(before.body.reasons).toContainEqual(expect.objectContaining({ code: 'RECEIPT_OVERDUE' }));
      const listed = await as(tokens.office)
        .get(`/tasks?q=${encodeURIComponent(before.body.title)}`)
        .expect(200);
      expect(listed.body.items[0].receiptOverdue).toBe(true);

      const signed = await as(tokens.a).post(`/tasks/${taskId}/sign`).expect(200);
      expect(signed.body).toMatchObject({ taskId, unitId: unitA, changed: true });
      const again = await as(tokens.a).post(`/tasks/${taskId}/sign`).expect(200);
      expect(again.body).toMatchObject({ changed: false, signedAt: signed.body.signedAt });
      const after = await as(tokens.a).get(`/tasks/${taskId}`).expect(200);
      expect(after.body.receiptOverdue).toBe(false);
      expect(after.body.units[0].signedAt).toBe(signed.body.signedAt);
      // the co-unit signs for its own share
      expect((await as(tokens.b).get(`/tasks/${taskId}`).expect(200)).body.receiptOverdue).toBe(true);
      await as(tokens.b).post(`/tasks/${taskId}/sign`).expect(200);
      expect((await as(tokens.b).get(`/tasks/${taskId}`).expect(200)).body.receiptOverdue).toBe(false);

      await as(tokens.c).post(`/tasks/${taskId}/sign`).expect(404);
      await as(tokens.office).post(`/tasks/${taskId}/sign`).expect(403);
      expect((await auditRows(taskId, 'task.sign')).filter((e: { outcome: string }) => e.outcome === 'ok')).toHaveLength(2);
    });
  });
});
