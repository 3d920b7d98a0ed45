import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * "My tasks" without reading every task of the unit: task_unit gets copies of the task's list keys
 * (task_due_date, task_published, task_state) and ix_task_unit_unit_due over them, so a bureau's
 * first page in due-date order is an index range scan plus LIMIT and its total an index-only count;
 * ix_task_due does the same for the office's unfiltered list.
 *
 * The copies are kept by the database itself, in the writer's transaction, whoever writes
 * (importer, publishing, extensions, corrections, transitions, raw SQL):
 *  - task_unit_copy_task_keys, BEFORE INSERT or UPDATE OF task_id / the copies ON task_unit:
 *    copies them from the task row, which it locks FOR SHARE so that a concurrent change of the
 *    task waits for this transaction (and then pushes to this row) or is waited for (and copied);
 *  - task_push_keys_to_task_unit, AFTER UPDATE OF due_date, published_at, state ON task, only
 *    when one of them really changed: rewrites the copies on the task's task_unit rows.
 * Entity columns match (TaskUnitEntity, insert/update: false); generated, then hand-edited: the
 * backfill, the NOT NULLs after it, and the triggers.
 */
export class TaskUnitListKeys1795314471820 implements MigrationInterface {
    name = 'TaskUnitListKeys1795314471820'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // no task may change between the backfill and the triggers taking over
        await queryRunner.query(`LOCK TABLE "task" IN SHARE MODE`);
        await queryRunner.query(`ALTER TABLE "task_unit" ADD "task_due_date" date`);
        await queryRunner.query(`ALTER TABLE "task_unit" ADD "task_published" boolean`);
        await queryRunner.query(`ALTER TABLE "task_unit" ADD "task_state" text`);
        await queryRunner.query(`UPDATE "task_unit" tu SET "task_due_date" = t."due_date", "task_published" = t."published_at" IS NOT NULL, "task_state" = t."state" FROM "task" t WHERE t."id" = tu."task_id"`);
        await queryRunner.query(`ALTER TABLE "task_unit" ALTER COLUMN "task_published" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "task_unit" ALTER COLUMN "task_state" SET NOT NULL`);
        await queryRunner.query(`
            CREATE FUNCTION "task_unit_copy_task_keys"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                SELECT t."due_date", t."published_at" IS NOT NULL, t."state"
                  INTO NEW."task_due_date", NEW."task_published", NEW."task_state"
                  FROM "task" t WHERE t."id" = NEW."task_id" FOR SHARE;
                IF NOT FOUND THEN
                    -- no such task: let the foreign key refuse the row with its own error
                    NEW."task_due_date" := NULL;
                    NEW."task_published" := false;
                    NEW."task_state" := '';
                END IF;
                RETURN NEW;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER "task_unit_copy_task_keys" BEFORE INSERT OR UPDATE OF "task_id", "task_due_date", "task_published", "task_state" ON "task_unit" FOR EACH ROW EXECUTE FUNCTION "task_unit_copy_task_keys"()`);
        await queryRunner.query(`
            CREATE FUNCTION "task_push_keys_to_task_unit"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE "task_unit"
                   SET "task_due_date" = NEW."due_date", "task_published" = NEW."published_at" IS NOT NULL, "task_state" = NEW."state"
                 WHERE "task_id" = NEW."id";
                RETURN NULL;
            END $$`);
        await queryRunner.query(`
            CREATE TRIGGER "task_push_keys_to_task_unit" AFTER UPDATE OF "due_date", "published_at", "state" ON "task" FOR EACH ROW
              WHEN (OLD."due_date" IS DISTINCT FROM NEW."due_date" OR (OLD."published_at" IS NULL) <> (NEW."published_at" IS NULL) OR OLD."state" IS DISTINCT FROM NEW."state")
              EXECUTE FUNCTION "task_push_keys_to_task_unit"()`);
        await queryRunner.query(`CREATE INDEX "ix_task_due" ON "task" ("due_date", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_task_unit_unit_due" ON "task_unit" ("unit_id", "task_published", "task_due_date", "task_id", "role", "task_state") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_task_unit_unit_due"`);
        await queryRunner.query(`DROP INDEX "public"."ix_task_due"`);
        await queryRunner.query(`DROP TRIGGER "task_push_keys_to_task_unit" ON "task"`);
        await queryRunner.query(`DROP FUNCTION "task_push_keys_to_task_unit"()`);
        await queryRunner.query(`DROP TRIGGER "task_unit_copy_task_keys" ON "task_unit"`);
        await queryRunner.query(`DROP FUNCTION "task_unit_copy_task_keys"()`);
        await queryRunner.query(`ALTER TABLE "task_unit" DROP COLUMN "task_state"`);
        await queryRunner.query(`ALTER TABLE "task_unit" DROP COLUMN "task_published"`);
        await queryRunner.query(`ALTER TABLE "task_unit" DROP COLUMN "task_due_date"`);
    }

}
