/**
 * Use case: audit an uploaded plan document (.txt in UTF-8/UTF-16/GB18030, or .docx): decode it,
 * then audit the text. Returns the text too, since figure offsets refer to it.
 */
import { auditText, type AuditReport } from '../audit/index.js';
import { decodePlanDocument } from '../audit/read.js';

export { UnreadableDocument } from '../audit/read.js';

export async function auditDocument(bytes: Buffer, fileName: string): Promise<{ text: string; encoding: string; report: AuditReport }> {
  const { text, encoding } = await decodePlanDocument(bytes, fileName);
  return { text, encoding, report: auditText(text) };
}
