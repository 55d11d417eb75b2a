/**
 * Finds every number printed with a unit in a plan text: "1843.24公顷", "（27647.42亩）",
 * "12.48万公顷", "占比70.55%", "下降0.1个百分点", "增长2倍", "近两倍". Works on the prepared text
 * (see normalize.ts). Numbers printed without a unit are found by `findBareNumbers`; the extractor
 * decides whether a table header or the sibling figures give them one.
 */
import type { AuditUnit } from '../types.js';

export interface NumberToken {
  /** ASCII digits with at most one decimal point, thousands separators removed. */
  readonly text: string;
  readonly unit: AuditUnit;
  /** Offsets of number and unit together. */
  readonly start: number;
  readonly end: number;
  /** Offset where the digits start. */
  readonly numberStart: number;
  /** "300多公顷", "300余亩": at least the printed figure. */
  readonly more?: boolean;
  /** "个百分点": a change in percentage points, not a share. */
  readonly points?: boolean;
  /** The number was printed in Chinese numerals (两倍). */
  readonly numerals?: boolean;
  /** No unit was printed: it came from a table header or the sibling figures. */
  readonly unitFrom?: 'header' | 'sibling';
  /** A table cell: what its row and column say it is ("住宅用地", "占比"), read in place of the words before it. */
  readonly cellLabel?: string;
  /** A share cell: the offset of the area cell of its row it is a share of. */
  readonly shareOfStart?: number;
}

/** A unit this reader knows but does not reconcile (‰), or a number it cannot place. */
export interface SkippedToken {
  readonly start: number;
  readonly end: number;
  readonly reason: 'permille';
}

// Unit alternatives, longest first.
const UNIT =
  '(万公顷|万亩|万平方米|万㎡|万m2|万m²|平方公里|平方千米|km2|km²|平方米|㎡|m2|m²|公顷|hm2|hm²|ha(?![a-z])|亩|个百分点|百分点|%|‰|倍)';
const NUMBER = '(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)';
const TOKEN = new RegExp(`${NUMBER}\\s*(多|余)?\\s*${UNIT}`, 'g');
const NUMERAL_TIMES = /(一|二|两|三|四|五|六|七|八|九|十)倍/g;
const NUMERALS: Record<string, string> = { 一: '1', 二: '2', 两: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9', 十: '10' };

const UNIT_MAP: Record<string, AuditUnit> = {
  万公顷: 'wanha',
  万亩: 'wanmu',
  万平方米: 'wanm2',
  '万㎡': 'wanm2',
  万m2: 'wanm2',
  '万m²': 'wanm2',
  平方公里: 'sqkm',
  平方千米: 'sqkm',
  km2: 'sqkm',
  'km²': 'sqkm',
  平方米: 'm2',
  '㎡': 'm2',
  m2: 'm2',
  'm²': 'm2',
  公顷: 'ha',
  hm2: 'ha',
  'hm²': 'ha',
  ha: 'ha',
  亩: 'mu',
  个百分点: 'percent',
  百分点: 'percent',
  '%': 'percent',
  倍: 'times',
};

export function findNumberTokens(text: string): { tokens: NumberToken[]; skipped: SkippedToken[] } {
  const tokens: NumberToken[] = [];
  const skipped: SkippedToken[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index;
    // A number continuing a code or a longer run ("GB50137", "v1.2") is not a figure.
    const prev = start > 0 ? text[start - 1]! : '';
    if (/[A-Za-z.\d]/.test(prev)) continue;
    const unitText = m[3]!;
    const end = start + m[0].length;
    if (unitText === '‰') {
      skipped.push({ start, end, reason: 'permille' });
      continue;
    }
    const unit = UNIT_MAP[unitText];
    if (!unit) continue;
    tokens.push({
      text: m[1]!.replace(/,/g, ''),
      unit,
      start,
      end,
      numberStart: start,
      ...(m[2] ? { more: true } : {}),
      ...(/百分点/.test(unitText) ? { points: true } : {}),
    });
  }
  for (const m of text.matchAll(NUMERAL_TIMES)) {
    // "近两倍", "增长一倍"; not "一倍以上" inside a longer numeral ("十二倍" is rare in plans).
    if (/[一二两三四五六七八九十百千万\d]/.test(text[m.index - 1] ?? '')) continue;
    tokens.push({ text: NUMERALS[m[1]!]!, unit: 'times', start: m.index, end: m.index + m[0].length, numberStart: m.index, numerals: true });
  }
  tokens.sort((a, b) => a.start - b.start);
  return { tokens, skipped };
}

export interface BareNumber {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Followed by another cell of a row (a tab, a wide space or a pipe, then a number). */
  readonly cell?: boolean;
}

/**
 * Numbers printed with no unit that stand where a figure would: after a label, before a
 * clause mark or the end of a line ("东区2140；", a table row "住宅用地 125"). Dates, counts
 * (宗, 幅, 个, 套 …), list markers ("(1)", "2.") and numbers glued to units are not bare.
 */
export function findBareNumbers(text: string): BareNumber[] {
  const out: BareNumber[] = [];
  const re = /(\d+(?:\.\d+)?)(?=\s*(?:[;；,，、。\n)）|]|$)|(\t|  +|\s*\|\s*)[-+]?\d)/g;
  for (const m of text.matchAll(re)) {
    const start = m.index;
    const end = start + m[0].length;
    const before = text.slice(Math.max(0, start - 2), start);
    if (/[\dA-Za-z.\-—~～/:：]$/.test(before)) continue; // a longer number, a code, a range, a time
    if (/[(（]$/.test(before)) continue; // "(1)" list marker
    if (/^[、.)）]/.test(text[end] ?? '') && /(^|\n)[ \t]*$/.test(text.slice(Math.max(0, start - 8), start))) continue; // "1、" opening a line: a list marker
    if (!/[\u4e00-\u9fa5\s]$/.test(before)) continue; // must follow a label
    if (/^(19|20)\d{2}$/.test(m[1]!)) continue; // a year
    out.push({ text: m[1]!, start, end, ...(/^(\t|  |\s*\|)/.test(text.slice(end, end + 2)) ? { cell: true } : {}) });
  }
  return out;
}
