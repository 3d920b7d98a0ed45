import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A report written moves its task's copies by row, not by a statement-level refresh (issue 14:
 * "bench:api no slower"; a submission spent most of its trigger time recomputing every light input
 * of its task from scratch).
 *  - One row trigger on progress_report (task_follow_progress_report) replaces the statement
 *    triggers that called task_refresh_light_inputs and the row trigger that kept a co unit's own
 *    count in the dashboard's counters. It fires only when a report enters or leaves the count
 *    (submitted, or for the lead's latest also accepted); a draft saved touches nothing.
 *  - A report that comes into the count (a submission, an acceptance) is one UPDATE of the task:
 *    pending_reports +/-1, and when it is the lead's latest, the lead's period and percent. It
 *    decides on the task's row as the update finds it, so a concurrent submission's is already there.
 *    task.lead_unit_id (new: the first lead unit, kept by task_refresh_light_inputs with the
 *    lead's signature) tells the lead's report from a co unit's, whose own count is then appended.
 *  - A report that leaves the count (returned, deleted) or changes period is rare: the co unit's
 *    own count first, at the task's facts now, then the task's inputs all read again by
 *    task_refresh_light_inputs (whose update may move the task's shares, counting co reports as
 *    they are then).
 *  - A report never moves to another task or unit: an update that tries is refused (nothing writes one).
 *  - task_refresh_light_inputs stays for the other sources (task_unit, notices, extensions) and a
 *    TRUNCATE of progress_report. It now locks the task rows before it reads, whatever their
 *    number, so its counts see a submission committed meanwhile.
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
        await queryRunner.query(`ALTER TABLE "task" ADD "lead_unit_id" uuid`);
        await queryRunner.query(`
            UPDATE "task" t SET "lead_unit_id" = lead."unit_id"
              FROM (SELECT DISTINCT ON (tu."task_id") tu."task_id", tu."unit_id" FROM "task_unit" tu
                     WHERE tu."role" = 'lead' ORDER BY tu."task_id", tu."position") lead
             WHERE lead."task_id" = t."id"`);
        await queryRunner.query(refreshLightInputs({ lock: LOCK_ALWAYS, leadUnit: true }));
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
                IF TG_OP <> 'DELETE' AND NEW."status" IN ${COUNTED}
                   AND (TG_OP = 'INSERT' OR OLD."status" NOT IN ${COUNTED} OR OLD."period" = NEW."period") THEN
                    -- it counts now and nothing it counted before is gone (a submission, an acceptance): one
                    -- update, deciding on the task's row as it finds it (a concurrent submission's already there)
                    UPDATE "task"
                       SET "pending_reports" = "pending_reports" + moved,
                           "lead_report_period" = CASE WHEN ${LEADS_LATEST} THEN NEW."period" ELSE "lead_report_period" END,
                           "lead_report_percent" = CASE WHEN ${LEADS_LATEST} THEN NEW."percent" ELSE "lead_report_percent" END
                     WHERE "id" = NEW."task_id"
                 RETURNING "lead_unit_id" INTO lead_unit;
                    -- a co unit's own count: the update above moved only counters, so no share changed its key
                    IF moved <> 0 AND lead_unit IS DISTINCT FROM r."unit_id" THEN ${CO_COUNT} END IF;
                ELSE
                    -- it left the count (returned, deleted) or moved to another period: rare; its co unit's count at
                    -- the task's facts now, then every input of the task read again (which may move the shares)
                    IF moved <> 0 THEN ${CO_COUNT} END IF;
                    PERFORM "task_refresh_light_inputs"(ARRAY[r."task_id"]);
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
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`LOCK TABLE "task", "progress_report" IN SHARE MODE`);
        for (const event of ['insert', 'update', 'delete']) {
            await queryRunner.query(`DROP TRIGGER "progress_report_follow_${event}" ON "progress_report"`);
        }
        await queryRunner.query(`DROP FUNCTION "task_follow_progress_report"()`);
        await queryRunner.query(refreshLightInputs({ lock: `IF cardinality("ids") > 1 THEN ${LOCK_ALWAYS} END IF;`, leadUnit: false }));
        await queryRunner.query(`ALTER TABLE "task" DROP COLUMN "lead_unit_id"`);
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
                ${CO_COUNT}
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

/** NEW is the lead's latest counted report (read on the task's row as the update finds it). */
const LEADS_LATEST = `("lead_unit_id" = NEW."unit_id" AND ("lead_report_period" IS NULL OR NEW."period" >= "lead_report_period"))`;

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

/** A co unit's own reports awaiting review move by `moved`, at task r's facts now (nothing for the lead). */
const CO_COUNT = `INSERT INTO "task_tally_delta" (${TALLY_COLUMNS})
                    SELECT ${CO_SHARE_KEY}, 0, moved, 0, 0, 0, 0
                      FROM "task_unit" tu JOIN "task" t ON t."id" = tu."task_id"
                     WHERE tu."task_id" = r."task_id" AND tu."unit_id" = r."unit_id" AND tu."role" = 'co' AND t."published_at" IS NOT NULL;`;

/** The task rows locked before the refresh reads, so its counts see what was committed meanwhile. */
const LOCK_ALWAYS = `PERFORM 1 FROM "task" WHERE "id" = ANY ("ids") ORDER BY "id" FOR NO KEY UPDATE;`;

/**
 * task_refresh_light_inputs as migration TaskTally wrote it, with `lock` taking the task rows
 * first, and (leadUnit) the copy of the first lead unit's id the report trigger reads.
 */
function refreshLightInputs(options: { lock: string; leadUnit: boolean }): string {
    const { lock, leadUnit } = options;
    return `
            CREATE OR REPLACE FUNCTION "task_refresh_light_inputs"("ids" uuid[]) RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
            BEGIN
                ${lock}
                UPDATE "task" t
                   SET ${leadUnit ? `"lead_unit_id" = f."unit_id", ` : ''}"lead_signed_at" = f."signed_at", "lead_report_period" = f."period",
                       "lead_report_percent" = f."percent", "open_notices" = f."notices",
                       "pending_reports" = f."pending_reports", "notices_blue" = f."blue", "notices_yellow" = f."yellow",
                       "notices_red" = f."red", "pending_extensions" = f."pending_extensions"
                  FROM (SELECT x."id", lead."unit_id", lead."signed_at", rep."period", rep."percent", n."notices", n."blue", n."yellow", n."red",
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
                   AND (${leadUnit ? 't."lead_unit_id", ' : ''}t."lead_signed_at", t."lead_report_period", t."lead_report_percent", t."open_notices",
                        t."pending_reports", t."notices_blue", t."notices_yellow", t."notices_red", t."pending_extensions")
                       IS DISTINCT FROM (${leadUnit ? 'f."unit_id", ' : ''}f."signed_at", f."period", f."percent", f."notices",
                        f."pending_reports", f."blue", f."yellow", f."red", f."pending_extensions");
            END $$`;
}
