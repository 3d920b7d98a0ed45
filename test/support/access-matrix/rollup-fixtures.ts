/**
 * Access-matrix fixtures of the rollups feature: real snapshots built by the worker's
 * RollupRepository, and a ready ledger with a real (empty) workbook in LEDGER_DIR.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { LedgerWorkbook } from '../../../apps/worker/src/ledgers/ledger-workbook';
import { ledgerFileName } from '../../../apps/worker/src/ledgers/build-ledger.handler';
import { RollupRepository } from '../../../apps/worker/src/rollups/rollup.repository';

let built: Promise<{ from: string; to: string }> | null = null;

export function builtRollups(db: DataSource): Promise<{ from: string; to: string }> {
  built ??= (async () => {
    const rollups = new RollupRepository(db);
    await rollups.build({ cadence: 'monthly', key: '2099-11', start: '2099-11-01', end: '2099-11-30' }, new Date('2099-12-01T00:00:00Z'));
    await rollups.build({ cadence: 'monthly', key: '2099-12', start: '2099-12-01', end: '2099-12-31' }, new Date('2100-01-01T00:00:00Z'));
    return { from: '2099-11', to: '2099-12' };
  })();
  return built;
}

export async function readyLedger(db: DataSource, requestedBy: string, unitId: string | null): Promise<string> {
  const [{ id }] = await db.query(
    `INSERT INTO ledger_export (requested_by, unit_id, filters, status, as_of, stored_name, row_count, size_bytes, finished_at)
     VALUES ($1, $2, '{}', 'ready', '2099-12-01', '', 0, 0, now()) RETURNING id`,
    [requestedBy, unitId],
  );
  // the API's default LEDGER_DIR (the matrix app does not set one)
  const dir = resolve(process.env.LEDGER_DIR ?? './var/ledgers');
  mkdirSync(dir, { recursive: true });
  const workbook = new LedgerWorkbook(join(dir, ledgerFileName(id)), '工作台账');
  await workbook.close();
  await db.query(`UPDATE ledger_export SET stored_name = $2 WHERE id = $1`, [id, ledgerFileName(id)]);
  return id;
}
