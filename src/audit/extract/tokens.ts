/**
 * Finds every number printed with a unit in a plan text: "1843.24公顷", "（27647.42亩）", "占比70.55%",
 * "增长2倍". Works on normalised text (see normalize.ts); offsets are the original's.
 */
import type { FigureUnit } from '../../domain/figures.js';

export interface NumberToken {
  /** ASCII digits with at most one decimal point, thousands separators removed. */
  readonly text: string;
  readonly unit: FigureUnit;
  /** Offsets of number and unit together. */
  readonly start: number;
  readonly end: number;
  /** Offset where the digits start (start may include a 百分之 prefix). */
  readonly numberStart: number;
}

// Unit alternatives, longest first. 万平方米 is converted to hectares (1 万m² = 1 ha) by scaling the digits.
const UNIT = '(万平方米|平方公里|平方千米|平方米|公顷|hm2|hm²|ha|亩|%|‰|倍)';
const NUMBER = '(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)';
const TOKEN = new RegExp(`${NUMBER}\\s*${UNIT}`, 'g');

const UNIT_MAP: Record<string, FigureUnit> = {
  公顷: 'ha',
  ha: 'ha',
  hm2: 'ha',
  'hm²': 'ha',
  亩: 'mu',
  '%': 'percent',
  平方米: 'm2',
  平方公里: 'sqkm',
  平方千米: 'sqkm',
  倍: 'times',
};

export function findNumberTokens(normalized: string): NumberToken[] {
  const out: NumberToken[] = [];
  for (const m of normalized.matchAll(TOKEN)) {
    const raw = m[1]!;
    const unitText = m[2]!;
    const start = m.index;
    // A digit glued to the left ("2026年…" is fine, "x1843" is not a figure boundary problem) — skip
    // numbers that continue a longer alphanumeric run such as document numbers "117号" (no unit) or codes.
    const prev = start > 0 ? normalized[start - 1]! : '';
    if (/[A-Za-z.]/.test(prev)) continue;
    let text = raw.replace(/,/g, '');
    let unit = UNIT_MAP[unitText];
    if (unitText === '万平方米') {
      text = shiftDecimal(text, 0); // 1 万平方米 = 1 公顷
      unit = 'ha';
    }
    if (unitText === '‰') continue;
    if (!unit) continue;
    out.push({ text, unit, start, end: start + m[0].length, numberStart: start });
  }
  return out;
}

function shiftDecimal(text: string, places: number): string {
  if (places === 0) return text;
  const [i, f = ''] = text.split('.');
  const digits = (i ?? '') + f;
  const point = (i ?? '').length + places;
  const padded = point > digits.length ? digits.padEnd(point, '0') : digits;
  const intPart = padded.slice(0, point).replace(/^0+(?=\d)/, '');
  const frac = padded.slice(point);
  return frac ? `${intPart}.${frac}` : intPart;
}
