/**
 * The office's saved unit aliases and already-imported documents, read straight from Postgres
 * for the preview command, which must also work before anything else is installed: when no
 * database is configured or it does not answer, the preview goes on without them.
 */
import { Client } from 'pg';
import { sql } from '@luoshi/infra';

const CONNECT_TIMEOUT_MS = 1500;

export interface SavedImportState {
  /** alias → canonical unit name */
  aliases: Record<string, string>;
  /** the document already imported with this normalised text hash, if any */
  existingDocumentId(sourceHash: string): Promise<string | null>;
  close(): Promise<void>;
}

/** Null (with the reason) when the database cannot be reached. */
export async function openSavedImportState(databaseUrl: string): Promise<SavedImportState | { unavailable: string }> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
    const { rows } = await client.query<{ alias: string; unit: string }>('SELECT a.alias, u.name AS unit FROM unit_alias a JOIN unit u ON u.id = a.unit_id');
    return {
      aliases: Object.fromEntries(rows.map((row) => [row.alias, row.unit])),
      existingDocumentId: async (sourceHash) => {
        const query = sql`SELECT id FROM policy_document WHERE source_hash = ${sourceHash}`;
        return (await client.query<{ id: string }>(query.text, query.values)).rows[0]?.id ?? null;
      },
      close: () => client.end(),
    };
  } catch (err) {
    await client.end().catch(() => undefined);
    return { unavailable: (err as Error).message };
  }
}
