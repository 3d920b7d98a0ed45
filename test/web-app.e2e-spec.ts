import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { ManualClock } from '@luoshi/infra';
import { createTestApp, TestApp } from './support/test-app';
import { createUser, loginAs, TestUser } from './support/factories';
import { DESK, closeClean, launchBrowser, login, newPage, screenshot, screenshotAtPhone, screenshotDeskAndPhone } from './support/browser';

/**
 * The web app in a real browser (Debian's Chromium via playwright-core) against the real API on a
 * port, with its own Postgres database and Redis prefix. `npm run build:web` builds what it serves
 * (scripts/test.sh does so first). Every page fails its test on a console error or failed request.
 */
jest.setTimeout(240_000);

const WEB_DIR = resolve(__dirname, '../dist/web');
const COMPENDIUM = join(__dirname, '../samples/003_e9b96b9635c13b94.txt');
/** 2022-06-15 10:00 in Shanghai: the compendium's year, mid-period */
const START = '2022-06-15T02:00:00Z';
/** a minimal PDF: attachments are typed by their content, not their name */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

describe('the web app in a browser (e2e)', () => {
  let t: TestApp;
  let clock: ManualClock;
  let browser: Browser;
  let baseURL: string;
  let office: TestUser;
  let leader: TestUser;
  let fgj: TestUser;
  let documentId: string;
  /** a task 区发展改革局 leads, and one it has no part in */
  let ownTask: { id: string; title: string };
  let otherTask: { id: string; title: string };

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIR, 'index.html'))) throw new Error('dist/web is missing: run `npm run build:web` first (scripts/test.sh does)');
    clock = new ManualClock(START);
    t = await createTestApp({ WEB_DIR, ATTACHMENT_DIR: mkdtempSync(join(tmpdir(), 'luoshi-att-')) }, { clock });
    await t.app.listen(0, '127.0.0.1');
    baseURL = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    office = await createUser(t.db, 'office');
    leader = await createUser(t.db, 'leader');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** The compendium imported and published over the API (the import desk's own test drives it in the browser). */
  async function importAndPublish(): Promise<void> {
    const token = await loginAs(t, office);
    const preview = await t.http.post('/documents/imports').auth(token, { type: 'bearer' }).attach('file', readFileSync(COMPENDIUM), '003.txt').expect(201);
    const committed = await t.http.post(`/documents/imports/${preview.body.previewId}/commit`).auth(token, { type: 'bearer' }).send({}).expect(200);
    documentId = committed.body.documentId;
    await t.http.post(`/documents/${documentId}/publish`).auth(token, { type: 'bearer' }).send({}).expect(200);
  }

  it('the office imports the compendium in the browser, fixes a warned line, commits and publishes', async () => {
    const { context, page, problems } = await newPage(browser, baseURL);
    await login(page, office);
    await page.getByRole('menuitem', { name: '文件导入' }).click();
    await page.getByRole('heading', { name: '文件导入' }).waitFor();
    await page.locator('input[type=file]').setInputFiles(COMPENDIUM);
    await page.getByText(/处需要核对，已在下表对应行标出/).waitFor();
    // the warned line (372: 第15项保障措施第1条 has neither units nor a deadline) is highlighted in its row
    const row = page.locator('tr.import-row-warning', { hasText: '第15项保障措施第1条未注明责任单位和完成时限' });
    await row.waitFor();
    await expect(row.locator('td').first().textContent()).resolves.toBe('372');
    await screenshotDeskAndPhone(page, 'import-preview');
    await page.setViewportSize(DESK);
    // give it its own deadline
    await row.getByLabel(/的完成时限$/).click();
    await row.getByLabel(/的完成时限$/).fill('2022-09-30');
    await row.getByLabel(/的完成时限$/).press('Enter');
    await page.getByText('已更正 1 行').waitFor();
    await page.getByRole('button', { name: '确认导入' }).click();
    await page.getByText(/^已导入：\d+ 项措施、\d+ 项任务$/).waitFor();
    await page.getByRole('button', { name: '交办', exact: true }).click();
    await page.getByText('已交办', { exact: true }).waitFor();

    const [doc] = await t.db.query(`SELECT id, status FROM policy_document`);
    expect(doc.status).toBe('published');
    documentId = doc.id;
    const fixed = await t.db.query(`SELECT t.due_date::text AS due FROM task t WHERE t.document_id = $1 AND t.source_line = 372`, [doc.id]);
    expect(fixed).toEqual([{ due: '2022-09-30' }]);
    await closeClean(context, problems);
  });

  describe('bureau, office and leader on a published compendium', () => {
    beforeAll(async () => {
      if (!documentId) await importAndPublish(); // the import test failed: the rest still runs on an API import
      const [unit] = await t.db.query(`SELECT id FROM unit WHERE name = '区发展改革局'`);
      fgj = await createUser(t.db, 'bureau', unit);
      [ownTask] = await t.db.query(
        `SELECT t.id, t.title FROM task t JOIN task_unit tu ON tu.task_id = t.id
          WHERE tu.unit_id = $1 AND tu.role = 'lead' AND t.state = 'not_started' AND t.due_date IS NOT NULL
          ORDER BY t.due_date, t.title LIMIT 1`,
        [unit.id],
      );
      [otherTask] = await t.db.query(
        `SELECT t.id, t.title FROM task t WHERE t.document_id = $1 AND t.state = 'not_started'
            AND NOT EXISTS (SELECT 1 FROM task_unit tu WHERE tu.task_id = t.id AND tu.unit_id = $2) ORDER BY t.title LIMIT 1`,
        [documentId, unit.id],
      );
      expect(ownTask && otherTask).toBeTruthy();
    });

    it('a bureau user signs for tasks and submits a report with an attachment', async () => {
      const { context, page, problems } = await newPage(browser, baseURL);
      await login(page, fgj);
      await page.getByRole('heading', { name: '我的任务' }).waitFor();
      const unsigned = async () =>
        Number(
          (
            await t.db.query(`SELECT count(*) AS n FROM task_unit tu JOIN unit u ON u.id = tu.unit_id WHERE u.name = '区发展改革局' AND tu.signed_at IS NULL`)
          )[0].n,
        );
      const before = await unsigned();
      // 签收 the first two tasks at once
      const boxes = page.getByRole('checkbox', { name: /^选择 / });
      await boxes.first().waitFor();
      await boxes.nth(0).check();
      await boxes.nth(1).check();
      await page.getByRole('button', { name: '签收所选（2）' }).click();
      await page.getByText('已签收 2 项任务').waitFor();
      expect(await unsigned()).toBe(before - 2);
      await screenshot(page, 'my-tasks');

      // the task page, then its report form
      await page.goto(`/task/${ownTask.id}`);
      await page.getByRole('heading', { name: ownTask.title }).waitFor();
      if (await page.getByRole('button', { name: '签收', exact: true }).isVisible()) {
        await page.getByRole('button', { name: '签收', exact: true }).click();
        await page.getByText('已签收', { exact: true }).first().waitFor();
      }
      await page.getByRole('button', { name: '填报进展' }).click();
      await page.getByLabel('本期工作进展').waitFor();
      // the limits come from GET /attachments/limits: shown before any file is picked
      await page.getByText(/单个文件不超过 20 MB/).waitFor();

      // a percent over 100 is refused by the form before it is sent
      await page.getByLabel('本期工作进展').fill('已完成项目选址和立项前期工作。');
      await page.getByLabel('完成进度（%）').fill('30');
      await page.getByLabel('存在问题').fill('用地指标紧张');
      await page.getByLabel('下步打算').fill('办理用地手续');
      await page.getByRole('button', { name: '保存草稿' }).click();
      await page.getByText('草稿已保存').waitFor();
      await page.locator('input[type=file]').setInputFiles({ name: '立项批复.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.getByText('已上传“立项批复.pdf”').waitFor();
      await page.getByText('立项批复.pdf', { exact: true }).waitFor();
      await screenshotDeskAndPhone(page, 'report-form');
      await page.setViewportSize(DESK);
      await page.getByRole('button', { name: '报送', exact: true }).click();
      await page.waitForURL(`**/task/${ownTask.id}`);
      await page.getByText('已报送待审核').first().waitFor();
      await page.getByRole('button', { name: /立项批复\.pdf/ }).waitFor();
      await screenshotDeskAndPhone(page, 'task-page');

      const [report] = await t.db.query(
        `SELECT status, percent, (SELECT count(*)::int FROM attachment a WHERE a.report_id = r.id) AS files FROM progress_report r WHERE task_id = $1`,
        [ownTask.id],
      );
      expect(report).toEqual({ status: 'submitted', percent: 30, files: 1 });
      await closeClean(context, problems);
    });

    it('the office accepts the report and the dashboard numbers change', async () => {
      const { context, page, problems } = await newPage(browser, baseURL);
      await login(page, office);
      await page.getByRole('heading', { name: '总览' }).waitFor();
      const pendingReports = page.locator('.ant-statistic', { hasText: '进展报告' }).locator('.ant-statistic-content-value');
      await expect(pendingReports.textContent()).resolves.toBe('1');
      await page.locator('canvas').first().waitFor();
      await screenshot(page, 'dashboard');

      await page.getByRole('menuitem', { name: '报告审核' }).click();
      await page.getByText(ownTask.title).first().waitFor();
      await page.getByRole('button', { name: '审核通过' }).click();
      await page.getByText('已审核通过').waitFor();
      await page.getByText('没有待审核的进展报告').waitFor();

      await page.getByRole('menuitem', { name: '总览' }).click();
      await page.getByRole('heading', { name: '总览' }).waitFor();
      // the cached figure shows first while the dashboard refetches: wait for the fresh one
      await pendingReports.filter({ hasText: /^0$/ }).waitFor({ timeout: 15_000 });
      await expect(pendingReports.textContent()).resolves.toBe('0');
      const [report] = await t.db.query(`SELECT status FROM progress_report WHERE task_id = $1`, [ownTask.id]);
      expect(report.status).toBe('accepted');

      // every number opens the task list behind it: the red lights
      const red = page.getByRole('link', { name: /^红灯 \d+ 项，查看任务$/ }).first();
      await red.click();
      await page.waitForURL(/\/task-list\?.*light=red/);
      await page.getByRole('heading', { name: '任务清单' }).waitFor();
      await screenshotAtPhone(page, '/overview', 'canvas', 'dashboard');
      await closeClean(context, problems);
    });

    it("a bureau user never sees another unit's task: a URL typed by hand shows 无权访问", async () => {
      const { context, page, problems } = await newPage(browser, baseURL);
      problems.expect(403, /^\/tasks\//);
      problems.expect(404, /^\/tasks\//);
      await login(page, fgj);
      await page.goto(`/task/${otherTask.id}`);
      await page.getByText('无权访问').waitFor();
      await expect(page.getByText(otherTask.title).count()).resolves.toBe(0);
      // nor in its list
      await page.goto(`/my-tasks?pageSize=100`);
      await page.getByRole('heading', { name: '我的任务' }).waitFor();
      await page.getByRole('link').first().waitFor();
      await expect(page.getByRole('link', { name: otherTask.title }).count()).resolves.toBe(0);
      await closeClean(context, problems);
    });

    it('a leader sees the dashboard and task pages without any write control', async () => {
      const { context, page, problems } = await newPage(browser, baseURL);
      await login(page, leader);
      await page.getByRole('heading', { name: '总览' }).waitFor();
      await expect(page.getByRole('menuitem', { name: '文件导入' }).count()).resolves.toBe(0);
      await page.goto(`/task/${ownTask.id}`);
      await page.getByRole('heading', { name: ownTask.title }).waitFor();
      await page.getByText('审核通过').first().waitFor();
      const writes = page.getByRole('button', { name: /签收|填报|延期|督办|审核|退回|批准|办结|报送|启动|撤销/ });
      await expect(writes.count()).resolves.toBe(0);
      await closeClean(context, problems);
    });

    it('an expired access token is refreshed once from the cookie; when the session is over, back to login', async () => {
      const { context, page, problems } = await newPage(browser, baseURL);
      const refreshes: number[] = [];
      page.on('response', (response) => {
        if (new URL(response.url()).pathname === '/auth/refresh') refreshes.push(response.status());
      });
      await login(page, fgj);
      await page.getByRole('heading', { name: '我的任务' }).waitFor();

      // a reload keeps the session: the cookie brings a new access token
      await page.reload();
      await page.getByRole('heading', { name: '我的任务' }).waitFor();
      expect(refreshes).toEqual([200]);

      // the access token expires (15 min): the next call is refused once, refreshed, repeated
      problems.expect(401, /^\/(notifications|tasks\/mine|tasks\/[0-9a-f-]{36}(\/.*)?|dashboard)$/);
      clock.advanceMs(16 * 60_000);
      await page.getByRole('menuitem', { name: /消息/ }).click();
      await page.getByRole('heading', { name: /^消息/ }).waitFor();
      await page.waitForTimeout(500);
      expect(refreshes).toEqual([200, 200]);

      // the refresh token expires too (14 days): back to the login page, after one refresh attempt
      problems.expect(401, /^\/auth\/refresh$/);
      clock.advanceDays(15);
      await page.getByRole('menuitem', { name: '我的任务' }).click();
      // the list is still cached; opening a task asks the API
      await page.getByRole('link', { name: ownTask.title }).click();
      await page.waitForURL(/\/login/, { waitUntil: 'commit' });
      await page.getByRole('button', { name: '登录' }).waitFor();
      expect(refreshes).toEqual([200, 200, 401]);
      await closeClean(context, problems);
      clock.set(START);
    });
  });
});
