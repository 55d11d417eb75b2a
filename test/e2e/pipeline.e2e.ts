/**
 * A parcel's path in the browser: the bureau editor creates a land-reserve project, admits a parcel,
 * records its cost and 净地 evidence, and walks it through 供地方案, 集体决策, 出让公告, 挂牌, 成交,
 * 成交公示, a contract signed late, a payment and 交地, all in the parcel drawer. The pipeline page's
 * overdue list and the dashboard change accordingly. Screenshots: artifacts/e2e/pipeline-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { guardedPage, launch, pick, type Guarded } from './browser.js';
import { startServer, type RunningServer } from './server.js';

let server: RunningServer;
let browser: Browser;
let g: Guarded;

async function typeDate(page: Page, testId: string, date: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.keyboard.type(date);
  await page.keyboard.press('Enter');
}

/** The event select filters as one types: type the event's name, take the first match. */
async function chooseKind(page: Page, label: string): Promise<void> {
  await page.getByTestId('event-kind').click();
  await page.keyboard.type(label);
  await page.locator('.ant-select-dropdown .ant-select-item-option:visible').filter({ hasText: new RegExp(`^${label.replace(/[/]/g, '\\/')}`) }).first().click();
}

interface EventInput {
  readonly kind: string;
  readonly on: string;
  readonly text?: Record<string, string>;
  readonly selects?: Record<string, string>;
  readonly dates?: Record<string, string>;
  readonly doc?: readonly [string, string];
}

/** Fills the drawer's record form for one event and submits it; waits for the journal to show it. */
async function record(page: Page, e: EventInput): Promise<void> {
  const form = page.getByTestId('record-event');
  const before = await page.getByTestId('parcel-timeline').locator('.ant-list-item').count();
  await chooseKind(page, e.kind);
  await typeDate(page, 'event-date', e.on);
  for (const [name, value] of Object.entries(e.selects ?? {})) await pick(page, `field-${name}`, value);
  for (const [name, value] of Object.entries(e.dates ?? {})) await typeDate(page, `field-${name}`, value);
  for (const [name, value] of Object.entries(e.text ?? {})) await form.getByTestId(`field-${name}`).fill(value);
  if (e.doc) {
    await form.getByTestId('doc-kind').fill(e.doc[0]);
    await form.getByTestId('doc-number').fill(e.doc[1]);
  }
  await form.getByTestId('record-submit').click();
  await expect.poll(async () => (await page.getByTestId('record-error').count()) > 0 ? await page.getByTestId('record-error').innerText() : await page.getByTestId('parcel-timeline').locator('.ant-list-item').count(), { timeout: 15_000 }).toBe(before + 1);
}

/** Through the menu, as a user does (a page.goto would cancel chunks still loading). */
async function menu(page: Page, label: string): Promise<void> {
  await page.locator('.ant-menu-item').filter({ hasText: label }).click();
}

async function overdueTotal(page: Page): Promise<number> {
  await menu(page, '供应流程');
  const stat = page.getByTestId('overdue-total');
  await stat.waitFor();
  return Number((await stat.locator('.ant-statistic-content-value').innerText()).replace(/,/g, ''));
}

