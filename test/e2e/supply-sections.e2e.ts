/**
 * What a clerk and an administrator meet every day, in Debian Chromium: the supply form's optional
 * sections (规划条件, 用地审批, 竞买资格与底价, 成交公示, 出让合同, 价款支付) shrink the folded
 * "N 项无法核验（缺少资料）" group; a user changes their own password from the user menu; a locked
 * account is named as locked to whoever gives its right password. Screenshots: artifacts/e2e/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fillListing, guardedPage, launch, typeDate, type Guarded } from './browser.js';
import { startServer, type RunningServer } from './server.js';

let server: RunningServer;
let browser: Browser;
let g: Guarded;

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  g = await guardedPage(browser, server.url);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Logs in through the login page; the HTTP status of the answer. */
async function logIn(page: Page, username: string, password: string): Promise<number> {
  await page.goto('/');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST');
  await page.getByTestId('login-submit').click();
  return (await answered).status();
}

/** Presses 预审 and reads how many rules could not be checked (0 when there is no group). */
async function checkAndCount(page: Page): Promise<{ n: number; missing: string[]; sent: { supply: Record<string, unknown> } }> {
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/supply/check') && r.request().method() === 'POST');
  await page.getByTestId('supply-check').click();
  const res = await answered;
  expect(res.status()).toBe(200);
  const sent = res.request().postDataJSON() as { supply: Record<string, unknown> };
  await page.getByTestId('supply-verdict').waitFor();
  const group = page.getByTestId('cannot-check-group');
  if ((await group.count()) === 0) return { n: 0, missing: [], sent };
  const title = (await page.getByTestId('cannot-check-title').textContent()) ?? '';
  const m = /^(\d+) 项无法核验（缺少资料）$/.exec(title.trim());
  expect(m, title).not.toBeNull();
  return { n: Number(m![1]), missing: await page.getByTestId('cannot-check-missing').allTextContents(), sent };
}

async function openSection(page: Page, title: string): Promise<void> {
  await page.getByTestId('supply-sections').locator('.ant-collapse-header').filter({ hasText: title }).click();
}

describe('the supply form’s sections', () => {
  let before: Awaited<ReturnType<typeof checkAndCount>>;

  it('shows the rules that cannot be checked as one folded group after the errors and warnings', async () => {
    const { page } = g;
    await logIn(page, 'editor', 'editor-demo-2026');
    await page.getByTestId('current-user').waitFor();
    await fillListing(page, 'E2E-SEC-1', '端到端分节填报', '1.5');
    before = await checkAndCount(page);
    expect(before.n).toBeGreaterThanOrEqual(6);
    expect(before.missing).toEqual(expect.arrayContaining(['规划条件（出具日期）', '成交日期']));
    // folded: the rules are not shown until the group is opened; errors and warnings come first
    const findings = page.getByTestId('supply-findings');
    expect(await findings.getByTestId('cannot-check-rule').count()).toBe(0);
    const first = await findings.locator('[data-testid="finding"], [data-testid="cannot-check-group"]').first().getAttribute('data-testid');
    expect(first).toBe('finding');
    await page.getByTestId('cannot-check-title').click();
    await expect.poll(() => findings.getByTestId('cannot-check-rule').count()).toBe(before.n);
    // each rule opens to its message
    await findings.getByTestId('cannot-check-rule').filter({ hasText: 'planning-conditions-before-grant' }).click();
    await expect.poll(() => findings.textContent()).toContain('无法核验：缺少规划条件（出具日期）');
    await g.shot('supply-cannot-check-group');
  });

  it('filling the sections shrinks the group', async () => {
    const { page } = g;
    await openSection(page, '规划条件');
    await page.getByTestId('supply-planning-number').fill('巴规条〔2026〕9号');
    await typeDate(page, 'supply-planning-issued', '2026-04-20');
    await typeDate(page, 'supply-housing-plan-published', '2026-03-01');
    await openSection(page, '用地审批');
    await page.getByTestId('supply-existing-land').fill('1.5');
    await openSection(page, '竞买资格与底价');
    await page.getByTestId('supply-reserve-collective').getByText('是').click();
    await page.getByTestId('supply-reserve-decision-number').fill('巴楚县土地出让会议纪要〔2026〕3号');
    await page.getByTestId('supply-starting-price').fill('800');
    await page.getByTestId('supply-bid-deposit').fill('200');
    await page.getByTestId('supply-bidder-add').click();
    await page.getByTestId('supply-bidder-name').fill('甲置业有限公司');
    await page.getByTestId('supply-bidder-arrears').getByText('否').click();
    await page.getByTestId('supply-bidder-idle').getByText('否').click();
    await openSection(page, '成交与结果公示');
    await typeDate(page, 'supply-deal-date', '2026-06-12');
    await typeDate(page, 'supply-result-published', '2026-06-15');
    await openSection(page, '出让合同');
    await page.getByTestId('supply-contract-number').fill('巴楚出让〔2026〕31号');
    await page.getByTestId('supply-supervision-number').fill('6531302026B00031');
    await page.getByTestId('supply-assignee').fill('甲置业有限公司');
    await typeDate(page, 'supply-agreed-delivery', '2026-07-01');
    await typeDate(page, 'supply-agreed-start', '2026-09-01');
    await typeDate(page, 'supply-agreed-completion', '2028-09-01');
    await openSection(page, '价款支付');
    await page.getByTestId('supply-instalment-add').click();
    await typeDate(page, 'supply-instalment-date', '2026-07-20');
    await page.getByTestId('supply-instalment-amount').fill('960');
    await page.getByTestId('supply-parcel-number').click(); // close any open picker
    await g.shot('supply-sections-filled');
    const after = await checkAndCount(page);
    expect(after.n).toBeLessThan(before.n);
    expect(after.missing).not.toContain('规划条件（出具日期）');
    expect(after.missing).not.toContain('成交日期');
    expect(after.missing).not.toContain('底价是否经集体决策确定');
    // what was sent is what was typed: exact decimals as text, dates as ISO text, nothing invented
    expect(before.sent.supply).not.toHaveProperty('paymentSchedule');
    expect(before.sent.supply).not.toHaveProperty('planningConditions');
    expect(after.sent.supply).toMatchObject({
      planningConditions: { number: '巴规条〔2026〕9号', issuedOn: '2026-04-20' },
      existingLandArea: { ha: '1.5' },
      reservePriceDecision: { collective: true, number: '巴楚县土地出让会议纪要〔2026〕3号' },
      bidders: [{ name: '甲置业有限公司', landPriceArrears: false, idleLand: false }],
      paymentSchedule: [{ dueDate: '2026-07-20', amount: '960' }],
      prices: { reserve: '800', transaction: '960', starting: '800', bidDeposit: '200' },
      dates: { contract: '2026-06-20', deal: '2026-06-12', resultPublication: '2026-06-15', agreedCompletion: '2028-09-01' },
    });
    expect(after.sent.supply).not.toHaveProperty('landApprovals');
    expect((after.sent.supply.reservePriceDecision as Record<string, unknown>).disclosed).toBeUndefined();
    await g.shot('supply-after-sections');
  });

  it('a money field refuses a number that is not a plain decimal', async () => {
    const { page } = g;
    await page.getByTestId('supply-bid-deposit').fill('2e3');
    await page.getByTestId('supply-check').click();
    await expect.poll(() => page.locator('.ant-form-item-explain-error').allTextContents()).toContain('请填写万元金额，如 1200.50');
    await page.getByTestId('supply-bid-deposit').fill('200');
  });
});

