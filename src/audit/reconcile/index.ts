/**
 * Reconciliation: evaluates every relation of the plan's structure with interval arithmetic and
 * grades what fails (DOMAIN §3.3–3.5, issue 2):
 * - error: no values within the printed precisions make the figures consistent;
 * - warning: consistent only if a figure printed with fewer decimals than its siblings is taken
 *   at its own, coarser precision (the plain reading, "2.5" as 2.50, comes first);
 * - info: consistent, but visibly not adding up (shares summing to 100.01%, a part-sum off in
 *   the last digit), or worth knowing (a category list that covers only part of the total).
 */
import { Dec } from '../../domain/decimal.js';
import type { Finding, Severity } from '../../domain/finding.js';
import { meets, roundingInterval, sum } from '../../domain/interval.js';
import { resolveHousingCategory } from '../../domain/classification/index.js';
import type { ExtractedFigure } from '../types.js';
import { diagnose, type Suspect } from './diagnose.js';
import { FigureTable, isArea, muFactor, type ReconcileWork } from './figures.js';
import { causeOf, describeRelation, slipSuggestion, UNIT_ZH } from './messages.js';
import { holdsAsLargestRemainder, largestRemainderShares } from './largest-remainder.js';
import { quickClean } from './quick.js';
import { evaluateQuick, type Evaluation, type Relation } from './relations.js';
import { buildStructure, isPrimary, push, type Structure } from './structure.js';

export interface Reconciliation {
  readonly findings: Finding[];
  readonly structure: Structure;
  /** What it took, counted (not timed): grows linearly with the text. */
  readonly work: ReconcileWork;
}

interface Graded {
  rel: Relation;
  severity: Severity | null;
  ev: Evaluation;
  coarse?: Evaluation;
}

export function reconcile(figures: readonly ExtractedFigure[]): Reconciliation {
  const t = new FigureTable(figures);
  const structure = buildStructure(figures);
  const lr = largestRemainderShares(structure, t, figures);
  // Relations that floats prove hold and print as stated need no exact evaluation.
  const graded = structure.relations.filter((rel) => quickClean(rel, t) !== true).map((rel) => grade(rel, t, lr));
  const failing = graded.filter((g) => g.severity === 'error').map((g) => g.rel);
  const suspects = diagnoseByComponent(failing, structure.relations, t);

  const findings: Finding[] = [];
  // A part that one slip would correct, and whose correction several checks agree on, is the
  // figure to blame: one finding on it rather than one on each total or share it upsets.
  const blamed = new Set<Relation>();
  const failingOf = new Map<string, Relation[]>();
  for (const r of failing) for (const id of new Set([r.stated.id, ...r.inputs.map((i) => i.id)])) push(failingOf, id, r);
  const byRel = new Map(graded.map((g) => [g.rel, g]));
  for (const s of suspects) {
    const fixed = failingOf.get(s.figure.id) ?? [];
    if (s.fixes < 2 || !fixed.some((r) => r.kind === 'sum' && r.inputs.some((i) => i.id === s.figure.id))) continue;
    for (const r of fixed) blamed.add(r);
    findings.push(blame(s, fixed, byRel, t));
  }
  // Each figure has at most one suspect (one per group of failures); the first listed wins.
  const suspectOf = new Map(suspects.map((s, i) => [s.figure.id, { s, i }]));
  const suspectFor = (rel: Relation): Suspect | undefined => {
    let best: { s: Suspect; i: number } | undefined;
    for (const f of [rel.stated, ...rel.inputs]) {
      const x = suspectOf.get(f.id);
      if (x && (!best || x.i < best.i)) best = x;
    }
    return best?.s;
  };
  for (const g of graded) {
    if (!g.severity || blamed.has(g.rel)) continue;
    const stated = g.rel.stated;
    const expected = g.ev.expected.toFixed(t.decimals(stated, 'plain'), Dec.ROUND_HALF_UP);
    const cause = g.severity === 'info' ? undefined : causeOf(g.rel, g.ev, t, structure, figures);
    const suspect = suspectFor(g.rel);
    const message = describeRelation(g.rel, g.severity, g.ev, expected, t, g.coarse);
    // A specific cause (truncation, wrong denominator, a copied line) beats a typing slip, which beats a generic cause.
    const slip = suspect && g.severity === 'error' ? slipSuggestion(suspect) : undefined;
    const suggestion = cause?.specific ? cause.text : (slip ?? cause?.text);
    findings.push({
      rule: g.rel.rule,
      severity: g.severity,
      message,
      stated: stated.value,
      expected,
      figures: [stated.id, ...g.rel.inputs.map((i) => i.id)],
      ...(suggestion ? { suggestion } : {}),
    });
  }
  for (const more of [shareSums(structure, t), partialLists(structure, t), groupNotes(structure, figures), housingClaims(structure, figures, t)]) for (const x of more) findings.push(x);
  return { findings: mergeRepeats(findings, figures), structure, work: t.work };
}

