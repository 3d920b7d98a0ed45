import { clientAs, createTestApp, TestApp } from './support/test-app';
import { createUnit, tokensFor } from './support/factories';
import { createTask } from './support/task-factories';

describe('publishing (交办) and assignment (e2e)', () => {
  let t: TestApp;
  let unitA: string;
  let unitB: string;
  let unitC: string;
  let sectionB: string;
  let tokens: { office: string; a: string; b: string; c: string; leader: string };

  beforeAll(async () => {
    t = await createTestApp();
    unitA = (await createUnit(t.db, { name: '区发展改革局' })).id;
    const b = await createUnit(t.db, { name: '区税务局', sections: ['税政一股'] });
    unitB = b.id;
    sectionB = (await t.db.query(`SELECT id FROM unit_section WHERE unit_id = $1`, [unitB]))[0].id;
    unitC = (await createUnit(t.db, { name: '区商务局' })).id;
    tokens = await tokensFor(t, { a: unitA, b: unitB, c: unitC });
  });
  afterAll(() => t.close());

  const as = (token: string) => clientAs(t, token);

  /** A draft document with two tasks for A (one shared with B) and one task with no unit at all. */
  async function draftDocument() {
    const first = await createTask(t.db, { leadUnitId: unitA, published: false, title: '草稿任务一' });
    const documentId = first.documentId;
    const second = await createTask(t.db, {
      leadUnitId: unitA,
      coUnitIds: [unitB],
      published: false,
      documentId,
      measureId: first.measureId,
      title: '草稿任务二',
    });
    const orphan = await createTask(t.db, { leadUnitId: unitA, published: false, documentId, title: '待分配任务' });
    await t.db.query(`DELETE FROM task_unit WHERE task_id = $1`, [orphan.taskId]);
    await t.db.query(`UPDATE measure SET lead_unit_id = NULL, number = '7' WHERE id = $1`, [orphan.measureId]);
    return { documentId, first: first.taskId, second: second.taskId, orphan: orphan.taskId, orphanMeasure: orphan.measureId };
  }

  it('refuses to publish while a task has no lead unit, listing the measures (422), and changes nothing', async () => {
    const doc = await draftDocument();
    const res = await as(tokens.office).post(`/documents/${doc.documentId}/publish`).expect(422);
    expect(res.body).toMatchObject({
      code: 'PUBLISH_UNASSIGNED_MEASURES',
      details: { measures: [{ measureId: doc.orphanMeasure, number: '7', title: '测试措施', tasks: 1 }] },
    });
    expect(res.body.message).toContain('第7项');
    const [docRow] = await t.db.query(`SELECT status FROM policy_document WHERE id = $1`, [doc.documentId]);
    expect(docRow.status).toBe('draft');
    expect(await t.db.query(`SELECT 1 FROM notification WHERE payload->>'documentId' = $1`, [doc.documentId])).toHaveLength(0);
    const refused = await t.db.query(`SELECT outcome, after FROM audit_log WHERE action = 'document.publish' AND entity_id = $1`, [doc.documentId]);
    expect(refused).toEqual([{ outcome: 'refused', after: expect.objectContaining({ code: 'PUBLISH_UNASSIGNED_MEASURES' }) }]);
  });

  it('assigns units (a lead required, sections checked, versioned, audited), then publishes once with one notification per unit', async () => {
    const doc = await draftDocument();
    // validation: no lead, unknown unit, section of another unit
    const bad = await as(tokens.office)
      .put(`/tasks/${doc.orphan}/units`, {
        version: 1,
        units: [
          { unitId: unitA, role: 'co', sectionId: sectionB },
          { unitId: '00000000-0000-4000-8000-000000000000', role: 'co' },
        ],
      })
      .expect(400);
    expect(bad.body.fields.map((f: { code: string }) => f.code).sort()).toEqual(['LEAD_REQUIRED', 'SECTION_NOT_IN_UNIT', 'UNIT_NOT_FOUND']);
    await as(tokens.a)
      .put(`/tasks/${doc.orphan}/units`, { version: 1, units: [{ unitId: unitA, role: 'lead' }] })
      .expect(403);
    await as(tokens.office)
      .put(`/tasks/${doc.orphan}/units`, { units: [{ unitId: unitC, role: 'lead' }] })
      .expect(428);

    const assigned = await as(tokens.office)
      .put(`/tasks/${doc.orphan}/units`, {
        version: 1,
        units: [
          { unitId: unitB, role: 'co', sectionId: sectionB },
          { unitId: unitC, role: 'lead' },
        ],
      })
      .expect(200);
    expect(assigned.body.version).toBe(2);
    const detail = await as(tokens.office).get(`/tasks/${doc.orphan}`).expect(200);
    expect(detail.body.units).toEqual([
      expect.objectContaining({ unitId: unitC, role: 'lead', sectionId: null }),
      expect.objectContaining({ unitId: unitB, role: 'co', sectionName: '税政一股' }),
    ]);
    const audit = await t.db.query(`SELECT before, after FROM audit_log WHERE action = 'task.assign' AND outcome = 'ok' AND entity_id = $1`, [doc.orphan]);
    expect(audit).toEqual([
      {
        before: { units: [], version: 1 },
        after: expect.objectContaining({ version: 2, units: expect.arrayContaining([expect.objectContaining({ unitId: unitC, role: 'lead' })]) }),
      },
    ]);

    // before publishing, bureaus see nothing of the document
    expect((await as(tokens.c).get(`/tasks?documentId=${doc.documentId}`).expect(200)).body.total).toBe(0);
    await as(tokens.a).post(`/documents/${doc.documentId}/publish`).expect(403);
    await as(tokens.leader).post(`/documents/${doc.documentId}/publish`).expect(403);

    const published = await as(tokens.office).post(`/documents/${doc.documentId}/publish`).expect(200);
    expect(published.body).toMatchObject({ documentId: doc.documentId, status: 'published', tasks: 3, units: 3, notifications: 3 });
    const notes = await t.db.query(
      `SELECT recipient_unit_id AS "unitId", kind, title, body, dedupe_key AS "dedupeKey", payload, status FROM notification
        WHERE kind = 'task.assigned' AND payload->>'documentId' = $1 ORDER BY body`,
      [doc.documentId],
    );
    expect(notes).toHaveLength(3);
    const forA = notes.find((n: { unitId: string }) => n.unitId === unitA);
    expect(forA).toMatchObject({
      dedupeKey: `task.assigned:${doc.documentId}:${unitA}`,
      status: 'pending',
      payload: { taskCount: 2, taskIds: expect.any(Array) },
    });
    expect(forA.payload.taskIds).toHaveLength(2);
    expect(forA.body).toContain('承担 2 项任务（');
    expect(notes.find((n: { unitId: string }) => n.unitId === unitB).payload.taskCount).toBe(2);

    // now the units see their tasks, unsigned
    const c = await as(tokens.c).get(`/tasks?documentId=${doc.documentId}`).expect(200);
    expect(c.body.items.map((i: { id: string }) => i.id)).toEqual([doc.orphan]);
    expect(c.body.items[0]).toMatchObject({ signedAt: null, receiptOverdue: false, myRole: 'lead' });
    expect((await as(tokens.b).get(`/tasks?documentId=${doc.documentId}`).expect(200)).body.total).toBe(2);

    // publishing again is refused and duplicates nothing
    const again = await as(tokens.office).post(`/documents/${doc.documentId}/publish`).expect(409);
    expect(again.body.code).toBe('ALREADY_PUBLISHED');
    expect(await t.db.query(`SELECT 1 FROM notification WHERE payload->>'documentId' = $1`, [doc.documentId])).toHaveLength(3);
    const docAudit = await t.db.query(`SELECT outcome FROM audit_log WHERE action = 'document.publish' AND entity_id = $1 ORDER BY id`, [doc.documentId]);
    expect(docAudit.map((r: { outcome: string }) => r.outcome)).toEqual(['ok', 'refused']);
  });

  it('serialises concurrent publishes: one 200, one 409, notifications once', async () => {
    const { documentId } = await createTask(t.db, { leadUnitId: unitA, coUnitIds: [unitB], published: false });
    const results = await Promise.all([as(tokens.office).post(`/documents/${documentId}/publish`), as(tokens.office).post(`/documents/${documentId}/publish`)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await t.db.query(`SELECT 1 FROM notification WHERE payload->>'documentId' = $1`, [documentId])).toHaveLength(2);
  });

  it('notifies a unit newly assigned after publication about that task, once per task, even when it has others in the document', async () => {
    const { taskId, documentId, measureId } = await createTask(t.db, { leadUnitId: unitA, published: false });
    const other = await createTask(t.db, { leadUnitId: unitC, published: false, documentId, measureId, title: '另一项任务' });
    await as(tokens.office).post(`/documents/${documentId}/publish`).expect(200);
    await as(tokens.office)
      .put(`/tasks/${taskId}/units`, {
        version: 2,
        units: [
          { unitId: unitA, role: 'lead' },
          { unitId: unitC, role: 'co' },
        ],
      })
      .expect(200);
    await as(tokens.office)
      .put(`/tasks/${taskId}/units`, { version: 3, units: [{ unitId: unitA, role: 'lead' }] })
      .expect(200);
    await as(tokens.office)
      .put(`/tasks/${taskId}/units`, {
        version: 4,
        units: [
          { unitId: unitA, role: 'lead' },
          { unitId: unitC, role: 'co' },
        ],
      })
      .expect(200);
    const rows = await t.db.query(
      `SELECT recipient_unit_id AS "unitId", kind, title, body, payload FROM notification WHERE payload->>'documentId' = $1 ORDER BY created_at, kind`,
      [documentId],
    );
    const [{ title: taskTitle }] = await t.db.query(`SELECT title FROM task WHERE id = $1`, [taskId]);
    // publishing told A and C about their own tasks; C, which already had a task in the document, is told about this one too
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ unitId: unitA, kind: 'task.assigned', payload: expect.objectContaining({ taskIds: [taskId], leadCount: 1, coCount: 0 }) }),
        expect.objectContaining({ unitId: unitC, kind: 'task.assigned', payload: expect.objectContaining({ taskIds: [other.taskId] }) }),
        {
          unitId: unitC,
          kind: 'task.added',
          title: `新增交办任务：${taskTitle}`,
          body: expect.stringContaining(`「${taskTitle}」已交办贵单位配合落实`),
          payload: { documentId, taskId, unitId: unitC, role: 'co' },
        },
      ]),
    );
    expect(rows).toHaveLength(3);
    // a stale version is refused
    await as(tokens.office)
      .put(`/tasks/${taskId}/units`, { version: 4, units: [{ unitId: unitA, role: 'lead' }] })
      .expect(409);
  });

  it('keeps the receipt of a unit that stays on the task when units are reassigned', async () => {
    const { taskId } = await createTask(t.db, { leadUnitId: unitA, coUnitIds: [unitB] });
    await as(tokens.b).post(`/tasks/${taskId}/sign`).expect(200);
    await as(tokens.office)
      .put(`/tasks/${taskId}/units`, {
        version: 1,
        units: [
          { unitId: unitB, role: 'lead' },
          { unitId: unitA, role: 'co' },
        ],
      })
      .expect(200);
    const detail = await as(tokens.b).get(`/tasks/${taskId}`).expect(200);
    expect(detail.body.units[0]).toMatchObject({ unitId: unitB, role: 'lead', signedAt: expect.any(String) });
    expect(detail.body.myRole).toBe('lead');
  });

  it('returns 404 for an unknown document', async () => {
    const res = await as(tokens.office).post('/documents/00000000-0000-4000-8000-000000000000/publish').expect(404);
    expect(res.body.code).toBe('DOCUMENT_NOT_FOUND');
  });
  it('takes several leads, as documents name them: the first given is the principal lead, each may act as lead', async () => {
    const due = '2031-06-30';
    const { taskId } = await createTask(t.db, { leadUnitId: unitA, dueDate: due, published: true, title: '多牵头任务' });
    const version = Number((await t.db.query(`SELECT version FROM task WHERE id = $1`, [taskId]))[0].version);
    await as(tokens.office)
      .put(`/tasks/${taskId}/units`, {
        version,
        units: [
          { unitId: unitC, role: 'co' },
          { unitId: unitB, role: 'lead' },
          { unitId: unitA, role: 'lead' },
        ],
      })
      .expect(200);
    const rows = await t.db.query(`SELECT unit_id, role, position FROM task_unit WHERE task_id = $1 ORDER BY position`, [taskId]);
    expect(rows).toEqual([
      { unit_id: unitB, role: 'lead', position: 0 },
      { unit_id: unitA, role: 'lead', position: 1 },
      { unit_id: unitC, role: 'co', position: 2 },
    ]);
    const detail = await as(tokens.office).get(`/tasks/${taskId}`).expect(200);
    expect(detail.body.leadUnitId).toBe(unitB);
    expect(detail.body.units.filter((u: { role: string }) => u.role === 'lead').map((u: { unitId: string }) => u.unitId)).toEqual([unitB, unitA]);
    // the second lead is a lead too: it may ask for an extension; the co-responsible unit may not
    await as(tokens.a).post(`/tasks/${taskId}/extensions`, { reason: '两家牵头，需协调', proposedDate: '2031-09-30' }).expect(201);
    expect((await as(tokens.c).post(`/tasks/${taskId}/extensions`, { reason: '配合单位', proposedDate: '2031-09-30' }).expect(403)).body.code).toBe(
      'LEAD_UNIT_ONLY',
    );
  });
});
