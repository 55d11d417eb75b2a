/** Parameter schemas shared by rules: decimals, fractions ("1/3"), areas, use classes, methods. */
import { z } from 'zod';
import { Dec, dec } from '../decimal.js';
import { Area } from '../area.js';
import { toArea } from '../plan/entry.js';
import type { Supply, UseClass } from '../supply.js';
import { housingCategories } from '../classification/index.js';
import { isPublicBidding } from '../supply-method.js';

const DECIMAL = /^\d+(\.\d+)?$/;
const FRACTION = /^(\d+)\/(\d+)$/;

/** A non-negative decimal or a fraction "1/3", exact. */
export const decParam = z
  .union([z.string(), z.number()])
  .refine((v) => {
    const t = String(v).trim();
    const f = FRACTION.exec(t);
    return DECIMAL.test(t) || (f !== null && Number(f[2]) > 0);
  }, 'a decimal or a fraction like "1/3"')
  .transform((v): Dec => {
    const t = String(v).trim();
    const f = FRACTION.exec(t);
    return f ? dec(f[1]!).div(dec(f[2]!)) : dec(t);
  });

/** An area limit in the unit the source states it ({"mu": "200"}, {"ha": "7"}). Compared exactly in that unit. */
export const areaLimitParam = z
  .object({ ha: z.string().optional(), mu: z.string().optional() })
  .refine((o) => (o.ha === undefined) !== (o.mu === undefined), 'give one of ha, mu');
export type AreaLimit = z.infer<typeof areaLimitParam>;

/** Compares an area with a limit exactly in the limit's own unit (200 亩 is not rounded to hectares). */
export function compareToLimit(a: Area, limit: AreaLimit): number {
  return limit.mu !== undefined ? a.mu.comparedTo(dec(limit.mu)) : a.hectares.comparedTo(dec(limit.ha!));
}

export function formatLimit(limit: AreaLimit): { zh: string; en: string } {
  return limit.mu !== undefined ? { zh: `${limit.mu} 亩`, en: `${limit.mu} mu` } : { zh: `${limit.ha} 公顷`, en: `${limit.ha} ha` };
}

export function limitArea(limit: AreaLimit): Area {
  return limit.mu !== undefined ? toArea(dec(limit.mu), 'mu') : Area.fromHectares(limit.ha!);
}

/** Use classes plus "commodityResidential" (住宅 other than the affordable types). */
export const useClassList = z.array(z.string());

export function isAffordableHousing(housingType: string | undefined): boolean {
  if (!housingType) return false;
  return (['old', 'new'] as const).some((s) => housingCategories(s).some((c) => c.id === housingType && c.affordable));
}

/** True when the supply's use is in the list ("commodityResidential" matches 住宅 not affordable). */
export function useIn(s: Supply, classes: readonly string[]): boolean {
  if (classes.includes(s.useClass)) return true;
  return s.useClass === 'residential' && classes.includes('commodityResidential') && !isAffordableHousing(s.housingType);
}

export function isUseClass(s: Supply, c: UseClass): boolean {
  return s.useClass === c;
}

export const methodList = z.array(z.enum(['1', '2', '21', '22', '23', '3', '4', '5', '6']));

export { isPublicBidding };

/** 万元 from 元/m² over an area: yuan/m² × m² ÷ 10 000. */
export function wanYuanFor(yuanPerM2: Dec, area: Area): Dec {
  return yuanPerM2.times(area.squareMetres).div(10000);
}

export function fmtWan(v: Dec): string {
  return v.toDecimalPlaces(2, Dec.ROUND_HALF_UP).toFixed(2);
}

export const empty = z.object({}).strict();

/** A ratio as a clerk writes it: "1.0", not "1". */
export function fmtRatio(v: Dec): string {
  return v.decimalPlaces() === 0 ? v.toFixed(1) : v.toFixed();
}