/** One finding on a blamed part: what each check it upsets says, and the slip that would fix them all. */
function blame(s: Suspect, fixed: readonly Relation[], byRel: ReadonlyMap<Relation, Graded>, t: FigureTable): Finding {
  const f = s.figure;
  const sumRel = fixed.find((r) => r.kind === 'sum' && r.inputs.some((i) => i.id === f.id))!;
  // What the other figures imply for the part: the total less the other parts.
  const others = sumRel.inputs.filter((i) => i.id !== f.id).reduce((a, p) => a.plus(t.muValue(p)), new Dec(0));
  const implied = t.muValue(sumRel.stated).minus(others).div(muFactor(f));
  const dp = sumRel.inputs.reduce((m, i) => (i.id === f.id ? m : Math.max(m, i.decimals)), Math.max(0, sumRel.stated.decimals));
  const expected = implied.toFixed(dp, Dec.ROUND_HALF_UP);
  const parts = fixed.map((r) => {
    const g = byRel.get(r)!;
    return describeRelation(r, 'error', g.ev, g.ev.expected.toFixed(t.decimals(r.stated, 'plain'), Dec.ROUND_HALF_UP), t);
  });
  const u = (UNIT_ZH[f.unit] ?? '');
  const ids = new Set<string>([f.id]);
  for (const r of fixed) for (const x of [r.stated, ...r.inputs]) ids.add(x.id);
  return {
    rule: sumRel.rule,
    severity: 'error',
    message: {
      zh: `「${f.label}」${f.value}${u} 与相关数字不符，其余数字意味着约 ${expected}${u}：${parts.map((p) => p.zh).join('')}`,
      en: `"${f.label}" ${f.value} ${f.unit} disagrees with the figures around it, which imply about ${expected} ${f.unit}: ${parts.map((p) => p.en).join(' ')}`,
    },
    stated: f.value,
    expected,
    figures: [...ids],
    suggestion: slipSuggestion(s),
  };
}

/**
 * A statement printed twice (headline and body) is one finding: the finding on either printing
 * names both, and a second finding on the other printing is dropped.
 */
