/**
 * Roll-up end to end in Debian Chromium: the demo county (巴楚县) reports to the province with
 * `landplan report export | trust | import` run on the server's register (the real commands, the
 * real bundle), an administrator grants a viewer the province (新疆维吾尔自治区) through the API,
 * and that viewer logs in, sees the province, drills down through 喀什地区 to 巴楚县 and one of its
 * parcels. Fails on any console error or non-local request. Screenshots: artifacts/e2e/rollup-*.png.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { guardedPage, launch, type Guarded } from './browser.js';
import { startServer, type RunningServer } from './server.js';
import { runCli } from '../cli/run-cli.js';

let server: RunningServer;
let browser: Browser;
let g: Guarded;
const saved = { ...process.env };

async function cli(args: string[]): Promise<string> {
  const r = await runCli(args);
  if (r.code !== 0) throw new Error(`landplan ${args.join(' ')}: exit ${r.code}\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

beforeAll(async () => {
  server = await startServer();
  // The county and the province share the demo register here; the bundle still goes through a file.
  process.env.LANDPLAN_DATA_DIR = server.dataDir;
  process.env.LANDPLAN_REPORT_KEY = join(server.dataDir, 'report-key.pem');
  delete process.env.LANDPLAN_DATABASE_URL;
  await cli(['jurisdictions', 'load', '--province', '650000']);
  const bundle = join(server.dataDir, 'bachu.bundle');
  await cli(['report', 'export', '--out', bundle, '--county', '653130']);
  const { publicKey } = JSON.parse(await cli(['report', 'key', '--json'])) as { publicKey: string };
  await cli(['report', 'trust', '653130', publicKey]);
  const imported = JSON.parse(await cli(['report', 'import', bundle, '--json'])) as { status: string };
  expect(imported.status).toBe('applied');
  browser = await launch();
  g = await guardedPage(browser, server.url);
});
afterAll(async () => {
  process.env = saved;
  await browser?.close();
  await server?.stop();
});

describe('roll-up in the browser', () => {
  it('an administrator grants a viewer the province', async () => {
    const { page } = g;
    const s = (await (await page.request.get('/api/session')).json()) as { csrfToken: string };
    const login = await page.request.post('/api/session', { data: { username: 'admin', password: 'admin-demo-2026' }, headers: { 'x-csrf-token': s.csrfToken } });
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const res = await page.request.post('/api/users', {
      data: { username: 'xj-viewer', displayName: '自治区自然资源厅查看', password: 'xinjiang-viewer-2026', grants: [{ role: 'viewer', jurisdictionCode: '650000' }] },
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(res.status()).toBe(201);
    await page.request.delete('/api/session', { headers: { 'x-csrf-token': csrfToken } });
  });

  it('the province viewer logs in and sees the province, with the figures the server computed', async () => {
    const { page } = g;
    await page.goto('/');
    await page.getByTestId('login-username').fill('xj-viewer');
    await page.getByTestId('login-password').fill('xinjiang-viewer-2026');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('current-user').waitFor();
    await page.locator('.ant-menu-item').filter({ hasText: '上级汇总' }).click();
    await expect.poll(() => page.getByTestId('rollup-unit').textContent(), { timeout: 20_000 }).toContain('新疆维吾尔自治区');
    expect(new URL(page.url()).pathname).toBe('/rollup/650000');
    const api = (await (await page.request.get('/api/rollup/650000')).json()) as { totals: { planned: { ha: string }; supplied: { ha: string } }; reporting: { reported: number }; children: { name: string }[] };
    expect(api.reporting.reported).toBe(1);
    expect(api.children.map((c) => c.name)).toContain('喀什地区');
    const shown = (await page.getByTestId('rollup-planned').textContent()) ?? '';
    expect(shown.replace(/,/g, '')).toContain(api.totals.planned.ha.split('.')[0]!);
    await page.getByTestId('rollup-map').waitFor();
    await g.shot('rollup-01-province');
    expect(g.problems).toEqual([]);
  });

  it('drills down to 喀什地区, to 巴楚县 and to one of its parcels', async () => {
    const { page } = g;
    await page.getByTestId('rollup-children').getByText('喀什地区', { exact: true }).click();
    await expect.poll(() => page.getByTestId('rollup-unit').textContent(), { timeout: 20_000 }).toContain('喀什地区');
    await g.shot('rollup-02-prefecture');
    await page.getByTestId('rollup-children').getByText('巴楚县', { exact: true }).click();
    await expect.poll(() => page.getByTestId('county-name').textContent(), { timeout: 20_000 }).toBe('巴楚县');
    await expect.poll(() => page.getByTestId('county-reporting').textContent()).toContain('上报文件');
    await page.getByTestId('county-parcels').locator('tbody tr a').first().waitFor();
    await g.shot('rollup-03-county');
    const first = page.getByTestId('county-parcels').locator('tbody tr a').first();
    const number = ((await first.textContent()) ?? '').trim();
    await first.click();
    await expect.poll(() => page.getByTestId('parcel-title').textContent(), { timeout: 20_000 }).toBe(number);
    await page.getByTestId('parcel-outline').waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/reported\/653130\/parcels\/\d+$/);
    await g.shot('rollup-04-parcel');
    expect(g.problems).toEqual([]);
  });
});
