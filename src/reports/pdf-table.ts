/**
 * A long table (the 宗地表) printed straight to PDF with PDFKit: A4 landscape, the label and title
 * on the first page, the header rows repeated on every page, cells wrapped inside their column
 * with padding, totals in the heading font, and page numbers "— N —" that continue the document's.
 *
 * Why not the spreadsheet printed by LibreOffice: Calc spends about 6 s of CPU paginating 10,000
 * rows, and a Writer table of that size takes minutes. PDFKit subsets and embeds the CJK fonts
 * (CID-keyed, with a ToUnicode map, so pdftotext reads the figures back).
 *
 * Two phases, so the caller can lay out the table while the document is being converted:
 * `layoutTablePdf` draws every page (pages are buffered), `finish` stamps the attachment's label
 * and the page numbers once the document's numbering is known and returns the bytes.
 *
 * Pure: the font bytes come from the caller; nothing here reads a file.
 */
import PDFDocument from 'pdfkit';
import { displayOf, placeHeader, type GridTable, type GridValue } from './grid.js';

export interface PdfFont {
  readonly bytes: Uint8Array;
  /** The PostScript name of the face inside a font collection (.ttc), e.g. NotoSerifCJKsc-Regular. */
  readonly face?: string;
}

export interface TablePdfOptions {
  /** Body text, and headings and totals (黑体's role). */
  readonly fonts: { readonly body: PdfFont; readonly heading: PdfFont };
  /** Document metadata. */
  readonly documentTitle?: string;
}

export interface TablePdf {
  readonly pageCount: number;
  /** Stamps the label above the title ("附件4", in the line kept for it) and the page numbers from `firstPageNumber`. */
  finish(o: { firstPageNumber: number; label?: string }): Promise<Uint8Array>;
}

// A4 landscape, in points.
const PAGE = { width: 841.89, height: 595.28 };
const MARGIN = { left: 42, right: 42, top: 40, bottom: 48 };
const BODY_SIZE = 8;
const HEAD_SIZE = 8.5;
const LINE = 1.3;
const PAD_X = 3.5;
const PAD_Y = 2.5;

type FontkitFont = {
  glyphsForString(s: string): { advanceWidth: number; id: number; codePoints: number[] }[];
  unitsPerEm: number;
  layout: unknown;
};

/**
 * Table cells are CJK text, digits and Latin codes: they need the cmap, not OpenType shaping,
 * and fontkit's shaping of a CJK font's large GSUB tables costs ~70 µs a string. The font's
 * layout is replaced by a cmap-only one (the glyphs and their advances), which is what the
 * shaping yields for this text anyway.
 */
function cmapOnly(font: FontkitFont): void {
  if (typeof font.glyphsForString !== 'function') return;
  font.layout = (text: string) => {
    const glyphs = font.glyphsForString(text);
    let advanceWidth = 0;
    const positions = glyphs.map((g) => {
      advanceWidth += g.advanceWidth;
      return { xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 };
    });
    return { glyphs, positions, advanceWidth };
  };
}

/** Width of each character at 1 pt, cached (the wrap measures every cell). */
class Measure {
  private readonly cache = new Map<string, number>();
  constructor(private readonly font: FontkitFont) {}
  char(ch: string): number {
    let w = this.cache.get(ch);
    if (w === undefined) {
      const g = this.font.glyphsForString(ch);
      w = g.reduce((a, x) => a + x.advanceWidth, 0) / this.font.unitsPerEm;
      this.cache.set(ch, w);
    }
    return w;
  }
  width(s: string, size: number): number {
    let w = 0;
    for (const ch of s) w += this.char(ch);
    return w * size;
  }
  /** Lines of `s` within `width` at `size`: broken between any two characters, as CJK text is. */
  wrap(s: string, width: number, size: number): string[] {
    if (s === '') return [''];
    const lines: string[] = [];
    let line = '';
    let w = 0;
    for (const ch of s) {
      const cw = this.char(ch) * size;
      if (line !== '' && w + cw > width) {
        lines.push(line);
        line = '';
        w = 0;
      }
      line += ch;
      w += cw;
    }
    lines.push(line);
    return lines;
  }
}

/** A PDF number: at most 2 decimals, no exponent. */
function num(n: number): string {
  return String(Math.round(n * 100) / 100);
}

