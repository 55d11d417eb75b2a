/**
 * One plan version, one export format: the bytes, a file name and a content type. `renderExport`
 * works on report input (no database), `exportPlan` reads the version first. The PDF is the
 * document converted by LibreOffice (with the free fonts) followed by the 宗地表 drawn by PDFKit:
 * LibreOffice takes about 6 s of CPU to paginate a spreadsheet of 10,000 rows and many minutes
 * for a Writer table of the same size.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { writeShapefile } from '../geo/formats/index.js';
import { FREE_FONTS, planFigures, renderPlanXlsx, type ReportInput } from '../reports/index.js';
import { buildDocument } from '../reports/document.js';
import { renderDocx } from '../reports/docx/render.js';
import { geoJsonBytes, landMarketJson, parcelFeatures } from '../reports/exchange.js';
import { layoutTablePdf, type TablePdf } from '../reports/pdf-table.js';
import type { DocumentModel } from '../reports/model.js';
import type { Db } from '../store/database.js';
import { ConverterUnavailable, libreOfficeConverter, mergePdfs, pdfPageCount, type PdfConverter } from './export-converter.js';
import { reportInput, type ExportContext } from './export-plan.js';
import { tableFonts } from './pdf-fonts.js';

export const EXPORT_FORMATS = ['docx', 'xlsx', 'pdf', 'geojson', 'shp', 'land-market'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(v: string): v is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(v);
}

export interface ExportFile {
  readonly fileName: string;
  readonly contentType: string;
  readonly bytes: Uint8Array;
  readonly parcels: number;
  /** A shapefile's parts (.shp .shx .dbf .prj .cpg); `bytes` is them zipped. */
  readonly parts?: readonly { name: string; bytes: Uint8Array }[];
  /** The attribute encoding of a shapefile: GBK, or GB18030 when a name holds a character GBK lacks. */
  readonly encoding?: 'gbk' | 'gb18030';
}

const TYPES: Record<ExportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  geojson: 'application/geo+json',
  shp: 'application/zip',
  'land-market': 'application/json',
};
const EXT: Record<ExportFormat, string> = { docx: 'docx', xlsx: 'xlsx', pdf: 'pdf', geojson: 'geojson', shp: 'zip', 'land-market': 'land-market.json' };

export interface RenderOptions {
  readonly baseName: string;
  readonly converter?: PdfConverter;
  readonly jurisdictionCode?: string;
  /** Charts and map in the .docx and .pdf (default true). */
  readonly figures?: boolean;
}

async function shapefile(input: ReportInput, stem: string): Promise<{ parts: { name: string; bytes: Uint8Array }[]; encoding: 'gbk' | 'gb18030' }> {
  const dir = await mkdtemp(join(tmpdir(), 'landplan-shp-'));
  try {
    const features = parcelFeatures(input);
    let encoding: 'gbk' | 'gb18030' = 'gbk';
    try {
      await writeShapefile(join(dir, stem), features, { encoding: 'gbk' });
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      encoding = 'gb18030';
      await writeShapefile(join(dir, stem), features, { encoding: 'gb18030' });
    }
    const parts: { name: string; bytes: Uint8Array }[] = [];
    for (const n of (await readdir(dir)).sort()) parts.push({ name: n, bytes: new Uint8Array(await readFile(join(dir, n))) });
    return { parts, encoding };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The PDF: the document in the free fonts (LibreOffice), then the 宗地表 drawn by PDFKit
 * (reports/pdf-table.ts), its label and page numbers continuing the document's.
 * A 宗地表 too long for the Word document (issued there as the workbook's sheet) is printed here
 * all the same, so the PDF holds the whole publication.
 */
async function pdf(input: ReportInput, converter: PdfConverter, figures: boolean): Promise<Uint8Array> {
  if (!converter.status().available) throw new ConverterUnavailable();
  // The figures render on the thread pool while the 宗地表 is laid out here (its attachment
  // number and page numbers are stamped once the document is converted).
  const rendering = figures ? planFigures(input) : Promise.resolve([]);
  rendering.catch(() => undefined);
  const outline = printable(buildDocument(input, []));
  const parcels = outline.attachments.find((a) => a.content.kind === 'table' && a.content.table.sheet === '宗地表');
  let table: TablePdf | undefined;
  if (parcels && parcels.content.kind === 'table') table = layoutTablePdf(parcels.content.table, { fonts: await tableFonts(), documentTitle: outline.title });
  const model = printable(buildDocument(input, await rendering));
  const omit = model.attachments.find((a) => a.content.kind === 'table' && a.content.table.sheet === '宗地表');
  const docx = await renderDocx(model, { fonts: FREE_FONTS, ...(omit ? { omitAttachments: [omit.number] } : {}) });
  const [docPdf] = await converter.toPdf([{ name: 'plan.docx', bytes: docx }]);
  if (!table || !omit) return mergePdfs([docPdf!], model.title);
  return mergePdfs([docPdf!, await table.finish({ firstPageNumber: (await pdfPageCount(docPdf!)) + 1, label: `附件${omit.number}` })], model.title);
}

/**
 * The document as the PDF prints it: a 宗地表 too long for the Word document (issued there as the
 * workbook's sheet) is printed all the same, so the PDF holds the whole publication.
 */
function printable(m: DocumentModel): DocumentModel {
  return { ...m, attachments: m.attachments.map((a) => (a.content.kind === 'separate' ? { ...a, content: { kind: 'table' as const, table: a.content.table }, landscape: true } : a)) };
}

export async function renderExport(input: ReportInput, format: ExportFormat, o: RenderOptions): Promise<ExportFile> {
  const parcels = input.plan.parcels?.length ?? 0;
  const fileName = `${o.baseName}.${EXT[format]}`;
  const base = { fileName, contentType: TYPES[format], parcels };
  const figures = o.figures ?? true;
  switch (format) {
    case 'docx':
      return { ...base, bytes: await renderDocx(buildDocument(input, figures ? await planFigures(input) : [])) };
    case 'xlsx':
      return { ...base, bytes: await renderPlanXlsx(input) };
    case 'pdf':
      return { ...base, bytes: await pdf(input, o.converter ?? libreOfficeConverter(), figures) };
    case 'geojson':
      return { ...base, bytes: geoJsonBytes(input) };
    case 'land-market':
      return { ...base, bytes: landMarketJson(input, o.jurisdictionCode) };
    case 'shp': {
      const { parts, encoding } = await shapefile(input, 'parcels');
      return { ...base, bytes: zipSync(Object.fromEntries(parts.map((p) => [p.name, p.bytes]))), parts, encoding };
    }
  }
}

/** A version's export: `<plan name>-v<seq>.<ext>`. */
export async function exportPlan(db: Db, versionId: number, format: ExportFormat, ctx: ExportContext & { converter?: PdfConverter; figures?: boolean } = {}): Promise<ExportFile> {
  const { input, version } = await reportInput(db, versionId, ctx);
  const title = input.plan.title ?? `${input.plan.region}${input.plan.year}年度国有建设用地供应计划`;
  return renderExport(input, format, { baseName: `${title}-v${version.seq}`, jurisdictionCode: version.jurisdictionCode, ...(ctx.converter ? { converter: ctx.converter } : {}), ...(ctx.figures !== undefined ? { figures: ctx.figures } : {}) });
}

