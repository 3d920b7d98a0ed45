import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from './support/test-database';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');
const COMPENDIUM = join(ROOT, 'samples/003_e9b96b9635c13b94.txt');

/** The import command as users run it (`npm run -s import -- …`), against a test database. */
function importCli(database: TestDatabase, ...args: string[]) {
  return run('npx', ['ts-node', '-r', 'tsconfig-paths/register', '--transpile-only', 'apps/api/src/cli/import.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' },
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe('import command line (e2e)', () => {
  let database: TestDatabase;
  const count = async (table: string) => {
    const c = new Client({ connectionString: database.url });
    await c.connect();
    try {
      return Number((await c.query(`SELECT count(*) FROM ${table}`)).rows[0].count);
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('--preview prints the preview JSON and changes nothing; a commit imports once', async () => {
    const preview = await importCli(database, '--preview', COMPENDIUM);
    const parsed = JSON.parse(preview.stdout);
    expect(parsed.preview.document.shape).toBe('compendium');
    expect(parsed.preview.measures.length).toBeGreaterThanOrEqual(56);
    expect(await count('policy_document')).toBe(0);

    const first = await importCli(database, COMPENDIUM);
    expect(first.stdout).toBe('');
    expect(first.stderr).toMatch(new RegExp(`imported 003_e9b96b9635c13b94\\.txt: document [0-9a-f-]{36}, ${parsed.preview.measures.length} measures`));
    const tasks = await count('task');
    expect(tasks).toBeGreaterThan(100);

    const second = await importCli(database, COMPENDIUM);
    expect(second.stderr).toContain('unchanged 003_e9b96b9635c13b94.txt: already imported');
    expect(await count('task')).toBe(tasks);

    // a preview of a file already imported names its document (read by its source hash)
    const documentId = /document ([0-9a-f-]{36})/.exec(first.stderr)?.[1];
    expect(parsed.existingDocumentId).toBeNull();
    expect(JSON.parse((await importCli(database, '--preview', COMPENDIUM)).stdout).existingDocumentId).toBe(documentId);
  }, 120_000);

  it('exits non-zero with the reason for a file it cannot read', async () => {
    await expect(importCli(database, join(ROOT, 'package-lock.json.missing'))).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('failed') });
  }, 60_000);
});
