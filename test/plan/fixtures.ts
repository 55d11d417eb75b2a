/** Plan JSON fixtures. */
import { parsePlan } from '../../src/domain/plan/plan-input.js';
import type { PlanDocument } from '../../src/domain/plan/document.js';

export type Json = Record<string, unknown>;

/** A small county plan by category × housing type × district, in 公顷. */
export const smallPlan: Json = {
  region: '示范县', year: 2026, unit: 'ha', publishedOn: '2026-03-31',
  dimensions: ['category', 'housingType', 'district'],
  districts: [{ id: 'kashgar', name: '喀什河片区' }, { id: 'park', name: '工业园区' }],
  rows: [
    { category: 'residential', kind: 'binding', allocation: 'zoneAllocated' },
    { category: 'industrialStorage', kind: 'binding', allocation: 'zoneAllocated' },
    { category: 'transport', kind: 'indicative', allocation: 'pooled' },
  ],
  cells: [
    { category: '居住用地', housingType: '公租房', district: 'kashgar', area: '6.00' },
    { category: '居住用地', housingType: '中小套型普通商品住房', district: 'kashgar', area: '15.00' },
    { category: '居住用地', housingType: '其他商品住房', district: 'kashgar', area: '9.00' },
    { category: '工矿仓储用地', district: 'park', area: '50.00' },
    { category: '交通运输用地', district: 'park', area: '20.00' },
  ],
  statedTotal: '100.00',
  fiveYearAverage: { total: '80.00', byCategory: { residential: '25.00' } },
};

export function planOf(json: Json): PlanDocument {
  const r = parsePlan(json);
  if (!r.plan) throw new Error(`plan fixture does not parse: ${JSON.stringify(r.findings)}`);
  return r.plan;
}
