/**
 * Supply-check benchmark: one proposed supply checked with every supply and parcel rule of the
 * demo county's rule set, its quota impact against an in-memory ledger state, and the spatial
 * checks of its geometry against the synthetic county's layers (永久基本农田, 生态保护红线,
 * 城镇开发边界, the other parcels), loaded and indexed once. Each timed check includes parsing the
 * supply JSON. Target: p99 < 50 ms.
 *
 *   npm run bench -- supply-check                   county of 20 000 parcels × 200 000 farmland fields, 2 000 checks
 *   npm run bench -- supply-check --quick           2 000 parcels × 20 000 fields, 300 checks
 *
 * Last line: {"supply_check_p99_ms": …, "p50_ms": …, "checks": …, "refused": …, "spatial_errors": …}
 */
import { performance } from 'node:perf_hooks';
import { Area } from '../src/domain/area.js';
import { ruleSetById } from '../src/services/rule-sets.js';
import type { QuotaState } from '../src/domain/rules/context.js';
import { createConstraintIndex } from '../src/geo/overlay.js';
import { ellipsoidalArea } from '../src/geo/area.js';
import { generateCounty } from '../src/geo/synthetic.js';
import { createSupplyChecker } from '../src/services/check-supply.js';

const log = (s: string): void => void process.stderr.write(`[supply-check] ${s}\n`);

const CLEAN = { titleClear: true, compensationSettled: true, noDisputes: true, planningConditionsClear: true, readyToStart: true };
const DATES = { announcement: '2026-04-01', listingStart: '2026-04-21', listingEnd: '2026-05-08', contract: '2026-05-20', agreedDelivery: '2026-06-01', agreedStart: '2026-09-01' };

/** Alternating lawful residential and industrial grants on a county parcel's geometry. */
function supplyJson(i: number, id: string, geometry: unknown, areaM2: number): Record<string, unknown> {
  const m2 = areaM2.toFixed(2);
  const common = { id, district: 'd1', area: { m2 }, dates: DATES, geometry, intendedUsers: 2 };
  if (i % 2 === 0) {
    const reserve = ((areaM2 * 1500) / 10000).toFixed(2);
    return { ...common, useCode: '0701', housingType: 'otherCommodity', method: '23', termYears: 70, far: { min: '1.5', max: '2.8' }, prices: { reserve, starting: reserve, bidDeposit: reserve, cost: '1' }, cleanLand: CLEAN };
  }
  const reserve = ((areaM2 * 120) / 10000).toFixed(2);
  return {
    ...common, useCode: '1001', method: '22', termYears: 50, industryCode: 'C3511', industryCodeEdition: '2017', prices: { reserve, starting: reserve, bidDeposit: reserve, cost: '1' },
    industrial: { buildingCoverage: '0.45', adminShare: '0.05', greenRatio: '0.12', far: '1.1', investmentWanYuanPerHa: '1800', facilities: [] },
  };
}

function quota(): QuotaState {
  const ha = (v: string): Area => Area.fromHectares(v);
  return {
    categories: ['residential', 'industrialStorage', 'commercial', 'publicServices', 'transport'],
    dimensions: ['category', 'district'],
    indicators: [
      { id: 'total', key: {}, label: '供应总量', kind: 'binding', planned: ha('1843.24'), used: ha('600') },
      { id: 'category=residential', key: { category: 'residential' }, label: '住宅用地', kind: 'binding', planned: ha('77.33'), used: ha('40') },
      { id: 'category=residential;district=d1', key: { category: 'residential', district: 'd1' }, label: '住宅用地·d1', kind: 'binding', planned: ha('40'), used: ha('20') },
      { id: 'category=industrialStorage', key: { category: 'industrialStorage' }, label: '工矿仓储用地', kind: 'binding', planned: ha('1175.42'), used: ha('500') },
      { id: 'category=industrialStorage;district=d1', key: { category: 'industrialStorage', district: 'd1' }, label: '工矿仓储用地·d1', kind: 'binding', planned: ha('600'), used: ha('250') },
      { id: 'method=grant', key: { method: 'grant' }, label: '出让', kind: 'binding', planned: ha('1300.47'), used: ha('500') },
    ],
  };
}

export async function main(args: string[]): Promise<Record<string, unknown>> {
  const quick = args.includes('--quick');
  const parcels = quick ? 2000 : 20000;
  const farmland = quick ? 20000 : 200000;
  const checks = quick ? 300 : 2000;
  let t = performance.now();
  const county = generateCounty({ seed: 7, parcels, farmland });
  log(`county: ${county.parcels.length} parcels, ${county.farmland.size} farmland fields, ${county.redLines.length} red-line areas (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  t = performance.now();
  const constraints = createConstraintIndex([
    { kind: 'farmland', features: county.farmland },
    { kind: 'redLine', features: county.redLines },
    { kind: 'urbanBoundary', features: county.urbanBoundaries },
    { kind: 'parcels', features: county.parcels },
  ]);
  log(`constraint index built in ${((performance.now() - t) / 1000).toFixed(2)} s`);
  const checker = createSupplyChecker(ruleSetById('xj-demo-2026'));
  const q = quota();
  const step = Math.max(1, Math.floor(county.parcels.length / checks));
  const inputs = Array.from({ length: checks }, (_, i) => {
    const p = county.parcels[(i * step) % county.parcels.length]!;
    // The stated (official) area is the measured ellipsoidal area rounded to 0.01 m².
    const areaM2 = Math.round(ellipsoidalArea(p.geometry) * 100) / 100;
    return { json: supplyJson(i, p.id, p.geometry, areaM2), selfParcelId: p.id };
  });
  for (const x of inputs.slice(0, 50)) checker.check(x.json, { quota: q, constraints, selfParcelId: x.selfParcelId });
  const times: number[] = [];
  let refused = 0;
  let spatialErrors = 0;
  const byRule: Record<string, number> = {};
  for (const x of inputs) {
    const t0 = performance.now();
    const r = checker.check(x.json, { quota: q, constraints, selfParcelId: x.selfParcelId });
    times.push(performance.now() - t0);
    if (r.verdict === 'refuse') refused += 1;
    for (const id of r.errorRules) byRule[id] = (byRule[id] ?? 0) + 1;
    if (r.errorRules.some((id) => ['no-permanent-basic-farmland', 'no-ecological-red-line', 'parcels-no-overlap'].includes(id))) spatialErrors += 1;
  }
  times.sort((a, b) => a - b);
  const pct = (p: number): number => Number(times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]!.toFixed(3));
  const rules = checker.ruleSet ? Object.keys(checker.ruleSet.rules).length : 0;
  log(`${checks} checks: p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${pct(100)} ms; refused ${refused}, with spatial errors ${spatialErrors}; rules configured ${rules}`);
  log(`error findings by rule: ${JSON.stringify(byRule)}`);
  return { supply_check_p99_ms: pct(99), p50_ms: pct(50), max_ms: pct(100), checks, parcels: county.parcels.length, farmland: county.farmland.size, refused, spatial_errors: spatialErrors, target_ms: 50 };
}
