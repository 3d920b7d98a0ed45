/**
 * The measured part of `npm run bench:rollup`, in its own process so its peak memory is its own:
 * one period's rollup and one office ledger (every task) through the worker's real handlers, on
 * the database in DATABASE_URL. Prints one JSON line: timings and peak RSS.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssessmentSettingsSource, LightDayService, WorkCalendarSource } from '@luoshi/core';
import { createDataSource, loadConfig, queryRows, raw, SystemClock } from '@luoshi/infra';
import { samplePostgresCpu } from './bench-db';
import { BuildRollupHandler } from '../apps/worker/src/rollups/build-rollup.handler';
import { RollupRepository } from '../apps/worker/src/rollups/rollup.repository';
import { BuildLedgerHandler } from '../apps/worker/src/ledgers/build-ledger.handler';
import { LedgerRepository } from '../apps/worker/src/ledgers/ledger.repository';

async function main(): Promise<void> {
  const [period, requestedBy] = process.argv.slice(2);
  const ledgerDir = mkdtempSync(join(tmpdir(), 'luoshi-bench-ledger-'));
  const config = loadConfig({ ...process.env, LEDGER_DIR: ledgerDir });
  const ds = createDataSource(config.DATABASE_URL);
  await ds.initialize();
  const clock = new SystemClock();
  try {
    const rollup = new BuildRollupHandler(new RollupRepository(ds), clock, ds);
    const settings = new AssessmentSettingsSource(config, new WorkCalendarSource(ds));
    const lightDays = new LightDayService(ds, settings, clock, config);
    const ledger = new BuildLedgerHandler(ds, new LedgerRepository(ds), settings, lightDays, clock, config);
    // today's stored traffic lights, as the worker's light.recompute job makes them at 00:00 (not part of a ledger's build)
    await lightDays.ensureCurrent();
    const baselineRss = process.memoryUsage().rss;

    const [{ id }] = await ds.query(`INSERT INTO ledger_export (requested_by, filters) VALUES ($1, '{}') RETURNING id`, [requestedBy]);
    // as the worker runs them (rollups queue, concurrency 2): the rollup's SQL works in Postgres while
    // the ledger's rows are written in this process
    const dbCpu = samplePostgresCpu((text) => queryRows<{ pid: number }>(ds, raw(text)));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
      const result = await work();
      return [result, performance.now() - t0];
    };
    const [[built, rollupMs], [written, ledgerMs]] = await Promise.all([
      timed(() => rollup.handle({ cadence: 'monthly', period })),
      timed(() => ledger.handle({ ledgerId: id })),
    ]);
    const totalMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const nodeCpuMs = (cpu.user + cpu.system) / 1000;
    const dbCpuMs = await dbCpu.stop();
    const [row] = await ds.query(`SELECT status, row_count, size_bytes FROM ledger_export WHERE id = $1`, [id]);

    process.stdout.write(
      `${JSON.stringify({
        rollupMs,
        ledgerMs,
        totalMs,
        nodeCpuMs,
        dbCpuMs,
        built,
        ledger: { ...written, status: row.status, rows: row.row_count, bytes: Number(row.size_bytes) },
        baselineRssMb: baselineRss / 2 ** 20,
        // ru_maxrss is in KiB on Linux: the process's peak resident memory, start-up included
        peakRssMb: process.resourceUsage().maxRSS / 1024,
      })}\n`,
    );
  } finally {
    await ds.destroy();
    rmSync(ledgerDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
