import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Browser, Page } from 'playwright-core';
import { Clock, ManualClock } from '@luoshi/infra';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { BuildRollupHandler } from '../apps/worker/src/rollups/build-rollup.handler';
import { createTestApp, TestApp } from './support/test-app';
import { createUnit, createUser, TestUser } from './support/factories';
import { createTask, CreatedTask } from './support/task-factories';
import { DESK, closeClean, launchBrowser, login, newPage, screenshot, screenshotAtPhone, screenshotDeskAndPhone } from './support/browser';

/**
 * The web app's last screens in a real browser, against the real API and worker: 系统管理 (units,
 * accounts, the work calendar), 调度汇总 (ranking, trend, comparison, the 台账 download), the
 * dashboard's numbers as links with the list's filters in the URL, and a bureau user who signs in,
 * opens a task and submits a report with the keyboard alone. Every page fails on a console error
 * or a failed request; screenshots at 1366×768 and 390×844 are kept as artefacts.
 */
jest.setTimeout(240_000);

const WEB_DIR = resolve(__dirname, '../dist/web');
/** 09:30 in Shanghai on 2026-12-01: November has just closed */
const NOW = '2026-12-01T01:30:00Z';
const PUBLISHED = '2026-09-15T02:00:00Z';

/** Inputs on the page without an accessible name (no label, aria-label or aria-labelledby). */
async function unlabelledInputs(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const missing: string[] = [];
    for (const element of Array.from(document.querySelectorAll<HTMLElement>('input, textarea, select, [role=combobox], [role=switch]'))) {
      if (element.getAttribute('type') === 'hidden' || element.closest('[aria-hidden=true]')) continue;
      if (element instanceof HTMLInputElement && element.type === 'file') continue; // the upload button labels it
      const id = element.id;
      const labelled =
        element.getAttribute('aria-label') ||
        element.getAttribute('aria-labelledby') ||
        (id && document.querySelector(`label[for="${CSS.escape(id)}"]`)) ||
        element.closest('label');
      if (!labelled) missing.push(element.outerHTML.slice(0, 160));
    }
    return missing;
  });
}

