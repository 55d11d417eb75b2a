/**
 * Reads the plan's structure out of the extracted figures: the total, the 出让/划拨 and 新增/存量
 * splits, the category list, housing parts, districts, group indicators, shares and growth, and
 * turns each into relations to reconcile. Knows the traps of DOMAIN §3.5: group totals (统筹/分解)
 * are not category sums, district percentages overlap, a category list may name only some rows.
 */
import { planCategory, standardCategoryIds, standardGroupOf } from '../../domain/classification/index.js';
import type { ExtractedFigure } from '../types.js';
import { isArea } from './figures.js';
import type { Relation } from './relations.js';

export interface PartList {
  readonly rule: string;
  readonly what: { zh: string; en: string };
  readonly total: ExtractedFigure;
  readonly parts: readonly ExtractedFigure[];
  /** True when the parts claim to partition the total (equality), false for a partial list (≤). */
  readonly complete: boolean;
}

export interface Structure {
  readonly total?: ExtractedFigure;
  readonly lists: readonly PartList[];
  readonly relations: readonly Relation[];
  /** Share lists whose printed shares should sum to 100 (method split, category list). */
  readonly shareLists: readonly { what: { zh: string; en: string }; shares: readonly ExtractedFigure[] }[];
  readonly groups: readonly ExtractedFigure[];
  readonly categoryList: readonly ExtractedFigure[];
  readonly housingClaims: readonly ExtractedFigure[];
}

/** For a 公顷/亩 pair, the figure in hectares (or the first printed); single figures are their own primary. */
export function isPrimary(f: ExtractedFigure, byId: Map<string, ExtractedFigure>): boolean {
  if (!f.pairOf) return true;
  const partner = byId.get(f.pairOf);
  if (!partner) return true;
  if (f.unit === 'ha' && partner.unit !== 'ha') return true;
  if (partner.unit === 'ha' && f.unit !== 'ha') return false;
  return f.start < partner.start;
}

export function buildStructure(figures: readonly ExtractedFigure[]): Structure {
  const byId = new Map(figures.map((f) => [f.id, f]));
  const areas = figures.filter((f) => isArea(f) && isPrimary(f, byId) && f.role !== 'threshold');
  const relations: Relation[] = [];
  const lists: PartList[] = [];

  const total = areas.find((f) => f.role === 'total' && f.qualifier !== 'approx' && f.qualifier !== 'nearly');
  const firstOf = <K extends 'method' | 'source'>(role: K, key: K) => {
    const seen = new Map<string, ExtractedFigure>();
    for (const f of areas) if (f.role === role && f[key] && !seen.has(String(f[key]))) seen.set(String(f[key]), f);
    return [...seen.values()];
  };

  if (total) {
    const methods = firstOf('method', 'method');
    if (methods.length > 0) lists.push({ rule: 'sum-method', what: { zh: '出让与划拨', en: 'the grant/allocation split' }, total, parts: methods, complete: methods.length >= 2 });
    const sources = firstOf('source', 'source');
    if (sources.length > 0) lists.push({ rule: 'sum-source', what: { zh: '新增与存量', en: 'the new/existing split' }, total, parts: sources, complete: sources.length >= 2 });
  }

  const categoryList = findCategoryList(areas);
  if (total && categoryList.length > 0) {
    lists.push({ rule: 'sum-category', what: { zh: '用途结构', en: 'the use structure' }, total, parts: categoryList, complete: isCompleteList(categoryList, figures) });
  }

  // Housing parts against the housing total.
  const housingTotal = areas.find((f) => f.role === 'housingTotal');
  const housingParts = areas.filter((f) => f.role === 'housing');
  if (housingTotal && housingParts.length > 0) {
    lists.push({ rule: 'sum-housing', what: { zh: '住房用地分类', en: 'the housing parts' }, total: housingTotal, parts: dedupe(housingParts, 'housingType'), complete: false });
  }

  // Districts given as areas (never percentages: those overlap).
  const districts = dedupe(areas.filter((f) => f.role === 'district' && !f.category), 'district');
  if (total && districts.length > 0) lists.push({ rule: 'sum-district', what: { zh: '片区布局', en: 'the districts' }, total, parts: districts, complete: false });

  // 统筹/分解 or 约束性/指导性 groups that together make the total.
  const groups = areas.filter((f) => f.role === 'groupTotal');
  const kinds = new Set(groups.map((g) => g.kind ?? ''));
  if (total && groups.length >= 2 && kinds.size === groups.length && !kinds.has('')) {
    lists.push({ rule: 'sum-group', what: { zh: '约束性与指导性指标', en: 'the binding and indicative groups' }, total, parts: groups, complete: true });
  }

  for (const l of lists) relations.push({ rule: l.rule, kind: l.complete ? 'sum' : 'atMost', stated: l.total, inputs: l.parts, what: l.what });

  // 亩 parts against 亩 totals, where the total and every part are printed in both units.
  for (const l of lists) {
    const mu = (f: ExtractedFigure) => (f.pairOf ? byId.get(f.pairOf) : undefined);
    const tMu = mu(l.total);
    const pMu = l.parts.map(mu);
    if (l.complete && tMu && pMu.every((p) => p !== undefined)) {
      relations.push({ rule: 'sum-mu', kind: 'sum', stated: tMu, inputs: pMu as ExtractedFigure[], what: l.what });
    }
  }

  // Every 公顷/亩 pair.
  for (const f of figures) {
    if (!f.pairOf || !isArea(f) || isPrimary(f, byId)) continue;
    const primary = byId.get(f.pairOf);
    if (primary) relations.push({ rule: 'area-conversion', kind: 'conversion', stated: f, inputs: [primary], what: { zh: primary.label, en: primary.label } });
  }

  // Shares of a figure, against the denominator they name (default: the plan total).
  const shareLists = new Map<string, ExtractedFigure[]>();
  for (const f of figures) {
    if (f.role !== 'share' || !f.of) continue;
    const num = byId.get(f.of);
    if (!num) continue;
    const den = denominatorFor(f, num, areas, total);
    if (den && den.id !== num.id) relations.push({ rule: 'share', kind: 'share', stated: f, inputs: [num, den], what: { zh: num.label, en: num.label } });
    const key = num.role === 'category' && categoryList.includes(num) ? 'category' : num.role === 'method' ? 'method' : '';
    if (key) shareLists.set(key, [...(shareLists.get(key) ?? []), f]);
  }

  // Growth statements: the current figure and the base named in the same sentence.
  for (const g of figures.filter((f) => f.role === 'growth')) {
    const rel = growthRelation(g, figures, byId, total);
    if (rel) relations.push(rel);
  }

  const sl: Structure['shareLists'][number][] = [];
  const method = shareLists.get('method');
  if (method && method.length >= 2 && lists.some((l) => l.rule === 'sum-method' && l.complete)) sl.push({ what: { zh: '出让与划拨', en: 'the grant/allocation split' }, shares: method });
  const cat = shareLists.get('category');
  if (cat && cat.length === categoryList.length && cat.length >= 2) sl.push({ what: { zh: '用途结构', en: 'the use structure' }, shares: cat });

  const housingClaims = figures.filter((f) => f.role === 'threshold' && f.unit === 'percent' && /(住房|住宅)/.test(f.denominator ?? ''));
  return { ...(total ? { total } : {}), lists, relations, shareLists: sl, groups, categoryList, housingClaims };
}

