/**
 * npm run bench:dashboard
 * The office's views at city scale (issue 12). Seeds a scratch database with the shared generator
 * (bench/data-generator.ts) at 100,000 published tasks over 60 units and 1,200,000 progress
 * reports (12 months of the lead unit's reports on every task), starts the production build, and
 * drives each of these at 10 connections after a warm-up, BENCH_WINDOWS measured windows each
 * (figures: the median window by req/s):
 *   office GET /dashboard · bureau GET /dashboard (the 60 bureau users in turn) ·
 *   office GET /tasks?light=red · office GET /tasks?overdue=true · office GET /reports
 * (lists: page 1 of 20). Target: p95 < 50 ms each. The issue's yardstick (an empty NestJS route,
 * bench/empty-nest-route.ts) runs first under the same load, so a slow machine is visible.
 * Then the office dashboard's time at 10,000 / 100,000 / 300,000 tasks (same shape; 12 reports per
 * task at 100,000, BENCH_SERIES_REPORT_MONTHS at the others), one request at a time:
 * BENCH_SCALE_REQUESTS requests after a warm-up, median and p95. The API shares the office's answer
 * for DASHBOARD_CACHE_MS (2 s): run with DASHBOARD_CACHE_MS=0 to time the count itself.
 * BENCH_SCALE=0 skips that series; BENCH_SIZES=10000,100000 (or BENCH_SCALE_TASKS) chooses its sizes.
 * BENCH_CASES=office-dashboard,bureau-dashboard,light-red,overdue,reports runs only those cases
 * (BENCH_CASES=none: only the series); BENCH_ONLY=<text> runs only the scenarios whose name contains it
 * (e.g. BENCH_ONLY='GET /reports').
 * Seeded databases are kept as templates per size, schema and generator (bench-db.ts
 * fromBenchTemplate), so a re-run copies one in seconds; BENCH_FRESH=1 seeds again. Drop them with
 * `psql -c 'DROP DATABASE "luoshi_benchtpl_…"'` when done (the 300,000 one takes ~2 GB).
 */
import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { shanghaiDate } from '@luoshi/domain/calendar';
import { apiDatabaseUrl, fromBenchTemplate, machineLine, median, schemaHash } from './bench-db';
import {
  CONNECTIONS,
  cpuText,
  DURATION_SECONDS,
  Figures,
  login,
  measureWindows,
  REFERENCE,
  run,
  startEmptyNestRoute,
  startServer,
  stopServer,
  WARMUP_SECONDS,
  WINDOWS,
} from './bench-http';
import { GeneratedData, generateBenchData, GeneratorOptions } from './data-generator';

const TARGET_P95_MS = 50;
const REPORT_MONTHS = 12;
const SCALE_REQUESTS = Number(process.env.BENCH_SCALE_REQUESTS ?? 20);
const SCALE_TASKS = (process.env.BENCH_SIZES ?? process.env.BENCH_SCALE_TASKS ?? '10000,100000,300000').split(',').map(Number);
/**
 * The growth series' other sizes get fewer reports per task (BENCH_SERIES_REPORT_MONTHS, default 2):
 * the office dashboard reads task_tally, never the reports, and 300,000 tasks × 12 months (3.6 M
 * reports through the triggers) would take most of an hour to seed on 2 cores. Printed with the series.
 */
const SERIES_REPORT_MONTHS = Number(process.env.BENCH_SERIES_REPORT_MONTHS ?? 2);
const reportMonths = (tasks: number) => (tasks === 100_000 ? REPORT_MONTHS : SERIES_REPORT_MONTHS);
const dataShape = (tasks: number): GeneratorOptions => ({ tasks, reportEvery: 1, reportMonths: reportMonths(tasks) });

interface Scenario {
  /** for BENCH_CASES */
  key: string;
  name: string;
  path: string;
  /** the office's token, or each bureau user's in turn */
  as: 'office' | 'bureau';
}

const ALL_SCENARIOS: Scenario[] = [
  { key: 'office-dashboard', name: 'office GET /dashboard', path: '/dashboard', as: 'office' },
  { key: 'bureau-dashboard', name: 'bureau GET /dashboard', path: '/dashboard', as: 'bureau' },
  { key: 'light-red', name: 'office light=red', path: '/tasks?light=red&page=1&pageSize=20', as: 'office' },
  { key: 'overdue', name: 'office overdue=true', path: '/tasks?overdue=true&page=1&pageSize=20', as: 'office' },
  { key: 'reports', name: 'office GET /reports', path: '/reports?page=1&pageSize=20', as: 'office' },
];
const CASES = process.env.BENCH_CASES?.split(',').map((c) => c.trim());
const ONLY = process.env.BENCH_ONLY;
const SCENARIOS = ALL_SCENARIOS.filter((s) => (!CASES || CASES.includes(s.key)) && (!ONLY || s.name.includes(ONLY)));
if (CASES && CASES.some((c) => c !== 'none' && !ALL_SCENARIOS.some((s) => s.key === c))) {
  throw new Error(`BENCH_CASES: unknown case; known: ${ALL_SCENARIOS.map((s) => s.key).join(', ')}, none`);
}

