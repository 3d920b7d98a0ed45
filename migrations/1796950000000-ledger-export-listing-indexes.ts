import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * ledger_export's readers other than by id: GET /ledgers lists a bureau's own requests
 * (unit_id = …) or every one, newest first (created_at DESC, id DESC), and the purge job takes
 * the ones older than the retention (created_at < …). Each is an index range instead of a sort
 * of the whole table.
 */
export class LedgerExportListingIndexes1796950000000 implements MigrationInterface {
    name = 'LedgerExportListingIndexes1796950000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "ix_ledger_export_unit_created" ON "ledger_export" ("unit_id", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_ledger_export_created" ON "ledger_export" ("created_at", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_ledger_export_created"`);
        await queryRunner.query(`DROP INDEX "public"."ix_ledger_export_unit_created"`);
    }
}
