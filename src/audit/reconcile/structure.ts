/**
 * Reads the plan's structure out of the extracted figures and turns it into relations to
 * reconcile. Parts are summed only against the figure the text makes them parts of (extract/
 * lists.ts: 其中, 含, "…总量中，", brackets, subtotals), split by what they divide (出让/划拨,
 * 新增/存量, uses, districts), so groupings that are not the 出让/划拨 split, nested items and
 * overlapping classes are never added twice. Knows the traps of DOMAIN §3.5: group totals (统筹/
 * 分解) are not category sums, district percentages overlap, a category list may name only some
 * rows, a growth rate may be computed on the wrong base.
 */
import { standardCategoryIds, standardGroupOf } from '../../domain/classification/index.js';
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
  /** Share lists whose printed shares should sum to 100 (a complete list with a share on every part). */
  readonly shareLists: readonly { what: { zh: string; en: string }; shares: readonly ExtractedFigure[] }[];
  readonly groups: readonly ExtractedFigure[];
  readonly categoryList: readonly ExtractedFigure[];
  readonly housingClaims: readonly ExtractedFigure[];
}

/** Appends to the list kept under `k` (in place: a list of n items costs O(n), not O(n²)). */
export function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
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

const NOT_PLAN = new Set(['threshold', 'baseline', 'fiveYearAverage', 'share', 'growth', 'completion']);
type Dimension = 'method' | 'source' | 'district' | 'use';

function dimensionOf(f: ExtractedFigure): Dimension {
  if (f.role === 'method' && !f.category) return 'method';
  if (f.role === 'source' && !f.category) return 'source';
  if (f.role === 'district' && !f.category) return 'district';
  return 'use';
}

const WHAT: Record<Dimension, { rule: string; what: { zh: string; en: string } }> = {
  method: { rule: 'sum-method', what: { zh: '出让与划拨', en: 'the grant/allocation split' } },
  source: { rule: 'sum-source', what: { zh: '新增与存量', en: 'the new/existing split' } },
  district: { rule: 'sum-district', what: { zh: '片区布局', en: 'the districts' } },
  use: { rule: 'sum-category', what: { zh: '用途结构', en: 'the use structure' } },
};

/** A method split with methods beyond 出让 and 划拨 (租赁, 作价出资, 授权经营) is named as the methods it lists. */
function whatOf(dim: Dimension, parts: readonly ExtractedFigure[]): { rule: string; what: { zh: string; en: string } } {
  if (dim !== 'method' || parts.every((p) => p.method === 'grant' || p.method === 'allocation')) return WHAT[dim];
  return { rule: WHAT.method.rule, what: { zh: '各供应方式', en: 'the supply methods' } };
}

/** A figure labelled as a total of its own ("三类住房用地供应总量") stands beside a list, not in it. */
const OWN_TOTAL = /(总量|总规模)/;

/** How far back (in area figures) a share, growth or completion looks for what it refers to. */
const REACH = 200;

