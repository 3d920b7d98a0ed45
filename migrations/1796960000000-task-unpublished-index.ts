import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The office's filtered task lists take their total from task_tally, which counts published tasks
 * only; the unpublished ones (drafts, few) are counted apart, and this keeps that count from
 * reading every task.
 */
export class TaskUnpublishedIndex1796960000000 implements MigrationInterface {
    name = 'TaskUnpublishedIndex1796960000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "ix_task_unpublished" ON "task" ("id") WHERE "published_at" IS NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_task_unpublished"`);
    }

}
