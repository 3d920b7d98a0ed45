/**
 * The one benchmark data generator: a realistic district workload seeded with set-based SQL
 * (`INSERT … SELECT generate_series`), so 100,000 tasks load in seconds. Reused by every
 * benchmark that needs tasks, units, bureau users and reports.
 *
 * Shape (defaults): 60 units; 20 published documents; 20,000 measures (5 tasks each, the
 * measure's lead unit leads its tasks); 100,000 published tasks with deadlines spread over
 * 2024–2027 (10% ongoing 长期), two thirds with one co-responsible unit; a lead-unit report
 * for the two previous months on a third of the tasks (reportEvery, reportMonths: bench:dashboard
 * reports 12 months of every task, 1,200,000 reports); one bureau user per unit (plus one
 * office user), all with the same password, hashed once.
 */
import { Client } from 'pg';
import { shanghaiDate } from '@luoshi/domain/calendar';
import { periodOf, previousPeriod } from '@luoshi/domain/reports';
import { hashPassword } from '../apps/api/src/auth/password-hasher';

export interface GeneratorOptions {
  units?: number;
  tasks?: number;
  tasksPerMeasure?: number;
  documents?: number;
  /** every n-th task gets reports for the previous `reportMonths` monthly periods (0 = none) */
  reportEvery?: number;
  /** monthly periods reported, back from last month: the last one submitted (awaiting review), earlier ones accepted (default 2) */
  reportMonths?: number;
  password?: string;
}

export interface BenchUser {
  id: string;
  username: string;
  unitId: string | null;
  role: 'bureau' | 'office';
}

export interface GeneratedData {
  units: { id: string; name: string }[];
  users: BenchUser[];
  office: BenchUser;
  password: string;
  counts: Record<string, number>;
  ms: number;
}

export const BENCH_PASSWORD = 'Bench#Passw0rd';

