/**
 * Test support: random county histories (plans, publication, supplies, reversals, parcels) played
 * into a county register, with report bundles taken along the way, and a province to import them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Area } from '../../src/domain/area.js';
import type { ParcelFeature } from '../../src/domain/parcel.js';
import { importParcels } from '../../src/services/import-parcels.js';
import { exportReport, reportKey, trustCounty } from '../../src/services/report.js';
import type { Store } from '../../src/store/database.js';
import { balances, postDebit, reverseSupply } from '../../src/store/ledger.js';
import { createPlan, latestVersion as currentVersion, findPlan } from '../../src/store/repos/plans.js';
import { transition } from '../../src/services/plan-lifecycle.js';
import { APPROVER, lifecycleUsers } from '../store/lifecycle-helpers.js';
import { upsertJurisdiction } from '../../src/store/repos/jurisdictions.js';
import { toBigInt } from '../../src/store/units.js';
import { smallCube } from '../store/helpers.js';

export const COUNTIES = [
  { code: '653130', name: '巴楚县', prefecture: '653100' },
  { code: '653101', name: '喀什市', prefecture: '653100' },
  { code: '652901', name: '阿克苏市', prefecture: '652900' },
] as const;

export async function seedHierarchy(store: Store, counties: readonly string[] = COUNTIES.map((c) => c.code)): Promise<void> {
  await upsertJurisdiction(store, { code: '650000', name: '新疆维吾尔自治区', level: 'province', parentCode: null }, 'test');
  await upsertJurisdiction(store, { code: '653100', name: '喀什地区', level: 'prefecture', parentCode: '650000' }, 'test');
  await upsertJurisdiction(store, { code: '652900', name: '阿克苏地区', level: 'prefecture', parentCode: '650000' }, 'test');
  for (const c of COUNTIES.filter((c) => counties.includes(c.code))) await upsertJurisdiction(store, { code: c.code, name: c.name, level: 'county', parentCode: c.prefecture }, 'test');
}

export type Op =
  | { readonly k: 'publish'; readonly year: number; readonly day: number }
  | { readonly k: 'supply'; readonly year: number; readonly category: number; readonly district: number; readonly method: number; readonly hundredthsHa: number }
  | { readonly k: 'reverse'; readonly pick: number }
  | { readonly k: 'parcels'; readonly n: number; readonly startDay: number; readonly started: boolean }
  | { readonly k: 'snapshot' };

export const YEARS = [2025, 2026] as const;

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('publish' as const), year: fc.constantFrom(...YEARS), day: fc.integer({ min: 0, max: 150 }) }),
  fc.record({ k: fc.constant('supply' as const), year: fc.constantFrom(...YEARS), category: fc.nat(2), district: fc.nat(1), method: fc.nat(1), hundredthsHa: fc.integer({ min: 1, max: 1500 }) }),
  fc.record({ k: fc.constant('reverse' as const), pick: fc.nat() }),
  fc.record({ k: fc.constant('parcels' as const), n: fc.integer({ min: 1, max: 3 }), startDay: fc.integer({ min: 0, max: 900 }), started: fc.boolean() }),
  fc.record({ k: fc.constant('snapshot' as const) }),
);

const CATEGORIES = ['residential', 'commercial', 'transport'] as const;
const METHODS = ['grant', 'allocation'] as const;

/** A clock the history moves: each reading is one second later; `set` jumps to a date. */
export class TestClock {
  private t = Date.parse('2024-12-01T02:00:00.000Z');
  readonly now = (): Date => new Date((this.t += 1000));
  set(iso: string): void {
    this.t = Math.max(this.t, Date.parse(iso));
  }
}

function day(year: number, d: number): string {
  return new Date(Date.UTC(year, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
}

function square(i: number, x: number, y: number, agreedStart: string, started: boolean): ParcelFeature {
  return {
    recordIndex: i,
    geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.001, y], [x + 0.001, y + 0.001], [x, y + 0.001], [x, y]]] },
    fields: { parcelNumber: `P${i}`, area: Area.fromSquareMetres(String(1000 + i)), agreedStartDate: agreedStart as never, ...(started ? { actualStartDate: agreedStart as never } : {}) },
    attributes: {},
    areaM2: 1000 + i,
  };
}

