/**
 * Reconciliation: evaluates every relation of the plan's structure with interval arithmetic and
 * grades what fails (DOMAIN §3.3–3.5, issue 2):
 * - error: no values within the printed precisions make the figures consistent;
 * - warning: consistent only if a figure printed with fewer decimals than its siblings is taken
 *   at its own, coarser precision (the plain reading, "1.8" as 1.80, comes first);
 * - info: consistent, but visibly not adding up (shares summing to 100.01%, a part-sum off in
 *   the last digit), or worth knowing (a category list that covers only part of the total).
 */
import { Dec } from '../../domain/decimal.js';
import type { Finding, Severity } from '../../domain/finding.js';
import { meets, roundingInterval, sum } from '../../domain/interval.js';
import { resolveHousingCategory } from '../../domain/classification/index.js';
import type { ExtractedFigure } from '../types.js';
import { diagnose, type Suspect } from './diagnose.js';
import { FigureTable, isArea, muFactor } from './figures.js';
import { causeOf, describeRelation, slipSuggestion } from './messages.js';
import { clearlyClean, evaluate, type Evaluation, type Relation } from './relations.js';
import { buildStructure, isPrimary, type Structure } from './structure.js';
import { holdsAsLargestRemainder, largestRemainderShares } from './largest-remainder.js';

export interface Reconciliation {
  readonly findings: Finding[];
  readonly structure: Structure;
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
  const lr = largestRemainderShares(structure, t);
  const graded = structure.relations.filter((rel) => !clearlyClean(rel, t)).map((rel) => grade(rel, t, lr));
  const failing = graded.filter((g) => g.severity === 'error').map((g) => g.rel);
  const suspects = diagnoseByComponent(failing, structure.relations, t);

  const findings: Finding[] = [];
  for (const g of graded) {
    if (!g.severity) continue;
    const stated = g.rel.stated;
    const expected = g.ev.expected.toFixed(t.decimals(stated, 'plain'), Dec.ROUND_HALF_UP);
    const cause = g.severity === 'info' ? undefined : causeOf(g.rel, g.ev, t, structure, figures);
    const suspect = suspects.find((s) => s.figure.id === stated.id || g.rel.inputs.some((i) => i.id === s.figure.id));
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
  findings.push(...shareSums(structure, t), ...partialLists(structure, t), ...groupNotes(structure, figures), ...housingClaims(structure, figures, t));
  return { findings, structure };
}

function grade(rel: Relation, t: FigureTable, largestRemainder: ReadonlySet<string> = new Set()): Graded {
  const ev = evaluate(rel, t, 'plain');
  if (ev.ok) {
    if (rel.kind === 'atMost') return { rel, severity: null, ev };
    const shown = ev.expected.toFixed(rel.stated.decimals, Dec.ROUND_HALF_UP);
    const visiblyOff = !new Dec(shown).eq(new Dec(rel.stated.value)) && !rel.stated.qualifier;
    return { rel, severity: visiblyOff ? 'info' : null, ev };
  }
  if (largestRemainder.has(rel.stated.id) && holdsAsLargestRemainder(rel, t)) return { rel, severity: 'info', ev };
  const coarseFigures = [rel.stated, ...rel.inputs].some((f) => t.isCoarse(f));
  if (coarseFigures) {
    const coarse = evaluate(rel, t, 'coarse');
    if (coarse.ok) return { rel, severity: 'warning', ev, coarse };
  }
  if (ev.loose) return { rel, severity: 'warning', ev };
  return { rel, severity: 'error', ev };
}

/** Diagnoses each group of failing relations that share figures, separately. */
function diagnoseByComponent(failing: Relation[], all: readonly Relation[], t: FigureTable): Suspect[] {
  const left = new Set(failing);
  const out: Suspect[] = [];
  while (left.size > 0) {
    const first = left.values().next().value as Relation;
    const comp = [first];
    left.delete(first);
    for (let i = 0; i < comp.length; i++) {
      const ids = new Set([comp[i]!.stated.id, ...comp[i]!.inputs.map((f) => f.id)]);
      for (const r of [...left]) {
        if ([r.stated, ...r.inputs].some((f) => ids.has(f.id))) {
          comp.push(r);
          left.delete(r);
        }
      }
    }
    // A slip is worth suggesting when it is the only one as good, and explains either the whole
    // group of failures or at least two of them (one figure that several checks point at).
    const s = diagnose(comp, all, t);
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
 * Housing-share claims ("…不低于住房用地供应总量的70%") against the housing figures, when the text
 * gives them; otherwise a note that the claim cannot be verified from the text.
 */
function housingClaims(s: Structure, figures: readonly ExtractedFigure[], t: FigureTable): Finding[] {
  const out: Finding[] = [];
  const byId = new Map(figures.map((f) => [f.id, f]));
  const housingTotal = figures.find((f) => f.role === 'housingTotal' && isArea(f) && isPrimary(f, byId)) ?? s.categoryList.find((c) => c.category === 'residential');
  const parts = figures.filter((f) => f.role === 'housing' && isArea(f) && isPrimary(f, byId));
  for (const claim of s.housingClaims) {
    const numerator = claim.label;
    const members = parts.filter((p) => {
      const h = p.housingType === 'affordable' ? undefined : resolveHousingCategory(p.label);
      return p.housingType === 'affordable' || h?.affordable || h?.countsTowardSeventy;
    });
    const mentions = /(保障|棚户|中小套型)/.test(numerator);
    if (!mentions) continue;
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
      continue;
    }
    const num = sum(members.map((m) => t.muInterval(m, 'plain')));
    const den = t.muInterval(housingTotal, 'plain');
    const share = num.hi.times(100).div(den.lo);
    const expected = members.reduce((a, m) => a.plus(t.muValue(m)), new Dec(0)).times(100).div(t.muValue(housingTotal));
    if (share.gte(new Dec(claim.value))) continue;
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
  }
  return out;
}

function unitZh(f: ExtractedFigure): string {
  return f.unit === 'ha' ? '公顷' : f.unit === 'mu' ? '亩' : f.unit === 'm2' ? '平方米' : f.unit === 'sqkm' ? '平方公里' : '';
}

export { unitZh };
