/**
 * Which figure each area figure is a part of, read from the text's own grammar:
 * - "总量X，其中A…，B…" and "X。其中，A…": A and B are parts of X (a list runs to the end of its
 *   scope: 。, or a line break that does not follow ；/：);
 * - "…供应总量中，A…；B…", "商品住宅用地中，A…": the parts of the figure the opening phrase names;
 * - "A500亩(含B200亩)", "A5400亩(其中B…,C…)": B is inside A, not A's sibling; "并单列B": the same;
 * - "…，具体分配如下：A…": parts of the figure before;
 * - "A…，B…，共X": X is the subtotal of the run A, B.
 * Nothing here adds anything: reconcile/ turns the parent links into sums.
 */
import { planCategory } from '../../domain/classification/index.js';
import type { ExtractedFigure } from '../types.js';
import type { TextIndex } from './context.js';

const AREA = new Set(['ha', 'mu', 'm2', 'sqkm', 'wanha', 'wanmu', 'wanm2']);
const NOT_PART = new Set(['share', 'growth', 'threshold', 'baseline', 'fiveYearAverage', 'completion']);
const OPENS_LIST = /(^|[,，:：;；、\s。])(其中|包括|包含|内含|含)/;
const NESTED_ITEM = /(并|另)?单列[^,，;；。]{0,20}$/;
const SUBTOTAL = /^\s*(共|共计|合计|小计)(约|为)?\s*$/;

/** A primary area figure: in hectares, or the first of a 公顷/亩 pair, or alone. */
function primary(f: ExtractedFigure, byId: Map<string, ExtractedFigure>): boolean {
  if (!AREA.has(f.unit)) return false;
  if (!f.pairOf) return true;
  const p = byId.get(f.pairOf);
  return !p || p.start > f.start;
}

interface Frame {
  readonly head: ExtractedFigure;
  /** Offset of the bracket that closes this frame, when it was opened inside one. */
  readonly closeAt?: number;
}

function isAncestor(ancestor: string, id: string): boolean {
  let c = planCategory(id);
  while (c?.parent) {
    if (c.parent === ancestor) return true;
    c = planCategory(c.parent);
  }
  return false;
}

/** Whether `part` can be a part of `head` by what they name (a 商服 row is not inside 工矿仓储). */
function fits(head: ExtractedFigure, part: ExtractedFigure): boolean {
  if (head.category && part.category) return isAncestor(head.category, part.category);
  if (head.housingType && part.category) return false;
  if (head.category && head.category !== 'residential' && part.housingType) return false;
  return true;
}

/** The offset of the bracket closing an opening at `open`, or -1 (searched within `limit`). */
function closingBracket(text: string, open: number, limit: number): number {
  for (let i = open + 1; i < limit; i++) if (text[i] === ')' || text[i] === '）') return i;
  return -1;
}

