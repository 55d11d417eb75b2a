/**
 * The plan cube (ARCHITECTURE decision 2). A plan's indicators are cells keyed by dimensions;
 * totals, shares, the 出让/划拨 split and the attachment tables are projections of the cells, so a
 * plan compiled here cannot contradict itself.
 *
 * The cells partition the plan: every cell specifies exactly the plan's declared `dimensions`
 * (category is always one of them). A quota *indicator* is a partial key with a cap: the plan
 * total (empty key), a category row, a category × district block, the 新增 cap, a stated marginal
 * such as the 出让 total. A supply with a full key draws on every indicator whose key it matches.
 */
import { Area } from '../area.js';
import type { Finding } from '../finding.js';
import { planCategory, standardGroupOf } from '../classification/index.js';

export type Dimension = 'category' | 'method' | 'source' | 'district' | 'quarter' | 'housingType';
export const DIMENSIONS: readonly Dimension[] = ['category', 'method', 'source', 'district', 'quarter', 'housingType'];

/** 出让 (grant: 招拍挂 21/22/23 and 协议 3), 划拨 (allocation: 1), and the other national methods. */
export type MethodGroup = 'grant' | 'allocation' | 'lease' | 'capitalContribution' | 'authorizedOperation';
/** 新增建设用地 / 存量建设用地. */
export type LandSource = 'new' | 'existing';
/** 约束性 / 指导性 (预测性). */
export type IndicatorKind = 'binding' | 'indicative';
/** 全县统筹 / 分解落实到区块. */
export type Allocation = 'pooled' | 'zoneAllocated';

export interface CellKey {
  readonly category?: string;
  readonly method?: MethodGroup;
  readonly source?: LandSource;
  readonly district?: string;
  readonly quarter?: 1 | 2 | 3 | 4;
  readonly housingType?: string;
}

export interface PlanCell {
  readonly key: CellKey;
  readonly area: Area;
}

/** Per-row flags (DOMAIN §1.3): set per plan; no law fixes them. */
export interface CategoryRow {
  readonly category: string;
  readonly kind: IndicatorKind;
  readonly allocation: Allocation;
}

export interface District {
  readonly id: string;
  readonly name: string;
}

/** A marginal printed in the plan that the cells may not determine (e.g. the 出让 total). */
export interface StatedMarginal {
  readonly key: CellKey;
  readonly area: Area;
  readonly kind: IndicatorKind;
  readonly label: string;
}

export interface PlanCube {
  readonly dimensions: readonly Dimension[];
  readonly cells: readonly PlanCell[];
  readonly rows: readonly CategoryRow[];
  readonly districts: readonly District[];
  /** Marginals stated beyond the cells: the method split when cells are by category only, the 新增 cap … */
  readonly marginals: readonly StatedMarginal[];
  /** 近五年年均供应 (five-year annual average), total and per category where known. */
  readonly fiveYearAverage?: { readonly total?: Area; readonly byCategory?: Readonly<Record<string, Area>> };
}

export interface Indicator {
  readonly id: string;
  readonly key: CellKey;
  readonly area: Area;
  readonly kind: IndicatorKind;
  readonly label: string;
}

/**
 * Whether a declared dimension applies to cells of a category: a housing type exists only for
 * housing land (the residential group); every other dimension applies to every cell.
 */
export function dimensionApplies(dim: Dimension, category: string | undefined): boolean {
  return dim !== 'housingType' || (category !== undefined && standardGroupOf(category) === 'residential');
}

export function keyId(key: CellKey): string {
  const parts = DIMENSIONS.filter((d) => key[d] !== undefined).map((d) => `${d}=${String(key[d])}`);
  return parts.length === 0 ? 'total' : parts.join(';');
}

/** True when `full` agrees with every dimension `partial` specifies. */
export function keyMatches(partial: CellKey, full: CellKey): boolean {
  return DIMENSIONS.every((d) => partial[d] === undefined || partial[d] === full[d]);
}

export function total(cube: PlanCube): Area {
  return Area.sum(cube.cells.map((c) => c.area));
}

/** Sum of the cells matching a partial key. */
export function sumWhere(cube: PlanCube, key: CellKey): Area {
  return Area.sum(cube.cells.filter((c) => keyMatches(key, c.key)).map((c) => c.area));
}

/** The marginal over one dimension: value → area, in first-seen order. */
export function marginal(cube: PlanCube, dim: Dimension): Map<string, Area> {
  const m = new Map<string, Area>();
  for (const c of cube.cells) {
    const v = c.key[dim];
    if (v === undefined) continue;
    const k = String(v);
    m.set(k, (m.get(k) ?? Area.zero).plus(c.area));
  }
  return m;
}

