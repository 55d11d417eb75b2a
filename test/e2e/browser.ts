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
  // A console error for a failed resource does not name it: say which request answered what.
  page.on('response', (r) => {
    if (r.status() >= 400) process.stderr.write(`e2e: ${r.request().method()} ${r.url()} → ${r.status()}\n`);
  });
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
  // A dropdown closed a moment ago may still be fading out, its options still "visible": wait until it is gone.
  await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden' });
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown .ant-select-item-option:visible').filter({ hasText: optionText }).first().click();
}

/** Opens the supply page and fills a residential listing (without the 净地 conditions). */
export async function fillListing(page: Page, parcelNumber: string, project: string, areaHa: string): Promise<void> {
  await page.locator('.ant-menu-item').filter({ hasText: '供地登记' }).click();
  // A write names its plan: the clerk chooses it (the choice then travels with the URL).
  await pick(page, 'supply-plan', '巴楚县2026');
  await page.getByTestId('supply-parcel-number').fill(parcelNumber);
  await page.getByTestId('supply-project').fill(project);
  await pick(page, 'supply-use', '0701');
  await pick(page, 'supply-method', '挂牌出让');
  await pick(page, 'supply-district', '喀什河片区');
  await page.getByTestId('supply-area').fill(areaHa);
  await page.getByTestId('supply-far-min').fill('1.2');
  await page.getByTestId('supply-far-max').fill('2.5');
  await page.getByTestId('supply-reserve').fill('800');
  await page.getByTestId('supply-transaction').fill('960');
  for (const [id, date] of [['supply-announcement', '2026-05-10'], ['supply-listing-start', '2026-06-01'], ['supply-listing-end', '2026-06-12'], ['supply-contract', '2026-06-20']] as const) await typeDate(page, id, date);
}

/** Types an ISO date into an antd DatePicker (by test id) and confirms it. */
export async function typeDate(page: Page, testId: string, date: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.keyboard.type(date);
  await page.keyboard.press('Enter');
}
