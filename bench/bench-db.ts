import { existsSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { Client } from 'pg';
import { createDataSource } from '@luoshi/infra';

const ADMIN = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A migrated scratch database for one benchmark run; dropped by `drop()`. */
export async function createBenchDatabase(tag: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `luoshi_bench_${tag}_${process.pid}_${Date.now().toString(36)}`;
  const url = `${ADMIN.slice(0, ADMIN.lastIndexOf('/'))}/${name}`;
  const admin = async (sql: string) => {
    const c = new Client({ connectionString: ADMIN });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const ds = createDataSource(url);
  await ds.initialize();
  await ds.runMigrations();
  await ds.destroy();
  return { url, drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
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
