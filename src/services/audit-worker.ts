/**
 * The audit's worker thread (see audit-in-worker.ts): decodes and audits one document or text per
 * message and posts the result back with the heap it holds afterwards, so the pool can retire a
 * worker that grew. Runs under the resource limits its parent set.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { auditText } from '../audit/index.js';
import { decodePlanDocument, UnreadableDocument } from '../audit/read.js';
import type { AuditJob, AuditJobResult, AuditRequest, AuditResponse } from './audit-in-worker.js';

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

const heapUsedMb = () => getHeapStatistics().used_heap_size / 1024 / 1024;

const port = parentPort;
if (port) {
  port.on('message', ({ id, job }: AuditRequest) => {
    run(job).then(
      (result) => port.postMessage({ id, result, heapUsedMb: heapUsedMb() } satisfies AuditResponse),
      (e: unknown) => port.postMessage({ id, result: { ok: false, failed: e instanceof Error ? e.message : String(e) }, heapUsedMb: heapUsedMb() } satisfies AuditResponse),
    );
  });
}
