/**
 * npm run bench:ab -- <baseline checkout>
 * Is this checkout's API slower than another build of it? Both builds run at once on one copy of the bench:api data
 * (bench/api-scenarios.ts), each in its own process with its own Redis prefix, and are measured in alternating
 * windows at 10 connections: every round one window per build, the order swapped each round (the second window
 * of a round runs slower whichever build has it: the first's background work in PostgreSQL lands in it). On a
 * shared 2-core box the same build varies by ±25 % between windows, so only many interleaved rounds tell two builds
 * apart; single runs of bench:api an hour apart cannot.
 * Both builds read and write this checkout's schema, so the comparison is of code alone (what the database itself
 * does on each write, its triggers, is the same for both). The baseline must run on this schema: any earlier commit
 * does, as long as no later migration dropped or renamed something it reads. Build it first (`npm run build` there).
 * Prints every window, each build's medians (req/s; the API's and PostgreSQL's CPU per request) and the ratio of
 * req/s, this checkout over the baseline, as the geometric mean over rounds.
 * BENCH_AB_SCENARIO: submissions (default), auth-me or my-tasks (bench:api's three); BENCH_AB_ROUNDS (default 12);
 * each window BENCH_DURATION_SECONDS (default 10).
 */
import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import type autocannon from 'autocannon';
import { shanghaiDate } from '@luoshi/domain/calendar';
import { periodOf } from '@luoshi/domain/reports';
import { apiBenchDatabase, bureauGetRequest, ReportSlots, submissionRequest } from './api-scenarios';
import { apiDatabaseUrl, machineLine, median } from './bench-db';
import { API_MAIN, CONNECTIONS, cpuText, DURATION_SECONDS, Figures, login, measure, run, startServer, stopServer, WARMUP_SECONDS } from './bench-http';
import { openReportSlots } from './data-generator';

const SCENARIOS = ['submissions', 'auth-me', 'my-tasks'] as const;
type Scenario = (typeof SCENARIOS)[number];

interface Build {
  name: 'change' | 'baseline';
  main: string;
  server?: { child: ChildProcess; port: number };
  request?: autocannon.Request;
  windows: Figures[];
}

async function main(): Promise<void> {
  const baselineDir = process.argv[2] ?? process.env.BENCH_AB_BASELINE;
  if (!baselineDir) throw new Error('usage: npm run bench:ab -- <baseline checkout> (built: its dist/apps/api/apps/api/src/main.js)');
  const scenario = (process.env.BENCH_AB_SCENARIO ?? 'submissions') as Scenario;
  if (!SCENARIOS.includes(scenario)) throw new Error(`BENCH_AB_SCENARIO must be one of ${SCENARIOS.join(', ')}`);
  const rounds = Number(process.env.BENCH_AB_ROUNDS ?? 12);
  const builds: Build[] = [
    { name: 'change', main: API_MAIN, windows: [] },
    { name: 'baseline', main: resolve(baselineDir, 'dist/apps/api/apps/api/src/main.js'), windows: [] },
  ];

  const db = await apiBenchDatabase();
  try {
    const apiDb = apiDatabaseUrl(db.url);
    // one sequence of fresh report slots for both: they write into the same database
    const slots: ReportSlots = { slots: [], period: periodOf('monthly', shanghaiDate(new Date())), next: 0 };
    if (scenario === 'submissions') slots.slots = await openReportSlots(db.url, Number.MAX_SAFE_INTEGER);
    for (const build of builds) {
      build.server = await startServer(apiDb.url, build.main);
      const base = `http://127.0.0.1:${build.server.port}`;
      const tokens = new Map<string, string>();
      for (const user of db.data.users) tokens.set(user.unitId!, await login(base, user.username, db.data.password));
      build.request =
        scenario === 'submissions'
          ? submissionRequest(slots, tokens)
          : bureauGetRequest(scenario === 'auth-me' ? '/auth/me' : '/tasks?page=1&pageSize=20', [...tokens.values()]);
    }
    const load = (build: Build, duration: number) =>
      run({ url: `http://127.0.0.1:${build.server!.port}`, connections: CONNECTIONS, duration, requests: [build.request!] });

    console.log(`bench:ab  ${new Date().toISOString().slice(0, 10)}  ${machineLine()}`);
    console.log(
      `${scenario}: this checkout (change) against ${resolve(baselineDir)} (baseline), one database (${db.data.counts.task.toLocaleString('en')} tasks; ` +
        `API → PostgreSQL over ${apiDb.transport}); ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up each, then ${rounds} rounds of one ${DURATION_SECONDS} s window per build`,
    );
    for (const build of builds) await load(build, WARMUP_SECONDS);
    for (let round = 0; round < rounds; round++) {
      // rounds go in pairs (each build first once), and each needs fresh report slots for two windows: a
      // repeated slot answers 409 and voids the comparison
      const perWindow = Math.max(0, ...builds.flatMap((b) => b.windows.map((w) => w.requests)));
      if (scenario === 'submissions' && round > 0 && round % 2 === 0 && slots.slots.length - slots.next < 4.5 * perWindow) {
        console.log(`stopped after ${round} rounds: the fresh report slots of ${slots.period} are running out`);
        break;
      }
      for (const build of round % 2 === 0 ? builds : [...builds].reverse()) {
        const figures = await measure(build.server!.child.pid, () => load(build, DURATION_SECONDS));
        build.windows.push(figures);
        console.log(
          `round ${String(round + 1).padStart(2)}  ${build.name.padEnd(8)} ${figures.rps.toFixed(0).padStart(5)} req/s  p99 ${String(figures.p99).padStart(3)} ms  ${cpuText(figures)}`,
        );
      }
    }

    for (const build of builds) {
      const failed = build.windows.reduce((n, w) => n + w.non2xx + w.errors, 0);
      if (failed > 0) throw new Error(`${build.name}: ${failed} requests failed or were refused: the comparison is void`);
      const ms = (pick: (w: Figures) => number | null) => median(build.windows.map((w) => pick(w) ?? NaN)).toFixed(3);
      console.log(
        `${build.name.padEnd(8)} median ${median(build.windows.map((w) => w.rps)).toFixed(0)} req/s, ` +
          `API CPU ${ms((w) => w.apiCpuMs)} + DB CPU ${ms((w) => w.dbCpuMs)} ms/req`,
      );
    }
    const ratios = builds[0].windows.map((w, i) => w.rps / builds[1].windows[i].rps);

    const geomean = Math.exp(ratios.reduce((sum, r) => sum + Math.log(r), 0) / ratios.length);
    console.log(`change/baseline req/s: ${geomean.toFixed(3)} (geometric mean of ${ratios.length} rounds: ${ratios.map((r) => r.toFixed(2)).join(' ')})`);

    if (scenario === 'submissions') {
      const check = new Client({ connectionString: db.url });
      await check.connect();
      const count = async (text: string, values: unknown[] = []) => Number((await check.query(text, values)).rows[0].n);
      const stored = await count(`SELECT count(*) AS n FROM progress_report WHERE period = $1 AND status = 'submitted'`, [slots.period]);
      const audited = await count(`SELECT count(*) AS n FROM audit_log WHERE action = 'report.submit' AND outcome = 'ok'`);
      await check.end();
      console.log(`check: ${stored} reports submitted for ${slots.period} (${slots.next} sent), ${audited} audit entries report.submit`);
      if (stored !== audited) throw new Error('every submission must have its audit entry');
    }
  } finally {
    for (const build of builds) if (build.server) await stopServer(build.server.child);
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
