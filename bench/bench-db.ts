import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { createDataSource } from '@luoshi/infra';

const ADMIN = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin<T = unknown>(query: string, values: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: ADMIN });
  await c.connect();
  try {
    return (await c.query(query, values)).rows as T[];
  } finally {
    await c.end();
  }
}

const databaseUrl = (name: string) => `${ADMIN.slice(0, ADMIN.lastIndexOf('/'))}/${name}`;

/** A short hash of the schema (the migrations' files) and of `extra` (e.g. the generator's source). */
export function schemaHash(...extra: string[]): string {
  const dir = resolve(__dirname, '../migrations');
  const hash = createHash('sha1');
  for (const file of readdirSync(dir).sort()) hash.update(file).update(readFileSync(resolve(dir, file)));
  for (const part of extra) hash.update(part);
  return hash.digest('hex').slice(0, 10);
}

/**
 * A seeded database kept between runs as a template (`luoshi_benchtpl_<tag>_<hash>`): seeding
 * 100,000 tasks takes minutes, copying the template seconds. `seed` fills a freshly migrated one
 * and returns what the run needs later (stored as the database's comment). BENCH_FRESH=1 seeds
 * again; templates of the same tag with another hash (an older schema or generator) are dropped.
 * Each run gets its own copy, dropped by `drop()`.
 */
export async function fromBenchTemplate<T>(
  tag: string,
  hash: string,
  seed: (url: string) => Promise<T>,
): Promise<{ url: string; data: T; seeded: boolean; drop(): Promise<void> }> {
  const template = `luoshi_benchtpl_${tag}_${hash}`;
  const stale = await admin<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1) AND (datname <> $2 OR $3)`, [
    `luoshi_benchtpl_${tag}_`,
    template,
    process.env.BENCH_FRESH === '1',
  ]);
  for (const { datname } of stale) await admin(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  let seeded = false;
  const comment = async () =>
    (await admin<{ data: string | null }>(`SELECT shobj_description(oid, 'pg_database') AS data FROM pg_database WHERE datname = $1`, [template]))[0];
  let stored = await comment();
  if (!stored?.data) {
    if (stored) await admin(`DROP DATABASE "${template}" WITH (FORCE)`); // a seeding that did not finish
    await migratedDatabase(template);
    const data = await seed(databaseUrl(template));
    await admin(`COMMENT ON DATABASE "${template}" IS ${literal(JSON.stringify(data))}`);
    seeded = true;
    stored = await comment();
  }
  const name = `luoshi_bench_${tag}_${process.pid}_${Date.now().toString(36)}`;
  await admin(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  return {
    url: databaseUrl(name),
    data: JSON.parse(stored.data!),
    seeded,
    drop: async () => void (await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

async function migratedDatabase(name: string): Promise<string> {
  await admin(`CREATE DATABASE "${name}"`);
  const url = databaseUrl(name);
  const ds = createDataSource(url);
  await ds.initialize();
  await ds.runMigrations();
  await ds.destroy();
  return url;
}

/** A migrated scratch database for one benchmark run; dropped by `drop()`. */
export async function createBenchDatabase(tag: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `luoshi_bench_${tag}_${process.pid}_${Date.now().toString(36)}`;
  const url = await migratedDatabase(name);
  return { url, drop: async () => void (await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)) };
}

/** Where the local PostgreSQL listens for socket connections (Debian's default). */
const SOCKET_DIR = process.env.BENCH_DB_SOCKET_DIR ?? '/var/run/postgresql';

/**
 * The DATABASE_URL the benchmarked API gets. With PostgreSQL on the same host, its Unix socket
 * (`?host=<dir>`, which pg reads) skips the loopback TCP stack, whose per-query send was a
 * quarter of a submission's API CPU in profiles. BENCH_DB_TRANSPORT=tcp keeps loopback TCP.
 */
export function apiDatabaseUrl(tcpUrl: string): { url: string; transport: string } {
  const port = new URL(tcpUrl).port || '5432';
  const wantsTcp = process.env.BENCH_DB_TRANSPORT === 'tcp';
  if (wantsTcp || !existsSync(`${SOCKET_DIR}/.s.PGSQL.${port}`)) return { url: tcpUrl, transport: 'loopback TCP' };
  return { url: `${tcpUrl}?host=${encodeURIComponent(SOCKET_DIR)}`, transport: `its Unix socket (${SOCKET_DIR})` };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function machineLine(): string {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/**
 * The CPU time of one database's Postgres backends while a benchmark runs, read from /proc (Postgres
 * on this host; USER_HZ = 100). Sampled every 200 ms, so a pooled connection that closes before the
 * end still counts up to its last sample. With the machine shared, CPU time says more about the
 * work than wall time. `stop()` returns milliseconds.
 */
export function samplePostgresCpu(query: (text: string) => Promise<{ pid: number }[]>): { stop(): Promise<number> } {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let baseline = true;
  const sample = async () => {
    const rows = await query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`).catch(() => []);
    for (const { pid } of rows) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        const ms = (Number(fields[11]) + Number(fields[12])) * 10;
        if (!first.has(pid)) first.set(pid, baseline ? ms : 0);
        last.set(pid, ms);
      } catch {
        // not on this host, or gone
      }
    }
    baseline = false;
  };
  const started = sample();
  const timer = setInterval(() => void sample(), 200);
  return {
    async stop() {
      await started;
      clearInterval(timer);
      await sample();
      let total = 0;
      for (const [pid, ms] of last) total += ms - (first.get(pid) ?? 0);
      return total;
    },
  };
}