/**
 * Plays `ops` into a county register that already has its jurisdiction rows; both plan years'
 * plans are created first. Returns the bundle files taken at each snapshot and at the end.
 */
export async function playHistory(store: Store, clock: TestClock, county: string, ops: readonly Op[], dir: string, keyPath: string): Promise<string[]> {
  // Approved (in force: supplies may be recorded) and published later by an op.
  for (const year of YEARS) await createPlan(store, { jurisdictionCode: county, year, cube: smallCube(), validFrom: `${year}-01-01`, status: 'approved', actor: 'editor' });
  await lifecycleUsers(store);
  const accepted: number[] = [];
  const reversed = new Set<number>();
  const bundles: string[] = [];
  let parcelNo = 0;
  const snapshot = async () => {
    const out = join(dir, `${county}-${bundles.length}.bundle`);
    await exportReport(store, { out, keyPath, county });
    bundles.push(out);
  };
  for (const op of ops) {
    if (op.k === 'publish') {
      const plan = (await findPlan(store.db, county, op.year))!;
      const v = (await currentVersion(store.db, plan.id))!;
      clock.set(`${day(op.year, op.day)}T03:00:00.000Z`);
      if (v.status === 'approved') await transition(store, v.id, { to: 'published', date: day(op.year, op.day) }, APPROVER);
    } else if (op.k === 'supply') {
      const plan = (await findPlan(store.db, county, op.year))!;
      const v = (await currentVersion(store.db, plan.id))!;
      const r = await postDebit(store, {
        planVersionId: v.id,
        key: { category: CATEGORIES[op.category]!, district: ['A', 'B'][op.district]!, method: METHODS[op.method]! },
        area: Area.fromHectares(String(op.hundredthsHa / 100)),
        suppliedOn: `${op.year}-06-01`,
        actor: 'editor',
      });
      if (r.accepted) accepted.push(r.recordId);
    } else if (op.k === 'reverse') {
      const open = accepted.filter((id) => !reversed.has(id));
      if (open.length === 0) continue;
      const id = open[op.pick % open.length]!;
      await reverseSupply(store, { recordId: id, suppliedOn: '2026-07-01', reason: 'correction', actor: 'editor' });
      reversed.add(id);
    } else if (op.k === 'parcels') {
      const features = Array.from({ length: op.n }, (_, i) => square(parcelNo + i, 78 + (parcelNo + i) * 0.01, 39.5, day(2024, op.startDay), op.started));
      parcelNo += op.n;
      await importParcels(store, { jurisdictionCode: county, source: 'test.shp', features, actor: 'editor' });
    } else {
      await snapshot();
    }
  }
  await snapshot();
  return bundles;
}

/** The county's own figures for a plan year, from its ledger balances: indicator id → [cap, debited]. */
export async function countyOwnFigures(store: Store, county: string, year: number): Promise<Map<string, [bigint, bigint]>> {
  const plan = await findPlan(store.db, county, year);
  const out = new Map<string, [bigint, bigint]>();
  if (!plan) return out;
  const v = (await currentVersion(store.db, plan.id))!;
  for (const b of await balances(store.db, v.id)) {
    const dims = Object.keys(b.key);
    if (dims.length > 1) continue;
    const id = dims.length === 0 ? 'total' : `${dims[0]}:${Object.values(b.key)[0]}`;
    out.set(id, [toBigInt(b.cap.squareMetres.times(10000).toFixed(0)), toBigInt(b.debited.squareMetres.times(10000).toFixed(0))]);
  }
  return out;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'landplan-report-'));
}

/** Registers a county's key at the province (the key file is made on first use). */
export async function trust(province: Store, county: string, keyPath: string): Promise<void> {
  await trustCounty(province, county, reportKey(keyPath).publicKey, 'test');
}
