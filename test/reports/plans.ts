/**
 * Test support: random valid plans (fast-check) and the demo plan as report input. Plans use
 * categories that do not nest (a cube partitions its total), grant/allocation/lease methods, 新增/
 * 存量, districts named as plans name them (…片区, …镇, …园区), quarters, housing types, and areas
 * with any number of decimals down to 0.01 m².
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { Area } from '../../src/domain/area.js';
import { keyId, type CellKey, type Dimension, type PlanCell, type PlanCube } from '../../src/domain/plan/cube.js';
import { ruleSetById } from '../../src/services/rule-sets.js';
import { compilePlanFromText } from '../../src/services/compile-plan-from-text.js';
import type { MapLayerFeature, ReportInput } from '../../src/reports/index.js';
import { demoCounty, demoLayers, districtName } from '../../src/services/demo-county.js';
import { ellipsoidalArea } from '../../src/geo/area.js';
import { dataFilePath } from '../../src/services/data-files.js';

export const CATEGORIES = ['industrial', 'storage', 'mining', 'commercial', 'residential', 'education', 'publicUtilities', 'greenSpace', 'transport', 'water', 'special', 'other'];
const OLD_HOUSING = ['lowRent', 'publicRental', 'economical', 'priceCapped', 'shantytown', 'smallMediumCommodity', 'otherCommodity'];
const NEW_HOUSING = ['ownership', 'affordableRental', 'marketRental', 'otherHousing'];
const PLACES = ['城东', '城西', '河北', '南湖', '高新', '物流', '老城', '滨河', '火车站', '北山', '阳光', '新城'];
const SUFFIX = ['片区', '园区', '镇', '片区'];

/** An area with k decimals of hectares (k = 0…6: whole hectares down to 0.01 m²). */
const areaArb = fc.tuple(fc.integer({ min: 1, max: 2_000_000 }), fc.integer({ min: 0, max: 6 })).map(([n, k]) => Area.fromHectares(`${n}e-${k}`));

export interface RandomPlan {
  readonly input: ReportInput;
}

export const planArb: fc.Arbitrary<ReportInput> = fc
  .record({
    categories: fc.shuffledSubarray(CATEGORIES, { minLength: 1, maxLength: 12 }),
    dims: fc.subarray(['method', 'source', 'district', 'quarter', 'housingType'] as Dimension[]),
    districtCount: fc.integer({ min: 1, max: 6 }),
    lease: fc.boolean(),
    newScheme: fc.boolean(),
    region: fc.constantFrom('示范县', '东山县', '西河市', '南湖区', '北旗'),
    year: fc.integer({ min: 2020, max: 2030 }),
    seed: fc.array(fc.nat(), { minLength: 80, maxLength: 80 }),
    areas: fc.array(areaArb, { minLength: 60, maxLength: 60 }),
    five: fc.option(areaArb, { nil: undefined }),
    statedNewCap: fc.boolean(),
  })
  .map((r) => {
    let s = 0;
    const pick = <T>(xs: readonly T[]): T => xs[r.seed[s++ % r.seed.length]! % xs.length]!;
    const districts = PLACES.slice(0, r.districtCount).map((p, i) => ({ id: `d${i + 1}`, name: `${p}${SUFFIX[i % SUFFIX.length]}` }));
    const methods = r.lease ? ['grant', 'allocation', 'lease'] : ['grant', 'allocation'];
    const housing = r.newScheme ? NEW_HOUSING : OLD_HOUSING;
    const dimensions: Dimension[] = ['category', ...r.dims];
    const cells: PlanCell[] = [];
    const seen = new Set<string>();
    let a = 0;
    for (const category of r.categories) {
      const n = 1 + (r.seed[s++ % r.seed.length]! % 3);
      for (let i = 0; i < n && a < r.areas.length; i++) {
        const key: { -readonly [K in keyof CellKey]: CellKey[K] } = { category };
        if (r.dims.includes('method')) key.method = pick(methods) as CellKey['method'];
        if (r.dims.includes('source')) key.source = pick(['new', 'existing'] as const);
        if (r.dims.includes('district')) key.district = pick(districts).id;
        if (r.dims.includes('quarter')) key.quarter = pick([1, 2, 3, 4] as const);
        if (r.dims.includes('housingType') && category === 'residential') key.housingType = pick(housing);
        if (seen.has(keyId(key))) continue;
        seen.add(keyId(key));
        cells.push({ key, area: r.areas[a++]! });
      }
    }
    // A valid plan meets the rule set's housing share (三类住房 ≥ 70% of housing land): drop the
    // other housing cells until it does, keeping at least one counted cell.
    const counted = new Set(['lowRent', 'economical', 'publicRental', 'priceCapped', 'shantytown', 'smallMediumCommodity', 'affordableRental']);
    const housingCells = cells.filter((c) => c.key.housingType !== undefined);
    if (housingCells.length) {
      const all = Area.sum(housingCells.map((c) => c.area));
      const ok = Area.sum(housingCells.filter((c) => counted.has(c.key.housingType!)).map((c) => c.area));
      if (ok.times(10).compare(all.times(7)) < 0) {
        for (let i = cells.length - 1; i >= 0; i--) if (cells[i]!.key.housingType !== undefined && !counted.has(cells[i]!.key.housingType!)) cells.splice(i, 1);
        if (!cells.some((c) => c.key.category === 'residential')) {
          const first = housingCells[0]!;
          cells.push({ key: { ...first.key, housingType: r.newScheme ? 'affordableRental' : 'smallMediumCommodity' }, area: first.area });
        }
      }
    }
    const total = Area.sum(cells.map((c) => c.area));
    const cube: PlanCube = {
      dimensions,
      cells,
      rows: r.categories.map((category) => ({ category, kind: pick(['binding', 'indicative'] as const), allocation: pick(['pooled', 'zoneAllocated'] as const) })),
      districts: r.dims.includes('district') ? districts : [],
      marginals: !r.dims.includes('source') && r.statedNewCap ? [{ key: { source: 'new' }, area: total.times('0.6'), kind: 'binding', label: '新增建设用地' }] : [],
      ...(r.five ? { fiveYearAverage: { total: r.five } } : {}),
    };
    return {
      plan: { region: r.region, year: r.year, cube },
      ruleSet: ruleSetById(`cn-${r.year >= 2026 ? 2026 : 2026}`),
      ...(r.dims.includes('district') ? {} : { layoutDistricts: districts.map((d) => d.name) }),
    } satisfies ReportInput;
  });

