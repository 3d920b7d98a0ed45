/**
 * Rollups (月调度汇总) and the ledger (台账), end to end: the real API and the real worker module
 * (BullMQ on Redis, Postgres) on one database, one ManualClock for both (09:30 Shanghai on
 * 2026-12-01, the morning after November closed).
 *
 * Fixture, monthly tasks published 2026-10-15 unless said otherwise (A, B, C units):
 *  T1  lead A, co B, due 11-20, in progress, no November report  → overdue 10 days, lagging (REPORT_MISSING)
 *  T2  lead A, due 2027-06-30, in progress, A reported November (90%)  → fine
 *  T3  lead A, due 12-31, not started, A reported November with 0%  → lagging (PROGRESS_BEHIND: 60% of the time gone)
 *  T4  lead A, completed (due 11-10)  → completed, never overdue
 *  T5  lead B, co A, due 11-29, in progress, B reported November, A did not  → overdue 1 day; A owes its part
 *  T6  lead B, not applicable
 *  T7  lead B, ongoing (长期), in progress, no report  → lagging (REPORT_MISSING)
 *  T8  lead A, weekly cadence, due 11-20, A reported week 2026-W48 (ends 11-29)  → in the monthly rollup too
 *      (it covers every cadence): overdue 10 days, reported for November through its week
 *  T9  lead A, published 2026-12-01  → after November: not in it
 *  T10 lead C, submitted_done, due 11-01  → not owing work: neither overdue nor lagging
 *  T11 lead C, 旬 cadence, due 2027-06-30, in progress, C reported only 2026-10-3 (October)  → lagging (REPORT_MISSING)
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bullmq';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import ExcelJS from 'exceljs';
import { Clock, ManualClock } from '@luoshi/infra';
import { QUEUES, rollupJobId } from '@luoshi/jobs';
import { TASK_STATE_LABELS_ZH, type TaskState } from '@luoshi/domain/tasks';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { BuildRollupHandler } from '../apps/worker/src/rollups/build-rollup.handler';
import { PurgeLedgersHandler } from '../apps/worker/src/ledgers/purge-ledgers.handler';
import { clientAs, createTestApp, TestApp } from './support/test-app';
import { createUnit, createUser, loginAs, TestUser } from './support/factories';
import { createTask, CreatedTask } from './support/task-factories';
import { waitFor } from './support/wait-for';

const PUBLISHED = '2026-10-15T02:00:00Z';
const LIGHT_ZH: Record<string, string> = { red: '红灯', yellow: '黄灯', green: '绿灯' };

jest.setTimeout(90_000); // the worker module boots beside the API; a ledger is a job

describe('rollups and the ledger (e2e)', () => {
  const clock = new ManualClock('2026-12-01T01:30:00Z');
  let t: TestApp;
  let worker: INestApplicationContext;
  let ledgerDir: string;
  let unitA: string;
  let unitB: string;
  let unitC: string;
  let office: TestUser;
  let leader: TestUser;
  let bureauA: TestUser;
  let tokens: { office: string; leader: string; a: string; b: string };
  const task: Record<string, CreatedTask> = {};

  const api = (who: keyof typeof tokens) => clientAs(t, tokens[who]);

  async function report(taskId: string, unitId: string, period: string, percent: number | null, by: string) {
    await t.db.query(
      `INSERT INTO progress_report (task_id, unit_id, period, status, text, percent, created_by, submitted_at)
       VALUES ($1, $2, $3, 'submitted', $4, $5, $6, $7)`,
      [taskId, unitId, period, `${period}进展：按计划推进`, percent, by, '2026-11-25T02:00:00Z'],
    );
  }

  const startWorker = async () =>
    (
      await Test.createTestingModule({ imports: [WorkerModule] })
        .overrideProvider(Clock)
        .useValue(clock)
        .compile()
    ).init();

  const build = (period: string) => worker.get(BuildRollupHandler).handle({ cadence: 'monthly', period });

  beforeAll(async () => {
    ledgerDir = mkdtempSync(join(tmpdir(), 'luoshi-ledgers-'));
    t = await createTestApp({ LEDGER_DIR: ledgerDir }, { clock });

    unitA = (await createUnit(t.db, { name: '汇总甲局' })).id;
    unitB = (await createUnit(t.db, { name: '汇总乙局' })).id;
    unitC = (await createUnit(t.db, { name: '汇总丙镇' })).id;
    office = await createUser(t.db, 'office');
    leader = await createUser(t.db, 'leader');
    bureauA = await createUser(t.db, 'bureau', unitA);
    const bureauB = await createUser(t.db, 'bureau', unitB);
    tokens = { office: await loginAs(t, office), leader: await loginAs(t, leader), a: await loginAs(t, bureauA), b: await loginAs(t, bureauB) };

    const make = (lead: string, options: Parameters<typeof createTask>[1] extends infer O ? Partial<O> : never) =>
      createTask(t.db, { publishedAt: PUBLISHED, ...options, leadUnitId: lead });
    task.T1 = await make(unitA, { coUnitIds: [unitB], dueDate: '2026-11-20', state: 'in_progress', title: 'T1 逾期无报送' });
    task.T2 = await make(unitA, { dueDate: '2027-06-30', state: 'in_progress', title: 'T2 正常推进' });
    task.T3 = await make(unitA, { dueDate: '2026-12-31', state: 'not_started', title: 'T3 进度滞后' });
    task.T4 = await make(unitA, { dueDate: '2026-11-10', state: 'completed', title: 'T4 已办结' });
    task.T5 = await make(unitB, { coUnitIds: [unitA], dueDate: '2026-11-29', state: 'in_progress', title: 'T5 乙局逾期' });
    task.T6 = await make(unitB, { dueDate: '2026-12-31', state: 'not_applicable', title: 'T6 不涉及' });
    task.T7 = await make(unitB, { dueDate: null, state: 'in_progress', title: 'T7 长期无报送' });
    task.T8 = await make(unitA, { dueDate: '2026-11-20', state: 'in_progress', cadence: 'weekly', title: 'T8 周调度' });
    task.T9 = await make(unitA, { dueDate: '2026-11-20', state: 'in_progress', publishedAt: '2026-12-01T01:00:00Z', title: 'T9 十二月交办' });
    task.T10 = await make(unitC, { dueDate: '2026-11-01', state: 'submitted_done', title: 'T10 待审核' });
    task.T11 = await make(unitC, { dueDate: '2027-06-30', state: 'in_progress', cadence: 'dekad', title: 'T11 旬调度十月报送' });
    await report(task.T2.taskId, unitA, '2026-11', 90, bureauA.id);
    await report(task.T3.taskId, unitA, '2026-11', 0, bureauA.id);
    await report(task.T5.taskId, unitB, '2026-11', 50, bureauB.id);
    await report(task.T8.taskId, unitA, '2026-W48', 60, bureauA.id);
    await report(task.T11.taskId, unitC, '2026-10-3', 20, office.id);
    // the worker starts after the fixture exists: its scheduler makes up the closes it missed
    worker = await startWorker();
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    rmSync(ledgerDir, { recursive: true, force: true });
  });

  describe('building a period', () => {
    it('freezes per unit counts, overdue and lagging tasks with days, as of the period’s end', async () => {
      const built = await build('2026-11');
      expect(built).toMatchObject({ taskCount: 10, overdue: 3, lagging: 4, completed: 1 });

      const res = await api('office').get('/rollups/monthly/2026-11').expect(200);
      expect(res.body.rollup).toMatchObject({
        cadence: 'monthly',
        period: '2026-11',
        label: '2026年11月',
        periodStart: '2026-11-01',
        periodEnd: '2026-11-30',
        taskCount: 10,
      });
      expect(res.body.rollup.builtAt).toBe(clock.now().toISOString());
      const byUnit = Object.fromEntries(res.body.units.map((u: { unitId: string }) => [u.unitId, u]));
      expect(byUnit[unitA]).toMatchObject({
        total: 5,
        notStarted: 1,
        inProgress: 3,
        submittedDone: 0,
        completed: 1,
        notApplicable: 0,
        overdue: 2,
        lagging: 2,
        completionRate: 20,
        unreportedTasks: 2, // T1 and its part of T5 (T8 reported through its week)
      });
      expect(byUnit[unitB]).toMatchObject({ total: 3, inProgress: 2, notApplicable: 1, overdue: 1, lagging: 1, completionRate: 0, unreportedTasks: 2 }); // T1 (co), T7
      // T11's October 旬 report does not count for November
      expect(byUnit[unitC]).toMatchObject({ total: 2, inProgress: 1, submittedDone: 1, overdue: 0, lagging: 1, completionRate: 0, unreportedTasks: 1 });
      // ranking: A (20%) first, then B and C tie on 0% and B has more overdue
      expect([byUnit[unitA].rank, byUnit[unitC].rank, byUnit[unitB].rank]).toEqual([1, 2, 3]);

      const tasks = await api('office').get('/rollups/monthly/2026-11/tasks').query({ pageSize: 100 }).expect(200);
      const flagged = Object.fromEntries(tasks.body.items.map((i: { taskId: string }) => [i.taskId, i]));
      expect(tasks.body.total).toBe(6);
      expect(flagged[task.T1.taskId]).toMatchObject({ overdue: true, overdueDays: 10, lagging: true, laggingReason: 'REPORT_MISSING', laggingDays: 46 });
      expect(flagged[task.T3.taskId]).toMatchObject({ overdue: false, overdueDays: null, lagging: true, laggingReason: 'PROGRESS_BEHIND', laggingDays: 5 });
      expect(flagged[task.T5.taskId]).toMatchObject({ overdue: true, overdueDays: 1, lagging: false });
      expect(flagged[task.T7.taskId]).toMatchObject({ overdue: false, lagging: true, laggingReason: 'REPORT_MISSING' });
      expect(flagged[task.T8.taskId]).toMatchObject({ overdue: true, overdueDays: 10, lagging: false });
      expect(flagged[task.T11.taskId]).toMatchObject({ overdue: false, lagging: true, laggingReason: 'REPORT_MISSING' });
      expect(tasks.body.items[0].taskId).toBe(task.T1.taskId); // most days overdue first

      const measures = await api('office').get('/rollups/monthly/2026-11/measures').query({ pageSize: 100 }).expect(200);
      expect(measures.body.total).toBe(10);
      const m5 = measures.body.items.find((m: { measureId: string }) => m.measureId === task.T5.measureId);
      expect(m5).toMatchObject({ total: 1, overdue: 1, leadUnitId: unitB, unreportedUnitNames: ['汇总甲局'] });
    });

    it('equals a direct SQL aggregate over the tasks of every cadence', async () => {
      const direct: { unit_id: string; total: number; completed: number; not_applicable: number; overdue: number }[] = await t.db.query(
        `SELECT tu.unit_id, count(*)::int AS total, count(*) FILTER (WHERE t.state = 'completed')::int AS completed,
                count(*) FILTER (WHERE t.state = 'not_applicable')::int AS not_applicable,
                count(*) FILTER (WHERE t.state IN ('not_started', 'in_progress') AND t.deadline_precision <> 'ongoing' AND t.due_date < '2026-11-30')::int AS overdue
           FROM task t JOIN task_unit tu ON tu.task_id = t.id AND tu.role = 'lead'
          WHERE t.published_at < '2026-12-01T00:00:00+08:00'
          GROUP BY tu.unit_id ORDER BY tu.unit_id`,
      );
      const stored = await t.db.query(
        `SELECT unit_id, total, completed, not_applicable, overdue FROM rollup_unit ru JOIN rollup r ON r.id = ru.rollup_id
          WHERE r.cadence = 'monthly' AND r.period_key = '2026-11' AND ru.total > 0 ORDER BY unit_id`,
      );
      expect(stored).toEqual(direct);
      // units owing a November report: every (task, unit) of an open task without that unit's report for
      // November, for one of its weeks ending in November (W44 ends on 11-01, W48 on 11-29) or one of its 旬
      const [{ debts }] = await t.db.query(
        `SELECT count(*)::int AS debts FROM task t JOIN task_unit tu ON tu.task_id = t.id
          WHERE t.published_at < '2026-12-01T00:00:00+08:00' AND t.state IN ('not_started', 'in_progress')
            AND NOT EXISTS (SELECT 1 FROM progress_report p WHERE p.task_id = t.id AND p.unit_id = tu.unit_id
                               AND p.period IN ('2026-11', '2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48', '2026-11-1', '2026-11-2', '2026-11-3'))`,
      );
      expect(debts).toBe(5); // T1 (A and B), T5 (A), T7 (B), T11 (C)

      const [{ stored_debts }] = await t.db.query(
        `SELECT sum(unreported_tasks)::int AS stored_debts FROM rollup_unit ru JOIN rollup r ON r.id = ru.rollup_id WHERE r.period_key = '2026-11'`,
      );
      expect(stored_debts).toBe(debts);
    });

    it('building the period again replaces its snapshot (same rollup, no duplicate rows)', async () => {
      const before = await api('office').get('/rollups/monthly/2026-11').expect(200);
      await t.db.query(`UPDATE task SET state = 'completed' WHERE id = $1`, [task.T2.taskId]);
      clock.advanceMs(60_000);
      await build('2026-11');
      const after = await api('office').get('/rollups/monthly/2026-11').expect(200);
      expect(after.body.rollup.id).toBe(before.body.rollup.id);
      expect(after.body.rollup.builtAt).toBe(clock.now().toISOString());
      expect(after.body.units.find((u: { unitId: string }) => u.unitId === unitA)).toMatchObject({ total: 5, completed: 2, inProgress: 2, completionRate: 40 });
      const [{ rollups, units, tasks }] = await t.db.query(
        `SELECT (SELECT count(*) FROM rollup WHERE period_key = '2026-11')::int AS rollups,
                (SELECT count(*) FROM rollup_unit WHERE rollup_id = $1)::int AS units,
                (SELECT count(*) FROM rollup_task WHERE rollup_id = $1)::int AS tasks`,
        [before.body.rollup.id],
      );
      expect({ rollups, units, tasks }).toEqual({ rollups: 1, units: 3, tasks: 6 });
      await t.db.query(`UPDATE task SET state = 'in_progress' WHERE id = $1`, [task.T2.taskId]);
      await build('2026-11');
    });

    it('a worker that was down across the 1st builds the period once when it returns: the close seen twice enqueues one job', async () => {
      await t.db.query(`DELETE FROM rollup WHERE period_key = '2026-09'`);
      const queue = worker.get<Queue>(getQueueToken(QUEUES.rollups));
      const payload = { cadence: 'monthly' as const, period: '2026-09' };
      // the restarted worker sees the missed close; a second instance (or a retried close) sees it too
      const first = await queue.add('rollup.build', payload, { jobId: rollupJobId(payload) });
      const second = await queue.add('rollup.build', payload, { jobId: rollupJobId(payload) });
      expect(second.id).toBe(first.id);
      await waitFor(async () => first.isCompleted(), 'the rollup job to complete', 30_000, 100);
      const [{ builds, notices }] = await t.db.query(
        `SELECT (SELECT count(*) FROM rollup WHERE cadence = 'monthly' AND period_key = '2026-09')::int AS builds,
                (SELECT count(*) FROM notification WHERE kind = 'rollup.ready' AND payload->>'period' = '2026-09')::int AS notices`,
      );
      // once, and announced once to each office and leader account
      expect({ builds, notices }).toEqual({ builds: 1, notices: 2 });
      const inbox = await api('leader').get('/notifications').expect(200);
      expect(inbox.body.items.map((n: { title: string }) => n.title)).toContain('【月调度汇总】2026年9月调度汇总已生成');
    });
    it('with the scheduler: a worker down across a close makes the close up once when it returns, which builds the rollup once', async () => {
      // 2026-12-01 (Tuesday) 09:30: the weekly close (Monday 01:00) of 2026-W48 was missed; the started
      // worker made it up, and the close enqueued the week's rollup (T8 is the one weekly task)
      const weekly = await waitFor(
        async () => {
          const [row] = await t.db.query(`SELECT id, built_at, task_count FROM rollup WHERE cadence = 'weekly' AND period_key = '2026-W48'`);
          return row;
        },
        'the made-up close to build the weekly rollup',
        60_000,
        200,
      );
      expect(weekly.task_count).toBe(1);
      const overdue = await api('office').get('/rollups/weekly/2026-W48/tasks').expect(200);
      expect(overdue.body.items).toEqual([expect.objectContaining({ taskId: task.T8.taskId, overdue: true, overdueDays: 9 })]);
      const [closed] = await t.db.query(`SELECT status FROM reporting_period WHERE cadence = 'weekly' AND period = '2026-W48'`);
      expect(closed.status).toBe('closed');

      // a restart (or a second instance) two hours later: nothing to make up, nothing rebuilt
      clock.set('2026-12-01T03:30:00Z');
      const second = await startWorker();
      await second.close();
      clock.set('2026-12-01T01:30:00Z');
      const [after] = await t.db.query(`SELECT id, built_at FROM rollup WHERE cadence = 'weekly' AND period_key = '2026-W48'`);
      expect(after).toEqual({ id: weekly.id, built_at: weekly.built_at });
      const [{ notices }] = await t.db.query(
        `SELECT count(*)::int AS notices FROM notification WHERE kind = 'rollup.ready' AND payload->>'period' = '2026-W48'`,
      );
      expect(notices).toBe(2); // office and leader, once each
    });
  });

  describe('reading rollups', () => {
    it('a bureau reads its own unit’s rows only (units, measures it leads, tasks it has a part in)', async () => {
      const mine = await api('a').get('/rollups/monthly/2026-11').expect(200);
      expect(mine.body.units.map((u: { unitId: string }) => u.unitId)).toEqual([unitA]);
      const measures = await api('a').get('/rollups/monthly/2026-11/measures').expect(200);
      expect(new Set(measures.body.items.map((m: { leadUnitId: string }) => m.leadUnitId))).toEqual(new Set([unitA]));
      const tasks = await api('a').get('/rollups/monthly/2026-11/tasks').expect(200);
      expect(tasks.body.items.map((i: { taskId: string }) => i.taskId).sort()).toEqual([task.T1.taskId, task.T3.taskId, task.T5.taskId, task.T8.taskId].sort());
      const theirs = await api('b').get('/rollups/monthly/2026-11/tasks').query({ unitId: unitA }).expect(200);
      // B asking for A's tasks still sees only tasks B has a part in
      expect(theirs.body.items.map((i: { taskId: string }) => i.taskId).sort()).toEqual([task.T1.taskId, task.T5.taskId].sort());
      expect(JSON.stringify((await api('b').get('/rollups/monthly/2026-11').expect(200)).body)).not.toContain(unitA);
    });

    it('lists periods newest first, paged, and compares two periods: what moved and who slipped', async () => {
      clock.set('2026-11-01T01:30:00Z');
      await build('2026-10');
      clock.set('2026-12-01T01:30:00Z');
      const periods = await api('leader').get('/rollups/periods').query({ cadence: 'monthly', pageSize: 2 }).expect(200);
      expect(periods.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
      expect(periods.body.items.map((p: { period: string }) => p.period)).toEqual(['2026-11', '2026-10']);
      expect(periods.body.items[0]).toMatchObject({ label: '2026年11月', periodEnd: '2026-11-30', rollup: { taskCount: 10 } });

      const cmp = await api('office').get('/rollups/compare').query({ cadence: 'monthly', from: '2026-10', to: '2026-11' }).expect(200);
      const a = cmp.body.units.find((u: { unitId: string }) => u.unitId === unitA);
      expect(a).toMatchObject({ overdueChange: 2, slipped: true }); // T1 and the weekly T8
      const moved = Object.fromEntries(cmp.body.tasks.map((m: { taskId: string; movement: string }) => [m.taskId, m.movement]));
      expect(moved[task.T1.taskId]).toBe('newly_overdue');
      expect(moved[task.T5.taskId]).toBe('newly_overdue');
      expect(moved[task.T8.taskId]).toBe('newly_overdue');
      expect(cmp.body.taskCounts.newlyOverdue).toBe(3);

      const mine = await api('a').get('/rollups/compare').query({ cadence: 'monthly', from: '2026-10', to: '2026-11' }).expect(200);
      expect(mine.body.units.map((u: { unitId: string }) => u.unitId)).toEqual([unitA]);
      const partOfA = [task.T1, task.T2, task.T3, task.T4, task.T5, task.T8, task.T9].map((x) => x.taskId);
      expect(mine.body.tasks.length).toBeGreaterThan(0);
      expect(mine.body.tasks.filter((m: { taskId: string }) => !partOfA.includes(m.taskId))).toEqual([]);
    });

    it('refuses bad periods with field-level Chinese errors and says when a rollup is missing', async () => {
      const bad = await api('office').get('/rollups/yearly/2026').expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['cadence', 'period']);
      expect((await api('office').get('/rollups/monthly/2026-13').expect(400)).body.code).toBe('REPORT_PERIOD_INVALID');
      const missing = await api('office').get('/rollups/monthly/2025-01').expect(404);
      expect(missing.body).toMatchObject({ code: 'ROLLUP_NOT_FOUND', message: '2025年1月的调度汇总尚未生成' });
      const order = await api('office').get('/rollups/compare').query({ cadence: 'monthly', from: '2026-11', to: '2026-10' }).expect(400);
      expect(order.body.fields[0]).toMatchObject({ field: 'from', code: 'ROLLUP_COMPARE_ORDER' });
      expect((await t.http.get('/rollups/periods').expect(401)).body.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('the ledger (台账)', () => {
    /** every row of GET /tasks for this caller and filter, all pages */
    async function taskList(who: keyof typeof tokens, filters: Record<string, string> = {}) {
      const items: {
        measureNumber: string;
        leadUnitName: string | null;
        dueDate: string | null;
        state: TaskState;
        light: string;
        reasons: { message: string }[];
      }[] = [];
      for (let page = 1; ; page += 1) {
        const res = await api(who)
          .get('/tasks')
          .query({ ...filters, page, pageSize: 100 })
          .expect(200);
        items.push(...res.body.items);
        if (items.length >= res.body.total) return items;
      }
    }

    async function ledgerOf(who: keyof typeof tokens, filters: Record<string, unknown> = {}) {
      const requested = await api(who).post('/ledgers', filters).expect(202);
      expect(requested.body).toMatchObject({ status: 'queued', fileUrl: null });
      const ready = await waitFor(
        async () => {
          const res = await api(who).get(`/ledgers/${requested.body.id}`).expect(200);
          return res.body.status === 'ready' ? res.body : null;
        },
        'the ledger to be built',
        30_000,
        100,
      );
      const file = await api(who)
        .get(ready.fileUrl)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(file.body);
      return { ready, file, workbook };
    }

    /** the sheet's rows as the task list shows them */
    function sheetRows(workbook: ExcelJS.Workbook) {
      const sheet = workbook.getWorksheet('任务台账')!;
      const rows: { measureNumber: string; leadUnitName: string; dueDate: string | null; state: string; light: string; reasons: string }[] = [];
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        const due = row.getCell(9).value;
        rows.push({
          measureNumber: row.getCell(2).text,
          leadUnitName: row.getCell(5).text,
          dueDate: due instanceof Date ? due.toISOString().slice(0, 10) : null,
          state: row.getCell(11).text,
          light: row.getCell(12).text,
          reasons: row.getCell(13).text,
        });
      });
      return rows;
    }

    const asListed = (items: Awaited<ReturnType<typeof taskList>>) =>
      items.map((i) => ({
        measureNumber: i.measureNumber,
        leadUnitName: i.leadUnitName ?? '',
        dueDate: i.dueDate,
        state: TASK_STATE_LABELS_ZH[i.state],
        light: LIGHT_ZH[i.light],
        reasons: i.reasons.map((r) => r.message).join('；'),
      }));

    it('the office’s ledger has the task list’s rows, a summary per unit, frozen Chinese headers, dates as dates; the requester is told', async () => {
      const { ready, file, workbook } = await ledgerOf('office');
      const listed = await taskList('office');
      expect(listed.length).toBeGreaterThanOrEqual(10);
      expect(sheetRows(workbook)).toEqual(asListed(listed));
      expect(ready).toMatchObject({ rowCount: listed.length, asOf: '2026-12-01', unitId: null });

      expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(file.headers['cache-control']).toBe('no-store');
      expect(file.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('工作台账_2026-12-01.xlsx')}`);

      const sheet = workbook.getWorksheet('任务台账')!;
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.getRow(1).getCell(4).value).toBe('任务内容');
      expect(sheet.getColumn(4).width).toBe(60);
      const t1 = sheetRows(workbook).findIndex((r) => r.dueDate === '2026-11-20' && r.leadUnitName === '汇总甲局' && r.state === '推进中');
      expect(sheet.getRow(t1 + 2).getCell(9).numFmt).toBe('yyyy-mm-dd');

      const summary = workbook.getWorksheet('单位汇总')!;
      const summaryRows: Record<string, number[]> = {};
      summary.eachRow((row, n) => {
        if (n > 1) summaryRows[row.getCell(1).text] = [2, 3, 4, 6, 8].map((c) => Number(row.getCell(c).value));
      });
      // A leads T1 T2 T3 T4 T8 T9: total, not started, in progress, completed, overdue (T1, T8, T9 past 11-20)
      expect(summaryRows['汇总甲局']).toEqual([6, 1, 4, 1, 3]);
      expect(summaryRows['合计'][0]).toBe(listed.length);

      const inbox = await api('office').get('/notifications').expect(200);
      const notice = inbox.body.items.find((n: { title: string }) => n.title === '【台账已生成】工作台账_2026-12-01.xlsx');
      expect(notice.body).toContain(`共 ${listed.length} 项任务`);
    });

    it('a bureau’s ledger has its own unit’s rows, as its task list; a filtered ledger matches the filtered list', async () => {
      const { ready, workbook } = await ledgerOf('a');
      expect(ready.unitId).toBe(unitA);
      const listed = await taskList('a');
      expect(listed.length).toBe(7); // T1–T5 (T5 as co), T8, T9: nothing of B's own or C's
      expect(sheetRows(workbook)).toEqual(asListed(listed));

      const red = await ledgerOf('office', { light: 'red', role: 'lead', unitId: unitB });
      expect(sheetRows(red.workbook)).toEqual(asListed(await taskList('office', { light: 'red', role: 'lead', unitId: unitB })));
      const overdue = await ledgerOf('a', { overdue: true });
      expect(sheetRows(overdue.workbook)).toEqual(asListed(await taskList('a', { overdue: 'true' })));
      expect(sheetRows(overdue.workbook).length).toBe(4); // T1, T5, T8, T9
    });

    it('a bureau cannot widen its scope or read another unit’s (or the office’s) ledger', async () => {
      const widen = await api('a').post('/ledgers', { unitId: unitB }).expect(403);
      expect(widen.body.code).toBe('UNIT_SCOPE_FORBIDDEN');

      const ofA = await api('a').post('/ledgers', {}).expect(202);
      const ofOffice = await api('office').post('/ledgers', {}).expect(202);
      for (const path of [`/ledgers/${ofA.body.id}`, `/ledgers/${ofA.body.id}/file`]) {
        const res = await api('b').get(path).expect(403);
        expect(res.body).toMatchObject({ code: 'LEDGER_FORBIDDEN', message: '只能查看本单位的台账' });
      }
      expect((await api('a').get(`/ledgers/${ofOffice.body.id}`).expect(403)).body.code).toBe('LEDGER_FORBIDDEN');
      const [{ refusals }] = await t.db.query(
        `SELECT count(*)::int AS refusals FROM audit_log WHERE action = 'ledger.access' AND outcome = 'refused' AND entity_id = $1`,
        [ofA.body.id],
      );
      expect(refusals).toBe(2);
      // office and leader read any
      await api('leader').get(`/ledgers/${ofA.body.id}`).expect(200);
    });

    it('refuses unknown fields and bad values field by field; a ledger not built yet is 409, an unknown one 404', async () => {
      const bad = await api('office').post('/ledgers', { light: 'blue', dueBefore: '2026-13-01', page: 2 }).expect(400);
      expect(bad.body.fields.map((f: { field: string; code: string }) => `${f.field}:${f.code}`).sort()).toEqual([
        'dueBefore:IS_ISO8601',
        'light:IS_IN',
        'page:FIELD_NOT_ALLOWED',
      ]);
      const [pending] = await t.db.query(`INSERT INTO ledger_export (requested_by, filters) VALUES ($1, '{}') RETURNING id`, [office.id]);
      const notReady = await api('office').get(`/ledgers/${pending.id}/file`).expect(409);
      expect(notReady.body).toMatchObject({ code: 'LEDGER_NOT_READY', message: '台账正在生成，请稍后再下载' });
      await api('office').get('/ledgers/00000000-0000-4000-8000-000000000000').expect(404);
    });

    it('lists ledgers paged, newest first: a bureau its own unit’s, the office every one; by status; bad queries field by field', async () => {
      const [{ all, ofA }] = await t.db.query(`SELECT count(*)::int AS all, count(*) FILTER (WHERE unit_id = $1)::int AS "ofA" FROM ledger_export`, [unitA]);
      expect(ofA).toBeGreaterThan(0);
      expect(all).toBeGreaterThan(ofA);
      const office = await api('office').get('/ledgers').query({ pageSize: 100 }).expect(200);
      expect(office.body).toMatchObject({ total: all, page: 1, pageSize: 100 });
      expect(office.body.items).toHaveLength(all);
      const created = office.body.items.map((l: { createdAt: string }) => l.createdAt);
      expect([...created].sort().reverse()).toEqual(created);
      const ready = office.body.items.find((l: { status: string }) => l.status === 'ready');
      expect(ready).toMatchObject({ fileUrl: `/ledgers/${ready.id}/file`, rowCount: expect.any(Number), sizeBytes: expect.any(Number) });

      const mine = await api('a').get('/ledgers').query({ pageSize: 100 }).expect(200);
      expect(mine.body.total).toBe(ofA);
      expect(new Set(mine.body.items.map((l: { unitId: string }) => l.unitId))).toEqual(new Set([unitA]));
      expect((await api('b').get('/ledgers').expect(200)).body.items.filter((l: { unitId: string }) => l.unitId !== unitB)).toEqual([]);

      const paged = await api('office').get('/ledgers').query({ page: 2, pageSize: 2 }).expect(200);
      expect(paged.body.items.map((l: { id: string }) => l.id)).toEqual(office.body.items.slice(2, 4).map((l: { id: string }) => l.id));
      const onlyReady = await api('office').get('/ledgers').query({ status: 'ready', pageSize: 100 }).expect(200);
      expect(onlyReady.body.total).toBeGreaterThan(0);
      expect(new Set(onlyReady.body.items.map((l: { status: string }) => l.status))).toEqual(new Set(['ready']));

      const bad = await api('office').get('/ledgers').query({ status: 'done', pageSize: 500 }).expect(400);
      expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['pageSize', 'status']);
      expect((await t.http.get('/ledgers').expect(401)).body.code).toBe('UNAUTHENTICATED');
    });

    it('the daily purge deletes ledger files and rows past LEDGER_RETENTION_DAYS (30), keeps newer ones, and a second run deletes nothing', async () => {
      const files = () => readdirSync(ledgerDir).sort();
      const [newer] = await t.db.query(
        `INSERT INTO ledger_export (requested_by, filters, status, stored_name, created_at) VALUES ($1, '{}', 'ready', 'newer.xlsx', '2026-12-20T02:00:00Z') RETURNING id`,
        [office.id],
      );
      writeFileSync(join(ledgerDir, 'newer.xlsx'), 'kept');
      const [{ old }] = await t.db.query(`SELECT count(*)::int AS old FROM ledger_export WHERE created_at <= '2026-12-01T01:30:00Z'`);
      const oldFiles: string[] = (
        await t.db.query(`SELECT stored_name FROM ledger_export WHERE stored_name IS NOT NULL AND created_at <= '2026-12-01T01:30:00Z'`)
      ).map((r: { stored_name: string }) => r.stored_name);
      expect(oldFiles.length).toBeGreaterThan(0);
      expect(files()).toEqual(expect.arrayContaining(oldFiles));
      const purge = worker.get(PurgeLedgersHandler);
      try {
        clock.set('2026-12-31T01:29:00Z'); // 30 days less a minute after the requests of 12-01 01:30
        expect(await purge.handle()).toEqual({ rows: 0, files: 0 });

        clock.set('2026-12-31T01:31:00Z');
        expect(await purge.handle()).toEqual({ rows: old, files: oldFiles.length });
        expect(files().filter((f) => oldFiles.includes(f))).toEqual([]);
        expect(files()).toContain('newer.xlsx');
        expect(await t.db.query(`SELECT count(*)::int AS n FROM ledger_export WHERE created_at <= '2026-12-01T01:30:00Z'`)).toEqual([{ n: 0 }]);
        expect(await t.db.query(`SELECT id FROM ledger_export WHERE id = $1`, [newer.id])).toEqual([{ id: newer.id }]);
        expect(await purge.handle()).toEqual({ rows: 0, files: 0 });
      } finally {
        clock.set('2026-12-01T01:30:00Z');
      }
    });
  });
});
