/**
 * Lists written one item per paragraph, the way county plans print them:
 *   "1.商服用地12.5公顷；" on a line of its own, then "2.…", "3.…";
 *   "（一）商服用地" as a heading, followed by a paragraph that holds the figure.
 * Items are lines that open with a list marker (1. 1、 (1) 1) (一) 一、 ①); consecutive
 * ordinals of one marker style form a list, the way an outline nests: a marker of a style seen
 * further out closes the lists inside it. An item is its marker line and, when that line holds
 * no figure (a heading), the paragraph after it. One pass over the lines: linear in the text.
 */

export interface ParagraphItem {
  /** Offsets of the marker line. */
  readonly start: number;
  readonly lineEnd: number;
  /** End of the item: its marker line, or the paragraph after a heading. */
  readonly end: number;
  /** The marker line without its marker (a heading's label: "商服用地"). */
  readonly heading: string;
}

export interface ParagraphList {
  readonly items: readonly ParagraphItem[];
}

const CN = '一二三四五六七八九十';
const MARKERS: readonly (readonly [string, RegExp])[] = [
  ['(n)', /^\s*\(\s*(\d{1,2})\s*\)\s*/],
  ['(cn)', new RegExp(`^\\s*\\(\\s*([${CN}]{1,3})\\s*\\)\\s*`)],
  ['n.', /^\s*(\d{1,2})\s*(?:[.、](?!\d)|\)\s*)/],
  ['cn、', new RegExp(`^\\s*([${CN}]{1,3})\\s*[、.]\\s*`)],
  ['circled', /^\s*([\u2460-\u2473])\s*/],
];

/** 一 … 九十九 as a number; NaN for anything else. */
function chineseOrdinal(s: string): number {
  const d = (c: string | undefined) => (c === undefined ? 0 : CN.indexOf(c) + 1);
  if (s.length === 1) return d(s);
  if (s.length === 2 && s[0] === '十') return 10 + d(s[1]);
  if (s.length === 2 && s[1] === '十') return d(s[0]) * 10;
  if (s.length === 3 && s[1] === '十') return d(s[0]) * 10 + d(s[2]);
  return Number.NaN;
}

function markerOf(line: string): { style: string; ordinal: number; length: number } | undefined {
  for (const [style, re] of MARKERS) {
    const m = re.exec(line);
    if (!m) continue;
    const raw = m[1]!;
    const ordinal = style === 'circled' ? raw.charCodeAt(0) - 0x2460 + 1 : /\d/.test(raw) ? Number(raw) : chineseOrdinal(raw);
    if (Number.isNaN(ordinal)) continue;
    return { style, ordinal, length: m[0].length };
  }
  return undefined;
}

interface Level {
  readonly style: string;
  next: number;
  items: ParagraphItem[];
}

/** Every list of two or more paragraph items in `text`, in text order of their first item. */
export function paragraphLists(text: string, holdsFigure: (start: number, end: number) => boolean): ParagraphList[] {
  const out: ParagraphList[] = [];
  const stack: Level[] = [];
  const finish = (l: Level) => {
    if (l.items.length >= 2) out.push({ items: l.items });
  };
  // The item whose heading (a marker line with no figure) waits for its paragraph.
  let pending: { level: Level; index: number } | undefined;
  let pos = 0;
  while (pos <= text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const line = text.slice(pos, nl);
    if (line.trim() !== '') {
      const m = markerOf(line);
      if (!m) {
        if (pending) {
          const it = pending.level.items[pending.index]!;
          pending.level.items[pending.index] = { ...it, end: nl };
          pending = undefined;
        }
      } else {
        pending = undefined;
        const at = stack.findIndex((l) => l.style === m.style);
        if (at >= 0) while (stack.length > at + 1) finish(stack.pop()!);
        let level = at >= 0 ? stack[at]! : undefined;
        if (level && m.ordinal !== level.next) {
          finish(stack.pop()!);
          level = undefined;
        }
        if (!level) {
          level = { style: m.style, next: m.ordinal, items: [] };
          stack.push(level);
        }
        level.next = m.ordinal + 1;
        const item: ParagraphItem = { start: pos, lineEnd: nl, end: nl, heading: line.slice(m.length).trim() };
        level.items.push(item);
        if (!holdsFigure(pos, nl)) pending = { level, index: level.items.length - 1 };
      }
    }
    pos = nl + 1;
  }
  while (stack.length > 0) finish(stack.pop()!);
  return out.sort((a, b) => a.items[0]!.start - b.items[0]!.start);
}
