/**
 * A generated year of supply decisions for the demo county (deterministic from a seed): every
 * supply method and every kind of use, with a known share of rule-breakers, each labelled with
 * the rule ids that must refuse it. Also the plan cube that covers the lawful ones.
 */
import { Area } from '../../src/domain/area.js';
import type { PlanCube } from '../../src/domain/plan/cube.js';
import { addDays, addYears } from '../../src/domain/rules/dates.js';
import { mulberry32 } from '../../src/services/demo-workload.js';

export interface GeneratedSupply {
  readonly json: Record<string, unknown>;
  /** Sorted rule ids that must refuse it; empty for a lawful supply. */
  readonly breaks: readonly string[];
  /** Plan row and district it draws on (for the independent ledger sum). */
  readonly row: string;
  readonly district: string;
  readonly method: 'grant' | 'allocation' | 'lease' | 'capitalContribution' | 'authorizedOperation';
  readonly area: Area;
}

export const DISTRICTS = [
  { id: 'kashgar-river', name: '喀什河片区' },
  { id: 'station', name: '火车站片区' },
  { id: 'industrial-park', name: '工业园区' },
];
const CLEAN = { titleClear: true, compensationSettled: true, noDisputes: true, planningConditionsClear: true, readyToStart: true };
const ROW: Record<string, string> = { residential: 'residential', commercial: 'commercial', industrial: 'industrialStorage', storage: 'industrialStorage', publicServices: 'publicServices', utilities: 'publicServices', transport: 'transport', special: 'special' };

interface Template {
  readonly kind: string;
  readonly useCode: string;
  readonly useClass: keyof typeof ROW;
  readonly method: string;
  readonly yuanPerM2: number;
  readonly extra: Record<string, unknown>;
  readonly districts: readonly string[];
}

const HOUSING = ['kashgar-river', 'station'];
const PARK = ['industrial-park'];
const ANY = DISTRICTS.map((d) => d.id);
const INDUSTRIAL = { industryCode: 'C3511', industryCodeEdition: '2017', industrial: { buildingCoverage: '0.45', adminShare: '0.05', greenRatio: '0.12', far: '1.1', investmentWanYuanPerHa: '1800', facilities: [] } };

const TEMPLATES: readonly Template[] = [
  { kind: 'commodity-housing-listing', useCode: '0701', useClass: 'residential', method: '23', yuanPerM2: 1500, extra: { housingType: 'otherCommodity', termYears: 70, intendedUsers: 2, far: { min: '1.5', max: '2.8' }, cleanLand: CLEAN }, districts: HOUSING },
  { kind: 'small-unit-housing-auction', useCode: '070102', useClass: 'residential', method: '22', yuanPerM2: 1400, extra: { housingType: 'smallMediumCommodity', termYears: 70, intendedUsers: 3, far: { min: '1.8', max: '3.0' }, cleanLand: CLEAN }, districts: HOUSING },
  { kind: 'public-rental-allocation', useCode: '0701', useClass: 'residential', method: '1', yuanPerM2: 0, extra: { housingType: 'publicRental', far: { min: '1.6', max: '2.5' } }, districts: HOUSING },
  { kind: 'commercial-tender', useCode: '0901', useClass: 'commercial', method: '21', yuanPerM2: 1200, extra: { termYears: 40, intendedUsers: 2, cleanLand: CLEAN }, districts: HOUSING },
  { kind: 'industrial-listing', useCode: '1001', useClass: 'industrial', method: '23', yuanPerM2: 120, extra: { termYears: 50, intendedUsers: 1, ...INDUSTRIAL }, districts: PARK },
  { kind: 'storage-auction', useCode: '1101', useClass: 'storage', method: '22', yuanPerM2: 100, extra: { termYears: 50, intendedUsers: 1 }, districts: PARK },
  { kind: 'school-allocation', useCode: '0804', useClass: 'publicServices', method: '1', yuanPerM2: 0, extra: { allocationCatalogueItem: '五' }, districts: ANY },
  { kind: 'clinic-negotiated', useCode: '0806', useClass: 'publicServices', method: '3', yuanPerM2: 300, extra: { termYears: 50, intendedUsers: 1 }, districts: ANY },
  { kind: 'road-allocation', useCode: '1202', useClass: 'transport', method: '1', yuanPerM2: 0, extra: { allocationCatalogueItem: '十六' }, districts: ANY },
  { kind: 'waterworks-allocation', useCode: '1301', useClass: 'utilities', method: '1', yuanPerM2: 0, extra: { allocationCatalogueItem: '三-1' }, districts: ANY },
  { kind: 'welfare-lease', useCode: '0807', useClass: 'publicServices', method: '4', yuanPerM2: 50, extra: {}, districts: ANY },
  { kind: 'power-capital', useCode: '1303', useClass: 'utilities', method: '5', yuanPerM2: 80, extra: {}, districts: ANY },
  { kind: 'special-authorized', useCode: '1505', useClass: 'special', method: '6', yuanPerM2: 60, extra: {}, districts: ANY },
];

