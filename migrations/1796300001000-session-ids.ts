import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Sessions with an id (issue 15): refresh tokens carry the login they descend from, access tokens
 * carry it as `sid`, and app_user.ended_sessions lists the sessions logout ended while their access
 * tokens may still be unexpired. The principal trigger announces changes of that column too, so
 * PrincipalCache drops the user at logout and the ended access token fails on its next request.
 */
export class SessionIds1796300001000 implements MigrationInterface {
    name = 'SessionIds1796300001000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "app_user" ADD "ended_sessions" jsonb NOT NULL DEFAULT '{}'`);
        // each existing refresh token (and one inserted without a session, e.g. by a script) is a session of its own
        await queryRunner.query(`ALTER TABLE "refresh_token" ADD "session_id" uuid NOT NULL DEFAULT gen_random_uuid()`);
        await queryRunner.query(`CREATE INDEX "ix_refresh_token_session" ON "refresh_token" ("session_id") `);
        await queryRunner.query(`DROP TRIGGER "app_user_principal_changed" ON "app_user"`);
        await queryRunner.query(`
            CREATE TRIGGER "app_user_principal_changed" AFTER UPDATE ON "app_user" FOR EACH ROW
              WHEN (OLD."id" IS DISTINCT FROM NEW."id" OR OLD."username" IS DISTINCT FROM NEW."username" OR OLD."role" IS DISTINCT FROM NEW."role"
                    OR OLD."unit_id" IS DISTINCT FROM NEW."unit_id" OR OLD."disabled" IS DISTINCT FROM NEW."disabled"
                    OR OLD."token_version" IS DISTINCT FROM NEW."token_version" OR OLD."ended_sessions" IS DISTINCT FROM NEW."ended_sessions")
              EXECUTE FUNCTION "app_user_principal_changed"()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "app_user_principal_changed" ON "app_user"`);
        await queryRunner.query(`
            CREATE TRIGGER "app_user_principal_changed" AFTER UPDATE ON "app_user" FOR EACH ROW
              WHEN (OLD."id" IS DISTINCT FROM NEW."id" OR OLD."username" IS DISTINCT FROM NEW."username" OR OLD."role" IS DISTINCT FROM NEW."role"
                    OR OLD."unit_id" IS DISTINCT FROM NEW."unit_id" OR OLD."disabled" IS DISTINCT FROM NEW."disabled"
                    OR OLD."token_version" IS DISTINCT FROM NEW."token_version")
              EXECUTE FUNCTION "app_user_principal_changed"()`);
        await queryRunner.query(`DROP INDEX "public"."ix_refresh_token_session"`);
        await queryRunner.query(`ALTER TABLE "refresh_token" DROP COLUMN "session_id"`);
        await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "ended_sessions"`);
    }

}
