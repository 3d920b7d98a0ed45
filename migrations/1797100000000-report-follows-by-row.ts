import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A report written moves its task's copies by row, not by a statement-level refresh (issue 14:
 * "bench:api no slower"; a submission spent ~0.34 ms of Postgres time in its triggers, the refresh
 * most of it).
 *  - One row trigger on progress_report (task_follow_progress_report) replaces the statement
 *    triggers that recomputed every light input of the task from scratch (task_refresh_light_inputs)
 *    and the row trigger that kept a co unit's own count in the dashboard's counters. It fires only
 *    when a report enters or leaves review or the lead's count (submitted or accepted); a draft saved
 *    touches nothing.
 *  - What a report can move: the task's reports awaiting review (+1/-1: pending_reports), and for
 *    the lead's report the lead's latest submitted or accepted period and percent. A report that
 *    comes into the count is compared with the task's row as the update finds it (a concurrent
 *    submission's already there); one that leaves it makes the latest be read again, after the
 *    task's row is locked. A co unit's own count in
 *    task_tally_delta is written first, at the task's facts now, then the task's update moves its
 *    shares (task_tally_on_task), as before.
 *  - A report never moves to another task or unit: an update that tries is refused (nothing writes one).
 *  - task_refresh_light_inputs stays for the other sources (task_unit, notices, extensions) and a
 *    TRUNCATE of progress_report. It now locks the task rows before it reads, whatever their number,
 *    so its counts see a submission committed meanwhile.
 */
