/**
 * Debian Chromium through playwright-core (never a downloaded browser), with guards: every console
 * error, page error and request to a host other than 127.0.0.1 is collected so a test can fail on it.
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const ARTIFACTS = 'artifacts/e2e';

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export interface Guarded {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors, page errors, failed and non-local requests. */
  readonly problems: string[];
  /** Bytes transferred (headers + body) per response, in order. */
  readonly transfers: { url: string; bytes: number }[];
  shot(name: string): Promise<void>;
}

export async function guardedPage(browser: Browser, baseUrl: string, locale = 'zh-CN'): Promise<Guarded> {
  const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 }, baseURL: baseUrl });
  const page = await context.newPage();
  const problems: string[] = [];
  const transfers: { url: string; bytes: number }[] = [];
  const local = new URL(baseUrl).host;
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    const u = new URL(r.url());
    if ((u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'ws:' || u.protocol === 'wss:') && u.host !== local) problems.push(`non-local request: ${r.url()}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('requestfinished', (r) => {
    void r.sizes().then(
      (s) => transfers.push({ url: r.url(), bytes: s.responseBodySize + s.responseHeadersSize }),
      () => undefined,
    );
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    context,
    page,
    problems,
    transfers,
    shot: async (name) => {
      await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
    },
  };
}

/** Picks an option in an antd Select identified by its data-testid. */
export async function pick(page: Page, testId: string, optionText: string | RegExp = /./): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown .ant-select-item-option:visible').filter({ hasText: optionText }).first().click();
}
