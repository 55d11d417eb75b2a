/**
 * Exact decimal arithmetic for official figures (areas, shares, prices).
 * decimal.js is used because it is exact for + − × on the magnitudes a plan holds and lets us
 * choose the rounding mode explicitly; JS floats never hold an official figure.
 */
import { Decimal as DecimalJs } from 'decimal.js';

/** Decimal with 60 significant digits and half-up rounding (the rounding printed plans use). */
export const Dec = DecimalJs.clone({ precision: 60, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Dec = InstanceType<typeof Dec>;
export type DecValue = Dec | string | number;

export const ZERO = new Dec(0);
export const HUNDRED = new Dec(100);

export function dec(v: DecValue): Dec {
  return v instanceof Dec ? v : new Dec(v);
}

export function sumDec(values: Iterable<DecValue>): Dec {
  let s = new Dec(0);
  for (const v of values) s = s.plus(dec(v));
  return s;
}

/** Half-up rounding to `dp` decimals, as a fixed string ("29.45"). */
export function fixed(v: DecValue, dp: number): string {
  return dec(v).toFixed(dp, Dec.ROUND_HALF_UP);
}

/** The smallest decimal string that represents `v` exactly (no trailing zeros). */
export function plain(v: DecValue): string {
  return dec(v).toFixed();
}
