/**
 * The app end to end, as a bureau clerk uses it, in Debian Chromium: log in, open the dashboard,
 * audit the 巴楚县 text and see its findings, check a supply and record it, see the dashboard
 * change. Fails on any console error or request to a non-local host. Screenshots: artifacts/e2e/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { guardedPage, launch, pick, type Guarded } from './browser.js';
import { startServer, type RunningServer } from './server.js';

let server: RunningServer;
let browser: Browser;
let g: Guarded;

/** "1,843.24" → 184324 (hundredths), exact. */
function hundredths(text: string): number {
  const m = /(-?[\d,]+)\.(\d{2})/.exec(text);
  if (!m) throw new Error(`no figure in "${text}"`);
  return Number(m[1]!.replace(/,/g, '')) * 100 + Math.sign(Number(m[1]!.replace(/,/g, '')) || 1) * Number(m[2]);
}

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  g = await guardedPage(browser, server.url);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('landplan in the browser', () => {
  let suppliedBefore = 0;

  it('logs in as the bureau editor and shows the dashboard in Chinese', async () => {
    const { page } = g;
    await page.goto('/');
    await page.getByTestId('login-username').fill('editor');
    await page.getByTestId('login-password').fill('editor-demo-2026');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('stat-total').textContent(), { timeout: 20_000 }).toMatch(/\d/);
    await page.getByTestId('chart-category').waitFor();
    await page.waitForTimeout(800); // let the charts finish their entry animation before the screenshot
    expect(await page.locator('.ant-layout-header').textContent()).toContain('执行总览');
    const total = (await page.getByTestId('stat-total').textContent()) ?? '';
    const plan = (await (await page.request.get('/api/plans')).json()) as { plans: { id: number }[] };
    const dash = (await (await page.request.get(`/api/plans/${plan.plans[0]!.id}/dashboard`)).json()) as { totalHa: string };
    // The page shows exactly the total the server computed.
    expect(hundredths(total)).toBe(hundredths(Number(dash.totalHa).toFixed(2)));
    suppliedBefore = hundredths((await page.getByTestId('stat-supplied').textContent()) ?? '');
    await g.shot('01-dashboard');
    expect(g.problems).toEqual([]);
  });

  it('audits the 巴楚县 text and shows its findings and highlighted figures', async () => {
    const { page } = g;
    await page.locator('.ant-menu-item').filter({ hasText: '文本审查' }).click();
    await page.getByTestId('audit-demo').click();
    await expect.poll(() => page.getByTestId('audit-input').inputValue()).toContain('巴楚县');
    await page.getByTestId('audit-run').click();
    await page.getByTestId('audit-text').waitFor();
    const findings = page.getByTestId('audit-findings').getByTestId('finding');
    await expect.poll(() => findings.count()).toBeGreaterThan(0);
    expect(await page.locator('[data-fig]').count()).toBeGreaterThan(20);
    await findings.first().click();
    await g.shot('02-audit');
    expect(g.problems).toEqual([]);
  });

  it('checks a supply, sees its quota impact, and records it', async () => {
    const { page } = g;
    await page.locator('.ant-menu-item').filter({ hasText: '供地登记' }).click();
    await pick(page, 'supply-category', '住宅用地');
    await pick(page, 'supply-method', '挂牌出让');
    await pick(page, 'supply-district', '喀什河片区');
    await page.getByTestId('supply-area').fill('1.50');
    await page.getByTestId('supply-date').click();
    await page.keyboard.type('2026-06-15');
    await page.keyboard.press('Enter');
    await page.getByTestId('supply-project').fill('端到端测试住宅项目');
    await page.getByTestId('supply-check').click();
    await page.getByTestId('supply-impact').waitFor();
    await page.getByTestId('supply-verdict').waitFor();
    await g.shot('03-supply-check');
    await page.getByTestId('supply-record').click();
    await page.getByTestId('supply-recorded').waitFor();
    await g.shot('04-supply-recorded');
    expect(g.problems).toEqual([]);
  });

  it('shows the recorded supply on the dashboard', async () => {
    const { page } = g;
    await page.locator('.ant-menu-item').filter({ hasText: '执行总览' }).click();
    await expect.poll(async () => hundredths((await page.getByTestId('stat-supplied').textContent()) ?? '0.00'), { timeout: 20_000 }).toBe(suppliedBefore + 150);
    await page.getByTestId('chart-month').waitFor();
    await page.waitForTimeout(800);
    await g.shot('05-dashboard-after');
    expect(g.problems).toEqual([]);
  });

  it('renders the plan and parcels pages cleanly', async () => {
    const { page } = g;
    await page.locator('.ant-menu-item').filter({ hasText: '供应计划' }).click();
    await page.getByTestId('plan-total').waitFor();
    await g.shot('06-plan');
    await page.locator('.ant-tabs-tab').nth(1).click();
    await page.waitForTimeout(300);
    await g.shot('07-plan-attachments');
    await page.locator('.ant-menu-item').filter({ hasText: '宗地' }).click();
    await page.getByTestId('parcel-map').waitFor();
    await page.locator('[data-testid=parcel-table] .ant-table-row').first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(1000);
    await g.shot('08-parcels');
    await page.locator('[data-testid=parcel-table] .ant-table-row').first().click();
    await page.getByTestId('parcel-findings').waitFor();
    await g.shot('09-parcel-detail');
    expect(g.problems).toEqual([]);
  });

  it('switches to English', async () => {
    const { page } = g;
    await page.keyboard.press('Escape');
    await page.locator('.ant-segmented-item').filter({ hasText: 'EN' }).click();
    await page.locator('.ant-menu-item').filter({ hasText: 'Dashboard' }).click();
    await expect.poll(() => page.locator('.ant-layout-header').textContent()).toContain('Dashboard');
    await page.getByTestId('stat-total').waitFor();
    await page.waitForTimeout(800);
    await g.shot('10-dashboard-en');
    expect(g.problems).toEqual([]);
  });
});
