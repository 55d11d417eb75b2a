/**
 * Character-for-character normalisation of a plan text before it is read. Every UTF-16 unit maps
 * to exactly one unit, so an offset in the normalised text is the same offset in the original:
 * - full-width forms (U+FF01–U+FF5E: digits, ％, （）, ，：；) become their ASCII twins, the
 *   ideographic and no-break spaces a space;
 * - traditional characters become simplified ones (公頃 → 公顷, 畝 → 亩, 國 → 国, 萬 → 万) with
 *   OpenCC's character tables (opencc-js), regional variants first (裡 → 裏 → 里); only mappings
 *   of one unit to one unit are used, phrases never;
 * - common garbling: pinyin glosses a broken converter left after characters ("區(qū)") and the
 *   weaker of two adjacent punctuation marks (",,", ",。") become spaces.
 */
import TSCharacters from 'opencc-js/dict/TSCharacters';
import TWVariantsRev from 'opencc-js/dict/TWVariantsRev';
import HKVariantsRev from 'opencc-js/dict/HKVariantsRev';

/** Full-width forms and odd spaces: the code unit each becomes, or 0 for itself. */
function widthOf(c: number): number {
  if (c >= 0xff01 && c <= 0xff5e) return c - 0xfee0;
  if (c === 0x3000 || c === 0x00a0) return 0x20;
  if (c === 0xfe6a) return 0x25; // ﹪
  return 0;
}

/** Maps every UTF-16 unit through `table` (0: unchanged); returns `text` itself when nothing changes. */
function mapUnits(text: string, table: Uint16Array): string {
  let i = 0;
  while (i < text.length && table[text.charCodeAt(i)] === 0) i++;
  if (i === text.length) return text;
  const out = new Uint16Array(text.length);
  for (let j = 0; j < text.length; j++) {
    const c = text.charCodeAt(j);
    out[j] = table[c] || c;
  }
  return fromUnits(out);
}

const UTF16 = new TextDecoder('utf-16le');

/** A string of exactly these code units (lone surrogates included). */
function fromUnits(units: Uint16Array): string {
  // The decoder is fastest, but would replace a lone surrogate: only when there is none.
  if (!units.some((c) => c >= 0xd800 && c <= 0xdfff)) return UTF16.decode(units);
  let s = '';
  for (let k = 0; k < units.length; k += 8192) s += String.fromCharCode.apply(null, units.subarray(k, k + 8192) as unknown as number[]);
  return s;
}

let widthTable: Uint16Array | undefined;

export function normalizeWidth(text: string): string {
  if (!widthTable) {
    widthTable = new Uint16Array(0x10000);
    for (let c = 0; c < 0x10000; c++) widthTable[c] = widthOf(c);
  }
  return mapUnits(text, widthTable);
}

function table(dict: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const entry of dict.split('|')) {
    const [from, to] = entry.split(' ');
    if (from && to && from.length === 1 && to.length === 1) m.set(from, to);
  }
  return m;
}

let simplified: Map<string, string> | undefined;

/** Traditional → simplified, one UTF-16 unit for one, composed from OpenCC's tables. */
function simplifiedTable(): Map<string, string> {
  if (simplified) return simplified;
  const ts = table(TSCharacters);
  const variants = [table(TWVariantsRev), table(HKVariantsRev)];
  const out = new Map<string, string>();
  for (const [from, to] of ts) if (from !== to) out.set(from, to);
  for (const v of variants) {
    for (const [from, standard] of v) {
      const to = ts.get(standard) ?? standard;
      if (to !== from && !out.has(from)) out.set(from, to);
    }
  }
  simplified = out;
  return out;
}

let simplifiedUnits: Uint16Array | undefined;
let normalUnits: Uint16Array | undefined;

function simplifiedUnitTable(): Uint16Array {
  if (simplifiedUnits) return simplifiedUnits;
  const u = new Uint16Array(0x10000);
  for (const [from, to] of simplifiedTable()) u[from.charCodeAt(0)] = to.charCodeAt(0);
  return (simplifiedUnits = u);
}

export function toSimplified(text: string): string {
  return mapUnits(text, simplifiedUnitTable());
}

// A pinyin syllable with a tone mark in brackets, as a broken traditional/simplified converter leaves it.
const PINYIN_GLOSS = /\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]*\)/g;
const STRONG = '。！？!?;；';
const MARKS = `${STRONG},，、:：`;
/** 1: a clause or sentence mark, 2: a sentence end (the stronger). */
const MARK_KIND = new Uint8Array(0x10000);
for (const c of MARKS) MARK_KIND[c.charCodeAt(0)] = STRONG.includes(c) ? 2 : 1;

/** One character for one: full-width forms and traditional characters (width first, then OpenCC). */
export function normalizeText(text: string): string {
  if (!normalUnits) {
    const simple = simplifiedUnitTable();
    normalUnits = new Uint16Array(0x10000);
    for (let c = 0; c < 0x10000; c++) {
      const w = widthOf(c) || c;
      const to = simple[w] || w;
      normalUnits[c] = to === c ? 0 : to;
    }
  }
  return mapUnits(text, normalUnits);
}

/** A normalised text with garbling removed, and the original offset of each of its units. */
export interface PreparedText {
  readonly text: string;
  /** Original offset of unit i of `text` (length text.length + 1: the last entry is the end). */
  readonly offsets: Int32Array | null;
}

/**
 * Normalises `original` (one unit for one) and removes garbling: pinyin glosses a broken
 * converter left after characters ("區(qū)"), and the weaker of two adjacent punctuation marks
 * (",," , ",。"). Removed units are remembered, so every offset maps back to the original.
 */
export function prepareText(original: string): PreparedText {
  const t = normalizeText(original);
  const drop = new Uint8Array(t.length);
  let any = false;
  for (const m of t.matchAll(PINYIN_GLOSS)) {
    drop.fill(1, m.index, m.index + m[0].length);
    any = true;
  }
  let prev = -1;
  for (let i = 0; i < t.length; i++) {
    const code = t.charCodeAt(i);
    if (drop[i] || code === 0x20) continue;
    if (MARK_KIND[code] && prev >= 0 && MARK_KIND[t.charCodeAt(prev)]) {
      // Keep the stronger mark (a sentence end beats a clause mark), or the first of two equals.
      if (MARK_KIND[code] === 2 && MARK_KIND[t.charCodeAt(prev)] !== 2) drop[prev] = 1;
      else drop[i] = 1;
      any = true;
      if (drop[i]) continue;
    }
    prev = i;
  }
  if (!any) return { text: t, offsets: null };
  const units = new Uint16Array(t.length);
  const offsets = new Int32Array(t.length + 1);
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    if (drop[i]) continue;
    units[n] = t.charCodeAt(i);
    offsets[n++] = i;
  }
  offsets[n] = t.length;
  return { text: fromUnits(units.subarray(0, n)), offsets: offsets.slice(0, n + 1) };
}

/** The original offset of a prepared-text offset. */
export function originalOffset(p: PreparedText, i: number): number {
  return p.offsets ? p.offsets[Math.min(i, p.offsets.length - 1)]! : i;
}
