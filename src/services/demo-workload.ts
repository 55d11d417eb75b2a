/**
 * A reproducible supply workload for benchmarks and concurrency tests: a plan cube whose quotas
 * cover about `coverage` of the expected demand of `records` random supplies, and the supplies.
 * Deterministic for a seed (mulberry32), so every writer process can derive its share itself.
 */
import { Area } from '../domain/area.js';
import type { MethodGroup, PlanCube } from '../domain/plan/cube.js';
import type { SupplyKey } from '../store/ledger.js';

const CATEGORIES = ['residential', 'commercial', 'industrialStorage', 'transport'] as const;
const DISTRICTS = [
  { id: 'kashgar-river', name: '喀什河片区' },
  { id: 'station', name: '火车站片区' },
  { id: 'industrial-park', name: '工业园区' },
];
/** Areas are drawn uniformly from 0.10–1.00 公顷 in steps of 0.01 (mean 0.55). */
const MEAN_HA = 0.55;

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface WorkloadSupply {
  readonly key: SupplyKey;
  readonly area: Area;
}

/** `count` supplies from the seed; supply i is the same whichever process draws it. */
export function workloadSupplies(seed: number, count: number): WorkloadSupply[] {
  const rnd = mulberry32(seed);
  const out: WorkloadSupply[] = [];
  for (let i = 0; i < count; i++) {
    const category = CATEGORIES[Math.floor(rnd() * CATEGORIES.length)]!;
    const district = DISTRICTS[Math.floor(rnd() * DISTRICTS.length)]!.id;
    const method: MethodGroup = category === 'transport' || rnd() < 0.2 ? 'allocation' : 'grant';
    const hundredths = 10 + Math.floor(rnd() * 91);
    out.push({ key: { category, district, method }, area: Area.fromHectares((hundredths / 100).toFixed(2)) });
  }
  return out;
}

/**
 * Caps: each category × district cell gets `coverage` of its expected demand; 住宅/商服/工矿仓储
 * are binding and zone-allocated, 交通运输 indicative and pooled; 出让 is a binding marginal.
 * The plan total (always binding) is the sum of the cells.
 */
export function workloadCube(records: number, coverage = 0.6): PlanCube {
  const perCellHa = (records / (CATEGORIES.length * DISTRICTS.length)) * MEAN_HA * coverage;
  const cell = Area.fromHectares(perCellHa.toFixed(2));
  // Expected 出让 demand: 80% of the three grantable categories.
  const grantHa = records * (3 / 4) * 0.8 * MEAN_HA * coverage;
  return {
    dimensions: ['category', 'district'],
    cells: CATEGORIES.flatMap((category) => DISTRICTS.map((d) => ({ key: { category, district: d.id }, area: cell }))),
    rows: CATEGORIES.map((category) => ({
      category,
      kind: category === 'transport' ? ('indicative' as const) : ('binding' as const),
      allocation: category === 'transport' ? ('pooled' as const) : ('zoneAllocated' as const),
    })),
    districts: DISTRICTS,
    marginals: [{ key: { method: 'grant' }, area: Area.fromHectares(grantHa.toFixed(2)), kind: 'binding', label: '出让' }],
  };
}
