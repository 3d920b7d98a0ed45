import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Announces every change of an app_user row that authentication reads (username, role, unit,
 * disabled, token_version; deletion; TRUNCATE) on channel luoshi_principal, payload the user id
 * (empty: everyone). Postgres delivers it at commit to every listening API instance, whoever made
 * the change (API, CLI, SQL by hand); PrincipalCache (apps/api/src/auth/principal-cache.ts) drops
 * the entry. Changes to other columns (password hash, contact details) are not announced: a
 * password change also bumps token_version.
 */
export class PrincipalChangeNotify1795340000000 implements MigrationInterface {
    name = 'PrincipalChangeNotify1795340000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE FUNCTION "app_user_principal_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('luoshi_principal', CASE WHEN TG_LEVEL = 'ROW' THEN OLD."id"::text ELSE '' END);
                RETURN NULL;
            END $$`);
        await queryRunner.query(`
            CREATE TRIGGER "app_user_principal_changed" AFTER UPDATE ON "app_user" FOR EACH ROW
              WHEN (OLD."id" IS DISTINCT FROM NEW."id" OR OLD."username" IS DISTINCT FROM NEW."username" OR OLD."role" IS DISTINCT FROM NEW."role"
                    OR OLD."unit_id" IS DISTINCT FROM NEW."unit_id" OR OLD."disabled" IS DISTINCT FROM NEW."disabled"
                    OR OLD."token_version" IS DISTINCT FROM NEW."token_version")
              EXECUTE FUNCTION "app_user_principal_changed"()`);
        await queryRunner.query(`CREATE TRIGGER "app_user_principal_deleted" AFTER DELETE ON "app_user" FOR EACH ROW EXECUTE FUNCTION "app_user_principal_changed"()`);
        await queryRunner.query(`CREATE TRIGGER "app_user_principal_truncated" AFTER TRUNCATE ON "app_user" FOR EACH STATEMENT EXECUTE FUNCTION "app_user_principal_changed"()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "app_user_principal_truncated" ON "app_user"`);
        await queryRunner.query(`DROP TRIGGER "app_user_principal_deleted" ON "app_user"`);
        await queryRunner.query(`DROP TRIGGER "app_user_principal_changed" ON "app_user"`);
        await queryRunner.query(`DROP FUNCTION "app_user_principal_changed"()`);
    }

}
