import { Client } from 'pg';
import { ManualClock } from '@luoshi/infra';
import { addDays } from '@luoshi/domain/calendar';
import { TASK_STATES } from '@luoshi/domain/tasks';
import { runSeed, type SeedResult } from '../apps/api/src/demo/demo-seed';
import { demoShiftDays } from '../apps/api/src/demo/demo-plan';
import { clientAs, createTestApp, TestApp } from './support/test-app';
import { createTestDatabase } from './support/test-database';

/** The demo's today, fixed by the test: a Wednesday afternoon in Shanghai. */
const NOW = '2026-06-17T15:30:00+08:00';
const TODAY = '2026-06-17';
const REASONS = ['OVERDUE', 'REPORT_MISSING', 'DUE_SOON', 'PROGRESS_BEHIND', 'RECEIPT_OVERDUE', 'NOTICE_OPEN'];

/** Rows per table and the sum of their versions: what a second run must leave exactly as it was. */
async function fingerprint(url: string): Promise<Record<string, string>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`
      SELECT json_build_object(
        'users', (SELECT count(*) FROM app_user), 'documents', (SELECT count(*) FROM policy_document),
        'tasks', (SELECT count(*) || '/' || sum(version) FROM task), 'signed', (SELECT count(signed_at) FROM task_unit),
        'reports', (SELECT count(*) || '/' || sum(version) FROM progress_report), 'notices', (SELECT count(*) FROM supervision_notice),
        'extensions', (SELECT count(*) FROM extension_request), 'notifications', (SELECT count(*) FROM notification),
        'audit', (SELECT count(*) FROM audit_log)) AS f`);
    return rows[0].f;
  } finally {
    await client.end();
  }
}

