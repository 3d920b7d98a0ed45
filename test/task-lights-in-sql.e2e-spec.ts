import { addDays, shanghaiDate } from '@luoshi/domain/calendar';
import { periodOf, previousPeriod, REPORT_CADENCES } from '@luoshi/domain/reports';
import { TASK_STATES } from '@luoshi/domain/tasks';
import { ManualClock } from '@luoshi/infra';
import { clientAs, createTestApp, TestApp } from './support/test-app';
import { createUnit, createUser, loginAs } from './support/factories';
import { createTask } from './support/task-factories';

/** What the task list says about one task (its light and flags come from assessTask in Node). */
interface ListItem {
  id: string;
  state: string;
  light: 'red' | 'yellow' | 'green';
  overdue: boolean;
  lagging: boolean;
  receiptOverdue: boolean;
  reasons: { code: string }[];
  leadUnitId: string | null;
  publishedAt: string | null;
  documentId: string;
}

/**
 * The lights and flags the lists filter on and the dashboard counts are SQL now (task-light-sql.ts);
 * the items of a list still carry assessTask's verdict, computed in Node. These tests hold the two
 * together over HTTP on a varied set of tasks: filters with `light` select exactly the items whose
 * light assessTask gives, the dashboard's numbers are the counts over the listed tasks, for the
 * office, a leader and a bureau, and a task whose deadline passes overnight turns red the next day
 * (a ManualClock moved, not waited for).
 */
