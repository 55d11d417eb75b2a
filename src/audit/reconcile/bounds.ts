/**
 * Float intervals that carry their own error bound: a fast stand-in for the exact interval
 * arithmetic of relations.ts that never claims more than it knows. `lo` and `hi` are within `e`
 * of the exact bounds, so a comparison is decided in floats only when its two sides are further
 * apart than their errors; otherwise it answers `undefined` and the caller decides exactly.
 *
 * Example: 10.25 ± 0.005 against 10.26 ± 0.005 (the touching intervals [10.245, 10.255] and
 * [10.255, 10.265]) is `undefined`: floats cannot tell whether they meet, decimal.js can.
 */

/** True, false, or "too close to call in floats": decide exactly. */
export type Tri = boolean | undefined;

export interface Approx {
  readonly lo: number;
  readonly hi: number;
  /** The exact bounds are within `e` of `lo` and `hi`. */
  readonly e: number;
}

/**
 * Error allowed per float operation, relative to the magnitudes involved: ten times the unit
 * roundoff (2⁻⁵³ ≈ 1.1·10⁻¹⁶), so bounds stay sound after the few operations a relation takes.
 */
const U = 1e-15;

/** Magnitudes beyond this are left to the exact arithmetic (no overflow to ±Infinity in floats). */
const MAX = 1e100;

/** Every number: the share of a whole that may be zero (percentOf's answer then). */
export const EVERYTHING: Approx = { lo: -Infinity, hi: Infinity, e: 0 };

const mag = (x: number) => (Number.isFinite(x) ? Math.abs(x) : 0);

/** A decimal printed as `text` ("1843.24"), as a point with its conversion error. */
export function pointOf(text: string): Approx | undefined {
  const v = Number(text);
  if (!(Math.abs(v) < MAX)) return undefined;
  return { lo: v, hi: v, e: U * Math.abs(v) };
}

/** [v − half, v + half] for a value read from `text`. */
export function around(text: string, half: number): Approx | undefined {
  const v = Number(text);
  if (!(Math.abs(v) < MAX) || !(half < MAX)) return undefined;
  return { lo: v - half, hi: v + half, e: 4 * U * (Math.abs(v) + half) };
}

/** x ≤ y for exact x within ex of `x` and exact y within ey of `y`. */
export function le(x: number, ex: number, y: number, ey: number): Tri {
  if (x + ex < y - ey) return true;
  if (x - ex > y + ey) return false;
  return undefined; // too close, or NaN
}

export function and(a: Tri, b: Tri): Tri {
  if (a === false || b === false) return false;
  return a === true && b === true ? true : undefined;
}

export function meets(a: Approx, b: Approx): Tri {
  return and(le(a.lo, a.e, b.hi, b.e), le(b.lo, b.e, a.hi, a.e));
}

/** Rounding error of a result computed from operands of magnitude `m`. */
function r(...xs: number[]): number {
  let m = 0;
  for (const x of xs) m += mag(x);
  return 2 * U * m;
}

export function add(a: Approx, b: Approx): Approx {
  const lo = a.lo + b.lo;
  const hi = a.hi + b.hi;
  return { lo, hi, e: a.e + b.e + r(a.lo, a.hi, b.lo, b.hi) };
}

export function sub(a: Approx, b: Approx): Approx {
  const lo = a.lo - b.hi;
  const hi = a.hi - b.lo;
  return { lo, hi, e: a.e + b.e + r(a.lo, a.hi, b.lo, b.hi) };
}

/** Multiply by a scalar (a float approximation of an exact one: 0.0015 is not a double). */
export function scale(a: Approx, k: number): Approx {
  const lo = k >= 0 ? a.lo * k : a.hi * k;
  const hi = k >= 0 ? a.hi * k : a.lo * k;
  return { lo, hi, e: a.e * Math.abs(k) + r(lo, hi) };
}

/** The part of `a` that `b` also covers, where they certainly meet (the exact max/min). */
export function intersect(a: Approx, b: Approx): Approx {
  return { lo: Math.max(a.lo, b.lo), hi: Math.min(a.hi, b.hi), e: Math.max(a.e, b.e) };
}

/** |x/y − x0/y0| for |x − x0| ≤ ex, |y − y0| ≤ ey, y0 − ey > 0. */
function quotientError(x0: number, ex: number, y0: number, ey: number): number {
  const ymin = y0 - ey;
  return ex / ymin + (Math.abs(x0) * ey) / (ymin * y0);
}

/**
 * Mirrors interval.ts `percentOf`: 100·a/b, everything when b may reach zero or below, the
 * exact bounds moved outward by 10⁻³⁰. Undefined when floats cannot tell whether b.lo > 0.
 */
export function percentOf(a: Approx, b: Approx): Approx | undefined {
  const nonPositive = le(b.lo, b.e, 0, 0);
  if (nonPositive === undefined) return undefined;
  if (nonPositive) return EVERYTHING;
  const lo = (a.lo * 100) / b.hi;
  const hi = (a.hi * 100) / b.lo;
  const e = 100 * Math.max(quotientError(a.lo, a.e, b.hi, b.e), quotientError(a.hi, a.e, b.lo, b.e)) + r(lo, hi) + 1e-29;
  return { lo, hi, e: e * (1 + 1e-9) };
}

/**
 * Whether an exact value within `x` rounds, half up, to the decimal `printed` at `decimals`
 * places: true only when it lies strictly inside the rounding interval, false only when it lies
 * strictly outside.
 */
export function roundsTo(x: Approx, printed: string, decimals: number): Tri {
  const s = Number(printed);
  const half = 0.5 * 10 ** -decimals;
  if (!Number.isFinite(x.lo) || !Number.isFinite(x.hi) || !(Math.abs(s) < MAX)) return undefined;
  const err = x.e + r(x.lo, x.hi, s, half);
  if (x.lo - err > s - half && x.hi + err < s + half) return true;
  if (x.hi + err < s - half || x.lo - err > s + half) return false;
  return undefined;
}