describe('the web app: administration, rollups and the keyboard (e2e)', () => {
  const clock = new ManualClock(NOW);
  let t: TestApp;
  let worker: INestApplicationContext;
  let ledgerDir: string;
  let browser: Browser;
  let baseURL: string;
  let office: TestUser;
  let bureau: TestUser;
  let unitA: string;
  let keyboardTask: CreatedTask;
  const tasks: CreatedTask[] = [];

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIR, 'index.html'))) throw new Error('dist/web is missing: run `npm run build:web` first (scripts/test.sh does)');
    ledgerDir = mkdtempSync(join(tmpdir(), 'luoshi-ledgers-'));
    t = await createTestApp({ WEB_DIR, LEDGER_DIR: ledgerDir, ATTACHMENT_DIR: mkdtempSync(join(tmpdir(), 'luoshi-att-')) }, { clock });
    await t.app.listen(0, '127.0.0.1');
    baseURL = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    unitA = (await createUnit(t.db, { name: '浏览器甲局' })).id;
    const unitB = (await createUnit(t.db, { name: '浏览器乙局' })).id;
    office = await createUser(t.db, 'office');
    bureau = await createUser(t.db, 'bureau', unitA);
    const make = (lead: string, title: string, dueDate: string | null, state = 'in_progress') =>
      createTask(t.db, { leadUnitId: lead, publishedAt: PUBLISHED, title, dueDate, state });
    tasks.push(await make(unitA, '甲局十月到期任务', '2026-10-20'));
    tasks.push(await make(unitA, '甲局十一月到期任务', '2026-11-20'));
    tasks.push(await make(unitA, '甲局已办结任务', '2026-10-10', 'completed'));
    tasks.push(await make(unitB, '乙局明年到期任务', '2027-06-30'));
    tasks.push(await make(unitB, '乙局十一月到期任务', '2026-11-25'));
    keyboardTask = await make(unitA, '甲局键盘填报任务', '2027-03-31');
    worker = await (
      await Test.createTestingModule({ imports: [WorkerModule] })
        .overrideProvider(Clock)
        .useValue(clock)
        .compile()
    ).init();
    for (const period of ['2026-09', '2026-10', '2026-11']) await worker.get(BuildRollupHandler).handle({ cadence: 'monthly', period });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await t?.close();
    rmSync(ledgerDir, { recursive: true, force: true });
  });

  /** Tab (at most `limit` times) until the focused element matches; fails if it never does. */
  async function tabTo(
    page: Page,
    matches: (element: { tag: string; text: string; label: string | null; type: string | null }) => boolean,
    limit = 60,
  ): Promise<void> {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        if (!element) return { tag: '', text: '', label: null, type: null };
        const id = element.id;
        const label = element.getAttribute('aria-label') ?? (id ? (document.querySelector(`label[for="${CSS.escape(id)}"]`)?.textContent ?? null) : null);
        return { tag: element.tagName.toLowerCase(), text: (element.textContent ?? '').trim(), label, type: element.getAttribute('type') };
      });
      if (matches(focused)) return;
    }
    throw new Error('the element was never reached with Tab');
  }

  it('a bureau user signs in, opens a task and submits a report with the keyboard alone', async () => {
    const { context, page, problems } = await newPage(browser, baseURL);
    await page.goto('/login');
    await tabTo(page, (el) => el.label === '用户名');
    await page.keyboard.type(bureau.username);
    await tabTo(page, (el) => el.label === '密码');
    await page.keyboard.type(bureau.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '我的任务' }).waitFor();
    expect(await unlabelledInputs(page)).toEqual([]);

    await tabTo(page, (el) => el.tag === 'a' && el.text === '甲局键盘填报任务', 120);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '甲局键盘填报任务' }).waitFor();
    await tabTo(page, (el) => el.tag === 'button' && el.text.replace(/\s/g, '') === '签收');
    await page.keyboard.press('Enter');
    await page.getByText('已签收', { exact: true }).first().waitFor();
    await tabTo(page, (el) => el.tag === 'a' && el.text.includes('填报进展'), 80);
    await page.keyboard.press('Enter');
    await page.getByLabel('本期工作进展').waitFor();
    expect(await unlabelledInputs(page)).toEqual([]);
    await tabTo(page, (el) => el.label === '本期工作进展');
    await page.keyboard.type('已完成调研和方案起草。');
    await tabTo(page, (el) => el.label === '完成进度（%）');
    await page.keyboard.type('40');
    await tabTo(page, (el) => el.tag === 'button' && el.text.replace(/\s/g, '') === '报送', 40);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/task/${keyboardTask.taskId}`);
    await page.getByText('已报送待审核').first().waitFor();

    const [report] = await t.db.query(`SELECT status, percent FROM progress_report WHERE task_id = $1`, [keyboardTask.taskId]);
    expect(report).toEqual({ status: 'submitted', percent: 40 });
    await closeClean(context, problems);
  });

  it('the office manages units, accounts and the work calendar', async () => {
    const { context, page, problems } = await newPage(browser, baseURL);
    await login(page, office);
    await page.getByRole('menuitem', { name: '系统管理' }).click();
    await page.getByRole('heading', { name: '系统管理' }).waitFor();
    await page.getByRole('cell', { name: '浏览器甲局', exact: true }).waitFor();

    // a new unit, then another name documents use for it
    await page.getByRole('button', { name: '新增单位' }).click();
    await page.getByLabel('单位名称').fill('区浏览器测试局');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存').waitFor();
    await page.getByLabel('查找单位').fill('浏览器测试');
    await page.getByLabel('查找单位').press('Enter');
    await page.waitForURL(/q=/);
    await page.getByRole('button', { name: '为 区浏览器测试局 添加别名' }).click();
    await page.getByLabel('别名（文件中的其他写法）').fill('区浏览器局');
    await page.getByRole('button', { name: '添加', exact: true }).click();
    await page.getByText('已添加别名').waitFor();
    const [unit] = await t.db.query(
      `SELECT u.id, array_agg(a.alias) AS aliases FROM unit u JOIN unit_alias a ON a.unit_id = u.id WHERE u.name = '区浏览器测试局' GROUP BY u.id`,
    );
    expect(unit.aliases).toEqual(['区浏览器局']);
    // the same name twice: the API's message, in Chinese, in the form
    await page.getByRole('button', { name: '新增单位' }).click();
    await page.getByLabel('单位名称').fill('区浏览器测试局');
    problems.expect(409, /^\/units$/);
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('.ant-form-item-explain-error', { hasText: '「区浏览器测试局」已是一个单位的名称' }).waitFor();
    await page.getByRole('button', { name: '取消' }).click();
    expect(await unlabelledInputs(page)).toEqual([]);
    await screenshotDeskAndPhone(page, 'manage-units');
    await page.setViewportSize(DESK);

    // an account for the new unit, picked by searching on the server
    await page.getByRole('tab', { name: '账号' }).click();
    await page.getByRole('button', { name: '新增账号' }).click();
    await page.getByLabel('登录名').fill('browser-clerk');
    await page.getByLabel('姓名').fill('浏览器办事员');
    await page.getByLabel('初始密码').fill('Clerk#2026x');
    await page.getByLabel('所属单位').fill('浏览器局');
    await page.locator('.ant-select-item-option', { hasText: '区浏览器测试局' }).click();
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存').first().waitFor();
    // the unit's '已保存' may still be showing: the account's row is what says this save is done
    await page.getByRole('button', { name: '停用账号 browser-clerk' }).waitFor();
    const [clerk] = await t.db.query(`SELECT role, unit_id AS "unitId", disabled FROM app_user WHERE username = 'browser-clerk'`);
    expect(clerk).toEqual({ role: 'bureau', unitId: unit.id, disabled: false });
    await page.getByRole('button', { name: '停用账号 browser-clerk' }).click();
    await page.getByRole('button', { name: '确定' }).click();
    await page.getByText('已停用 浏览器办事员').waitFor();
    expect((await t.db.query(`SELECT disabled FROM app_user WHERE username = 'browser-clerk'`))[0].disabled).toBe(true);
    expect(await unlabelledInputs(page)).toEqual([]);
    await screenshotDeskAndPhone(page, 'manage-users');
    await page.setViewportSize(DESK);

    // the work calendar: 2027 starts empty; a holiday and a worked Sunday
    await page.getByRole('tab', { name: '工作日历' }).click();
    await page.getByLabel('年份').fill('2027');
    await page.getByLabel('年份').press('Tab');
    await page.getByText('2027 年尚未录入节假日').waitFor();
    await page.getByRole('button', { name: '添加一天' }).click();
    await page.getByLabel('第 1 行日期').fill('2027-10-01');
    await page.getByLabel('第 1 行日期').press('Enter');
    await page.getByLabel('第 1 行名称').fill('国庆节');
    await page.getByRole('button', { name: '添加一天' }).click();
    await page.getByLabel('第 2 行日期').fill('2027-10-06');
    await page.getByLabel('第 2 行日期').press('Enter');
    await page.getByLabel('第 2 行类型').click();
    await page.locator('.ant-select-item-option', { hasText: '调休上班' }).click();
    await page.getByLabel('第 2 行名称').fill('国庆节调休上班');
    // 2027-10-06 is a Wednesday: refused before it is sent
    await page.getByRole('button', { name: '保存 2027 年日历' }).click();
    await page.getByRole('alert').filter({ hasText: '调休上班只能是周六或周日' }).waitFor();
    await page.getByLabel('第 2 行日期').fill('2027-10-09');
    await page.getByLabel('第 2 行日期').press('Enter');
    await page.getByRole('button', { name: '保存 2027 年日历' }).click();
    await page.getByText('2027 年工作日历已保存').waitFor();
    const days = await t.db.query(`SELECT day::text AS day, kind, name FROM work_calendar_day WHERE day >= '2027-01-01' ORDER BY day`);
    expect(days).toEqual([
      { day: '2027-10-01', kind: 'holiday', name: '国庆节' },
      { day: '2027-10-09', kind: 'workday', name: '国庆节调休上班' },
    ]);
    expect(await unlabelledInputs(page)).toEqual([]);
    await screenshotDeskAndPhone(page, 'manage-calendar');
    await closeClean(context, problems);
  });

  it('the office reads the rollup: ranking, trend, two periods compared, and downloads the 台账', async () => {
    const { context, page, problems } = await newPage(browser, baseURL);
    await login(page, office);
    await page.getByRole('menuitem', { name: '调度汇总' }).click();
    await page.getByRole('heading', { name: '调度汇总' }).waitFor();
    await page.getByText(/2026年11月（/).waitFor();
    const rows = page.locator('.ant-table-row');
    await rows.first().waitFor();
    await expect(rows.allTextContents()).resolves.toEqual([expect.stringContaining('浏览器甲局'), expect.stringContaining('浏览器乙局')]);
    await screenshot(page, 'rollup');

    await page.getByRole('tab', { name: '逾期与滞后任务' }).click();
    await page.getByRole('link', { name: '甲局十一月到期任务' }).waitFor();
    await page.getByText('逾期 10 天').first().waitFor(); // due 11-20, as of 11-30

    await page.getByRole('tab', { name: '趋势' }).click();
    await page.waitForURL(/tab=trend/);
    await page.locator('[role=img][aria-label^="趋势"] canvas').waitFor();
    await expect(page.locator('[role=img][aria-label^="趋势"]').getAttribute('aria-label')).resolves.toContain('2026年10月');

    await page.getByRole('tab', { name: '周期对比' }).click();
    await page.getByLabel('对比周期').waitFor();
    await page.locator('.ant-statistic', { hasText: '新增逾期' }).waitFor();
    await screenshotDeskAndPhone(page, 'rollup-compare');
    await page.setViewportSize(DESK);
    // the back button undoes the tab
    await page.goBack();
    await page.waitForURL(/tab=trend/);

    // the 台账: requested, built by the worker, downloaded
    await page.getByRole('button', { name: '导出台账' }).click();
    await page.getByRole('status').filter({ hasText: '台账已生成' }).waitFor({ timeout: 60_000 });
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '下载台账' }).click();
    const file = await (await download).path();
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK'); // an .xlsx is a zip
    await screenshotAtPhone(page, '/rollup', '.ant-table-row', 'rollup');
    await closeClean(context, problems);
  });

  it('every dashboard number opens its list; the list keeps its filters in the URL and the back button undoes them', async () => {
    const { context, page, problems } = await newPage(browser, baseURL, DESK);
    await login(page, office);
    await page.getByRole('heading', { name: '总览' }).waitFor();
    const overdue = page.getByRole('link', { name: /^浏览器甲局逾期 \d+ 项，查看任务$/ });
    await overdue.click();
    await page.waitForURL((url) => url.pathname === '/task-list' && url.searchParams.get('unitId') === unitA && url.searchParams.get('overdue') === 'true');
    await page.getByRole('link', { name: '甲局十月到期任务' }).waitFor();
    await expect(page.getByRole('link', { name: '乙局十一月到期任务' }).count()).resolves.toBe(0);
    await expect(page.getByRole('checkbox', { name: '只看逾期' }).isChecked()).resolves.toBe(true);
    expect(await unlabelledInputs(page)).toEqual([]);

    // the box follows the URL (a click navigates), so it is clicked rather than unchecked
    await page.getByRole('checkbox', { name: '只看逾期' }).click();
    await page.waitForURL((url) => !url.searchParams.has('overdue'));
    await page.getByRole('link', { name: '甲局键盘填报任务' }).waitFor();
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('overdue') === 'true');
    await expect(page.getByRole('checkbox', { name: '只看逾期' }).isChecked()).resolves.toBe(true);
    await page.goBack();
    await page.getByRole('heading', { name: '总览' }).waitFor();
    // the unit's lagging and unreported cells are links too
    await page.getByRole('link', { name: /^浏览器甲局滞后 \d+ 项，查看任务$/ }).waitFor();
    await page.getByRole('link', { name: /^浏览器甲局未报送 \d+ 项，查看任务$/ }).waitFor();
    await page
      .getByRole('link', { name: /期未报送 \d+ 项，查看任务$/ })
      .first()
      .waitFor();
    await page.getByRole('link', { name: /^超期未签收 \d+ 项，查看任务$/ }).waitFor();
    await closeClean(context, problems);
  });
});
