/**
 * Alerts the dashboard shows beside the quota ones, in the words a clerk would use: idle land and
 * overdue starts from the idle scan, a warning when that scan could not be refreshed, and the plan
 * of the year not published by 31 March.
 */
import type { Bilingual } from '../domain/finding.js';
import type { IdleScanResult } from './idle-scan.js';
import { publicationDeadline } from '../domain/plan/lifecycle.js';
import type { Db } from '../store/database.js';
import { planVersionSummaries } from './plan-lifecycle.js';

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

/**
 * 117号: the plan of the year is published by 31 March. After that date, a plan none of whose
 * versions has been published is an error; one published late is noted.
 */
export function publicationAlerts(year: number, today: string, publishedOn: readonly (string | null)[]): Alert[] {
  const deadline = publicationDeadline(year);
  const dates = publishedOn.filter((d): d is string => d !== null).sort();
  if (dates.length === 0) {
    return today > deadline ? [{ severity: 'error', message: { zh: `${year}年度供应计划未在 ${deadline} 前公布`, en: `the ${year} supply plan was not published by ${deadline}` } }] : [];
  }
  const first = dates[0]!;
  return first > deadline ? [{ severity: 'info', message: { zh: `${year}年度供应计划于 ${first} 公布，晚于 ${deadline}`, en: `the ${year} supply plan was published on ${first}, after ${deadline}` } }] : [];
}

/** The publication alerts of a plan, from its versions' moves. */
export async function planPublicationAlerts(db: Db, planId: number, year: number, today: string): Promise<Alert[]> {
  const versions = await planVersionSummaries(db, planId);
  return publicationAlerts(year, today, versions.map((v) => v.publishedOn ?? (v.transitions.find((t) => t.to === 'published')?.recordedAt.slice(0, 10) ?? null)));
}
