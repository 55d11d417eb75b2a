/**
 * Use case: the monthly supervision report (月报) of a jurisdiction as an xlsx file: the pipeline
 * overview and the batch supply rates as of the month's last day, written by reports/.
 */
import { planCategory } from '../domain/classification/index.js';
import { monthlyReportXlsx } from '../reports/monthly-report.js';
import type { Db } from '../store/database.js';
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
