/**
 * The attachment tables as an .xlsx workbook (exceljs): one sheet per table, a merged title row,
 * the unit, merged header rows, borders, frozen panes, A4 landscape print set-up with the header
 * rows repeated on every page and the width fitted to one page. Areas are stored as the exact
 * hectares (2 or 4 decimals shown); totals and shares are formulas whose cached values are the
 * exact figures, rounded in the formula (ROUND) so that no cell holds float noise.
 */
import ExcelJS from 'exceljs';
import { Dec } from '../domain/decimal.js';
import { placeHeader, type Formula, type GridTable, type GridValue } from './grid.js';

export interface XlsxOptions {
  /** Font for the cells (the official 仿宋_GB2312 by default; the free set for our own PDF). */
  readonly font?: string;
  readonly headingFont?: string;
  /** A label printed above each sheet's title ("附件1"), by sheet name. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Number of the first printed page (a PDF that continues the document's page numbers). */
  readonly firstPageNumber?: number;
}

function colName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** "B5:B7,B9" for rows 5, 6, 7, 9 of column B. */
function ranges(col: string, rows: readonly number[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < rows.length) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j]! + 1) j++;
    out.push(i === j ? `${col}${rows[i]}` : `${col}${rows[i]}:${col}${rows[j]}`);
    i = j + 1;
  }
  return out.join(',');
}

/** The spreadsheet number for an exact decimal: its shortest text, so 1843.24 stays 1843.24. */
export function cellNumber(v: Dec): number {
  return Number(v.toFixed());
}

function formulaText(f: Formula, col: number, rowOf: (bodyIndex: number) => number): string {
  if (f.kind === 'sum') return `ROUND(SUM(${ranges(colName(col), f.rows.map(rowOf))}),${f.dp})`;
  const of = colName(f.of);
  const num = f.numeratorRows.length === 1 ? `${of}${rowOf(f.numeratorRows[0]!)}` : `SUM(${ranges(of, f.numeratorRows.map(rowOf))})`;
  const adjust = f.adjust === 0 ? '' : f.adjust > 0 ? '+0.01' : '-0.01';
  return `ROUND(${num}/${of}$${rowOf(f.denominatorRow)}*100${adjust},2)`;
}

const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

function numFmt(dp: number): string {
  return dp === 0 ? '0' : `0.${'0'.repeat(dp)}`;
}

function addSheet(wb: ExcelJS.Workbook, t: GridTable, o: XlsxOptions): void {
  const font = o.font ?? '仿宋_GB2312';
  const heading = o.headingFont ?? '黑体';
  const n = t.columns.length;
  const label = o.labels?.[t.sheet];
  const ws = wb.addWorksheet(t.sheet.slice(0, 31), {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      ...(o.firstPageNumber ? { firstPageNumber: o.firstPageNumber } : {}),
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '&C— &P —' },
  });
  ws.columns = t.columns.map((c) => ({ width: Math.max(6, c.width * 1.6) }));
  let r = 1;
  if (label) {
    ws.getCell(r, 1).value = label;
    ws.getCell(r, 1).font = { name: heading, size: 14 };
    r++;
  }
  ws.mergeCells(r, 1, r, n);
  const title = ws.getCell(r, 1);
  title.value = t.title;
  title.font = { name: heading, size: 16, bold: true };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(r).height = 28;
  r++;
  ws.mergeCells(r, 1, r, n);
  const unit = ws.getCell(r, 1);
  unit.value = `单位：${t.unit}`;
  unit.font = { name: font, size: 11 };
  unit.alignment = { horizontal: 'right' };
  r++;
  const headerStart = r;
  const headerStyle = { font: { name: heading, size: 11 }, alignment: { horizontal: 'center' as const, vertical: 'middle' as const, wrapText: true }, border: BORDER };
  for (let hr = 0; hr < t.header.length; hr++) for (let c = 1; c <= n; c++) ws.getCell(headerStart + hr, c).style = headerStyle;
  for (const p of placeHeader(t)) {
    const top = headerStart + p.row;
    const left = p.col + 1;
    const bottom = top + (p.cell.rowSpan ?? 1) - 1;
    const right = left + (p.cell.colSpan ?? 1) - 1;
    if (bottom > top || right > left) ws.mergeCells(top, left, bottom, right);
    ws.getCell(top, left).value = p.cell.text;
  }
  const bodyStart = headerStart + t.header.length;
  const rowOf = (i: number): number => bodyStart + i;
  // One style object per (alignment, format, weight): exceljs shares them between cells.
  const styles = new Map<string, Partial<ExcelJS.Style>>();
  const styleFor = (align: 'left' | 'center' | 'right', fmt: string | undefined, bold: boolean, indent: boolean): Partial<ExcelJS.Style> => {
    const key = `${align}|${fmt ?? ''}|${bold}|${indent}`;
    let s = styles.get(key);
    if (!s) {
      s = { font: { name: font, size: 11, bold }, alignment: { horizontal: align, vertical: 'middle', ...(indent ? { indent: 1 } : {}) }, border: BORDER, ...(fmt ? { numFmt: fmt } : {}) };
      styles.set(key, s);
    }
    return s;
  };
  t.rows.forEach((row, i) => {
    const excelRow = ws.getRow(rowOf(i));
    const values = row.cells.map((v, c) => cellValue(v, c, rowOf));
    excelRow.values = values;
    row.cells.forEach((v, c) => {
      const col = t.columns[c]!;
      const align = v.kind === 'none' ? 'center' : v.kind === 'number' ? 'right' : col.align;
      excelRow.getCell(c + 1).style = styleFor(align, v.kind === 'number' ? numFmt(v.dp) : undefined, row.total === true, row.level === 1 && c === 0);
    });
  });
  let notesRow = bodyStart + t.rows.length + 1;
  for (const note of t.notes) {
    ws.mergeCells(notesRow, 1, notesRow, n);
    const cell = ws.getCell(notesRow, 1);
    cell.value = `注：${note}`;
    cell.font = { name: font, size: 10 };
    notesRow++;
  }
  ws.views = [{ state: 'frozen', xSplit: 1, ySplit: bodyStart - 1 }];
  ws.pageSetup.printTitlesRow = `${headerStart}:${bodyStart - 1}`;
  ws.pageSetup.printArea = `A1:${colName(n - 1)}${Math.max(notesRow - 1, bodyStart + t.rows.length - 1)}`;
}

function cellValue(v: GridValue, col: number, rowOf: (i: number) => number): ExcelJS.CellValue {
  switch (v.kind) {
    case 'text':
      return v.text;
    case 'integer':
      return v.value;
    case 'none':
      return '—';
    case 'number':
      return v.formula ? { formula: formulaText(v.formula, col, rowOf), result: cellNumber(v.value) } : cellNumber(v.value);
  }
}

export async function renderXlsx(tables: readonly GridTable[], o: XlsxOptions = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'landplan';
  // Cached values are exact; a spreadsheet recomputes them on opening.
  wb.calcProperties = { fullCalcOnLoad: true };
  for (const t of tables) addSheet(wb, t, o);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
