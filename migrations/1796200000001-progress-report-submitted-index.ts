import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The dashboard counts the reports awaiting review per task (status 'submitted'); with a year of
 * reports (1,200,000 at 100,000 tasks) reading them from progress_report itself meant a scan of
 * the whole table per request. A partial index holds only the submitted ones.
 */
export class ProgressReportSubmittedIndex1796200000001 implements MigrationInterface {
    name = 'ProgressReportSubmittedIndex1796200000001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "ix_progress_report_submitted" ON "progress_report" ("task_id", "unit_id") WHERE "status" = 'submitted'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_progress_report_submitted"`);
    }

}
