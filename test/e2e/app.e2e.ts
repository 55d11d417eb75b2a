/**
 * The app end to end, as a bureau clerk uses it, in Debian Chromium: log in, open the dashboard,
 * audit the 巴楚县 text and see its findings, check a supply and record it, see the dashboard
 * change. Fails on any console error or request to a non-local host. Screenshots: artifacts/e2e/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fillListing, guardedPage, launch, pick, type Guarded } from './browser.js';
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

/** A fresh browser context, logged in through the login page. */
async function loggedIn(username: string, password: string): Promise<Guarded> {
  const a = await guardedPage(browser, server.url);
  await a.page.goto('/');
  await a.page.getByTestId('login-username').fill(username);
  await a.page.getByTestId('login-password').fill(password);
  await a.page.getByTestId('login-submit').click();
  return a;
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

  it('lists the numbers the audit did not read under 未识别的数字, marked in the text apart from the figures', async () => {
    const { page } = g;
    const text = '某县2026年度国有建设用地供应计划\n2026年度全县国有建设用地供应总量100.00公顷，其中住宅用地60.00公顷，规划建筑面积12.5万平方米；商服用地40.00公顷，闲置土地比例控制在3‰以内。';
    await page.getByTestId('audit-input').fill(text);
    await page.getByTestId('audit-run').click();
    const unread = page.getByTestId('audit-unread').getByTestId('unread');
    await expect.poll(() => unread.count()).toBe(2);
    expect(await unread.allTextContents()).toEqual(['12.5万平方米 建筑面积，不是用地面积，不参与核对', '3‰ 千分比，未核对']);
    // In the text: the three figures and, marked otherwise, the two numbers not read.
    expect(await page.locator('[data-fig]').allTextContents()).toEqual(['100.00公顷', '60.00公顷', '40.00公顷']);
    expect(await page.locator('[data-unread]').allTextContents()).toEqual(['12.5万平方米', '3‰']);
    // The page's getComputedStyle (this file is typed without the DOM library).
    const style = (sel: string, prop: 'borderBottomStyle' | 'outlineStyle') =>
      page.locator(sel).first().evaluate((e, p) => (globalThis as unknown as { getComputedStyle: (x: unknown) => Record<string, string> }).getComputedStyle(e)[p], prop);
    const look = (sel: string) => style(sel, 'borderBottomStyle');
    expect([await look('[data-fig]'), await look('[data-unread]')]).toEqual(['solid', 'dashed']);
    await unread.first().click();
    await expect.poll(() => style('[data-unread="0"]', 'outlineStyle')).toBe('solid');
    await g.shot('02b-audit-unread');
    expect(g.problems).toEqual([]);
  });

  it('checks a supply, sees its findings and quota impact, and records it', async () => {
    const { page } = g;
    await fillListing(page, 'BC-E2E-001', '端到端测试住宅项目', '1.50');
    // First without the 净地 conditions: the rules refuse it.
    await page.getByTestId('supply-check').click();
    await page.getByTestId('supply-verdict').waitFor();
    expect(await page.getByTestId('supply-verdict').textContent()).toContain('未通过');
    expect(await page.getByTestId('supply-findings').textContent()).toContain('净地');
    expect(await page.getByTestId('supply-record').isDisabled()).toBe(true);
    await g.shot('03-supply-refused');
    for (const label of ['土地权利清晰', '安置补偿落实到位', '没有法律经济纠纷', '规划条件明确', '具备动工开发必需的条件']) {
      await page.getByTestId('supply-clean-land').getByText(label).click();
    }
    await page.getByTestId('supply-check').click();
    await expect.poll(() => page.getByTestId('supply-verdict').textContent()).toContain('预审通过');
    await page.getByTestId('supply-impact').waitFor();
    await g.shot('04-supply-check');
    await page.getByTestId('supply-record').click();
    await page.getByTestId('supply-recorded').waitFor();
    await g.shot('05-supply-recorded');
    expect(g.problems).toEqual([]);
  });

  it('audits an uploaded .docx plan', async () => {
    const { page } = g;
    const { Document, Packer, Paragraph } = await import('docx');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const lines = ['某县2026年度国有建设用地供应计划', '2026年度全县国有建设用地供应总量控制在100.00公顷（1500.90亩）以内。'];
    const file = join(mkdtempSync(join(tmpdir(), 'landplan-e2e-')), 'plan.docx');
    writeFileSync(file, await Packer.toBuffer(new Document({ sections: [{ children: lines.map((l) => new Paragraph(l)) }] })));
    await page.locator('.ant-menu-item').filter({ hasText: '文本审查' }).click();
    await page.locator('input[type=file]').setInputFiles(file);
    // The audit runs in a worker; from the TypeScript sources its first start compiles the audit.
    await expect.poll(() => page.getByTestId('audit-input').inputValue(), { timeout: 30_000 }).toContain('某县2026年度');
    await expect.poll(() => page.getByTestId('audit-findings').textContent(), { timeout: 30_000 }).toContain('1500.90');
    expect(g.problems).toEqual([]);
  });

  it('shows the recorded supply on the dashboard', async () => {
    const { page } = g;
    await page.locator('.ant-menu-item').filter({ hasText: '执行总览' }).click();
    await expect.poll(async () => hundredths((await page.getByTestId('stat-supplied').textContent()) ?? '0.00'), { timeout: 20_000 }).toBe(suppliedBefore + 150);
    await page.getByTestId('chart-month').waitFor();
    await page.waitForTimeout(800);
    await g.shot('06-dashboard-after');
    expect(g.problems).toEqual([]);
  });

  it('renders the plan and parcels pages cleanly', async () => {
    const { page } = g;
    await page.locator('.ant-menu-item').filter({ hasText: '供应计划' }).click();
    await page.getByTestId('plan-total').waitFor();
    await g.shot('07-plan');
    await page.locator('.ant-tabs-tab').nth(1).click();
    await page.waitForTimeout(300);
    await g.shot('08-plan-attachments');
    await page.locator('.ant-tabs-tab').nth(2).click();
    await page.getByTestId('plan-findings').waitFor();
    expect(await page.getByTestId('plan-findings').getByTestId('finding').count()).toBeGreaterThan(0);
    await g.shot('08b-plan-findings');
    await page.locator('.ant-menu-item').filter({ hasText: '宗地' }).click();
    await page.getByTestId('parcel-map').waitFor();
    await page.locator('[data-testid=parcel-table] .ant-table-row').first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(1000);
    await g.shot('09-parcels');
    // An idle parcel from the idle-land scan: its drawer shows the findings with their basis.
    const idle = (await (await page.request.get('/api/idle?jurisdiction=653130')).json()) as { rows: { parcelNumber?: string }[] };
    const number = idle.rows.find((r) => r.parcelNumber)?.parcelNumber ?? '';
    expect(number).not.toBe('');
    await page.getByPlaceholder('项目名称 / 宗地编号').fill(number);
    await page.getByPlaceholder('项目名称 / 宗地编号').press('Enter');
    await expect.poll(() => page.locator('[data-testid=parcel-table] .ant-table-row').count()).toBe(1);
    await page.locator('[data-testid=parcel-table] .ant-table-row').first().click();
    await page.getByTestId('parcel-findings').getByTestId('finding').first().waitFor();
    await page.waitForTimeout(500); // the drawer's slide-in
    await g.shot('10-parcel-detail');
    expect(g.problems).toEqual([]);
  });

  it('loads the dashboard in under 2 MB transferred, from a cold cache', async () => {
    const fresh = await guardedPage(browser, server.url);
    const { page } = fresh;
    const session = (await (await page.request.get('/api/session')).json()) as { csrfToken: string };
    const login = await page.request.post('/api/session', { data: { username: 'viewer', password: 'viewer-demo-2026' }, headers: { 'x-csrf-token': session.csrfToken } });
    expect(login.status()).toBe(200);
    fresh.transfers.length = 0;
    await page.goto('/dashboard');
    await page.getByTestId('chart-month').waitFor();
    await page.waitForLoadState('networkidle');
    const bytes = fresh.transfers.reduce((s, t) => s + t.bytes, 0);
    process.stdout.write(`dashboard first load: ${bytes} bytes in ${fresh.transfers.length} responses\n`);
    expect(bytes).toBeGreaterThan(100_000);
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
    expect(fresh.problems).toEqual([]);
    await fresh.context.close();
  });

  it('shows the public the published plan without logging in, and nothing else', async () => {
    const anon = await guardedPage(browser, server.url);
    const { page } = anon;
    await page.goto('/plan');
    await page.getByTestId('plan-total').waitFor();
    expect(await page.locator('.ant-menu-item').allTextContents()).toEqual(['供应计划', '公众参与']);
    expect((await page.request.get('/api/parcels')).status()).toBe(401);
    // Downloads: the document and the tables, not the parcels.
    await page.getByTestId('export-xlsx').waitFor();
    expect(await page.getByTestId('export-geojson').count()).toBe(0);
    const xlsx = await page.request.get((await page.getByTestId('export-xlsx').getAttribute('href'))!);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    await anon.shot('12-public-plan');
    expect(anon.problems).toEqual([]);
    await anon.context.close();
  });

  it('lets the county approver record a refused supply with a reason', async () => {
    const a = await loggedIn('approver', 'approver-demo-2026');
    const { page } = a;
    await page.getByTestId('stat-total').waitFor({ timeout: 20_000 });
    await fillListing(page, 'BC-E2E-002', '端到端测试越规登记', '0.50');
    // No 净地 conditions: refused by the rules, so the approver's override panel appears.
    await page.getByTestId('supply-check').click();
    await page.getByTestId('supply-override').waitFor();
    expect(await page.getByTestId('supply-override-record').isDisabled()).toBe(true);
    await page.getByTestId('supply-override-reason').fill('县人民政府常务会议纪要〔2026〕5号同意先行供地');
    await page.getByTestId('supply-override-record').click();
    await page.getByTestId('supply-recorded').waitFor();
    await a.shot('13-supply-override');
    expect(a.problems).toEqual([]);
    await a.context.close();
  });

  it('lets the administrator add an account with a role for one county, who then logs in', async () => {
    const a = await loggedIn('admin', 'admin-demo-2026');
    const { page } = a;
    await page.getByTestId('stat-total').waitFor({ timeout: 20_000 });
    await page.locator('.ant-menu-item').filter({ hasText: '用户管理' }).click();
    await page.getByTestId('users-table').waitFor();
    await page.getByTestId('user-add').click();
    await page.getByTestId('user-new-username').fill('clerk-e2e');
    await page.getByTestId('user-new-display').fill('端到端经办人');
    await page.getByTestId('user-new-password').fill('a long clerk passphrase');
    await pick(page, 'grant-role', '经办人员');
    await pick(page, 'grant-jurisdiction', '653130');
    await page.getByTestId('grant-add').click();
    await page.getByTestId('grant-editor-653130').waitFor();
    await page.getByTestId('user-add-save').click();
    await expect.poll(() => page.getByTestId('users-table').textContent()).toContain('端到端经办人');
    await page.locator('.ant-modal-wrap').waitFor({ state: 'hidden' });
    await a.shot('14-users');
    expect(a.problems).toEqual([]);
    await a.context.close();
    const c = await loggedIn('clerk-e2e', 'a long clerk passphrase');
    await expect.poll(() => c.page.getByTestId('current-user').textContent(), { timeout: 20_000 }).toBe('端到端经办人');
    expect(await c.page.locator('.ant-menu-item').allTextContents()).not.toContain('用户管理');
    expect(c.problems).toEqual([]);
    await c.context.close();
  });

  it('switches to English', async () => {
    const { page } = g;
    await page.keyboard.press('Escape');
    await page.locator('.ant-segmented-item').filter({ hasText: 'EN' }).click();
    await page.locator('.ant-menu-item').filter({ hasText: 'Dashboard' }).click();
    await expect.poll(() => page.locator('.ant-layout-header').textContent()).toContain('Dashboard');
    await page.getByTestId('stat-total').waitFor();
    await page.waitForTimeout(800);
    await g.shot('11-dashboard-en');
    expect(g.problems).toEqual([]);
  });
});
