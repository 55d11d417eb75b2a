/**
 * Extraction: every figure of a plan text with its label, role, year, quote and offsets, the
 * list it belongs to, plus the binding/indicative and pooled/allocated statements and the numbers
 * it could not read. Never throws on odd input: a damaged text yields fewer or stranger figures,
 * not a crash. Linear in the length of the text: boundaries are indexed once (context.ts) and
 * every look-back is bounded.
 */
import { originalOffset, prepareText, type PreparedText } from '../normalize.js';
import type { AuditDocument, ExtractedFigure, PlanStatement, UnreadSpan } from '../types.js';
import { namedCategories } from './categories.js';
import { classify } from './classify.js';
import { TextIndex } from './context.js';
import { documentInfo } from './document.js';
import { assignParents } from './lists.js';
import { findBareNumbers, findNumberTokens, type NumberToken } from './tokens.js';

export { namedCategories } from './categories.js';

export interface Extraction {
  readonly document: AuditDocument;
  readonly figures: ExtractedFigure[];
  readonly statements: PlanStatement[];
  readonly unread: UnreadSpan[];
}

export const AREA_UNITS = new Set(['ha', 'mu', 'm2', 'sqkm', 'wanha', 'wanmu', 'wanm2']);
const PAIR_GLUE = /^\s*[(（]?\s*(约|合|折合|即|计|共)?\s*$/;
const FLOOR_AREA = /(建筑面积|建筑规模|建筑量|计容面积|房屋面积|住房面积)/;
const NOT_LINKABLE = new Set(['share', 'growth', 'threshold', 'baseline', 'fiveYearAverage', 'completion']);

export function extract(original: string): Extraction {
  const prepared = prepareText(original);
  const text = prepared.text;
  const idx = new TextIndex(text);
  const document = documentInfo(text);
  const { tokens: found, skipped } = findNumberTokens(text);
  const unread: { start: number; end: number; reason: UnreadSpan['reason'] }[] = skipped.map((s) => ({ ...s }));
  const tokens = withBareNumbers(text, idx, found);
  const figures: ExtractedFigure[] = [];
  let prev: { token: NumberToken; fig: ExtractedFigure } | null = null;
  let n = 0;

  for (const t of tokens) {
    const sStart = idx.sentenceStart(t.start);
    const from = prev && prev.token.end > sStart ? prev.token.end : sStart;
    const between = text.slice(from, t.start);
    let clause = idx.clauseBefore(from, t.start);
    if (clause.trim() === '' && /[(（]\s*$/.test(between)) {
      // "…实际落实量(11.42万公顷)": the label stands before the bracket.
      const open = Math.max(between.lastIndexOf('('), between.lastIndexOf('（'));
      clause = idx.clauseBefore(from, from + open);
    } else if (clause.trim() === '' && /[)）]\s*$/.test(between)) {
      // "中心城区(东区、西区)500亩": the label stands before the bracket.
      const open = Math.max(between.lastIndexOf('('), between.lastIndexOf('（'));
      if (open >= 0) clause = idx.clauseBefore(from, from + open) + between.slice(open);
    }
    const after = text.slice(t.end, Math.min(text.length, t.end + 8));
    if ((t.unit === 'm2' || t.unit === 'wanm2') && FLOOR_AREA.test(text.slice(Math.max(sStart, t.start - 30), t.start))) {
      // Floor area (建筑面积) is built space, not land: out of the plan's arithmetic.
      unread.push({ start: t.start, end: t.end, reason: 'floorArea' });
      continue;
    }
    const id = `f${++n}`;
    const decimals = t.text.includes('.') ? t.text.length - t.text.indexOf('.') - 1 : 0;
    const base = { id, value: t.text, unit: t.unit, decimals, quote: '', start: t.start, end: t.end, sentence: sStart, ...(t.unitFrom ? { unitFrom: t.unitFrom } : {}) };

    // "1843.24公顷（27647.42亩）": the second figure restates the first in another area unit.
    const samePhrase = prev !== null && prev.token.end > sStart;
    if (samePhrase && prev && AREA_UNITS.has(t.unit) && AREA_UNITS.has(prev.token.unit) && t.unit !== prev.token.unit && PAIR_GLUE.test(between)) {
      const p = prev.fig;
      const fig: ExtractedFigure = { ...copyAttrs(p), ...base, label: p.label, role: p.role, pairOf: p.id, ...(p.qualifier ? { qualifier: p.qualifier } : {}) };
      figures.push(fig);
      figures[figures.length - 2] = { ...p, pairOf: id };
      prev = { token: t, fig };
      continue;
    }

    const cls = classify(clause, between, after, t.unit, document.year, t.points === true);
    const qualifier = t.more ? 'atLeast' : cls.qualifier;
    let fig: ExtractedFigure = {
      ...base,
      label: cls.label.slice(-30) || cls.role,
      role: cls.role,
      ...(cls.category ? { category: cls.category } : {}),
      ...(cls.method ? { method: cls.method } : {}),
      ...(cls.source ? { source: cls.source } : {}),
      ...(cls.district ? { district: cls.district } : {}),
      ...(cls.housingType ? { housingType: cls.housingType } : {}),
      ...(cls.kind ? { kind: cls.kind } : {}),
      ...(qualifier ? { qualifier } : {}),
      ...(cls.denominator ? { denominator: cls.denominator } : {}),
      ...(cls.growthMode ? { growthMode: cls.growthMode } : {}),
      ...(cls.direction ? { direction: cls.direction } : {}),
      ...(cls.members ? { members: cls.members } : {}),
      ...(cls.measure ? { measure: cls.measure } : {}),
    };
    if (cls.role === 'groupTotal' && !cls.members) fig = { ...fig, members: namedCategories(text.slice(sStart, t.start)) };
    fig = withYear(fig, text.slice(sStart, t.start), document.year);
    if (/^\s*(其中|含|包括|包含)/.test(clause)) fig = { ...fig, breakdown: true };
    if (((cls.role === 'share' && cls.shareOfPrevious) || cls.role === 'growth' || cls.role === 'completion') && samePhrase) {
      // A share, growth or completion printed right after an area figure of the same sentence is about that figure.
      const target = areaFigureOf(prev?.fig, figures);
      if (target && !NOT_LINKABLE.has(target.role)) {
        fig = { ...fig, of: target.id, label: `${target.label}${cls.role === 'share' ? '占比' : ''}`, ...copyAttrs(target) };
      }
    }
    figures.push(fig);
    prev = { token: t, fig };
  }

  const linked = markRepeats(assignParents(figures, idx));
  const out = linked.map((f) => toOriginal(f, idx, prepared, original));
  return {
    document,
    figures: out,
    statements: statements(text).map((s) => ({ ...s, start: originalOffset(prepared, s.start), end: originalOffset(prepared, s.end) })),
    unread: unread
      .sort((a, b) => a.start - b.start)
      .map((u) => {
        const start = originalOffset(prepared, u.start);
        const end = originalOffset(prepared, u.end);
        return { start, end, text: original.slice(start, end), reason: u.reason };
      }),
  };
}

/** Offsets and quote in the original text. */
function toOriginal(f: ExtractedFigure, idx: TextIndex, p: PreparedText, original: string): ExtractedFigure {
  const [qs, qe] = idx.quoteSpan(f.start, f.end);
  const quote = original.slice(originalOffset(p, qs), originalOffset(p, qe)).replace(/\s+/g, ' ').trim();
  return { ...f, quote, start: originalOffset(p, f.start), end: originalOffset(p, f.end), sentence: originalOffset(p, f.sentence ?? f.start) };
}

/**
 * Numbers printed without a unit take one from the area figures of their own list ("东区2140；
 * 西区856亩") or, failing that, from a table header above them (单位：公顷) up to the next
 * figure printed with a unit. A number left without a unit is not a figure.
 */
function withBareNumbers(text: string, idx: TextIndex, tokens: NumberToken[]): NumberToken[] {
  const bare = findBareNumbers(text);
  if (bare.length === 0) return tokens;
  const headers = [...text.matchAll(/单位\s*[:：]\s*(万公顷|公顷|万亩|亩|万平方米|平方米)/g)].map((m) => ({ at: m.index, unit: unitOfHeader(m[1]!) }));
  const out = [...tokens];
  let ti = 0;
  let hi = 0;
  for (const b of bare) {
    while (ti < tokens.length && tokens[ti]!.end <= b.start) ti++;
    if (ti < tokens.length && tokens[ti]!.start <= b.start) continue; // part of a figure with a unit
    const scope = idx.scopeOf(b.start);
    // Sibling figures: the nearest area figures of the same list scope, within a short reach.
    const near = [tokens[ti - 1], tokens[ti]].filter((t): t is NumberToken => t !== undefined && AREA_UNITS.has(t.unit) && idx.scopeOf(t.start) === scope && Math.abs(t.start - b.start) < 40);
    const units = new Set(near.map((t) => t.unit));
    if (near.length > 0 && units.size === 1) {
      out.push({ text: b.text, unit: near[0]!.unit, start: b.start, end: b.end, numberStart: b.start, unitFrom: 'sibling' });
      continue;
    }
    while (hi < headers.length && headers[hi]!.at < b.start) hi++;
    const header = headers[hi - 1];
    const lastUnitBefore = tokens[ti - 1];
    if (header && (!lastUnitBefore || lastUnitBefore.start < header.at)) {
      out.push({ text: b.text, unit: header.unit, start: b.start, end: b.end, numberStart: b.start, unitFrom: 'header' });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

function unitOfHeader(u: string): NumberToken['unit'] {
  return ({ 万公顷: 'wanha', 公顷: 'ha', 万亩: 'wanmu', 亩: 'mu', 万平方米: 'wanm2', 平方米: 'm2' } as const)[u as '公顷'] ?? 'ha';
}

/** The year a figure is about: an explicit year before it in its sentence, or 上年/去年. */
function withYear(f: ExtractedFigure, sentenceBefore: string, planYear: number | null): ExtractedFigure {
  if (planYear === null) return f;
  const years = [...sentenceBefore.matchAll(/((?:19|20)\d{2})\s*年(?![\d-])/g)].map((m) => Number(m[1]));
  if (f.role === 'baseline' && /(上年|去年|上一年|上年度|前一年)/.test(sentenceBefore.slice(-30))) return { ...f, year: planYear - 1 };
  if (years.length === 0 || years.includes(planYear) || f.role === 'fiveYearAverage') return f;
  const year = Math.max(...years);
  const planRoles = ['total', 'category', 'housing', 'housingTotal', 'method', 'source', 'district', 'groupTotal', 'other'];
  // "2021年与2022年…均为700公顷": a figure of other years only is an earlier year's figure.
  return planRoles.includes(f.role) && year < planYear ? { ...f, role: 'baseline', year } : { ...f, year };
}

/** The hectare figure behind `f` when `f` is its 亩 restatement. */
function areaFigureOf(f: ExtractedFigure | undefined, all: ExtractedFigure[]): ExtractedFigure | undefined {
  if (!f) return undefined;
  if (f.pairOf && !AREA_UNITS.has(f.unit)) return f;
  if (f.pairOf) {
    const partner = all[all.length - 2];
    if (partner && partner.id === f.pairOf && partner.start < f.start) return partner;
  }
  return AREA_UNITS.has(f.unit) ? f : undefined;
}

function copyAttrs(f: ExtractedFigure): Partial<ExtractedFigure> {
  const out: Record<string, unknown> = {};
  for (const k of ['category', 'method', 'source', 'district', 'housingType', 'kind', 'year', 'measure'] as const) if (f[k] !== undefined) out[k] = f[k];
  return out as Partial<ExtractedFigure>;
}

/**
 * A statement printed twice (a headline and the body: "增加18.4%" … "增加18.4%") is one
 * statement: the later printing of a growth or share with the same value and wording points at
 * the first, so a finding on one names both.
 */
function markRepeats(figures: ExtractedFigure[]): ExtractedFigure[] {
  const first = new Map<string, string>();
  return figures.map((f) => {
    if (f.role !== 'growth' && f.role !== 'share' && f.role !== 'completion') return f;
    const key = `${f.role}|${f.growthMode ?? ''}|${f.value}|${f.unit}|${f.direction ?? ''}`;
    const seen = first.get(key);
    if (!seen) {
      first.set(key, f.id);
      return f;
    }
    return { ...f, repeats: seen };
  });
}

/** Sentences that declare binding/indicative indicators or pooled/allocated rows, with the categories they name. */
function statements(text: string): PlanStatement[] {
  const out: PlanStatement[] = [];
  const idx = new TextIndex(text);
  const re = /(约束性|指导性|预测性|统筹|分解落实)/g;
  const seen = new Set<number>();
  for (const m of text.matchAll(re)) {
    // A statement is the clause run around the keyword, up to the enclosing ；or 。
    const s = idx.sentenceStart(m.index);
    const e = idx.sentenceEnd(m.index);
    if (seen.has(s)) continue;
    seen.add(s);
    const sentence = text.slice(s, e);
    if (!/((实行|实施|均为|属于|为)[^。；]{0,8}(统筹|指导性|约束性|预测性))|分解落实|(约束性|指导性|预测性)(指标|计划)/.test(sentence)) continue;
    const kind = /约束性/.test(sentence) ? 'binding' : /(指导性|预测性)/.test(sentence) ? 'indicative' : undefined;
    const allocation = /分解/.test(sentence) ? 'zoneAllocated' : /统筹/.test(sentence) ? 'pooled' : undefined;
    const categories = namedCategories(sentence);
    if (categories.length === 0 || (!kind && !allocation)) continue;
    out.push({ ...(kind ? { kind } : {}), ...(allocation ? { allocation } : {}), categories, quote: sentence.trim(), start: s, end: e });
  }
  return out;
}
