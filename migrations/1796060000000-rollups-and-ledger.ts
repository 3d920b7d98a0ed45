import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Rollup snapshots per reporting period (rollup, rollup_unit, rollup_measure, rollup_task) and
 * ledger (台账) exports (ledger_export). Generated.
 */
export class RollupsAndLedger1796060000000 implements MigrationInterface {
    name = 'RollupsAndLedger1796060000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "rollup" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cadence" text NOT NULL, "period_key" text NOT NULL, "period_start" date NOT NULL, "period_end" date NOT NULL, "built_at" TIMESTAMP WITH TIME ZONE NOT NULL, "task_count" integer NOT NULL, CONSTRAINT "PK_39c0a4ca247f9766fa05c8908b8" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_rollup_period" ON "rollup" ("cadence", "period_key") `);
        await queryRunner.query(`CREATE TABLE "rollup_unit" ("total" integer NOT NULL, "not_started" integer NOT NULL, "in_progress" integer NOT NULL, "submitted_done" integer NOT NULL, "completed" integer NOT NULL, "not_applicable" integer NOT NULL, "overdue" integer NOT NULL, "lagging" integer NOT NULL, "completion_rate" numeric(5,1), "rank" integer, "rollup_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "unit_name" text NOT NULL, "unreported_tasks" integer NOT NULL, CONSTRAINT "PK_e20b0bb60b4bc5770f26a36dd06" PRIMARY KEY ("rollup_id", "unit_id"))`);
        await queryRunner.query(`CREATE TABLE "rollup_measure" ("total" integer NOT NULL, "not_started" integer NOT NULL, "in_progress" integer NOT NULL, "submitted_done" integer NOT NULL, "completed" integer NOT NULL, "not_applicable" integer NOT NULL, "overdue" integer NOT NULL, "lagging" integer NOT NULL, "completion_rate" numeric(5,1), "rank" integer, "rollup_id" uuid NOT NULL, "measure_id" uuid NOT NULL, "document_id" uuid NOT NULL, "measure_number" text NOT NULL, "measure_title" text NOT NULL, "lead_unit_id" uuid, "lead_unit_name" text, "unreported_unit_names" text array NOT NULL, CONSTRAINT "PK_5009c1713cda223598a6e4c6d8d" PRIMARY KEY ("rollup_id", "measure_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_rollup_measure_lead" ON "rollup_measure" ("rollup_id", "lead_unit_id") `);
        await queryRunner.query(`CREATE TABLE "rollup_task" ("rollup_id" uuid NOT NULL, "task_id" uuid NOT NULL, "measure_id" uuid NOT NULL, "measure_number" text NOT NULL, "title" text NOT NULL, "state" text NOT NULL, "due_date" date, "lead_unit_id" uuid, "lead_unit_name" text, "unit_ids" uuid array NOT NULL, "overdue" boolean NOT NULL, "overdue_days" integer, "lagging" boolean NOT NULL, "lagging_reason" text, "lagging_days" integer, CONSTRAINT "ck_rollup_task_flag" CHECK ("overdue" OR "lagging"), CONSTRAINT "PK_17400d0994511e91b987fe7aeaf" PRIMARY KEY ("rollup_id", "task_id"))`);
        await queryRunner.query(`CREATE TABLE "ledger_export" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "requested_by" uuid NOT NULL, "unit_id" uuid, "filters" jsonb NOT NULL, "status" text NOT NULL DEFAULT 'queued', "as_of" date, "stored_name" text, "row_count" integer, "size_bytes" bigint, "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_ledger_export_status" CHECK ("status" IN ('queued', 'building', 'ready', 'failed')), CONSTRAINT "PK_573a0f219c788f9256488f99e71" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_ledger_export_requester" ON "ledger_export" ("requested_by", "created_at") `);
        await queryRunner.query(`ALTER TABLE "rollup_unit" ADD CONSTRAINT "FK_9f5fcb2a6a04fe6ed4471e37983" FOREIGN KEY ("rollup_id") REFERENCES "rollup"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "rollup_measure" ADD CONSTRAINT "FK_9abcd45933fea6c7429697309d0" FOREIGN KEY ("rollup_id") REFERENCES "rollup"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "rollup_task" ADD CONSTRAINT "FK_fe79686dc3192f9bfe5bd554e5e" FOREIGN KEY ("rollup_id") REFERENCES "rollup"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "ledger_export" ADD CONSTRAINT "FK_d664ed5ca330edc18bb2784b2f9" FOREIGN KEY ("requested_by") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "ledger_export" DROP CONSTRAINT "FK_d664ed5ca330edc18bb2784b2f9"`);
        await queryRunner.query(`ALTER TABLE "rollup_task" DROP CONSTRAINT "FK_fe79686dc3192f9bfe5bd554e5e"`);
        await queryRunner.query(`ALTER TABLE "rollup_measure" DROP CONSTRAINT "FK_9abcd45933fea6c7429697309d0"`);
        await queryRunner.query(`ALTER TABLE "rollup_unit" DROP CONSTRAINT "FK_9f5fcb2a6a04fe6ed4471e37983"`);
        await queryRunner.query(`DROP INDEX "public"."ix_ledger_export_requester"`);
        await queryRunner.query(`DROP TABLE "ledger_export"`);
        await queryRunner.query(`DROP TABLE "rollup_task"`);
        await queryRunner.query(`DROP INDEX "public"."ix_rollup_measure_lead"`);
        await queryRunner.query(`DROP TABLE "rollup_measure"`);
        await queryRunner.query(`DROP TABLE "rollup_unit"`);
        await queryRunner.query(`DROP INDEX "public"."uq_rollup_period"`);
        await queryRunner.query(`DROP TABLE "rollup"`);
    }

}
