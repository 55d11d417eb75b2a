/** Fixtures and a one-rule runner for the rule tests. */
import { Area } from '../../src/domain/area.js';
import type { Finding } from '../../src/domain/finding.js';
import { prepareRules, runPrepared } from '../../src/domain/rule-set.js';
import { loadRuleSet, type RuleSet } from '../../src/domain/rule-set.js';
import { fileRuleSetSource } from '../../src/services/rule-sets.js';
import { ALL_RULES } from '../../src/domain/rules/index.js';
import { parseSupply } from '../../src/domain/rules/supply-input.js';
import type { QuotaState, SpatialResult, SupplyContext } from '../../src/domain/rules/context.js';
import type { Supply } from '../../src/domain/supply.js';

export type Json = Record<string, unknown>;

const DATES = {
  announcement: '2026-04-01',
  listingStart: '2026-04-21',
  listingEnd: '2026-05-08',
  contract: '2026-05-20',
  agreedDelivery: '2026-06-01',
  agreedStart: '2026-09-01',
  agreedCompletion: '2028-09-01',
};
const CLEAN = { titleClear: true, compensationSettled: true, noDisputes: true, planningConditionsClear: true, readyToStart: true };

/** Rule sets under data/rule-sets/ plus the test-only ones in test/rules/data/rule-sets/. */
export const TEST_RULE_SOURCE = fileRuleSetSource([new URL('./data/rule-sets/', import.meta.url).pathname]);
const loaded = new Map<string, RuleSet>();
export function testRuleSet(id: string): RuleSet {
  let r = loaded.get(id);
  if (!r) loaded.set(id, (r = loadRuleSet(id, TEST_RULE_SOURCE)));
  return r;
}

/** 商品住宅, 3 ha, by listing: passes every supply rule under xj-demo-2026. */
export const residentialListing: Json = {
  id: 'R1', district: 'kashgar', area: { ha: '3' }, useCode: '0701', housingType: 'otherCommodity', method: '23', termYears: 70,
  intendedUsers: 2, far: { min: '1.2', max: '2.5' },
  prices: { reserve: '3000', starting: '3000', bidDeposit: '600', cost: '2000' },
  cleanLand: CLEAN, dates: DATES,
};

/** 工业 (GB/T 4754-2017 C3511 专用设备 → 2002 division 36, FAR floor 0.7), 2 ha, by listing; land class 14 floor = 84 元/m² × 20 000 m² = 168 万元. */
export const industrialListing: Json = {
  id: 'I1', district: 'park', area: { ha: '2' }, useCode: '1001', method: '23', termYears: 50, industryCode: 'C3511', industryCodeEdition: '2017',
  intendedUsers: 1, prices: { reserve: '200', starting: '200', bidDeposit: '40', cost: '150' },
  industrial: { buildingCoverage: '0.40', adminShare: '0.05', greenRatio: '0.15', far: '0.8', investmentWanYuanPerHa: '1500', facilities: [] },
  cleanLand: CLEAN, dates: DATES,
};

/** 教育 by allocation under catalogue item 五. */
export const allocationSchool: Json = { id: 'A1', district: 'town', area: { ha: '1.5' }, useCode: '0804', method: '1', allocationCatalogueItem: '五', dates: { contract: '2026-05-20', agreedStart: '2026-09-01' } };

/** 医疗卫生 by negotiated grant, 1 ha; 0.70 × 400 元/m² × 10 000 m² = 280 万元. */
export const negotiatedClinic: Json = {
  id: 'N1', district: 'town', area: { ha: '1' }, useCode: '0806', method: '3', termYears: 50, intendedUsers: 1,
  prices: { transaction: '500', cost: '300', benchmarkYuanPerM2: '400' }, dates: { contract: '2026-05-20', agreedStart: '2026-09-01' },
};

/** Deep-merges a patch into a fixture (arrays and scalars replace). */
export function patch(base: Json, p: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(p)) {
    const b = base[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b) ? patch(b as Json, v as Json) : v;
  }
  return out;
}

export function supplyOf(json: Json): Supply {
  const r = parseSupply(json);
  if (!r.supply) throw new Error(`fixture does not parse: ${JSON.stringify(r.findings)}`);
  return r.supply;
}

/** Findings of one rule on a context, parameters from the named rule set. */
export function runRule<C>(ruleId: string, ctx: C, ruleSetId = 'xj-demo-2026'): Finding[] {
  const rule = ALL_RULES.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  const prepared = prepareRules([rule], testRuleSet(ruleSetId));
  if (prepared.problems.length) throw new Error(JSON.stringify(prepared.problems));
  return runPrepared(prepared, ctx);
}

export function supplyCtx(json: Json, extra: { quota?: QuotaState; spatial?: SpatialResult } = {}): SupplyContext {
  return { supply: supplyOf(json), ...extra };
}

export const ha = (v: string): Area => Area.fromHectares(v);

/** A quota state with a residential row zone-allocated to "kashgar" and an industrial pooled row. */
export function quotaState(usedResidential = '0'): QuotaState {
  return {
    categories: ['residential', 'industrialStorage', 'publicServices'],
    dimensions: ['category', 'district'],
    indicators: [
      { id: 'total', key: {}, label: '供应总量', kind: 'binding', planned: ha('100'), used: ha('10') },
      { id: 'category=residential', key: { category: 'residential' }, label: '住宅用地', kind: 'binding', planned: ha('10'), used: ha(usedResidential) },
      { id: 'category=residential;district=kashgar', key: { category: 'residential', district: 'kashgar' }, label: '住宅用地·喀什河片区', kind: 'binding', planned: ha('5'), used: ha(usedResidential) },
      { id: 'category=industrialStorage', key: { category: 'industrialStorage' }, label: '工矿仓储用地', kind: 'binding', planned: ha('50'), used: ha('0') },
      { id: 'category=publicServices', key: { category: 'publicServices' }, label: '公共管理与公共服务用地', kind: 'indicative', planned: ha('1'), used: ha('0') },
    ],
  };
}

export const cleanSpatial: SpatialResult = { parcelAreaM2: 30000, farmlandM2: 0, redLineM2: 0, outsideUrbanBoundaryM2: 0, overlaps: [] };

export function ids(fs: readonly Finding[]): string[] {
  return fs.map((f) => `${f.rule}:${f.severity}`);
}
