/**
 * Use case: audit a pasted text or an uploaded document off the main thread, in a worker with a
 * time limit and a memory limit, so one long text or a hostile upload never blocks the server's
 * other requests. A worker that runs out of time or memory is terminated and the request refused.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AuditReport } from '../audit/index.js';

export type AuditJob = { kind: 'text'; text: string } | { kind: 'document'; bytes: Uint8Array; fileName: string };

export type AuditJobResult =
  | { ok: true; text: string; encoding: string; report: AuditReport }
  | { ok: false; unreadable: string; tooLarge: boolean }
  | { ok: false; failed: string };

export interface AuditLimits {
  /** Wall-clock time a job may take, in milliseconds. */
  readonly timeMs: number;
  /** The worker's old-generation heap, in MB. */
  readonly memoryMb: number;
}

export const AUDIT_LIMITS: AuditLimits = { timeMs: 30_000, memoryMb: 512 };

/** The job could not finish within its limits (time or memory). */
export class AuditLimitExceeded extends Error {
  constructor(readonly limit: 'time' | 'memory') {
    super(limit === 'time' ? 'the audit took longer than allowed' : 'the audit needed more memory than allowed');
    this.name = 'AuditLimitExceeded';
  }
}

function spawn(job: AuditJob, limits: AuditLimits): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 };
  const here = import.meta.url;
  if (here.endsWith('.js')) return new Worker(new URL('./audit-worker.js', here), { workerData: job, resourceLimits });
  // Running from TypeScript sources (tests, tsx): the worker registers tsx before loading its module.
  const tsx = pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL('./audit-worker.ts', here).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, workerData: job, resourceLimits });
}

export function auditInWorker(job: AuditJob, limits: AuditLimits = AUDIT_LIMITS): Promise<AuditJobResult> {
  return new Promise((resolve, reject) => {
    const worker = spawn(job, limits);
    let settled = false;
    const done = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      f();
      void worker.terminate();
    };
    const timer = setTimeout(() => done(() => reject(new AuditLimitExceeded('time'))), limits.timeMs);
    worker.once('message', (r: AuditJobResult) => done(() => resolve(r)));
    worker.once('error', (e: Error & { code?: string }) => done(() => reject(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new AuditLimitExceeded('memory') : e)));
    worker.once('exit', (code) => done(() => reject(new Error(`audit worker exited with code ${code}`))));
  });
}
