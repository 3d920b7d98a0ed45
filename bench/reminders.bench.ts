/**
 * `npm run bench:reminders`: the daily sweep at district scale. 100,000 published tasks from the
 * shared generator; the sweep day (BENCH_SWEEP_DAY, default 2025-04-15: about 9,250 reminders, the
 * issue's "about 10,000"; 2024-11-05 gives 5,899) decides how many fall due (k working days before,
 * on the day, every 3 days overdue, missing reports). Every unit has a webhook on a local
 * HTTP receiver. One sweep plans the reminders in SQL sets, writes one digest per unit, and the
 * worker delivers every notification to the in-app inbox and the webhooks; the clock stops when the
 * last delivery is recorded. Prints reminders/s end to end and the sweep's wall time, with the load,
 * and the CPU time the bench process (worker and receiver) and the database's Postgres backends spent.
 * Escalations of earlier days are recorded beforehand (the steady state: only today's are new).
 */
import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { Test } from '@nestjs/testing';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { Clock, ManualClock } from '@luoshi/infra';
import { createBenchDatabase, machineLine, samplePostgresCpu } from './bench-db';
import { generateBenchData } from './data-generator';

const SWEEP_DAY = process.env.BENCH_SWEEP_DAY ?? '2025-04-15';
const TARGET_PER_SECOND = 5000;

async function main(): Promise<void> {
  console.log(
    `machine: ${machineLine()}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const database = await createBenchDatabase('reminders');
  const webhookHits = { count: 0 };
  const receiver: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      webhookHits.count += 1;
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const pg = new Client({ connectionString: database.url });
  try {
    const data = await generateBenchData(database.url);
    console.log(`seeded ${data.counts.tasks ?? 100_000} tasks over ${data.units.length} units in ${(data.ms / 1000).toFixed(1)} s`);
    await pg.connect();
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    await pg.query(`INSERT INTO unit_channel (unit_id, channel, address, secret) SELECT id, 'webhook', $1 || '/hook/' || id, $2 FROM unit`, [
      receiverUrl,
      secret,
    ]);
    // earlier days' escalations already happened: today only the tasks crossing the threshold are new
    await pg.query(
      `INSERT INTO task_escalation (task_id, due_date, days_overdue, escalated_at)
       SELECT id, due_date, $1::date - due_date, $1::date FROM task WHERE due_date < $1::date - 7 AND state IN ('not_started', 'in_progress')`,
      [SWEEP_DAY],
    );
    await pg.query('VACUUM ANALYZE');

    const clock = new ManualClock(`${SWEEP_DAY}T01:00:00Z`); // 09:00 Shanghai
    Object.assign(process.env, {
      DATABASE_URL: database.url,
      REDIS_PREFIX: `luoshi-bench-reminders-${process.pid}`,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      OUTBOUND_ALLOW_HOSTS: '127.0.0.1',
    });
    const { WorkerModule } = await import('../apps/worker/src/worker.module');
    // nothing to make up at start: the bench starts the one sweep itself
    await pg.query(
      `INSERT INTO schedule_run (schedule, due_at, started_at, finished_at) SELECT s, $1::timestamptz, $1::timestamptz, $1::timestamptz FROM unnest($2::text[]) s`,
      [clock.now(), ['reminders.sweep']],
    );
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    const worker = await moduleRef.init();
    const schedules = worker.get<Queue>(getQueueToken('schedules'));
    const notifications = worker.get<Queue>(getQueueToken('notifications'));
    await new Promise((r) => setTimeout(r, 2000)); // start-up's made-up runs of other schedules settle
    await waitIdle(schedules);
    await waitIdle(notifications);
    await pg.query(`DELETE FROM schedule_run WHERE schedule = 'reminders.sweep'`);

    const dbCpu = samplePostgresCpu(async (text) => (await pg.query<{ pid: number }>(text)).rows);
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    const job = await schedules.add('reminders.sweep', { dueAt: clock.now().toISOString() });
    let sweepMs = 0;
    for (;;) {
      if (!sweepMs && ((await job.isCompleted()) || (await job.isFailed()))) sweepMs = performance.now() - started;
      if (sweepMs) {
        const [{ pending }] = (await pg.query(`SELECT count(*)::int AS pending FROM notification_delivery WHERE status = 'pending'`)).rows;
        if (pending === 0) break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const totalMs = performance.now() - started;
    const cpu = process.cpuUsage(cpu0);
    const nodeCpuMs = (cpu.user + cpu.system) / 1000;
    const dbCpuMs = await dbCpu.stop();
    const result = (await schedules.getJob(job.id!))!;
    if (result.failedReason) throw new Error(`sweep failed: ${result.failedReason}`);
    const [counts] = (
      await pg.query(
        `SELECT (SELECT count(*)::int FROM reminder WHERE on_date = $1) AS reminders,
                (SELECT count(*)::int FROM notification WHERE kind IN ('reminder.digest', 'task.escalated')) AS notifications,
                (SELECT count(*)::int FROM notification_delivery WHERE status = 'delivered' AND channel = 'in_app') AS in_app,
                (SELECT count(*)::int FROM notification_delivery WHERE status = 'delivered' AND channel = 'webhook') AS webhook,
                (SELECT count(*)::int FROM notification_delivery WHERE status = 'failed') AS failed`,
        [SWEEP_DAY],
      )
    ).rows;
    const perSecond = counts.reminders / (totalMs / 1000);
    console.log(`sweep day ${SWEEP_DAY}: ${counts.reminders} reminders planned → ${counts.notifications} notifications (digests + escalations)`);
    console.log(`delivered: in-app ${counts.in_app}, webhook ${counts.webhook} (receiver saw ${webhookHits.count} requests), failed ${counts.failed}`);
    console.log(`sweep wall time (plan + digests + fan-out): ${sweepMs.toFixed(0)} ms`);
    console.log(
      `end to end (sweep → last delivery recorded): ${totalMs.toFixed(0)} ms → ${Math.round(perSecond).toLocaleString('en')} reminders/s (target ≥ ${TARGET_PER_SECOND.toLocaleString('en')}/s ${perSecond >= TARGET_PER_SECOND ? '✅' : '❌'})`,
    );
    console.log(
      `CPU: Node (worker + receiver) ${nodeCpuMs.toFixed(0)} ms + Postgres ${dbCpuMs.toFixed(0)} ms = ${((nodeCpuMs + dbCpuMs) / 1000).toFixed(2)} core-seconds ` +
        `→ ${Math.round(counts.reminders / ((nodeCpuMs + dbCpuMs) / 1000)).toLocaleString('en')} reminders per core-second`,
    );
    console.log(
      `load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    await worker.close();
  } finally {
    await pg.end().catch(() => undefined);
    receiver.close();
    await database.drop();
  }
}

async function waitIdle(queue: Queue): Promise<void> {
  for (;;) {
    const c = await queue.getJobCounts('waiting', 'active');
    if (c.waiting + c.active === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err);
    process.exit(1);
  },
);
