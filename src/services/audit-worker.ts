/**
 * The audit's worker thread (see audit-in-worker.ts): decodes and audits one document or text and
 * posts the result back. Runs under the resource limits its parent set.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { auditText } from '../audit/index.js';
import { decodePlanDocument, UnreadableDocument } from '../audit/read.js';
import type { AuditJob, AuditJobResult } from './audit-in-worker.js';

async function run(job: AuditJob): Promise<AuditJobResult> {
  try {
    if (job.kind === 'text') return { ok: true, text: job.text, encoding: 'utf-8', report: auditText(job.text) };
    const { text, encoding } = await decodePlanDocument(Buffer.from(job.bytes), job.fileName);
    return { ok: true, text, encoding, report: auditText(text) };
  } catch (e) {
    if (e instanceof UnreadableDocument) return { ok: false, unreadable: e.message, tooLarge: e.tooLarge };
    throw e;
  }
}

const port = parentPort;
if (port) {
  run(workerData as AuditJob).then(
    (r) => port.postMessage(r),
    (e: unknown) => port.postMessage({ ok: false, failed: e instanceof Error ? e.message : String(e) } satisfies AuditJobResult),
  );
}
