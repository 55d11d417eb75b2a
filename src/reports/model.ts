/**
 * The plan document as a sequence of blocks, independent of the file format: the .docx renderer
 * lays them out by GB/T 9704-2012, the plain-text form is what the audit reads back.
 */
import type { GridTable } from './grid.js';

export type Block =
  /** 一、 (黑体) */
  | { readonly kind: 'heading1'; readonly text: string }
  /** （一） (楷体) */
  | { readonly kind: 'heading2'; readonly text: string }
  /** Body text, 仿宋, first line indented two characters; third-level items "1." are paragraphs. */
  | { readonly kind: 'paragraph'; readonly text: string };

export interface Figure {
  readonly caption: string;
  readonly svg: string;
  readonly png: Uint8Array;
  /** Size on the page, mm. */
  readonly widthMm: number;
  readonly heightMm: number;
}

export type AttachmentContent =
  | { readonly kind: 'table'; readonly table: GridTable }
  | { readonly kind: 'figures'; readonly figures: readonly Figure[] }
  /**
   * A schedule too long to print in the document (a 宗地表 of thousands of parcels): the document
   * names it and says where it is; its rows are the workbook's sheet `table.sheet`.
   */
  | { readonly kind: 'separate'; readonly table: GridTable; readonly rows: number };

export interface Attachment {
  /** 1-based, as 附件说明 and the attachment's mark print it. */
  readonly number: number;
  readonly title: string;
  readonly content: AttachmentContent;
  readonly landscape: boolean;
}

export interface DocumentModel {
  /** 发文机关标志 (red, centred) and 发文字号, when the version has them. */
  readonly head?: { readonly authority: string; readonly documentNumber?: string };
  readonly title: string;
  readonly subtitle?: string;
  /** A line under the subtitle (the consultation period). */
  readonly note?: string;
  readonly body: readonly Block[];
  readonly attachments: readonly Attachment[];
  /** 发文机关署名 and 成文日期. */
  readonly signature?: { readonly authority?: string; readonly date?: string };
}

/** The document as plain text, one paragraph per line (what an audit of the .docx reads). */
export function documentText(m: DocumentModel): string {
  const lines: string[] = [];
  if (m.head) lines.push(m.head.authority + '文件', ...(m.head.documentNumber ? [m.head.documentNumber] : []));
  lines.push(m.title, ...(m.subtitle ? [m.subtitle] : []), ...(m.note ? [m.note] : []));
  for (const b of m.body) lines.push(b.text);
  if (m.attachments.length) lines.push(...attachmentNoteLines(m));
  if (m.signature?.authority) lines.push(m.signature.authority);
  if (m.signature?.date) lines.push(m.signature.date);
  return lines.join('\n');
}

/** 附件说明: "附件：1.…" and the further items aligned under the first. */
export function attachmentNoteLines(m: DocumentModel): string[] {
  const n = m.attachments.length;
  return m.attachments.map((a, i) => `${i === 0 ? '附件：' : ''}${n > 1 ? `${a.number}.` : ''}${a.title}${a.content.kind === 'separate' ? SEPARATE_MARK : ''}`);
}

/** What 附件说明 adds to an attachment issued as its own file. */
export const SEPARATE_MARK = '（电子表格，另行发布）';

/** The text of a separate attachment's page: how many rows, and where they are. */
export function separateAttachmentText(a: { readonly rows: number; readonly table: GridTable }, unit: string): string {
  return `本附件共${a.rows}${unit}，篇幅较长，不在本文件中逐${unit}列印，以电子表格（.xlsx，工作表“${a.table.sheet}”）与本计划同时发布。`;
}