export function assignParents(figures: ExtractedFigure[], idx: TextIndex): ExtractedFigure[] {
  const text = idx.text;
  const byId = new Map(figures.map((f) => [f.id, f]));
  const parent = new Map<string, string>();
  let scope = -1;
  let frames: Frame[] = [];
  let prevArea: ExtractedFigure | undefined;
  let firstOfScope: ExtractedFigure | undefined;
  let lastScopeHead: { scope: number; head: ExtractedFigure | undefined } | undefined;
  let run: ExtractedFigure[] = [];
  const named = new Map<string, ExtractedFigure>(); // label key → latest figure, for "X中，"

  for (const f of figures) {
    if (!primary(f, byId) || NOT_PART.has(f.role)) continue;
    const s = idx.scopeOf(f.start);
    if (s !== scope) {
      const prevScope = scope;
      lastScopeHead = prevScope >= 0 ? { scope: prevScope, head: firstOfScope } : undefined;
      scope = s;
      frames = [];
      prevArea = undefined;
      firstOfScope = undefined;
      run = [];
      const opening = openingHead(text.slice(idx.scopeStart(f.start), f.start), named);
      if (opening) frames.push({ head: opening });
      else if (/^\s*(其中|包括|包含)/.test(text.slice(idx.scopeStart(f.start), f.start)) && lastScopeHead?.head && lastScopeHead.scope === s - 1) {
        frames.push({ head: lastScopeHead.head });
      }
    }
    const from = prevArea ? prevArea.end : idx.scopeStart(f.start);
    const between = text.slice(from, f.start);
    // Close frames whose bracket has closed.
    frames = frames.filter((fr) => fr.closeAt === undefined || fr.closeAt > f.start);

    const open = Math.max(between.lastIndexOf('('), between.lastIndexOf('（'));
    const inBracket = prevArea && open >= 0 && !/[)）]/.test(between.slice(open));
    let p: ExtractedFigure | undefined;
    if (inBracket && prevArea && /^[(（]\s*(其中|含|包括|包含|内含|另含)/.test(between.slice(open))) {
      const close = closingBracket(text, from + open, idx.scopeEnd(f.start));
      frames.push({ head: prevArea, closeAt: close < 0 ? idx.scopeEnd(f.start) : close });
      p = prevArea;
    } else if (prevArea && NESTED_ITEM.test(between)) {
      p = prevArea; // "并单列养老设施用地100公顷": inside the row before
    } else if (prevArea && (OPENS_LIST.test(between) || /如下\s*[:：]/.test(between))) {
      frames.push({ head: prevArea });
      p = prevArea;
    } else {
      // A sibling: the innermost open list it fits in.
      while (frames.length > 1 && !fits(frames[frames.length - 1]!.head, f) && frames[frames.length - 1]!.closeAt === undefined) frames.pop();
      p = frames[frames.length - 1]?.head;
    }
    if (p && p.id === f.id) p = undefined;

    if (p && SUBTOTAL.test(idx.clauseBefore(from, f.start))) {
      // "…北区700亩，共2600亩": a subtotal of the run of its siblings.
      const parts = run.filter((r) => parent.get(r.id) === p!.id);
      if (parts.length >= 2) {
        for (const r of parts) parent.set(r.id, f.id);
        run = [];
      }
    } else if (p) run.push(f);
    if (p) parent.set(f.id, p.id);
    if (!firstOfScope && !parent.has(f.id)) firstOfScope = f;
    prevArea = f;
    for (const key of labelKeys(f)) named.set(key, f);
  }
  if (parent.size === 0) return figures;
  return figures.map((f) => {
    const p = parent.get(f.id);
    if (p) return { ...f, parent: p };
    // The 亩 restatement of a part is a part of the head's 亩 restatement (or of the head).
    const partner = f.pairOf ? byId.get(f.pairOf) : undefined;
    const pp = partner ? parent.get(partner.id) : undefined;
    return pp && !primary(f, byId) ? { ...f, parent: pp } : f;
  });
}

/** Keys a figure can be named by in "X中，": its category, housing type, total-ness and label. */
function labelKeys(f: ExtractedFigure): string[] {
  const keys = [`label:${coreOf(f.label)}`];
  if (f.role === 'total') keys.push('total');
  if (f.category) keys.push(`category:${f.category}`);
  if (f.housingType) keys.push(`housing:${f.housingType}`);
  return keys;
}

function coreOf(label: string): string {
  return label.replace(/\s+/g, '').replace(/类(?=用地|住宅|住房)/g, '').replace(/(的|供应|计划|安排|规模|面积|总量|共计|合计)/g, '');
}

/**
 * "…供应总量中，", "用途结构中，", "商品住宅用地中，", "在2013年…住宅用地供应计划中，": the figure the
 * opening phrase of a list names, if the text printed one before.
 */
function openingHead(prefix: string, named: Map<string, ExtractedFigure>): ExtractedFigure | undefined {
  const m = /^(?:[^,，:：;；]{0,12}[,，])?\s*(?:而|此外)?\s*在?([^,，:：;；]{2,40}?)中\s*[,，:：]/.exec(prefix);
  if (!m) return undefined;
  const x = m[1]!.replace(/\s+/g, '');
  if (/^其$/.test(x)) return undefined;
  if (/(总量|总规模|结构|用地供应计划$|^用地供应计划)/.test(x) && !/(住宅|住房|商服|工矿|公共|交通|水域|特殊)/.test(x)) return named.get('total');
  const core = coreOf(x.replace(/^.*?(?:19|20)\d{2}\s*年度?/, '').replace(/^.*?(市|县|区|省)(?=[^市县区省]*用地)/, ''));
  const byLabel = named.get(`label:${core}`);
  if (byLabel) return byLabel;
  if (/(住宅|住房)用地/.test(x) && !/(商品|保障|产权|租赁|中小)/.test(x)) return named.get('category:residential');
  return undefined;
}
