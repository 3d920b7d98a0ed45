import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The dashboard's counters kept by the database (issue 12), so the office's and leaders' dashboard
 * reads a few hundred rows instead of every task.
 *  - task gets more copies, kept by task_refresh_light_inputs (now also fired by extension_request):
 *    pending_reports (submitted, awaiting review), notices_blue/yellow/red (open notices by level),
 *    pending_extensions;
 *  - task_tally: published tasks counted per (unit, role) and per the facts the dashboard splits on
 *    (state, stored light and flags), with the copies summed; unit 00000000-… role 'all' is the
 *    totals (each task once). Rows are striped by task id (8 stripes), so concurrent writes on
 *    different tasks rarely wait on one counter row; readers sum the stripes.
 *  - kept by statement triggers with transition tables: on task (the verdict, state, publication,
 *    the copies changing) and on task_unit (a unit added, removed, its role changed). The task_unit
 *    triggers are named to run before the light-input triggers of the same statement (triggers of
 *    one event fire in name order): they move the unit's share at the task's facts as they were,
 *    and the task update those then cause moves every current unit's share to the new facts.
 *    A task deleted takes its shares with it in a BEFORE DELETE row trigger (its task_unit rows go
 *    by cascade afterwards, when the task is gone and counts for nothing).
 */
export class TaskTally1796800000001 implements MigrationInterface {
    name = 'TaskTally1796800000001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`LOCK TABLE "task", "task_unit", "progress_report", "supervision_notice", "extension_request" IN SHARE MODE`);
        for (const column of ['pending_reports', 'notices_blue', 'notices_yellow', 'notices_red', 'pending_extensions']) {
            await queryRunner.query(`ALTER TABLE "task" ADD "${column}" integer NOT NULL DEFAULT '0'`);
        }
        await queryRunner.query(`
            CREATE OR REPLACE FUNCTION "task_refresh_light_inputs"("ids" uuid[]) RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                IF cardinality("ids") > 1 THEN
                    PERFORM 1 FROM "task" WHERE "id" = ANY ("ids") ORDER BY "id" FOR NO KEY UPDATE;
                END IF;
                UPDATE "task" t
                   SET "lead_signed_at" = f."signed_at", "lead_report_period" = f."period",
                       "lead_report_percent" = f."percent", "open_notices" = f."notices",
                       "pending_reports" = f."pending_reports", "notices_blue" = f."blue", "notices_yellow" = f."yellow",
                       "notices_red" = f."red", "pending_extensions" = f."pending_extensions"
                  FROM (SELECT x."id", lead."signed_at", rep."period", rep."percent", n."notices", n."blue", n."yellow", n."red",
                               (SELECT count(*)::int FROM "progress_report" pr
                                 WHERE pr."task_id" = x."id" AND pr."status" = 'submitted') AS "pending_reports",
                               (SELECT count(*)::int FROM "extension_request" e
                                 WHERE e."task_id" = x."id" AND e."status" = 'pending') AS "pending_extensions"
                          FROM (SELECT DISTINCT "id" FROM unnest("ids") AS "id" WHERE "id" IS NOT NULL) x
                          LEFT JOIN LATERAL (SELECT tu."unit_id", tu."signed_at" FROM "task_unit" tu
                                              WHERE tu."task_id" = x."id" AND tu."role" = 'lead'
                                              ORDER BY tu."position" LIMIT 1) lead ON TRUE
                          LEFT JOIN LATERAL (SELECT pr."period", pr."percent" FROM "progress_report" pr
                                              WHERE pr."task_id" = x."id" AND pr."unit_id" = lead."unit_id"
                                                AND pr."status" IN ('submitted', 'accepted')
                                              ORDER BY pr."period" DESC LIMIT 1) rep ON TRUE
                          CROSS JOIN LATERAL (SELECT count(*)::int AS "notices",
                                                     (count(*) FILTER (WHERE sn."level" = 'blue'))::int AS "blue",
                                                     (count(*) FILTER (WHERE sn."level" = 'yellow'))::int AS "yellow",
                                                     (count(*) FILTER (WHERE sn."level" = 'red'))::int AS "red"
                                                FROM "supervision_notice" sn
                                               WHERE sn."task_id" = x."id" AND sn."status" <> 'closed') n) f
                 WHERE t."id" = f."id"
                   AND (t."lead_signed_at", t."lead_report_period", t."lead_report_percent", t."open_notices",
                        t."pending_reports", t."notices_blue", t."notices_yellow", t."notices_red", t."pending_extensions")
                       IS DISTINCT FROM (f."signed_at", f."period", f."percent", f."notices",
                        f."pending_reports", f."blue", f."yellow", f."red", f."pending_extensions");
            END $$`);
        await queryRunner.query(`CREATE TRIGGER "extension_request_light_inputs_insert" AFTER INSERT ON "extension_request" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "task_light_inputs_apply"()`);
        await queryRunner.query(`CREATE TRIGGER "extension_request_light_inputs_update" AFTER UPDATE ON "extension_request" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "task_light_inputs_apply"()`);
        await queryRunner.query(`CREATE TRIGGER "extension_request_light_inputs_delete" AFTER DELETE ON "extension_request" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "task_light_inputs_apply"()`);
        await queryRunner.query(`CREATE TRIGGER "extension_request_light_inputs_truncate" AFTER TRUNCATE ON "extension_request" FOR EACH STATEMENT EXECUTE FUNCTION "task_light_inputs_apply"()`);