/** Rule-breakers: a lawful template, a patch, and the rule ids that must refuse it. */
const BREAKERS: readonly { kind: string; base: string; patch: (j: Record<string, unknown>) => Record<string, unknown>; breaks: string[] }[] = [
  // A low FAR upper bound is only a heuristic villa warning; the FAR floor is what refuses it.
  { kind: 'villa', base: 'commodity-housing-listing', patch: (j) => ({ ...j, far: { min: '0.6', max: '0.8' } }), breaks: ['residential-far-min'] },
  { kind: 'declared-villa', base: 'commodity-housing-listing', patch: (j) => ({ ...j, villa: true }), breaks: ['villa-ban'] },
  { kind: 'low-far-housing', base: 'commodity-housing-listing', patch: (j) => ({ ...j, far: { min: '0.9', max: '2.0' } }), breaks: ['residential-far-min'] },
  { kind: 'industrial-negotiated', base: 'industrial-listing', patch: (j) => ({ ...j, method: '3', prices: { transaction: (j['prices'] as Record<string, string>)['transaction'], cost: (j['prices'] as Record<string, string>)['cost'], benchmarkYuanPerM2: '100' } }), breaks: ['commercial-purpose-public-bidding'] },
  { kind: 'industrial-below-floor', base: 'industrial-listing', patch: (j) => ({ ...j, prices: { ...(j['prices'] as object), reserve: '1', starting: '1', bidDeposit: '1', transaction: '1', cost: '0.5' } }), breaks: ['reserve-price-floor'] },
  { kind: 'two-users-negotiated', base: 'clinic-negotiated', patch: (j) => ({ ...j, intendedUsers: 2 }), breaks: ['competing-applicants-bidding'] },
  { kind: 'commercial-allocated', base: 'commercial-tender', patch: (j) => ({ ...j, method: '1' }), breaks: ['allocation-eligibility', 'commercial-purpose-public-bidding', 'competing-applicants-bidding'] },
  { kind: 'commercial-term-50', base: 'commercial-tender', patch: (j) => ({ ...j, termYears: 50 }), breaks: ['max-term-by-use'] },
  { kind: 'raw-land', base: 'commodity-housing-listing', patch: (j) => ({ ...j, cleanLand: { ...CLEAN, compensationSettled: false } }), breaks: ['clean-land-precondition'] },
  { kind: 'short-announcement', base: 'commercial-tender', patch: (j) => ({ ...j, dates: { ...(j['dates'] as object), announcement: addDays((j['dates'] as Record<string, string>)['biddingStart']!, -15) } }), breaks: ['announcement-lead-20d'] },
  { kind: 'low-coverage', base: 'industrial-listing', patch: (j) => ({ ...j, industrial: { ...(j['industrial'] as object), buildingCoverage: '0.20' } }), breaks: ['industrial-building-coverage-min'] },
  { kind: 'oversize-housing', base: 'commodity-housing-listing', patch: (j) => ({ ...j, area: { ha: '7.5' } }), breaks: ['residential-parcel-max-area'] },
  // 400 ha at 120 元/m²: lawful prices, beyond any block of the plan.
  { kind: 'over-quota', base: 'industrial-listing', patch: (j) => ({ ...j, area: { ha: '400' }, existingLandArea: { ha: '0' }, prices: { reserve: '48000', starting: '48000', bidDeposit: '14400', transaction: '52800', cost: '28800' } }), breaks: ['plan-total-cap'] },
];

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)]!;
}

function methodGroup(code: string): GeneratedSupply['method'] {
  return code === '1' ? 'allocation' : code === '4' ? 'lease' : code === '5' ? 'capitalContribution' : code === '6' ? 'authorizedOperation' : 'grant';
}

