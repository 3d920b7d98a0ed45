/**
 * The HTTP benchmark harness the API benchmarks share (bench:api, bench:dashboard): the production
 * build and the yardstick (bench/empty-nest-route.ts) each in its own process on loopback,
 * autocannon at a fixed number of connections, figures per measured window (req/s, p50/p95/p99 from
 * every response's latency, the API's and PostgreSQL's CPU time per request), the median of several windows.
 */
import { execSync, spawn, ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import autocannon from 'autocannon';

export const CONNECTIONS = 10;
export const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
export const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10);
// each scenario is measured in this many back-to-back windows; its figures are the median window's
// (by req/s), so one noisy window on a shared 2-core box does not decide the run
export const WINDOWS = Number(process.env.BENCH_WINDOWS ?? 3);
/** What the issue quotes for an empty NestJS route on its machine at this load. */
export const REFERENCE = { rps: 4100, p99: 14 };

// ------------------------------------------------------------------ the API process

/** The production build's entry point (`npm run bench:api` builds first). */
export const API_MAIN = resolve(__dirname, '../dist/apps/api/apps/api/src/main.js');

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolvePort(port));
    });
  });
}

/** Spawns a server process on a free loopback port and waits until `readyPath` answers 2xx. */
async function startProcess(args: string[], env: NodeJS.ProcessEnv, readyPath: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`${args.at(-1)} exited with ${code} before it was ready`))));
  const ready = (async () => {
    for (const started = Date.now(); Date.now() - started < 60_000; await new Promise((r) => setTimeout(r, 200))) {
      const res = await fetch(`http://127.0.0.1:${port}${readyPath}`).catch(() => null);
      if (res?.ok) return { child, port };
    }
    throw new Error(`${args.at(-1)} not ready after 60 s`);
  })();
  return Promise.race([ready, exited]);
}

/**
 * Starts the built API (`node dist/…/main.js`, as in production) and waits until it is ready. `main` runs another
 * build (bench:ab's baseline checkout); each process has its own Redis prefix, so two can run side by side.
 */
export async function startServer(databaseUrl: string, main: string = API_MAIN): Promise<{ child: ChildProcess; port: number }> {
  if (!existsSync(main)) throw new Error(`${main} not found: run \`npm run build\` in its checkout first`);
  return startProcess(
    // BENCH_CPU_PROF=dir writes a V8 CPU profile of the API process (open it in Chrome DevTools)
    [...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), main],
    {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      REDIS_PREFIX: `luoshi-bench-${process.pid}-${++serversStarted}`,
      LOG_LEVEL: 'info', // production logging (a line per request), written to /dev/null
      JWT_SECRET: process.env.JWT_SECRET ?? `bench-only-secret-${'x'.repeat(32)}`,
      ATTACHMENT_DIR: process.env.ATTACHMENT_DIR ?? `/tmp/luoshi-bench-attachments-${process.pid}`,
      // bench users drive ~1,000 req/min each: the per-user budget is counted on every request (its cost is measured), never reached
      USER_RATE_LIMIT: '1000000',
    },
    '/health/ready',
  );
}

let serversStarted = 0;

/** The yardstick (bench/empty-nest-route.ts: an empty NestJS route on the default Express platform). */
export function startEmptyNestRoute(): Promise<{ child: ChildProcess; port: number }> {
  return startProcess(['-r', 'ts-node/register/transpile-only', resolve(__dirname, 'empty-nest-route.ts')], { NODE_ENV: 'production' }, '/');
}

export async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  child.kill('SIGTERM'); // graceful: enableShutdownHooks closes the app (and writes a CPU profile if asked)
  await exited;
}

// ------------------------------------------------------------------ load

export interface Figures {
  rps: number;
  p50: number;
  /** from every response's latency (autocannon's summary has no p95) */
  p95: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** CPU time (user + system) of the API process per request, ms; null without /proc */
  apiCpuMs: number | null;
  /** CPU time of every PostgreSQL process (backends, WAL writer, autovacuum, …) per request, ms; null without /proc */
  dbCpuMs: number | null;
}

