import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * GET /tasks/:id/history reads, besides the entries of the task and its extension requests,
 * notices and reports (ix_audit_log_entity), two kinds of entries that name the task only inside
 * their JSON: attachment entries, by the report in `reportId` (the attachment row is gone after a
 * delete, a refused upload never had one), and batch report entries, by `after.taskIds`. Without
 * these each history read would scan every attachment and batch entry ever written.
 */
export class AuditLogTaskHistory1795343000000 implements MigrationInterface {
    name = 'AuditLogTaskHistory1795343000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "ix_audit_log_attachment_report" ON "audit_log" ((coalesce("after" ->> 'reportId', "before" ->> 'reportId')), "id") WHERE "entity_type" = 'attachment'`);
        await queryRunner.query(`CREATE INDEX "ix_audit_log_batch_tasks" ON "audit_log" USING gin (("after" -> 'taskIds') jsonb_path_ops) WHERE "entity_type" = 'measure'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_audit_log_batch_tasks"`);
        await queryRunner.query(`DROP INDEX "public"."ix_audit_log_attachment_report"`);
    }

}
