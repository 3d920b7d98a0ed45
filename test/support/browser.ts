import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium, driven by playwright-core (which never downloads a browser of its own;
 * scripts/ensure-browser.sh installs the package). Background networking is off: this machine's
 * network is closed and Chromium would otherwise keep trying to reach Google.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const DESK = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

export const SCREENSHOT_DIR = join(__dirname, '../../test-artifacts/screenshots');

/** A full-page screenshot kept as a test artefact (git-ignored). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // two animation frames: a layout that answers a resize (antd's breakpoints) has rendered before the page is measured
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  const { width, height } = page.viewportSize() ?? DESK;
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${width}x${height}.png`), fullPage: true });
}

/**
 * What went wrong in a page: console errors, requests that failed at the network level and 5xx
 * answers. 4xx answers are how the API says no: a test names the ones it expects (e.g. the 403 of
 * another unit's task), and Chromium's console line for them is then expected too.
 */
export class PageProblems {
  readonly problems: string[] = [];
  private readonly expected: { status: number; path: RegExp }[] = [];

  constructor(page: Page) {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      if (/Failed to load resource: the server responded with a status of (4\d\d)/.test(text) && this.isExpected(text)) return;
      this.problems.push(`console: ${text}`);
    });
    page.on('pageerror', (error) => this.problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => {
      // a download handed to the browser or a navigation away cancels requests: not a failure
      if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
      this.problems.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText}`);
    });
    page.on('response', (response) => {
      const status = response.status();
      const path = new URL(response.url()).pathname;
      if (status >= 500) this.problems.push(`${status} ${response.request().method()} ${path}`);
      else if (status >= 400 && !this.expected.some((e) => e.status === status && e.path.test(path))) {
        this.problems.push(`unexpected ${status} ${response.request().method()} ${path}`);
      }
    });
  }

  expect(status: number, path: RegExp): void {
    this.expected.push({ status, path });
  }

  private isExpected(consoleText: string): boolean {
    const status = Number(/status of (\d{3})/.exec(consoleText)?.[1]);
    return this.expected.some((e) => e.status === status);
  }
}

export async function newPage(browser: Browser, baseURL: string, viewport = DESK): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({ baseURL, viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { context, page, problems: new PageProblems(page) };
}

/** Signs in through the login form and waits until the app has left it. */
export async function login(page: Page, user: { username: string; password: string }): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(user.username);
  await page.getByLabel('密码').fill(user.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

/** The screenshot `name` at the current size (the desk's), then at phone width; the page stays at phone width. */
export async function screenshotDeskAndPhone(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  await page.setViewportSize(PHONE);
  await screenshot(page, name);
}

/** `path` opened at phone width, once `readySelector` shows, kept as the screenshot `name`. */
export async function screenshotAtPhone(page: Page, path: string, readySelector: string, name: string): Promise<void> {
  await page.setViewportSize(PHONE);
  await page.goto(path);
  await page.locator(readySelector).first().waitFor();
  await screenshot(page, name);
}

/** Ends a page's test: nothing went wrong in it (see PageProblems), then its context closes. */
export async function closeClean(context: BrowserContext, problems: PageProblems): Promise<void> {
  expect(problems.problems).toEqual([]);
  await context.close();
}
