/**
 * The two attachment tables as data, projected from the cube (DOMAIN §1.6, reconstructed layouts):
 * A. 汇总表 (unit 公顷): rows in the Guangdong order (工矿仓储 · 商服 · 住宅 with housing sub-rows ·
 *    公共管理与公共服务 · 交通运输 · 水域及水利设施 · 特殊), each plan row under its standard group, then 合计;
 *    columns 供应面积 · 新增 · 存量 · 出让 · 划拨 · 其他方式 · 占比% · 指标属性 · 统筹/分解 · 近五年年均.
 * B. 住房用地供应计划表: 保障性安居工程 {廉租, 公共租赁, 经济适用, 限价商品, 棚户区改造} · 中小套型普通商品住房 ·
 *    其他商品住房 (or the post-2021 types) · 合计 · 三类住房占比%; columns 面积 · 新增 · 存量 · 划拨 · 出让.
 * Areas are exact; `display` strings round half-up to 2 decimals; shares sum to 100.00.
 */
import { Area } from '../area.js';
import { planCategories, planCategory, standardCategoryIds, standardGroupOf, housingCategories } from '../classification/index.js';
import { sharePercent } from '../share.js';
import { marginal, rowOf, sumWhere, total, type CellKey, type PlanCube } from './cube.js';
import { sharesOfParts } from './shares.js';

export interface AreaColumns {
  readonly area: Area;
  readonly newLand: Area | null;
  readonly existingLand: Area | null;
  readonly grant: Area | null;
  readonly allocation: Area | null;
  readonly otherMethods: Area | null;
}

export interface SummaryRow extends AreaColumns {
  /** Category id, a housing type id (sub-rows), or "total". */
  readonly id: string;
  readonly label: string;
  readonly level: 0 | 1;
  /** Share of the total, largest-remainder rounded so the column sums to exactly 100.00. */
  readonly sharePercent: string | null;
  /** The same share rounded half-up on its own, as plan texts usually print it (may not sum to 100). */
  readonly shareHalfUp: string | null;
  readonly kind: 'binding' | 'indicative' | null;
  readonly allocationMode: 'pooled' | 'zoneAllocated' | null;
  readonly fiveYearAverage: Area | null;
}

export interface SummaryTable {
  readonly title: '国有建设用地供应计划汇总表';
  readonly unit: '公顷';
  readonly rows: readonly SummaryRow[];
  /** Notes a clerk prints under the table (e.g. a dimension the plan does not break down). */
  readonly notes: readonly string[];
}

function columns(cube: PlanCube, key: CellKey): AreaColumns {
  const has = (d: 'source' | 'method'): boolean => cube.dimensions.includes(d);
  const area = sumWhere(cube, key);
  const grant = has('method') ? sumWhere(cube, { ...key, method: 'grant' }) : null;
  const allocation = has('method') ? sumWhere(cube, { ...key, method: 'allocation' }) : null;
  return {
    area,
    newLand: has('source') ? sumWhere(cube, { ...key, source: 'new' }) : null,
    existingLand: has('source') ? sumWhere(cube, { ...key, source: 'existing' }) : null,
    grant,
    allocation,
    otherMethods: grant && allocation ? area.minus(grant).minus(allocation) : null,
  };
}

/** 附件1 汇总表. */
export function summaryTable(cube: PlanCube): SummaryTable {
  const present = [...marginal(cube, 'category').keys()];
  const order = standardCategoryIds();
  const allIds = planCategories().map((c) => c.id);
  // Standard groups in the Guangdong order; anything else (其他用地) after them.
  const rank = (id: string): number => {
    const i = order.indexOf(standardGroupOf(id));
    return i < 0 ? order.length : i;
  };
  const sorted = [...present].sort((a, b) => rank(a) - rank(b) || allIds.indexOf(a) - allIds.indexOf(b));
  const shares = sharesOfParts(sorted.map((c) => ({ value: c, area: sumWhere(cube, { category: c }) })));
  const rows: SummaryRow[] = [];
  sorted.forEach((cat, i) => {
    const r = rowOf(cube, cat);
    rows.push({
      id: cat,
      label: planCategory(cat)?.zh ?? cat,
      level: 0,
      ...columns(cube, { category: cat }),
      sharePercent: shares[i]!.display,
      shareHalfUp: shares[i]!.percent ? shares[i]!.percent!.toFixed(2) : null,
      kind: r?.kind ?? null,
      allocationMode: r?.allocation ?? null,
      fiveYearAverage: cube.fiveYearAverage?.byCategory?.[cat] ?? null,
    });
    if (cube.dimensions.includes('housingType') && standardGroupOf(cat) === 'residential') {
      for (const [ht] of marginal({ ...cube, cells: cube.cells.filter((c) => c.key.category === cat) }, 'housingType')) {
        rows.push({ id: ht, label: `其中：${housingLabel(ht)}`, level: 1, ...columns(cube, { category: cat, housingType: ht }), sharePercent: null, shareHalfUp: null, kind: null, allocationMode: null, fiveYearAverage: null });
      }
    }
  });
  rows.push({ id: 'total', label: '合计', level: 0, ...columns(cube, {}), sharePercent: present.length ? '100.00' : null, shareHalfUp: present.length ? '100.00' : null, kind: 'binding', allocationMode: null, fiveYearAverage: cube.fiveYearAverage?.total ?? null });
  const notes: string[] = [];
  if (!cube.dimensions.includes('source')) notes.push('计划未按新增、存量分列');
  if (!cube.dimensions.includes('method')) notes.push('计划未按供应方式分列');
  return { title: '国有建设用地供应计划汇总表', unit: '公顷', rows, notes };
}

