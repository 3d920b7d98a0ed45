import { MigrationInterface, QueryRunner } from "typeorm";

/** Reporting periods as the worker runs them (ReportingPeriodEntity): open, reminded, closed; one row per cadence and period. Generated. */
export class ReportingPeriod1796000000000 implements MigrationInterface {
    name = 'ReportingPeriod1796000000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "reporting_period" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cadence" text NOT NULL, "period" text NOT NULL, "status" text NOT NULL DEFAULT 'open', "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reminded_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_reporting_period_cadence_period" UNIQUE ("cadence", "period"), CONSTRAINT "ck_reporting_period_cadence" CHECK ("cadence" IN ('monthly', 'weekly', 'dekad')), CONSTRAINT "ck_reporting_period_status" CHECK ("status" IN ('open', 'closed')), CONSTRAINT "PK_273d2b68dc1854618ec53e144d0" PRIMARY KEY ("id"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "reporting_period"`);
    }

}
