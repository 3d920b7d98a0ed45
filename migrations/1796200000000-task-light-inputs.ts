import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The traffic light in SQL (apps/api/src/tasks/task-light-sql.ts) reads every input from the task
 * row: task gets copies of what assessTask takes from other tables.
 *  - lead_signed_at: the first lead unit's (by position) signature (签收);
 *  - lead_report_period / lead_report_percent: that unit's latest submitted or accepted report
 *    (highest period key), as the task list's lateral lookup reads it;
 *  - open_notices: supervision notices not closed.
 *
 * Kept by the database, in the writer's transaction, whoever writes (publishing, sign, unit
 * assignment, reports and their reviews, batches, notices and their replies, imports, raw SQL):
 * statement triggers on task_unit, progress_report and supervision_notice (INSERT, UPDATE, DELETE
 * with transition tables; TRUNCATE) recompute the copies of the tasks their rows belong to, and
 * write a task only when a copy really changes. Tasks are locked in id order first, so two
 * statements touching several tasks (batch reports, publishing) cannot deadlock on each other.
 * No column of task that another trigger watches is written (due_date, published_at, state), and
 * version/updated_at stay: the copies are not an edit of the task.
 * Entity columns match (TaskEntity, insert/update: false); generated, then hand-edited: the
 * backfill and the triggers.
 */
export class TaskLightInputs1796200000000 implements MigrationInterface {
    name = 'TaskLightInputs1796200000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // nothing the copies read may change between the backfill and the triggers taking over
        await queryRunner.query(`LOCK TABLE "task", "task_unit", "progress_report", "supervision_notice" IN SHARE MODE`);
        await queryRunner.query(`ALTER TABLE "task" ADD "lead_signed_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "task" ADD "lead_report_period" text`);
        await queryRunner.query(`ALTER TABLE "task" ADD "lead_report_percent" integer`);
        await queryRunner.query(`ALTER TABLE "task" ADD "open_notices" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`
            CREATE FUNCTION "task_refresh_light_inputs"("ids" uuid[]) RETURNS void LANGUAGE plpgsql AS $$
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
        await queryRunner.query(`
            CREATE FUNCTION "task_light_inputs_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                -- each branch names only the transition tables its event has
                IF TG_OP = 'TRUNCATE' THEN
                    PERFORM "task_refresh_light_inputs"(ARRAY(SELECT "id" FROM "task"));
                ELSIF TG_OP = 'INSERT' THEN
                    PERFORM "task_refresh_light_inputs"(ARRAY(SELECT "task_id" FROM "new_rows"));
                ELSIF TG_OP = 'DELETE' THEN
                    PERFORM "task_refresh_light_inputs"(ARRAY(SELECT "task_id" FROM "old_rows"));
                ELSE
                    PERFORM "task_refresh_light_inputs"(ARRAY(SELECT "task_id" FROM "new_rows" UNION SELECT "task_id" FROM "old_rows"));
                END IF;
                RETURN NULL;
            END $$`);
        for (const table of ['task_unit', 'progress_report', 'supervision_notice']) {
            await queryRunner.query(`CREATE TRIGGER "${table}_light_inputs_insert" AFTER INSERT ON "${table}" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "task_light_inputs_apply"()`);
            await queryRunner.query(`CREATE TRIGGER "${table}_light_inputs_update" AFTER UPDATE ON "${table}" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "task_light_inputs_apply"()`);
            await queryRunner.query(`CREATE TRIGGER "${table}_light_inputs_delete" AFTER DELETE ON "${table}" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "task_light_inputs_apply"()`);
            await queryRunner.query(`CREATE TRIGGER "${table}_light_inputs_truncate" AFTER TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "task_light_inputs_apply"()`);
        }
        await queryRunner.query(`SELECT "task_refresh_light_inputs"(ARRAY(SELECT "id" FROM "task"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (const table of ['supervision_notice', 'progress_report', 'task_unit']) {
            for (const event of ['truncate', 'delete', 'update', 'insert']) {
                await queryRunner.query(`DROP TRIGGER "${table}_light_inputs_${event}" ON "${table}"`);
            }
        }
        await queryRunner.query(`DROP FUNCTION "task_light_inputs_apply"()`);
        await queryRunner.query(`DROP FUNCTION "task_refresh_light_inputs"(uuid[])`);
        await queryRunner.query(`ALTER TABLE "task" DROP COLUMN "open_notices"`);
        await queryRunner.query(`ALTER TABLE "task" DROP COLUMN "lead_report_percent"`);
        await queryRunner.query(`ALTER TABLE "task" DROP COLUMN "lead_report_period"`);
        await queryRunner.query(`ALTER TABLE "task" DROP COLUMN "lead_signed_at"`);
    }

}
