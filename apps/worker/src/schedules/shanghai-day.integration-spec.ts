import { DataSource } from 'typeorm';
import { ManualClock } from '@luoshi/infra';
import type { JobName } from '@luoshi/jobs';
import { createUnit } from '../../../../test/support/factories';
import { createTask } from '../../../../test/support/task-factories';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { redisPrefix } from '../../../../test/support/test-env';
import { createTestWorker, TestWorker } from '../../../../test/support/test-worker';
import { waitFor } from '../../../../test/support/wait-for';

// 2026-03-31T15:59Z is 23:59 on Tuesday 31 March in Shanghai; 16:01Z is 00:01 on Wednesday 1 April.
const BEFORE = '2026-03-31T15:59:00Z';
const AFTER = '2026-03-31T16:01:00Z';
// the worker's start-up takes longer than jest's default 5 s on a loaded machine
jest.setTimeout(120_000);

const clock = new ManualClock(BEFORE);

describe('Shanghai days in a UTC process, across 16:00Z (integration)', () => {
  let database: TestDatabase;
  let worker: TestWorker;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    // open every day and close on the 1st at midnight Shanghai, so the period turns exactly at 16:00Z
    worker = await createTestWorker(database.url, `${redisPrefix()}-${database.name}`, {
      clock,
      env: { MONTHLY_OPEN_CRON: '0 0 * * *', MONTHLY_CLOSE_CRON: '0 0 1 * *' },
    });
    db = worker.db;
    await worker.idle('schedules');
  });

  afterAll(async () => {
    await worker?.close();
    await database?.drop();
  });

  const run = async (name: JobName, data: Record<string, unknown>) => {
    const job = await worker.queue('schedules').add(name, data);
    await waitFor(async () => (await job.isCompleted()) || (await job.isFailed()), name, 30_000);
    const done = (await worker.queue('schedules').getJob(job.id!))!;
    expect(done.failedReason).toBeUndefined();
    return done.returnvalue as Record<string, unknown>;
  };
  const periods = async () =>
    db.query<{ period: string; status: string }[]>(`SELECT period, status FROM reporting_period WHERE cadence = 'monthly' ORDER BY period`);

  it('runs in UTC, where the process calendar and Shanghai disagree after 16:00Z', () => {
    expect(process.env.TZ).toBe('UTC');
    expect(new Date(AFTER).getDate()).toBe(31);
    expect(clock.today()).toBe('2026-03-31');
  });

  it('at 15:59Z the start-up opened March and closed February; at 16:01Z the scheduled runs open April and close March', async () => {
    expect(await periods()).toEqual([
      { period: '2026-02', status: 'closed' },
      { period: '2026-03', status: 'open' },
    ]);

    clock.set(AFTER);
    expect(clock.today()).toBe('2026-04-01');
    // fired by their schedulers (no dueAt): the due time is the cron's latest occurrence in Shanghai
    expect(await run('period.open', { cadence: 'monthly' })).toMatchObject({ period: '2026-04' });
    expect(await run('period.close', { cadence: 'monthly' })).toMatchObject({ period: '2026-03' });
    expect(await periods()).toEqual([
      { period: '2026-02', status: 'closed' },
      { period: '2026-03', status: 'closed' },
      { period: '2026-04', status: 'open' },
    ]);
    const runs = await db.query(`SELECT due_at FROM schedule_run WHERE schedule = 'period.close.monthly' ORDER BY due_at`);
    expect(runs.map((r: { due_at: Date }) => r.due_at.toISOString())).toEqual(['2026-02-28T16:00:00.000Z', '2026-03-31T16:00:00.000Z']);
  });

  it('a sweep due at 15:59Z reminds for 31 March (1 working day left); one due at 16:01Z for 1 April (the day itself)', async () => {
    const unit = await createUnit(db);
    const { taskId } = await createTask(db, { leadUnitId: unit.id, dueDate: '2026-04-01', publishedAt: '2026-03-01T02:00:00Z' });
    clock.set(BEFORE);
    expect(await run('reminders.sweep', { dueAt: BEFORE })).toMatchObject({ date: '2026-03-31' });
    clock.set(AFTER);
    expect(await run('reminders.sweep', { dueAt: AFTER })).toMatchObject({ date: '2026-04-01' });
    expect(await db.query(`SELECT rule, on_date::text FROM reminder WHERE task_id = $1 AND rule LIKE 'due.%' ORDER BY on_date`, [taskId])).toEqual([
      { rule: 'due.1wd', on_date: '2026-03-31' },
      { rule: 'due.today', on_date: '2026-04-01' },
    ]);
  });
});
