/**
 * How the document prints figures (DOMAIN §3): 公顷 to 2 decimals, 亩 computed exactly from the
 * unrounded hectares (1 公顷 = 15 亩) and then rounded, shares by largest remainder so that every
 * list of shares sums to exactly 100.00 (domain/plan/shares). Nothing here holds a float.
 */
import { Area } from '../domain/area.js';
import { sharePercent } from '../domain/share.js';
import { sharesOfParts } from '../domain/plan/shares.js';

export const ha = (a: Area): string => a.formatHectares(2);
export const mu = (a: Area): string => a.formatMu(2);
/** "1843.24公顷（27648.60亩）" */
export const haMu = (a: Area): string => `${ha(a)}公顷（${mu(a)}亩）`;

/**
 * Shares of parts in a whole. When the parts partition the whole, largest remainder (they print
 * as exactly 100.00); otherwise each part rounded half-up on its own.
 */
export function partShares(parts: readonly Area[], whole: Area): string[] {
  const sum = Area.sum(parts);
  if (sum.equals(whole) && !whole.equals(Area.zero)) return sharesOfParts(parts.map((area, i) => ({ value: String(i), area }))).map((s) => s.display);
  return parts.map((p) => sharePercent(p.squareMetres, whole.squareMetres)?.toFixed(2) ?? '0.00');
}

/** 全县 / 全市 / 全区 …: the jurisdiction word a plan text uses for its own territory. */
export function scopeWord(region: string): string {
  const last = region.slice(-1);
  if ('县市区旗州'.includes(last)) return `全${last}`;
  return '全域';
}

const DIGITS = '零一二三四五六七八九';
/** 1–99 in Chinese numerals (一, 十二, 二十), as legal clauses print small counts. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 10) return DIGITS[n]!;
  const t = Math.floor(n / 10);
  const u = n % 10;
  return `${t === 1 ? '' : DIGITS[t]}十${u ? DIGITS[u] : ''}`;
}

/** The ordinal list marks of GB/T 9704 7.3.3: 一、 (一) 1. */
export function firstLevel(i: number): string {
  return `${chineseNumber(i + 1)}、`;
}
export function secondLevel(i: number): string {
  return `（${chineseNumber(i + 1)}）`;
}

/** A count as a clause prints it: 两 for 2 (两个, 两年), otherwise chineseNumber. */
export function countWord(n: number): string {
  return n === 2 ? '两' : chineseNumber(n);
}
