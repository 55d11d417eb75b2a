/**
 * Entering areas in 公顷, 亩 or m² (DOMAIN §3.1). 公顷 and m² convert exactly; 亩 → m² does not
 * terminate (1 亩 = 10000/15 m²), so it is rounded half-up to an explicit step, by default
 * 0.01 m², the precision official areas carry (ARCHITECTURE decision 1).
 */
import { z } from 'zod';
import { Area } from '../area.js';
import { Dec, dec } from '../decimal.js';

export type AreaUnit = 'ha' | 'mu' | 'm2';

/** Default rounding step for 亩 entries, m². */
export const MU_ENTRY_STEP_M2 = '0.01';

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A decimal given as a JSON string ("12.50") or number (12.5); numbers are read by their shortest decimal text. */
export const decimalInput = z
  .union([z.string().max(64), z.number()])
  .refine((v) => (typeof v === 'number' ? Number.isFinite(v) : DECIMAL.test(v.trim())), { message: 'not a decimal number' })
  .transform((v) => dec(typeof v === 'number' ? String(v) : v.trim()));

export function toArea(value: Dec, unit: AreaUnit, muStepSquareMetres: string = MU_ENTRY_STEP_M2): Area {
  if (unit === 'ha') return Area.fromHectares(value);
  if (unit === 'm2') return Area.fromSquareMetres(value);
  return Area.fromMu(value, { stepSquareMetres: muStepSquareMetres });
}

/** An area object: exactly one of {"ha": …}, {"mu": …}, {"m2": …}. */
export const areaInput = z
  .object({ ha: decimalInput.optional(), mu: decimalInput.optional(), m2: decimalInput.optional() })
  .strict()
  .refine((o) => [o.ha, o.mu, o.m2].filter((x) => x !== undefined).length === 1, { message: 'give exactly one of ha, mu, m2' })
  .transform((o) => (o.ha !== undefined ? toArea(o.ha, 'ha') : o.mu !== undefined ? toArea(o.mu, 'mu') : toArea(o.m2 as Dec, 'm2')));

/** An area given as a bare decimal in the document's unit. */
export function areaInUnit(unit: AreaUnit, muStepSquareMetres?: string) {
  return decimalInput.transform((v) => toArea(v, unit, muStepSquareMetres));
}

export { Dec };
