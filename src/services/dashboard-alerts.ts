/**
 * Alerts the dashboard shows beside the quota ones, in the words a clerk would use: idle land and
 * overdue starts from the idle scan, and a warning when that scan could not be refreshed.
 */
import type { Bilingual } from '../domain/finding.js';
import type { IdleScanResult } from './idle-scan.js';

export interface Alert {
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: Bilingual;
}

export function idleAlerts(r: IdleScanResult): Alert[] {
  const n = r.counts.recovery + r.counts.idle + r.counts.partial;
  const alerts: Alert[] = [];
  if (n > 0) alerts.push({ severity: 'error', message: { zh: `闲置土地 ${n} 宗（其中可无偿收回 ${r.counts.recovery} 宗），截至 ${r.asOf}`, en: `${n} idle parcels (${r.counts.recovery} liable to recovery) as of ${r.asOf}` } });
  if (r.counts.overdue > 0) alerts.push({ severity: 'warning', message: { zh: `超过约定开工日期未动工 ${r.counts.overdue} 宗`, en: `${r.counts.overdue} parcels past their agreed start` } });
  if (r.stale) {
    alerts.push({
      severity: 'warning',
      message: { zh: `闲置土地扫描刷新失败（${r.stale.reason}），以上为 ${r.stale.computedAt} 的结果`, en: `the idle-land scan could not be refreshed (${r.stale.reason}); the figures above are from ${r.stale.computedAt}` },
    });
  }
  return alerts;
}
