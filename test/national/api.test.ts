/**
 * The roll-up and drill-down routes on a province register that imported county bundles: scope
 * (a province viewer sees its province, a prefecture viewer only its prefecture, the nation needs
 * a grant for every jurisdiction) and figures equal to the counties' own.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { wireDeps } from '../../src/server/wire.js';
import { hashPassword } from '../../src/services/accounts.js';
import { importReport } from '../../src/services/report.js';
import { createUser } from '../../src/services/register.js';
import type { Store } from '../../src/store/database.js';
import { e4ToM2Text } from '../../src/store/units.js';
import { login, PASSWORD, type Client } from '../server/helpers.js';
import { BACKENDS, openFresh } from '../store/helpers.js';
import { countyOwnFigures, playHistory, seedHierarchy, TestClock, tempDir, trust, type Op } from './county-history.js';

const sqlite = BACKENDS.find((b) => b.name === 'sqlite')!;

describe('roll-up routes at a province', () => {
  let province: Store;
  let county: Store;
  const closers: (() => Promise<void>)[] = [];
  let app: Awaited<ReturnType<typeof buildApp>>;
  let xjViewer: Client;
  let akesuViewer: Client;
  let admin: Client;

  beforeAll(async () => {
    const clock = new TestClock();
    const c = await openFresh(sqlite, { clock: clock.now });
    county = c.store;
    closers.push(c.cleanup);
    await seedHierarchy(county, ['653130']);
    const dir = tempDir();
    const ops: Op[] = [
      { k: 'publish', year: 2026, day: 40 },
      { k: 'supply', year: 2026, category: 0, district: 0, method: 0, hundredthsHa: 520 },
      { k: 'supply', year: 2026, category: 1, district: 1, method: 1, hundredthsHa: 275 },
      { k: 'parcels', n: 3, startDay: 10, started: false },
    ];
    const bundles = await playHistory(county, clock, '653130', ops, dir, join(dir, 'k.pem'));
    const p = await openFresh(sqlite, { clock: new TestClock().now });
    province = p.store;
    closers.push(p.cleanup);
    await seedHierarchy(province);
    await trust(province, '653130', join(dir, 'k.pem'));
    await importReport(province, bundles[bundles.length - 1]!);
    const hash = await hashPassword(PASSWORD);
    await createUser(province, { username: 'xj-viewer', displayName: '自治区查看', passwordHash: hash, roles: [{ role: 'viewer', jurisdictionCode: '650000' }] }, 'test');
    await createUser(province, { username: 'aks-viewer', displayName: '阿克苏查看', passwordHash: hash, roles: [{ role: 'viewer', jurisdictionCode: '652900' }] }, 'test');
    await createUser(province, { username: 'admin', displayName: 'admin', passwordHash: hash, roles: [{ role: 'admin', jurisdictionCode: null }] }, 'test');
    app = await buildApp({ deps: wireDeps(province, {}), validateResponses: true, loginRateLimit: { max: 10_000, timeWindowMs: 60_000 } });
    xjViewer = await login(app, 'xj-viewer');
    akesuViewer = await login(app, 'aks-viewer');
    admin = await login(app, 'admin');
  });
  afterAll(async () => {
    await app?.close();
    for (const c of closers) await c();
  });

  it('shows a province viewer the province, its figures equal to the county’s own ledger', async () => {
    const res = await xjViewer.request({ method: 'GET', url: '/api/rollup/650000?year=2026&asOf=2026-06-30' });
    expect(res.statusCode).toBe(200);
    const d = res.json() as { unit: { name: string }; totals: { planned: { m2: string }; supplied: { m2: string }; rate: string }; publication: { plans: number; onTime: number; missing: number }; counties: number; unstarted: { overdue: { parcels: number } }; children: { code: string; rate: string | null; plans: number }[] };
    const own = (await countyOwnFigures(county, '653130', 2026)).get('total')!;
    expect(d.unit.name).toBe('新疆维吾尔自治区');
    expect([d.totals.planned.m2, d.totals.supplied.m2]).toEqual([e4ToM2Text(own[0]), e4ToM2Text(own[1])]);
    expect(d.totals.rate).toBe('7.95');
    expect(d.publication).toMatchObject({ plans: 1, onTime: 1, missing: 2 });
    expect(d.counties).toBe(3);
    expect(d.unstarted.overdue.parcels).toBe(3);
    expect(d.children.map((c) => [c.code, c.plans])).toEqual([
      ['652900', 0],
      ['653100', 1],
    ]);
  });

  it('drills down to the county, its plan and one of its parcels', async () => {
    const c = (await xjViewer.request({ method: 'GET', url: '/api/reported/653130' })).json() as { unit: { name: string }; reporting: { reportedAt: string }; plans: { planId: number; year: number; onTime: boolean }[] };
    expect(c.unit.name).toBe('巴楚县');
    expect(c.reporting.reportedAt).toMatch(/^2026-/);
    const plan2026 = c.plans.find((p) => p.year === 2026)!;
    expect(plan2026.onTime).toBe(true);
    const plan = (await xjViewer.request({ method: 'GET', url: `/api/reported/653130/plans/${plan2026.planId}` })).json() as { supplyCount: number; indicators: { indicatorId: string; debited: { m2: string } }[] };
    expect(plan.supplyCount).toBe(2);
    expect(plan.indicators.find((i) => i.indicatorId === 'total')?.debited.m2).toBe('79500');
    const parcels = (await xjViewer.request({ method: 'GET', url: '/api/reported/653130/parcels?limit=2' })).json() as { total: number; parcels: { parcelId: number; parcelNumber: string }[] };
    expect(parcels.total).toBe(3);
    expect(parcels.parcels.map((p) => p.parcelNumber)).toEqual(['P0', 'P1']);
    const one = (await xjViewer.request({ method: 'GET', url: `/api/reported/653130/parcels/${parcels.parcels[0]!.parcelId}` })).json() as { geometry: { type: string }; parcel: { area: { m2: string } } };
    expect(one.geometry.type).toBe('Polygon');
    expect(one.parcel.area.m2).toBe('1000');
  });

  it('keeps a prefecture viewer to its prefecture, and the nation to global grants', async () => {
    expect((await akesuViewer.request({ method: 'GET', url: '/api/rollup/652900?year=2026' })).statusCode).toBe(200);
    expect((await akesuViewer.request({ method: 'GET', url: '/api/rollup/650000?year=2026' })).statusCode).toBe(403);
    expect((await akesuViewer.request({ method: 'GET', url: '/api/reported/653130' })).statusCode).toBe(403);
    expect((await xjViewer.request({ method: 'GET', url: '/api/rollup/000000' })).statusCode).toBe(403);
    const nation = (await admin.request({ method: 'GET', url: '/api/rollup/000000?year=2026' })).json() as { children: { code: string; plans: number }[] };
    expect(nation.children.filter((c) => c.plans > 0).map((c) => c.code)).toEqual(['650000']);
    expect((await admin.request({ method: 'GET', url: '/api/rollup/999999' })).statusCode).toBe(404);
  });
});