export class ReportFollowsByRow1797100000000 implements MigrationInterface {
    name = 'ReportFollowsByRow1797100000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`LOCK TABLE "task", "progress_report" IN SHARE MODE`);
        for (const event of ['insert', 'update', 'delete']) {
            await queryRunner.query(`DROP TRIGGER "progress_report_light_inputs_${event}" ON "progress_report"`);
            await queryRunner.query(`DROP TRIGGER "progress_report_tally_${event}" ON "progress_report"`);
        }
        await queryRunner.query(`DROP FUNCTION "task_tally_on_progress_report"()`);
        await queryRunner.query(`
            CREATE FUNCTION "task_follow_progress_report"() RETURNS trigger LANGUAGE plpgsql ${ROW_TRIGGER_SETTINGS} AS $$
            DECLARE r "progress_report"; moved integer := 0; lead_unit uuid;
            BEGIN
                IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
                IF TG_OP = 'UPDATE' AND (OLD."task_id", OLD."unit_id") IS DISTINCT FROM (NEW."task_id", NEW."unit_id") THEN
                    RAISE EXCEPTION 'a progress report keeps its task and unit (report %)', OLD."id" USING ERRCODE = 'check_violation';
                END IF;
                IF TG_OP <> 'INSERT' AND OLD."status" = 'submitted' THEN moved := moved - 1; END IF;
                IF TG_OP <> 'DELETE' AND NEW."status" = 'submitted' THEN moved := moved + 1; END IF;
                SELECT tu."unit_id" INTO lead_unit FROM "task_unit" tu
                 WHERE tu."task_id" = r."task_id" AND tu."role" = 'lead' ORDER BY tu."position" LIMIT 1;
                IF r."unit_id" IS DISTINCT FROM lead_unit THEN
                    IF moved = 0 THEN RETURN NULL; END IF;
                    INSERT INTO "task_tally_delta" (${TALLY_COLUMNS})
                    SELECT ${CO_SHARE_KEY}, 0, moved, 0, 0, 0, 0
                      FROM "task_unit" tu JOIN "task" t ON t."id" = tu."task_id"
                     WHERE tu."task_id" = r."task_id" AND tu."unit_id" = r."unit_id" AND tu."role" = 'co' AND t."published_at" IS NOT NULL;
                    UPDATE "task" SET "pending_reports" = "pending_reports" + moved WHERE "id" = r."task_id";
                ELSIF TG_OP <> 'DELETE' AND NEW."status" IN ${COUNTED}
                      AND (TG_OP = 'INSERT' OR OLD."status" NOT IN ${COUNTED} OR OLD."period" = NEW."period") THEN
                    -- the lead's report counts now and nothing it counted before is gone: the latest unless a later one is
                    UPDATE "task"
                       SET "pending_reports" = "pending_reports" + moved,
                           "lead_report_period" = CASE WHEN ${IS_LATEST} THEN NEW."period" ELSE "lead_report_period" END,
                           "lead_report_percent" = CASE WHEN ${IS_LATEST} THEN NEW."percent" ELSE "lead_report_percent" END
                     WHERE "id" = NEW."task_id" AND (moved <> 0 OR ${IS_LATEST});
                ELSE
                    -- the lead's report left the count: its latest read again, after the task's row is locked
                    PERFORM 1 FROM "task" WHERE "id" = r."task_id" FOR NO KEY UPDATE;
                    UPDATE "task" t
                       SET "pending_reports" = t."pending_reports" + moved, "lead_report_period" = rep."period", "lead_report_percent" = rep."percent"
                      FROM (SELECT) one
                      LEFT JOIN LATERAL (SELECT pr."period", pr."percent" FROM "progress_report" pr
                                          WHERE pr."task_id" = r."task_id" AND pr."unit_id" = lead_unit AND pr."status" IN ('submitted', 'accepted')
                                          ORDER BY pr."period" DESC LIMIT 1) rep ON TRUE
                     WHERE t."id" = r."task_id"
                       AND (moved <> 0 OR (t."lead_report_period", t."lead_report_percent") IS DISTINCT FROM (rep."period", rep."percent"));
                END IF;
                RETURN NULL;
            END $$`);
        await queryRunner.query(`
            CREATE TRIGGER "progress_report_follow_insert" AFTER INSERT ON "progress_report" FOR EACH ROW
            WHEN (NEW."status" IN ${COUNTED}) EXECUTE FUNCTION "task_follow_progress_report"()`);
        await queryRunner.query(`
            CREATE TRIGGER "progress_report_follow_update" AFTER UPDATE ON "progress_report" FOR EACH ROW
            WHEN ((OLD."task_id", OLD."unit_id") IS DISTINCT FROM (NEW."task_id", NEW."unit_id")
                  OR ((OLD."status" IN ${COUNTED} OR NEW."status" IN ${COUNTED})
                      AND (OLD."status", OLD."period", OLD."percent") IS DISTINCT FROM (NEW."status", NEW."period", NEW."percent")))
            EXECUTE FUNCTION "task_follow_progress_report"()`);
        await queryRunner.query(`
            CREATE TRIGGER "progress_report_follow_delete" AFTER DELETE ON "progress_report" FOR EACH ROW
            WHEN (OLD."status" IN ${COUNTED}) EXECUTE FUNCTION "task_follow_progress_report"()`);
        await queryRunner.query(refreshLightInputs(`PERFORM 1 FROM "task" WHERE "id" = ANY ("ids") ORDER BY "id" FOR NO KEY UPDATE;`));
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`LOCK TABLE "task", "progress_report" IN SHARE MODE`);
        for (const event of ['insert', 'update', 'delete']) {
            await queryRunner.query(`DROP TRIGGER "progress_report_follow_${event}" ON "progress_report"`);
        }
        await queryRunner.query(`DROP FUNCTION "task_follow_progress_report"()`);
        await queryRunner.query(refreshLightInputs(`IF cardinality("ids") > 1 THEN
                    PERFORM 1 FROM "task" WHERE "id" = ANY ("ids") ORDER BY "id" FOR NO KEY UPDATE;
                END IF;`));
        // as migration TaskTallyByUnit left them
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
                INSERT INTO "task_tally_delta" (${TALLY_COLUMNS})
                SELECT ${CO_SHARE_KEY}, 0, moved, 0, 0, 0, 0
                  FROM "task_unit" tu JOIN "task" t ON t."id" = tu."task_id"
                 WHERE tu."task_id" = r."task_id" AND tu."unit_id" = r."unit_id" AND tu."role" = 'co' AND t."published_at" IS NOT NULL;
                RETURN NULL;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER "progress_report_tally_insert" AFTER INSERT ON "progress_report" FOR EACH ROW WHEN (NEW."status" = 'submitted') EXECUTE FUNCTION "task_tally_on_progress_report"()`);
        await queryRunner.query(`
            CREATE TRIGGER "progress_report_tally_update" AFTER UPDATE OF "status" ON "progress_report" FOR EACH ROW
            WHEN ((OLD."status" = 'submitted') <> (NEW."status" = 'submitted')) EXECUTE FUNCTION "task_tally_on_progress_report"()`);
        await queryRunner.query(`CREATE TRIGGER "progress_report_tally_delete" AFTER DELETE ON "progress_report" FOR EACH ROW WHEN (OLD."status" = 'submitted') EXECUTE FUNCTION "task_tally_on_progress_report"()`);
        await queryRunner.query(`CREATE TRIGGER "progress_report_light_inputs_insert" AFTER INSERT ON "progress_report" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "task_light_inputs_apply"()`);
        await queryRunner.query(`CREATE TRIGGER "progress_report_light_inputs_update" AFTER UPDATE ON "progress_report" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "task_light_inputs_apply"()`);
        await queryRunner.query(`CREATE TRIGGER "progress_report_light_inputs_delete" AFTER DELETE ON "progress_report" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "task_light_inputs_apply"()`);
    }
}

/** As migration TaskTallyByUnit: the row triggers' plans cached on first use and never JIT-compiled. */
const ROW_TRIGGER_SETTINGS = `SET plan_cache_mode = force_generic_plan SET jit = off`;

/** NEW is the lead's latest counted report (the task's row read as it is when locked by the update). */
const IS_LATEST = `("lead_report_period" IS NULL OR NEW."period" >= "lead_report_period")`;

/** Report statuses the task's copies count: awaiting review, or the lead's latest (with accepted). */
const COUNTED = `('submitted', 'accepted')`;

const TALLY_COLUMNS = `"unit_id", "role", "state", "light", "overdue", "due_soon", "receipt_overdue", "report_missing", "lagging", "unit_light",
                    "unit_receipt_overdue", "tasks", "pending_reports", "notices_blue", "notices_yellow", "notices_red", "pending_extensions"`;

/** The key of task t's share for its unit row tu (migration TaskTallyByUnit's keyOf('t', 'tu')). */
const CO_SHARE_KEY = `tu."unit_id", tu."role", t."state", coalesce(t."light", 'none'), coalesce(t."overdue", false), coalesce(t."due_soon", false),
                           coalesce(t."receipt_overdue", false), coalesce(t."report_missing", false), coalesce(t."report_missing" OR t."progress_behind", false),
                           CASE WHEN t."light" IS NULL THEN 'none' WHEN t."light" = 'red' THEN 'red'
                                WHEN t."due_soon" OR t."progress_behind" OR t."notice_open" OR (t."receipt_due" AND tu."signed_at" IS NULL) THEN 'yellow' ELSE 'green' END,
                           coalesce((t."receipt_due" AND tu."signed_at" IS NULL), false)`;

/** task_refresh_light_inputs as migration TaskTally wrote it, with `lock` taking the task rows first. */
function refreshLightInputs(lock: string): string {
    return `
            CREATE OR REPLACE FUNCTION "task_refresh_light_inputs"("ids" uuid[]) RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
            BEGIN
                ${lock}
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
            END $$`;
}
