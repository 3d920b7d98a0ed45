import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The write path's triggers with plans Postgres keeps (issue 14: a report submission had become
 * half as fast). PostgreSQL 15 plans the body of a LANGUAGE sql function that it cannot inline
 * again on every call, and the triggers of migrations TaskStoredLight and TaskTally called such
 * functions on every task update:
 *  - task_tally_apply / task_tally_apply_units (an INSERT … ON CONFLICT, called by the tally's
 *    statement triggers) become plpgsql with the same statement: plpgsql keeps its plan for the
 *    session, and an empty change returns before running it;
 *  - task_light_verdict returns SETOF (one row), which lets the planner inline it into the
 *    statement that calls it: the BEFORE trigger's (now planned once per session) and
 *    task_light_recompute's;
 *  - the verdict trigger runs on UPDATE only when one of its inputs changed (a co-unit's report
 *    changes only the pending-review count, which the light does not read);
 *  - the functions taking arrays of ids or rows run their statements with the generic plan: for a
 *    parameter array Postgres otherwise re-plans the statement on every call (a custom plan looks
 *    cheaper to it than the generic one, which it then never adopts), about 1 ms a submission;
 *  - task and task_tally leave room in their pages (fillfactor), so the updates the triggers make
 *    to columns no index reads (the light inputs' copies, the counters) are HOT: no index entries
 *    written. Pages written before keep no room until rewritten (VACUUM FULL) or pruned.
 * The bodies stay those of the migrations that wrote them (read back from pg_proc), so the rules
 * are still written once.
 */
export class TriggerCachedPlans1796900000000 implements MigrationInterface {
    name = 'TriggerCachedPlans1796900000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        for (const fn of TALLY_FUNCTIONS) {
            const body = await source(queryRunner, fn.name);
            await queryRunner.query(`
                CREATE OR REPLACE FUNCTION "${fn.name}"(${fn.args}) RETURNS void LANGUAGE plpgsql AS $tally$
                BEGIN
                    IF cardinality("minus") = 0 AND cardinality("plus") = 0 THEN RETURN; END IF;
                    ${body.trim()};
                END $tally$`);
        }
        const verdict = await source(queryRunner, 'task_light_verdict');
        await queryRunner.query(`DROP FUNCTION "task_light_verdict"(${VERDICT_ARGS})`);
        await queryRunner.query(`CREATE FUNCTION "task_light_verdict"(${VERDICT_PARAMS}) RETURNS SETOF "light_verdict" LANGUAGE sql STABLE ROWS 1 AS $verdict$${verdict}$verdict$`);
        await queryRunner.query(`
            CREATE OR REPLACE FUNCTION "task_light_verdict_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE v "light_verdict";
            BEGIN
                SELECT f.* INTO v FROM "light_day" d
                 CROSS JOIN LATERAL "task_light_verdict"(NEW."state", NEW."due_date", NEW."deadline_precision", NEW."report_cadence",
                    NEW."published_at", NEW."lead_signed_at", NEW."lead_report_period", NEW."lead_report_percent", NEW."open_notices", d) f;
                NEW."overdue" := v."overdue"; NEW."due_soon" := v."due_soon"; NEW."report_missing" := v."report_missing";
                NEW."progress_behind" := v."progress_behind"; NEW."receipt_overdue" := v."receipt_overdue";
                NEW."notice_open" := v."notice_open"; NEW."light" := v."light";
                RETURN NEW;
            END $$`);
        for (const fn of GENERIC_PLAN_FUNCTIONS) await queryRunner.query(`ALTER FUNCTION ${fn} SET plan_cache_mode = force_generic_plan`);
        await queryRunner.query(`ALTER TABLE "task" SET (fillfactor = 80)`);
        await queryRunner.query(`ALTER TABLE "task_tally" SET (fillfactor = 50)`);
        await queryRunner.query(`DROP TRIGGER "task_light_verdict" ON "task"`);
        await queryRunner.query(`CREATE TRIGGER "task_light_verdict_insert" BEFORE INSERT ON "task" FOR EACH ROW EXECUTE FUNCTION "task_light_verdict_apply"()`);
        await queryRunner.query(`
            CREATE TRIGGER "task_light_verdict_update" BEFORE UPDATE OF ${INPUTS.map((c) => `"${c}"`).join(', ')} ON "task" FOR EACH ROW
            WHEN ((${INPUTS.map((c) => `OLD."${c}"`).join(', ')}) IS DISTINCT FROM (${INPUTS.map((c) => `NEW."${c}"`).join(', ')}))
            EXECUTE FUNCTION "task_light_verdict_apply"()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "task_tally" RESET (fillfactor)`);
        await queryRunner.query(`ALTER TABLE "task" RESET (fillfactor)`);
        await queryRunner.query(`ALTER FUNCTION "task_refresh_light_inputs"(uuid[]) RESET plan_cache_mode`);
        await queryRunner.query(`DROP TRIGGER "task_light_verdict_update" ON "task"`);
        await queryRunner.query(`DROP TRIGGER "task_light_verdict_insert" ON "task"`);
        await queryRunner.query(`
            CREATE TRIGGER "task_light_verdict" BEFORE INSERT OR UPDATE OF ${INPUTS.map((c) => `"${c}"`).join(', ')}
            ON "task" FOR EACH ROW EXECUTE FUNCTION "task_light_verdict_apply"()`);
        await queryRunner.query(`
            CREATE OR REPLACE FUNCTION "task_light_verdict_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE v "light_verdict";
            BEGIN
                SELECT * INTO v FROM "task_light_verdict"(NEW."state", NEW."due_date", NEW."deadline_precision", NEW."report_cadence",
                    NEW."published_at", NEW."lead_signed_at", NEW."lead_report_period", NEW."lead_report_percent", NEW."open_notices",
                    (SELECT d FROM "light_day" d));
                NEW."overdue" := v."overdue"; NEW."due_soon" := v."due_soon"; NEW."report_missing" := v."report_missing";
                NEW."progress_behind" := v."progress_behind"; NEW."receipt_overdue" := v."receipt_overdue";
                NEW."notice_open" := v."notice_open"; NEW."light" := v."light";
                RETURN NEW;
            END $$`);
        const verdict = await source(queryRunner, 'task_light_verdict');
        await queryRunner.query(`DROP FUNCTION "task_light_verdict"(${VERDICT_ARGS})`);
        await queryRunner.query(`CREATE FUNCTION "task_light_verdict"(${VERDICT_PARAMS}) RETURNS "light_verdict" LANGUAGE sql STABLE AS $verdict$${verdict}$verdict$`);
        for (const fn of TALLY_FUNCTIONS) {
            const body = await source(queryRunner, fn.name);
            // the statement between the early return and END, as migration TaskTally wrote it
            const statement = body.slice(body.indexOf('END IF;') + 'END IF;'.length, body.lastIndexOf(';'));
            await queryRunner.query(`DROP FUNCTION "${fn.name}"(${fn.types})`);
            await queryRunner.query(`CREATE FUNCTION "${fn.name}"(${fn.args}) RETURNS void LANGUAGE sql AS $tally$${statement}$tally$`);
        }
    }

}

