/**
 * Reports: plan data in, bytes out (ARCHITECTURE: pure, no database, no child process). The plan
 * document (.docx), the attachment tables (.xlsx), the charts and the location map (SVG and PNG).
 * Converting to PDF needs a program and lives behind services/export-converter.
 */
import { buildDocument, attachmentTitles } from './document.js';
import { planCharts } from './charts.js';
import { renderDocx, type DocxOptions } from './docx/render.js';
import type { GridTable } from './grid.js';
import type { ReportInput } from './input.js';
import { locationMap } from './map.js';
import type { DocumentModel, Figure } from './model.js';
import { countedHousingTypes } from './plan-text.js';
import { svgToPng } from './raster.js';
import { housingGrid, parcelGrid, summaryGrid } from './tables.js';
import { renderXlsx, type XlsxOptions } from './xlsx.js';

export type { ReportInput, ReportParcel, MapLayerFeature } from './input.js';
export type { DocumentMeta, DocumentStatus } from './meta.js';
export type { DocumentModel } from './model.js';
export type { GridTable } from './grid.js';
export { documentText } from './model.js';
export { FREE_FONTS, OFFICIAL_FONTS } from './docx/layout.js';
export { svgToPng, clearRasterCache } from './raster.js';

/** Width of figures on the page, mm (the text block is 156 mm wide). */
const FIGURE_WIDTH_MM = 150;

/** The charts and the location map, as SVG with their PNG, sized for the page; the PNGs are rendered side by side. */
export async function planFigures(input: ReportInput): Promise<Figure[]> {
  const specs: { caption: string; svg: string; widthPx: number; widthMm: number; heightMm: number }[] = [];
  for (const c of planCharts(input)) {
    specs.push({ caption: c.caption, svg: c.svg, widthPx: c.width * 2, widthMm: FIGURE_WIDTH_MM, heightMm: (FIGURE_WIDTH_MM * c.height) / c.width });
  }
  const map = locationMap(input.plan.parcels ?? [], input.layers ?? [], { title: `${input.plan.region}${input.plan.year}年度国有建设用地供应宗地位置示意图`, ...(input.parcelNote ? { note: input.parcelNote } : {}) });
  if (map) {
    const h = Math.min(200, (FIGURE_WIDTH_MM * map.height) / map.width);
    specs.push({ caption: `图${specs.length + 1}　宗地位置示意图`, svg: map.svg, widthPx: Math.round(map.width * 1.2), widthMm: (h * map.width) / map.height, heightMm: h });
  }
  return Promise.all(specs.map(async ({ widthPx, ...f }) => ({ ...f, png: await svgToPng(f.svg, widthPx) })));
}

export interface PlanDocxOptions extends DocxOptions {
  /** Embed the charts and the map (default true). */
  readonly figures?: boolean;
}

export async function planDocumentModel(input: ReportInput, o: { figures?: boolean } = {}): Promise<DocumentModel> {
  return buildDocument(input, o.figures === false ? [] : await planFigures(input));
}

export async function renderPlanDocx(input: ReportInput, o: PlanDocxOptions = {}): Promise<Uint8Array> {
  return renderDocx(await planDocumentModel(input, o), o);
}

/** The attachment tables: 附件1 汇总表, 附件2 住房用地供应计划汇总表, and the 宗地表 when the plan lists parcels. */
export function planTables(input: ReportInput): GridTable[] {
  const titles = attachmentTitles(input);
  const out = [summaryGrid(input.plan, titles.summary), housingGrid(input.plan, countedHousingTypes(input), titles.housing)];
  const parcels = parcelGrid(input.plan, titles.parcels, input.parcelNote);
  if (parcels) out.push(parcels);
  return out;
}

export async function renderPlanXlsx(input: ReportInput, o: XlsxOptions = {}): Promise<Uint8Array> {
  return renderXlsx(planTables(input), o);
}
