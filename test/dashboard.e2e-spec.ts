import { addDays, shanghaiDate } from '@luoshi/domain/calendar';
import { latestClosedPeriod, periodOf } from '@luoshi/domain/reports';
import { TASK_STATE_LABELS_ZH, TASK_STATES, type TaskState } from '@luoshi/domain/tasks';
import { clientAs, createTestApp, TestApp } from './support/test-app';
import { createUnit, createUser, loginAs } from './support/factories';
import { createTask, CreatedTask } from './support/task-factories';

const today = () => shanghaiDate(new Date());
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/** The counts of one dashboard row, written compactly: [red, yellow, green], [blue, yellow, red], [reports, completions, extensions]. */
interface Counts {
  tasks: number;
  states: Partial<Record<TaskState, number>>;
  overdue?: number;
  dueSoon?: number;
  receiptOverdue?: number;
  reportMissing?: number;
  lagging?: number;
  lights: [number, number, number];
  notices?: [number, number, number];
  replyOverdue?: number;
  pending?: [number, number, number];
}

function counts(c: Counts) {
  const [blue, yellow, red] = c.notices ?? [0, 0, 0];
  const [reports, completions, extensions] = c.pending ?? [0, 0, 0];
  return {
    tasks: c.tasks,
    byState: TASK_STATES.map((state) => ({ state, label: TASK_STATE_LABELS_ZH[state], count: c.states[state] ?? 0 })),
    overdue: c.overdue ?? 0,
    dueSoon: c.dueSoon ?? 0,
    receiptOverdue: c.receiptOverdue ?? 0,
    reportMissing: c.reportMissing ?? 0,
    lagging: c.lagging ?? 0,
    lights: { red: c.lights[0], yellow: c.lights[1], green: c.lights[2] },
    openNotices: { blue, yellow, red, total: blue + yellow + red },
    noticesReplyOverdue: c.replyOverdue ?? 0,
    pendingReview: { reports, completions, extensions },
  };
}