function line(name: string, { median: f, windows }: { median: Figures; windows: Figures[] }, target: number | null): string {
  const verdict = target === null ? '' : f.p95 < target && f.non2xx === 0 && f.errors === 0 ? ' PASS' : ' FAIL';
  return (
    `${name.padEnd(24)} ${f.rps.toFixed(0).padStart(6)} req/s  p50 ${String(f.p50).padStart(4)} ms  p95 ${String(f.p95).padStart(5)} ms  p99 ${String(f.p99).padStart(4)} ms  ` +
    `${cpuText(f)}  (${f.requests} requests, ${f.non2xx} non-2xx, ${f.errors} errors` +
    `${target === null ? '' : `; target p95 < ${target} ms`})${verdict}\n` +
    `${''.padEnd(24)} windows: ${windows.map((w) => `${w.rps.toFixed(0)} req/s p95 ${w.p95} ms`).join(' | ')}`
  );
}

/** One request at a time: `n` office dashboards after 3 warm-ups; median and p95 in ms. */
async function sequentialTimes(base: string, token: string, n: number): Promise<{ median: number; p95: number; bytes: number }> {
  const once = async () => {
    const started = process.hrtime.bigint();
    const res = await fetch(`${base}/dashboard`, { headers: { authorization: `Bearer ${token}` } });
    const body = await res.text();
    if (!res.ok) throw new Error(`GET /dashboard: HTTP ${res.status} ${body.slice(0, 200)}`);
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, bytes: body.length };
  };
  for (let i = 0; i < 3; i++) await once();
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const response = await once();
    times.push(response.ms);
    bytes = response.bytes;
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { median: median(times), p95: sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)], bytes };
}

/** The generator's data as kept with a template (the seeding time included). */
type SeededData = Pick<GeneratedData, 'users' | 'office' | 'password' | 'counts' | 'ms'>;

/** The template's key: the schema, the generator and the month (the generator's reports are months back from now). */
const templateHash = (tasks: number) =>
  schemaHash(
    readFileSync(`${__dirname}/data-generator.ts`, 'utf8'),
    shanghaiDate(new Date()).slice(0, 7),
    // the series' sizes: their report months too (the 100,000 template keeps its key)
    ...(tasks === 100_000 ? [] : [`reports:${reportMonths(tasks)}`]),
  );

/**
 * BENCH_TAG=<suffix> keeps this run's templates apart from other checkouts' on a shared server (a
 * run drops the templates of its tag seeded from another schema).
 */
const TEMPLATE_TAG = (process.env.BENCH_TAG ?? '').replace(/[^a-z0-9]/g, '');

/** A copy of the `tasks`-task template with the production build on it, for `use`; both gone afterwards. */
async function withSeededApi<T>(
  tasks: number,
  use: (ctx: {
    base: string;
    pid: number | undefined;
    officeToken: string;
    bureauTokens: string[];
    counts: Record<string, number>;
    seededMs: number;
  }) => Promise<T>,
): Promise<T> {
  const db = await fromBenchTemplate<SeededData>(`dash${tasks}${TEMPLATE_TAG}`, templateHash(tasks), async (url) => {
    const { users, office, password, counts, ms } = await generateBenchData(url, dataShape(tasks));
    return { users, office, password, counts, ms };
  });
  let server: { child: ChildProcess; port: number } | undefined;
  try {
    const data = db.data;
    console.log(
      `${tasks.toLocaleString('en')} tasks: ${db.seeded ? `seeded in ${(data.ms / 1000).toFixed(1)} s` : `copied from its template (seeded once in ${(data.ms / 1000).toFixed(1)} s)`}`,
    );
    server = await startServer(apiDatabaseUrl(db.url).url);
    const base = `http://127.0.0.1:${server.port}`;
    const officeToken = await login(base, data.office.username, data.password);
    const bureauTokens: string[] = [];
    for (const user of data.users) bureauTokens.push(await login(base, user.username, data.password));
    // the first office read writes today's stored lights (LightDayService); time it, then vacuum as
    // autovacuum would, so the runs measure the steady state
    const started = Date.now();
    const first = await fetch(`${base}/dashboard`, { headers: { authorization: `Bearer ${officeToken}` } });
    if (!first.ok) throw new Error(`first GET /dashboard: HTTP ${first.status}`);
    console.log(`  first office GET /dashboard (recomputes the stored lights for today): ${Date.now() - started} ms`);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query('VACUUM (ANALYZE) task').finally(() => client.end());
    return await use({ base, pid: server.child.pid, officeToken, bureauTokens, counts: data.counts, seededMs: data.ms });
  } finally {
    if (server) await stopServer(server.child);
    await db.drop();
  }
}