        await queryRunner.query(`
            CREATE TABLE "task_tally" (
                "unit_id" uuid NOT NULL, "role" text NOT NULL, "state" text NOT NULL, "light" text NOT NULL,
                "overdue" boolean NOT NULL, "due_soon" boolean NOT NULL, "receipt_overdue" boolean NOT NULL,
                "report_missing" boolean NOT NULL, "lagging" boolean NOT NULL, "stripe" smallint NOT NULL,
                "tasks" bigint NOT NULL DEFAULT 0, "pending_reports" bigint NOT NULL DEFAULT 0,
                "notices_blue" bigint NOT NULL DEFAULT 0, "notices_yellow" bigint NOT NULL DEFAULT 0,
                "notices_red" bigint NOT NULL DEFAULT 0, "pending_extensions" bigint NOT NULL DEFAULT 0,
                PRIMARY KEY ("unit_id", "role", "state", "light", "overdue", "due_soon", "receipt_overdue", "report_missing", "lagging", "stripe"))`);
        // shares of published tasks: -1 × `minus`, +1 × `plus`, each task once for the totals and once per
        // unit row (`units`: the task_unit rows to count; null: the task's current ones), netted, upserted
        // in key order (two statements lock the rows they share in the same order)
        await queryRunner.query(`
            CREATE FUNCTION "task_tally_apply"("minus" "task"[], "plus" "task"[]) RETURNS void LANGUAGE sql AS $$
            INSERT INTO "task_tally" AS tt ("unit_id", "role", "state", "light", "overdue", "due_soon", "receipt_overdue", "report_missing",
                                            "lagging", "stripe", "tasks", "pending_reports", "notices_blue", "notices_yellow", "notices_red", "pending_extensions")
            SELECT k."unit_id", k."role", x."state", coalesce(x."light", 'none'), coalesce(x."overdue", false), coalesce(x."due_soon", false),
                   coalesce(x."receipt_overdue", false), coalesce(x."report_missing", false),
                   coalesce(x."report_missing" OR x."progress_behind", false), (abs(hashtext(x."id"::text)) % 8)::smallint,
                   sum(x."sign"), sum(x."sign" * x."pending_reports"), sum(x."sign" * x."notices_blue"), sum(x."sign" * x."notices_yellow"),
                   sum(x."sign" * x."notices_red"), sum(x."sign" * x."pending_extensions")
              FROM (SELECT -1 AS "sign", m.* FROM unnest("minus") m UNION ALL SELECT 1, p.* FROM unnest("plus") p) x
             CROSS JOIN LATERAL (SELECT '00000000-0000-0000-0000-000000000000'::uuid AS "unit_id", 'all'::text AS "role"
                                 UNION ALL SELECT tu."unit_id", tu."role" FROM "task_unit" tu WHERE tu."task_id" = x."id") k
             WHERE x."published_at" IS NOT NULL
             GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
            HAVING sum(x."sign") <> 0 OR sum(x."sign" * x."pending_reports") <> 0 OR sum(x."sign" * x."notices_blue") <> 0
                OR sum(x."sign" * x."notices_yellow") <> 0 OR sum(x."sign" * x."notices_red") <> 0 OR sum(x."sign" * x."pending_extensions") <> 0
             ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
            ON CONFLICT ("unit_id", "role", "state", "light", "overdue", "due_soon", "receipt_overdue", "report_missing", "lagging", "stripe")
            DO UPDATE SET "tasks" = tt."tasks" + excluded."tasks", "pending_reports" = tt."pending_reports" + excluded."pending_reports",
                          "notices_blue" = tt."notices_blue" + excluded."notices_blue", "notices_yellow" = tt."notices_yellow" + excluded."notices_yellow",
                          "notices_red" = tt."notices_red" + excluded."notices_red", "pending_extensions" = tt."pending_extensions" + excluded."pending_extensions"
            $$`);
        // a unit's share of tasks as they are now: -1 × `minus` rows, +1 × `plus` rows
        await queryRunner.query(`
            CREATE FUNCTION "task_tally_apply_units"("minus" "task_unit"[], "plus" "task_unit"[]) RETURNS void LANGUAGE sql AS $$
            INSERT INTO "task_tally" AS tt ("unit_id", "role", "state", "light", "overdue", "due_soon", "receipt_overdue", "report_missing",
                                            "lagging", "stripe", "tasks", "pending_reports", "notices_blue", "notices_yellow", "notices_red", "pending_extensions")
            SELECT u."unit_id", u."role", t."state", coalesce(t."light", 'none'), coalesce(t."overdue", false), coalesce(t."due_soon", false),
                   coalesce(t."receipt_overdue", false), coalesce(t."report_missing", false),
                   coalesce(t."report_missing" OR t."progress_behind", false), (abs(hashtext(t."id"::text)) % 8)::smallint,
                   sum(u."sign"), sum(u."sign" * t."pending_reports"), sum(u."sign" * t."notices_blue"), sum(u."sign" * t."notices_yellow"),
                   sum(u."sign" * t."notices_red"), sum(u."sign" * t."pending_extensions")
              FROM (SELECT -1 AS "sign", m."task_id", m."unit_id", m."role" FROM unnest("minus") m
                    UNION ALL SELECT 1, p."task_id", p."unit_id", p."role" FROM unnest("plus") p) u
              JOIN "task" t ON t."id" = u."task_id"
             WHERE t."published_at" IS NOT NULL
             GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
            HAVING sum(u."sign") <> 0
             ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
            ON CONFLICT ("unit_id", "role", "state", "light", "overdue", "due_soon", "receipt_overdue", "report_missing", "lagging", "stripe")
            DO UPDATE SET "tasks" = tt."tasks" + excluded."tasks", "pending_reports" = tt."pending_reports" + excluded."pending_reports",
                          "notices_blue" = tt."notices_blue" + excluded."notices_blue", "notices_yellow" = tt."notices_yellow" + excluded."notices_yellow",
                          "notices_red" = tt."notices_red" + excluded."notices_red", "pending_extensions" = tt."pending_extensions" + excluded."pending_extensions"
            $$`);
        await queryRunner.query(`
            CREATE FUNCTION "task_tally_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                DELETE FROM "task_tally";
                PERFORM "task_tally_apply"('{}', ARRAY(SELECT t FROM "task" t WHERE t."published_at" IS NOT NULL));
            END $$`);
        await queryRunner.query(`
            CREATE FUNCTION "task_tally_on_task"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    PERFORM "task_tally_apply"('{}', ARRAY(SELECT n::"task" FROM "new_rows" n WHERE n."published_at" IS NOT NULL));
                ELSIF TG_OP = 'UPDATE' THEN
                    -- only the rows whose counted facts changed
                    PERFORM "task_tally_apply"(ARRAY(SELECT o::"task" FROM "old_rows" o JOIN "new_rows" n ON n."id" = o."id" WHERE ${facts('o')} IS DISTINCT FROM ${facts('n')}),
                                               ARRAY(SELECT n::"task" FROM "old_rows" o JOIN "new_rows" n ON n."id" = o."id" WHERE ${facts('o')} IS DISTINCT FROM ${facts('n')}));
                ELSIF TG_OP = 'DELETE' THEN
                    PERFORM "task_tally_apply"(ARRAY[OLD]::"task"[], '{}');
                    RETURN OLD;
                ELSE
                    DELETE FROM "task_tally";
                END IF;
                RETURN NULL;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER "task_tally_insert" AFTER INSERT ON "task" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "task_tally_on_task"()`);
        await queryRunner.query(`CREATE TRIGGER "task_tally_update" AFTER UPDATE ON "task" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "task_tally_on_task"()`);
        await queryRunner.query(`CREATE TRIGGER "task_tally_delete" BEFORE DELETE ON "task" FOR EACH ROW EXECUTE FUNCTION "task_tally_on_task"()`);
        await queryRunner.query(`CREATE TRIGGER "task_tally_truncate" AFTER TRUNCATE ON "task" FOR EACH STATEMENT EXECUTE FUNCTION "task_tally_on_task"()`);
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
        // "task_unit_a_…" fires before "task_unit_light_inputs_…" (name order): see above
        await queryRunner.query(`CREATE TRIGGER "task_unit_a_tally_insert" AFTER INSERT ON "task_unit" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "task_tally_on_task_unit"()`);
        await queryRunner.query(`CREATE TRIGGER "task_unit_a_tally_update" AFTER UPDATE ON "task_unit" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "task_tally_on_task_unit"()`);
        await queryRunner.query(`CREATE TRIGGER "task_unit_a_tally_delete" AFTER DELETE ON "task_unit" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "task_tally_on_task_unit"()`);
        await queryRunner.query(`CREATE TRIGGER "task_unit_a_tally_truncate" AFTER TRUNCATE ON "task_unit" FOR EACH STATEMENT EXECUTE FUNCTION "task_tally_on_task_unit"()`);
        await queryRunner.query(`SELECT "task_refresh_light_inputs"(ARRAY(SELECT "id" FROM "task"))`);
        await queryRunner.query(`SELECT "task_tally_rebuild"()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (const event of ['truncate', 'delete', 'update', 'insert']) {
            await queryRunner.query(`DROP TRIGGER "task_unit_a_tally_${event}" ON "task_unit"`);
            await queryRunner.query(`DROP TRIGGER "task_tally_${event}" ON "task"`);
            await queryRunner.query(`DROP TRIGGER "extension_request_light_inputs_${event}" ON "extension_request"`);
        }
        await queryRunner.query(`DROP FUNCTION "task_tally_on_task_unit"()`);
        await queryRunner.query(`DROP FUNCTION "task_tally_on_task"()`);
        await queryRunner.query(`DROP FUNCTION "task_tally_rebuild"()`);
        await queryRunner.query(`DROP FUNCTION "task_tally_apply_units"("task_unit"[], "task_unit"[])`);
        await queryRunner.query(`DROP FUNCTION "task_tally_apply"("task"[], "task"[])`);
        await queryRunner.query(`DROP TABLE "task_tally"`);
        // the light inputs as migration TaskLightInputs wrote them
        await queryRunner.query(`
            CREATE OR REPLACE FUNCTION "task_refresh_light_inputs"("ids" uuid[]) RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                IF cardinality("ids") > 1 THEN
                    PERFORM 1 FROM "task" WHERE "id" = ANY ("ids") ORDER BY "id" FOR NO KEY UPDATE;
                END IF;
                UPDATE "task" t
                   SET "lead_signed_at" = f."signed_at", "lead_report_period" = f."period",
                       "lead_report_percent" = f."percent", "open_notices" = f."notices"
                  FROM (SELECT x."id", lead."signed_at", rep."period", rep."percent",
                               (SELECT count(*)::int FROM "supervision_notice" n
                                 WHERE n."task_id" = x."id" AND n."status" <> 'closed') AS "notices"
                          FROM (SELECT DISTINCT "id" FROM unnest("ids") AS "id" WHERE "id" IS NOT NULL) x
                          LEFT JOIN LATERAL (SELECT tu."unit_id", tu."signed_at" FROM "task_unit" tu
                                              WHERE tu."task_id" = x."id" AND tu."role" = 'lead'
                                              ORDER BY tu."position" LIMIT 1) lead ON TRUE
                          LEFT JOIN LATERAL (SELECT pr."period", pr."percent" FROM "progress_report" pr
                                              WHERE pr."task_id" = x."id" AND pr."unit_id" = lead."unit_id"
                                                AND pr."status" IN ('submitted', 'accepted')
                                              ORDER BY pr."period" DESC LIMIT 1) rep ON TRUE) f
                 WHERE t."id" = f."id"
                   AND (t."lead_signed_at", t."lead_report_period", t."lead_report_percent", t."open_notices")
                       IS DISTINCT FROM (f."signed_at", f."period", f."percent", f."notices");
            END $$`);
        for (const column of ['pending_extensions', 'notices_red', 'notices_yellow', 'notices_blue', 'pending_reports']) {
            await queryRunner.query(`ALTER TABLE "task" DROP COLUMN "${column}"`);
        }
    }

}

/** The facts of a task row the tally counts by, as one row value. */
function facts(alias: string): string {
    return `(${['published_at', 'state', 'light', 'overdue', 'due_soon', 'receipt_overdue', 'report_missing', 'progress_behind',
        'pending_reports', 'notices_blue', 'notices_yellow', 'notices_red', 'pending_extensions'].map((c) => `${alias}."${c}"`).join(', ')})`;
}
