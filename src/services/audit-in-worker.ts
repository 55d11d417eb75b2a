/**
 * Use case: audit a pasted text or an uploaded document off the main thread, in a worker with a
 * time limit and a memory limit, so one long text or a hostile upload never blocks the server's
 * other requests. A worker that runs out of time or memory is terminated and the request refused.
 *
 * Workers are kept warm in a small pool (min(2, cores) per memory limit): starting one costs
 * more than auditing most texts. A worker runs one job at a time; a job that exceeds its time
 * limit or memory kills only its own worker, which is replaced; a worker whose heap stays above a
 * high-water mark after a job (a fraction of its memory limit) is retired rather than reused.
 * Idle workers do not keep the process alive.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { moduleWorker } from './module-worker.js';
import type { AuditReport } from '../audit/index.js';

export type AuditJob = { kind: 'text'; text: string } | { kind: 'document'; bytes: Uint8Array; fileName: string };

export type AuditJobResult =
  | { ok: true; text: string; encoding: string; report: AuditReport }
  | { ok: false; unreadable: string; tooLarge: boolean }
  | { ok: false; failed: string };

export interface AuditLimits {
  /** Wall-clock time a job may take once a worker runs it, in milliseconds. */
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

/** A message to a worker: one job. */
export interface AuditRequest {
  readonly id: number;
  readonly job: AuditJob;
}

/** A worker's answer: the job's result and the heap it holds afterwards. */
export interface AuditResponse {
  readonly id: number;
  readonly result: AuditJobResult;
  readonly heapUsedMb: number;
}

/** A worker whose heap holds more than this share of its limit after a job is not reused. */
const HIGH_WATER = 0.5;

function spawn(limits: AuditLimits): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 };
  return moduleWorker(import.meta.url, 'audit-worker', { resourceLimits });
}

interface Pending {
  readonly id: number;
  readonly job: AuditJob;
  readonly limits: AuditLimits;
  readonly resolve: (r: AuditJobResult) => void;
  readonly reject: (e: Error) => void;
}

/** Warm workers for one memory limit: at most `size` at once, one job each, the rest queued. */
export class AuditPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private running = 0;
  private nextId = 1;
  /** Workers started, for tests and measurements. */
  started = 0;

  constructor(
    readonly memoryMb: number,
    readonly size = Math.max(1, Math.min(2, availableParallelism())),
    /** Heap (MB) above which a worker is retired after its job. */
    readonly highWaterMb = memoryMb * HIGH_WATER,
  ) {}

  run(job: AuditJob, limits: AuditLimits): Promise<AuditJobResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, limits, resolve, reject });
      this.dispatch();
    });
  }

  /** Terminates the idle workers (busy ones finish their job and are then dropped). */
  async close(): Promise<void> {
    const idle = this.idle.splice(0);
    await Promise.all(idle.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0 && this.running < this.size) {
      const p = this.queue.shift()!;
      this.running++;
      const worker = this.idle.pop() ?? this.fresh(p.limits);
      this.runOn(worker, p);
    }
  }

  private fresh(limits: AuditLimits): Worker {
    this.started++;
    const worker = spawn({ ...limits, memoryMb: this.memoryMb });
    // A worker that fails or exits while idle leaves the pool (and never throws an unhandled error).
    const leave = () => {
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
    };
    worker.on('error', leave);
    worker.on('exit', leave);
    return worker;
  }

  private runOn(worker: Worker, p: Pending): void {
    worker.ref();
    let settled = false;
    const finish = (reuse: boolean, f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      this.running--;
      if (reuse && this.idle.length < this.size) {
        worker.unref();
        this.idle.push(worker);
      } else void worker.terminate();
      f();
      this.dispatch();
    };
    const onMessage = (r: AuditResponse) => {
      if (r.id !== p.id) return;
      finish(r.heapUsedMb < this.highWaterMb, () => p.resolve(r.result));
    };
    const onError = (e: Error & { code?: string }) => finish(false, () => p.reject(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new AuditLimitExceeded('memory') : e));
    const onExit = (code: number) => finish(false, () => p.reject(new Error(`audit worker exited with code ${code}`)));
    // The time limit runs from when a worker takes the job: a runaway job kills only its worker.
    const timer = setTimeout(() => finish(false, () => p.reject(new AuditLimitExceeded('time'))), p.limits.timeMs);
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
    worker.postMessage({ id: p.id, job: p.job } satisfies AuditRequest);
  }
}

const pools = new Map<number, AuditPool>();

/** The shared pool for a memory limit. */
export function auditPool(memoryMb: number): AuditPool {
  let pool = pools.get(memoryMb);
  if (!pool) {
    pool = new AuditPool(memoryMb);
    pools.set(memoryMb, pool);
  }
  return pool;
}

export function auditInWorker(job: AuditJob, limits: AuditLimits = AUDIT_LIMITS): Promise<AuditJobResult> {
  return auditPool(limits.memoryMb).run(job, limits);
}
