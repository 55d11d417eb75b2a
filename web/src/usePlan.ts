/** The plan the pages show: the first plan the server lists (the demo has one). */
import { useEffect, useState } from 'react';
import type { PlanSummaryDto } from '../../src/server/schemas.js';
import { get } from './api.js';

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

/** The plan a page shows: the first the server lists until the user picks another. */
export function useSelectedPlan(): { plans: PlanSummaryDto[] | null; error: string | null; planId: number | null; setPlanId: (id: number) => void } {
  const { plans, error } = usePlans();
  const [picked, setPlanId] = useState<number | null>(null);
  const planId = picked ?? plans?.[0]?.id ?? null;
  return { plans, error, planId, setPlanId };
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
