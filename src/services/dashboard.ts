/**
 * The dashboard's read model: a plan's current version against what has been supplied, by
 * category, district, method and month, with the execution rate and alerts. Every figure is
 * computed here, exactly (integer e4 sums in SQL, decimals after); the web app only displays it.
 */
import type { Bilingual } from '../domain/finding.js';
import { Area } from '../domain/area.js';
import { Dec } from '../domain/decimal.js';
import { marginal, total, type MethodGroup, type PlanCube } from '../domain/plan/cube.js';
import { planCategory } from '../domain/classification/index.js';
import type { Db } from '../store/database.js';
import { balances, type Balance } from '../store/ledger.js';
import { inForceVersion, latestVersion, type PlanVersion } from '../store/repos/plans.js';
import { planActivityStamp, recordsWithNote, suppliedBy, suppliedByMonth, supplyRecordCount } from '../store/repos/supply-stats.js';
import { DEMO_SOURCE } from '../store/repos/parcel-views.js';

/** How many of a plan's supply records are demo data (their note says so). */
export function demoSupplyCount(db: Db, planId: number): Promise<number> {
  return recordsWithNote(db, planId, DEMO_SOURCE);
}
import { listDistricts } from '../store/repos/districts.js';

export interface BreakdownLine {
  readonly key: string;
  readonly label: Bilingual;
  readonly planHa: string | null;
  readonly suppliedHa: string;
  readonly ratePercent: string | null;
}

export interface DashboardAlert {
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: Bilingual;
}

export interface Dashboard {
  readonly version: PlanVersion;
  readonly totalHa: string;
  readonly suppliedHa: string;
  readonly remainingHa: string;
  readonly executionRatePercent: string;
  readonly supplyCount: number;
  readonly byCategory: BreakdownLine[];
  readonly byDistrict: BreakdownLine[];
  readonly byMethod: BreakdownLine[];
  readonly byMonth: { month: string; suppliedHa: string; cumulativeHa: string }[];
  readonly alerts: DashboardAlert[];
  readonly balances: Balance[];
}

/** Alert when a binding indicator has less than this share left (a parameter, not a rule of law). */
export const NEAR_CAP_SHARE = new Dec('0.9');

export const METHOD_LABELS: Record<MethodGroup, Bilingual> = {
  grant: { zh: '出让', en: 'grant' },
  allocation: { zh: '划拨', en: 'allocation' },
  lease: { zh: '租赁', en: 'lease' },
  capitalContribution: { zh: '作价出资或入股', en: 'capital contribution' },
  authorizedOperation: { zh: '授权经营', en: 'authorized operation' },
};

const UNKNOWN: Bilingual = { zh: '未注明', en: 'not stated' };

export function ha(a: Area): string {
  return a.hectares.toFixed();
}

export function ratePercent(part: Area, whole: Area): string | null {
  if (whole.squareMetres.isZero()) return null;
  return part.squareMetres.div(whole.squareMetres).times(100).toFixed(2, Dec.ROUND_HALF_UP);
}

function line(key: string, label: Bilingual, plan: Area | null, supplied: Area): BreakdownLine {
  return { key, label, planHa: plan ? ha(plan) : null, suppliedHa: ha(supplied), ratePercent: plan ? ratePercent(supplied, plan) : null };
}

type Sums = Map<string | null, Area>;

function breakdown(cubePlan: Map<string, Area> | null, sums: Sums, label: (k: string) => Bilingual): BreakdownLine[] {
  const keys = new Set<string>([...(cubePlan?.keys() ?? []), ...[...sums.keys()].filter((k): k is string => k !== null)]);
  const out = [...keys].map((k) => line(k, label(k), cubePlan ? (cubePlan.get(k) ?? Area.zero) : null, sums.get(k) ?? Area.zero));
  const unstated = sums.get(null);
  if (unstated && !unstated.squareMetres.isZero()) out.push(line('', UNKNOWN, null, unstated));
  return out;
}

function methodPlan(cube: PlanCube): Map<string, Area> | null {
  if (cube.dimensions.includes('method')) return marginal(cube, 'method');
  const m = new Map<string, Area>();
  for (const s of cube.marginals) {
    const keys = Object.keys(s.key);
    if (keys.length === 1 && s.key.method !== undefined) m.set(s.key.method, s.area);
  }
  return m.size > 0 ? m : null;
}

