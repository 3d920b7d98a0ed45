import { ManualClock } from '@luoshi/infra';
import { clientAs, createTestApp, TestApp } from './support/test-app';
import { createUnit, createUser, loginAs } from './support/factories';
import { createTask } from './support/task-factories';

/**
 * A bureau's dashboard is read from the counters the database keeps (task_tally), by the bureau's
 * own verdict: 签收 is its own signature, and on a task it shares it reviews only its own reports.
 * Each answer is checked against the same dashboard counted over its tasks (the `unitId` filter
 * takes the counted path), through signing and report submissions over HTTP, before and after the
 * worker's fold of the writers' deltas.
 */
describe("a bureau's dashboard: its own signature and reports, from the counters (e2e)", () => {
  jest.setTimeout(60_000);
  const clock = new ManualClock('2026-03-20T02:00:00Z'); // 10:00 in Shanghai
  let t: TestApp;
  let lead: string;
  let co: string;
  let tokens: { office: string; lead: string; co: string };
  let taskId: string;

  beforeAll(async () => {
    t = await createTestApp({ DASHBOARD_CACHE_MS: '0' }, { clock });
    lead = (await createUnit(t.db, { name: '区发展改革局' })).id;
    co = (await createUnit(t.db, { name: '区财政局' })).id;
    tokens = {
      office: await loginAs(t, await createUser(t.db, 'office')),
      lead: await loginAs(t, await createUser(t.db, 'bureau', lead)),
      co: await loginAs(t, await createUser(t.db, 'bureau', co)),
    };
    // published on 2 March (after February's period, so no report is owed yet), due in September;
    // the lead has signed, the co unit has not: its receipt is overdue, the lead's is not
    ({ taskId } = await createTask(t.db, {
      leadUnitId: lead,
      coUnitIds: [co],
      state: 'in_progress',
      dueDate: '2026-09-30',
      publishedAt: '2026-03-02T09:00:00+08:00',
    }));
    await t.db.query(`UPDATE task_unit SET signed_at = $3 WHERE task_id = $1 AND unit_id = $2`, [taskId, lead, '2026-03-03T01:00:00Z']);
  });
  afterAll(() => t?.close());

  const dashboard = async (token: string, query = '') => {
    const { body } = await clientAs(t, token).get(`/dashboard${query}`).expect(200);
    return { ...body, asOfTime: null };
  };

  /** A bureau's dashboard as the counters give it, after checking it equals the one counted over its tasks. */
  async function bureau(token: string, unitId: string) {
    const fromCounters = await dashboard(token);
    expect(fromCounters).toEqual(await dashboard(token, `?unitId=${unitId}`));
    return fromCounters;
  }

  async function expectFigures(expected: { coReceiptOverdue: number; reports: { lead: number; co: number } }) {
    const [leadView, coView, officeView] = [await bureau(tokens.lead, lead), await bureau(tokens.co, co), await dashboard(tokens.office)];
    expect(coView.totals).toMatchObject({
      tasks: 1,
      receiptOverdue: expected.coReceiptOverdue,
      lights: { red: 0, yellow: expected.coReceiptOverdue, green: 1 - expected.coReceiptOverdue },
      pendingReview: { reports: expected.reports.co },
    });
    expect(coView.byUnit).toEqual([expect.objectContaining({ unitId: co, coTasks: 1, asLead: expect.objectContaining({ tasks: 0 }) })]);
    // the lead and the office see the lead's signature, and every report the lead reviews
    for (const view of [leadView, officeView]) {
      expect(view.totals).toMatchObject({
        tasks: 1,
        receiptOverdue: 0,
        lights: { red: 0, yellow: 0, green: 1 },
        pendingReview: { reports: expected.reports.lead },
      });
    }
    expect(leadView.byUnit).toEqual([expect.objectContaining({ unitId: lead, coTasks: 0, asLead: leadView.totals })]);
  }

  it('counts 签收 by its own signature and review by its own reports, as the writes happen and after the fold', async () => {
    await expectFigures({ coReceiptOverdue: 1, reports: { lead: 0, co: 0 } });

    await clientAs(t, tokens.co).post(`/tasks/${taskId}/sign`).expect(200);
    await expectFigures({ coReceiptOverdue: 0, reports: { lead: 0, co: 0 } });

    const submit = (token: string) => clientAs(t, token).post(`/tasks/${taskId}/reports/2026-03/submit`, { text: '本期推进情况', percent: 10 }).expect(200);
    await submit(tokens.co);
    await expectFigures({ coReceiptOverdue: 0, reports: { lead: 1, co: 1 } });
    await submit(tokens.lead);
    await expectFigures({ coReceiptOverdue: 0, reports: { lead: 2, co: 1 } });

    // the worker's fold moves the deltas into the folded counters: the same figures, no delta left
    const [{ deltas }] = await t.db.query(`SELECT count(*)::int AS deltas FROM task_tally_delta`);
    expect(deltas).toBeGreaterThan(0);
    await t.db.query(`SELECT task_tally_fold()`);
    expect(await t.db.query(`SELECT count(*)::int AS deltas FROM task_tally_delta`)).toEqual([{ deltas: 0 }]);
    await expectFigures({ coReceiptOverdue: 0, reports: { lead: 2, co: 1 } });
  });
});
