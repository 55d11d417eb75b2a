/**
 * Tables printed as text, in the layouts real plans come in once copied out of a PDF or a page:
 * - rows of cells separated by tabs or runs of spaces ("1\t住宅用地\t40.00\t40.00");
 * - pipe tables ("| 1 | 住宅用地 | 40.00 | 40.00 |", separator rows "|---|" skipped);
 * - one cell per line, after a header written one cell per line or on one line.
 * A table starts at a header row whose cells are all column names the reader knows: areas
 * (面积, 公顷, 亩, 规模, 合计, a land use, 新增/存量, 出让/划拨), shares (占比, 比例, %),
 * labels (用地类型, 地区, 项目 …) and columns that are not areas (序号, 宗数, 个数, 年份 …). The unit
 * of a table header line (单位：公顷) or of the column's own name (面积（亩）) applies to the area
 * columns only; a share column holds percentages; the other columns are not read. A column the
 * reader does not know makes its numbers unread rather than guessed. Linear in the text.
 */
import { resolvePlanCategory } from '../../domain/classification/index.js';
import type { AuditUnit } from '../types.js';

export type ColumnKind = 'label' | 'area' | 'share' | 'skip' | 'unknown';

export interface TableCell {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface TableColumn {
  readonly name: string;
  readonly kind: ColumnKind;
  /** Area columns: the unit from the column's name or the table's unit line; undefined when neither gives one. */
  readonly unit?: AuditUnit;
}

export interface TableRow {
  readonly start: number;
  readonly end: number;
  /** The row's label: its label cells joined ("住宅用地", "合计"). */
  readonly label: string;
  /** One cell per column (undefined where the row has none). */
  readonly cells: readonly (TableCell | undefined)[];
}

export interface Table {
  readonly start: number;
  readonly end: number;
  readonly columns: readonly TableColumn[];
  readonly rows: readonly TableRow[];
}

const UNIT_WORDS: Record<string, AuditUnit> = { 万公顷: 'wanha', 公顷: 'ha', hm2: 'ha', 'hm²': 'ha', 万亩: 'wanmu', 亩: 'mu', 万平方米: 'wanm2', 平方米: 'm2', 平方公里: 'sqkm' };
const UNIT_RE = /(万公顷|公顷|hm2|hm²|万亩|亩|万平方米|平方米|平方公里)/;
/** A table's unit line: 单位：公顷. */
export const UNIT_LINE = /单位\s*[:：]\s*(万公顷|公顷|hm2|hm²|万亩|亩|万平方米|平方米|平方公里)/;
const SHARE = /(占比|比例|比重|百分比|%|％)/;
const SKIP = /(序号|编号|代码|编码|宗数|宗地数|地块数|幅数|个数|项目数|套数|户数|数量\s*[(（]\s*(宗|个|幅|块|套|户)|年份|年度|时间|季度|月份|备注|说明|宗$|幅$|个$)/;
const AREA = /(面积|规模|供应量|供地量|用地量|计划|合计|小计|总计|总量|新增|存量|出让|划拨|租赁|用地$)/;
const LABEL = /(类型|类别|用途|名称|地区|区域|区县|县区|片区|行政区|乡镇|街道|项目|指标|分类|地类|单位$)/;
const NUMBER = /^[-+]?\d+(?:\.\d+)?$/;
const EMPTY = /^[-—–/／\\]*$/;

function kindOf(name: string): ColumnKind {
  const n = name.replace(/\s+/g, '');
  if (n === '' || /\d{2,}(?!\s*年)/.test(n.replace(/[(（].*?[)）]/g, ''))) return 'unknown';
  if (SHARE.test(n)) return 'share';
  if (UNIT_RE.test(n) || /(面积|规模|供应量|供地量|用地量)/.test(n)) return 'area';
  if (SKIP.test(n)) return 'skip';
  if (AREA.test(n) || resolvePlanCategory(n)) return 'area';
  if (LABEL.test(n)) return 'label';
  return 'unknown';
}

/** Cells of one line: pipe-separated, tab-separated or separated by two or more spaces. */
function cellsOf(line: string, offset: number): TableCell[] | undefined {
  const out: TableCell[] = [];
  let sep: RegExp;
  let body = line;
  let base = offset;
  if (/^\s*\|.*\|\s*$/.test(line)) {
    const open = line.indexOf('|');
    body = line.slice(open + 1, line.lastIndexOf('|'));
    base = offset + open + 1;
    sep = /\|/g;
  } else if (line.includes('\t')) sep = /\t/g;
  else if (/\S {2,}\S/.test(line)) sep = / {2,}/g;
  else return undefined;
  let from = 0;
  const push = (a: number, b: number) => {
    const raw = body.slice(a, b);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    out.push({ start: base + a + lead, end: base + a + lead + text.length, text });
  };
  for (const m of body.matchAll(sep)) {
    push(from, m.index);
    from = m.index + m[0].length;
  }
  push(from, body.length);
  return out;
}

interface Line {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let pos = 0;
  while (pos <= text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const raw = text.slice(pos, nl).replace(/\r$/, '');
    out.push({ start: pos, end: pos + raw.length, text: raw });
    pos = nl + 1;
  }
  return out;
}

/** The unit of the table's unit line: on the header line or within the three lines above it. */
function tableUnit(lines: Line[], at: number): AuditUnit | undefined {
  for (let i = at; i >= Math.max(0, at - 3); i--) {
    const m = UNIT_LINE.exec(lines[i]!.text);
    if (m) return UNIT_WORDS[m[1]!];
  }
  return undefined;
}

function columnsOf(names: readonly string[], unit: AuditUnit | undefined): TableColumn[] | undefined {
  const cols = names.map((name): TableColumn => {
    const kind = kindOf(name);
    const own = UNIT_RE.exec(name)?.[1];
    const u = kind === 'area' ? (own ? UNIT_WORDS[own] : unit) : undefined;
    return { name, kind, ...(u ? { unit: u } : {}) };
  });
  // A header names at least one area column and has no cell that is a figure itself.
  if (cols.length < 2 || !cols.some((c) => c.kind === 'area') || names.some((n) => NUMBER.test(n.trim()))) return undefined;
  if (cols.filter((c) => c.kind === 'unknown').length > cols.length / 2) return undefined;
  return cols;
}

const isNumberCell = (s: string) => NUMBER.test(s.replace(/,/g, ''));

/** Fits a row's cells to the columns: a short row is aligned to the right (a 合计 row has no 序号). */
function fit(cells: TableCell[], columns: readonly TableColumn[]): (TableCell | undefined)[] | undefined {
  if (cells.length > columns.length) return undefined;
  const out: (TableCell | undefined)[] = new Array(columns.length - cells.length).fill(undefined);
  out.push(...cells);
  for (let i = 0; i < columns.length; i++) {
    const c = out[i];
    if (!c || EMPTY.test(c.text)) continue;
    const kind = columns[i]!.kind;
    if ((kind === 'area' || kind === 'share') && !isNumberCell(c.text)) return undefined;
    if (kind === 'label' && isNumberCell(c.text)) return undefined;
  }
  return out;
}

function rowOf(cells: (TableCell | undefined)[], columns: readonly TableColumn[], start: number, end: number): TableRow {
  const label = cells
    .filter((c, i): c is TableCell => c !== undefined && (columns[i]!.kind === 'label' || (columns[i]!.kind !== 'area' && columns[i]!.kind !== 'share' && !isNumberCell(c.text))))
    .map((c) => c.text)
    .join('');
  return { start, end, label, cells };
}

/** Every table of `text` (offsets in `text`). */
export function findTables(text: string): Table[] {
  if (!/\t|\||  |单位/.test(text)) return [];
  const lines = linesOf(text);
  const out: Table[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const cells = cellsOf(line.text, line.start);
    const columns = cells ? columnsOf(cells.map((c) => c.text), tableUnit(lines, i)) : undefined;
    if (cells && columns) {
      // A header on one line; rows of cells on the lines below, or one cell per line.
      const rows: TableRow[] = [];
      let j = i + 1;
      for (; j < lines.length; j++) {
        const l = lines[j]!;
        if (l.text.trim() === '' || /^\s*\|?[\s|:：-]+\|?\s*$/.test(l.text)) continue;
        const rc = cellsOf(l.text, l.start);
        const fitted = rc ? fit(rc, columns) : undefined;
        if (!fitted) break;
        rows.push(rowOf(fitted, columns, l.start, l.end));
      }
      if (rows.length === 0) {
        const perLine = cellPerLine(lines, j, columns);
        rows.push(...perLine.rows);
        j = perLine.next;
      }
      if (rows.length > 0) out.push({ start: line.start, end: rows[rows.length - 1]!.end, columns, rows });
      i = Math.max(j, i + 1);
      continue;
    }
    // A header written one cell per line: consecutive short lines that are all column names.
    const names: Line[] = [];
    let j = i;
    while (j < lines.length && names.length < 12) {
      const t = lines[j]!.text.trim();
      if (t === '' || t.length > 16 || /[。；;，,]/.test(t) || UNIT_LINE.test(t) || kindOf(t) === 'unknown' || isNumberCell(t)) break;
      names.push(lines[j]!);
      j++;
    }
    // Where the header ends is not marked ("住宅用地" may name a column or start the first row):
    // the header that reads the most rows wins.
    let best: { columns: TableColumn[]; rows: TableRow[]; next: number } | undefined;
    for (let n = names.length; n >= 2; n--) {
      const cols = columnsOf(names.slice(0, n).map((x) => x.text.trim()), tableUnit(lines, i));
      if (!cols || cols.some((c) => c.kind === 'unknown')) continue;
      const perLine = cellPerLine(lines, i + n, cols);
      if (perLine.rows.length > (best?.rows.length ?? 0)) best = { columns: cols, ...perLine };
    }
    if (best) {
      out.push({ start: lines[i]!.start, end: best.rows[best.rows.length - 1]!.end, columns: best.columns, rows: best.rows });
      i = best.next;
      continue;
    }
    i++;
  }
  return out;
}

/** Rows written one cell per line from line `from`: as long as each cell fits its column. */
function cellPerLine(lines: Line[], from: number, columns: readonly TableColumn[]): { rows: TableRow[]; next: number } {
  const rows: TableRow[] = [];
  let j = from;
  outer: while (j < lines.length) {
    const cells: (TableCell | undefined)[] = [];
    const start = lines[j]!.start;
    let k = j;
    for (let c = 0; c < columns.length; c++) {
      while (k < lines.length && lines[k]!.text.trim() === '') k++;
      const l = lines[k];
      if (!l) break outer;
      const t = l.text.trim();
      const kind = columns[c]!.kind;
      const numeric = isNumberCell(t);
      // A row without its 序号 (合计): the label stands where the number would.
      if (kind === 'skip' && !numeric && c + 1 < columns.length && columns[c + 1]!.kind === 'label') {
        cells.push(undefined);
        continue;
      }
      if ((kind === 'area' || kind === 'share') && !numeric && !EMPTY.test(t)) break outer;
      if (kind === 'label' && (numeric || t.length > 20 || /[。；;]/.test(t))) break outer;
      if (kind === 'skip' && t.length > 12) break outer;
      const lead = l.text.length - l.text.trimStart().length;
      cells.push({ start: l.start + lead, end: l.start + lead + t.length, text: t });
      k++;
    }
    if (cells.length < columns.length) break;
    rows.push(rowOf(cells, columns, start, lines[k - 1]!.end));
    j = k;
  }
  return { rows, next: j };
}