function mergeRepeats(findings: Finding[], figures: readonly ExtractedFigure[]): Finding[] {
  const repeats = new Map(figures.filter((f) => f.repeats).map((f) => [f.id, f.repeats!]));
  const root = (id: string) => repeats.get(id) ?? id;
  const printings = new Map<string, string[]>();
  for (const f of figures) {
    if (!f.repeats) continue;
    if (!printings.has(f.repeats)) printings.set(f.repeats, [f.repeats]);
    push(printings, f.repeats, f.id);
  }
  if (printings.size === 0) return findings;
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const x of findings) {
    const first = x.figures[0];
    const r = first ? root(first) : undefined;
    const all = r ? printings.get(r) : undefined;
    if (!all) {
      out.push(x);
      continue;
    }
    const key = `${x.rule}|${x.severity}|${r}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const printed = new Set(all);
    out.push({ ...x, figures: [first!, ...all.filter((id) => id !== first), ...x.figures.slice(1).filter((id) => !printed.has(id))] });
  }
  return out;
}

function grade(rel: Relation, t: FigureTable, largestRemainder: ReadonlySet<string> = new Set()): Graded {
  const ev = evaluateQuick(rel, t, 'plain');
  if (ev.ok) {
    if (rel.kind === 'atMost') return { rel, severity: null, ev };
    // A share or rate of a zero base (0 of 0): none can be computed, so a printed one is not visibly off.
    if (!ev.expected.isFinite()) return { rel, severity: null, ev };
    const shown = ev.expected.toFixed(rel.stated.decimals, Dec.ROUND_HALF_UP);
    const visiblyOff = !new Dec(shown).eq(new Dec(rel.stated.value)) && !rel.stated.qualifier;
    return { rel, severity: visiblyOff ? 'info' : null, ev };
  }
  if (largestRemainder.has(rel.stated.id) && holdsAsLargestRemainder(rel, t)) return { rel, severity: 'info', ev };
  const coarseFigures = [rel.stated, ...rel.inputs].some((f) => t.isCoarse(f));
  if (coarseFigures) {
    const coarse = evaluateQuick(rel, t, 'coarse');
    if (coarse.ok) return { rel, severity: 'warning', ev, coarse };
  }
  if (ev.loose) return { rel, severity: 'warning', ev };
  return { rel, severity: 'error', ev };
}

/** Diagnoses each group of failing relations that share figures, separately. */
function diagnoseByComponent(failing: Relation[], all: readonly Relation[], t: FigureTable): Suspect[] {
  // Failing relations that share a figure form one group (union-find over figure ids: linear).
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== undefined && parent.get(r) !== r) r = parent.get(r)!;
    // Path compression: every figure on the way now points at the root.
    for (let y = x; y !== r; ) {
      const next = parent.get(y)!;
      parent.set(y, r);
      y = next;
    }
    return r;
  };
  for (const r of failing) {
    const ids = [r.stated.id, ...r.inputs.map((f) => f.id)];
    for (const id of ids) if (!parent.has(id)) parent.set(id, id);
    for (const id of ids.slice(1)) parent.set(find(id), find(ids[0]!));
  }
  const groups = new Map<string, Relation[]>();
  for (const r of failing) push(groups, find(r.stated.id), r);
  const byFigure = new Map<string, Relation[]>();
  for (const r of all) for (const f of [r.stated, ...r.inputs]) push(byFigure, f.id, r);
  const out: Suspect[] = [];
  for (const comp of groups.values()) {
    // A slip is worth suggesting when it is the only one as good, and explains either the whole
    // group of failures or at least two of them (one figure that several checks point at).
    const s = diagnose(comp, byFigure, t);
    if (s.length === 1 && (s[0]!.fixes >= 2 || s[0]!.fixes === comp.length)) out.push(s[0]!);
  }
  return out;
}

/** Printed shares of a partition should sum to 100 within n·½·10⁻ᵏ (DOMAIN §3.4). */
function shareSums(s: Structure, t: FigureTable): Finding[] {
  const out: Finding[] = [];
  for (const list of s.shareLists) {
    const printed = list.shares.reduce((a, f) => a.plus(t.value(f)), new Dec(0));
    const within = meets(sum(list.shares.map((f) => t.interval(f, 'coarse'))), roundingInterval(100, 10));
    if (printed.eq(100)) continue;
    const severity: Severity = within ? 'info' : 'warning';
    out.push({
      rule: 'share-sum',
      severity,
      message: {
        zh: `${list.what.zh}各项占比之和为${printed.toFixed()}%，不等于100%${within ? '（在各项舍入误差之内，属舍入所致）' : '，超出各项舍入误差'}。`,
        en: `The shares of ${list.what.en} add up to ${printed.toFixed()}%, not 100%${within ? ' (within the rounding of the printed shares)' : ', beyond the rounding of the printed shares'}.`,
      },
      stated: printed.toFixed(),
      expected: '100',
      figures: list.shares.map((f) => f.id),
    });
  }
  return out;
}

/** A category list that names only some rows: say how much of the total it leaves unlisted. */
function partialLists(s: Structure, t: FigureTable): Finding[] {
  const out: Finding[] = [];
  for (const l of s.lists) {
    if (l.complete || l.rule !== 'sum-category') continue;
    const partsMu = l.parts.reduce((a, p) => a.plus(t.muValue(p)), new Dec(0));
    const totalMu = t.muValue(l.total);
    if (partsMu.gte(totalMu)) continue;
    const k = muFactor(l.total);
    const dp = l.total.decimals;
    const rest = totalMu.minus(partsMu).div(k).toFixed(dp);
    const pct = partsMu.times(100).div(totalMu).toFixed(2);
    out.push({
      rule: 'partial-structure',
      severity: 'info',
      message: {
        zh: `用途结构只列出${l.parts.length}类用地，合计${partsMu.div(k).toFixed(dp)}${unitZh(l.total)}，占供应总量${l.total.value}${unitZh(l.total)}的${pct}%；其余${rest}${unitZh(l.total)}未列出分类指标（可能为指导性指标），不按分项之和核对总量。`,
        en: `The use structure lists ${l.parts.length} categories totalling ${partsMu.div(k).toFixed(dp)} ${l.total.unit}, ${pct}% of the ${l.total.value} ${l.total.unit} total; the remaining ${rest} ${l.total.unit} has no category figure (possibly indicative), so the total is not checked as their sum.`,
      },
      stated: l.total.value,
      expected: partsMu.div(k).toFixed(dp),
      figures: [l.total.id, ...l.parts.map((p) => p.id)],
    });
  }
  return out;
}

/** 统筹/分解 group totals are stated figures, not category sums (DOMAIN §3.5): note a difference, never an error. */
function groupNotes(s: Structure, figures: readonly ExtractedFigure[]): Finding[] {
  const out: Finding[] = [];
  const byId = new Map(figures.map((f) => [f.id, f]));
  for (const g of s.groups) {
    const members = g.members ?? [];
    if (members.length === 0) continue;
    const parts = members.map((m) => s.categoryList.find((c) => c.category === m));
    if (parts.some((p) => p === undefined) || !isArea(g) || !isPrimary(g, byId)) continue;
    const partsMu = (parts as ExtractedFigure[]).reduce((a, p) => a.plus(new Dec(p.value).times(muFactor(p))), new Dec(0));
    const gMu = new Dec(g.value).times(muFactor(g));
    if (meets(roundingInterval(gMu, 2), roundingInterval(partsMu, 2))) continue;
    const k = muFactor(g);
    out.push({
      rule: 'group-total',
      severity: 'info',
      message: {
        zh: `「${g.label}」${g.value}${unitZh(g)}与所列各类用地之和${partsMu.div(k).toFixed(g.decimals)}${unitZh(g)}不同；统筹/分解分组常含其他项目或不含部分单位，按所述数字保留，不视为错误。`,
        en: `The group "${g.label}" states ${g.value} ${g.unit}, while the categories it names add up to ${partsMu.div(k).toFixed(g.decimals)} ${g.unit}; such groups often include other projects or exclude some units, so the stated figure is kept and not treated as an error.`,
      },
      stated: g.value,
      expected: partsMu.div(k).toFixed(g.decimals),
      figures: [g.id, ...(parts as ExtractedFigure[]).map((p) => p.id)],
    });
  }
  return out;
}

/**
 * Housing-share claims ("…不低于住房用地供应总量的70%") against the housing figures the text gives.
 * The claim fails only if even the most generous reading stays below it: commodity housing counts
 * toward the upper bound when the claim names 中小套型 housing but the text gives it no figure of
 * its own. A claim whose lower bound falls short but upper bound reaches is not verifiable.
 */
function housingClaims(s: Structure, figures: readonly ExtractedFigure[], t: FigureTable): Finding[] {
  const out: Finding[] = [];
  const byId = new Map(figures.map((f) => [f.id, f]));
  const plan = figures.filter((f) => isArea(f) && isPrimary(f, byId) && f.measure !== 'actual' && !f.year);
  const housingTotal = plan.find((f) => f.role === 'housingTotal') ?? plan.find((f) => f.role === 'category' && f.category === 'residential') ?? s.categoryList.find((c) => c.category === 'residential');
  const parts = plan.filter((f) => f.role === 'housing');
  const hasChild = new Set(parts.map((q) => q.parent).filter((x): x is string => x !== undefined));
  const memo = new Map<string, Finding | null>();
  for (const claim of s.housingClaims) {
    const key = `${claim.label}|${claim.value}`;
    const cached = memo.get(key);
    if (cached !== undefined) {
      if (cached) out.push({ ...cached, stated: claim.value, figures: [claim.id, ...cached.figures.slice(1)] });
      continue;
    }
    const before = out.length;
    const numerator = claim.label;
    if (!/(保障|棚户|中小套型)/.test(numerator)) continue;
    const counts = (p: ExtractedFigure) => {
      const h = p.housingType === 'affordable' ? undefined : resolveHousingCategory(p.label);
      return p.housingType === 'affordable' || h?.affordable === true || h?.countsTowardSeventy === true;
    };
    const members = parts.filter(counts);
    const namesSmall = /中小套型/.test(numerator);
    const smallGiven = members.some((m) => resolveHousingCategory(m.label)?.countsTowardSeventy);
    // Commodity housing that may hold the 中小套型 housing the text gives no figure for.
    const maybe = namesSmall && !smallGiven ? parts.filter((p) => !counts(p) && !/(其他|高档|别墅)/.test(p.label) && !hasChild.has(p.id)) : [];
    if (!housingTotal || members.length === 0) {
      out.push({
        rule: 'housing-share-claim',
        severity: 'info',
        message: {
          zh: `文中要求「${claim.quote.replace(/^.*?(确保|保证|要求)/, '')}」，但正文未给出住房用地分类面积，无法核验（需见住房用地供应计划表）。`,
          en: `The text requires a housing share of at least ${claim.value}%, but gives no housing figures by type to verify it (see the housing land supply table).`,
        },
        stated: claim.value,
        figures: [claim.id],
      });
      memo.set(key, out[out.length - 1]!);
      continue;
    }
    if (t.muValue(housingTotal).isZero()) {
      // A zero housing total: no share of it can be computed, so the claim can be neither met nor missed.
      const zeroParts = members.every((m) => t.muValue(m).isZero());
      out.push({
        rule: 'housing-share-claim',
        severity: 'info',
        message: {
          zh: `文中要求「${claim.quote.replace(/^.*?(确保|保证|要求)/, '')}」，但「${housingTotal.label}」为${housingTotal.value}${unitZh(housingTotal)}，${zeroParts ? '所列住房用地也为0，占比为0比0，' : ''}无法计算占比，不据此判断是否达到${claim.value}%。`,
          en: `The text requires a housing share of at least ${claim.value}%, but "${housingTotal.label}" is ${housingTotal.value} ${housingTotal.unit}${zeroParts ? ' and the housing it lists is zero too (0 of 0)' : ''}: no share can be computed, so the requirement is neither met nor missed.`,
        },
        stated: claim.value,
        figures: [claim.id, housingTotal.id, ...members.map((m) => m.id)],
      });
      memo.set(key, out[out.length - 1]!);
      continue;
    }
    const den = t.quantity(housingTotal, 'plain');
    const upper = sum([...members, ...maybe].map((m) => t.quantity(m, 'plain'))).hi.times(100).div(den.lo);
    const expected = members.reduce((a, m) => a.plus(t.muValue(m)), new Dec(0)).times(100).div(t.muValue(housingTotal));
    if (upper.lt(new Dec(claim.value))) {
      out.push({
        rule: 'housing-share-claim',
        severity: 'error',
        message: {
          zh: `文中要求保障性住房等三类住房用地不低于住房用地的${claim.value}%，但按所列面积仅为${expected.toFixed(2)}%。`,
          en: `The text requires at least ${claim.value}% of housing land for the three housing categories, but its own figures give ${expected.toFixed(2)}%.`,
        },
        stated: claim.value,
        expected: expected.toFixed(2),
        figures: [claim.id, housingTotal.id, ...members.map((m) => m.id)],
      });
    } else if (expected.lt(new Dec(claim.value)) && maybe.length > 0) {
      out.push({
        rule: 'housing-share-claim',
        severity: 'info',
        message: {
          zh: `文中要求「${claim.quote.replace(/^.*?(确保|保证|要求|表示,?)/, '')}」；所列保障性等住房用地占${expected.toFixed(2)}%，其余取决于商品住房中的中小套型部分，正文未给出，无法核验。`,
          en: `The text requires at least ${claim.value}%; the housing it lists by type gives ${expected.toFixed(2)}%, and the rest depends on the small and medium units within commodity housing, which the text does not give.`,
        },
        stated: claim.value,
        figures: [claim.id, housingTotal.id, ...members.map((m) => m.id), ...maybe.map((m) => m.id)],
      });
    }
    memo.set(key, out.length > before ? out[out.length - 1]! : null);
  }
  return out;
}

function unitZh(f: ExtractedFigure): string {
  return f.unit === 'percent' || f.unit === 'times' ? '' : (UNIT_ZH[f.unit] ?? '');
}

export { unitZh };
