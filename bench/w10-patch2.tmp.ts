import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
const orig = PostgresQueryRunner.prototype.query;
(PostgresQueryRunner.prototype as any).query = async function (q: string, p?: unknown[], s?: boolean) {
  if (this.isTransactionActive && /CREATE TEMP TABLE rollup|INSERT INTO rollup_/.test(q)) {
    await orig.call(this, 'SAVEPOINT xp');
    const plan = await orig.call(this, 'EXPLAIN (ANALYZE, BUFFERS) ' + q, p);
    await orig.call(this, 'ROLLBACK TO SAVEPOINT xp');
    process.stderr.write('---- ' + q.replace(/\s+/g, ' ').slice(0, 100) + '\n' + plan.map((r: any) => r['QUERY PLAN']).join('\n') + '\n');
  }
  return orig.call(this, q, p, s);
};