const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execSync('getconf CLK_TCK').toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU time in a /proc/<pid>/stat line, ms (the fields after the command name). */
function statCpuMs(stat: string): number {
  const fields = stat.split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** CPU time the process has used so far (user + system), ms; null where /proc is not available. */
export function processCpuMs(pid: number | undefined): number | null {
  try {
    return statCpuMs(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * CPU time each PostgreSQL process on this host has used so far (the processes named `postgres`, whoever runs them), ms
 * by pid; null where /proc is not available.
 */
export function postgresCpuMs(): Map<number, number> | null {
  try {
    const byPid = new Map<number, number>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue; // ended since the listing
      }
      if (stat.includes(' (postgres) ')) byPid.set(Number(entry), statCpuMs(stat));
    }
    return byPid;
  } catch {
    return null;
  }
}

/** PostgreSQL's CPU time between two readings: processes started meanwhile count from zero, ended ones are lost (a slight undercount). */
function postgresCpuBetween(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (before === null || after === null) return null;
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/**
 * Runs one measured scenario and adds the CPU time per request of the API process and of PostgreSQL: what a request
 * costs the shared 2-core box, beside req/s (both rise when the host is contended, so compare runs interleaved).
 */
export async function measure(apiPid: number | undefined, scenario: () => Promise<autocannon.Result>): Promise<Figures> {
  const before = { api: processCpuMs(apiPid), db: postgresCpuMs() };
  const result = await scenario();
  const after = { api: processCpuMs(apiPid), db: postgresCpuMs() };
  const figures = figuresOf(result);
  const perRequest = (ms: number | null) => (ms === null || figures.requests === 0 ? null : ms / figures.requests);
  figures.apiCpuMs = perRequest(before.api === null || after.api === null ? null : after.api - before.api);
  figures.dbCpuMs = perRequest(postgresCpuBetween(before.db, after.db));
  return figures;
}

/** "API CPU 0.75 + DB CPU 0.90 ms/req": what a request cost the machine, beside its req/s. */
export function cpuText(f: Figures): string {
  const ms = (value: number | null) => (value === null ? 'n/a' : value.toFixed(2));
  return `API CPU ${ms(f.apiCpuMs)} + DB CPU ${ms(f.dbCpuMs)} ms/req`;
}

/** `measure` over WINDOWS windows: the median window (by req/s), and every window for the record. */
export async function measureWindows(apiPid: number | undefined, scenario: () => Promise<autocannon.Result>): Promise<{ median: Figures; windows: Figures[] }> {
  const windows: Figures[] = [];
  for (let i = 0; i < WINDOWS; i++) windows.push(await measure(apiPid, scenario));
  const sorted = [...windows].sort((a, b) => a.rps - b.rps);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  // a refused or failed request in any window counts against the run
  return { median: { ...median, non2xx: sum(windows, 'non2xx'), errors: sum(windows, 'errors') }, windows };
}

function sum(windows: Figures[], key: 'non2xx' | 'errors'): number {
  return windows.reduce((total, w) => total + w[key], 0);
}

/** Latencies (ms) of the responses of the last `run`, for percentiles autocannon does not report. */
const latencies = new WeakMap<autocannon.Result, number[]>();

export function run(options: autocannon.Options): Promise<autocannon.Result> {
  const recorded: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (err, result) => {
      if (err) return reject(err instanceof Error ? err : new Error(String(err)));
      latencies.set(result, recorded);
      resolve(result);
    });
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => recorded.push(responseTime));
  });
}

/** The q-th percentile (0–100) of a run's recorded latencies, ms (nearest rank). */
export function percentile(result: autocannon.Result, q: number): number {
  const sorted = [...(latencies.get(result) ?? [])].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((q / 100) * sorted.length) - 1)] * 10) / 10;
}

export function figuresOf(result: autocannon.Result): Figures {
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p95: percentile(result, 95),
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    apiCpuMs: null,
    dbCpuMs: null,
  };
}

export async function login(base: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username}: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}
