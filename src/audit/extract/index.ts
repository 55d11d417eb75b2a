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
import { assignParents, type Draft } from './lists.js';
import { findTables, UNIT_LINE, type Table } from './tables.js';
import { findBareNumbers, findNumberTokens, type NumberToken } from './tokens.js';
import { YearsBefore, type YearsSeen } from './years.js';

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
/** How far back in its sentence a group total looks for the categories it names (real plans: under 200 characters). */
const MEMBERS_REACH = 400;
const NOT_LINKABLE = new Set(['share', 'growth', 'threshold', 'baseline', 'fiveYearAverage', 'completion']);

export function extract(original: string): Extraction {
  const prepared = prepareText(original);
  const text = prepared.text;
  const idx = new TextIndex(text);
  const document = documentInfo(text);
  const { tokens: found, skipped } = findNumberTokens(text);
  const unread: Unread[] = skipped.map((s) => ({ ...s }));
  const tables = findTables(text);
  const tokens = withBareNumbers(text, idx, [...found, ...tableTokens(tables, found, unread)].sort((a, b) => a.start - b.start), tables, unread);
  const figures: Draft[] = [];
  const years = new YearsBefore(text, document.year);
  let prev: { token: NumberToken; fig: Draft } | null = null;
  let n = 0;
  const figureAt = new Map<number, Draft>();

  for (const t of tokens) {
    const sStart = idx.sentenceStart(t.start);
    const from = prev && prev.token.end > sStart ? prev.token.end : sStart;
    const between = text.slice(from, t.start);
    let clause = t.cellLabel ?? idx.clauseBefore(from, t.start);
    if (t.cellLabel !== undefined) {
      // A table cell: its row and column say what it is.
    } else if (clause.trim() === '' && /[(（]\s*$/.test(between)) {
      // "…实际落实量(11.42万公顷)": the label stands before the bracket.
      const open = Math.max(between.lastIndexOf('('), between.lastIndexOf('（'));
      clause = idx.clauseBefore(from, from + open);
    } else if (clause.trim() === '' && /[)）]\s*$/.test(between)) {
      // "中心城区(东区、西区)500亩": the label stands before the bracket.
      const open = Math.max(between.lastIndexOf('('), between.lastIndexOf('（'));
      if (open >= 0) clause = idx.clauseBefore(from, from + open) + between.slice(open);
    } else if (clause.trim() !== '') {
      // "作价出资（入股）用地10公顷": a short bracket inside the label belongs to it.
      const cs = t.start - clause.length;
      const open = cs - 1 > from && /[)）]/.test(text[cs - 1]!) ? Math.max(text.lastIndexOf('(', cs - 1), text.lastIndexOf('（', cs - 1)) : -1;
      if (open >= from && cs - open <= 12 && !/\d/.test(text.slice(open, cs))) clause = idx.clauseBefore(from, open) + text.slice(open, t.start);
    }
    const after = text.slice(t.end, Math.min(text.length, t.end + 8));
    if ((t.unit === 'm2' || t.unit === 'wanm2') && FLOOR_AREA.test(text.slice(Math.max(sStart, t.start - 30), t.start))) {
      // Floor area (建筑面积) is built space, not land: out of the plan's arithmetic.
      unread.push({ start: t.start, end: t.end, reason: 'floorArea' });
      continue;
    }
    const id = `f${++n}`;
    const decimals = t.text.includes('.') ? t.text.length - t.text.indexOf('.') - 1 : 0;
    // "1843.24公顷（27647.42亩）": the second figure restates the first in another area unit.
    const samePhrase = prev !== null && prev.token.end > sStart;
    if (samePhrase && prev && AREA_UNITS.has(t.unit) && AREA_UNITS.has(prev.token.unit) && t.unit !== prev.token.unit && PAIR_GLUE.test(between)) {
      const p = prev.fig;
      const fig = setBase(copyAttrs(p, {} as Draft), id, t, decimals, sStart);
      fig.label = p.label;
      fig.role = p.role;
      fig.pairOf = p.id;
      if (p.qualifier) fig.qualifier = p.qualifier;
      figures.push(fig);
      p.pairOf = id;
      prev = { token: t, fig };
      continue;
    }

    const cls = classify(clause, between, after, t.unit, document.year, t.points === true);
    const qualifier = t.more ? 'atLeast' : cls.qualifier;
    const fig = setBase({} as Draft, id, t, decimals, sStart);
    fig.label = (t.cellLabel && cls.role !== 'share' ? t.cellLabel : cls.label).slice(-30) || cls.role;
    fig.role = cls.role;
    if (cls.category) fig.category = cls.category;
    if (cls.method) fig.method = cls.method;
    if (cls.source) fig.source = cls.source;
    if (cls.district) fig.district = cls.district;
    if (cls.housingType) fig.housingType = cls.housingType;
    if (cls.kind) fig.kind = cls.kind;
    if (qualifier) fig.qualifier = qualifier;
    if (cls.denominator) fig.denominator = cls.denominator;
    if (cls.growthMode) fig.growthMode = cls.growthMode;
    if (cls.direction) fig.direction = cls.direction;
    if (cls.members) fig.members = cls.members;
    if (cls.measure) fig.measure = cls.measure;
    if (cls.role === 'groupTotal' && !cls.members) fig.members = namedCategories(text.slice(Math.max(sStart, t.start - MEMBERS_REACH), t.start));
    setYear(fig, years.at(sStart, t.start), text.slice(Math.max(sStart, t.start - 30), t.start), document.year);
    if (/^\s*(其中|含|包括|包含)/.test(clause)) fig.breakdown = true;
    const cellOf = t.shareOfStart !== undefined ? figureAt.get(t.shareOfStart) : undefined;
    if (cellOf && cls.role === 'share') {
      // A share cell is a share of its row's area cell.
      fig.of = cellOf.id;
      fig.label = `${cellOf.label}占比`;
      copyAttrs(cellOf, fig);
    } else if (((cls.role === 'share' && cls.shareOfPrevious) || cls.role === 'growth' || cls.role === 'completion') && samePhrase) {
      // A share, growth or completion printed right after an area figure of the same sentence is about that figure.
      const target = areaFigureOf(prev?.fig, figures);
      if (target && !NOT_LINKABLE.has(target.role)) {
        fig.of = target.id;
        fig.label = `${target.label}${cls.role === 'share' ? '占比' : ''}`;
        copyAttrs(target, fig);
      }
    }
    figures.push(fig);
    figureAt.set(t.start, fig);
    prev = { token: t, fig };
  }

  assignParents(figures, idx, tables);
  markRepeats(figures);
  for (const f of figures) toOriginal(f, idx, prepared, original);
  return {
    document,
    figures,
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

/** The figure's id, digits, unit and offsets (figures are built in place, keys in the order the report prints them). */
function setBase(fig: Draft, id: string, t: NumberToken, decimals: number, sentence: number): Draft {
  fig.id = id;
  fig.value = t.text;
  fig.unit = t.unit;
  fig.decimals = decimals;
  fig.quote = '';
  fig.start = t.start;
  fig.end = t.end;
  fig.sentence = sentence;
  if (t.unitFrom) fig.unitFrom = t.unitFrom;
  return fig;
}

/** Offsets and quote in the original text (in place). */
function toOriginal(f: Draft, idx: TextIndex, p: PreparedText, original: string): void {
  const [qs, qe] = idx.quoteSpan(f.start, f.end);
  f.quote = original.slice(originalOffset(p, qs), originalOffset(p, qe)).replace(/\s+/g, ' ').trim();
  const sentence = f.sentence ?? f.start;
  f.start = originalOffset(p, f.start);
  f.end = originalOffset(p, f.end);
  f.sentence = originalOffset(p, sentence);
}

/**
 * Numbers printed without a unit take one from the area figures of their own list ("东区2140；
 * 西区856亩"); table cells take their column's (tables.ts). One under a table's unit line
 * (单位：公顷) that is in no column the reader knows is listed as unread: a 序号, a share, a
 * year or a count must not be read as an area. A number left without a unit is not a figure.
 */
function withBareNumbers(text: string, idx: TextIndex, tokens: NumberToken[], tables: readonly Table[], unread: Unread[]): NumberToken[] {
  const bare = findBareNumbers(text);
  if (bare.length === 0) return tokens;
  let tj = 0;
  const headers = [...text.matchAll(new RegExp(UNIT_LINE.source, 'g'))].map((m) => ({ at: m.index }));
  const out = [...tokens];
  let ti = 0;
  let hi = 0;
  for (const b of bare) {
    while (ti < tokens.length && tokens[ti]!.end <= b.start) ti++;
    if (ti < tokens.length && tokens[ti]!.start <= b.start) continue; // part of a figure with a unit
    while (tj < tables.length && tables[tj]!.end <= b.start) tj++;
    if (tj < tables.length && tables[tj]!.start <= b.start) continue; // a table cell: read by its column
    const scope = idx.scopeOf(b.start);
    // Sibling figures: the nearest area figures of the same list scope, within a short reach.
    // A number followed by another across a tab or wide space is a table cell: its unit is its column's, never a neighbour's.
    const near = b.cell ? [] : [tokens[ti - 1], tokens[ti]].filter((t): t is NumberToken => t !== undefined && AREA_UNITS.has(t.unit) && idx.scopeOf(t.start) === scope && Math.abs(t.start - b.start) < 40);
    const units = new Set(near.map((t) => t.unit));
    if (near.length > 0 && units.size === 1) {
      out.push({ text: b.text, unit: near[0]!.unit, start: b.start, end: b.end, numberStart: b.start, unitFrom: 'sibling' });
      continue;
    }
    while (hi < headers.length && headers[hi]!.at < b.start) hi++;
    const header = headers[hi - 1];
    const lastUnitBefore = tokens[ti - 1];
    if (header && (!lastUnitBefore || lastUnitBefore.start < header.at)) {
      // Under a table header (单位：公顷) but in no column the reader knows: a 序号, a share, a year or a
      // count would be read as an area. Say it was not read rather than guess.
      unread.push({ start: b.start, end: b.end, reason: 'noUnit' });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

type Unread = { start: number; end: number; reason: UnreadSpan['reason'] };

/**
 * The numbers of the tables' cells (tables.ts): an area column's cells take its unit, a share
 * column's cells are shares of the row's area cell to their left; the cells of a column the
 * reader does not know, or of an area column with no unit anywhere, are unread. Cells printed
 * with their own unit are already tokens.
 */
function tableTokens(tables: readonly Table[], found: readonly NumberToken[], unread: Unread[]): NumberToken[] {
  if (tables.length === 0) return [];
  const taken = new Set(found.map((t) => t.start));
  const out: NumberToken[] = [];
  for (const table of tables) {
    for (const row of table.rows) {
      let area: number | undefined;
      row.cells.forEach((cell, i) => {
        if (!cell || !/^[-+]?\d[\d,]*(\.\d+)?$/.test(cell.text) || taken.has(cell.start)) return;
        const col = table.columns[i]!;
        const text = cell.text.replace(/,/g, '');
        const base = { text, start: cell.start, end: cell.end, numberStart: cell.start, unitFrom: 'header' as const };
        if (col.kind === 'area' && col.unit) {
          // The column names what the cell is when it names a use, a method or a source ("住宅用地", "新增").
          const named = /(面积|规模|供应量|供地量|用地量|公顷|亩|平方米|^计划$)/.test(col.name) ? '' : col.name.replace(/[(（].*?[)）]/g, '');
          out.push({ ...base, unit: col.unit, cellLabel: `${row.label}${named}` });
          area = cell.start;
        } else if (col.kind === 'share') {
          out.push({ ...base, unit: 'percent', cellLabel: '占比', ...(area !== undefined ? { shareOfStart: area } : {}) });
        } else if (col.kind === 'unknown' || col.kind === 'area') unread.push({ start: cell.start, end: cell.end, reason: 'noUnit' });
      });
    }
  }
  return out;
}

/** The year a figure is about: an explicit year before it in its sentence, or 上年/去年 just before it. */
function setYear(f: Draft, years: YearsSeen, justBefore: string, planYear: number | null): void {
  if (planYear === null) return;
  if (f.role === 'baseline' && /(上年|去年|上一年|上年度|前一年)/.test(justBefore)) {
    f.year = planYear - 1;
    return;
  }
  if (years.count === 0 || years.namesPlanYear || f.role === 'fiveYearAverage') return;
  const year = years.latest;
  // "2021年与2022年…均为700公顷": a figure of other years only is an earlier year's figure.
  if (PLAN_ROLES.has(f.role) && year < planYear) f.role = 'baseline';
  f.year = year;
}

const PLAN_ROLES = new Set(['total', 'category', 'housing', 'housingTotal', 'method', 'source', 'district', 'groupTotal', 'other']);

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

const COPIED = ['category', 'method', 'source', 'district', 'housingType', 'kind', 'year', 'measure'] as const;

/** Copies what a figure is about (category, method, year …) onto `to`. */
function copyAttrs(f: ExtractedFigure, to: Draft): Draft {
  const out = to as Record<string, unknown>;
  for (const k of COPIED) if (f[k] !== undefined) out[k] = f[k];
  return to;
}

/**
 * A statement printed twice (a headline and the body: "增加18.4%" … "增加18.4%") is one
 * statement: the later printing of a growth or share with the same value and wording points at
 * the first, so a finding on one names both.
 */
function markRepeats(figures: Draft[]): void {
  const first = new Map<string, string>();
  for (const f of figures) {
    if (f.role !== 'growth' && f.role !== 'share' && f.role !== 'completion') continue;
    // A share is the same statement only if it is a share of the same thing ("划拨用地占比19.30%" is not "商服用地占比19.30%").
    const key = `${f.role}|${f.growthMode ?? ''}|${f.value}|${f.unit}|${f.direction ?? ''}|${f.role === 'share' ? f.label : ''}`;
    const seen = first.get(key);
    if (!seen) first.set(key, f.id);
    else f.repeats = seen;
  }
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
