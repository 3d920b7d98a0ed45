/**
 * The CPU of writing ledger rows alone (no database): `ts-node bench/rollup-ledger-rows.ts [rows]`
 * adds synthetic task rows with their lights to a LedgerWorkbook and prints the time per 100,000
 * rows and the process's CPU time, with the load average (the rows' share of bench:rollup).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerWorkbook } from '../apps/worker/src/ledgers/ledger-workbook';
import type { LedgerLight } from '../apps/worker/src/ledgers/ledger-light';
import type { LedgerTaskRow } from '../apps/worker/src/ledgers/ledger.repository';

const ROWS = Number(process.argv[2] ?? 100_000);
const LIGHTS = ['red', 'yellow', 'green'] as const;

function row(i: number): LedgerTaskRow {
  return {
    measure_number: `${1 + (i % 300)}`,
    section_heading: '一、优化营商环境',
    text: `推进第${i}项重点任务，落实责任分工，按月报送进展情况，确保按期完成各项目标任务。`,
    lead_unit_id: `unit-${i % 60}`,
    lead_unit_name: `第${i % 60}局`,
    lead_section_name: i % 3 === 0 ? '综合科' : null,
    co_units: i % 2 === 0 ? '区发改委、区财政局' : null,
    contacts: '张三 13800000000',
    due_date: i % 10 === 0 ? null : `2025-${String(1 + (i % 12)).padStart(2, '0')}-15`,
    deadline_text: '2025年底前',
    deadline_precision: i % 10 === 0 ? 'ongoing' : 'day',
    state: i % 4 === 0 ? 'completed' : 'in_progress',
    report_cadence: 'monthly',
    last_period: i % 2 === 0 ? '2024-10' : null,
    last_percent: i % 2 === 0 ? 40 : null,
    last_text: i % 2 === 0 ? '已完成方案制定，正在组织实施。' : null,
    overdue: i % 3 === 0,
    due_soon: false,
    report_missing: false,
    progress_behind: i % 3 === 1,
    receipt_overdue: false,
    notice_open: false,
    due_in_days: i % 3 === 0 ? -30 : null,
    time_percent: i % 3 === 1 ? 60 : null,
    behind_percent: i % 3 === 1 ? 20 : null,
    published_on: null,
    open_notices: 0,
    notices_yellow: 0,
    notices_red: 0,
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'luoshi-ledger-rows-'));
  try {
    const assessments: LedgerLight[] = LIGHTS.map((light) => ({
      light,
      overdue: light === 'red',
      lagging: light === 'yellow',
      reasons: light === 'green' ? '' : '已逾期30天',
    }));
    const rows = Array.from({ length: 1000 }, (_, i) => row(i));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const workbook = new LedgerWorkbook(join(dir, 'ledger.xlsx'), '工作台账');
    for (let i = 0; i < ROWS; i++) workbook.add(rows[i % rows.length], assessments[i % 3]);
    const t1 = performance.now();
    await workbook.close();
    const t2 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const size = statSync(join(dir, 'ledger.xlsx')).size;
    console.log(
      `${ROWS} rows: add ${(t1 - t0).toFixed(0)} ms, close ${(t2 - t1).toFixed(0)} ms, wall ${(t2 - t0).toFixed(0)} ms, CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms, ` +
        `${(size / 2 ** 20).toFixed(1)} MiB; load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
