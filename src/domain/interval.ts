/**
 * Closed intervals of exact decimals: what a printed figure stands for.
 * A figure printed with k decimals stands for [v − ½·10⁻ᵏ, v + ½·10⁻ᵏ] (DOMAIN §3.3).
 */
import { Dec, dec, type DecValue } from './decimal.js';

export interface Interval {
  readonly lo: Dec;
  readonly hi: Dec;
}

export function interval(lo: DecValue, hi: DecValue): Interval {
  const l = dec(lo);
  const h = dec(hi);
  return l.lte(h) ? { lo: l, hi: h } : { lo: h, hi: l };
}

export function point(v: DecValue): Interval {
  const d = dec(v);
  return { lo: d, hi: d };
}

/** The interval a value printed with `decimals` decimals stands for. */
const HALF_UNITS: Dec[] = [];
function halfUnit(decimals: number): Dec {
  let h = HALF_UNITS[decimals];
  if (!h) {
    h = new Dec(5).times(new Dec(10).pow(-(decimals + 1)));
    if (decimals >= 0 && decimals < 64) HALF_UNITS[decimals] = h;
  }
  return h;
}

export function roundingInterval(value: DecValue, decimals: number): Interval {
  const half = halfUnit(decimals);
  const v = dec(value);
  return { lo: v.minus(half), hi: v.plus(half) };
}

export function add(a: Interval, b: Interval): Interval {
  return { lo: a.lo.plus(b.lo), hi: a.hi.plus(b.hi) };
}

export function sum(items: readonly Interval[]): Interval {
  let lo = new Dec(0);
  let hi = new Dec(0);
  for (const i of items) {
    lo = lo.plus(i.lo);
    hi = hi.plus(i.hi);
  }
  return { lo, hi };
}

export function sub(a: Interval, b: Interval): Interval {
  return { lo: a.lo.minus(b.hi), hi: a.hi.minus(b.lo) };
}

/** Multiply by a non-negative exact scalar. */
export function scale(a: Interval, k: DecValue): Interval {
  const f = dec(k);
  return f.gte(0) ? { lo: a.lo.times(f), hi: a.hi.times(f) } : { lo: a.hi.times(f), hi: a.lo.times(f) };
}

export function widen(a: Interval, by: DecValue): Interval {
  const d = dec(by);
  return { lo: a.lo.minus(d), hi: a.hi.plus(d) };
}

export function meets(a: Interval, b: Interval): boolean {
  return a.lo.lte(b.hi) && b.lo.lte(a.hi);
}

export function contains(a: Interval, v: DecValue): boolean {
  const d = dec(v);
  return a.lo.lte(d) && d.lte(a.hi);
}

export function midpoint(a: Interval): Dec {
  return a.lo.plus(a.hi).div(2);
}

/**
 * Range of 100·a/b for a, b > 0 (a share in percent). Division is the one inexact step; the
 * bounds are rounded outward at 40 significant digits, far below any printed precision.
 */
export function percentOf(a: Interval, b: Interval): Interval {
  if (b.lo.lte(0)) return { lo: new Dec(-Infinity), hi: new Dec(Infinity) };
  const lo = a.lo.times(100).div(b.hi);
  const hi = a.hi.times(100).div(b.lo);
  return { lo: lo.minus(OUTWARD), hi: hi.plus(OUTWARD) };
}

const OUTWARD = new Dec(10).pow(-30);

/** Distance between two intervals (0 when they meet). */
export function gap(a: Interval, b: Interval): Dec {
  if (meets(a, b)) return new Dec(0);
  return a.hi.lt(b.lo) ? b.lo.minus(a.hi) : a.lo.minus(b.hi);
}
