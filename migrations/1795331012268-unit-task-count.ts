import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * unit_task_count: per unit, how many published tasks it leads or shares (task_unit rows with
 * task_published), so the total of a bureau's unfiltered "my tasks" list is one row read instead
 * of an index-only count over all of the unit's entries (~0.7 ms of Postgres CPU for ~2,800
 * tasks, half of the list's cost).
 *
 * Kept by the database, in the writer's transaction, whoever writes: statement triggers on
 * task_unit (INSERT, UPDATE, DELETE, each with its transition tables; TRUNCATE) add the
 * statement's net change per unit. The upsert visits units in id order, so concurrent writers
 * lock the counter rows in one order. Rows of task_unit change their task_published through the
 * TaskUnitListKeys triggers (publishing), which these statement triggers see like any update.
 * Generated (table, FK), then hand-edited: the backfill and the triggers.
 */
export class UnitTaskCount1795331012268 implements MigrationInterface {
    name = 'UnitTaskCount1795331012268'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // no task_unit row may change between the backfill and the triggers taking over
        await queryRunner.query(`LOCK TABLE "task_unit" IN SHARE MODE`);
        await queryRunner.query(`CREATE TABLE "unit_task_count" ("unit_id" uuid NOT NULL, "published" integer NOT NULL, CONSTRAINT "PK_73a6e223c5646aade3998021ad9" PRIMARY KEY ("unit_id"))`);
        await queryRunner.query(`ALTER TABLE "unit_task_count" ADD CONSTRAINT "FK_73a6e223c5646aade3998021ad9" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`
            INSERT INTO "unit_task_count" ("unit_id", "published")
            SELECT "unit_id", count(*) FILTER (WHERE "task_published") FROM "task_unit" GROUP BY "unit_id"`);
        await queryRunner.query(`
            CREATE FUNCTION "unit_task_count_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                -- each branch names only the transition tables its event has
                IF TG_OP = 'TRUNCATE' THEN
                    UPDATE "unit_task_count" SET "published" = 0;
                ELSIF TG_OP = 'INSERT' THEN
                    PERFORM "unit_task_count_add"(array_agg("unit_id"), NULL) FROM "new_rows" WHERE "task_published";
                ELSIF TG_OP = 'DELETE' THEN
                    PERFORM "unit_task_count_add"(NULL, array_agg("unit_id")) FROM "old_rows" WHERE "task_published";
                ELSE
                    PERFORM "unit_task_count_add"((SELECT array_agg("unit_id") FROM "new_rows" WHERE "task_published"),
                                                  (SELECT array_agg("unit_id") FROM "old_rows" WHERE "task_published"));
                END IF;
                RETURN NULL;
            END $$`);
        await queryRunner.query(`
            CREATE FUNCTION "unit_task_count_add"("added" uuid[], "removed" uuid[]) RETURNS void LANGUAGE sql AS $$
                WITH "change" AS (
                    SELECT "unit_id", 1 AS "d" FROM unnest("added") AS "unit_id"
                    UNION ALL
                    SELECT "unit_id", -1 FROM unnest("removed") AS "unit_id"
                ), "net" AS (
                    SELECT "unit_id", sum("d")::int AS "d" FROM "change" GROUP BY "unit_id" HAVING sum("d") <> 0
                )
                INSERT INTO "unit_task_count" ("unit_id", "published")
                SELECT "unit_id", "d" FROM "net" ORDER BY "unit_id"
                ON CONFLICT ("unit_id") DO UPDATE SET "published" = "unit_task_count"."published" + EXCLUDED."published"
            $$`);
        await queryRunner.query(`CREATE TRIGGER "unit_task_count_insert" AFTER INSERT ON "task_unit" REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "unit_task_count_apply"()`);
        await queryRunner.query(`CREATE TRIGGER "unit_task_count_update" AFTER UPDATE ON "task_unit" REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "unit_task_count_apply"()`);
        await queryRunner.query(`CREATE TRIGGER "unit_task_count_delete" AFTER DELETE ON "task_unit" REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "unit_task_count_apply"()`);
        await queryRunner.query(`CREATE TRIGGER "unit_task_count_truncate" AFTER TRUNCATE ON "task_unit" FOR EACH STATEMENT EXECUTE FUNCTION "unit_task_count_apply"()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "unit_task_count_truncate" ON "task_unit"`);
        await queryRunner.query(`DROP TRIGGER "unit_task_count_delete" ON "task_unit"`);
        await queryRunner.query(`DROP TRIGGER "unit_task_count_update" ON "task_unit"`);
        await queryRunner.query(`DROP TRIGGER "unit_task_count_insert" ON "task_unit"`);
        await queryRunner.query(`DROP FUNCTION "unit_task_count_apply"()`);
        await queryRunner.query(`DROP FUNCTION "unit_task_count_add"(uuid[], uuid[])`);
        await queryRunner.query(`ALTER TABLE "unit_task_count" DROP CONSTRAINT "FK_73a6e223c5646aade3998021ad9"`);
        await queryRunner.query(`DROP TABLE "unit_task_count"`);
    }

}
