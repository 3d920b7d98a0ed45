import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The dashboard's counters, second form (issue 12: a bureau's dashboard read ~3,000 tasks; issue
 * 14: the counters' upserts cost a report submission a fifth of its speed).
 *  - task.receipt_due: the receipt deadline has passed, whoever signed. The verdict's receipt flag
 *    is receipt_due and the lead's signature missing; a unit's own is receipt_due and its own
 *    signature missing, so a unit's verdict is a function of the stored one and its signature.
 *  - task_tally keeps, beside the office's verdict (light, receipt_overdue), each unit's own
 *    (unit_light, unit_receipt_overdue: its own signature; on the totals row they are the office's),
 *    and on a co unit's rows its own reports awaiting review (the lead's rows: every report of the
 *    task, which the lead reviews). A bureau's dashboard then reads its unit's few rows.
 *  - Writers append their deltas to task_tally_delta (plain inserts, no index, no row shared with
 *    another writer) from row triggers that fire only when a counted fact changed; task_tally_fold()
 *    moves them into task_tally_folded, which only it writes (the worker every few seconds, and after
 *    the day's recompute). task_tally is the view readers read: the folded rows and the deltas.
 *  - Each (task, viewer) share counts the task's facts as stored now. Row triggers fire before the
 *    statement triggers that refresh the task's light inputs, so a report's own +1/-1 lands at the
 *    task's facts before the task update that follows moves the whole share to its new facts. A task
 *    deleted takes its shares with it in a BEFORE DELETE trigger; its cascaded rows then find no task.
 */
export class TaskTallyByUnit1797000000000 implements MigrationInterface {
    name = 'TaskTallyByUnit1797000000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`LOCK TABLE "task", "task_unit", "progress_report" IN SHARE MODE`);
        for (const event of ['truncate', 'delete', 'update', 'insert']) {
            await queryRunner.query(`DROP TRIGGER "task_unit_a_tally_${event}" ON "task_unit"`);
            await queryRunner.query(`DROP TRIGGER "task_tally_${event}" ON "task"`);
        }
        await queryRunner.query(`DROP FUNCTION "task_tally_on_task_unit"()`);
        await queryRunner.query(`DROP FUNCTION "task_tally_on_task"()`);
        await queryRunner.query(`DROP FUNCTION "task_tally_compact"()`);
        await queryRunner.query(`DROP FUNCTION "task_tally_rebuild"()`);
        await queryRunner.query(`DROP FUNCTION "task_tally_apply_units"("task_unit"[], "task_unit"[])`);
        await queryRunner.query(`DROP FUNCTION "task_tally_apply"("task"[], "task"[])`);
        await queryRunner.query(`DROP TABLE "task_tally"`);

        // the verdict with the receipt rule split: receipt_due (the day's side) and the signature
        await queryRunner.query(`ALTER TYPE "light_verdict" ADD ATTRIBUTE "receipt_due" boolean`);
        await queryRunner.query(`ALTER TABLE "task" ADD "receipt_due" boolean`);
        await queryRunner.query(`CREATE OR REPLACE FUNCTION "task_light_verdict"(${VERDICT_PARAMS}) RETURNS SETOF "light_verdict" LANGUAGE sql STABLE ROWS 1 AS $verdict$${VERDICT_BODY}$verdict$`);
        await queryRunner.query(verdictApply(VERDICT_COLUMNS));
        await queryRunner.query(recompute(VERDICT_COLUMNS));
        await queryRunner.query(`SELECT "task_light_recompute"()`);

        await queryRunner.query(`
            CREATE TABLE "task_tally_folded" (${KEY_COLUMNS}, ${SUM_COLUMNS}, PRIMARY KEY (${KEY}))`);
        await queryRunner.query(`CREATE TABLE "task_tally_delta" (${KEY_COLUMNS}, ${SUM_COLUMNS})`);
        await queryRunner.query(`
            CREATE VIEW "task_tally" AS
            SELECT ${KEY}, ${SUM_LIST} FROM "task_tally_folded" UNION ALL SELECT ${KEY}, ${SUM_LIST} FROM "task_tally_delta"`);

        // a task's facts moved: -1 × OLD's share, +1 × NEW's, for each of its viewers (the totals and its unit
        // rows now); when only the counters moved (a report submitted, a notice issued), their differences
        await queryRunner.query(`
            CREATE FUNCTION "task_tally_on_task"() RETURNS trigger LANGUAGE plpgsql ${ROW_TRIGGER_SETTINGS} AS $$
            DECLARE counters_only boolean := false;
            BEGIN
                IF TG_OP = 'UPDATE' THEN
                    counters_only := OLD."published_at" IS NOT NULL AND NEW."published_at" IS NOT NULL
                        AND (${SHARE_KEY_FACTS.map((c) => `OLD.${c}`).join(', ')}) IS NOT DISTINCT FROM (${SHARE_KEY_FACTS.map((c) => `NEW.${c}`).join(', ')});
                END IF;
                IF counters_only THEN
                    INSERT INTO "task_tally_delta" (${KEY}, ${SUM_LIST})
                    SELECT ${keyOf('NEW', 'v')}, 0, CASE WHEN v."role" = 'co' THEN 0 ELSE NEW."pending_reports" - OLD."pending_reports" END,
                           ${SUMS.slice(2).map((c) => `NEW."${c}" - OLD."${c}"`).join(', ')}
                      FROM ${viewersOf('NEW')} v
                     WHERE v."role" <> 'co' OR (${SUMS.slice(2).map((c) => `OLD."${c}"`).join(', ')}) IS DISTINCT FROM (${SUMS.slice(2).map((c) => `NEW."${c}"`).join(', ')});
                ELSE
                    IF TG_OP <> 'INSERT' THEN
                        IF OLD."published_at" IS NOT NULL THEN ${appendShares({ task: 'OLD', viewer: 'v', from: `${viewersOf('OLD')} v`, sign: -1 })} END IF;
                    END IF;
                    IF TG_OP <> 'DELETE' THEN
                        IF NEW."published_at" IS NOT NULL THEN ${appendShares({ task: 'NEW', viewer: 'v', from: `${viewersOf('NEW')} v`, sign: 1 })} END IF;
                    END IF;
                END IF;
                IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                RETURN NULL;
            END $$`);
        // a unit row changed: -1 × its old share, +1 × its new one, at the task's facts now
        await queryRunner.query(`
            CREATE FUNCTION "task_tally_on_task_unit"() RETURNS trigger LANGUAGE plpgsql ${ROW_TRIGGER_SETTINGS} AS $$
            BEGIN
                IF TG_OP <> 'INSERT' THEN
                    ${appendShares({ task: 't', viewer: 'OLD', from: `"task" t WHERE t."id" = OLD."task_id" AND t."published_at" IS NOT NULL`, sign: -1 })}
                END IF;
                IF TG_OP <> 'DELETE' THEN
                    ${appendShares({ task: 't', viewer: 'NEW', from: `"task" t WHERE t."id" = NEW."task_id" AND t."published_at" IS NOT NULL`, sign: 1 })}
                END IF;
                RETURN NULL;
            END $$`);
        // a report entered or left review: a co unit's own count, at the task's facts now
        await queryRunner.query(`
            CREATE FUNCTION "task_tally_on_progress_report"() RETURNS trigger LANGUAGE plpgsql ${ROW_TRIGGER_SETTINGS} AS $$
            DECLARE moved integer := 0; r "progress_report";
            BEGIN
                IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
                IF TG_OP <> 'INSERT' THEN
                    IF OLD."status" = 'submitted' THEN moved := moved - 1; END IF;
                END IF;
                IF TG_OP <> 'DELETE' THEN
                    IF NEW."status" = 'submitted' THEN moved := moved + 1; END IF;
                END IF;
                IF moved = 0 THEN RETURN NULL; END IF;
                INSERT INTO "task_tally_delta" (${KEY}, ${SUM_LIST})
                SELECT ${keyOf('t', 'tu')}, 0, moved, 0, 0, 0, 0
                  FROM "task_unit" tu JOIN "task" t ON t."id" = tu."task_id"
                 WHERE tu."task_id" = r."task_id" AND tu."unit_id" = r."unit_id" AND tu."role" = 'co' AND t."published_at" IS NOT NULL;
                RETURN NULL;
            END $$`);
        await queryRunner.query(`
            CREATE FUNCTION "task_tally_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                LOCK TABLE "task_tally_folded", "task_tally_delta" IN EXCLUSIVE MODE;
                DELETE FROM "task_tally_delta";
                DELETE FROM "task_tally_folded";
                ${appendShares({ task: 'x', viewer: 'v', from: `"task" x CROSS JOIN LATERAL ${viewersOf('x')} v WHERE x."published_at" IS NOT NULL`, sign: 1 })}
                PERFORM "task_tally_fold"();
            END $$`);
        await queryRunner.query(`
            CREATE FUNCTION "task_tally_on_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM "task_tally_rebuild"();
                RETURN NULL;
            END $$`);
        // the deltas summed into the folded rows (atomic for readers: one statement deletes and adds),
        // the keys left counting nothing dropped; returns the number of deltas folded
        await queryRunner.query(`
            CREATE FUNCTION "task_tally_fold"() RETURNS integer LANGUAGE plpgsql AS $$
            DECLARE folded integer;
            BEGIN
                WITH moved AS (DELETE FROM "task_tally_delta" RETURNING *),
                added AS (
                    INSERT INTO "task_tally_folded" AS f (${KEY}, ${SUM_LIST})
                    SELECT ${KEY}, ${SUMS.map((c) => `sum("${c}")`).join(', ')} FROM moved
                     GROUP BY ${KEY} HAVING ${SUMS.map((c) => `sum("${c}") <> 0`).join(' OR ')} ORDER BY ${KEY}
                    ON CONFLICT (${KEY}) DO UPDATE SET ${SUMS.map((c) => `"${c}" = f."${c}" + excluded."${c}"`).join(', ')})
                SELECT count(*) INTO folded FROM moved;
                IF folded > 0 THEN
                    DELETE FROM "task_tally_folded" WHERE ${SUMS.map((c) => `"${c}" = 0`).join(' AND ')};
                END IF;
                RETURN folded;
            END $$`);
        // both stay small, so never a parallel plan; the deltas churn (every write appends, every fold
        // deletes), so autovacuum visits them after a few thousand dead rows rather than a fifth of the table
        await queryRunner.query(`ALTER TABLE "task_tally_folded" SET (parallel_workers = 0)`);
        await queryRunner.query(`ALTER TABLE "task_tally_delta" SET (parallel_workers = 0, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000)`);

        await queryRunner.query(`CREATE TRIGGER "task_tally_insert" AFTER INSERT ON "task" FOR EACH ROW WHEN (NEW."published_at" IS NOT NULL) EXECUTE FUNCTION "task_tally_on_task"()`);
        await queryRunner.query(`
            CREATE TRIGGER "task_tally_update" AFTER UPDATE ON "task" FOR EACH ROW
            WHEN ((${TASK_FACTS.map((c) => `OLD.${c}`).join(', ')}) IS DISTINCT FROM (${TASK_FACTS.map((c) => `NEW.${c}`).join(', ')}))
            EXECUTE FUNCTION "task_tally_on_task"()`);
        await queryRunner.query(`CREATE TRIGGER "task_tally_delete" BEFORE DELETE ON "task" FOR EACH ROW WHEN (OLD."published_at" IS NOT NULL) EXECUTE FUNCTION "task_tally_on_task"()`);
        await queryRunner.query(`CREATE TRIGGER "task_tally_truncate" AFTER TRUNCATE ON "task" FOR EACH STATEMENT EXECUTE FUNCTION "task_tally_on_truncate"()`);
        await queryRunner.query(`CREATE TRIGGER "task_unit_tally_insert" AFTER INSERT ON "task_unit" FOR EACH ROW EXECUTE FUNCTION "task_tally_on_task_unit"()`);
        await queryRunner.query(`
            CREATE TRIGGER "task_unit_tally_update" AFTER UPDATE ON "task_unit" FOR EACH ROW
            WHEN ((OLD."task_id", OLD."unit_id", OLD."role", OLD."signed_at" IS NULL) IS DISTINCT FROM (NEW."task_id", NEW."unit_id", NEW."role", NEW."signed_at" IS NULL))
            EXECUTE FUNCTION "task_tally_on_task_unit"()`);
        await queryRunner.query(`CREATE TRIGGER "task_unit_tally_delete" AFTER DELETE ON "task_unit" FOR EACH ROW EXECUTE FUNCTION "task_tally_on_task_unit"()`);
        await queryRunner.query(`CREATE TRIGGER "task_unit_tally_truncate" AFTER TRUNCATE ON "task_unit" FOR EACH STATEMENT EXECUTE FUNCTION "task_tally_on_truncate"()`);
        await queryRunner.query(`CREATE TRIGGER "progress_report_tally_insert" AFTER INSERT ON "progress_report" FOR EACH ROW WHEN (NEW."status" = 'submitted') EXECUTE FUNCTION "task_tally_on_progress_report"()`);
        await queryRunner.query(`
            CREATE TRIGGER "progress_report_tally_update" AFTER UPDATE OF "status" ON "progress_report" FOR EACH ROW
            WHEN ((OLD."status" = 'submitted') <> (NEW."status" = 'submitted')) EXECUTE FUNCTION "task_tally_on_progress_report"()`);
        await queryRunner.query(`CREATE TRIGGER "progress_report_tally_delete" AFTER DELETE ON "progress_report" FOR EACH ROW WHEN (OLD."status" = 'submitted') EXECUTE FUNCTION "task_tally_on_progress_report"()`);
        await queryRunner.query(`CREATE TRIGGER "progress_report_tally_truncate" AFTER TRUNCATE ON "progress_report" FOR EACH STATEMENT EXECUTE FUNCTION "task_tally_on_truncate"()`);
        await queryRunner.query(`SELECT "task_tally_rebuild"()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (const event of ['truncate', 'delete', 'update', 'insert']) {
            await queryRunner.query(`DROP TRIGGER "progress_report_tally_${event}" ON "progress_report"`);
            await queryRunner.query(`DROP TRIGGER "task_unit_tally_${event}" ON "task_unit"`);
            await queryRunner.query(`DROP TRIGGER "task_tally_${event}" ON "task"`);
        }
        for (const fn of ['task_tally_fold', 'task_tally_on_truncate', 'task_tally_rebuild', 'task_tally_on_progress_report', 'task_tally_on_task_unit', 'task_tally_on_task']) {
            await queryRunner.query(`DROP FUNCTION "${fn}"()`);
        }
        await queryRunner.query(`DROP VIEW "task_tally"`);
        await queryRunner.query(`DROP TABLE "task_tally_delta"`);
        await queryRunner.query(`DROP TABLE "task_tally_folded"`);
        await queryRunner.query(verdictApply(VERDICT_COLUMNS.filter((c) => c !== 'receipt_due')));
        await queryRunner.query(recompute(VERDICT_COLUMNS.filter((c) => c !== 'receipt_due')));
        await queryRunner.query(`DROP FUNCTION "task_light_verdict"(${VERDICT_ARGS})`);
        await queryRunner.query(`ALTER TYPE "light_verdict" DROP ATTRIBUTE "receipt_due"`);
        await queryRunner.query(`ALTER TABLE "task" DROP COLUMN "receipt_due"`);
        await queryRunner.query(`CREATE FUNCTION "task_light_verdict"(${VERDICT_PARAMS}) RETURNS SETOF "light_verdict" LANGUAGE sql STABLE ROWS 1 AS $verdict$${PREVIOUS_VERDICT_BODY}$verdict$`);
        // the counters as migrations TaskTally, TriggerCachedPlans and TaskTallyCompact left them
        await restorePreviousTally(queryRunner);
    }

}

/**
 * The row triggers run their statement with the plan cached on first use: with a custom plan per
 * call (Postgres's default when the generic one looks costlier with an array parameter) the
 * planning is most of a call, 0.5 ms a row; and never JIT-compiled, which a cached plan whose
 * estimate passes jit_above_cost would be at every call (a bulk insert spent 87% of its time in LLVM).
 */
const ROW_TRIGGER_SETTINGS = `SET plan_cache_mode = force_generic_plan SET jit = off`;

/** The office's verdict and a unit's own on the tally's rows; the counters summed over them. */
const KEY_NAMES = ['unit_id', 'role', 'state', 'light', 'overdue', 'due_soon', 'receipt_overdue', 'report_missing', 'lagging', 'unit_light', 'unit_receipt_overdue'];
const KEY = KEY_NAMES.map((c) => `"${c}"`).join(', ');
const KEY_COLUMNS = `"unit_id" uuid NOT NULL, "role" text NOT NULL, "state" text NOT NULL, "light" text NOT NULL, "overdue" boolean NOT NULL,
    "due_soon" boolean NOT NULL, "receipt_overdue" boolean NOT NULL, "report_missing" boolean NOT NULL, "lagging" boolean NOT NULL,
    "unit_light" text NOT NULL, "unit_receipt_overdue" boolean NOT NULL`;
const SUMS = ['tasks', 'pending_reports', 'notices_blue', 'notices_yellow', 'notices_red', 'pending_extensions'];
const SUM_LIST = SUMS.map((c) => `"${c}"`).join(', ');
const SUM_COLUMNS = SUMS.map((c) => `"${c}" bigint NOT NULL DEFAULT 0`).join(', ');
/** The totals' viewer in task_tally: each task once, the lead's signature. */
const TOTALS_UNIT = `'00000000-0000-0000-0000-000000000000'::uuid`;

/** The facts of a task a share's key reads (keyOf): when none of them changed, only the counters moved. */
const SHARE_KEY_FACTS = ['"state"', '"light"', '"overdue"', '"due_soon"', '"receipt_overdue"', '"report_missing"', '"progress_behind"',
    '"receipt_due"', '"notice_open"', '"lead_signed_at" IS NULL'];

/** What a share counts by (its key's facts, publication, the counters): when one changes on a task, its shares move. */
const TASK_FACTS = ['"published_at" IS NULL', ...SHARE_KEY_FACTS, ...SUMS.slice(1).map((c) => `"${c}"`)];

/**
 * The key of task `t`'s share for viewer `v` (unit_id, role, signed_at): the office's verdict as
 * stored, and the viewer's own (its signature for the receipt: receipt_due and no signature; the
 * light yellow for that or any other yellow reason, red as stored).
 */
function keyOf(t: string, v: string): string {
    const ownReceipt = `(${t}."receipt_due" AND ${v}."signed_at" IS NULL)`;
    return `${v}."unit_id", ${v}."role", ${t}."state", coalesce(${t}."light", 'none'), coalesce(${t}."overdue", false), coalesce(${t}."due_soon", false),
        coalesce(${t}."receipt_overdue", false), coalesce(${t}."report_missing", false), coalesce(${t}."report_missing" OR ${t}."progress_behind", false),
        CASE WHEN ${t}."light" IS NULL THEN 'none' WHEN ${t}."light" = 'red' THEN 'red'
             WHEN ${t}."due_soon" OR ${t}."progress_behind" OR ${t}."notice_open" OR ${ownReceipt} THEN 'yellow' ELSE 'green' END,
        coalesce(${ownReceipt}, false)`;
}

/** Task `t`'s viewers: the totals (the lead's signature) and its unit rows as they are now. */
function viewersOf(t: string): string {
    return `(SELECT ${TOTALS_UNIT} AS "unit_id", 'all'::text AS "role", ${t}."lead_signed_at" AS "signed_at"
             UNION ALL SELECT tu."unit_id", tu."role", tu."signed_at" FROM "task_unit" tu WHERE tu."task_id" = ${t}."id")`;
}

/**
 * INSERT of task `task`'s share for `viewer` (both row references over `from`), times `sign`: a co
 * unit counts its own reports awaiting review, the lead and the totals every one on the task.
 */
function appendShares(share: { task: string; viewer: string; from: string; sign: 1 | -1 }): string {
    const { task: t, viewer: v, sign } = share;
    const times = (value: string) => (sign === 1 ? value : `-(${value})`);
    const reports = `CASE WHEN ${v}."role" = 'co' THEN (SELECT count(*) FROM "progress_report" pr
                       WHERE pr."task_id" = ${t}."id" AND pr."unit_id" = ${v}."unit_id" AND pr."status" = 'submitted') ELSE ${t}."pending_reports" END`;
    return `INSERT INTO "task_tally_delta" (${KEY}, ${SUM_LIST})
                SELECT ${keyOf(t, v)}, ${sign}, ${times(reports)}, ${SUMS.slice(2).map((c) => times(`${t}."${c}"`)).join(', ')}
                  FROM ${share.from};`;
}

const VERDICT_ARGS = 'text, date, text, text, timestamptz, timestamptz, text, integer, integer, "light_day"';
const VERDICT_PARAMS = `p_state text, p_due_date date, p_precision text, p_cadence text, p_published_at timestamptz, p_signed_at timestamptz,
    p_period text, p_percent integer, p_open_notices integer, d "light_day"`;
const VERDICT_COLUMNS = ['overdue', 'due_soon', 'report_missing', 'progress_behind', 'receipt_overdue', 'notice_open', 'light', 'receipt_due'];

const OWES_WORK = `p_state NOT IN ('submitted_done', 'completed', 'not_applicable')`;
const PUBLISHED_ON = `(p_published_at AT TIME ZONE 'Asia/Shanghai')::date`;
const PERIOD_OF_CADENCE = `CASE p_cadence WHEN 'weekly' THEN p_period ~ '^\\d{4}-W\\d{2}$' WHEN 'dekad' THEN p_period ~ '^\\d{4}-\\d{2}-[123]$'
                                            ELSE p_period ~ '^\\d{4}-\\d{2}$' END`;
/** assessTask's rules (libs/domain traffic-light.ts) over one task, as migration TaskStoredLight wrote them; `receipt` the receipt rule's columns. */
const verdictFacts = (receipt: string) => `
                coalesce(${OWES_WORK} AND p_due_date IS NOT NULL AND p_precision <> 'ongoing' AND p_due_date < d.today, false) AS overdue,
                coalesce(${OWES_WORK} AND p_due_date IS NOT NULL AND p_precision <> 'ongoing'
                         AND p_due_date >= d.today AND p_due_date <= d.due_soon_last, false) AS due_soon,
                coalesce(${OWES_WORK} AND p_published_at IS NOT NULL
                         AND ${PUBLISHED_ON} <= CASE p_cadence WHEN 'weekly' THEN d.weekly_end WHEN 'dekad' THEN d.dekad_end ELSE d.monthly_end END
                         AND NOT coalesce(${PERIOD_OF_CADENCE}
                                          AND p_period >= CASE p_cadence WHEN 'weekly' THEN d.weekly_key WHEN 'dekad' THEN d.dekad_key ELSE d.monthly_key END, false),
                         false) AS report_missing,
                coalesce(${OWES_WORK} AND p_due_date IS NOT NULL AND p_precision <> 'ongoing' AND p_percent IS NOT NULL AND ${PERIOD_OF_CADENCE}
                         AND (p_due_date - ${PUBLISHED_ON}) > 0 AND (d.today - ${PUBLISHED_ON}) <= (p_due_date - ${PUBLISHED_ON})
                         AND floor((d.today - ${PUBLISHED_ON})::float8 / (p_due_date - ${PUBLISHED_ON})::float8 * 100 + 0.5) - p_percent > 20,
                         false) AS progress_behind,
                ${receipt},
                coalesce(p_state NOT IN ('completed', 'not_applicable') AND p_open_notices > 0, false) AS notice_open`;
const LIGHT = (receiptOverdue: string) => `CASE WHEN d.today IS NULL THEN NULL WHEN f.overdue OR f.report_missing THEN 'red'
                        WHEN f.due_soon OR f.progress_behind OR ${receiptOverdue} OR f.notice_open THEN 'yellow' ELSE 'green' END`;
const VERDICT_BODY = `
            SELECT f.overdue, f.due_soon, f.report_missing, f.progress_behind, f.receipt_due AND p_signed_at IS NULL, f.notice_open,
                   ${LIGHT('(f.receipt_due AND p_signed_at IS NULL)')}, f.receipt_due
              FROM (SELECT ${verdictFacts(`coalesce(${OWES_WORK} AND p_published_at IS NOT NULL AND ${PUBLISHED_ON} <= d.receipt_cutoff, false) AS receipt_due`)}) f
            `;
const PREVIOUS_VERDICT_BODY = `
            SELECT f.overdue, f.due_soon, f.report_missing, f.progress_behind, f.receipt_overdue, f.notice_open, ${LIGHT('f.receipt_overdue')}
              FROM (SELECT ${verdictFacts(`coalesce(${OWES_WORK} AND p_signed_at IS NULL AND p_published_at IS NOT NULL AND ${PUBLISHED_ON} <= d.receipt_cutoff, false) AS receipt_overdue`)}) f
            `;

/** The BEFORE trigger's function writing the verdict's `columns` onto the row. */
function verdictApply(columns: string[]): string {
    return `
            CREATE OR REPLACE FUNCTION "task_light_verdict_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE v "light_verdict";
            BEGIN
                SELECT f.* INTO v FROM "light_day" d
                 CROSS JOIN LATERAL "task_light_verdict"(NEW."state", NEW."due_date", NEW."deadline_precision", NEW."report_cadence",
                    NEW."published_at", NEW."lead_signed_at", NEW."lead_report_period", NEW."lead_report_percent", NEW."open_notices", d) f;
                ${columns.map((c) => `NEW."${c}" := v."${c}";`).join(' ')}
                RETURN NEW;
            END $$`;
}

/** The day's recompute of the verdict's `columns` on every task, writing only the rows that change. */
function recompute(columns: string[]): string {
    return `
            CREATE OR REPLACE FUNCTION "task_light_recompute"() RETURNS integer LANGUAGE plpgsql AS $$
            DECLARE changed integer;
            BEGIN
                UPDATE "task" t SET ${columns.map((c) => `"${c}" = v."${c}"`).join(', ')}
                  FROM (SELECT x."id", f.*
                          FROM "task" x CROSS JOIN "light_day" d
                          CROSS JOIN LATERAL "task_light_verdict"(x."state", x."due_date", x."deadline_precision", x."report_cadence",
                                  x."published_at", x."lead_signed_at", x."lead_report_period", x."lead_report_percent",
                                  x."open_notices", d) f) v
                 WHERE t."id" = v."id"
                   AND (${columns.map((c) => `t."${c}"`).join(', ')}) IS DISTINCT FROM (${columns.map((c) => `v."${c}"`).join(', ')});
                GET DIAGNOSTICS changed = ROW_COUNT;
                RETURN changed;
            END $$`;
}

/** down: task_tally as a table kept by statement triggers, as the migrations before this one left it. */
async function restorePreviousTally(queryRunner: QueryRunner): Promise<void> {
    const key = `"unit_id", "role", "state", "light", "overdue", "due_soon", "receipt_overdue", "report_missing", "lagging", "stripe"`;
    // `rows`: one row per (task, unit) with the key and the signed counters c0…c5, netted per key
    const upsert = (rows: string) => `
            INSERT INTO "task_tally" AS tt (${key}, ${SUM_LIST})
            SELECT ${key}, ${SUMS.map((_, i) => `sum(c${i})`).join(', ')}
              FROM (${rows}) s (${key}, ${SUMS.map((_, i) => `c${i}`).join(', ')})
             GROUP BY ${key} HAVING ${SUMS.map((_, i) => `sum(c${i}) <> 0`).join(' OR ')} ORDER BY ${key}
            ON CONFLICT (${key}) DO UPDATE SET ${SUMS.map((c) => `"${c}" = tt."${c}" + excluded."${c}"`).join(', ')}`;
    const facts = (x: string, sign: string) => `${x}."state", coalesce(${x}."light", 'none'), coalesce(${x}."overdue", false), coalesce(${x}."due_soon", false),
                   coalesce(${x}."receipt_overdue", false), coalesce(${x}."report_missing", false),
                   coalesce(${x}."report_missing" OR ${x}."progress_behind", false), (abs(hashtext(${x}."id"::text)) % 8)::smallint,
                   ${SUMS.map((c) => (c === 'tasks' ? sign : `${sign} * ${x}."${c}"`)).join(', ')}`;
    await queryRunner.query(`
            CREATE TABLE "task_tally" (
                "unit_id" uuid NOT NULL, "role" text NOT NULL, "state" text NOT NULL, "light" text NOT NULL,
                "overdue" boolean NOT NULL, "due_soon" boolean NOT NULL, "receipt_overdue" boolean NOT NULL,
                "report_missing" boolean NOT NULL, "lagging" boolean NOT NULL, "stripe" smallint NOT NULL, ${SUM_COLUMNS},
                PRIMARY KEY (${key})) WITH (fillfactor = 50)`);
    await queryRunner.query(`
            CREATE FUNCTION "task_tally_apply"("minus" "task"[], "plus" "task"[]) RETURNS void LANGUAGE plpgsql
            SET plan_cache_mode = force_generic_plan AS $$
            BEGIN
                IF cardinality("minus") = 0 AND cardinality("plus") = 0 THEN RETURN; END IF;
                ${upsert(`SELECT k."unit_id", k."role", ${facts('x', 'x."sign"')}
              FROM (SELECT -1 AS "sign", m.* FROM unnest("minus") m UNION ALL SELECT 1, p.* FROM unnest("plus") p) x
             CROSS JOIN LATERAL (SELECT ${TOTALS_UNIT} AS "unit_id", 'all'::text AS "role"
                                 UNION ALL SELECT tu."unit_id", tu."role" FROM "task_unit" tu WHERE tu."task_id" = x."id") k
             WHERE x."published_at" IS NOT NULL`)};
            END $$`);
    await queryRunner.query(`
            CREATE FUNCTION "task_tally_apply_units"("minus" "task_unit"[], "plus" "task_unit"[]) RETURNS void LANGUAGE plpgsql
            SET plan_cache_mode = force_generic_plan AS $$
            BEGIN
                IF cardinality("minus") = 0 AND cardinality("plus") = 0 THEN RETURN; END IF;
                ${upsert(`SELECT u."unit_id", u."role", ${facts('t', 'u."sign"')}
              FROM (SELECT -1 AS "sign", m."task_id", m."unit_id", m."role" FROM unnest("minus") m
                    UNION ALL SELECT 1, p."task_id", p."unit_id", p."role" FROM unnest("plus") p) u
              JOIN "task" t ON t."id" = u."task_id"
             WHERE t."published_at" IS NOT NULL`)};
            END $$`);
    await queryRunner.query(`
            CREATE FUNCTION "task_tally_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                DELETE FROM "task_tally";
                PERFORM "task_tally_apply"('{}', ARRAY(SELECT t FROM "task" t WHERE t."published_at" IS NOT NULL));
            END $$`);
    const previousFacts = (alias: string) => `(${['published_at', 'state', 'light', 'overdue', 'due_soon', 'receipt_overdue', 'report_missing', 'progress_behind',
        'pending_reports', 'notices_blue', 'notices_yellow', 'notices_red', 'pending_extensions'].map((c) => `${alias}."${c}"`).join(', ')})`;
    await queryRunner.query(`
            CREATE FUNCTION "task_tally_on_task"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    PERFORM "task_tally_apply"('{}', ARRAY(SELECT n::"task" FROM "new_rows" n WHERE n."published_at" IS NOT NULL));
                ELSIF TG_OP = 'UPDATE' THEN
                    PERFORM "task_tally_apply"(ARRAY(SELECT o::"task" FROM "old_rows" o JOIN "new_rows" n ON n."id" = o."id" WHERE ${previousFacts('o')} IS DISTINCT FROM ${previousFacts('n')}),
                                               ARRAY(SELECT n::"task" FROM "old_rows" o JOIN "new_rows" n ON n."id" = o."id" WHERE ${previousFacts('o')} IS DISTINCT FROM ${previousFacts('n')}));
                ELSIF TG_OP = 'DELETE' THEN
                    PERFORM "task_tally_apply"(ARRAY[OLD]::"task"[], '{}');
                    RETURN OLD;
                ELSE
                    DELETE FROM "task_tally";
                END IF;
                RETURN NULL;
            END $$`);
    await queryRunner.query(`
            CREATE FUNCTION "task_tally_on_task_unit"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    PERFORM "task_tally_apply_units"('{}', ARRAY(SELECT n::"task_unit" FROM "new_rows" n));
                ELSIF TG_OP = 'UPDATE' THEN
                    PERFORM "task_tally_apply_units"(ARRAY(SELECT o::"task_unit" FROM "old_rows" o), ARRAY(SELECT n::"task_unit" FROM "new_rows" n));
                ELSIF TG_OP = 'DELETE' THEN
                    PERFORM "task_tally_apply_units"(ARRAY(SELECT o::"task_unit" FROM "old_rows" o), '{}');
                ELSE
                    PERFORM "task_tally_rebuild"();
                END IF;
                RETURN NULL;
            END $$`);
    const sums = SUMS.map((c) => `"${c}"`);
    await queryRunner.query(`
            CREATE FUNCTION "task_tally_compact"() RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                LOCK TABLE "task_tally" IN EXCLUSIVE MODE;
                WITH moved AS (DELETE FROM "task_tally" WHERE "stripe" <> 0 RETURNING *)
                INSERT INTO "task_tally" AS tt (${KEY_NAMES.slice(0, 9).map((c) => `"${c}"`).join(', ')}, "stripe", ${sums.join(', ')})
                SELECT ${KEY_NAMES.slice(0, 9).map((c) => `"${c}"`).join(', ')}, 0, ${sums.map((c) => `sum(${c})`).join(', ')}
                  FROM moved GROUP BY ${KEY_NAMES.slice(0, 9).map((c) => `"${c}"`).join(', ')}
                ON CONFLICT (${key}) DO UPDATE SET ${sums.map((c) => `${c} = tt.${c} + excluded.${c}`).join(', ')};
                DELETE FROM "task_tally" WHERE ${sums.map((c) => `${c} = 0`).join(' AND ')};
            END $$`);
    await queryRunner.query(`CREATE TRIGGER "task_tally_insert" AFTER INSERT ON "task" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "task_tally_on_task"()`);
    await queryRunner.query(`CREATE TRIGGER "task_tally_update" AFTER UPDATE ON "task" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "task_tally_on_task"()`);
    await queryRunner.query(`CREATE TRIGGER "task_tally_delete" BEFORE DELETE ON "task" FOR EACH ROW EXECUTE FUNCTION "task_tally_on_task"()`);
    await queryRunner.query(`CREATE TRIGGER "task_tally_truncate" AFTER TRUNCATE ON "task" FOR EACH STATEMENT EXECUTE FUNCTION "task_tally_on_task"()`);
    await queryRunner.query(`CREATE TRIGGER "task_unit_a_tally_insert" AFTER INSERT ON "task_unit" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "task_tally_on_task_unit"()`);
    await queryRunner.query(`CREATE TRIGGER "task_unit_a_tally_update" AFTER UPDATE ON "task_unit" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "task_tally_on_task_unit"()`);
    await queryRunner.query(`CREATE TRIGGER "task_unit_a_tally_delete" AFTER DELETE ON "task_unit" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "task_tally_on_task_unit"()`);
    await queryRunner.query(`CREATE TRIGGER "task_unit_a_tally_truncate" AFTER TRUNCATE ON "task_unit" FOR EACH STATEMENT EXECUTE FUNCTION "task_tally_on_task_unit"()`);
    await queryRunner.query(`SELECT "task_tally_rebuild"()`);
    await queryRunner.query(`SELECT "task_tally_compact"()`);
}
