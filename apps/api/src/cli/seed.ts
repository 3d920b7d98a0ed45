/**
 * Loads the sample data (local use only; docs say which accounts show what):
 *   npm run -s seed                     the demo district: the compendium's dates moved around today,
 *                                       worked on by the sample users over the past months
 *   npm run -s seed -- --as-published   the documents with their real dates, the compendium published, no story
 * Idempotent; refused with NODE_ENV=production.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { SystemClock } from '@luoshi/infra';
import { runSeed } from '../demo/demo-seed';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'as-published': { type: 'boolean', default: false } } });
  await runSeed({ now: new SystemClock().now(), asPublished: values['as-published'] ?? false, log: (line) => process.stderr.write(`${line}\n`) });
}

main().catch((err) => {
  process.stderr.write(`seed failed: ${(err as Error).message}\n`);
  process.exit(1);
});
