/**
 * The plan the pages act on. The user's choice lives in the URL (`?plan=ID`, carried from page to
 * page by the router). A page that only shows may fall back to the first plan listed; a page that
 * writes uses `chosenPlanId` only, which is null until the user has chosen.
 */
import { useEffect, useState } from 'react';
import type { PlanSummaryDto } from '../../src/server/schemas.js';
import { get } from './api.js';
import { isInForce } from '../../src/domain/plan/lifecycle.js';
import { setQueryParam, useQueryParam } from './router.js';

export function usePlans(): { plans: PlanSummaryDto[] | null; error: string | null } {
  const [plans, setPlans] = useState<PlanSummaryDto[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    get<{ plans: PlanSummaryDto[] }>('/api/plans').then(
      (r) => setPlans(r.plans),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, []);
  return { plans, error };
}

/**
 * `chosenPlanId`: the plan the user chose (URL), if it is one they may see; `planId`: that, or for
 * display only the first plan listed. `setPlanId` records a choice in the URL.
 */
export function useSelectedPlan(): { plans: PlanSummaryDto[] | null; error: string | null; planId: number | null; chosenPlanId: number | null; setPlanId: (id: number) => void } {
  const { plans, error } = usePlans();
  const param = useQueryParam('plan');
  const wanted = param !== null && /^\d+$/.test(param) ? Number(param) : null;
  const chosenPlanId = wanted !== null && plans?.some((p) => p.id === wanted) ? wanted : null;
  // For display only: a plan with a version in force (the one being executed) before a newer draft.
  const planId = chosenPlanId ?? plans?.find((p) => p.versions.some((v) => isInForce(v.status)))?.id ?? plans?.[0]?.id ?? null;
  return { plans, error, planId, chosenPlanId, setPlanId: (id) => setQueryParam('plan', String(id)) };
}

/** GET `path` whenever it changes (null: nothing to fetch yet); the last answer or error. */
export function useApi<T>(path: string | null): { data: T | null; error: string | null } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (path === null) return;
    get<T>(path).then(setData, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [path]);
  return { data, error };
}

export function fmtHa(s: string | null | undefined, dp = 2): string {
  if (s === null || s === undefined) return '—';
  const [i = '0', f = ''] = s.split('.');
  const neg = i.startsWith('-');
  const int = (neg ? i.slice(1) : i).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  // Display rounding of a server-computed decimal (half-up on the digit string, not float math).
  const frac = (f + '0'.repeat(dp)).slice(0, dp);
  const next = f.charCodeAt(dp) - 48;
  if (!(next >= 5)) return `${neg ? '-' : ''}${int}${dp > 0 ? '.' + frac : ''}`;
  const digits = (i.replace('-', '') + frac).split('').map(Number);
  for (let k = digits.length - 1; k >= 0; k--) {
    if (digits[k]! < 9) {
      digits[k]! += 1;
      break;
    }
    digits[k] = 0;
    if (k === 0) digits.unshift(1);
  }
  const all = digits.join('');
  const ip = all.slice(0, all.length - dp).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${ip}${dp > 0 ? '.' + all.slice(all.length - dp) : ''}`;
}
