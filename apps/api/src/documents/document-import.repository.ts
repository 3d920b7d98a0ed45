import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PolicyDocumentEntity } from '@luoshi/domain/entities';
import { join, queryRow, queryRows, raw, sql } from '@luoshi/infra';

/** One table's rows for `bulkInsert`: column names and their SQL types (from code, never input), rows in that order. */
export interface BulkRows {
  table: string;
  columns: string[];
  types: string[];
  rows: unknown[][];
}

export interface ImportCounts {
  measures: number;
  tasks: number;
  units: number;
}

/** The SQL of a document import: all in the import's transaction (`manager`). */
@Injectable()
export class DocumentImportRepository {
  /** Serialises concurrent imports of the same document. */
  async lockSource(manager: EntityManager, sourceHash: string): Promise<void> {
    await queryRows(manager, sql`SELECT pg_advisory_xact_lock(hashtext(${sourceHash}))`);
  }

  async findBySource(manager: EntityManager, sourceHash: string): Promise<string | null> {
    const doc = await manager.findOne(PolicyDocumentEntity, { where: { sourceHash }, select: { id: true } });
    return doc?.id ?? null;
  }

  async counts(manager: EntityManager, documentId: string): Promise<ImportCounts> {
    const row = await queryRow<ImportCounts>(
      manager,
      sql`SELECT (SELECT count(*) FROM measure WHERE document_id = ${documentId})::int AS measures,
                 (SELECT count(*) FROM task WHERE document_id = ${documentId})::int AS tasks,
                 (SELECT count(DISTINCT tu.unit_id) FROM task_unit tu JOIN task t ON t.id = tu.task_id WHERE t.document_id = ${documentId})::int AS units`,
    );
    return row!;
  }

  /** Office-added aliases as `{ alias: canonicalName }`. */
  async savedAliases(manager: EntityManager): Promise<Record<string, string>> {
    const rows = await queryRows<{ alias: string; unit: string }>(
      manager,
      sql`SELECT a.alias, u.name AS unit FROM unit_alias a JOIN unit u ON u.id = a.unit_id`,
    );
    return Object.fromEntries(rows.map((r) => [r.alias, r.unit]));
  }

  /** Creates the units not there yet; canonical name → id of every one named. */
  async ensureUnits(manager: EntityManager, units: { name: string; kind: string }[]): Promise<Map<string, string>> {
    const names = units.map((u) => u.name);
    await queryRows(
      manager,
      sql`INSERT INTO unit (name, kind) SELECT * FROM unnest(${names}::text[], ${units.map((u) => u.kind)}::text[]) ON CONFLICT (name) DO NOTHING`,
    );
    const rows = await queryRows<{ id: string; name: string }>(manager, sql`SELECT id, name FROM unit WHERE name = ANY(${names})`);
    return new Map(rows.map((r) => [r.name, r.id]));
  }

  async ensureSections(manager: EntityManager, sections: { unitId: string; name: string }[]): Promise<void> {
    if (sections.length === 0) return;
    await queryRows(
      manager,
      sql`INSERT INTO unit_section (unit_id, name) SELECT * FROM unnest(${sections.map((s) => s.unitId)}::uuid[], ${sections.map((s) => s.name)}::text[])
          ON CONFLICT (unit_id, name) DO NOTHING`,
    );
  }

  async ensureAliases(manager: EntityManager, aliases: { alias: string; unitId: string }[]): Promise<void> {
    if (aliases.length === 0) return;
    await queryRows(
      manager,
      sql`INSERT INTO unit_alias (alias, unit_id) SELECT * FROM unnest(${aliases.map((a) => a.alias)}::text[], ${aliases.map((a) => a.unitId)}::uuid[])
          ON CONFLICT (alias) DO NOTHING`,
    );
  }

  /** (unit id, section name) → section id. */
  async sectionLookup(manager: EntityManager): Promise<(unitId: string, name: string) => string | null> {
    const rows = await queryRows<{ id: string; unit_id: string; name: string }>(manager, sql`SELECT id, unit_id, name FROM unit_section`);
    const map = new Map(rows.map((r) => [`${r.unit_id}\u0000${r.name}`, r.id]));
    return (unitId, name) => map.get(`${unitId}\u0000${name}`) ?? null;
  }

  /** One INSERT … SELECT FROM unnest(…) per table: a constant number of round trips per import. */
  async bulkInsert(manager: EntityManager, { table, columns, types, rows }: BulkRows): Promise<void> {
    if (rows.length === 0) return;
    const arrays = columns.map((_, c) => rows.map((r) => r[c] ?? null));
    // text[] columns cannot be unnested from a 2-D array; they travel as array literals and are cast back
    const unnested = types.map((t, i) => (t === 'text[]' ? sql`${arrays[i]}::text[]` : sql`${arrays[i]}::${raw(t)}[]`));
    const casts = types.map((t, i) => raw(t === 'text[]' ? `c${i}::text[]` : `c${i}`));
    const aliases = raw(columns.map((_, i) => `c${i}`).join(', '));
    const names = raw(columns.map((c) => `"${c}"`).join(', '));
    await queryRows(
      manager,
      sql`INSERT INTO ${raw(`"${table}"`)} (${names}) SELECT ${join(casts, ', ')} FROM unnest(${join(unnested, ', ')}) AS x(${aliases})`,
    );
  }
}