export function rowOf(cube: PlanCube, category: string): CategoryRow | undefined {
  return cube.rows.find((r) => r.category === category);
}

/**
 * The quota indicators of a plan. The plan total is always binding (不得突破). Each category row
 * carries its own kind; a zone-allocated binding row is also capped per district when the cube
 * has districts. Stated marginals are indicators as stated.
 */
export function indicators(cube: PlanCube): Indicator[] {
  const out: Indicator[] = [{ id: 'total', key: {}, area: total(cube), kind: 'binding', label: '供应总量' }];
  for (const [category, area] of marginal(cube, 'category')) {
    const row = rowOf(cube, category);
    const kind = row?.kind ?? 'binding';
    out.push({ id: keyId({ category }), key: { category }, area, kind, label: planCategory(category)?.zh ?? category });
    if (row?.allocation === 'zoneAllocated' && cube.dimensions.includes('district')) {
      const byDistrict = new Map<string, Area>();
      for (const c of cube.cells) {
        if (c.key.category !== category || c.key.district === undefined) continue;
        byDistrict.set(c.key.district, (byDistrict.get(c.key.district) ?? Area.zero).plus(c.area));
      }
      for (const [district, a] of byDistrict) {
        const key = { category, district };
        const name = cube.districts.find((d) => d.id === district)?.name ?? district;
        out.push({ id: keyId(key), key, area: a, kind, label: `${planCategory(category)?.zh ?? category}·${name}` });
      }
    }
  }
  for (const m of cube.marginals) out.push({ id: keyId(m.key), key: m.key, area: m.area, kind: m.kind, label: m.label });
  return out;
}

/**
 * Structural validation: every cell specifies exactly the declared dimensions, categories are
 * known, areas are non-negative, keys are unique, and each stated marginal the cells determine
 * equals their sum. Returns findings; never throws.
 */
export function validateCube(cube: PlanCube): Finding[] {
  const findings: Finding[] = [];
  const err = (rule: string, zh: string, en: string, figures: string[]): void => {
    findings.push({ rule, severity: 'error', message: { zh, en }, figures });
  };
  if (!cube.dimensions.includes('category')) err('plan-structure', '计划指标缺少用途(category)维度', 'the plan cube has no category dimension', ['dimensions']);
  const seen = new Set<string>();
  cube.cells.forEach((c, i) => {
    const where = `cells[${i}]`;
    for (const d of DIMENSIONS) {
      const has = c.key[d] !== undefined;
      if (has !== (cube.dimensions.includes(d) && dimensionApplies(d, c.key.category))) {
        err('plan-structure', `${where}: 维度 ${d} ${has ? '不在计划声明的维度中' : '缺失'}`, `${where}: dimension ${d} is ${has ? 'not declared by the plan' : 'missing'}`, [`${where}.key.${d}`]);
      }
    }
    if (c.key.category !== undefined && !planCategory(c.key.category)) {
      err('unknown-category', `${where}: 未知用途类别 "${c.key.category}"`, `${where}: unknown category "${c.key.category}"`, [`${where}.key.category`]);
    }
    if (c.key.district !== undefined && !cube.districts.some((d) => d.id === c.key.district)) {
      err('unknown-district', `${where}: 未知片区 "${c.key.district}"`, `${where}: unknown district "${c.key.district}"`, [`${where}.key.district`]);
    }
    if (c.area.isNegative()) err('negative-area', `${where}: 面积为负`, `${where}: negative area`, [`${where}.area`]);
    const id = keyId(c.key);
    if (seen.has(id)) err('duplicate-cell', `${where}: 指标单元重复 (${id})`, `${where}: duplicate cell (${id})`, [`${where}.key`]);
    seen.add(id);
  });
  cube.marginals.forEach((m, i) => {
    const dims = DIMENSIONS.filter((d) => m.key[d] !== undefined);
    if (m.area.isNegative()) err('negative-area', `marginals[${i}]: 面积为负`, `marginals[${i}]: negative area`, [`marginals[${i}].area`]);
    if (dims.every((d) => cube.dimensions.includes(d))) {
      const s = sumWhere(cube, m.key);
      if (!s.equals(m.area)) {
        err(
          'plan-figures-consistent',
          `marginals[${i}] ${m.label} ${m.area.formatHectares(4)} 公顷 与指标单元合计 ${s.formatHectares(4)} 公顷 不符`,
          `marginals[${i}] ${m.label} ${m.area.formatHectares(4)} ha differs from the cells' sum ${s.formatHectares(4)} ha`,
          [`marginals[${i}].area`],
        );
      }
    }
  });
  for (const r of cube.rows) {
    if (!planCategory(r.category)) err('unknown-category', `rows: 未知用途类别 "${r.category}"`, `rows: unknown category "${r.category}"`, ['rows.category']);
  }
  return findings;
}
