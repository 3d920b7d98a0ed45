import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The in-app inbox (GET /notifications) reads a user's personal rows (recipient_user_id) and, for
 * a bureau user, its unit's (recipient_unit_id, already indexed by ix_notification_recipient_unit),
 * newest first; this is the personal side.
 */
export class NotificationInboxIndex1795342000000 implements MigrationInterface {
    name = 'NotificationInboxIndex1795342000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "ix_notification_recipient_user" ON "notification" ("recipient_user_id", "created_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_notification_recipient_user"`);
    }

}
