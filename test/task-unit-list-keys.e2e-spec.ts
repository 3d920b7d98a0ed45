import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientAs, createTestApp, TestApp } from './support/test-app';
import { createUnit, createUser, loginAs } from './support/factories';
import { createTask } from './support/task-factories';

/**
 * task_unit carries copies of its task's due date, publication and state (the "my tasks" index
 * ix_task_unit_unit_due); triggers keep them equal to the task's through every write path.
 */
describe('task_unit list keys kept in step with the task (e2e)', () => {
  let t: TestApp;
  let unitA: string;
  let unitB: string;
  let unitC: string;
  let tokens: { office: string; a: string; b: string; c: string };

  beforeAll(async () => {
    t = await createTestApp();
    unitA = (await createUnit(t.db, { name: '区发展改革局' })).id;
    unitB = (await createUnit(t.db, { name: '区财政局' })).id;
    unitC = (await createUnit(t.db, { name: '区商务局' })).id;
    tokens = {
      office: await loginAs(t, await createUser(t.db, 'office')),
      a: await loginAs(t, await createUser(t.db, 'bureau', unitA)),
      b: await loginAs(t, await createUser(t.db, 'bureau', unitB)),
      c: await loginAs(t, await createUser(t.db, 'bureau', unitC)),
    };
  });
  afterAll(() => t.close());

  const as = (token: string) => clientAs(t, token);

  /** The copies on each of the task's task_unit rows, by unit. */
  async function copies(taskId: string): Promise<Record<string, { dueDate: string | null; published: boolean; state: string }>> {
    const rows: { unit_id: string; due: string | null; published: boolean; state: string }[] = await t.db.query(
      `SELECT unit_id, task_due_date::text AS due, task_published AS published, task_state AS state FROM task_unit WHERE task_id = $1`,
      [taskId],
    );
    return Object.fromEntries(rows.map((r) => [r.unit_id, { dueDate: r.due, published: r.published, state: r.state }]));
  }

  /** task_unit rows anywhere whose copies differ from their task. */
  async function outOfStep(): Promise<number> {
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM task_unit tu JOIN task t ON t.id = tu.task_id
        WHERE tu.task_due_date IS DISTINCT FROM t.due_date OR tu.task_published <> (t.published_at IS NOT NULL) OR tu.task_state <> t.state`,
    );
    return n;
  }

  /** Units whose kept count (unit_task_count) differs from counting their published task_unit rows. */
  async function countsOutOfStep(): Promise<{ unit_id: string; kept: number; actual: number }[]> {
    return t.db.query(
      `SELECT u.id AS unit_id, coalesce(c.published, 0) AS kept, (SELECT count(*)::int FROM task_unit tu WHERE tu.unit_id = u.id AND tu.task_published) AS actual
         FROM unit u LEFT JOIN unit_task_count c ON c.unit_id = u.id
        WHERE coalesce(c.published, 0) <> (SELECT count(*) FROM task_unit tu WHERE tu.unit_id = u.id AND tu.task_published)`,
    );
  }

  const version = async (taskId: string) => Number((await t.db.query(`SELECT version FROM task WHERE id = $1`, [taskId]))[0].version);
  const myList = async (token: string, query = '') =>
    (await as(token).get(`/tasks/mine?pageSize=100${query}`).expect(200)).body as { items: { id: string; dueDate: string | null }[]; total: number };

  it('follows publishing, deadline corrections, extension approval, transitions, assignment, and refuses direct writes', async () => {
    // a draft document: the copies are there from the insert on, unpublished
    const later = await createTask(t.db, { leadUnitId: unitA, coUnitIds: [unitB], dueDate: '2030-06-30', published: false, title: '六月任务' });
    const sooner = await createTask(t.db, {
      leadUnitId: unitA,
      dueDate: '2030-03-31',
      published: false,
      documentId: later.documentId,
      measureId: later.measureId,
      title: '三月任务',
    });
    expect(await copies(later.taskId)).toEqual({
      [unitA]: { dueDate: '2030-06-30', published: false, state: 'in_progress' },
      [unitB]: { dueDate: '2030-06-30', published: false, state: 'in_progress' },
    });
    expect((await myList(tokens.a)).total).toBe(0);

    // publishing (one UPDATE over the document's tasks)
    await as(tokens.office).post(`/documents/${later.documentId}/publish`).expect(200);
    expect(Object.values(await copies(later.taskId)).map((c) => c.published)).toEqual([true, true]);
    expect((await copies(sooner.taskId))[unitA].published).toBe(true);
    expect((await myList(tokens.a)).items.map((i) => i.id)).toEqual([sooner.taskId, later.taskId]);
    expect((await myList(tokens.b)).items.map((i) => i.id)).toEqual([later.taskId]);

    // the office corrects a deadline
    await as(tokens.office)
      .patch(`/tasks/${sooner.taskId}`, { dueDate: '2030-09-30', version: await version(sooner.taskId) })
      .expect(200);
    expect((await copies(sooner.taskId))[unitA].dueDate).toBe('2030-09-30');
    expect((await myList(tokens.a)).items.map((i) => i.id)).toEqual([later.taskId, sooner.taskId]);

    // an approved extension moves the deadline on every unit's row
    const ext = await as(tokens.a).post(`/tasks/${later.taskId}/extensions`, { reason: '资金未到位', proposedDate: '2030-12-31' }).expect(201);
    expect((await copies(later.taskId))[unitB].dueDate).toBe('2030-06-30'); // pending changes nothing
    await as(tokens.office).post(`/extensions/${ext.body.id}/approve`, { comment: '同意' }).expect(200);
    expect(await copies(later.taskId)).toEqual({
      [unitA]: { dueDate: '2030-12-31', published: true, state: 'in_progress' },
      [unitB]: { dueDate: '2030-12-31', published: true, state: 'in_progress' },
    });
    const mine = await myList(tokens.a);
    expect(mine.items.map((i) => [i.id, i.dueDate])).toEqual([
      [sooner.taskId, '2030-09-30'],
      [later.taskId, '2030-12-31'],
    ]);
    expect((await myList(tokens.a, '&dueBefore=2030-10-31')).items.map((i) => i.id)).toEqual([sooner.taskId]);
    expect((await myList(tokens.b, '&dueBefore=2030-10-31')).total).toBe(0);

    // a transition changes the state copy
    await as(tokens.a)
      .post(`/tasks/${sooner.taskId}/transitions`, { to: 'submitted_done', version: await version(sooner.taskId) })
      .expect(200);
    expect((await copies(sooner.taskId))[unitA].state).toBe('submitted_done');
    expect((await myList(tokens.a, '&state=submitted_done')).items.map((i) => i.id)).toEqual([sooner.taskId]);
    expect((await myList(tokens.a, '&state=in_progress')).items.map((i) => i.id)).toEqual([later.taskId]);

    // a unit added later gets the copies on insert
    await as(tokens.office)
      .put(`/tasks/${sooner.taskId}/units`, {
        units: [
          { unitId: unitA, role: 'lead' },
          { unitId: unitC, role: 'co' },
        ],
        version: await version(sooner.taskId),
      })
      .expect(200);
    expect((await copies(sooner.taskId))[unitC]).toEqual({ dueDate: '2030-09-30', published: true, state: 'submitted_done' });
    expect((await myList(tokens.c)).items.map((i) => i.id)).toEqual([sooner.taskId]);

    // an ongoing task (no due date) sorts last
    await as(tokens.office)
      .patch(`/tasks/${sooner.taskId}`, { dueDate: null, version: await version(sooner.taskId) })
      .expect(200);
    expect((await copies(sooner.taskId))[unitA].dueDate).toBeNull();
    expect((await myList(tokens.a)).items.map((i) => i.id)).toEqual([later.taskId, sooner.taskId]);

    // the copies cannot be written past the task: a direct UPDATE gets the task's values again
    await t.db.query(`UPDATE task_unit SET task_due_date = '1999-01-01', task_published = false, task_state = 'completed' WHERE task_id = $1`, [later.taskId]);
    expect((await copies(later.taskId))[unitB]).toEqual({ dueDate: '2030-12-31', published: true, state: 'in_progress' });

    // a change that does not touch the keys leaves them alone; unpublishing hides the task again
    await t.db.query(`UPDATE task SET title = '改名', published_at = NULL WHERE id = $1`, [later.taskId]);
    expect((await copies(later.taskId))[unitA].published).toBe(false);
    expect((await myList(tokens.b)).total).toBe(0);
    expect(await outOfStep()).toBe(0);
    expect(await countsOutOfStep()).toEqual([]);
  });

  it("keeps each unit's count of published tasks (the whole list's total) through every kind of write", async () => {
    const unitD = (await createUnit(t.db, { name: '区住建局' })).id;
    const tokenD = await loginAs(t, await createUser(t.db, 'bureau', unitD));
    const total = async () => (await myList(tokenD)).total;
    const first = await createTask(t.db, { leadUnitId: unitD, coUnitIds: [unitA], dueDate: '2031-01-31', published: false });
    const second = await createTask(t.db, {
      leadUnitId: unitD,
      dueDate: '2031-02-28',
      published: false,
      documentId: first.documentId,
      measureId: first.measureId,
    });
    expect(await total()).toBe(0);
    await as(tokens.office).post(`/documents/${first.documentId}/publish`).expect(200);
    expect(await total()).toBe(2);
    // reassigned: the lead moves from D to C (one statement deletes and inserts task_unit rows)
    await as(tokens.office)
      .put(`/tasks/${second.taskId}/units`, { units: [{ unitId: unitC, role: 'lead' }], version: await version(second.taskId) })
      .expect(200);
    expect(await total()).toBe(1);
    // moved by raw SQL, then the task deleted: the count follows both
    await t.db.query(`UPDATE task_unit SET unit_id = $1 WHERE task_id = $2 AND unit_id = $3`, [unitD, second.taskId, unitC]);
    expect(await total()).toBe(2);
    await t.db.query(`DELETE FROM task WHERE id = $1`, [first.taskId]);
    expect(await total()).toBe(1);
    // the filtered list still counts, and agrees
    expect((await myList(tokenD, '&state=in_progress')).total).toBe(1);
    expect(await countsOutOfStep()).toEqual([]);
  });

  it('copies the keys onto the rows the importer bulk-inserts', async () => {
    const name = '003_e9b96b9635c13b94.txt';
    const file = Buffer.from(`${readFileSync(join(__dirname, '../samples', name)).toString('utf8')}\n（列表键）\n`);
    const preview = await t.http.post('/documents/imports').auth(tokens.office, { type: 'bearer' }).attach('file', file, name).expect(201);
    const committed = await t.http.post(`/documents/imports/${preview.body.previewId}/commit`).auth(tokens.office, { type: 'bearer' }).send({}).expect(200);
    const [row] = await t.db.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE NOT tu.task_published)::int AS unpublished, count(tu.task_due_date)::int AS dated
         FROM task_unit tu JOIN task t ON t.id = tu.task_id WHERE t.document_id = $1`,
      [committed.body.documentId],
    );
    expect(row.n).toBeGreaterThan(50);
    expect(row.unpublished).toBe(row.n);
    expect(row.dated).toBeGreaterThan(0);
    expect(await outOfStep()).toBe(0);
  });

  it('still refuses a task_unit row for a task that does not exist with the foreign key error', async () => {
    await expect(t.db.query(`INSERT INTO task_unit (task_id, unit_id, role) VALUES (gen_random_uuid(), $1, 'lead')`, [unitA])).rejects.toMatchObject({
      code: '23503',
    });
  });
});