describe('dashboard (e2e)', () => {
  let t: TestApp;
  let unitA: string;
  let unitB: string;
  let tokens: { office: string; leader: string; a: string; b: string; c: string };
  let d1: CreatedTask; // T1: document 1, measure 1
  let d2: CreatedTask; // T3: document 2, measure 2
  let d3: CreatedTask; // T9: document 3 (B only)

  // what each unit's row says as lead, the same for the office and for the unit itself
  const rowA = () =>
    counts({
      tasks: 4, // T1, T3, T4, T6
      states: { not_started: 1, in_progress: 2, completed: 1 },
      overdue: 1,
      reportMissing: 1,
      lagging: 1,
      lights: [2, 1, 1],
      notices: [1, 0, 1],
      replyOverdue: 1,
      pending: [0, 0, 1],
    });
  const rowB = () =>
    counts({
      tasks: 4, // T2, T5, T7, T9
      states: { in_progress: 2, submitted_done: 1, not_applicable: 1 },
      dueSoon: 1,
      receiptOverdue: 1,
      lights: [0, 2, 2],
      notices: [0, 1, 0],
      pending: [3, 1, 0],
    });
  const totalsB = () =>
    counts({
      tasks: 5, // T1 (co), T2, T5, T7, T9
      states: { in_progress: 3, submitted_done: 1, not_applicable: 1 },
      dueSoon: 1,
      receiptOverdue: 1,
      lights: [0, 3, 2],
      notices: [1, 1, 1],
      replyOverdue: 1,
      pending: [3, 1, 0],
    });

  beforeAll(async () => {
    t = await createTestApp();
    const db = t.db;
    unitA = (await createUnit(db, { name: '区发展改革局' })).id;
    unitB = (await createUnit(db, { name: '区财政局' })).id;
    const unitC = (await createUnit(db, { name: '区商务局' })).id; // no tasks at all
    const office = await createUser(db, 'office');
    const userA = await createUser(db, 'bureau', unitA);
    const userB = await createUser(db, 'bureau', unitB);
    tokens = {
      office: await loginAs(t, office),
      leader: await loginAs(t, await createUser(db, 'leader')),
      a: await loginAs(t, userA),
      b: await loginAs(t, userB),
      c: await loginAs(t, await createUser(db, 'bureau', unitC)),
    };
    const now = today();

    // T1 A leads, B co; open blue notice past its reply date, a replied red one (still open)
    d1 = await createTask(db, { leadUnitId: unitA, coUnitIds: [unitB], state: 'in_progress' });
    const inD1 = { documentId: d1.documentId, measureId: d1.measureId };
    // T2 B leads, due in 3 days; an open yellow notice and a closed one; B's submitted report; a rejected extension
    const t2 = await createTask(db, { ...inD1, leadUnitId: unitB, state: 'in_progress', dueDate: addDays(now, 3) });
    // T3 A leads, overdue by 3 days, a pending extension
    d2 = await createTask(db, { leadUnitId: unitA, state: 'not_started', dueDate: addDays(now, -3) });
    const inD2 = { documentId: d2.documentId, measureId: d2.measureId };
    // T4 A leads, ongoing (长期), published 60 days ago and signed for, no report: the last closed period is missing
    const t4 = await createTask(db, { ...inD2, leadUnitId: unitA, state: 'in_progress', dueDate: null, publishedAt: daysAgo(60) });
    await db.query(`UPDATE task_unit SET signed_at = now() WHERE task_id = $1`, [t4.taskId]);
    // T5 B leads, A co, submitted as done; both units' reports submitted
    const t5 = await createTask(db, { ...inD2, leadUnitId: unitB, coUnitIds: [unitA], state: 'submitted_done' });
    // T6 A completed, T7 B not applicable (green)
    await createTask(db, { ...inD1, leadUnitId: unitA, state: 'completed' });
    await createTask(db, { ...inD1, leadUnitId: unitB, state: 'not_applicable' });
    // T8 A leads, never published: counted nowhere
    const t8 = await createTask(db, { leadUnitId: unitA, state: 'in_progress', dueDate: addDays(now, -10), published: false });
    // T9 B leads, published 30 days ago, never signed for (receipt overdue); reported the last closed period (accepted)
    d3 = await createTask(db, { leadUnitId: unitB, state: 'in_progress', publishedAt: daysAgo(30) });

    const notice = (taskId: string, unitId: string, level: string, status: string, replyDue: string) =>
      db.query(
        `INSERT INTO supervision_notice (task_id, unit_id, level, text, reply_due, status, reply_text, replied_at, issued_by)
         VALUES ($1, $2, $3, '请加快推进', $4, $5, CASE WHEN $5 <> 'open' THEN '已推进' END, CASE WHEN $5 <> 'open' THEN now() END, $6)`,
        [taskId, unitId, level, replyDue, status, office.id],
      );
    await notice(d1.taskId, unitA, 'blue', 'open', addDays(now, -1));
    await notice(d1.taskId, unitA, 'red', 'replied', addDays(now, -2));
    await notice(t2.taskId, unitB, 'yellow', 'open', addDays(now, 5));
    await notice(t2.taskId, unitB, 'yellow', 'closed', addDays(now, -5));

    const report = (taskId: string, unitId: string, by: string, status: string, period = periodOf('monthly', now)) =>
      db.query(
        `INSERT INTO progress_report (task_id, unit_id, period, status, text, submitted_at, created_by)
         VALUES ($1, $2, $3, $4, '本期推进情况', now(), $5)`,
        [taskId, unitId, period, status, by],
      );
    await report(t2.taskId, unitB, userB.id, 'submitted');
    await report(t5.taskId, unitB, userB.id, 'submitted');
    await report(t5.taskId, unitA, userA.id, 'submitted');
    await report(d3.taskId, unitB, userB.id, 'accepted', latestClosedPeriod('monthly', now, 5));
    await report(t8.taskId, unitA, userA.id, 'submitted'); // on a draft: not counted

    const extension = (taskId: string, unitId: string, by: string, status: string) =>
      db.query(
        `INSERT INTO extension_request (task_id, unit_id, reason, current_due_date, proposed_date, status, created_by)
         SELECT t.id, $2, '审批周期较长', t.due_date, coalesce(t.due_date, current_date) + 90, $3, $4 FROM task t WHERE t.id = $1`,
        [taskId, unitId, status, by],
      );
    await extension(d2.taskId, unitA, userA.id, 'pending');
    await extension(t2.taskId, unitB, userB.id, 'rejected');
  });
  afterAll(() => t?.close());

  const dashboard = (token: string, query = '') => clientAs(t, token).get(`/dashboard${query}`);

  it('office: every published task, totals and one row per unit as lead, worst first', async () => {
    const { body } = await dashboard(tokens.office).expect(200);
    expect(body.asOf).toBe(today());
    expect(body.asOfTime).toMatch(new RegExp(`^${today()}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\+08:00$`));
    expect(body.period).toBe(periodOf('monthly', today()));
    expect(body.reportPeriod).toBe(latestClosedPeriod('monthly', today(), 5));
    expect(body.totals).toEqual(
      counts({
        tasks: 8,
        states: { not_started: 1, in_progress: 4, submitted_done: 1, completed: 1, not_applicable: 1 },
        overdue: 1,
        dueSoon: 1,
        receiptOverdue: 1,
        reportMissing: 1,
        lagging: 1,
        lights: [2, 3, 3],
        notices: [1, 1, 1],
        replyOverdue: 1,
        pending: [3, 1, 1],
      }),
    );
    expect(body.byUnit).toEqual([
      { unitId: unitA, unitName: '区发展改革局', asLead: rowA(), coTasks: 1 },
      { unitId: unitB, unitName: '区财政局', asLead: rowB(), coTasks: 1 },
    ]);
  });

  it('leader: read-only, the same dashboard as the office', async () => {
    const [office, leader] = await Promise.all([dashboard(tokens.office).expect(200), dashboard(tokens.leader).expect(200)]);
    // the same figures; each answer says when it was computed
    expect({ ...leader.body, asOfTime: null }).toEqual({ ...office.body, asOfTime: null });
  });

  it('a bureau counts only the tasks its unit leads or shares, and gets its own row only', async () => {
    const a = (await dashboard(tokens.a).expect(200)).body;
    expect(a.totals).toEqual(
      counts({
        tasks: 5, // T1, T3, T4, T5 (co), T6
        states: { not_started: 1, in_progress: 2, submitted_done: 1, completed: 1 },
        overdue: 1,
        reportMissing: 1,
        lagging: 1,
        lights: [2, 1, 2],
        notices: [1, 0, 1],
        replyOverdue: 1,
        pending: [1, 1, 1], // on T5 (B leads) only A's own report part
      }),
    );
    expect(a.byUnit).toEqual([{ unitId: unitA, unitName: '区发展改革局', asLead: rowA(), coTasks: 1 }]);

    const b = (await dashboard(tokens.b).expect(200)).body;
    expect(b.totals).toEqual(totalsB());
    expect(b.byUnit).toEqual([{ unitId: unitB, unitName: '区财政局', asLead: rowB(), coTasks: 1 }]);
    expect(JSON.stringify(b)).not.toContain(unitA);

    const c = (await dashboard(tokens.c).expect(200)).body;
    expect(c.totals).toEqual(counts({ tasks: 0, states: {}, lights: [0, 0, 0] }));
    expect(c.byUnit).toEqual([]);
  });

  it('the lights and overdue counts are the task list’s (the one assessTask)', async () => {
    for (const token of [tokens.office, tokens.a, tokens.b]) {
      const [list, { body }] = await Promise.all([clientAs(t, token).get('/tasks?pageSize=100').expect(200), dashboard(token).expect(200)]);
      // the office's list also holds drafts; dashboards count published tasks only
      const items: { light: 'red' | 'yellow' | 'green'; overdue: boolean; receiptOverdue: boolean; publishedAt: string | null }[] = list.body.items.filter(
        (i: { publishedAt: string | null }) => i.publishedAt !== null,
      );
      expect(body.totals.tasks).toBe(items.length);
      expect(body.totals.lights).toEqual({
        red: items.filter((i) => i.light === 'red').length,
        yellow: items.filter((i) => i.light === 'yellow').length,
        green: items.filter((i) => i.light === 'green').length,
      });
      expect(body.totals.overdue).toBe(items.filter((i) => i.overdue).length);
      expect(body.totals.receiptOverdue).toBe(items.filter((i) => i.receiptOverdue).length);
    }
  });

  it('filters narrow: document, measure, unit', async () => {
    const byDoc = (await dashboard(tokens.office, `?documentId=${d2.documentId}`).expect(200)).body;
    expect(byDoc.totals).toEqual(
      counts({
        tasks: 3, // T3, T4, T5
        states: { not_started: 1, in_progress: 1, submitted_done: 1 },
        overdue: 1,
        reportMissing: 1,
        lagging: 1,
        lights: [2, 0, 1],
        pending: [2, 1, 1],
      }),
    );
    expect(byDoc.byUnit.map((r: { unitId: string; asLead: { tasks: number }; coTasks: number }) => [r.unitId, r.asLead.tasks, r.coTasks])).toEqual([
      [unitA, 2, 1],
      [unitB, 1, 0],
    ]);

    const byMeasure = (await dashboard(tokens.office, `?measureId=${d1.measureId}`).expect(200)).body;
    expect(byMeasure.totals.tasks).toBe(4); // T1, T2, T6, T7
    expect(byMeasure.totals.lights).toEqual({ red: 0, yellow: 2, green: 2 });

    // the office narrowed to B sees what B sees
    const officeOnB = (await dashboard(tokens.office, `?unitId=${unitB}`).expect(200)).body;
    expect(officeOnB.totals).toEqual(totalsB());

    // a bureau's filters narrow within its own tasks
    expect((await dashboard(tokens.a, `?documentId=${d3.documentId}`).expect(200)).body).toMatchObject({ totals: { tasks: 0 }, byUnit: [] });
    const bOnD2 = (await dashboard(tokens.b, `?documentId=${d2.documentId}`).expect(200)).body;
    expect(bOnD2.totals).toEqual(counts({ tasks: 1, states: { submitted_done: 1 }, lights: [0, 0, 1], pending: [2, 1, 0] }));
    const aOwn = await dashboard(tokens.a, `?unitId=${unitA}`).expect(200);
    expect({ ...aOwn.body, asOfTime: null }).toEqual({ ...(await dashboard(tokens.a).expect(200)).body, asOfTime: null });
  });

  it('a bureau naming another unit is refused (403, audited), never widened', async () => {
    const res = await dashboard(tokens.a, `?unitId=${unitB}`).expect(403);
    expect(res.body.code).toBe('UNIT_SCOPE_FORBIDDEN');
    const [entry] = await t.db.query(
      `SELECT action, entity_id, after->>'code' AS code FROM audit_log WHERE outcome = 'refused' AND entity_type = 'unit' ORDER BY id DESC LIMIT 1`,
    );
    expect(entry).toEqual({ action: 'task.access', entity_id: unitB, code: 'UNIT_SCOPE_FORBIDDEN' });
  });

  it('invalid filters and unknown query fields are 400 with the field named', async () => {
    const invalid = await dashboard(tokens.office, '?documentId=not-a-uuid').expect(400);
    expect(invalid.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: [expect.objectContaining({ field: 'documentId', code: 'IS_UUID' })] });
    const unknown = await dashboard(tokens.office, '?state=in_progress').expect(400);
    expect(unknown.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: [expect.objectContaining({ field: 'state', code: 'FIELD_NOT_ALLOWED' })] });
    await t.http.get('/dashboard').expect(401);
  });
});