function dedupe(fs: ExtractedFigure[], key: 'housingType' | 'district'): ExtractedFigure[] {
  const seen = new Set<string>();
  return fs.filter((f) => {
    const k = String(f[key]);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The plan's category list: the first run of category figures (in text order) with distinct
 * categories and no other kind of area figure between them, with at least two members.
 */
function findCategoryList(areas: readonly ExtractedFigure[]): ExtractedFigure[] {
  let run: ExtractedFigure[] = [];
  const runs: ExtractedFigure[][] = [];
  for (const f of areas) {
    // "工矿仓储用地300公顷，其中工业用地200公顷": a breakdown of a row already listed, not a row.
    if (f.role === 'category' && f.breakdown && run.some((r) => isAncestor(r.category!, f.category!))) continue;
    if (f.role === 'category' && f.category && !run.some((r) => r.category === f.category)) {
      run.push(f);
      continue;
    }
    if (run.length) runs.push(run);
    run = f.role === 'category' && f.category ? [f] : [];
  }
  if (run.length) runs.push(run);
  return runs.find((r) => r.length >= 2) ?? [];
}

function isAncestor(ancestor: string, id: string): boolean {
  let c = planCategory(id);
  while (c?.parent) {
    if (c.parent === ancestor) return true;
    c = planCategory(c.parent);
  }
  return false;
}

/**
 * Whether a category list partitions the total: it covers all seven standard groups, or every
 * member carries a share and the shares sum to about 100%.
 */
function isCompleteList(list: readonly ExtractedFigure[], figures: readonly ExtractedFigure[]): boolean {
  const groups = new Set(list.map((f) => standardGroupOf(f.category!)));
  if (standardCategoryIds().every((id) => groups.has(id))) return true;
  const shares = list.map((f) => figures.find((s) => s.role === 'share' && s.of === f.id));
  if (shares.every((s) => s !== undefined)) {
    const sumShares = shares.reduce((a, s) => a + Number(s!.value), 0);
    return Math.abs(sumShares - 100) <= 0.5;
  }
  return false;
}

function denominatorFor(share: ExtractedFigure, num: ExtractedFigure, areas: readonly ExtractedFigure[], total?: ExtractedFigure): ExtractedFigure | undefined {
  const d = share.denominator ?? '';
  if (/(住房|住宅)/.test(d)) return areas.find((f) => f.role === 'housingTotal') ?? areas.find((f) => f.role === 'category' && f.category === 'residential');
  if (/出让/.test(d)) return areas.find((f) => f.role === 'method' && f.method === 'grant');
  if (/划拨/.test(d)) return areas.find((f) => f.role === 'method' && f.method === 'allocation');
  if (num.role === 'housing') return areas.find((f) => f.role === 'housingTotal') ?? total;
  return total;
}

function growthRelation(g: ExtractedFigure, figures: readonly ExtractedFigure[], byId: Map<string, ExtractedFigure>, total?: ExtractedFigure): Relation | undefined {
  const sentence = (f: ExtractedFigure) => f.quote === g.quote;
  const idx = figures.indexOf(g);
  const before = figures.slice(0, idx).reverse();
  const isAreaFig = (f: ExtractedFigure) => isArea(f) && isPrimary(f, byId);
  const five = /(近|前|过去)\s*(五|5)\s*年/.test(g.label);
  const base =
    (five ? figures.find((f) => f.role === 'fiveYearAverage' && isAreaFig(f)) : undefined) ??
    figures.find((f) => f.role === 'baseline' && isAreaFig(f) && sentence(f));
  const plain = (f: ExtractedFigure) => !['baseline', 'fiveYearAverage', 'growth', 'threshold', 'share'].includes(f.role);
  const cur = (g.of ? byId.get(g.of) : undefined) ?? before.find((f) => isAreaFig(f) && plain(f) && sentence(f)) ?? total;
  if (!base || !cur || cur.id === base.id || cur.role === 'baseline') return undefined;
  return { rule: 'growth', kind: 'growth', stated: g, inputs: [cur, base], what: { zh: cur.label, en: cur.label } };
}