const sizeLine = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([k, v]) => `${k} ${v.toLocaleString('en')}`)
    .join(', ');
const loadAverage = () => execSync('uptime').toString().trim();

async function main(): Promise<void> {
  console.log(`bench:dashboard  ${new Date().toISOString()}  ${machineLine()}`);
  console.log(`load at start: ${loadAverage()}`);

  // the issue's yardstick first, alone on the box, under the same load as the real scenarios
  const empty = await startEmptyNestRoute();
  let reference: { median: Figures; windows: Figures[] };
  try {
    const emptyRun = (duration: number) => run({ url: `http://127.0.0.1:${empty.port}/`, connections: CONNECTIONS, duration });
    await emptyRun(WARMUP_SECONDS);
    reference = await measureWindows(empty.child.pid, () => emptyRun(DURATION_SECONDS));
  } finally {
    await stopServer(empty.child);
  }

  const results: { scenario: Scenario; figures: { median: Figures; windows: Figures[] } }[] = [];
  let size = '';
  const scale = new Map<number, { median: number; p95: number; bytes: number }>();
  const mainRun = SCENARIOS.length > 0 || (SCALE_TASKS.includes(100_000) && process.env.BENCH_SCALE !== '0');
  if (mainRun)
    await withSeededApi(100_000, async ({ base, pid, officeToken, bureauTokens, counts, seededMs }) => {
      size = `seeded in ${(seededMs / 1000).toFixed(1)} s: ${sizeLine(counts)}`;
      console.log(size);
      for (const scenario of SCENARIOS) {
        let turn = 0;
        const token = () => (scenario.as === 'office' ? officeToken : bureauTokens[turn++ % bureauTokens.length]);
        const probe = await fetch(`${base}${scenario.path}`, { headers: { authorization: `Bearer ${officeToken}` } });
        if (!probe.ok) throw new Error(`${scenario.name}: HTTP ${probe.status} ${(await probe.text()).slice(0, 300)}`);
        const drive = (duration: number) =>
          run({
            url: base,
            connections: CONNECTIONS,
            duration,
            requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: scenario.path, headers: { authorization: `Bearer ${token()}` } }) }],
          });
        await drive(WARMUP_SECONDS);
        results.push({ scenario, figures: await measureWindows(pid, () => drive(DURATION_SECONDS)) });
        console.log(line(scenario.name, results.at(-1)!.figures, TARGET_P95_MS));
      }
      if (SCALE_TASKS.includes(100_000) && process.env.BENCH_SCALE !== '0') scale.set(100_000, await sequentialTimes(base, officeToken, SCALE_REQUESTS));
    });

  if (process.env.BENCH_SCALE !== '0') {
    for (const tasks of SCALE_TASKS.filter((n) => n !== 100_000)) {
      await withSeededApi(tasks, async ({ base, officeToken }) => scale.set(tasks, await sequentialTimes(base, officeToken, SCALE_REQUESTS)));
    }
  }

  console.log('');
  console.log(`bench:dashboard  ${new Date().toISOString().slice(0, 10)}  ${machineLine()}`);
  console.log(`load at end: ${loadAverage()}`);
  console.log(
    `${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up, then ${WINDOWS} × ${DURATION_SECONDS} s measured per scenario (figures: the median window); production build; ${size}`,
  );
  console.log(line('empty NestJS route', reference, null));
  console.log(
    `${''.padEnd(24)} the issue quotes ~${REFERENCE.rps.toLocaleString('en')} req/s, p99 ${REFERENCE.p99} ms for it on the machine the targets were set on: ` +
      `this machine ran at ${(reference.median.rps / REFERENCE.rps).toFixed(2)}× that`,
  );
  for (const { scenario, figures } of results) console.log(line(scenario.name, figures, TARGET_P95_MS));
  if (scale.size > 0) {
    console.log(`office GET /dashboard, one request at a time (${SCALE_REQUESTS} after 3 warm-ups; reports per task as listed):`);
    for (const tasks of [...scale.keys()].sort((a, b) => a - b)) {
      const s = scale.get(tasks)!;
      console.log(
        `  ${tasks.toLocaleString('en').padStart(8)} tasks, ${reportMonths(tasks)} reports each: median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms (${s.bytes.toLocaleString('en')} bytes)`,
      );
    }
  }
  const failed = results.filter(({ figures: { median: f } }) => !(f.p95 < TARGET_P95_MS && f.non2xx === 0 && f.errors === 0));
  console.log(
    results.length === 0 ? 'no cases run' : failed.length === 0 ? 'all targets met' : `targets not met: ${failed.map((r) => r.scenario.name).join(', ')}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
