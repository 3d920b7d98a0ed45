import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
const orig = PostgresQueryRunner.prototype.query;
const t0 = performance.now();
(PostgresQueryRunner.prototype as any).query = async function (q: string, p?: unknown[], s?: boolean) {
  const t = performance.now();
  try { return await orig.call(this, q, p, s); } finally {
    const ms = performance.now() - t; if (ms > 20) process.stderr.write(`${(t - t0).toFixed(0).padStart(6)} +${ms.toFixed(0).padStart(6)} ${q.replace(/\s+/g, ' ').slice(0, 100)}\n`);
  }
};
