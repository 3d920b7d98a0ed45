import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * ix_task_unit_unit_due (unit_id, task_published, task_due_date, task_id, role, task_state) answers
 * every lookup by unit, with or without role, so ix_task_unit_unit_role only cost writes.
 */
export class DropUnitRoleIndex1795325855158 implements MigrationInterface {
    name = 'DropUnitRoleIndex1795325855158'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_task_unit_unit_role"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "ix_task_unit_unit_role" ON "task_unit" ("unit_id", "role") `);
    }

}