describe('demo seed (e2e)', () => {
  let t: TestApp;
  let first: SeedResult;
  const lines: string[] = [];
  const login = async (username: string, password: string) => {
    const res = await t.http.post('/auth/login').send({ username, password }).expect(200);
    return clientAs(t, res.body.accessToken as string);
  };

  beforeAll(async () => {
    const clock = new ManualClock(NOW);
    t = await createTestApp({}, { clock });
    // createTestApp pointed DATABASE_URL at this app's database: the seed writes there
    first = await runSeed({ now: clock.now(), asPublished: false, log: (line) => lines.push(line) });
  }, 180_000);
  afterAll(() => t?.close());

  it('moves the compendium around today, marks it as demo data and tells how long it took', async () => {
    expect(first.story).toBe(true);
    expect(first.shiftDays).toBe(demoShiftDays(TODAY));
    expect(lines.join('\n')).toMatch(/seed done in \d+\.\d s/);
    const office = await login('office', 'Office#2022');
    const docs = (await office.get('/documents').expect(200)).body;
    const list = Array.isArray(docs) ? docs : docs.items;
    const compendium = list.find((d: { sourceName?: string; shape: string }) => d.shape === 'compendium');
    const detail = (await office.get(`/documents/${compendium.id}`).expect(200)).body;
    expect(detail).toMatchObject({ status: 'published', demoShiftDays: first.shiftDays });
    // the other samples are the documents as written: never moved
    for (const doc of list.filter((d: { id: string }) => d.id !== compendium.id)) {
      expect((await office.get(`/documents/${doc.id}`).expect(200)).body.demoShiftDays).toBeNull();
    }
    // every dated deadline lies within a year of today, none back in 2022
    const [range] = await t.db.query(`SELECT min(due_date)::text AS first, max(due_date)::text AS last FROM task WHERE document_id = $1`, [compendium.id]);
    expect(range.first > addDays(TODAY, -365)).toBe(true);
    expect(range.last < addDays(TODAY, 365)).toBe(true);
  });

  it('the dashboard shows every light, every state, every reason and a unit missing the closed period', async () => {
    const office = await login('office', 'Office#2022');
    const dashboard = (await office.get('/dashboard').expect(200)).body;
    expect(dashboard.asOf).toBe(TODAY);
    const { totals } = dashboard;
    expect(totals.lights.red).toBeGreaterThan(0);
    expect(totals.lights.yellow).toBeGreaterThan(0);
    expect(totals.lights.green).toBeGreaterThan(0);
    const present = Object.fromEntries(totals.byState.map((s: { state: string; count: number }) => [s.state, s.count > 0]));
    expect(present).toEqual(Object.fromEntries(TASK_STATES.map((state) => [state, true])));
    for (const figure of ['overdue', 'dueSoon', 'receiptOverdue', 'reportMissing', 'lagging', 'noticesReplyOverdue']) {
      expect({ figure, value: totals[figure] > 0 }).toEqual({ figure, value: true });
    }
    expect(totals.openNotices.blue).toBeGreaterThan(0);
    expect(totals.openNotices.yellow).toBeGreaterThan(0);
    expect(totals.openNotices.red).toBeGreaterThan(0);
    expect(totals.pendingReview.reports).toBeGreaterThan(0);
    expect(totals.pendingReview.completions).toBeGreaterThan(0);
    expect(totals.pendingReview.extensions).toBeGreaterThan(0);
    // reviews: accepted, pending, and some returned with a comment the unit still has to act on
    const returned = (await office.get('/reports?status=returned').expect(200)).body;
    expect(returned.total).toBeGreaterThan(0);
    expect(returned.items[0].reviewComment).toEqual(expect.any(String));
    expect((await office.get('/reports?status=accepted').expect(200)).body.total).toBeGreaterThan(returned.total);
    // a few units did not report the latest closed period, most did
    const missing = dashboard.byUnit.filter((u: { asLead: { reportMissing: number; tasks: number } }) => u.asLead.tasks > 0 && u.asLead.reportMissing > 0);
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.map((u: { unitName: string }) => u.unitName)).toEqual(expect.arrayContaining(['区民政局', '区交通运输局']));
    // about two thirds of the assignments are signed for
    const [signed] = await t.db.query(
      `SELECT count(signed_at)::float / count(*) AS share FROM task_unit tu JOIN task t ON t.id = tu.task_id WHERE t.published_at IS NOT NULL AND t.state <> 'not_applicable'`,
    );
    expect(signed.share).toBeGreaterThan(0.55);
    expect(signed.share).toBeLessThan(0.8);

    // every reason of the traffic light occurs on the task list
    const seen = new Set<string>();
    for (let page = 1; ; page++) {
      const body = (await office.get(`/tasks?page=${page}&pageSize=100`).expect(200)).body;
      for (const task of body.items) for (const reason of task.reasons) seen.add(reason.code);
      if (page * 100 >= body.total) break;
    }
    expect([...seen].sort()).toEqual([...REASONS].sort());
  });

  it('the bureau account fgj has work in each of 签收, reports, 督办 replies and extensions, and notifications', async () => {
    const fgj = await login('fgj', 'Bureau#2022');
    const me = (await fgj.get('/auth/me').expect(200)).body;
    const tasks: { id: string; signedAt: string | null; state: string }[] = [];
    for (let page = 1; ; page++) {
      const body = (await fgj.get(`/tasks?page=${page}&pageSize=100`).expect(200)).body;
      tasks.push(...body.items);
      if (page * 100 >= body.total) break;
    }
    expect(tasks.filter((task) => task.signedAt === null).length).toBeGreaterThan(0); // 签收
    expect(tasks.filter((task) => task.signedAt !== null).length).toBeGreaterThan(tasks.length / 2);
    // a report to write: the open period not reported yet on a task it works on
    const period = TODAY.slice(0, 7);
    const working = tasks.filter((task) => task.state === 'in_progress');
    let owed = 0;
    for (const task of working) {
      const reports = (await fgj.get(`/tasks/${task.id}/reports?period=${period}`).expect(200)).body;
      const items = Array.isArray(reports) ? reports : reports.items;
      if (!items.some((r: { unitId: string; status: string }) => r.unitId === me.unitId && r.status !== 'returned')) owed++;
    }
    expect(owed).toBeGreaterThan(0);
    const notices = (await fgj.get('/notices?status=open').expect(200)).body;
    expect(notices.items.some((n: { unitId: string }) => n.unitId === me.unitId)).toBe(true); // a 督办 to answer
    const extensions = (await fgj.get('/extensions').expect(200)).body;
    expect(extensions.items.some((e: { status: string }) => e.status === 'pending')).toBe(true);
    const inbox = (await fgj.get('/notifications').expect(200)).body;
    expect(inbox.items.length).toBeGreaterThan(0);
    // the inbox is dated along the story, not at the seed's run
    expect(inbox.items.some((n: { createdAt: string }) => n.createdAt < '2026-06-01')).toBe(true);
    expect(inbox.items.every((n: { createdAt: string }) => n.createdAt <= new Date(NOW).toISOString())).toBe(true);
  });

  it('a second run changes nothing', async () => {
    const before = await fingerprint(t.database.url);
    const again = await runSeed({ now: new Date(NOW), asPublished: false, log: () => undefined });
    expect(again.story).toBe(false);
    expect(await fingerprint(t.database.url)).toEqual(before);
  }, 120_000);

  it('is refused with NODE_ENV=production', async () => {
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(runSeed({ now: new Date(NOW), asPublished: false, log: () => undefined })).rejects.toThrow(/NODE_ENV=production/);
    } finally {
      process.env.NODE_ENV = saved;
    }
  });

  it('--as-published loads the documents with their real dates and no story', async () => {
    const database = await createTestDatabase();
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = database.url;
    try {
      const result = await runSeed({ now: new Date(NOW), asPublished: true, log: () => undefined });
      expect(result).toMatchObject({ story: false, shiftDays: null });
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query(`SELECT d.status, d.demo_shift_days, max(t.due_date)::text AS last_due, count(tu.signed_at)::int AS signed
                                               FROM policy_document d JOIN task t ON t.document_id = d.id JOIN task_unit tu ON tu.task_id = t.id
                                              WHERE d.shape = 'compendium' GROUP BY d.id`);
        expect(rows).toEqual([{ status: 'published', demo_shift_days: null, last_due: '2022-12-31', signed: 0 }]);
      } finally {
        await client.end();
      }
    } finally {
      process.env.DATABASE_URL = saved;
      await database.drop();
    }
  }, 120_000);
});