function housingLabel(id: string): string {
  return (['old', 'new'] as const).flatMap((s) => housingCategories(s)).find((c) => c.id === id)?.zh ?? id;
}

export interface HousingRow extends AreaColumns {
  readonly id: string;
  readonly label: string;
  readonly level: 0 | 1;
}

export interface HousingTable {
  readonly title: '住房用地供应计划汇总表';
  readonly unit: '公顷';
  readonly rows: readonly HousingRow[];
  /** 三类住房 (affordable + 棚改 + 中小套型) ÷ 住房用地, 2 decimals; null when not broken down. */
  readonly countedSharePercent: string | null;
  readonly notes: readonly string[];
}

const AFFORDABLE_OLD = ['lowRent', 'publicRental', 'economical', 'priceCapped', 'shantytown'];

/**
 * 附件2 住房用地供应计划汇总表. `countedTypes` are the housing types the 70% rule counts (from the
 * rule set in force).
 */
export function housingTable(cube: PlanCube, countedTypes: readonly string[], residentialCategory = 'residential'): HousingTable {
  const housing = Area.sum(cube.cells.filter((c) => c.key.category !== undefined && standardGroupOf(c.key.category) === residentialCategory).map((c) => c.area));
  const rowFor = (id: string, label: string, level: 0 | 1, pred: (ht: string | undefined) => boolean): HousingRow => {
    const cells = cube.cells.filter((c) => c.key.category !== undefined && standardGroupOf(c.key.category) === residentialCategory && pred(c.key.housingType));
    const sub: PlanCube = { ...cube, cells };
    return { id, label, level, ...columns(sub, {}) };
  };
  const notes: string[] = [];
  if (!cube.dimensions.includes('housingType')) {
    notes.push('计划未按住房类型分列住宅用地，三类住房占比无法计算');
    return { title: '住房用地供应计划汇总表', unit: '公顷', rows: [rowFor('total', '住房用地合计', 0, () => true)], countedSharePercent: null, notes };
  }
  const present = new Set(cube.cells.map((c) => c.key.housingType).filter((x): x is string => x !== undefined));
  const newScheme = housingCategories('new').some((c) => present.has(c.id));
  const rows: HousingRow[] = [];
  if (newScheme) {
    for (const c of housingCategories('new')) rows.push(rowFor(c.id, c.zh, 0, (ht) => ht === c.id));
  } else {
    rows.push(rowFor('affordable', '保障性安居工程用地', 0, (ht) => ht !== undefined && AFFORDABLE_OLD.includes(ht)));
    for (const id of AFFORDABLE_OLD) rows.push(rowFor(id, housingLabel(id), 1, (ht) => ht === id));
    rows.push(rowFor('smallMediumCommodity', housingLabel('smallMediumCommodity'), 0, (ht) => ht === 'smallMediumCommodity'));
    rows.push(rowFor('otherCommodity', '其他商品住房', 0, (ht) => ht === 'otherCommodity' || ht === 'highEnd'));
  }
  rows.push(rowFor('total', '住房用地合计', 0, () => true));
  const counted = Area.sum(
    cube.cells
      .filter((c) => c.key.category !== undefined && standardGroupOf(c.key.category) === residentialCategory && c.key.housingType !== undefined && countedTypes.includes(c.key.housingType))
      .map((c) => c.area),
  );
  const pct = sharePercent(counted.squareMetres, housing.squareMetres);
  return { title: '住房用地供应计划汇总表', unit: '公顷', rows, countedSharePercent: pct ? pct.toFixed(2) : null, notes };
}

/** Display helper: hectares to 2 decimals, or "—" for a column the plan does not break down. */
export function showHa(a: Area | null): string {
  return a ? a.formatHectares(2) : '—';
}

export { total };
