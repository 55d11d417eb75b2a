/**
 * The plan document as a model: 版头 (when the version has an issuing authority), title, body
 * generated from the plan, 附件说明, signature and date, and the attachments: 附件1 汇总表,
 * 附件2 住房用地供应计划汇总表, the charts and the location map, and the 宗地表 last (it can run
 * to hundreds of pages).
 */
import { chineseDate, statusSubtitle, titleWithoutState } from './meta.js';
import { planTitle, type ReportInput } from './input.js';
import type { Attachment, Block, DocumentModel, Figure } from './model.js';
import { countedHousingTypes, planBody } from './plan-text.js';
import { housingGrid, parcelGrid, summaryGrid } from './tables.js';

/**
 * The longest 宗地表 printed inside the document: 200 rows are about ten landscape pages. A longer
 * one is issued as its own file, the workbook's 宗地表 sheet, as bureaus issue long schedules, and
 * the document names it (附件说明 and a page saying where it is): a Word table of thousands of rows
 * is hundreds of pages no one prints, and takes LibreOffice minutes to lay out.
 */
export const PARCEL_ROWS_IN_DOCUMENT = 200;

export function attachmentTitles(input: ReportInput): { summary: string; housing: string; figures: string; parcels: string } {
  const base = `${input.plan.region}${input.plan.year}年度`;
  return {
    summary: `${base}国有建设用地供应计划汇总表`,
    housing: `${base}住房用地供应计划汇总表`,
    figures: `${base}国有建设用地供应计划图表`,
    parcels: `${base}国有建设用地供应计划宗地表`,
  };
}

export function buildDocument(input: ReportInput, figures: readonly Figure[] = []): DocumentModel {
  const meta = input.meta ?? {};
  const titles = attachmentTitles(input);
  const attachments: Attachment[] = [];
  const add = (a: Omit<Attachment, 'number'>): void => {
    attachments.push({ ...a, number: attachments.length + 1 });
  };
  add({ title: titles.summary, content: { kind: 'table', table: summaryGrid(input.plan, titles.summary) }, landscape: true });
  add({ title: titles.housing, content: { kind: 'table', table: housingGrid(input.plan, countedHousingTypes(input), titles.housing) }, landscape: false });
  if (figures.length) add({ title: titles.figures, content: { kind: 'figures', figures }, landscape: false });
  const parcels = parcelGrid(input.plan, titles.parcels, input.parcelNote);
  const parcelCount = input.plan.parcels?.length ?? 0;
  if (parcels) {
    add({
      title: titles.parcels,
      content: parcelCount > PARCEL_ROWS_IN_DOCUMENT ? { kind: 'separate', table: parcels, rows: parcelCount } : { kind: 'table', table: parcels },
      landscape: parcelCount <= PARCEL_ROWS_IN_DOCUMENT,
    });
  }

  const subtitle = statusSubtitle(meta.status, meta.adjustment === true);
  const title = subtitle ? titleWithoutState(planTitle(input)) : planTitle(input);
  const reason = meta.adjustmentReason?.replace(/\s+/g, ' ').trim();
  const preamble: Block[] = meta.adjustment
    ? [{ kind: 'paragraph', text: `本计划系对${title}的调整${meta.versionSeq ? `（第${meta.versionSeq}版）` : ''}。${reason ? `调整原因：${/[。！？.!?]$/.test(reason) ? reason : `${reason}。`}` : ''}` }]
    : [];
  const period = meta.consultation;
  const note =
    meta.status === 'consultation' && period?.from && period.until ? `（征求意见时间：${chineseDate(period.from)}至${chineseDate(period.until)}）` : undefined;
  const date = meta.signedOn ?? meta.publishedOn;
  return {
    ...(meta.issuingAuthority ? { head: { authority: meta.issuingAuthority, ...(meta.documentNumber ? { documentNumber: meta.documentNumber } : {}) } } : {}),
    title,
    ...(subtitle ? { subtitle } : {}),
    ...(note ? { note } : {}),
    body: [...preamble, ...planBody(input)],
    attachments,
    ...(meta.issuingAuthority || date ? { signature: { ...(meta.issuingAuthority ? { authority: meta.issuingAuthority } : {}), ...(date ? { date: chineseDate(date) } : {}) } } : {}),
  };
}