export function buildStructure(figures: readonly ExtractedFigure[]): Structure {
  const byId = new Map(figures.map((f) => [f.id, f]));
  const position = new Map(figures.map((f, i) => [f.id, i]));
  const areas = figures.filter((f) => isArea(f) && isPrimary(f, byId) && !NOT_PLAN.has(f.role));
  const relations: Relation[] = [];
  const lists: PartList[] = [];
  const shareOf = new Map<string, ExtractedFigure>();
  for (const f of figures) if (f.role === 'share' && f.of && !f.repeats && !f.denominator && !shareOf.has(f.of)) shareOf.set(f.of, f);

  const total =
    areas.find((f) => f.role === 'total' && !f.qualifier?.match(/approx|nearly|atLeast/) && f.measure !== 'actual' && !f.parent) ??
    areas.find((f) => f.role === 'total' && f.measure !== 'actual' && !f.parent);

  // Lists from the text's own grammar: the parts of each head, one list per dimension.
  const children = new Map<string, ExtractedFigure[]>();
  for (const f of areas) {
    if (!f.parent) continue;
    const head = byId.get(f.parent);
    if (!head || f.measure !== head.measure || f.year !== head.year || (OWN_TOTAL.test(f.label) && !OWN_TOTAL.test(head.label) && f.role !== 'total')) continue;
    push(children, f.parent, f);
  }
  const listOfPart = new Map<string, PartList[]>();
  for (const [headId, kids] of children) {
    const head = byId.get(headId)!;
    // "A…，B…，共X": parts printed before their head are a subtotal's run.
    const subtotal = kids.length >= 2 && kids.every((k) => k.start < head.start);
    if (subtotal) {
      lists.push({ ...WHAT[dimensionOf(kids[0]!)], total: head, parts: kids, complete: true });
      continue;
    }
    for (const dim of ['method', 'source', 'district', 'use'] as const) {
      const parts = kids.filter((k) => dimensionOf(k) === dim);
      if (parts.length === 0) continue;
      const complete = subtotal || isComplete(dim, parts, shareOf);
      lists.push({ ...whatOf(dim, parts), total: head, parts, complete });
    }
  }

  // A 出让/划拨 or 新增/存量 split printed without 其中: both parts, beside the total.
  if (total) {
    for (const dim of ['method', 'source'] as const) {
      const loose = areas.filter((f) => !f.parent && f.id !== total.id && dimensionOf(f) === dim && !OWN_TOTAL.test(f.label) && f.measure === total.measure && f.year === total.year);
      const key = (f: ExtractedFigure) => (dim === 'method' ? f.method : f.source);
      const kinds = new Set(loose.map(key));
      const parts = [...kinds].map((k) => loose.find((f) => key(f) === k)!);
      if (parts.length >= 2 && !lists.some((l) => l.rule === WHAT[dim].rule && l.total.id === total.id)) lists.push({ ...whatOf(dim, parts), total, parts, complete: true });
    }
  }

  for (const l of lists) for (const p of l.parts) push(listOfPart, p.id, l);
  /** The area figures printed before `f`, nearest last, within REACH. */
  const areasBefore = (f: ExtractedFigure): readonly ExtractedFigure[] => {
    let lo = 0;
    let hi = areas.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (areas[mid]!.start < f.start) lo = mid + 1;
      else hi = mid;
    }
    return areas.slice(Math.max(0, lo - REACH), lo);
  };
  const categoryList = lists.find((l) => l.rule === 'sum-category' && total && l.total.id === total.id && l.parts.filter((p) => p.role === 'category').length >= 2)?.parts.filter((p) => p.role === 'category') ?? [];

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

  // Shares of a figure, against the denominator they name (default: the figure it is a part of, or the total).
  const shareLists: Structure['shareLists'][number][] = [];
  const sharesByList = new Map<PartList, ExtractedFigure[]>();
  for (const f of figures) {
    if (f.role !== 'share' || !f.of || f.repeats) continue;
    const num = byId.get(f.of);
    if (!num) continue;
    const den = denominatorFor(f, num, areasBefore(f), byId, total);
    if (den && den.id !== num.id) relations.push({ rule: 'share', kind: 'share', stated: f, inputs: [num, den], what: { zh: num.label, en: num.label } });
    const list = (listOfPart.get(num.id) ?? []).find((l) => l.complete && den?.id === l.total.id);
    if (list) push(sharesByList, list, f);
  }
  for (const [l, shares] of sharesByList) if (shares.length === l.parts.length && shares.length >= 2) shareLists.push({ what: l.what, shares });

  // Completion rates: an actual figure against its plan.
  for (const c of figures.filter((f) => f.role === 'completion')) {
    const rel = completionRelation(c, areasBefore(c), byId);
    if (rel) relations.push(rel);
  }

  // Growth statements: the current figure and the base named in the same sentence.
  if (figures.some((f) => f.role === 'growth')) {
    const nearest = nearestInSentence(figures, byId);
    for (const g of figures.filter((f) => f.role === 'growth')) {
      const rel = growthRelation(g, position.get(g.id)!, nearest, byId);
      if (rel) relations.push(rel);
    }
  }

  const groups = areas.filter((f) => f.role === 'groupTotal' && f.kind !== undefined);
  const kinds = new Set(groups.map((g) => g.kind));
  if (total && groups.length >= 2 && kinds.size === groups.length) {
    const l: PartList = { rule: 'sum-group', what: { zh: '约束性与指导性指标', en: 'the binding and indicative groups' }, total, parts: groups, complete: true };
    lists.push(l);
    relations.push({ rule: l.rule, kind: 'sum', stated: total, inputs: groups, what: l.what });
  }

  const housingClaims = figures.filter((f) => f.role === 'threshold' && f.unit === 'percent' && /(住房|住宅)/.test(f.denominator ?? ''));
  return { ...(total ? { total } : {}), lists, relations, shareLists, groups, categoryList, housingClaims };
}

