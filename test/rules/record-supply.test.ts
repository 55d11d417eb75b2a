/**
 * Acceptance: a generated year of supply decisions for the demo county through record-supply on
 * the embedded register. Rule-breakers are refused with the right rule ids, the ledger balances,
 * and an idle scan a year later lists exactly the parcels whose agreed start passed unstarted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Area } from '../../src/domain/area.js';
import { Dec } from '../../src/domain/decimal.js';
import { keyMatches } from '../../src/domain/plan/cube.js';
import { ruleSetById } from '../../src/domain/rules/data-source.js';
import { openStore, createPlan, upsertJurisdiction, createUser, verifyStore, type Store } from '../../src/services/register.js';
import { balances } from '../../src/services/ledger.js';
import { recordSupply, ruleSetSnapshot, type RecordSupplyOutcome } from '../../src/services/record-supply.js';
import { idleScanRegister } from '../../src/services/idle-scan.js';
import { checkSupply, quotaStateFromStore } from '../../src/services/check-supply.js';
import { generateYear, yearCube, type GeneratedSupply } from './generated-year.js';

const COUNTY = '653130';
let store: Store;
let versionId: number;
const year = generateYear(2026);
const outcomes: RecordSupplyOutcome[] = [];

beforeAll(async () => {
  store = await openStore({ sqlitePath: ':memory:', clock: () => new Date('2026-12-31T00:00:00Z') });
  await upsertJurisdiction(store, { code: COUNTY, name: '巴楚县', level: 'county', parentCode: null }, 'test');
  await createUser(store, { username: 'approver1', displayName: '审批人', roles: [{ role: 'approver', jurisdictionCode: COUNTY }] }, 'test');
  await createUser(store, { username: 'viewer1', displayName: '查看', roles: [{ role: 'viewer', jurisdictionCode: COUNTY }] }, 'test');
  const v = await createPlan(store, { jurisdictionCode: COUNTY, year: 2026, cube: yearCube(year), ruleSet: ruleSetSnapshot(ruleSetById('xj-demo-2026')), validFrom: '2026-01-01', status: 'published', actor: 'test' });
  versionId = v.id;
  for (const s of year) outcomes.push(await recordSupply(store, { supply: s.json, planVersionId: versionId, jurisdictionCode: COUNTY, actor: 'clerk' }));
});
afterAll(async () => {
  await store.close();
});

describe('a generated year through record-supply', () => {
  it('has a few hundred supplies of every method and use', () => {
    expect(year.length).toBe(13 * 20 + 12 * 2);
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
    expect(outcomes.filter((o) => !o.accepted).length).toBe(24);
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