export async function generateBenchData(databaseUrl: string, options: GeneratorOptions = {}): Promise<GeneratedData> {
  const units = options.units ?? 60;
  const tasks = options.tasks ?? 100_000;
  const perMeasure = options.tasksPerMeasure ?? 5;
  const documents = options.documents ?? 20;
  const reportEvery = options.reportEvery ?? 3;
  const reportMonths = options.reportMonths ?? 2;
  const password = options.password ?? BENCH_PASSWORD;
  const measures = Math.ceil(tasks / perMeasure);
  const thisMonth = periodOf('monthly', shanghaiDate(new Date()));
  // oldest first: accepted, …, accepted, submitted (last month's, awaiting review)
  const reportedMonths: [string, 'accepted' | 'submitted'][] = [];
  for (let k = 0, period = previousPeriod('monthly', thisMonth); k < reportMonths; k++, period = previousPeriod('monthly', period)) {
    reportedMonths.unshift([period, k === 0 ? 'submitted' : 'accepted']);
  }

  const started = Date.now();
  const passwordHash = await hashPassword(password); // argon2 once, shared by every user
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO unit (name, kind)
       SELECT '基准单位' || lpad(g::text, 2, '0') || (CASE WHEN g % 6 = 0 THEN '镇' ELSE '局' END), CASE WHEN g % 6 = 0 THEN 'town' ELSE 'bureau' END
         FROM generate_series(1, $1) g`,
      [units],
    );
    await client.query(
      `CREATE TEMP TABLE bu ON COMMIT DROP AS SELECT id, (row_number() OVER (ORDER BY name) - 1)::int AS n FROM unit WHERE name LIKE '基准单位%'`,
    );
    await client.query('CREATE UNIQUE INDEX ON bu (n)');

    await client.query(
      `INSERT INTO policy_document (title, issuer, doc_number, level, default_year, shape, source_hash, status, published_at)
       SELECT '基准政策文件' || g, '区人民政府', '区政发〔2025〕' || g || '号', 'district', 2025, 'measures', 'bench-' || g, 'published', now()
         FROM generate_series(1, $1) g`,
      [documents],
    );
    await client.query(
      `CREATE TEMP TABLE bd ON COMMIT DROP AS SELECT id, (row_number() OVER (ORDER BY source_hash) - 1)::int AS n FROM policy_document WHERE source_hash LIKE 'bench-%'`,
    );
    await client.query('CREATE UNIQUE INDEX ON bd (n)');

    // measure m belongs to document m % D, is numbered m / D + 1 there, led by unit m % U
    await client.query(
      `CREATE TEMP TABLE bm ON COMMIT DROP AS
       SELECT gen_random_uuid() AS id, m AS n, bd.id AS document_id, (m % $2)::int AS lead_n
         FROM generate_series(0, $1 - 1) m JOIN bd ON bd.n = m % $3`,
      [measures, units, documents],
    );
    await client.query('CREATE UNIQUE INDEX ON bm (n)');
    await client.query(
      `INSERT INTO measure (id, document_id, number, ordinal, title, body, lead_unit_id, report_cadence)
       SELECT bm.id, bm.document_id, (bm.n / $1 + 1)::text, bm.n / $1 + 1, '基准措施' || bm.n, '推动政策落地见效的具体措施。', bu.id, 'monthly'
         FROM bm JOIN bu ON bu.n = bm.lead_n`,
      [documents],
    );

    // task i belongs to measure i / perMeasure; two thirds have a co unit (lead + 1..7)
    await client.query(
      `CREATE TEMP TABLE bt ON COMMIT DROP AS
       SELECT gen_random_uuid() AS id, i AS n, bm.id AS measure_id, bm.document_id, bm.lead_n,
              CASE WHEN i % 3 <> 0 THEN ((bm.lead_n + 1 + i % 7) % $3)::int END AS co_n,
              CASE WHEN i % 10 = 0 THEN NULL ELSE date '2024-01-31' + ((i * 37) % 1460) END AS due_date
         FROM generate_series(0, $1 - 1) i JOIN bm ON bm.n = i / $2`,
      [tasks, perMeasure, units],
    );
    await client.query(
      `INSERT INTO task (id, measure_id, document_id, kind, ordinal, title, text, state, due_date, deadline_precision, deadline_text,
                         report_cadence, evidence_required, published_at)
       SELECT id, measure_id, document_id, 'work', n % $1 + 1, '基准任务' || n || '：推进重点项目建设',
              '围绕重点项目建设，完善推进机制，确保按期完成。',
              (ARRAY['not_started','in_progress','in_progress','in_progress','submitted_done','completed'])[n % 6 + 1],
              due_date, CASE WHEN due_date IS NULL THEN 'ongoing' ELSE 'day' END,
              CASE WHEN due_date IS NULL THEN '长期' ELSE to_char(due_date, 'YYYY"年"FMMM"月"FMDD"日"') END,
              'monthly', n % 10 = 1, now() - interval '60 days'
         FROM bt`,
      [perMeasure],
    );
    await client.query(
      `INSERT INTO task_deadline (task_id, due_date, precision, text, source)
       SELECT id, due_date, CASE WHEN due_date IS NULL THEN 'ongoing' ELSE 'day' END, coalesce(due_date::text, '长期'), 'import' FROM bt`,
    );
    await client.query(
      `INSERT INTO task_unit (task_id, unit_id, role, position, signed_at)
       SELECT bt.id, bu.id, 'lead', 0, CASE WHEN bt.n % 4 <> 0 THEN now() - interval '50 days' END FROM bt JOIN bu ON bu.n = bt.lead_n`,
    );
    await client.query(
      `INSERT INTO task_unit (task_id, unit_id, role, position)
       SELECT bt.id, bu.id, 'co', 1 FROM bt JOIN bu ON bu.n = bt.co_n WHERE bt.co_n IS NOT NULL`,
    );

    await client.query(
      `INSERT INTO app_user (username, display_name, password_hash, role, unit_id)
       SELECT 'bench-unit-' || lpad(bu.n::text, 2, '0'), '基准用户' || bu.n, $1, 'bureau', bu.id FROM bu`,
      [passwordHash],
    );
    await client.query(`INSERT INTO app_user (username, display_name, password_hash, role) VALUES ('bench-office', '基准统筹办', $1, 'office')`, [
      passwordHash,
    ]);
    const someUserId = (await client.query(`SELECT id FROM app_user WHERE username = 'bench-office'`)).rows[0].id as string;

    if (reportEvery > 0) {
      // the report trigger would update every reported task once per month inserted (the reports are
      // the leads': no co unit's count to keep); it is paused for the bulk insert (in this transaction
      // only: DDL is transactional) and the task's copies refreshed once afterwards
      await client.query(`ALTER TABLE progress_report DISABLE TRIGGER progress_report_follow_insert`);
      for (const [period, status] of reportedMonths) {
        await client.query(
          `INSERT INTO progress_report (task_id, unit_id, period, status, text, percent, problems, next_steps, submitted_at, created_by)
           SELECT bt.id, bu.id, $1, $2, '本月推进了' || bt.n || '号任务的前期工作，召开调度会。', (bt.n % 9) * 10, '要素保障不足', '加快推进', now(), $4
             FROM bt JOIN bu ON bu.n = bt.lead_n WHERE bt.n % $3 = 0`,
          [period, status, reportEvery, someUserId],
        );
      }
      await client.query(`ALTER TABLE progress_report ENABLE TRIGGER progress_report_follow_insert`);
      await client.query(`SELECT task_refresh_light_inputs(ARRAY(SELECT id FROM task))`);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
  try {
    // the dashboard counters' deltas the seeding appended, folded as the worker's tally.fold would within seconds
    await client.query('SELECT task_tally_fold()');
    // a live database is vacuumed and analysed by autovacuum; do it now, so the benchmark measures
    // that steady state (visibility map set, statistics current) rather than autovacuum catching up
    await client.query('VACUUM (ANALYZE)');
    // each bulk statement on task_unit and progress_report rewrote every task row once through the
    // light-input triggers (migration TaskLightInputs), leaving the table ~10× its size; a live table
    // reuses that space as it goes, so compact it to the size it has in steady state
    await client.query('VACUUM (FULL, ANALYZE) task');
    // and write the seeding's dirty pages out now, so a checkpoint does not land in a measured run
    await client.query('CHECKPOINT').catch((err: Error) => console.warn(`CHECKPOINT skipped (${err.message})`));
    const count = async (table: string) => Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
    const counts: Record<string, number> = {};
    for (const table of ['unit', 'measure', 'task', 'task_unit', 'task_deadline', 'progress_report', 'app_user']) counts[table] = await count(table);
    const unitRows = (await client.query(`SELECT id, name FROM unit WHERE name LIKE '基准单位%' ORDER BY name`)).rows as { id: string; name: string }[];
    const userRows = (await client.query(`SELECT id, username, unit_id, role FROM app_user WHERE username LIKE 'bench-%' ORDER BY username`)).rows as {
      id: string;
      username: string;
      unit_id: string | null;
      role: 'bureau' | 'office';
    }[];
    const users = userRows.map((u) => ({ id: u.id, username: u.username, unitId: u.unit_id, role: u.role }));
    return {
      units: unitRows,
      users: users.filter((u) => u.role === 'bureau'),
      office: users.find((u) => u.role === 'office')!,
      password,
      counts,
      ms: Date.now() - started,
    };
  } finally {
    await client.end();
  }
}

/**
 * (task, unit) pairs that still owe a report for the current monthly period, in random order:
 * each can take exactly one submission. Open tasks only (not completed).
 */
export async function openReportSlots(databaseUrl: string, limit: number): Promise<{ taskId: string; unitId: string }[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const period = periodOf('monthly', shanghaiDate(new Date()));
    const { rows } = await client.query(
      `SELECT tu.task_id, tu.unit_id FROM task_unit tu JOIN task t ON t.id = tu.task_id
        WHERE t.state NOT IN ('completed', 'not_applicable') AND t.published_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM progress_report r WHERE r.task_id = tu.task_id AND r.unit_id = tu.unit_id AND r.period = $1)
        ORDER BY random() LIMIT $2`,
      [period, limit],
    );
    return rows.map((r: { task_id: string; unit_id: string }) => ({ taskId: r.task_id, unitId: r.unit_id }));
  } finally {
    await client.end();
  }
}
