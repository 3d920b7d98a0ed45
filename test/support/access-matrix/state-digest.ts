/**
 * "Nothing changed": a digest of all business state — every table of the schema (row count
 * plus md5 of its rows' text, order-independent) and the files under the attachment directory.
 *
 * Excluded on purpose: `audit_log` (a refused attempt is *supposed* to write an entry there; the
 * spec checks that separately), `refresh_token` (sessions, not business data; issuing test tokens
 * writes it) and the migrations bookkeeping table. Tables are listed from the catalogue, so a
 * table added by a later migration is covered without touching this file.
 */
import { readdirSync } from 'node:fs';
import { DataSource } from 'typeorm';

export const DIGEST_EXCLUDED_TABLES = ['audit_log', 'refresh_token', 'migrations', 'typeorm_metadata'];

export interface StateDigest {
  tables: Record<string, string>;
  files: string[];
}

export class StateDigester {
  private sql: string | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly attachmentDir: string,
  ) {}

  private async query(): Promise<string> {
    if (this.sql) return this.sql;
    const tables: { name: string }[] = await this.db.query(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND NOT (table_name = ANY($1))
        ORDER BY table_name`,
      [DIGEST_EXCLUDED_TABLES],
    );
    if (tables.length < 10) throw new Error(`access matrix: only ${tables.length} tables found for the digest`);
    this.sql = tables
      .map(
        ({ name }) =>
          `SELECT '${name}' AS name, count(*)::text || ':' || md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) AS digest FROM "${name}" r`,
      )
      .join('\nUNION ALL\n');
    return this.sql;
  }

  async digest(): Promise<StateDigest> {
    const rows: { name: string; digest: string }[] = await this.db.query(await this.query());
    return {
      tables: Object.fromEntries(rows.map((row) => [row.name, row.digest])),
      files: readdirSync(this.attachmentDir).sort(),
    };
  }
}

/** Names of what differs between two digests ("table task", "attachment files"). */
export function digestChanges(before: StateDigest, after: StateDigest): string[] {
  const changed = Object.keys({ ...before.tables, ...after.tables })
    .filter((name) => before.tables[name] !== after.tables[name])
    .map((name) => `table ${name} (${before.tables[name]} → ${after.tables[name]})`);
  if (before.files.join('\n') !== after.files.join('\n')) changed.push('attachment files');
  return changed;
}