/** The verdict's inputs on the task (migration TaskStoredLight's trigger columns). */
const INPUTS = ['state', 'due_date', 'deadline_precision', 'report_cadence', 'published_at', 'lead_signed_at', 'lead_report_period', 'lead_report_percent', 'open_notices'];

const VERDICT_ARGS = 'text, date, text, text, timestamptz, timestamptz, text, integer, integer, "light_day"';
const VERDICT_PARAMS = `p_state text, p_due_date date, p_precision text, p_cadence text, p_published_at timestamptz, p_signed_at timestamptz,
    p_period text, p_percent integer, p_open_notices integer, d "light_day"`;

const GENERIC_PLAN_FUNCTIONS = [
    '"task_refresh_light_inputs"(uuid[])',
    '"task_tally_apply"("task"[], "task"[])',
    '"task_tally_apply_units"("task_unit"[], "task_unit"[])',
];

const TALLY_FUNCTIONS = [
    { name: 'task_tally_apply', args: '"minus" "task"[], "plus" "task"[]', types: '"task"[], "task"[]' },
    { name: 'task_tally_apply_units', args: '"minus" "task_unit"[], "plus" "task_unit"[]', types: '"task_unit"[], "task_unit"[]' },
];

/** A function's body as stored (one overload per name in this schema). */
async function source(queryRunner: QueryRunner, name: string): Promise<string> {
    const rows: { prosrc: string }[] = await queryRunner.query(
        `SELECT p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = current_schema() AND p.proname = $1`,
        [name],
    );
    if (rows.length !== 1) throw new Error(`expected one function ${name}, found ${rows.length}`);
    return rows[0].prosrc;
}
