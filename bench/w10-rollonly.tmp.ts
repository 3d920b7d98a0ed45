import 'reflect-metadata';
import { createDataSource, SystemClock } from '@luoshi/infra';
import { BuildRollupHandler } from '../apps/worker/src/rollups/build-rollup.handler';
import { RollupRepository } from '../apps/worker/src/rollups/rollup.repository';
async function main() {
  const ds = createDataSource(process.env.DATABASE_URL!); await ds.initialize();
  const t = performance.now();
  await new BuildRollupHandler(new RollupRepository(ds), new SystemClock(), ds).handle({ cadence: 'monthly', period: '2026-11' });
  console.log('rollup', (performance.now() - t).toFixed(0));
  await ds.destroy();
}
main();
