/**
 * The quota a supply draws on (ARCHITECTURE decision 5). Plan indicators are credits; a supply is
 * debited against every indicator whose partial key matches its full key. Its 新增 part and its
 * 存量 part are separate debits, so a 新增 cap sees only the 新增 area.
 */
import { Area } from '../area.js';
import { keyId, keyMatches, type CellKey, type IndicatorKind, type MethodGroup } from '../plan/cube.js';
import { newLandArea, planRowFor, type Supply } from '../supply.js';
import { quarterOf } from './dates.js';
import type { QuotaState } from './context.js';

export function methodGroupOf(code: string): MethodGroup {
  if (code === '1') return 'allocation';
  if (code === '4') return 'lease';
  if (code === '5') return 'capitalContribution';
  if (code === '6') return 'authorizedOperation';
  return 'grant';
}

export interface Debit {
  readonly key: CellKey;
  readonly area: Area;
}

export interface QuotaImpact {
  readonly indicatorId: string;
  readonly label: string;
  readonly kind: IndicatorKind;
  readonly key: CellKey;
  readonly planned: Area;
  readonly used: Area;
  readonly debit: Area;
  readonly after: Area;
  /** planned − after; negative when the supply would exceed the indicator. */
  readonly remaining: Area;
  readonly exceeds: boolean;
}

/** The date a supply counts in (contract, else announcement, else the agreed delivery). */
export function supplyDate(s: Supply): string | undefined {
  return s.dates.contract ?? s.dates.announcement ?? s.dates.agreedDelivery;
}

/** The full keys a supply is debited under, or undefined when the plan has no row for its use. */
export function supplyDebits(s: Supply, q: Pick<QuotaState, 'categories'>): Debit[] | undefined {
  const category = planRowFor(s.category, new Set(q.categories));
  if (!category) return undefined;
  const date = supplyDate(s);
  const base: CellKey = {
    category,
    method: methodGroupOf(s.method),
    ...(s.district !== undefined ? { district: s.district } : {}),
    ...(date ? { quarter: quarterOf(date) } : {}),
    ...(s.housingType !== undefined ? { housingType: s.housingType } : {}),
  };
  const out: Debit[] = [];
  const fresh = newLandArea(s);
  if (fresh.compare(Area.zero) > 0) out.push({ key: { ...base, source: 'new' }, area: fresh });
  if (s.existingLandArea.compare(Area.zero) > 0) out.push({ key: { ...base, source: 'existing' }, area: s.existingLandArea });
  return out;
}

/** Each indicator the supply touches, before and after. */
export function quotaImpact(debits: readonly Debit[], q: QuotaState): QuotaImpact[] {
  const out: QuotaImpact[] = [];
  for (const ind of q.indicators) {
    const debit = Area.sum(debits.filter((d) => keyMatches(ind.key, d.key)).map((d) => d.area));
    if (debit.compare(Area.zero) === 0) continue;
    const after = ind.used.plus(debit);
    const remaining = ind.planned.minus(after);
    out.push({ indicatorId: ind.id, label: ind.label, kind: ind.kind, key: ind.key, planned: ind.planned, used: ind.used, debit, after, remaining, exceeds: remaining.isNegative() });
  }
  return out;
}

/** District-level indicators of a row (zone-allocated rows): the districts that hold a quota. */
export function districtsWithQuota(q: QuotaState, category: string): string[] {
  return q.indicators.filter((i) => i.key.category === category && i.key.district !== undefined && Object.keys(i.key).length === 2).map((i) => i.key.district!);
}

export { keyId };
