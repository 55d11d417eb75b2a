/**
 * The plan's life in the browser (issue 9): the editor starts the 2027 plan for 巴楚县 from 2026,
 * sees last year's execution and the five-year average beside the rows, takes a department's land
 * demand in, fixes a finding that appears while editing and opens consultation; a visitor without
 * an account comments on the 住宅用地 row from a phone; the editor answers; two reviewers sign, one
 * objects; the editor answers the objection and revises (a new version whose diff names the
 * comment); the approver approves with a 文号; the public page shows the approved plan, the answers
 * and both versions; a supply is recorded against it; an adjustment raises one row as a third
 * version and the ledger follows. Screenshots: artifacts/e2e/lifecycle-*.png.
 *
 * The server runs on a clock the test controls (LANDPLAN_E2E_CLOCK_FILE, honoured only by the test
 * server entry), so the consultation period can close. The demo is loaded on 2025-12-31: from 2026
 * on, the demo starts next year's plan itself, and here the editor is the one who starts it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { guardedPage, launch, pick, type Guarded } from './browser.js';
import { startServer, type RunningServer } from './server.js';

let server: RunningServer;
let browser: Browser;
let clockDir: string;
const opened: Guarded[] = [];

const RESIDENTIAL = 'category=residential';
/** A comment as hostile as a citizen may write: markup, a zero-width joiner, right-to-left text. */
const COMMENT = '住宅用地偏少，建议增加保障性住房用地。<script>alert(1)</script><img src=x onerror=alert(2)> \u200d\u202eعربي';

function setClock(date: string): void {
  writeFileSync(join(clockDir, 'today'), date);
}

async function session(username?: string, width?: number): Promise<Guarded> {
  const g = await guardedPage(browser, server.url);
  opened.push(g);
  if (width) await g.page.setViewportSize({ width, height: 844 });
  if (username) {
    await g.page.goto('/login');
    await g.page.getByTestId('login-username').fill(username);
    await g.page.getByTestId('login-password').fill(username === 'reviewer2' ? REVIEWER2_PASSWORD : `${username}-demo-2026`);
    await g.page.getByTestId('login-submit').click();
    await g.page.getByTestId('current-user').waitFor();
    // The dashboard it lands on has fetched its figures (the pipeline summary comes last), so a
    // following page.goto cancels none of them: networkidle is reached once per document, and may
    // already have been on the login page, before the client-side move to the dashboard.
    await g.page.getByTestId('pipeline-contracts').waitFor();
    await g.page.waitForLoadState('networkidle');
  }
  return g;
}

const REVIEWER2_PASSWORD = '住建局-e2e-长密码-2027';

/** Opens a plan's version on the compile page (a full load, once the current page is idle). */
async function openVersion(page: Page, planId: number, versionId?: number, tab?: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.goto(`/compile?plan=${planId}${versionId ? `&version=${versionId}` : ''}`);
  await page.getByTestId('version-title').waitFor();
  if (tab) await page.getByTestId(`tab-${tab}`).click();
}

async function stateOf(page: Page): Promise<string> {
  return (await page.getByTestId('version-state').innerText()).trim();
}

async function move(page: Page, to: string, fields: Record<string, string> = {}): Promise<void> {
  await page.getByTestId('tab-moves').click();
  for (const [f, v] of Object.entries(fields)) await page.getByTestId(`move-${to}-${f}`).fill(v);
  await page.getByTestId(`move-${to}-go`).click();
}

async function csrf(page: Page): Promise<string> {
  return ((await (await page.request.get('/api/session')).json()) as { csrfToken: string }).csrfToken;
}

async function saved(page: Page): Promise<void> {
  await page.getByTestId('saved').waitFor({ timeout: 15_000 });
}

async function findingTexts(page: Page): Promise<string[]> {
  return page.getByTestId('editor-findings').locator('[data-testid="finding"]').allInnerTexts();
}

