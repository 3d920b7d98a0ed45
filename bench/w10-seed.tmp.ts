import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { createDataSource } from '@luoshi/infra';
import { generateBenchData } from './data-generator';
const SWEEP_DAY = '2024-11-05';
async function main() {
  const url = 'postgres://postgres@127.0.0.1:5432/w10_rem_prof';
  const a = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' }); await a.connect();
  await a.query('DROP DATABASE IF EXISTS w10_rem_prof WITH (FORCE)'); await a.query('CREATE DATABASE w10_rem_prof'); await a.end();
  const ds = createDataSource(url); await ds.initialize(); await ds.runMigrations(); await ds.destroy();
  const data = await generateBenchData(url);
  console.log(data.counts);
  const pg = new Client({ connectionString: url }); await pg.connect();
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  await pg.query(`INSERT INTO unit_channel (unit_id, channel, address, secret) SELECT id, 'webhook', $1 || '/hook/' || id, $2 FROM unit`, ['http://127.0.0.1:9', secret]);
  await pg.query(`INSERT INTO task_escalation (task_id, due_date, days_overdue, escalated_at) SELECT id, due_date, $1::date - due_date, $1::date FROM task WHERE due_date < $1::date - 7 AND state IN ('not_started', 'in_progress')`, [SWEEP_DAY]);
  await pg.query('VACUUM ANALYZE'); await pg.end();
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
