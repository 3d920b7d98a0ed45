import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * GET /reports (the office's review queue) pages reports latest submission first; with a year of
 * reports (1,200,000 at 100,000 tasks) sorting them all per request took seconds. An index in the
 * list's exact order lets a page read just its rows. (Declared on the entity with synchronize: false:
 * TypeORM cannot express DESC NULLS LAST.)
 */
export class ProgressReportReviewOrder1796750000100 implements MigrationInterface {
    name = 'ProgressReportReviewOrder1796750000100'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "ix_progress_report_review_order" ON "progress_report" ("submitted_at" DESC NULLS LAST, "updated_at" DESC, "id")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_progress_report_review_order"`);
    }

}