beforeAll(async () => {
  clockDir = mkdtempSync(join(tmpdir(), 'landplan-clock-'));
  setClock('2025-12-31');
  server = await startServer({ env: { LANDPLAN_E2E_CLOCK_FILE: join(clockDir, 'today') } });
  setClock(new Date().toISOString().slice(0, 10));
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (clockDir) rmSync(clockDir, { recursive: true, force: true });
});

describe("a plan's life in the browser", () => {
  const today = new Date().toISOString().slice(0, 10);
  let editor: Guarded;
  let planId = 0;
  let v1 = 0;
  let v2 = 0;
  let v3 = 0;
  let commentId = 0;
  let residentialV2 = '';

  it('the editor starts the 2027 plan for 巴楚县 from the 2026 version in force', async () => {
    editor = await session('editor');
    const { page } = editor;
    await page.locator('.ant-menu-item').filter({ hasText: '计划编制' }).click();
    await page.getByTestId('new-plan').click();
    await expect.poll(() => page.getByTestId('new-plan-jurisdiction').innerText()).toContain('巴楚县');
    await page.getByTestId('new-plan-year').fill('2027');
    await page.getByTestId('new-plan-from-previous').click();
    await page.getByTestId('new-plan-go').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('version')).not.toBeNull();
    await page.getByTestId('version-title').waitFor();
    const url = new URL(page.url());
    planId = Number(url.searchParams.get('plan'));
    v1 = Number(url.searchParams.get('version'));
    expect(planId).toBeGreaterThan(0);
    expect(v1).toBeGreaterThan(0);
    await expect.poll(() => stateOf(page)).toBe('编制中');
    // Copied from 2026: the residential row is there, with last year's execution and the five-year average beside it.
    await page.getByTestId(`cell-${RESIDENTIAL}`).waitFor();
    await expect.poll(() => page.getByTestId(`ctx-lastYearPlan-${RESIDENTIAL}`).innerText()).not.toBe('—');
    await expect.poll(() => page.getByTestId(`ctx-lastYearSupplied-${RESIDENTIAL}`).innerText()).not.toBe('—');
    const fiveYear = await page.locator('[data-testid^="ctx-fiveYearAverage-"]').allInnerTexts();
    expect(fiveYear.some((t) => t !== '—')).toBe(true);
    await editor.shot('lifecycle-01-started-from-2026');
  });

  it('a department submits a land demand; the editor takes it into the plan', async () => {
    const reviewer = await session('reviewer');
    await openVersion(reviewer.page, planId, v1);
    await reviewer.page.getByTestId('demand-department').fill('县教育局');
    await reviewer.page.getByTestId('demand-project').fill('第三小学新建工程');
    await pick(reviewer.page, 'demand-category', '住宅用地');
    await reviewer.page.getByTestId('demand-hectares').fill('3.5');
    await reviewer.page.getByTestId('demand-submit').click();
    await expect.poll(() => reviewer.page.getByTestId('demands').innerText()).toContain('第三小学新建工程');

    const { page } = editor;
    await openVersion(page, planId, v1);
    const before = await page.getByTestId(`cell-${RESIDENTIAL}`).inputValue();
    const row = page.getByTestId('demands').locator('tr').filter({ hasText: '第三小学新建工程' });
    const [taken] = await Promise.all([page.waitForResponse((r) => r.url().includes('/take')), row.getByRole('button').click()]);
    expect(taken.status(), await taken.text()).toBe(200);
    await expect.poll(() => row.innerText()).toContain('已纳入');
    const after = await page.getByTestId(`cell-${RESIDENTIAL}`).inputValue();
    expect(Math.round((Number(after) - Number(before)) * 10_000)).toBe(35_000);
    await editor.shot('lifecycle-02-demand-taken');
  });

  it('a finding appears while the editor edits, and goes when the figure is fixed', async () => {
    const { page } = editor;
    const cell = page.getByTestId(`cell-${RESIDENTIAL}`);
    const good = await cell.inputValue();
    const before = await findingTexts(page);
    // Ten times the residential row: far beyond the five-year average.
    await cell.fill(String(Number(good) * 10));
    await saved(page);
    await expect.poll(async () => (await findingTexts(page)).filter((f) => !before.includes(f)).length).toBeGreaterThan(0);
    const appeared = (await findingTexts(page)).filter((f) => !before.includes(f));
    expect(appeared.join('\n')).toContain('住宅');
    // 亩 and the total are derived as it is typed.
    expect(await page.getByTestId(`mu-${RESIDENTIAL}`).innerText()).not.toBe('—');
    await editor.shot('lifecycle-03-finding-while-editing');
    await cell.fill(good);
    await saved(page);
    await expect.poll(async () => (await findingTexts(page)).filter((f) => appeared.includes(f)).length).toBe(0);
    await editor.shot('lifecycle-04-finding-fixed');
  });

  it('the editor opens the consultation (today, closing today)', async () => {
    const { page } = editor;
    await move(page, 'consultation', { date: today, until: today });
    await expect.poll(() => stateOf(page)).toBe('征求意见');
    await editor.shot('lifecycle-05-consultation-open');
  });

  it('a visitor without an account comments on the 住宅用地 row from a phone', async () => {
    const visitor = await session(undefined, 390);
    const { page } = visitor;
    await page.goto(`/consult?plan=${planId}`);
    await page.getByTestId('comment-form').waitFor();
    await page.getByTestId('comment-kind').getByText('用途').click();
    await pick(page, 'comment-category', '住宅用地');
    await page.getByTestId('comment-body-input').fill(COMMENT);
    await page.getByTestId('comment-name').fill('居民');
    await page.getByTestId('comment-submit').click();
    await page.getByTestId('comment-sent').waitFor();
    const body = page.getByTestId('public-comment-body').first();
    await body.waitFor();
    // Shown as text, exactly as written: no element was made of it, nothing ran.
    expect(await body.textContent()).toBe(COMMENT);
    expect(await page.locator('.lp-comment script, .lp-comment img').count()).toBe(0);
    await visitor.shot('lifecycle-06-visitor-comment-390');
    expect(visitor.problems).toEqual([]);
  });

  it('the editor answers the comment; after the period the answers are published and the joint review requested', async () => {
    const { page } = editor;
    await openVersion(page, planId, v1, 'comments');
    const item = page.getByTestId('staff-comments').locator('.ant-list-item').filter({ hasText: '保障性住房' });
    await item.waitFor();
    commentId = Number((await item.getAttribute('data-testid'))!.replace('comment-', ''));
    expect(await item.getByTestId('comment-body').textContent()).toBe(COMMENT);
    await pick(page, `answer-kind-${commentId}`, '部分采纳');
    await page.getByTestId(`answer-reason-${commentId}`).fill('调增住宅用地5公顷，用于保障性住房。');
    await page.getByTestId(`answer-go-${commentId}`).click();
    // The answer's tag once it is recorded (the select already shows 部分采纳 before it is sent).
    await expect.poll(() => item.locator('.ant-tag').allInnerTexts()).toContain('部分采纳');
    await editor.shot('lifecycle-07-comment-answered');

    // The period closes: the next day.
    const next = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    setClock(next);
    await page.getByTestId('publish-answers').click();
    await page.getByTestId('answers-published').waitFor();
    await move(page, 'review');
    await expect.poll(() => stateOf(page)).toBe('部门联审');
    await page.getByTestId('tab-review').click();
    const deps = page.getByTestId('review-departments');
    await deps.click();
    await page.keyboard.type('县发展和改革委员会');
    await page.keyboard.press('Enter');
    await page.keyboard.type('县住房和城乡建设局');
    await page.keyboard.press('Enter');
    await page.getByTestId('review-deadline').fill('2027-01-31');
    await page.getByTestId('review-request-go').click();
    await expect.poll(() => page.getByTestId('review-requests').locator('.ant-list-item').count()).toBe(2);
  });

  it('two reviewers sign; one objects; submission is refused until the objection is answered', async () => {
    // A second department reviewer, added by the administrator.
    const admin = await session('admin');
    const res = await admin.page.request.post('/api/users', {
      data: { username: 'reviewer2', displayName: '住建局审核人员', password: REVIEWER2_PASSWORD, grants: [{ role: 'reviewer', jurisdictionCode: '653130' }] },
      headers: { 'x-csrf-token': await csrf(admin.page) },
    });
    expect(res.status()).toBeLessThan(300);

    const r1 = await session('reviewer');
    await openVersion(r1.page, planId, v1, 'review');
    const dev = r1.page.getByTestId('review-requests').locator('.ant-list-item').filter({ hasText: '发展和改革' });
    await dev.locator('[data-testid^="sign-approve-"]').click();
    await expect.poll(() => dev.innerText()).toContain('reviewer');

    const r2 = await session('reviewer2');
    await openVersion(r2.page, planId, v1, 'review');
    const housing = r2.page.getByTestId('review-requests').locator('.ant-list-item').filter({ hasText: '住房和城乡建设' });
    await housing.locator('[data-testid^="sign-reason-"]').fill('保障性住房用地不足，请按公众意见调增。');
    await housing.locator('[data-testid^="sign-object-"]').click();
    // The objection's tag once it is recorded (the button itself reads 提出异议).
    await expect.poll(() => housing.locator('.ant-tag').allInnerTexts()).toContain('异议');
    await r2.shot('lifecycle-08-review-objection');

    const { page } = editor;
    await openVersion(page, planId, v1, 'review');
    await expect.poll(() => page.getByTestId('review-blocks').innerText()).toContain('1 条异议未答复');
    await move(page, 'submitted');
    await expect.poll(() => page.getByTestId('move-refused').innerText()).toContain('异议');
    await editor.shot('lifecycle-09-submission-refused');
    await page.getByTestId('tab-review').click();
    const objection = page.getByTestId('review-requests').locator('[data-testid^="review-answer-"]').first();
    await objection.fill('已采纳，修订稿调增住宅用地。');
    await page.getByTestId('review-requests').locator('[data-testid^="review-answer-go-"]').first().click();
    await expect.poll(() => page.getByTestId('review-blocks').innerText()).toContain('可以报批');
  });

  it('the editor revises: a new version whose diff names the comment', async () => {
    const { page } = editor;
    await page.getByTestId('tab-moves').click();
    await page.getByTestId('revise-reason').fill('采纳公众意见和部门意见，调增住宅用地');
    await page.getByTestId('revise-go').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('version')).not.toBe(String(v1));
    v2 = Number(new URL(page.url()).searchParams.get('version'));
    await expect.poll(() => stateOf(page)).toBe('编制中');
    // The comments to link are fetched after the version shows; until then the select is disabled.
    await page.locator('[data-testid="change-comments"]:not(.ant-select-disabled)').waitFor();
    await pick(page, 'change-comments', `#${commentId}`);
    await page.getByTestId('change-note').fill('住宅用地调增5公顷');
    const cell = page.getByTestId(`cell-${RESIDENTIAL}`);
    residentialV2 = String((Math.round(Number(await cell.inputValue()) * 10_000) + 50_000) / 10_000);
    await cell.fill(residentialV2);
    await saved(page);
    await page.getByTestId('tab-diff').click();
    await expect.poll(() => page.getByTestId('diff-cells').innerText()).toContain('住宅用地');
    await expect.poll(() => page.getByTestId('diff-comments').innerText()).toContain('保障性住房');
    expect(await page.getByTestId('diff-reason').innerText()).toContain('采纳公众意见');
    await editor.shot('lifecycle-10-revision-diff');

    // The revision goes to the departments again, and is submitted.
    await move(page, 'review');
    await expect.poll(() => stateOf(page)).toBe('部门联审');
    await page.getByTestId('tab-review').click();
    // The revision keeps the departments asked about version 1 (their reviews start afresh).
    await expect.poll(() => page.getByTestId('review-requests').locator('.ant-list-item').count()).toBe(2);
    const r2 = await session('reviewer2');
    await openVersion(r2.page, planId, v2, 'review');
    // Every department asked about version 2 approves it.
    const approve = r2.page.getByTestId('review-requests').locator('[data-testid^="sign-approve-"]');
    // Count once the list has loaded (count() does not wait): both departments asked about version 2.
    await expect.poll(() => approve.count()).toBe(2);
    const asked = await approve.count();
    for (let i = 0; i < asked; i++) {
      const [signed] = await Promise.all([r2.page.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/review-requests\/\d+\/reviews$/.test(r.url())), approve.nth(i).click()]);
      expect(signed.status(), await signed.text()).toBeLessThan(300);
    }
    await expect.poll(() => r2.page.getByTestId('review-requests').innerText()).not.toContain('待审查');
    await openVersion(page, planId, v2);
    await move(page, 'submitted');
    await expect.poll(() => stateOf(page)).toBe('报批');
  });

  it('the approver approves with a 文号; the plan is published', async () => {
    setClock('2027-01-10');
    const approver = await session('approver');
    const { page } = approver;
    await openVersion(page, planId, v2);
    await move(page, 'approved', { docNumber: '巴政发〔2027〕3号', date: '2027-01-10' });
    await expect.poll(() => stateOf(page)).toBe('已批准');
    await move(page, 'published', { date: '2027-01-10' });
    await expect.poll(() => stateOf(page)).toBe('已公布');
    await approver.shot('lifecycle-11-approved-published');
  });

  it('the public page shows the approved plan, the answers and both versions', async () => {
    const visitor = await session(undefined, 390);
    const { page } = visitor;
    await page.goto(`/consult?plan=${planId}`);
    await page.getByTestId('public-version').waitFor();
    expect(await page.getByTestId('public-doc-number').innerText()).toBe('巴政发〔2027〕3号');
    const versions = page.getByTestId('public-versions');
    await versions.getByTestId('version-1').waitFor();
    await versions.getByTestId('version-2').waitFor();
    const answer = page.getByTestId('public-answer').first();
    await answer.waitFor();
    expect(await answer.innerText()).toContain('部分采纳');
    expect(await page.getByTestId('public-comment-body').first().textContent()).toBe(COMMENT);
    await visitor.shot('lifecycle-12-public-approved-390');
    expect(visitor.problems).toEqual([]);
  });

  let suppliedBefore = '';
  it('a supply is recorded against the approved plan', async () => {
    setClock('2027-03-01');
    const { page } = editor;
    await page.waitForLoadState('networkidle');
    await page.goto(`/supply?plan=${planId}`);
    await pick(page, 'supply-plan', '巴楚县2027');
    await page.getByTestId('supply-parcel-number').fill('E2E-2027-001');
    await page.getByTestId('supply-project').fill('保障性住房一期');
    await pick(page, 'supply-use', '0701');
    await pick(page, 'supply-method', '挂牌出让');
    await pick(page, 'supply-district', '喀什河片区');
    await page.getByTestId('supply-area').fill('2.5');
    await page.getByTestId('supply-far-min').fill('1.2');
    await page.getByTestId('supply-far-max').fill('2.5');
    await page.getByTestId('supply-reserve').fill('800');
    await page.getByTestId('supply-transaction').fill('960');
    for (const [id, date] of [['supply-announcement', '2027-01-12'], ['supply-listing-start', '2027-02-02'], ['supply-listing-end', '2027-02-13'], ['supply-contract', '2027-02-20']] as const) {
      await page.getByTestId(id).click();
      await page.keyboard.type(date);
      await page.keyboard.press('Enter');
    }
    for (const label of ['土地权利清晰', '安置补偿落实到位', '没有法律经济纠纷', '规划条件明确', '具备动工开发必需的条件']) {
      await page.getByTestId('supply-clean-land').getByText(label).click();
    }
    await page.getByTestId('supply-check').click();
    await expect.poll(() => page.getByTestId('supply-verdict').textContent()).toContain('预审通过');
    await page.getByTestId('supply-record').click();
    await page.getByTestId('supply-recorded').waitFor();
    await editor.shot('lifecycle-13-supply-recorded');
    const dash = (await (await page.request.get(`/api/plans/${planId}/dashboard`)).json()) as { suppliedHa: string };
    suppliedBefore = dash.suppliedHa;
    expect(Number(suppliedBefore)).toBeGreaterThan(0);
  });

  it('an adjustment raises the residential row as a third version; the ledger follows', async () => {
    const { page } = editor;
    await openVersion(page, planId, v2);
    await page.getByTestId('tab-moves').click();
    await page.getByTestId('adjust-reason').fill('保障性住房项目增加，调增住宅用地');
    await page.getByTestId('adjust-go').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('version')).not.toBe(String(v2));
    v3 = Number(new URL(page.url()).searchParams.get('version'));
    await expect.poll(() => stateOf(page)).toBe('调整中');
    const cell = page.getByTestId(`cell-${RESIDENTIAL}`);
    const raised = String((Math.round(Number(await cell.inputValue()) * 10_000) + 100_000) / 10_000);
    await cell.fill(raised);
    await saved(page);
    await page.getByTestId('tab-moves').click();
    await page.getByTestId('decision-date').fill('2027-03-01');
    await page.getByTestId('decision-meeting').fill('县人民政府第12次常务会议');
    await page.getByTestId('decision-go').click();
    await expect.poll(() => page.getByTestId('decision').innerText()).toContain('常务会议');
    await move(page, 'submitted');
    await expect.poll(() => stateOf(page)).toBe('报批');

    const approver = await session('approver');
    await openVersion(approver.page, planId, v3);
    await move(approver.page, 'approved', { docNumber: '巴政发〔2027〕9号', date: '2027-03-01' });
    await expect.poll(() => stateOf(approver.page)).toBe('已批准');

    // The ledger: the supply recorded against version 2 is carried into version 3, whose residential cap is 10 ha higher.
    const dash = (await (await page.request.get(`/api/plans/${planId}/dashboard`)).json()) as { versionId: number; suppliedHa: string; byCategory: { key: string; planHa: string | null }[] };
    expect(dash.versionId).toBe(v3);
    expect(dash.suppliedHa).toBe(suppliedBefore);
    const res = dash.byCategory.find((c) => c.key === 'residential');
    expect(Math.round(Number(res?.planHa) * 10_000)).toBe(Math.round(Number(raised) * 10_000));
    await openVersion(page, planId, v3, 'diff');
    await expect.poll(() => page.getByTestId('diff-cells').innerText()).toContain('+10');
    await editor.shot('lifecycle-14-adjusted-third-version');
    await page.locator('.ant-menu-item').filter({ hasText: '执行总览' }).click();
    await page.waitForLoadState('networkidle');
    await editor.shot('lifecycle-15-dashboard-after-adjustment');
  });

  it('no page had a console error or reached another host', () => {
    // A refused move answers 409 by design; the browser logs that response.
    // A full page load (openVersion) cancels the chunks the previous page was still fetching.
    const problems = opened.flatMap((g) => g.problems).filter((p) => !/status of 409/.test(p) && !/\/(assets\/[\w.-]+\.js|favicon\.svg) net::ERR_ABORTED$/.test(p));
    expect(problems).toEqual([]);
  });
});
