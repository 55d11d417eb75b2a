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

export function normalizeWidth(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000 || c === 0x00a0) out += ' ';
    else if (c === 0xfe6a) out += '%';
    else out += text[i];
  }
  return out;
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

export function toSimplified(text: string): string {
  const t = simplifiedTable();
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    out += t.get(c) ?? c;
  }
  return out;
}

// A pinyin syllable with a tone mark in brackets, as a broken traditional/simplified converter leaves it.
const PINYIN_GLOSS = /\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]*\)/g;
const STRONG = '。！？!?;；';
const MARKS = `${STRONG},，、:：`;

/** One character for one: full-width forms and traditional characters. */
export function normalizeText(text: string): string {
  return toSimplified(normalizeWidth(text));
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
    if (drop[i] || t[i] === ' ') continue;
    const c = t[i]!;
    if (MARKS.includes(c) && prev >= 0 && MARKS.includes(t[prev]!)) {
      // Keep the stronger mark (a sentence end beats a clause mark), or the first of two equals.
      if (STRONG.includes(c) && !STRONG.includes(t[prev]!)) drop[prev] = 1;
      else drop[i] = 1;
      any = true;
      if (drop[i]) continue;
    }
    prev = i;
  }
  if (!any) return { text: t, offsets: null };
  let out = '';
  const offsets: number[] = [];
  for (let i = 0; i < t.length; i++) {
    if (drop[i]) continue;
    out += t[i];
    offsets.push(i);
  }
  offsets.push(t.length);
  return { text: out, offsets: Int32Array.from(offsets) };
}

/** The original offset of a prepared-text offset. */
export function originalOffset(p: PreparedText, i: number): number {
  return p.offsets ? p.offsets[Math.min(i, p.offsets.length - 1)]! : i;
}
