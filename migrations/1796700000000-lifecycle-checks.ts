import { MigrationInterface, QueryRunner } from "typeorm";

/** Task, report, extension and notice states as the domain's lifecycle tables list them (libs/domain/src/lifecycles, tasks/task-state.ts). */
export class LifecycleChecks1796700000000 implements MigrationInterface {
    name = 'LifecycleChecks1796700000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "task" ADD CONSTRAINT "chk_task_state" CHECK (state IN ('not_started', 'in_progress', 'submitted_done', 'completed', 'not_applicable'))`);
        await queryRunner.query(`ALTER TABLE "progress_report" ADD CONSTRAINT "chk_progress_report_status" CHECK (status IN ('draft', 'submitted', 'accepted', 'returned'))`);
        await queryRunner.query(`ALTER TABLE "extension_request" ADD CONSTRAINT "chk_extension_request_status" CHECK (status IN ('pending', 'approved', 'rejected'))`);
        await queryRunner.query(`ALTER TABLE "supervision_notice" ADD CONSTRAINT "chk_supervision_notice_status" CHECK (status IN ('open', 'replied', 'closed'))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "supervision_notice" DROP CONSTRAINT "chk_supervision_notice_status"`);
        await queryRunner.query(`ALTER TABLE "extension_request" DROP CONSTRAINT "chk_extension_request_status"`);
        await queryRunner.query(`ALTER TABLE "progress_report" DROP CONSTRAINT "chk_progress_report_status"`);
        await queryRunner.query(`ALTER TABLE "task" DROP CONSTRAINT "chk_task_state"`);
    }

}
