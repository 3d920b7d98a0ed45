import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Per-channel delivery state (notification_delivery), units' robots and webhooks (unit_channel),
 * users' channel choices, planned reminders, escalations and scheduled runs. Generated; the
 * backfill of an in-app delivery for every notification still pending added by hand.
 */
export class NotificationDeliveries1796001000000 implements MigrationInterface {
    name = 'NotificationDeliveries1796001000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "notification_delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "notification_id" uuid NOT NULL, "channel" text NOT NULL, "recipient" text NOT NULL, "delivery_key" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "batch_key" text, "leased_until" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_notification_delivery_channel" CHECK ("channel" IN ('in_app', 'email', 'wecom', 'dingtalk', 'webhook')), CONSTRAINT "ck_notification_delivery_status" CHECK ("status" IN ('pending', 'delivered', 'failed')), CONSTRAINT "PK_109dea88c25343da49d86de6bfd" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_notification_delivery_notification" ON "notification_delivery" ("notification_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_notification_delivery_key" ON "notification_delivery" ("delivery_key") `);
        await queryRunner.query(`CREATE INDEX "ix_notification_delivery_failed" ON "notification_delivery" ("updated_at") WHERE "status" = 'failed'`);
        await queryRunner.query(`CREATE INDEX "ix_notification_delivery_batch" ON "notification_delivery" ("batch_key") WHERE "status" = 'pending'`);
        await queryRunner.query(`CREATE INDEX "ix_notification_delivery_due" ON "notification_delivery" ("next_attempt_at") WHERE "status" = 'pending'`);
        await queryRunner.query(`CREATE TABLE "unit_channel" ("unit_id" uuid NOT NULL, "channel" text NOT NULL, "address" text NOT NULL, "secret" text, "enabled" boolean NOT NULL DEFAULT true, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_unit_channel_channel" CHECK ("channel" IN ('wecom', 'dingtalk', 'webhook')), CONSTRAINT "PK_6ba220976bcb97fca7b2f89d322" PRIMARY KEY ("unit_id", "channel"))`);
        await queryRunner.query(`CREATE TABLE "user_notification_preference" ("user_id" uuid NOT NULL, "email" boolean NOT NULL DEFAULT false, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8ef85bc8bf572f525a116f50eac" PRIMARY KEY ("user_id"))`);
        await queryRunner.query(`CREATE TABLE "reminder" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "task_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "rule" text NOT NULL, "on_date" date NOT NULL, "detail" jsonb NOT NULL DEFAULT '{}', "notification_id" uuid, CONSTRAINT "uq_reminder_identity" UNIQUE ("task_id", "unit_id", "rule", "on_date"), CONSTRAINT "PK_9ec029d17cb8dece186b9221ede" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_reminder_unit" ON "reminder" ("unit_id") `);
        await queryRunner.query(`CREATE INDEX "ix_reminder_notification" ON "reminder" ("notification_id") `);
        await queryRunner.query(`CREATE TABLE "task_escalation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "task_id" uuid NOT NULL, "due_date" date NOT NULL, "days_overdue" integer NOT NULL, "escalated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "uq_task_escalation" UNIQUE ("task_id", "due_date"), CONSTRAINT "PK_fda6c4a800fc312f1b1007dfec2" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "schedule_run" ("schedule" text NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "result" jsonb, CONSTRAINT "PK_20d9a5a2306d94cad6723a9ae66" PRIMARY KEY ("schedule", "due_at"))`);
        await queryRunner.query(`ALTER TABLE "notification_delivery" ADD CONSTRAINT "FK_2e70a64359ce7416b06a4d7a432" FOREIGN KEY ("notification_id") REFERENCES "notification"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "unit_channel" ADD CONSTRAINT "FK_6ce918cd82b8e97da784106e885" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "user_notification_preference" ADD CONSTRAINT "FK_8ef85bc8bf572f525a116f50eac" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "reminder" ADD CONSTRAINT "FK_3cc0af5663023bceb4fba28de89" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "reminder" ADD CONSTRAINT "FK_b986ae6a59f0adb51990b807f45" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "reminder" ADD CONSTRAINT "FK_828e566bbf4fcf96064c2b0dd8f" FOREIGN KEY ("notification_id") REFERENCES "notification"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "task_escalation" ADD CONSTRAINT "FK_e72f6e7708ff206634c12b22d7d" FOREIGN KEY ("task_id") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`INSERT INTO "notification_delivery" ("notification_id", "channel", "recipient", "delivery_key")
            SELECT n.id, 'in_app', r.recipient, n.dedupe_key || '|in_app|' || r.recipient
              FROM "notification" n CROSS JOIN LATERAL (SELECT COALESCE('user:' || n.recipient_user_id, 'unit:' || n.recipient_unit_id, 'all') AS recipient) r
             WHERE n.status = 'pending'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "task_escalation" DROP CONSTRAINT "FK_e72f6e7708ff206634c12b22d7d"`);
        await queryRunner.query(`ALTER TABLE "reminder" DROP CONSTRAINT "FK_828e566bbf4fcf96064c2b0dd8f"`);
        await queryRunner.query(`ALTER TABLE "reminder" DROP CONSTRAINT "FK_b986ae6a59f0adb51990b807f45"`);
        await queryRunner.query(`ALTER TABLE "reminder" DROP CONSTRAINT "FK_3cc0af5663023bceb4fba28de89"`);
        await queryRunner.query(`ALTER TABLE "user_notification_preference" DROP CONSTRAINT "FK_8ef85bc8bf572f525a116f50eac"`);
        await queryRunner.query(`ALTER TABLE "unit_channel" DROP CONSTRAINT "FK_6ce918cd82b8e97da784106e885"`);
        await queryRunner.query(`ALTER TABLE "notification_delivery" DROP CONSTRAINT "FK_2e70a64359ce7416b06a4d7a432"`);
        await queryRunner.query(`DROP TABLE "schedule_run"`);
        await queryRunner.query(`DROP TABLE "task_escalation"`);
        await queryRunner.query(`DROP INDEX "public"."ix_reminder_notification"`);
        await queryRunner.query(`DROP INDEX "public"."ix_reminder_unit"`);
        await queryRunner.query(`DROP TABLE "reminder"`);
        await queryRunner.query(`DROP TABLE "user_notification_preference"`);
        await queryRunner.query(`DROP TABLE "unit_channel"`);
        await queryRunner.query(`DROP INDEX "public"."ix_notification_delivery_due"`);
        await queryRunner.query(`DROP INDEX "public"."ix_notification_delivery_batch"`);
        await queryRunner.query(`DROP INDEX "public"."ix_notification_delivery_failed"`);
        await queryRunner.query(`DROP INDEX "public"."uq_notification_delivery_key"`);
        await queryRunner.query(`DROP INDEX "public"."ix_notification_delivery_notification"`);
        await queryRunner.query(`DROP TABLE "notification_delivery"`);
    }

}
