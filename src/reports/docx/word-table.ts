/**
 * Tables as WordprocessingML, written directly: the docx package builds an object per cell and
 * needs seconds for a 10,000-row 宗地表; a string per row takes milliseconds. Header rows repeat
 * on every page (w:tblHeader), merged cells use gridSpan/vMerge, rows never split across pages.
 */
import { displayOf, placeHeader, type GridTable, type GridValue } from '../grid.js';
import type { FontSet } from './layout.js';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function run(text: string, font: string, size: number, bold = false): string {
  const f = esc(font);
  return `<w:r><w:rPr><w:rFonts w:ascii="${f}" w:hAnsi="${f}" w:eastAsia="${f}" w:cs="${f}"/>${bold ? '<w:b/>' : ''}<w:sz w:val="${size}"/><w:szCs w:val="${size}"/></w:rPr><w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;
}

function para(text: string, font: string, size: number, align: string, bold = false, pad = 0): string {
  return `<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="${pad}" w:after="${pad}" w:line="240" w:lineRule="auto"/><w:jc w:val="${align}"/></w:pPr>${text ? run(text, font, size, bold) : ''}</w:p>`;
}

const BORDERS = '<w:tblBorders>' + ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((s) => `<w:${s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`).join('') + '</w:tblBorders>';

export interface WordTableOptions {
  readonly font: string;
  readonly headerFont: string;
  /** Half-points. */
  readonly size: number;
  /** Table width, twips. */
  readonly width: number;
  /** Space above and below each cell's text, twips. */
  readonly padding: number;
}

function cellXml(content: string, width: number, extra = ''): string {
  return `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/>${extra}<w:vAlign w:val="center"/></w:tcPr>${content}</w:tc>`;
}

function alignOf(v: GridValue, col: GridTable['columns'][number]): string {
  if (v.kind === 'none') return 'center';
  return col.align === 'right' ? 'right' : col.align === 'center' ? 'center' : 'left';
}

export function wordTableXml(t: GridTable, o: WordTableOptions): string {
  const totalWeight = t.columns.reduce((s, c) => s + c.width, 0);
  const widths = t.columns.map((c) => Math.floor((o.width * c.width) / totalWeight));
  const grid = `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`;
  const out: string[] = [`<w:tbl><w:tblPr><w:tblW w:w="${o.width}" w:type="dxa"/><w:jc w:val="center"/>${BORDERS}<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr>${grid}`];
  // Header: a grid of placed cells; a cell covered by a row span above is a vMerge continuation.
  const placed = placeHeader(t);
  for (let r = 0; r < t.header.length; r++) {
    const cells: string[] = [];
    for (let c = 0; c < t.columns.length; ) {
      const here = placed.find((p) => p.row === r && p.col === c);
      const above = placed.find((p) => p.row < r && p.col === c && p.row + (p.cell.rowSpan ?? 1) > r);
      const span = here?.cell.colSpan ?? above?.cell.colSpan ?? 1;
      const w = widths.slice(c, c + span).reduce((a, b) => a + b, 0);
      const gs = span > 1 ? `<w:gridSpan w:val="${span}"/>` : '';
      if (here) {
        const vm = (here.cell.rowSpan ?? 1) > 1 ? '<w:vMerge w:val="restart"/>' : '';
        cells.push(cellXml(para(here.cell.text, o.headerFont, o.size, 'center', false, o.padding), w, gs + vm));
      } else {
        cells.push(cellXml(para('', o.headerFont, o.size, 'center'), w, `${gs}<w:vMerge/>`));
      }
      c += span;
    }
    out.push(`<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>${cells.join('')}</w:tr>`);
  }
  for (const row of t.rows) {
    const cells = row.cells.map((v, i) => cellXml(para(displayOf(v), o.font, o.size, alignOf(v, t.columns[i]!), row.total === true, o.padding), widths[i]!));
    out.push(`<w:tr><w:trPr><w:cantSplit/></w:trPr>${cells.join('')}</w:tr>`);
  }
  out.push('</w:tbl>');
  return out.join('');
}
