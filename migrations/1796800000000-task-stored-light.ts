import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The traffic light stored on the task (issue 12): lists filter on it and the dashboard counts it
 * with indexes instead of evaluating assessTask's rules over every task per request.
 *  - light_day: one row, the day's side of the rules (LightDay of libs/core task-light-sql.ts:
 *    today in Shanghai, the due-soon horizon, the receipt cutoff, the period each cadence owes),
 *    written by LightDayService.ensureCurrent from the domain's own functions;
 *  - task_light_verdict(): assessTask's rules over a task's stored inputs and that day, the SQL of
 *    lightSql (task-light-sql.ts) with the day's values read from the light_day row; checked
 *    against assessTask by task-light-sql.integration-spec.ts;
 *  - task.overdue … task.light: the verdict for the office's view (the lead unit's signature),
 *    kept by a BEFORE trigger whenever an input changes (the light-input copies included) and
 *    recomputed for every task by task_light_recompute() when the day changes.
 * NULL light: no day written yet (ensureCurrent runs before any read).
 */
export class TaskStoredLight1796800000000 implements MigrationInterface {
    name = 'TaskStoredLight1796800000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "light_day" (
                "id" boolean PRIMARY KEY DEFAULT true CHECK ("id"),
                "today" date, "due_soon_last" date, "receipt_cutoff" date,
                "weekly_key" text, "weekly_end" date, "dekad_key" text, "dekad_end" date,
                "monthly_key" text, "monthly_end" date,
                "computed_at" TIMESTAMP WITH TIME ZONE)`);
        await queryRunner.query(`INSERT INTO "light_day" ("id") VALUES (true)`);
        await queryRunner.query(`
            CREATE TYPE "light_verdict" AS (
                "overdue" boolean, "due_soon" boolean, "report_missing" boolean, "progress_behind" boolean,
                "receipt_overdue" boolean, "notice_open" boolean, "light" text)`);
        // the expressions are lightSql's (task-light-sql.ts) with the day read from d
        await queryRunner.query(`
            CREATE FUNCTION "task_light_verdict"(p_state text, p_due_date date, p_precision text, p_cadence text,
                p_published_at timestamptz, p_signed_at timestamptz, p_period text, p_percent integer,
                p_open_notices integer, d "light_day") RETURNS "light_verdict" LANGUAGE sql STABLE AS $$
            SELECT f.overdue, f.due_soon, f.report_missing, f.progress_behind, f.receipt_overdue, f.notice_open,
                   CASE WHEN d.today IS NULL THEN NULL
                        WHEN f.overdue OR f.report_missing THEN 'red'
                        WHEN f.due_soon OR f.progress_behind OR f.receipt_overdue OR f.notice_open THEN 'yellow'
                        ELSE 'green' END
              FROM (SELECT
                coalesce(p_state NOT IN ('submitted_done', 'completed', 'not_applicable') AND p_due_date IS NOT NULL AND p_precision <> 'ongoing'
                         AND p_due_date < d.today, false) AS overdue,
                coalesce(p_state NOT IN ('submitted_done', 'completed', 'not_applicable') AND p_due_date IS NOT NULL AND p_precision <> 'ongoing'
                         AND p_due_date >= d.today AND p_due_date <= d.due_soon_last, false) AS due_soon,
                coalesce(p_state NOT IN ('submitted_done', 'completed', 'not_applicable') AND p_published_at IS NOT NULL
                         AND (p_published_at AT TIME ZONE 'Asia/Shanghai')::date
                             <= CASE p_cadence WHEN 'weekly' THEN d.weekly_end WHEN 'dekad' THEN d.dekad_end ELSE d.monthly_end END
                         AND NOT coalesce(CASE p_cadence WHEN 'weekly' THEN p_period ~ '^\\d{4}-W\\d{2}$' WHEN 'dekad' THEN p_period ~ '^\\d{4}-\\d{2}-[123]$'
                                                         ELSE p_period ~ '^\\d{4}-\\d{2}$' END
                                          AND p_period >= CASE p_cadence WHEN 'weekly' THEN d.weekly_key WHEN 'dekad' THEN d.dekad_key ELSE d.monthly_key END, false),
                         false) AS report_missing,
                coalesce(p_state NOT IN ('submitted_done', 'completed', 'not_applicable') AND p_due_date IS NOT NULL AND p_precision <> 'ongoing'
                         AND p_percent IS NOT NULL
                         AND CASE p_cadence WHEN 'weekly' THEN p_period ~ '^\\d{4}-W\\d{2}$' WHEN 'dekad' THEN p_period ~ '^\\d{4}-\\d{2}-[123]$'
                                            ELSE p_period ~ '^\\d{4}-\\d{2}$' END
                         AND (p_due_date - (p_published_at AT TIME ZONE 'Asia/Shanghai')::date) > 0
                         AND (d.today - (p_published_at AT TIME ZONE 'Asia/Shanghai')::date) <= (p_due_date - (p_published_at AT TIME ZONE 'Asia/Shanghai')::date)
                         AND floor((d.today - (p_published_at AT TIME ZONE 'Asia/Shanghai')::date)::float8
                                   / (p_due_date - (p_published_at AT TIME ZONE 'Asia/Shanghai')::date)::float8 * 100 + 0.5) - p_percent > 20,
                         false) AS progress_behind,
                coalesce(p_state NOT IN ('submitted_done', 'completed', 'not_applicable') AND p_signed_at IS NULL AND p_published_at IS NOT NULL
                         AND (p_published_at AT TIME ZONE 'Asia/Shanghai')::date <= d.receipt_cutoff, false) AS receipt_overdue,
                coalesce(p_state NOT IN ('completed', 'not_applicable') AND p_open_notices > 0, false) AS notice_open) f
            $$`);
        await queryRunner.query(`ALTER TABLE "task" ADD "overdue" boolean`);
        await queryRunner.query(`ALTER TABLE "task" ADD "due_soon" boolean`);
        await queryRunner.query(`ALTER TABLE "task" ADD "report_missing" boolean`);
        await queryRunner.query(`ALTER TABLE "task" ADD "progress_behind" boolean`);
        await queryRunner.query(`ALTER TABLE "task" ADD "receipt_overdue" boolean`);
        await queryRunner.query(`ALTER TABLE "task" ADD "notice_open" boolean`);
        await queryRunner.query(`ALTER TABLE "task" ADD "light" text`);
        await queryRunner.query(`
            CREATE FUNCTION "task_light_verdict_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
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
        await queryRunner.query(`
            CREATE TRIGGER "task_light_verdict" BEFORE INSERT OR UPDATE OF "state", "due_date", "deadline_precision", "report_cadence",
                "published_at", "lead_signed_at", "lead_report_period", "lead_report_percent", "open_notices"
            ON "task" FOR EACH ROW EXECUTE FUNCTION "task_light_verdict_apply"()`);
        // every task against the day in light_day; writes only the rows whose verdict changed
        await queryRunner.query(`
            CREATE FUNCTION "task_light_recompute"() RETURNS integer LANGUAGE plpgsql AS $$
            DECLARE changed integer;
            BEGIN
                UPDATE "task" t
                   SET "overdue" = v."overdue", "due_soon" = v."due_soon", "report_missing" = v."report_missing",
                       "progress_behind" = v."progress_behind", "receipt_overdue" = v."receipt_overdue",
                       "notice_open" = v."notice_open", "light" = v."light"
                  FROM (SELECT x."id", f.*
                          FROM "task" x CROSS JOIN "light_day" d
                          CROSS JOIN LATERAL "task_light_verdict"(x."state", x."due_date", x."deadline_precision", x."report_cadence",
                                  x."published_at", x."lead_signed_at", x."lead_report_period", x."lead_report_percent",
                                  x."open_notices", d) f) v
                 WHERE t."id" = v."id"
                   AND (t."overdue", t."due_soon", t."report_missing", t."progress_behind", t."receipt_overdue", t."notice_open", t."light")
                       IS DISTINCT FROM (v."overdue", v."due_soon", v."report_missing", v."progress_behind", v."receipt_overdue", v."notice_open", v."light");
                GET DIAGNOSTICS changed = ROW_COUNT;
                RETURN changed;
            END $$`);
        await queryRunner.query(`CREATE INDEX "ix_task_light_due" ON "task" ("light", "due_date", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_task_overdue_due" ON "task" ("due_date", "id") WHERE "overdue"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_task_overdue_due"`);
        await queryRunner.query(`DROP INDEX "public"."ix_task_light_due"`);
        await queryRunner.query(`DROP FUNCTION "task_light_recompute"()`);
        await queryRunner.query(`DROP TRIGGER "task_light_verdict" ON "task"`);
        await queryRunner.query(`DROP FUNCTION "task_light_verdict_apply"()`);
        for (const column of ['light', 'notice_open', 'receipt_overdue', 'progress_behind', 'report_missing', 'due_soon', 'overdue']) {
            await queryRunner.query(`ALTER TABLE "task" DROP COLUMN "${column}"`);
        }
        await queryRunner.query(`DROP FUNCTION "task_light_verdict"(text, date, text, text, timestamptz, timestamptz, text, integer, integer, "light_day")`);
        await queryRunner.query(`DROP TYPE "light_verdict"`);
        await queryRunner.query(`DROP TABLE "light_day"`);
    }

}
