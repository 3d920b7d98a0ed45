import { MigrationInterface, QueryRunner } from "typeorm";

const KEY = `"unit_id", "role", "state", "light", "overdue", "due_soon", "receipt_overdue", "report_missing", "lagging"`;
const SUMS = ["tasks", "pending_reports", "notices_blue", "notices_yellow", "notices_red", "pending_extensions"];

/**
 * task_tally compacted (issue 12): writers spread their counts over 8 stripes so concurrent writes
 * rarely wait on one row, and every change of verdict leaves rows at zero behind; the office's
 * dashboard sums them all. task_tally_compact() folds the stripes into stripe 0 and deletes the
 * rows counting nothing, so a reader sums about an eighth of the rows until writers spread them
 * again. LightDayService runs it after each day's recompute (the worker's midnight job), in the
 * same transaction; it holds writers off task_tally (EXCLUSIVE: readers go on) for its few ms.
 */
export class TaskTallyCompact1796970000000 implements MigrationInterface {
    name = 'TaskTallyCompact1796970000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE FUNCTION "task_tally_compact"() RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                LOCK TABLE "task_tally" IN EXCLUSIVE MODE;
                WITH moved AS (DELETE FROM "task_tally" WHERE "stripe" <> 0 RETURNING *)
                INSERT INTO "task_tally" AS tt (${KEY}, "stripe", ${SUMS.map((c) => `"${c}"`).join(", ")})
                SELECT ${KEY}, 0, ${SUMS.map((c) => `sum("${c}")`).join(", ")}
                  FROM moved GROUP BY ${KEY} ORDER BY ${KEY}
                ON CONFLICT (${KEY}, "stripe")
                DO UPDATE SET ${SUMS.map((c) => `"${c}" = tt."${c}" + excluded."${c}"`).join(", ")};
                DELETE FROM "task_tally" WHERE ${SUMS.map((c) => `"${c}" = 0`).join(" AND ")};
            END $$`);
        await queryRunner.query(`SELECT "task_tally_compact"()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP FUNCTION "task_tally_compact"()`);
    }

}
