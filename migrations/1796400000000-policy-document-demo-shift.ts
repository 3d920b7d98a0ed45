import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The demo marker on a document (PolicyDocumentEntity.demoShiftDays): set only by the demo seed,
 * which moves the sample compendium's dates by that many days; null for every real import.
 */
export class PolicyDocumentDemoShift1796400000000 implements MigrationInterface {
    name = 'PolicyDocumentDemoShift1796400000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "policy_document" ADD "demo_shift_days" integer`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "policy_document" DROP COLUMN "demo_shift_days"`);
    }
}