function build(t: Template, i: number, rnd: () => number): Record<string, unknown> {
  const maxHa = t.useClass === 'residential' ? 6.5 : 3;
  const hundredths = 30 + Math.floor(rnd() * (maxHa * 100 - 30));
  const areaHa = (hundredths / 100).toFixed(2);
  const m2 = hundredths * 100;
  const contract = addDays('2026-02-15', Math.floor(rnd() * 300));
  const announcement = addDays(contract, -45);
  const start = addDays(announcement, 21);
  const agreedStart = addDays(contract, 60 + Math.floor(rnd() * 60));
  const started = rnd() < 0.6;
  const reserve = ((m2 * t.yuanPerM2) / 10000).toFixed(2);
  const paid = t.yuanPerM2 > 0;
  return {
    id: `G${String(i).padStart(4, '0')}`,
    projectName: `${t.kind} ${i}`,
    district: pick(rnd, t.districts),
    area: { ha: areaHa },
    existingLandArea: { ha: rnd() < 0.3 ? (hundredths / 200).toFixed(2) : '0' },
    useCode: t.useCode,
    method: t.method,
    ...t.extra,
    ...(paid
      ? { prices: { reserve, starting: reserve, bidDeposit: (Number(reserve) * 0.3).toFixed(2), transaction: (Number(reserve) * 1.1).toFixed(2), cost: (Number(reserve) * 0.6).toFixed(2), ...(t.method === '3' ? { benchmarkYuanPerM2: String(t.yuanPerM2) } : {}) } }
      : {}),
    dates: {
      announcement,
      ...(t.method === '23' ? { listingStart: start, listingEnd: addDays(start, 20) } : { biddingStart: start }),
      contract,
      agreedDelivery: addDays(contract, 10),
      agreedStart,
      agreedCompletion: addYears(agreedStart, 2),
      ...(started ? { actualStart: addDays(agreedStart, Math.floor(rnd() * 400) - 30) } : {}),
    },
  };
}

/** `lawfulPerTemplate` lawful supplies of each template, plus `breakersEach` of each breaker kind, shuffled. */
export function generateYear(seed: number, lawfulPerTemplate = 20, breakersEach = 2): GeneratedSupply[] {
  const rnd = mulberry32(seed);
  const out: GeneratedSupply[] = [];
  let i = 0;
  const add = (json: Record<string, unknown>, t: Template, breaks: string[]): void => {
    const area = Area.fromHectares((json['area'] as { ha: string }).ha);
    out.push({ json, breaks: [...breaks].sort(), row: ROW[t.useClass]!, district: json['district'] as string, method: methodGroup(json['method'] as string), area });
  };
  for (const t of TEMPLATES) for (let k = 0; k < lawfulPerTemplate; k++) add(build(t, i++, rnd), t, []);
  for (const b of BREAKERS) {
    const t = TEMPLATES.find((x) => x.kind === b.base)!;
    for (let k = 0; k < breakersEach; k++) add(b.patch(build(t, i++, rnd)), t, b.breaks);
  }
  for (let k = out.length - 1; k > 0; k--) {
    const j = Math.floor(rnd() * (k + 1));
    [out[k], out[j]] = [out[j]!, out[k]!];
  }
  return out;
}

/**
 * A cube whose blocks hold the lawful supplies with 10% + 10 ha headroom (rounded up to 0.01 ha),
 * so every supply below 10 ha fits whatever the order, and the 400 ha one never does.
 */
export function yearCube(supplies: readonly GeneratedSupply[]): PlanCube {
  const lawful = supplies.filter((s) => s.breaks.length === 0);
  const sums = new Map<string, Area>();
  for (const s of lawful) sums.set(`${s.row}|${s.district}`, (sums.get(`${s.row}|${s.district}`) ?? Area.zero).plus(s.area));
  const cap = (a: Area): Area => Area.fromHectares(a.hectares.times('1.1').plus(10).toDecimalPlaces(2, 2));
  const cells = [...sums].map(([k, a]) => {
    const [category, district] = k.split('|') as [string, string];
    return { key: { category, district }, area: cap(a) };
  });
  const grant = Area.sum(lawful.filter((s) => s.method === 'grant').map((s) => s.area));
  const binding = ['residential', 'commercial', 'industrialStorage'];
  return {
    dimensions: ['category', 'district'],
    cells,
    rows: [...new Set(cells.map((c) => c.key.category))].map((category) => ({
      category,
      kind: binding.includes(category) ? ('binding' as const) : ('indicative' as const),
      allocation: binding.includes(category) ? ('zoneAllocated' as const) : ('pooled' as const),
    })),
    districts: DISTRICTS,
    marginals: [{ key: { method: 'grant' }, area: cap(grant), kind: 'binding', label: '出让' }],
  };
}
