/**
 * Use case: the monthly supervision report (月报) of a jurisdiction as an xlsx file: the pipeline
 * overview and the batch supply rates as of the month's last day, written by reports/.
 *
 * A county's report lists every overdue item (264,000 rows at 100,000 parcels, about 20 s to
 * compute and write): the server writes it in a worker thread (`monthlyReportInWorker`), one
 * report at a time, so its other requests are served meanwhile.
 */
import { planCategory } from '../domain/classification/index.js';
import { monthlyReportXlsx } from '../reports/monthly-report.js';
import type { Db, Store } from '../store/database.js';
import { moduleWorker } from './module-worker.js';
import { countPipelineParcels } from '../store/pipeline.js';
import { getJurisdiction } from '../store/repos/jurisdictions.js';
import { pipelineOverview } from './pipeline-overview.js';
import { supplyRateByBatch } from './supply-rate.js';

export function lastDayOfMonth(month: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError(`month is YYYY-MM, got "${month}"`);
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export async function monthlyReport(db: Db, q: { jurisdictionCode: string; month: string; now: string }): Promise<{ bytes: Uint8Array; asOf: string; items: number }> {
  const asOf = lastDayOfMonth(q.month);
  const [overview, batches, j] = await Promise.all([pipelineOverview(db, { jurisdictionCode: q.jurisdictionCode, asOf }), supplyRateByBatch(db, { jurisdictionCode: q.jurisdictionCode, asOf }), getJurisdiction(db, q.jurisdictionCode)]);
  const bytes = await monthlyReportXlsx({ month: q.month, jurisdictionName: j?.name ?? q.jurisdictionCode, overview, batches: batches.batches, categoryName: (id) => planCategory(id)?.zh ?? id, generatedAt: q.now });
  return { bytes, asOf, items: overview.items.length };
}

type Report = Awaited<ReturnType<typeof monthlyReport>>;

/** Reports written one after another: each holds a county's items in memory while it writes. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * What one report in a worker may take: 100,000 parcels' report took 18–24 s and under 1 GB at
 * its height; a worker past either limit is ended and the report refused.
 */
export const MONTHLY_REPORT_LIMITS = { timeMs: 180_000, memoryMb: 4096 };

/**
 * `monthlyReport` in a worker thread with its own connection to the register, after the reports
 * asked for before it; here when the jurisdiction has under 5,000 journals (a worker's start
 * costs more) or the register is in memory (no other connection can open it).
 */
export async function monthlyReportInWorker(store: Store, q: Parameters<typeof monthlyReport>[1], o: { inThreadBelow?: number; limits?: typeof MONTHLY_REPORT_LIMITS } = {}): Promise<Report> {
  const limits = o.limits ?? MONTHLY_REPORT_LIMITS;
  if (store.reopen.sqlitePath === ':memory:' || (await countPipelineParcels(store.db, q.jurisdictionCode)) < (o.inThreadBelow ?? 5000)) return monthlyReport(store.db, q);
  const run = () =>
    new Promise<Report>((resolve, reject) => {
      const worker = moduleWorker(import.meta.url, 'report-monthly-worker', { workerData: { open: store.reopen, query: q }, resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb } });
      const timer = setTimeout(() => {
        reject(new Error(`the monthly report took longer than ${limits.timeMs / 1000} s`));
        void worker.terminate();
      }, limits.timeMs);
      worker.once('message', (m: { ok: true; report: Report } | { ok: false; error: string }) => (m.ok ? resolve(m.report) : reject(new Error(m.error))));
      worker.once('error', reject);
      worker.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`monthly report worker exited with code ${code}`));
      });
    });
  const done = queue.then(run, run);
  queue = done.catch(() => undefined);
  return done;
}