export async function planDashboard(db: Db, planId: number): Promise<Dashboard | undefined> {
  // What is supplied is measured against the version in force; before approval, against the newest draft.
  const version = (await inForceVersion(db, planId)) ?? (await latestVersion(db, planId));
  if (!version) return undefined;
  const cube = version.cube;
  const planTotal = total(cube);
  const [byCat, byDist, byMethod, months, count, bal] = await Promise.all([
    suppliedBy(db, planId, 'category'),
    suppliedBy(db, planId, 'district'),
    suppliedBy(db, planId, 'method'),
    suppliedByMonth(db, planId),
    supplyRecordCount(db, planId),
    balances(db, version.id),
  ]);
  const supplied = Area.sum(byCat.values());
  const stored = cube.districts.length > 0 ? [] : await listDistricts(db, version.jurisdictionCode);
  const districtName = (id: string): Bilingual => {
    const n = cube.districts.find((d) => d.id === id)?.name ?? stored.find((d) => d.code === id)?.name ?? id;
    return { zh: n, en: n };
  };
  const categoryName = (id: string): Bilingual => {
    const c = planCategory(id);
    return c ? { zh: c.zh, en: c.en } : { zh: id, en: id };
  };
  let cumulative = Area.zero;
  const byMonth = months.map((m) => {
    cumulative = cumulative.plus(m.area);
    return { month: m.month, suppliedHa: ha(m.area), cumulativeHa: ha(cumulative) };
  });
  return {
    version,
    totalHa: ha(planTotal),
    suppliedHa: ha(supplied),
    remainingHa: ha(planTotal.minus(supplied)),
    executionRatePercent: ratePercent(supplied, planTotal) ?? '0.00',
    supplyCount: count,
    byCategory: breakdown(marginal(cube, 'category'), byCat, categoryName),
    byDistrict: breakdown(cube.dimensions.includes('district') ? marginal(cube, 'district') : null, byDist, districtName),
    byMethod: breakdown(methodPlan(cube), byMethod, (k) => METHOD_LABELS[k as MethodGroup] ?? { zh: k, en: k }),
    byMonth,
    alerts: balanceAlerts(bal),
    balances: bal,
  };
}

/** Indicators near or over their caps. */
export function balanceAlerts(bal: readonly Balance[]): DashboardAlert[] {
  const out: DashboardAlert[] = [];
  for (const b of bal) {
    if (b.cap.squareMetres.isZero()) continue;
    const used = b.debited.squareMetres.div(b.cap.squareMetres);
    const pct = used.times(100).toFixed(2, Dec.ROUND_HALF_UP);
    if (b.debited.compare(b.cap) > 0) {
      out.push({
        severity: b.kind === 'binding' ? 'error' : 'warning',
        message: {
          zh: `${b.label}：已供应 ${b.debited.formatHectares(2)} 公顷，超出${b.kind === 'binding' ? '约束性' : '指导性'}指标 ${b.cap.formatHectares(2)} 公顷`,
          en: `${b.label}: ${b.debited.formatHectares(2)} ha supplied exceeds the ${b.kind} indicator of ${b.cap.formatHectares(2)} ha`,
        },
      });
    } else if (b.kind === 'binding' && used.gte(NEAR_CAP_SHARE)) {
      out.push({
        severity: 'warning',
        message: {
          zh: `${b.label}：约束性指标已使用 ${pct}%，剩余 ${b.remaining.formatHectares(2)} 公顷`,
          en: `${b.label}: ${pct}% of the binding indicator used, ${b.remaining.formatHectares(2)} ha left`,
        },
      });
    }
  }
  return out;
}

/**
 * `planDashboard` memoised per plan until its supply records or current version change (one
 * indexed read decides): the dashboard is the app's most requested page.
 */
export function cachedPlanDashboard(): (db: Db, planId: number) => Promise<Dashboard | undefined> {
  const caches = new WeakMap<Db, Map<number, { stamp: string; value: Promise<Dashboard | undefined> }>>();
  return async (db, planId) => {
    let cache = caches.get(db);
    if (!cache) caches.set(db, (cache = new Map()));
    const stamp = await planActivityStamp(db, planId);
    const hit = cache.get(planId);
    if (hit && hit.stamp === stamp) return hit.value;
    const value = planDashboard(db, planId);
    const c = cache;
    c.set(planId, { stamp, value });
    value.catch(() => c.delete(planId));
    return value;
  };
}