describe('one’s own password', () => {
  it('is changed from the user menu; the old password no longer works, the new one does', async () => {
    const { page } = g;
    await page.getByTestId('account-menu').click();
    await page.getByTestId('menu-change-password').click();
    await page.getByTestId('password-current').fill('not the password');
    await page.getByTestId('password-new').fill('a fresh clerk phrase 42');
    await page.getByTestId('password-repeat').fill('a fresh clerk phrase 41');
    await page.getByTestId('password-submit').click();
    await expect.poll(() => page.locator('.ant-modal .ant-form-item-explain-error').allTextContents()).toContain('两次输入的新密码不一致');
    await page.getByTestId('password-repeat').fill('a fresh clerk phrase 42');
    await page.getByTestId('password-submit').click();
    await expect.poll(() => page.locator('.ant-modal .ant-form-item-explain-error').allTextContents()).toContain('当前密码不正确');
    await g.shot('password-change-wrong-current');
    await page.getByTestId('password-current').fill('editor-demo-2026');
    await page.getByTestId('password-submit').click();
    await page.getByText('密码已修改；其他设备上的登录已退出').waitFor();
    // this session goes on (renewed, with its new CSRF token): a write still works
    const check = await page.evaluate(async () => (await fetch('/api/session')).json() as Promise<{ user: { username: string } | null }>);
    expect(check.user?.username).toBe('editor');
    const other = await guardedPage(browser, server.url);
    expect(await logIn(other.page, 'editor', 'editor-demo-2026')).toBe(401);
    expect(await logIn(other.page, 'editor', 'a fresh clerk phrase 42')).toBe(200);
    await other.page.getByTestId('current-user').waitFor();
    await other.context.close();
  });
});

describe('a locked account', () => {
  it('says so, with the minutes, only after the right password', async () => {
    const a = await guardedPage(browser, server.url);
    for (let i = 0; i < 5; i++) expect(await logIn(a.page, 'viewer', `wrong guess ${i} abc`)).toBe(401);
    expect(await a.page.locator('.ant-alert-error').first().textContent()).toContain('用户名或密码错误');
    expect(await logIn(a.page, 'viewer', 'viewer-demo-2026')).toBe(423);
    await expect.poll(() => a.page.locator('.ant-alert-error').first().textContent()).toMatch(/账户已暂时锁定，请于 \d+ 分钟后再试/);
    await a.shot('login-locked');
    await a.context.close();
  });

  it('no console error or foreign request on the way', () => {
    expect(g.problems.filter((p) => !/status of 4\d\d/.test(p))).toEqual([]);
  });
});