/**
 * Whether a list partitions its head: both halves of a split (出让 and 划拨, 新增 and 存量); a use
 * list that covers all seven standard groups; any list whose every part carries a share and the
 * shares sum to about 100%.
 */
function isComplete(dim: Dimension, parts: readonly ExtractedFigure[], shareOf: Map<string, ExtractedFigure>): boolean {
  if (dim === 'method') return new Set(parts.map((p) => p.method)).size >= 2 && parts.some((p) => p.method === 'allocation');
  if (dim === 'source') return new Set(parts.map((p) => p.source)).size >= 2;
  if (dim === 'use') {
    const groups = new Set(parts.flatMap((f) => (f.category ? [standardGroupOf(f.category)] : (f.members ?? []).map(standardGroupOf))));
    if (parts.every((p) => p.role === 'category') && standardCategoryIds().every((id) => groups.has(id))) return true;
  }
  const shares = parts.map((f) => shareOf.get(f.id));
  if (parts.length >= 2 && shares.every((s) => s !== undefined)) {
    // Within the rounding of the printed shares (n·½·10⁻ᵏ, DOMAIN §3.4): a partition, not a partial list.
    const sumShares = shares.reduce((a, s) => a + Number(s!.value), 0);
    const tolerance = shares.reduce((a, s) => a + 0.5 * 10 ** -s!.decimals, 0);
    return Math.abs(sumShares - 100) <= tolerance + 1e-9;
  }
  return false;
}

/** Words of a named denominator that say "the plan's whole" rather than a part of it. */
const WHOLE = /(供应总量|计划总量|总供地|总规模|总面积|总量|供应计划)$/;

function denominatorFor(share: ExtractedFigure, num: ExtractedFigure, before: readonly ExtractedFigure[], byId: Map<string, ExtractedFigure>, total?: ExtractedFigure): ExtractedFigure | undefined {
  const d = (share.denominator ?? '').replace(/\s+/g, '');
  // A whole printed far away (beyond REACH figures) is not what an unnamed 占比 refers to.
  const near = total && before.includes(total) ? total : undefined;
  if (!d) return (num.parent ? byId.get(num.parent) : undefined) ?? near;
  const areas = before;
  const plan = before.filter((f) => f.id !== num.id);
  if (/出让/.test(d)) return areas.find((f) => f.role === 'method' && f.method === 'grant');
  if (/划拨/.test(d)) return areas.find((f) => f.role === 'method' && f.method === 'allocation');
  // A denominator named by its own words ("房地产开发用地总量"): the figure labelled so.
  const core = d.replace(/^(全国|全省|全市|全县|全区)/, '').replace(WHOLE, '');
  if (core.length >= 4) {
    const labelled = plan.filter((f) => f.label.replace(/\s+/g, '').includes(core)).pop();
    if (labelled) return labelled;
  }
  if (/(住房|住宅)/.test(d)) {
    return plan.find((f) => f.role === 'housingTotal') ?? plan.find((f) => f.role === 'category' && f.category === 'residential');
  }
  if (WHOLE.test(d) || /^(全国|全省|全市|全县|全区)?(供应|供地)?$/.test(core)) return near;
  return undefined;
}

/**
 * "完成全年计划指标的41%", "计划实际完成72.4%": an actual figure ÷ its plan. The actual is the
 * figure the rate follows (or the latest actual figure printed beside a plan figure); the plan is
 * the plan figure of the same housing type or category, or the one printed beside the actual.
 */