describe('traffic lights answered in Postgres (e2e)', () => {
  jest.setTimeout(180_000); // ~90 tasks set up row by row and every list read page by page, on a shared machine
  const clock = new ManualClock('2026-03-10T02:00:00Z'); // 10:00 in Shanghai
  let t: TestApp;
  let units: string[];
  let tokens: { office: string; leader: string; a: string; b: string };
  let relogin: () => Promise<void>;
  let documents: string[];
  let overnightTaskId: string;

  const today = () => clock.today();
  const get = (token: string, path: string) => clientAs(t, token).get(path).expect(200);

  /** Every item of a filtered list, all pages (page size 100). */
  async function listAll(token: string, query: string): Promise<ListItem[]> {
    const items: ListItem[] = [];
    for (let page = 1; ; page++) {
      const { body } = await get(token, `/tasks?pageSize=100&page=${page}${query ? `&${query}` : ''}`);
      items.push(...body.items);
      if (items.length >= body.total || body.items.length === 0) {
        expect(items).toHaveLength(body.total);
        return items;
      }
    }
  }

  beforeAll(async () => {
    t = await createTestApp({ RECEIPT_WORKING_DAYS: '3', REPORT_GRACE_DAYS: '5' }, { clock });
    const db = t.db;
    units = [];
    for (const name of ['区发展改革局', '区财政局', '区商务局']) units.push((await createUnit(db, { name })).id);
    const office = await createUser(db, 'office');
    const userA = await createUser(db, 'bureau', units[0]);
    // access tokens expire on the injected clock too: a day later the users log in again
    relogin = async () => {
      tokens.office = await loginAs(t, office);
      tokens.a = await loginAs(t, userA);
    };
    tokens = {
      office: await loginAs(t, office),
      leader: await loginAs(t, await createUser(db, 'leader')),
      a: await loginAs(t, userA),
      b: await loginAs(t, await createUser(db, 'bureau', units[1])),
    };

    // 90 tasks over three documents, varied deterministically: every state, due dates around today,
    // ongoing ones, publication days back to before the last closed periods, signed or not,
    // reports of the lead and co units for recent periods, notices open and closed, percentages
    // behind and ahead of the time elapsed, a few drafts
    let seed = 12;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    documents = [];
    for (let i = 0; i < 90; i++) {
      const lead = next(3);
      const co = (lead + 1 + next(2)) % 3;
      const cadence = REPORT_CADENCES[next(4) === 0 ? 1 + next(2) : 0];
      const dueIn = next(6) === 0 ? null : next(80) - 30;
      const publishedDaysBack = next(120);
      const created = await createTask(db, {
        leadUnitId: units[lead],
        coUnitIds: next(2) ? [units[co]] : [],
        state: TASK_STATES[next(10) < 6 ? next(2) : next(TASK_STATES.length)],
        dueDate: dueIn === null ? null : addDays(today(), dueIn),
        cadence,
        published: next(15) !== 0,
        publishedAt: `${addDays(today(), -publishedDaysBack)}T0${next(10)}:30:00+08:00`,
        title: `任务${i}`,
        ...(documents.length === 3 ? { documentId: documents[i % 3] } : {}),
      });
      if (documents.length < 3) documents.push(created.documentId);
      if (next(3) === 0) await db.query(`UPDATE task_unit SET signed_at = $2 WHERE task_id = $1 AND role = 'lead'`, [created.taskId, clock.now()]);
      if (next(3) === 0) await db.query(`UPDATE task_unit SET signed_at = $2 WHERE task_id = $1 AND role = 'co'`, [created.taskId, clock.now()]);
      let period = periodOf(cadence, addDays(today(), -next(40)));
      for (let r = next(3); r > 0; r--, period = previousPeriod(cadence, period)) {
        await db.query(
          `INSERT INTO progress_report (task_id, unit_id, period, status, text, percent, created_by)
           VALUES ($1, $2, $3, $4, '进展', $5, $6)`,
          [created.taskId, units[lead], period, ['submitted', 'accepted', 'draft', 'returned'][next(4)], next(3) ? next(101) : null, userA.id],
        );
      }
      for (let n = next(4) === 0 ? 1 + next(2) : 0; n > 0; n--) {
        await db.query(`INSERT INTO supervision_notice (task_id, unit_id, level, text, reply_due, status, issued_by) VALUES ($1, $2, $3, '督办', $4, $5, $6)`, [
          created.taskId,
          units[lead],
          ['blue', 'yellow', 'red'][next(3)],
          addDays(today(), next(10) - 5),
          ['open', 'replied', 'closed'][next(3)],
          office.id,
        ]);
      }
    }

    // the overnight task: due today, signed for, last period reported, nothing else to say: yellow (due today)
    const overnight = await createTask(db, {
      leadUnitId: units[0],
      state: 'in_progress',
      dueDate: today(),
      publishedAt: `${addDays(today(), -50)}T09:00:00+08:00`,
      title: '今日到期任务',
    });
    overnightTaskId = overnight.taskId;
    await db.query(`UPDATE task_unit SET signed_at = $2 WHERE task_id = $1`, [overnightTaskId, clock.now()]);
    await db.query(`INSERT INTO progress_report (task_id, unit_id, period, status, text, created_by) VALUES ($1, $2, $3, 'accepted', '进展', $4)`, [
      overnightTaskId,
      units[0],
      '2026-02',
      userA.id,
    ]);
  });
  afterAll(() => t?.close());

  const flags = {
    light: (item: ListItem, value: string) => item.light === value,
    overdue: (item: ListItem, value: string) => item.overdue === (value === 'true'),
    receiptOverdue: (item: ListItem, value: string) => item.receiptOverdue === (value === 'true'),
    lagging: (item: ListItem, value: string) => item.lagging === (value === 'true'),
    reportMissing: (item: ListItem, value: string) => item.reasons.some((r) => r.code === 'REPORT_MISSING') === (value === 'true'),
    dueSoon: (item: ListItem, value: string) => item.reasons.some((r) => r.code === 'DUE_SOON') === (value === 'true'),
  };

  it('filters combined with light select exactly the tasks whose light assessTask gives, for the office and a bureau', async () => {
    const lights = new Set<string>();
    for (const token of [tokens.office, tokens.a]) {
      const others = [
        '',
        'state=in_progress',
        `documentId=${documents[1]}`,
        'overdue=true',
        'overdue=false',
        `dueBefore=${addDays(today(), 10)}`,
        'role=lead',
        'q=任务1',
      ];
      if (token === tokens.office) others.push(`unitId=${units[1]}`, `unitId=${units[2]}&role=co`);
      for (const other of others) {
        const unfiltered = await listAll(token, other);
        for (const light of ['red', 'yellow', 'green'] as const) {
          const filtered = await listAll(token, [other, `light=${light}`].filter(Boolean).join('&'));
          const expected = unfiltered.filter((item) => item.light === light);
          // the same tasks in the same order, each carrying the light it was selected for
          expect(filtered.map((item) => item.id)).toEqual(expected.map((item) => item.id));
          if (expected.length > 0) lights.add(light);
        }
      }
    }
    expect([...lights].sort()).toEqual(['green', 'red', 'yellow']);
  });

  it('filters on each flag (receipt overdue, report missing, due soon, lagging, overdue) select what assessTask says', async () => {
    for (const token of [tokens.office, tokens.a, tokens.b]) {
      const all = await listAll(token, '');
      for (const [flag, holds] of Object.entries(flags)) {
        const values = flag === 'light' ? ['red', 'yellow', 'green'] : ['true', 'false'];
        for (const value of values) {
          const filtered = await listAll(token, `${flag}=${value}`);
          expect({ flag, value, ids: filtered.map((item) => item.id) }).toEqual({
            flag,
            value,
            ids: all.filter((item) => holds(item, value)).map((item) => item.id),
          });
        }
        if (flag === 'light') continue;
        // with light too
        const combined = await listAll(token, `${flag}=${values[0]}&light=red`);
        expect(combined.map((item) => item.id)).toEqual(all.filter((item) => holds(item, values[0]) && item.light === 'red').map((item) => item.id));
      }
    }
  });

  /** The dashboard's counts, computed directly over a list of tasks (what the list says of each). */
  function countOver(items: ListItem[]) {
    const has = (item: ListItem, code: string) => item.reasons.some((r) => r.code === code);
    const states = Object.fromEntries(TASK_STATES.map((state) => [state, items.filter((item) => item.state === state).length]));
    return {
      tasks: items.length,
      byState: states,
      overdue: items.filter((item) => item.overdue).length,
      dueSoon: items.filter((item) => has(item, 'DUE_SOON')).length,
      receiptOverdue: items.filter((item) => item.receiptOverdue).length,
      reportMissing: items.filter((item) => has(item, 'REPORT_MISSING')).length,
      lagging: items.filter((item) => item.lagging).length,
      lights: {
        red: items.filter((i) => i.light === 'red').length,
        yellow: items.filter((i) => i.light === 'yellow').length,
        green: items.filter((i) => i.light === 'green').length,
      },
    };
  }
  const dashboardCounts = (counts: { byState: { state: string; count: number }[] } & Record<string, unknown>) => ({
    tasks: counts.tasks,
    byState: Object.fromEntries(counts.byState.map((s) => [s.state, s.count])),
    overdue: counts.overdue,
    dueSoon: counts.dueSoon,
    receiptOverdue: counts.receiptOverdue,
    reportMissing: counts.reportMissing,
    lagging: counts.lagging,
    lights: counts.lights,
  });

  it('the dashboard equals a direct count over the tasks, for the office, a leader and a bureau, totals and per unit', async () => {
    for (const [who, token] of [
      ['office', tokens.office],
      ['leader', tokens.leader],
      ['bureau', tokens.a],
    ] as const) {
      const published = (await listAll(token, '')).filter((item) => item.publishedAt !== null);
      const { body } = await get(token, '/dashboard');
      expect({ who, ...dashboardCounts(body.totals) }).toEqual({ who, ...countOver(published) });
      expect(body.totals.tasks).toBeGreaterThan(who === 'bureau' ? 20 : 60);
      // one row per unit as lead (each test task has one lead unit); a bureau sees its own row only
      const rowUnits = who === 'bureau' ? [units[0]] : units;
      expect(body.byUnit.map((row: { unitId: string }) => row.unitId).sort()).toEqual([...rowUnits].sort());
      for (const unitId of rowUnits) {
        const row = body.byUnit.find((r: { unitId: string }) => r.unitId === unitId);
        expect({ who, unitId, ...dashboardCounts(row.asLead) }).toEqual({ who, unitId, ...countOver(published.filter((item) => item.leadUnitId === unitId)) });
      }
    }
    // and the task count is the table's
    const [{ published }] = await t.db.query(`SELECT count(*)::int AS published FROM task WHERE published_at IS NOT NULL`);
    expect((await get(tokens.office, '/dashboard')).body.totals.tasks).toBe(published);
  });

  it('a task whose deadline passes overnight turns red in the lists and the dashboard the next day', async () => {
    const before = (await get(tokens.office, '/dashboard')).body;
    expect(before.asOf).toBe('2026-03-10');
    expect(before.asOfTime).toBe('2026-03-10T10:00:00.000+08:00');
    const item = (await listAll(tokens.office, 'q=今日到期')).find((i) => i.id === overnightTaskId)!;
    expect(item).toMatchObject({ light: 'yellow', overdue: false, reasons: [{ code: 'DUE_SOON', message: '今天到期' }] });
    expect((await listAll(tokens.office, 'light=red')).map((i) => i.id)).not.toContain(overnightTaskId);
    expect((await listAll(tokens.a, 'overdue=true')).map((i) => i.id)).not.toContain(overnightTaskId);

    clock.advanceDays(1);
    await relogin();
    expect(shanghaiDate(clock.now())).toBe('2026-03-11');
    const after = (await get(tokens.office, '/dashboard')).body;
    expect(after.asOf).toBe('2026-03-11');
    expect((await listAll(tokens.office, 'light=red')).map((i) => i.id)).toContain(overnightTaskId);
    expect((await listAll(tokens.a, 'overdue=true&light=red')).map((i) => i.id)).toContain(overnightTaskId);
    expect((await listAll(tokens.office, 'light=yellow')).map((i) => i.id)).not.toContain(overnightTaskId);
    const turned = (await listAll(tokens.office, 'q=今日到期')).find((i) => i.id === overnightTaskId)!;
    expect(turned).toMatchObject({ light: 'red', overdue: true, reasons: [{ code: 'OVERDUE', message: '已逾期1天' }] });
    // the dashboard still equals the count over the lists on the new day
    const published = (await listAll(tokens.office, '')).filter((i) => i.publishedAt !== null);
    expect(dashboardCounts(after.totals)).toEqual(countOver(published));
    const unitRow = (body: { byUnit: { unitId: string; asLead: { overdue: number } }[] }) => body.byUnit.find((r) => r.unitId === units[0])!.asLead;
    expect(unitRow(after).overdue).toBeGreaterThanOrEqual(unitRow(before).overdue + 1);
    clock.advanceDays(-1);
    await relogin();
  });
});
