/**
 * Extraction: every figure of a plan text with its label, role, quote and offsets, plus the
 * binding/indicative and pooled/allocated statements. Never throws on odd input: a damaged text
 * yields fewer or stranger figures, not a crash.
 */
import { planCategories } from '../../domain/classification/index.js';
import { normalizeWidth } from '../normalize.js';
import type { AuditDocument, ExtractedFigure, PlanStatement } from '../types.js';
import { classify } from './classify.js';
import { clauseBefore, quoteAround, sentenceEnd, sentenceStart } from './context.js';
import { documentInfo } from './document.js';
import { findNumberTokens, type NumberToken } from './tokens.js';

export interface Extraction {
  readonly document: AuditDocument;
  readonly figures: ExtractedFigure[];
  readonly statements: PlanStatement[];
}

const AREA_UNITS = new Set(['ha', 'mu', 'm2', 'sqkm']);
const PAIR_GLUE = /^\s*[(（]?\s*(约|合|折合|即|计|共)?\s*$/;

export function extract(original: string): Extraction {
  const text = normalizeWidth(original);
  const document = documentInfo(text);
  const tokens = findNumberTokens(text);
  const figures: ExtractedFigure[] = [];
  let prev: { token: NumberToken; fig: ExtractedFigure } | null = null;

  tokens.forEach((t, i) => {
    const id = `f${i + 1}`;
    const sStart = sentenceStart(text, t.start);
    const from = prev && prev.token.end > sStart ? prev.token.end : sStart;
    const between = text.slice(from, t.start);
    const clause = clauseBefore(text, from, t.start);
    const after = text.slice(t.end, Math.min(text.length, t.end + 8));
    const { quote } = quoteAround(text, t.start, t.end, 80, original);
    const decimals = t.text.includes('.') ? t.text.length - t.text.indexOf('.') - 1 : 0;
    const base = { id, value: t.text, unit: t.unit, decimals, quote, start: t.start, end: t.end };

    // "1843.24公顷（27647.42亩）": the second figure restates the first in another area unit.
    const samePhrase = prev !== null && prev.token.end > sStart;
    if (samePhrase && prev && AREA_UNITS.has(t.unit) && AREA_UNITS.has(prev.token.unit) && t.unit !== prev.token.unit && PAIR_GLUE.test(between)) {
      const p = prev.fig;
      const fig: ExtractedFigure = { ...copyAttrs(p), ...base, label: p.label, role: p.role, pairOf: p.id };
      figures.push(fig);
      figures[figures.indexOf(p)] = { ...p, pairOf: id };
      prev = { token: t, fig };
      return;
    }

    const cls = classify(clause, between, after, t.unit, document.year);
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
      ...(cls.qualifier ? { qualifier: cls.qualifier } : {}),
      ...(cls.denominator ? { denominator: cls.denominator } : {}),
      ...(cls.growthMode ? { growthMode: cls.growthMode } : {}),
      ...(cls.direction ? { direction: cls.direction } : {}),
    };
    if (cls.role === 'groupTotal') fig = { ...fig, members: namedCategories(text.slice(sStart, t.start)) };
    if (/^\s*(其中|含|包括|包含)/.test(clause)) fig = { ...fig, breakdown: true };
    if ((cls.role === 'share' && cls.shareOfPrevious) || cls.role === 'growth') {
      // A share or growth printed right after an area figure of the same sentence is about that figure.
      const target = samePhrase ? areaFigureOf(prev?.fig, figures) : undefined;
      const linkable = target && !['share', 'growth', 'threshold', 'baseline', 'fiveYearAverage'].includes(target.role);
      if (target && linkable) {
        fig = { ...fig, of: target.id, label: `${target.label}${cls.role === 'share' ? '占比' : ''}`, ...copyAttrs(target) };
      }
    }
    figures.push(fig);
    prev = { token: t, fig };
  });

  return { document, figures, statements: statements(text) };
}

/** The hectare figure behind `f` when `f` is its 亩 restatement. */
function areaFigureOf(f: ExtractedFigure | undefined, all: ExtractedFigure[]): ExtractedFigure | undefined {
  if (!f) return undefined;
  if (f.pairOf && !AREA_UNITS.has(f.unit)) return f;
  if (f.pairOf) {
    const partner = all.find((x) => x.id === f.pairOf);
    if (partner && partner.start < f.start) return partner;
  }
  return AREA_UNITS.has(f.unit) ? f : undefined;
}

function copyAttrs(f: ExtractedFigure): Partial<ExtractedFigure> {
  const out: Record<string, unknown> = {};
  for (const k of ['category', 'method', 'source', 'district', 'housingType', 'kind'] as const) if (f[k] !== undefined) out[k] = f[k];
  return out as Partial<ExtractedFigure>;
}

/** Sentences that declare binding/indicative indicators or pooled/allocated rows, with the categories they name. */
function statements(text: string): PlanStatement[] {
  const out: PlanStatement[] = [];
  const re = /(约束性|指导性|预测性|统筹|分解落实)/g;
  const seen = new Set<number>();
  for (const m of text.matchAll(re)) {
    // A statement is the clause run around the keyword, up to the enclosing ；or 。
    let s = sentenceStart(text, m.index);
    const e = sentenceEnd(text, m.index);
    if (seen.has(s)) continue;
    const prevSemicolon = text.lastIndexOf('；', m.index);
    if (prevSemicolon >= s) s = prevSemicolon + 1;
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

/** Categories a phrase names, including bare stems ("商服和工矿仓储用地"). */
export function namedCategories(sentence: string): string[] {
  const found: { id: string; at: number }[] = [];
  const taken: [number, number][] = [];
  const aliases = planCategories()
    .filter((c) => !c.parent || c.id === 'publicUtilities')
    .flatMap((c) => [...c.aliases.map((a) => ({ id: c.id, a, stem: false })), { id: c.id, a: c.zh.replace(/用地$/, ''), stem: true }])
    .sort((x, y) => y.a.length - x.a.length);
  for (const { id, a, stem } of aliases) {
    if (a.length < 2) continue;
    let at = sentence.indexOf(a);
    while (at >= 0) {
      const end = at + a.length;
      // A bare stem ("商服") counts only inside a list ("商服和工矿仓储用地"), not in "特殊原因".
      const listed = !stem || /^[和、，,及与等用]/.test(sentence.slice(end, end + 1));
      if (listed && !taken.some(([s, e]) => at < e && end > s)) {
        taken.push([at, end]);
        if (!found.some((f) => f.id === id)) found.push({ id, at });
      }
      at = sentence.indexOf(a, end);
    }
  }
  return found.sort((x, y) => x.at - y.at).map((f) => f.id);
}