/** The 巴楚县 2026 plan compiled from its published text (the demo). */
export function demoInput(extra: Partial<ReportInput> = {}): ReportInput {
  const c = compilePlanFromText(readFileSync(dataFilePath('demo/bachu-2026-plan.txt'), 'utf8'));
  return { plan: { region: '巴楚县', year: 2026, cube: c.cube }, meta: { status: 'consultation' }, ruleSet: ruleSetById('xj-demo-2026'), ...extra };
}

/** A plan with every dimension the tables show, odd decimals and a 宗地表 of 40 parcels. */
export function tableInput(): ReportInput {
  const ha = (v: string) => Area.fromHectares(v);
  const cube: PlanCube = {
    dimensions: ['category', 'method', 'source', 'housingType'],
    cells: [
      { key: { category: 'residential', method: 'grant', source: 'new', housingType: 'smallMediumCommodity' }, area: ha('12.345678') },
      { key: { category: 'residential', method: 'allocation', source: 'existing', housingType: 'publicRental' }, area: ha('3.3') },
      { key: { category: 'residential', method: 'grant', source: 'existing', housingType: 'otherCommodity' }, area: ha('4.1') },
      { key: { category: 'commercial', method: 'grant', source: 'new' }, area: ha('7.07') },
      { key: { category: 'industrial', method: 'grant', source: 'new' }, area: ha('101.10') },
      { key: { category: 'publicUtilities', method: 'allocation', source: 'existing' }, area: ha('0.1') },
      { key: { category: 'transport', method: 'allocation', source: 'new' }, area: ha('33.33') },
    ],
    rows: [],
    districts: [{ id: 'd1', name: '城东片区' }],
    marginals: [],
  };
  const parcels = Array.from({ length: 40 }, (_, i) => ({
    number: `T-${String(i + 1).padStart(3, '0')}`,
    name: `项目${i + 1}`,
    location: `城东片区${i + 1}号`,
    district: 'd1',
    category: i % 2 ? 'residential' : 'industrial',
    area: Area.fromSquareMetres(`${1000 + i * 37}.${String(i).padStart(2, '0')}`),
    newLand: Area.fromSquareMetres(`${500 + i}`),
    method: 'grant' as const,
  }));
  return { plan: { region: '示范县', year: 2026, cube, parcels }, ruleSet: ruleSetById('cn-2026') };
}


/** The demo plan with 120 of the demo county's synthetic parcels and its layers (all demonstration data). */
export function demoInputWithParcels(count = 120): ReportInput {
  const county = demoCounty();
  const cats = ['residential', 'commercial', 'industrialStorage', 'publicServices', 'transport', 'special'];
  const parcels = county.parcels.slice(0, count).map((p, i) => ({
    number: `BC-${String(i + 1).padStart(4, '0')}`,
    name: `演示项目 ${i + 1}`,
    location: `${districtName(String(p.properties['片区']))}（演示）`,
    district: String(p.properties['片区']),
    category: cats[i % cats.length]!,
    area: Area.fromSquareMetres(ellipsoidalArea(p.geometry).toFixed(2)),
    method: (i % 3 ? 'grant' : 'allocation') as 'grant' | 'allocation',
    useCode: ['0701', '0901', '1001', '0804', '1207', '1501'][i % cats.length]!,
    methodCode: i % 3 ? '23' : '1',
    geometry: p.geometry,
  }));
  const base = demoInput();
  const layers = demoLayers().features.map((f) => ({ layer: f.properties.layer as MapLayerFeature['layer'], name: f.properties.name, geometry: f.geometry }));
  return { ...base, plan: { ...base.plan, cube: { ...base.plan.cube, districts: county.districts.map((d) => ({ id: d.id, name: districtName(d.id) })) }, parcels }, layers, parcelNote: '宗地及图层为演示数据（合成），非实测' };
}
