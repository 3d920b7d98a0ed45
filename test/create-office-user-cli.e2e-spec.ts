import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, TestApp } from './support/test-app';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

// each run starts ts-node (~2 s on the 2-core machine)
jest.setTimeout(60_000);

describe('create-office-user command line (e2e)', () => {
  let t: TestApp;

  /** The command as an installer runs it (`npm run -s create-office-user -- …`), against the test app's database. */
  async function createOfficeUser(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
    try {
      const { stdout, stderr } = await run(
        'npx',
        ['ts-node', '-r', 'tsconfig-paths/register', '--transpile-only', 'apps/api/src/cli/create-office-user.ts', ...args],
        {
          cwd: ROOT,
          env: { ...process.env, DATABASE_URL: t.database.url, LOG_LEVEL: 'silent', OFFICE_PASSWORD: '', ...env },
        },
      );
      return { code: 0, stdout, stderr };
    } catch (err) {
      const failed = err as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  const login = (username: string, password: string) => t.http.post('/auth/login').send({ username, password });
  const userRow = async (username: string) =>
    (await t.db.query(`SELECT id, role, unit_id, disabled, display_name, password_hash FROM app_user WHERE username = $1`, [username]))[0];

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates an enabled office account whose password is hashed, audited, that can log in', async () => {
    const result = await createOfficeUser(['--username', 'Admin', '--display-name', '区统筹办管理员'], { OFFICE_PASSWORD: 'Install#2026-first' });
    expect(result).toMatchObject({ code: 0, stdout: 'created office user "admin"\n' });

    const row = await userRow('admin');
    expect(row).toMatchObject({ role: 'office', unit_id: null, disabled: false, display_name: '区统筹办管理员' });
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain('Install#2026-first');
    const audit = await t.db.query(`SELECT actor_user_id, outcome, after FROM audit_log WHERE action = 'user.create' AND entity_id = $1`, [row.id]);
    expect(audit).toEqual([{ actor_user_id: null, outcome: 'ok', after: expect.objectContaining({ username: 'admin', role: 'office' }) }]);
    expect(JSON.stringify(audit)).not.toContain('Install#2026-first');

    const session = await login('admin', 'Install#2026-first').expect(200);
    const me = await t.http.get('/auth/me').auth(session.body.accessToken, { type: 'bearer' }).expect(200);
    expect(me.body).toMatchObject({ username: 'admin', role: 'office' });
  });

  it('leaves an existing account alone (exit 1) unless --reset, which sets the password and ends its sessions', async () => {
    await createOfficeUser(['--username', 'keeper', '--password', 'First#Pass-2026']);
    const session = await login('keeper', 'First#Pass-2026').expect(200);

    const again = await createOfficeUser(['--username', 'keeper', '--password', 'Other#Pass-2026']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists; nothing changed');
    await login('keeper', 'Other#Pass-2026').expect(401);

    await t.db.query(`UPDATE app_user SET disabled = true WHERE username = 'keeper'`);
    const reset = await createOfficeUser(['--username', 'keeper', '--reset'], { OFFICE_PASSWORD: 'Reset#Pass-2026' });
    expect(reset).toMatchObject({ code: 0, stdout: 'reset office user "keeper" (existing sessions ended)\n' });
    expect(await userRow('keeper')).toMatchObject({ role: 'office', disabled: false });
    await login('keeper', 'First#Pass-2026').expect(401);
    await login('keeper', 'Reset#Pass-2026').expect(200);
    // the token issued before the reset no longer works
    await t.http.get('/auth/me').auth(session.body.accessToken, { type: 'bearer' }).expect(401);
  });

  it('refuses bad input with exit 2 and the field codes, writing nothing', async () => {
    const noPassword = await createOfficeUser(['--username', 'nopass']);
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toMatch(/password: /);
    const unknownFlag = await createOfficeUser(['--username', 'x', '--role', 'bureau']);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toContain('usage:');
    expect(await userRow('nopass')).toBeUndefined();
    expect(await userRow('x')).toBeUndefined();
  });
});
