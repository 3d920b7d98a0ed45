/**
 * npm run bench:rollup
 * Seeds a scratch database with the shared generator (bench/data-generator.ts: 100,000 published
 * tasks over 60 units, reports for the two previous months on a third of them), vacuums it, then
 * in a separate process (bench/rollup-run.ts, so the peak memory measured is the build's own)
 * builds last month's rollup and the office's ledger of every task through the worker's handlers:
 * the rollup's set-based SQL and, at the same time as the worker's rollups queue (concurrency 2)
 * runs them, the ledger's cursor batches (the stored traffic-light verdict, made current before the
 * timing as the worker's midnight job does) → the task rows' XML → exceljs streaming writer → file. Targets: rollup + ledger under 5 s, peak memory under 500 MB. Each run prints
 * both figures, the machine and its load average (before and after).
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { shanghaiDate } from '@luoshi/domain/calendar';
import { periodOf, previousPeriod } from '@luoshi/domain/reports';
import { createBenchDatabase, machineLine, median } from './bench-db';
import { generateBenchData } from './data-generator';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TARGET = { totalMs: 5000, peakRssMb: 500 };

interface RunResult {
  /** each from the common start (they run concurrently) */
  rollupMs: number;
  ledgerMs: number;
  totalMs: number;
  /** CPU time of the bench process (the ledger's rows) and of the database's Postgres backends */
  nodeCpuMs: number;
  dbCpuMs: number;
  built: { taskCount: number; unitRows: number; measureRows: number; taskRows: number };
  ledger: { rows: number; bytes: number; status: string };
  baselineRssMb: number;
  peakRssMb: number;
}

async function main(): Promise<void> {
  console.log(
    `bench:rollup — ${machineLine()}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const db = await createBenchDatabase('rollup');
  try {
    const data = await generateBenchData(db.url);
    console.log(`seeded ${JSON.stringify(data.counts)} in ${(data.ms / 1000).toFixed(1)} s`);
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    await admin.query('VACUUM ANALYZE');
    await admin.query('CHECKPOINT');
    await admin.end();

    const period = previousPeriod('monthly', periodOf('monthly', shanghaiDate(new Date())));
    const results: RunResult[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const out = execFileSync(
        process.execPath,
        ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', resolve(__dirname, 'rollup-run.ts'), period, data.office.id],
        { env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent', TS_NODE_TRANSPILE_ONLY: 'true' }, encoding: 'utf8', maxBuffer: 1 << 20 },
      );
      const r = JSON.parse(out.trim().split('\n').pop()!) as RunResult;
      results.push(r);
      console.log(
        `run ${run}: rollup ${r.rollupMs.toFixed(0)} ms (${r.built.taskCount} tasks → ${r.built.unitRows} unit rows, ${r.built.measureRows} measure rows, ${r.built.taskRows} overdue/lagging tasks); ` +
          `ledger ${r.ledgerMs.toFixed(0)} ms (${r.ledger.rows} rows, ${(r.ledger.bytes / 2 ** 20).toFixed(1)} MiB, ${r.ledger.status}); ` +
          `total (concurrent) ${r.totalMs.toFixed(0)} ms; CPU: Node ${r.nodeCpuMs.toFixed(0)} ms, Postgres ${r.dbCpuMs.toFixed(0)} ms; peak RSS ${r.peakRssMb.toFixed(0)} MB (after start-up ${r.baselineRssMb.toFixed(0)} MB)`,
      );
    }
    const total = median(results.map((r) => r.totalMs));
    const peak = Math.max(...results.map((r) => r.peakRssMb));
    console.log(
      `\nrollup + ledger for ${results[0].built.taskCount.toLocaleString('en')} tasks in the period, ${results[0].ledger.rows.toLocaleString('en')} ledger rows: ` +
        `median total ${(total / 1000).toFixed(2)} s (target < ${TARGET.totalMs / 1000} s ${total < TARGET.totalMs ? '✅' : '❌'}), ` +
        `rollup ${(median(results.map((r) => r.rollupMs)) / 1000).toFixed(2)} s, ledger ${(median(results.map((r) => r.ledgerMs)) / 1000).toFixed(2)} s; ` +
        `peak memory ${peak.toFixed(0)} MB (target < ${TARGET.peakRssMb} MB ${peak < TARGET.peakRssMb ? '✅' : '❌'})`,
    );
    const nodeCpu = median(results.map((r) => r.nodeCpuMs));
    const dbCpu = median(results.map((r) => r.dbCpuMs));
    // the work in core-seconds: on an idle 2-core machine the pair cannot take less than this
    const floorMs = Math.max(nodeCpu, dbCpu, (nodeCpu + dbCpu) / 2);
    console.log(
      `CPU (median): Node ${(nodeCpu / 1000).toFixed(2)} s + Postgres ${(dbCpu / 1000).toFixed(2)} s = ${((nodeCpu + dbCpu) / 1000).toFixed(2)} core-seconds; ` +
        `on an idle 2-core machine at least ${(floorMs / 1000).toFixed(2)} s wall`,
    );
    console.log(
      `load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
