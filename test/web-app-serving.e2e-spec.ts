import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, TestApp } from './support/test-app';
import { createUnit, createUser, TestUser } from './support/factories';

/** A stand-in build of the web app: serving does not depend on what the page contains. */
function fakeWebBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'luoshi-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html lang="zh-CN"><body><div id="root"></div><script type="module" src="/assets/app-abc123.js"></script></body></html>',
  );
  writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log("app")');
  return dir;
}

const cookiesOf = (header: string | string[] | undefined): string[] => (header === undefined ? [] : [header].flat());

describe('the web app served by the API (e2e)', () => {
  let t: TestApp;
  let webDir: string;
  let bureau: TestUser;

  beforeAll(async () => {
    webDir = fakeWebBuild();
    t = await createTestApp({ WEB_DIR: webDir });
    bureau = await createUser(t.db, 'bureau', await createUnit(t.db, { name: '区财政局' }));
  }, 60_000);
  afterAll(async () => {
    await t.close();
    rmSync(webDir, { recursive: true, force: true });
  }, 60_000);

  it('serves index.html at / and for client routes typed by hand, revalidated on every load', async () => {
    for (const path of ['/', '/login', '/my-tasks', '/task/0b6b6a3e-1111-4222-8333-944444444444', '/overview?unitId=x']) {
      const res = await t.http.get(path).set('Accept', 'text/html').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toContain('<div id="root">');
    }
  });

  it('serves hashed assets as immutable, and a missing asset is a JSON 404', async () => {
    const asset = await t.http.get('/assets/app-abc123.js').expect(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toMatch(/immutable/);
    const missing = await t.http.get('/assets/gone-000.js').expect(404);
    expect(missing.body).toEqual(expect.objectContaining({ statusCode: 404, code: expect.any(String) }));
  });

  it('leaves API routes, /docs and /health their own answers; unknown API paths stay JSON 404s', async () => {
    await t.http.get('/health/live').expect(200);
    const docs = await t.http.get('/docs/openapi.json').expect(200);
    expect(docs.body.openapi).toMatch(/^3\./);
    const unauthenticated = await t.http.get('/tasks').set('Accept', 'text/html').expect(401);
    expect(unauthenticated.body.code).toBe('UNAUTHENTICATED');
    for (const path of ['/tasks/0b6b6a3e-1111-4222-8333-944444444444/nothing-here', '/auth/nothing', '/reports/x/y/z']) {
      const res = await t.http.get(path).set('Accept', 'text/html').expect(404);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.body.statusCode).toBe(404);
    }
    // a POST to a client route is not a page load
    const post = await t.http.post('/my-tasks').send({}).expect(404);
    expect(post.body.statusCode).toBe(404);
  });

  describe('the refresh token as an httpOnly cookie', () => {
    it('login sets it (httpOnly, SameSite=Strict, path /auth, not Secure over http); refresh reads and rotates it', async () => {
      const login = await t.http.post('/auth/login').send({ username: bureau.username, password: bureau.password }).expect(200);
      const [cookie] = cookiesOf(login.headers['set-cookie']);
      expect(cookie).toMatch(/^luoshi_refresh=[^;]+/);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Strict/i);
      expect(cookie).toMatch(/Path=\/auth(;|$)/);
      expect(cookie).not.toMatch(/Secure/i);
      expect(cookie).toContain(`luoshi_refresh=${login.body.refreshToken}`);

      const pair = cookie.split(';')[0];
      const refreshed = await t.http.post('/auth/refresh').set('Cookie', pair).send({}).expect(200);
      expect(refreshed.body.user.id).toBe(bureau.id);
      const [rotated] = cookiesOf(refreshed.headers['set-cookie']);
      expect(rotated).toContain(`luoshi_refresh=${refreshed.body.refreshToken}`);
      expect(refreshed.body.refreshToken).not.toBe(login.body.refreshToken);

      // the old cookie is spent: reusing it after the concurrent-refresh grace window is refused
      // (and revokes the sessions, as with the body); the window is aged past as the auth e2e does
      await t.db.query(`UPDATE refresh_token SET revoked_at = revoked_at - interval '1 hour' WHERE revoked_at IS NOT NULL`);
      const reused = await t.http.post('/auth/refresh').set('Cookie', pair).send({}).expect(401);
      expect(reused.body.code).toBe('REFRESH_TOKEN_REUSED');
    });

    it('is Secure when the request came over https (through the reverse proxy on this host)', async () => {
      const login = await t.http
        .post('/auth/login')
        .set('X-Forwarded-Proto', 'https')
        .send({ username: bureau.username, password: bureau.password })
        .expect(200);
      expect(cookiesOf(login.headers['set-cookie'])[0]).toMatch(/; Secure/i);
    });

    it('refresh without a body token or cookie is a 401 in Chinese', async () => {
      const res = await t.http.post('/auth/refresh').send({}).expect(401);
      expect(res.body.code).toBe('INVALID_REFRESH_TOKEN');
      expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
    });

    it('logout ends the cookie session and clears the cookie', async () => {
      const login = await t.http.post('/auth/login').send({ username: bureau.username, password: bureau.password }).expect(200);
      const pair = cookiesOf(login.headers['set-cookie'])[0].split(';')[0];
      const logout = await t.http.post('/auth/logout').auth(login.body.accessToken, { type: 'bearer' }).set('Cookie', pair).send({}).expect(204);
      expect(cookiesOf(logout.headers['set-cookie'])[0]).toMatch(/^luoshi_refresh=;.*Expires=Thu, 01 Jan 1970/i);
      const after = await t.http.post('/auth/refresh').set('Cookie', pair).send({}).expect(401);
      expect(after.body.code).toMatch(/INVALID_REFRESH_TOKEN|REFRESH_TOKEN_REUSED/);
    });
  });
});
