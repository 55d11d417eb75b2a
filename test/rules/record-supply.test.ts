/**
 * Acceptance: a generated year of supply decisions for the demo county through record-supply on
 * the embedded register. Rule-breakers are refused with the right rule ids, the ledger balances,
 * and an idle scan a year later lists exactly the parcels whose agreed start passed unstarted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Area } from '../../src/domain/area.js';
import { Dec } from '../../src/domain/decimal.js';
import { keyMatches } from '../../src/domain/plan/cube.js';
import { ruleSetById } from '../../src/services/rule-sets.js';
import { openStore, createPlan, upsertJurisdiction, createUser, verifyStore, importParcels, type Store } from '../../src/services/register.js';
import { balances } from '../../src/services/ledger.js';
import { recordSupply, ruleSetSnapshot, type RecordSupplyOutcome } from '../../src/services/record-supply.js';
import { idleScanRegister } from '../../src/services/idle-scan.js';
import { checkSupply, quotaStateFromStore } from '../../src/services/check-supply.js';
import { generateYear, yearCube, type GeneratedSupply } from './generated-year.js';
import { BACKENDS, type Backend } from '../store/helpers.js';

const COUNTY = '653130';
const year = generateYear(2026);

describe.each(BACKENDS.map((b) => [b.name, b] as const))('on %s', (_name: string, backend: Backend) => {
let store: Store;
let versionId: number;
let cleanup: () => Promise<void> = async () => {};
const outcomes: RecordSupplyOutcome[] = [];

beforeAll(async () => {
  const opts = await backend.fresh();
  cleanup = opts.cleanup;
  store = await openStore({ ...opts, clock: () => new Date('2026-12-31T00:00:00Z') });
  await upsertJurisdiction(store, { code: COUNTY, name: '巴楚县', level: 'county', parentCode: null }, 'test');
  await createUser(store, { username: 'approver1', displayName: '审批人', roles: [{ role: 'approver', jurisdictionCode: COUNTY }] }, 'test');
  await createUser(store, { username: 'viewer1', displayName: '查看', roles: [{ role: 'viewer', jurisdictionCode: COUNTY }] }, 'test');
  const v = await createPlan(store, { jurisdictionCode: COUNTY, year: 2026, cube: yearCube(year), ruleSet: ruleSetSnapshot(ruleSetById('xj-demo-2026')), validFrom: '2026-01-01', status: 'published', actor: 'test' });
  versionId = v.id;
  for (const s of year) outcomes.push(await recordSupply(store, { supply: s.json, planVersionId: versionId, jurisdictionCode: COUNTY, actor: 'clerk' }));
});
afterAll(async () => {
  await store.close();
  await cleanup();
});

describe('a generated year through record-supply', () => {
  it('has a few hundred supplies of every method and use', () => {
    expect(year.length).toBe(13 * 20 + 13 * 2);
    expect([...new Set(year.map((s) => s.json['method'] as string))].sort()).toEqual(['1', '21', '22', '23', '3', '4', '5', '6']);
    expect(new Set(year.map((s) => s.row))).toEqual(new Set(['residential', 'commercial', 'industrialStorage', 'publicServices', 'transport', 'special']));
  });
  it('accepts every lawful supply and refuses every rule-breaker with exactly its rule ids', () => {
    const got = year.map((s, i) => {
      const o = outcomes[i]!;
      return { id: s.json['id'], accepted: o.accepted, rules: o.accepted ? [] : o.check?.errorRules ?? [o.reason] };
    });
    const want = year.map((s) => ({ id: s.json['id'], accepted: s.breaks.length === 0, rules: s.breaks }));
    expect(got).toEqual(want);
    expect(outcomes.filter((o) => !o.accepted).length).toBe(26);
  });
  it('every finding of the year cites its basis', () => {
    const all = outcomes.flatMap((o) => o.check?.findings ?? []);
    expect(all.length).toBeGreaterThan(year.length);
    expect(all.filter((f) => !f.basis || f.basis.length < 6).map((f) => f.rule)).toEqual([]);
  });
  it('the ledger balances: every indicator has debited exactly the accepted supplies it matches', async () => {
    const accepted: GeneratedSupply[] = year.filter((_, i) => outcomes[i]!.accepted);
    for (const b of await balances(store.db, versionId)) {
      const expected = Area.sum(accepted.filter((s) => keyMatches(b.key, { category: s.row, district: s.district, method: s.method })).map((s) => s.area));
      expect(`${b.indicatorId} ${b.debited.hectares.toFixed()}`).toBe(`${b.indicatorId} ${expected.hectares.toFixed()}`);
      expect(b.kind === 'binding' ? b.remaining.isNegative() : false).toBe(false);
    }
    const report = await verifyStore(store.db);
    expect(report.problems).toEqual([]);
  });
  it('an idle scan a year later lists exactly the parcels whose agreed start passed with no actual start', async () => {
    const asOf = '2027-12-31';
    const scan = await idleScanRegister(store, { jurisdictionCode: COUNTY, asOf, ruleSetId: 'xj-demo-2026' });
    const expected = year
      .filter((_, i) => outcomes[i]!.accepted)
      .filter((s) => {
        const d = s.json['dates'] as Record<string, string>;
        return d['agreedStart']! < asOf && !(d['actualStart'] && d['actualStart'] <= asOf);
      })
      .map((s) => s.json['id'] as string)
      .sort();
    expect(scan.rows.map((r) => r.supplyId).sort()).toEqual(expected);
    expect(scan.scanned).toBe(outcomes.filter((o) => o.accepted).length);
    expect(expected.length).toBeGreaterThan(50);
    // Idle a year or more: the fee is 20% of the transaction price.
    const idle = scan.rows.filter((r) => r.status === 'idle');
    expect(idle.length).toBeGreaterThan(0);
    for (const r of idle) {
      const s = year.find((x) => x.json['id'] === r.supplyId)!;
      const price = (s.json['prices'] as Record<string, string> | undefined)?.['transaction'];
      expect(r.feeWanYuan).toBe(price ? new Dec(price).times('0.20').toFixed() : undefined);
    }
  });
});

describe('override', () => {
  const breaker = (): Record<string, unknown> => ({ ...year.find((s) => s.breaks.join() === 'max-term-by-use')!.json, id: 'OVR-1' });
  it('an approver may record a rule-breaker with a reason, and the overridden rules are kept', async () => {
    const o = await recordSupply(store, { supply: breaker(), planVersionId: versionId, jurisdictionCode: COUNTY, actor: 'clerk', override: { by: 'approver1', reason: '县政府常务会议纪要〔2026〕12号' } });
    expect(o.accepted && o.overridden).toEqual(['max-term-by-use']);
  });
  it('a viewer may not', async () => {
    const o = await recordSupply(store, { supply: { ...breaker(), id: 'OVR-2' }, planVersionId: versionId, jurisdictionCode: COUNTY, actor: 'clerk', override: { by: 'viewer1', reason: '说明' } });
    expect(o.accepted ? 'accepted' : o.reason).toBe('override-not-authorised');
  });
  it('no override lifts a binding quota', async () => {
    const big = { ...year.find((s) => s.breaks.join() === 'plan-total-cap')!.json, id: 'OVR-3' };
    const o = await recordSupply(store, { supply: big, planVersionId: versionId, jurisdictionCode: COUNTY, actor: 'clerk', override: { by: 'approver1', reason: '说明' } });
    expect(o.accepted ? [] : o.check?.errorRules).toEqual(['plan-total-cap']);
  });
});

describe('what if against the register', () => {
  it('reports the quota impact without writing', async () => {
    const before = await balances(store.db, versionId);
    const lawful = year.find((s) => s.breaks.length === 0 && s.row === 'industrialStorage')!;
    const r = checkSupply({ ...lawful.json, id: 'WHATIF' }, { ruleSet: 'xj-demo-2026', quota: await quotaStateFromStore(store, versionId) });
    expect(r.quotaImpact.map((i) => i.indicatorId)).toEqual(['total', 'category=industrialStorage', 'category=industrialStorage;district=industrial-park', 'method=grant']);
    expect(r.quotaImpact.every((i) => i.debitHa === lawful.area.hectares.toFixed())).toBe(true);
    expect(await balances(store.db, versionId)).toEqual(before);
  });
});

describe('record-supply input and sources', () => {
  it('a supply that cannot be read is refused as input, naming the field, and nothing is written', async () => {
    const before = await balances(store.db, versionId);
    const o = await recordSupply(store, { supply: { id: 'X-1', useCode: '0701' }, planVersionId: versionId, jurisdictionCode: COUNTY, actor: 'clerk' });
    expect(o.accepted ? 'accepted' : [o.reason, o.check?.findings.map((f) => f.figures[0])]).toEqual(['input', ['area', 'method']]);
    expect(await balances(store.db, versionId)).toEqual(before);
  });
  it('an unknown plan version is refused as input', async () => {
    const o = await recordSupply(store, { supply: year[0]!.json, planVersionId: 999, jurisdictionCode: COUNTY, actor: 'clerk' });
    expect(o.accepted ? 'accepted' : o.reason).toBe('input');
  });
  it('a plan broken down by source gets one ledger record per part, 新增 and 存量', async () => {
    const opts2 = await backend.fresh();
    const s2 = await openStore(opts2);
    try {
      await upsertJurisdiction(s2, { code: COUNTY, name: '巴楚县', level: 'county', parentCode: null }, 'test');
      const cube = {
        dimensions: ['category', 'source'] as const,
        cells: [
          { key: { category: 'publicServices', source: 'new' as const }, area: Area.fromHectares('10') },
          { key: { category: 'publicServices', source: 'existing' as const }, area: Area.fromHectares('2') },
        ],
        rows: [{ category: 'publicServices', kind: 'binding' as const, allocation: 'pooled' as const }],
        districts: [],
        marginals: [{ key: { source: 'existing' as const }, area: Area.fromHectares('2'), kind: 'binding' as const, label: '存量' }],
      };
      const v = await createPlan(s2, { jurisdictionCode: COUNTY, year: 2026, cube: { ...cube, dimensions: [...cube.dimensions] }, ruleSet: { id: 'xj-demo-2026' }, validFrom: '2026-01-01', actor: 'test', status: 'published' });
      const school = { id: 'SRC-1', area: { ha: '3' }, existingLandArea: { ha: '1.5' }, useCode: '0804', method: '1', allocationCatalogueItem: '五', dates: { contract: '2026-05-01', agreedStart: '2026-08-01' } };
      const o = await recordSupply(s2, { supply: school, planVersionId: v.id, jurisdictionCode: COUNTY, actor: 'clerk' });
      expect(o.accepted && o.recordIds.length).toBe(2);
      const b = Object.fromEntries((await balances(s2.db, v.id)).map((x) => [x.indicatorId, x.debited.hectares.toFixed()]));
      expect(b).toEqual({ total: '3', 'category=publicServices': '3', 'source=existing': '1.5' });
      // the 存量 cap is 2 ha: 0.4 ha more fits, another 0.4 ha does not, and nothing of it is written
      const again = (id: string) => recordSupply(s2, { supply: { ...school, id, area: { ha: '1' }, existingLandArea: { ha: '0.4' } }, planVersionId: v.id, jurisdictionCode: COUNTY, actor: 'clerk' });
      expect((await again('SRC-2')).accepted).toBe(true);
      const third = await again('SRC-3');
      expect(third.accepted ? [] : third.check?.findings.filter((f) => f.severity === 'error').map((f) => f.figures[0])).toEqual(['quota.source=existing']);
      const after = Object.fromEntries((await balances(s2.db, v.id)).map((x) => [x.indicatorId, x.debited.hectares.toFixed()]));
      expect(after).toEqual({ total: '4', 'category=publicServices': '4', 'source=existing': '1.9' });
    } finally {
      await s2.close();
      await opts2.cleanup();
    }
  });
});

describe('a parcel whose contract agrees no start date', () => {
  it('is scanned from delivery + 1 year (53号令 第三十条), not skipped', async () => {
    const opts3 = await backend.fresh();
    const s3 = await openStore({ ...opts3, clock: () => new Date('2027-03-01T00:00:00Z') });
    try {
      await upsertJurisdiction(s3, { code: COUNTY, name: '巴楚县', level: 'county', parentCode: null }, 'test');
      await importParcels(s3, {
        jurisdictionCode: COUNTY, source: 'monitoring export', actor: 'test',
        features: [{ recordIndex: 0, geometry: null, fields: { parcelNumber: 'ND-1', area: Area.fromHectares('1'), useCode: '1001', supplyMethod: '23', contractDate: '2025-01-05', agreedDeliveryDate: '2025-02-01' }, attributes: {}, areaM2: null }],
      });
      const at = async (asOf: string) => (await idleScanRegister(s3, { jurisdictionCode: COUNTY, asOf, ruleSetId: 'xj-demo-2026' })).rows.map((r) => [r.supplyId, r.status]);
      expect(await at('2026-02-01')).toEqual([]);
      expect(await at('2026-02-02')).toEqual([['ND-1', 'overdue']]);
      expect(await at('2027-02-01')).toEqual([['ND-1', 'idle']]);
    } finally {
      await s3.close();
      await opts3.cleanup();
    }
  });
});
});