interface EmbeddedFont {
  readonly id: string;
  readonly ascender: number;
  /** The glyph ids of `s` as hex, each glyph added to the font's subset. */
  encode(s: string): string;
  /** Names the font in the current page's resources. */
  use(): void;
}

/** PDFKit's embedded font behind a registered name (its internals: `_font`, `encode`, `ref`, `page.fonts`). */
function fontHandle(doc: PDFKit.PDFDocument, name: string): EmbeddedFont {
  doc.font(name);
  const f = (doc as unknown as { _font: { id: string; ascender: number; encode(s: string): [string[], unknown]; ref(): unknown } })._font;
  return {
    id: f.id,
    ascender: f.ascender,
    encode: (s) => f.encode(s)[0].join(''),
    use: () => {
      (doc as unknown as { page: { fonts: Record<string, unknown> } }).page.fonts[f.id] = f.ref();
    },
  };
}

function fontOf(doc: PDFKit.PDFDocument): FontkitFont {
  return (doc as unknown as { _font: { font: FontkitFont } })._font.font;
}

export function layoutTablePdf(table: GridTable, o: TablePdfOptions): TablePdf {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 0, autoFirstPage: false, bufferPages: true, compress: true, info: { Title: o.documentTitle ?? table.title, Creator: 'landplan', Producer: 'landplan (PDFKit)' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  doc.registerFont('body', Buffer.from(o.fonts.body.bytes), o.fonts.body.face);
  doc.registerFont('heading', Buffer.from(o.fonts.heading.bytes), o.fonts.heading.face);
  const measure: Record<'body' | 'heading', Measure> = {} as never;
  for (const f of ['body', 'heading'] as const) {
    doc.font(f);
    cmapOnly(fontOf(doc));
    measure[f] = new Measure(fontOf(doc));
  }

  const usable = PAGE.width - MARGIN.left - MARGIN.right;
  const totalWidth = table.columns.reduce((a, c) => a + c.width, 0);
  const widths = table.columns.map((c) => (c.width / totalWidth) * usable);
  const xs = widths.reduce<number[]>((a, w, i) => [...a, a[i]! + w], [MARGIN.left]);
  const lineH = (size: number): number => size * LINE;

  // Page content is written as PDF operators, a page at a time (PDFKit's text() costs ~30 µs a
  // call in layout and garbage; a table cell needs none of it). PDFKit still subsets, embeds and
  // references the fonts: `encode` adds the glyphs to the subset and gives their ids.
  const embedded = { body: fontHandle(doc, 'body'), heading: fontHandle(doc, 'heading') };
  let ops: string[] = [];
  const flush = (): void => {
    if (ops.length) doc.addContent(ops.join('\n'));
    ops = [];
  };
  const text = (font: 'body' | 'heading', size: number, s: string, x: number, y: number): void => {
    if (s === '') return;
    const f = embedded[font];
    // PDFKit's pages start with a flip to top-left coordinates; the text matrix flips the glyphs back.
    ops.push(`BT /${f.id} ${num(size)} Tf 1 0 0 -1 ${num(x)} ${num(y + (f.ascender / 1000) * size)} Tm <${f.encode(s)}> Tj ET`);
  };
  const rect = (x: number, y: number, w: number, h: number): void => {
    ops.push(`${num(x)} ${num(y)} ${num(w)} ${num(h)} re S`);
  };
  /** A cell's lines drawn inside [x, x+w], aligned, vertically centred in [y, y+h]. */
  const cell = (lines: readonly string[], font: 'body' | 'heading', size: number, align: 'left' | 'center' | 'right', x: number, w: number, y: number, h: number, indent = 0): void => {
    const top = y + (h - lines.length * lineH(size)) / 2 + (lineH(size) - size) / 2;
    lines.forEach((l, k) => {
      const lw = measure[font].width(l, size);
      const lx = align === 'left' ? x + PAD_X + indent : align === 'right' ? x + w - PAD_X - lw : x + (w - lw) / 2;
      text(font, size, l, lx, top + k * lineH(size));
    });
  };

  // The header: row heights from the wrapped labels; a cell spanning rows is centred across them.
  const placed = placeHeader(table).map((p) => {
    const span = p.cell.colSpan ?? 1;
    const w = xs[p.col + span]! - xs[p.col]!;
    return { ...p, w, lines: measure.heading.wrap(p.cell.text, w - 2 * PAD_X, HEAD_SIZE) };
  });
  const headRows = table.header.length;
  const headHeights = Array.from({ length: headRows }, (_, r) => Math.max(lineH(HEAD_SIZE) + 2 * PAD_Y, ...placed.filter((p) => p.row === r && (p.cell.rowSpan ?? 1) === 1).map((p) => p.lines.length * lineH(HEAD_SIZE) + 2 * PAD_Y)));
  const headY = headHeights.reduce<number[]>((a, h, i) => [...a, a[i]! + h], [0]);
  const headHeight = headY[headRows]!;

  const drawHeader = (y: number): number => {
    for (const p of placed) {
      const top = y + headY[p.row]!;
      const h = headY[p.row + (p.cell.rowSpan ?? 1)]! - headY[p.row]!;
      rect(xs[p.col]!, top, p.w, h);
      cell(p.lines, 'heading', HEAD_SIZE, 'center', xs[p.col]!, p.w, top, h);
    }
    return y + headHeight;
  };

  let pages = 0;
  let y = 0;
  let labelY = 0;
  const bottom = PAGE.height - MARGIN.bottom;
  const newPage = (): void => {
    flush();
    doc.addPage({ size: 'A4', layout: 'landscape', margin: 0 });
    pages++;
    for (const f of Object.values(embedded)) f.use();
    ops.push('0.5 w 0 0 0 RG 0 0 0 rg');
    y = MARGIN.top;
    if (pages === 1) {
      labelY = y;
      y += 22;
      const titleLines = measure.heading.wrap(table.title, usable, 16);
      for (const l of titleLines) {
        text('heading', 16, l, MARGIN.left + (usable - measure.heading.width(l, 16)) / 2, y);
        y += 22;
      }
    }
    const unit = `单位：${table.unit}`;
    text('body', BODY_SIZE + 1, unit, PAGE.width - MARGIN.right - measure.body.width(unit, BODY_SIZE + 1), y);
    y += lineH(BODY_SIZE + 1) + 2;
    y = drawHeader(y);
  };

  newPage();
  for (const row of table.rows) {
    const font = row.total ? 'heading' : 'body';
    const cells = row.cells.map((v: GridValue, c) => {
      const indent = row.level === 1 && c === 0 ? BODY_SIZE : 0;
      const align = v.kind === 'none' ? 'center' : v.kind === 'number' ? 'right' : table.columns[c]!.align;
      return { lines: measure[font].wrap(displayOf(v), widths[c]! - 2 * PAD_X - indent, BODY_SIZE), align, indent };
    });
    const h = Math.max(...cells.map((x) => x.lines.length)) * lineH(BODY_SIZE) + 2 * PAD_Y;
    if (y + h > bottom) newPage();
    cells.forEach((x, c) => {
      rect(xs[c]!, y, widths[c]!, h);
      cell(x.lines, font, BODY_SIZE, x.align, xs[c]!, widths[c]!, y, h, x.indent);
    });
    y += h;
  }
  for (const note of table.notes) {
    const lines = measure.body.wrap(`注：${note}`, usable, BODY_SIZE + 1);
    if (y + 4 + lines.length * lineH(BODY_SIZE + 1) > bottom) newPage();
    y += 4;
    for (const l of lines) {
      text('body', BODY_SIZE + 1, l, MARGIN.left, y);
      y += lineH(BODY_SIZE + 1);
    }
  }

  flush();
  return {
    pageCount: pages,
    async finish({ firstPageNumber, label }): Promise<Uint8Array> {
      const range = doc.bufferedPageRange();
      for (let i = range.start; i < range.start + range.count; i++) {
        doc.switchToPage(i);
        if (i === range.start && label) text('heading', 14, label, MARGIN.left, labelY);
        const folio = `— ${firstPageNumber + i - range.start} —`;
        text('body', 10.5, folio, (PAGE.width - measure.body.width(folio, 10.5)) / 2, PAGE.height - MARGIN.bottom + 18);
        flush();
      }
      doc.end();
      await ended;
      return new Uint8Array(Buffer.concat(chunks));
    },
  };
}
