import { Client } from 'pg';
import { LightDayService } from '@luoshi/core';
import { ManualClock } from '@luoshi/infra';
import { clientAs, createTestApp, TestApp } from './support/test-app';
import { createUnit, createUser, loginAs } from './support/factories';
import { createTask } from './support/task-factories';

/**
 * The first dashboard read of a new Shanghai day never waits for the day's recompute of the
 * stored lights (tens of seconds at 100,000 tasks): the office's answers with the previous day's
 * verdict and says so (lightsPending, asOf that day) while the recompute runs, a bureau's evaluates
 * today's rules over its tasks, and once the recompute is done the office's is today's. The
 * recompute is held back by taking its advisory lock, the day is moved on a ManualClock.
 */
describe('dashboard on a new day, before the lights are recomputed (e2e)', () => {
  jest.setTimeout(60_000);
  const clock = new ManualClock('2026-03-10T02:00:00Z'); // 10:00 in Shanghai
  let t: TestApp;
  let office: Awaited<ReturnType<typeof createUser>>;
  let bureau: Awaited<ReturnType<typeof createUser>>;
  let unitId: string;

  beforeAll(async () => {
    t = await createTestApp({ LIGHT_RECOMPUTE_WAIT_MS: '50' }, { clock });
    unitId = (await createUnit(t.db, { name: '区发展改革局' })).id;
    office = await createUser(t.db, 'office');
    bureau = await createUser(t.db, 'bureau', unitId);
    // due today, published and signed today: yellow (due soon) today, red (overdue) tomorrow
    const { taskId } = await createTask(t.db, { leadUnitId: unitId, state: 'in_progress', dueDate: clock.today(), publishedAt: '2026-03-10T09:00:00+08:00' });
    await t.db.query(`UPDATE task_unit SET signed_at = $2 WHERE task_id = $1`, [taskId, clock.now()]);
  });

  afterAll(async () => {
    await t?.close();
  });

  const dashboard = async (user: typeof office) =>
    (
      await clientAs(t, await loginAs(t, user))
        .get('/dashboard')
        .expect(200)
    ).body;

  it('serves the previous day’s lights, flagged, while the recompute runs; today’s once it is done', async () => {
    const today = await dashboard(office);
    expect(today).toMatchObject({ asOf: '2026-03-10', lightsPending: false, totals: { tasks: 1, overdue: 0, dueSoon: 1, lights: { red: 0, yellow: 1 } } });

    const recompute = new Client({ connectionString: t.database.url });
    await recompute.connect();
    try {
      // another recompute holds the lock: the day's cannot finish
      await recompute.query(`SELECT pg_advisory_lock(hashtext('luoshi.light_day'))`);
      clock.advanceDays(1);
      const started = Date.now();
      const pending = await dashboard(office);
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(pending).toMatchObject({ asOf: '2026-03-10', lightsPending: true, totals: { tasks: 1, overdue: 0, lights: { red: 0, yellow: 1 } } });
      // a bureau's counts evaluate today's rules over its own tasks: today's at once
      expect(await dashboard(bureau)).toMatchObject({ asOf: '2026-03-11', lightsPending: false, totals: { tasks: 1, overdue: 1, lights: { red: 1 } } });
    } finally {
      await recompute.query(`SELECT pg_advisory_unlock(hashtext('luoshi.light_day'))`);
      await recompute.end();
    }
    // the recompute the read started goes on; once done, the office sees today's
    await t.app.get(LightDayService).ensureCurrent();
    expect(await dashboard(office)).toMatchObject({
      asOf: '2026-03-11',
      lightsPending: false,
      totals: { tasks: 1, overdue: 1, dueSoon: 0, lights: { red: 1, yellow: 0 } },
    });
    expect(await dashboard(bureau)).toMatchObject({ asOf: '2026-03-11', totals: { overdue: 1, lights: { red: 1 } } });
  });
});
