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
import { planCategory, resolvePlanCategory } from '../../domain/classification/index.js';
import type { ExtractedFigure } from '../types.js';
import type { TextIndex } from './context.js';
import { paragraphLists } from './paragraphs.js';
import type { Table } from './tables.js';

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

/** A figure while it is being read: built and completed in place. */
export type Draft = { -readonly [K in keyof ExtractedFigure]: ExtractedFigure[K] };

interface Frame {
  readonly head: ExtractedFigure;
  /** Offset of the bracket that closes this frame, when it was opened inside one. */
  readonly closeAt?: number;
  /** Its bracket has closed. */
  closed?: boolean;
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

/** Sets `parent` on every figure that is a part of another (in place). */
export function assignParents(figures: Draft[], idx: TextIndex, tables: readonly Table[] = []): void {
  const text = idx.text;
  const byId = new Map(figures.map((f) => [f.id, f]));
  const parent = new Map<string, string>();
  let scope = -1;
  // The open lists, innermost last. A bracketed list ("(含…") closes at its bracket; frames that
  // closed are marked and dropped when they reach the top, so a look-up never scans the stack.
  let frames: Frame[] = [];
  let live = 0;
  let bracketed: Frame[] = [];
  let nextToClose = 0;
  const dropClosedTop = () => {
    while (frames.length > 0 && frames[frames.length - 1]!.closed) frames.pop();
  };
  const open = (fr: Frame) => {
    frames.push(fr);
    live++;
    if (fr.closeAt !== undefined) bracketed.push(fr);
  };
  let prevArea: ExtractedFigure | undefined;
  let firstOfScope: ExtractedFigure | undefined;
  let lastScopeHead: { scope: number; head: ExtractedFigure | undefined } | undefined;
  // The siblings since the last subtotal, by the list they are in ("A…，B…，共X").
  let run = new Map<string, ExtractedFigure[]>();
  const named = new Map<string, ExtractedFigure>(); // label key → latest figure, for "X中，"

  for (const f of figures) {
    if (!primary(f, byId) || NOT_PART.has(f.role)) continue;
    const s = idx.scopeOf(f.start);
    if (s !== scope) {
      const prevScope = scope;
      lastScopeHead = prevScope >= 0 ? { scope: prevScope, head: firstOfScope } : undefined;
      scope = s;
      frames = [];
      live = 0;
      bracketed = [];
      nextToClose = 0;
      prevArea = undefined;
      firstOfScope = undefined;
      run = new Map();
      const opening = openingHead(text.slice(idx.scopeStart(f.start), f.start), named);
      if (opening) open({ head: opening });
      else if (/^\s*(其中|包括|包含)/.test(text.slice(idx.scopeStart(f.start), f.start)) && lastScopeHead?.head && lastScopeHead.scope === s - 1) {
        open({ head: lastScopeHead.head });
      }
    }
    const from = prevArea ? prevArea.end : idx.scopeStart(f.start);
    const between = text.slice(from, f.start);
    // Close frames whose bracket has closed (brackets close in the order they opened: each
    // closes at the first closing bracket after it, or at the end of the scope).
    while (nextToClose < bracketed.length && bracketed[nextToClose]!.closeAt! <= f.start) {
      bracketed[nextToClose++]!.closed = true;
      live--;
    }
    dropClosedTop();

    const openAt = Math.max(between.lastIndexOf('('), between.lastIndexOf('（'));
    const inBracket = prevArea && openAt >= 0 && !/[)）]/.test(between.slice(openAt));
    let p: ExtractedFigure | undefined;
    if (inBracket && prevArea && /^[(（]\s*(其中|含|包括|包含|内含|另含)/.test(between.slice(openAt))) {
      const close = idx.closingBracket(from + openAt, idx.scopeEnd(f.start));
      open({ head: prevArea, closeAt: close < 0 ? idx.scopeEnd(f.start) : close });
      p = prevArea;
    } else if (prevArea && NESTED_ITEM.test(between)) {
      p = prevArea; // "并单列养老设施用地100公顷": inside the row before
    } else if (prevArea && (OPENS_LIST.test(between) || /如下\s*[:：]/.test(between))) {
      open({ head: prevArea });
      p = prevArea;
    } else {
      // A sibling: the innermost open list it fits in.
      while (live > 1 && !fits(frames[frames.length - 1]!.head, f) && frames[frames.length - 1]!.closeAt === undefined) {
        frames.pop();
        live--;
        dropClosedTop();
      }
      p = frames[frames.length - 1]?.head;
    }
    if (p && p.id === f.id) p = undefined;

    if (p && SUBTOTAL.test(idx.clauseBefore(from, f.start))) {
      // "…北区700亩，共2600亩": a subtotal of the run of its siblings.
      const parts = run.get(p.id) ?? [];
      if (parts.length >= 2) {
        for (const r of parts) parent.set(r.id, f.id);
        run = new Map();
      }
    } else if (p) {
      const siblings = run.get(p.id);
      if (siblings) siblings.push(f);
      else run.set(p.id, [f]);
    }
    if (p) parent.set(f.id, p.id);
    if (!firstOfScope && !parent.has(f.id)) firstOfScope = f;
    prevArea = f;
    for (const key of labelKeys(f)) named.set(key, f);
  }
  paragraphParents(figures, idx, byId, parent);
  tableParents(figures, tables, parent);
  for (const f of figures) {
    const p = parent.get(f.id);
    if (p) {
      f.parent = p;
      continue;
    }
    // The 亩 restatement of a part is a part of the head's 亩 restatement (or of the head).
    const partner = f.pairOf ? byId.get(f.pairOf) : undefined;
    const pp = partner ? parent.get(partner.id) : undefined;
    if (pp && !primary(f, byId)) f.parent = pp;
  }
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

/** Roles an item of a paragraph list can have to be summed against the plan's total. */
const OF_TOTAL = new Set(['category', 'method', 'source', 'district', 'groupTotal']);
/** Words of a heading that names a part of the plan rather than its whole. */
const PART_WORDS = /(新增|存量|增量|出让|划拨|租赁|住宅|住房|商服|商业|工矿|工业|公共|交通|水域|特殊|园区|片区|城区|实际|完成|上年|去年)/;
/** The text before a list that opens it on the figure it holds ("…总量为100公顷，其中：", "…如下："). */
const INTRO_OPENS = /([:：]|其中|如下|包括|分别为?|具体为)\s*$/;

/**
 * Lists written one item per paragraph (paragraphs.ts): each item's figure is a part of the
 * figure the list's introduction holds ("…总量为100公顷，其中：" on the line before), or, when the
 * introduction is a heading with no figure ("二、供应结构"), of the plan's total printed before
 * it, if the items are categories, methods, sources or districts. A heading item ("（一）商服用地"
 * above "计划供应12.5公顷") lends its category to a figure whose own words name none. Parents
 * the text's grammar already gave are kept (in place, in `parent`).
 */
function paragraphParents(figures: Draft[], idx: TextIndex, byId: Map<string, ExtractedFigure>, parent: Map<string, string>): void {
  const text = idx.text;
  const candidates = figures.filter((f) => primary(f, byId) && !NOT_PART.has(f.role) && f.role !== 'parcels');
  if (candidates.length < 3) return;
  const firstFrom = (pos: number): number => {
    let lo = 0;
    let hi = candidates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (candidates[mid]!.start < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const within = (start: number, end: number): Draft | undefined => {
    const f = candidates[firstFrom(start)];
    return f && f.start < end ? f : undefined;
  };
  for (const list of paragraphLists(text, (s, e) => within(s, e) !== undefined)) {
    const first = list.items[0]!;
    const items: Draft[] = [];
    for (const it of list.items) {
      const f = within(it.start, it.end);
      if (!f) continue;
      if ((f.role === 'total' || f.role === 'other') && !f.category) {
        // "（一）商服用地" / "计划供应12.50公顷", "(1)住宅用地，计划面积10公顷": the item's words before the figure name what it is.
        const words = (f.start >= it.lineEnd ? it.heading : text.slice(it.start, f.start)).replace(/\s+/g, '');
        const category = words.length <= 30 ? resolvePlanCategory(words)?.id : undefined;
        if (category) {
          f.role = 'category';
          f.category = category;
          f.label = it.heading.split(/[,，:：;；。]/)[0]!.replace(/\s+/g, '') || words;
        }
      }
      items.push(f);
    }
    if (items.length < 2) continue;
    const introStart = idx.scopeStart(Math.max(0, first.start - 1));
    const intro = introStart < first.start ? text.slice(introStart, first.start) : '';
    let head: ExtractedFigure | undefined = within(introStart, first.start);
    if (head && !INTRO_OPENS.test(intro.trimEnd())) continue;
    if (!head) {
      // A heading that names a part of the plan ("（三）新增建设用地中：", "住宅用地供应") is not the total's list.
      const heading = text.slice(introStart, first.start).replace(/(供应结构|用途结构|结构|供应计划|计划指标|指标|总量)/g, '');
      if (!items.every((f) => OF_TOTAL.has(f.role)) || PART_WORDS.test(heading)) continue;
      const before = candidates.slice(0, firstFrom(first.start));
      for (let i = before.length - 1; i >= 0 && !head; i--) {
        const f = before[i]!;
        if (f.role === 'total' && !parent.has(f.id) && f.measure !== 'actual') head = f;
      }
    }
    if (!head) continue;
    for (const f of items) if (!parent.has(f.id) && f.id !== head.id && f.start > head.start) parent.set(f.id, head.id);
  }
}

const TABLE_TOTAL = /(合计|总计|总量|共计)/;
const TABLE_SUB = /^\s*(其中|含|包括|[:：])/;

/**
 * Tables (tables.ts): in each area column, the rows are parts of the table's total row (合计,
 * 总计) when it is the first or the last row; a row "其中…" is a part of the row above it.
 * Parents the text already gave are kept (in place, in `parent`).
 */
function tableParents(figures: Draft[], tables: readonly Table[], parent: Map<string, string>): void {
  if (tables.length === 0) return;
  const at = new Map(figures.map((f) => [f.start, f]));
  for (const table of tables) {
    table.columns.forEach((col, c) => {
      if (col.kind !== 'area') return;
      const cells = table.rows.map((r) => ({ row: r, fig: r.cells[c] ? at.get(r.cells[c]!.start) : undefined })).filter((x): x is { row: (typeof table.rows)[number]; fig: Draft } => x.fig !== undefined);
      const heads = cells.filter((x) => TABLE_TOTAL.test(x.row.label) && !TABLE_SUB.test(x.row.label));
      if (heads.length !== 1) return;
      const head = heads[0]!;
      if (head !== cells[0] && head !== cells[cells.length - 1]) return;
      let above: Draft | undefined;
      for (const x of cells) {
        if (x === head) continue;
        const p = TABLE_SUB.test(x.row.label) ? above : head.fig;
        if (!TABLE_SUB.test(x.row.label)) above = x.fig;
        if (p && !parent.has(x.fig.id) && p.id !== x.fig.id) parent.set(x.fig.id, p.id);
      }
    });
  }
}