async function dashboardContracts(page: Page): Promise<number> {
  await menu(page, '执行总览');
  const stat = page.getByTestId('pipeline-contracts');
  await stat.waitFor();
  return Number(await stat.locator('.ant-statistic-content-value').innerText());
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

describe("a parcel's path in the browser", () => {
  let parcelNumber = '';
  let parcelId = 0;
  let overdueBefore = 0;
  let contractsBefore = 0;

  it('logs in as the editor; the pipeline page and the dashboard show the demo pipeline', async () => {
    const { page } = g;
    await page.goto('/');
    await page.getByTestId('login-username').fill('editor');
    await page.getByTestId('login-password').fill('editor-demo-2026');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('current-user').waitFor();
    overdueBefore = await overdueTotal(page);
    expect(overdueBefore).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('pipeline-funnel').count()).toBe(1);
    await g.shot('pipeline-1-page-before');
    contractsBefore = await dashboardContracts(page);
    expect(contractsBefore).toBeGreaterThan(0);
  });

  it('creates a land-reserve project on the reserve page', async () => {
    const { page } = g;
    await menu(page, '土地储备');
    await page.getByTestId('project-code').fill('E2E-2026-01');
    await page.getByTestId('project-name').fill('端到端测试储备项目');
    await page.getByTestId('project-create').click();
    await page.getByTestId('reserve-project-E2E-2026-01').waitFor();
  });

  it('opens a parcel with no journal in the parcel drawer', async () => {
    const { page } = g;
    // A parcel the demo left untouched: available, and nothing in its journal.
    const list = (await (await page.request.get('/api/parcels?status=available&limit=60&geometry=false')).json()) as { features: { id: number; properties: { parcelNumber: string } }[] };
    for (const f of list.features) {
      const p = (await (await page.request.get(`/api/parcels/${f.id}/pipeline`)).json()) as { events: unknown[] };
      if (p.events.length === 0) {
        parcelNumber = f.properties.parcelNumber;
        parcelId = f.id;
        break;
      }
    }
    expect(parcelNumber).toMatch(/^BC-\d{4}$/);
    await menu(page, '宗地');
    await page.getByPlaceholder(/项目名称/).fill(parcelNumber);
    await page.keyboard.press('Enter');
    await page.getByTestId('parcel-table').locator('tbody tr').filter({ hasText: parcelNumber }).first().click();
    await page.getByTestId('parcel-timeline').waitFor();
    await expect.poll(() => page.getByTestId('step-supplyScheme').getAttribute('data-status')).toBe('next');
  });

  it('admits it to the reserve, records its cost and the five 净地 items: ready to list', async () => {
    const { page } = g;
    await record(page, { kind: '纳入土地储备', on: '2026-06-01', selects: { projectId: 'E2E-2026-01' } });
    await record(page, { kind: '储备成本', on: '2026-06-05', selects: { category: '征收补偿' }, text: { amountWanYuan: '120.5' }, doc: ['支付凭证', 'E2E-付-1'] });
    await expect.poll(() => page.getByTestId('reserve-cost-total').innerText()).toBe('120.5');
    for (const [i, item] of ['土地权利清晰', '安置补偿落实到位', '没有法律经济纠纷', '规划条件明确', '具备动工开发'].entries()) {
      await record(page, { kind: '净地核验', on: '2026-06-10', selects: { item }, doc: ['证明', `E2E-净-${i + 1}`] });
    }
    await expect.poll(() => page.getByTestId('check-readyToStart').getAttribute('data-done')).toBe('true');
    await g.shot('pipeline-2-reserve-ready');
  });

  it('walks the grant from 供地方案 to 出让合同, signed after its 10-working-day deadline', async () => {
    const { page } = g;
    await record(page, { kind: '供地方案', on: '2026-06-15', selects: { method: '挂牌出让' }, doc: ['供地方案批复', 'E2E-方案-1'] });
    await record(page, { kind: '集体决策', on: '2026-06-20', text: { reservePriceWanYuan: '150' }, doc: ['会议纪要', 'E2E-纪要-1'] });
    await expect.poll(() => page.getByTestId('reserve-price').innerText()).toContain('150');
    await record(page, { kind: '出让公告', on: '2026-06-29', text: { announcementNo: 'E2E告〔2026〕1号' }, dates: { plannedTradingStart: '2026-07-20' }, doc: ['出让公告', 'E2E告〔2026〕1号'] });
    await record(page, { kind: '挂牌/拍卖/招标', on: '2026-08-03', selects: { form: '挂牌' }, dates: { start: '2026-07-20' } });
    await record(page, { kind: '成交', on: '2026-08-03', text: { priceWanYuan: '180', winner: '端到端测试有限公司' }, doc: ['成交确认书', 'E2E-成交-1'] });
    await record(page, { kind: '成交公示', on: '2026-08-05', text: { publicationNo: 'E2E-公示-1' }, doc: ['成交公示', 'E2E-公示-1'] });
    // Deal 2026-08-03 + 10 working days = 2026-08-17; signed 2026-08-21: 4 days late.
    await chooseKind(page, '出让合同');
    await page.getByTestId('instalment-0-due').fill('2026-09-15');
    await page.getByTestId('instalment-0-amount').fill('90');
    await page.getByTestId('add-instalment').click();
    await page.getByTestId('instalment-1-due').fill('2027-08-01');
    await page.getByTestId('instalment-1-amount').fill('90');
    await record(page, {
      kind: '出让合同',
      on: '2026-08-21',
      text: { contractNo: 'E2E-HT-0001', supervisionNumber: '6531302026B99990001', assignee: '端到端测试有限公司', areaM2: '5000', useCode: '0701', termYears: '70', priceWanYuan: '180' },
      selects: {},
      dates: { agreedDelivery: '2026-09-30', agreedStart: '2026-12-31', agreedCompletion: '2028-12-31' },
      doc: ['出让合同', 'E2E-HT-0001'],
    });
    await expect.poll(() => page.getByTestId('item-contract-deadline').innerText()).toContain('迟延 4 日');
  });

  it('records a payment and 交地: the path reaches 开工 as its next step', async () => {
    const { page } = g;
    await record(page, { kind: '价款缴纳', on: '2026-09-10', text: { amountWanYuan: '90', receiptNo: 'E2E-SK-1' }, doc: ['缴款凭证', 'E2E-SK-1'] });
    await record(page, { kind: '交地', on: '2026-09-28', doc: ['交地确认书', 'E2E-交地-1'] });
    await expect.poll(() => page.getByTestId('step-delivery').getAttribute('data-status')).toBe('done');
    await expect.poll(() => page.getByTestId('step-start').getAttribute('data-status')).toBe('next');
    await g.shot('pipeline-3-drawer-delivered');
  });

  it('the overdue list and the dashboard changed accordingly', async () => {
    const { page } = g;
    await page.keyboard.press('Escape');
    await page.getByTestId('parcel-timeline').waitFor({ state: 'hidden' });
    // The parcel's own items as the server counts them today: the late contract, and whatever the
    // calendar has since brought due (its agreed start is 2026-12-31); publication, payment and
    // delivery were on time.
    const mine = ((await (await page.request.get(`/api/parcels/${parcelId}/pipeline`)).json()) as { items: { rule: string; kind: string }[] }).items;
    expect(mine.filter((i) => i.rule === 'contract-deadline')).toMatchObject([{ kind: 'late' }]);
    expect(mine.filter((i) => ['result-publication', 'instalment-due', 'delivery-due'].includes(i.rule) && i.kind !== 'due')).toEqual([]);
    expect(await overdueTotal(page)).toBe(overdueBefore + mine.length);
    await expect.poll(() => page.getByTestId('overdue-list').locator('tbody tr').count()).toBeGreaterThan(0);
    await g.shot('pipeline-4-page-after');
    expect(await dashboardContracts(page)).toBe(contractsBefore + 1);
    await g.shot('pipeline-5-dashboard-after');
    expect(g.problems).toEqual([]);
  });

  it("the header's reminders list what is due soon and overdue, and open a parcel's timeline", async () => {
    const { page } = g;
    const api = (await (await page.request.get('/api/notifications?days=14')).json()) as { total: number; items: { urgency: string; parcelNumber: string | null }[] };
    expect(api.total).toBeGreaterThan(0);
    const button = page.getByTestId('notifications-button');
    await expect.poll(() => button.getAttribute('aria-label')).toBe(`我的提醒 ${api.total}`);
    await button.click();
    await expect.poll(() => page.getByTestId('notifications-total').innerText()).toContain(`共 ${api.total} 项`);
    const rows = page.getByTestId('notifications-list').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(Math.min(20, api.items.length));
    // Due soon first, as the server orders them.
    expect(await rows.first().innerText()).toContain(api.items[0]!.parcelNumber ?? '');
    await g.shot('pipeline-6-reminders');
    await rows.first().click();
    await page.locator('[data-testid=parcel-timeline]:visible').waitFor();
    await g.shot('pipeline-7-reminder-timeline');
    expect(g.problems).toEqual([]);
  });
});