function completionRelation(c: ExtractedFigure, before: readonly ExtractedFigure[], byId: Map<string, ExtractedFigure>): Relation | undefined {
  let actual = c.of ? byId.get(c.of) : undefined;
  let plan: ExtractedFigure | undefined;
  if (actual) {
    const a = actual;
    plan = [...before].reverse().find((f) => f.id !== a.id && f.measure !== 'actual' && ((a.housingType && f.housingType === a.housingType) || (a.category && f.category === a.category)));
  } else {
    for (let i = before.length - 1; i >= 0 && !plan; i--) {
      const a = before[i]!;
      if (a.measure !== 'actual') continue;
      const p = before.slice(Math.max(0, i - 20), i).reverse().find((f) => f.sentence === a.sentence && f.measure !== 'actual');
      if (p && commonRun(p.label, c.quote) >= 4) {
        actual = a;
        plan = p;
      }
    }
  }
  if (!actual || !plan) return undefined;
  return { rule: 'completion', kind: 'share', stated: c, inputs: [actual, plan], what: { zh: actual.label, en: actual.label } };
}

/** Length of the longest run of characters two strings share. */
function commonRun(a: string, b: string): number {
  let best = 0;
  for (let i = 0; i < a.length; i++) for (let len = best + 1; i + len <= a.length; len++) {
    if (b.includes(a.slice(i, i + len))) best = len;
    else break;
  }
  return best;
}

/** What a growth statement looks back for in its sentence. */
interface Nearest {
  /** Index of the nearest earlier figure of the same sentence that is an earlier year's (or five-year average) area, or −1. */
  readonly base: Int32Array;
  /** … that is a plan area figure (not a share, growth, threshold …). */
  readonly plain: Int32Array;
  /** … that is a change in area (增加 N 公顷). */
  readonly delta: Int32Array;
  readonly figures: readonly ExtractedFigure[];
}

const NOT_PLAIN = new Set(['baseline', 'fiveYearAverage', 'growth', 'threshold', 'share', 'completion']);

/** One pass over the figures: for each, the nearest earlier figure of each kind in its sentence. */
function nearestInSentence(figures: readonly ExtractedFigure[], byId: Map<string, ExtractedFigure>): Nearest {
  const n = figures.length;
  const out = { base: new Int32Array(n), plain: new Int32Array(n), delta: new Int32Array(n), figures };
  let base = -1;
  let plain = -1;
  let delta = -1;
  for (let i = 0; i < n; i++) {
    const f = figures[i]!;
    if (i > 0 && f.sentence !== figures[i - 1]!.sentence) base = plain = delta = -1;
    out.base[i] = base;
    out.plain[i] = plain;
    out.delta[i] = delta;
    const primaryArea = isArea(f) && isPrimary(f, byId);
    if ((f.role === 'baseline' || f.role === 'fiveYearAverage') && primaryArea) base = i;
    if (primaryArea && !NOT_PLAIN.has(f.role)) plain = i;
    if (f.role === 'growth' && f.growthMode === 'delta' && isArea(f)) delta = i;
  }
  return out;
}

function growthRelation(g: ExtractedFigure, idx: number, nearest: Nearest, byId: Map<string, ExtractedFigure>): Relation | undefined {
  if (g.growthMode === 'points') return undefined;
  const at = (i: number) => (i >= 0 ? nearest.figures[i] : undefined);
  const b = nearest.base[idx]!;
  const base = at(b);
  // The current figure: the one the growth names, else the nearest plan area before the base (or before the growth).
  const cur = (g.of ? byId.get(g.of) : undefined) ?? at(nearest.plain[base ? b : idx]!);
  if (!cur || cur.role === 'baseline') return undefined;
  if (base && cur.id !== base.id) return { rule: 'growth', kind: 'growth', stated: g, inputs: [cur, base], what: { zh: cur.label, en: cur.label } };
  // "比上年增加A，增长B%": no base printed; it is the current figure less the change.
  const change = g.growthMode === 'rate' ? at(nearest.delta[idx]!) : undefined;
  if (change && cur.start < change.start) return { rule: 'growth', kind: 'growthDerived', stated: g, inputs: [cur, change], what: { zh: cur.label, en: cur.label } };
  return undefined;
}
