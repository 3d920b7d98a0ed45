import 'reflect-metadata';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { WorkCalendarSource } from '@luoshi/core';
import { createDataSource, loadConfig, ManualClock } from '@luoshi/infra';
import { ReminderRepository } from '../apps/worker/src/reminders/reminder.repository';
import { ReminderSweepService } from '../apps/worker/src/reminders/reminder-sweep.service';
const orig = PostgresQueryRunner.prototype.query;
(PostgresQueryRunner.prototype as any).query = async function (q: string, p?: unknown[], s?: boolean) {
  if (process.env.EXPLAIN && this.isTransactionActive && /^INSERT INTO notification_delivery/.test(q.trim()) && !q.startsWith('EXPLAIN')) {
    await orig.call(this, 'SAVEPOINT xp');
    const plan = await orig.call(this, 'EXPLAIN (ANALYZE, BUFFERS) ' + q, p);
    await orig.call(this, 'ROLLBACK TO SAVEPOINT xp');
    console.log('----', q.replace(/\s+/g, ' ').slice(0, 200));
    console.log(plan.map((r: any) => r['QUERY PLAN']).join('\n'));
  }
  const t = performance.now();
  try { return await orig.call(this, q, p, s); } finally {
    const ms = performance.now() - t; if (ms > 5) console.log(ms.toFixed(0).padStart(6), q.replace(/\s+/g, ' ').slice(0, 110));
  }
};
async function main() {
  const url = process.env.PROF_DB ?? 'postgres://postgres@127.0.0.1:5432/w10_rem_prof';
  const config = loadConfig({ ...process.env, DATABASE_URL: url });
  const ds = createDataSource(url); await ds.initialize();
  const clock = new ManualClock(`${process.env.SWEEP ?? '2024-11-05'}T01:00:00Z`);
  const queue = { add: async () => undefined } as any;
  const svc = new ReminderSweepService(ds, new ReminderRepository(), new WorkCalendarSource(ds), clock, config, queue);
  for (let i = 0; i < Number(process.env.RUNS ?? 1); i++) {
  const t = performance.now();
  const r = await svc.sweep(clock.now());
  console.log('sweep', (performance.now() - t).toFixed(0), 'ms', r);
  }
  await ds.destroy();
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
