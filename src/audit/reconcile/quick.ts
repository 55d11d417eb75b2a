/**
 * Relations evaluated in floats with error bounds (bounds.ts): the same answer as `evaluate`'s
 * `ok` in relations.ts, or `undefined` when floats cannot tell and the exact evaluation must.
 * Most relations of a plan hold far from any boundary, and most values diagnosis tries miss by
 * far; both are settled here without decimal arithmetic.
 */
import type { ExtractedFigure } from '../types.js';
import { add, le, meets, percentOf, pointOf, roundsTo, scale, sub, type Approx, type Tri } from './bounds.js';
import type { FigureTable, Reading } from './figures.js';
import type { Relation } from './relations.js';

const HUNDRED: Approx = { lo: 100, hi: 100, e: 0 };
const ONE: Approx = { lo: 1, hi: 1, e: 0 };
const TO_MU: Record<string, number> = { ha: 15, mu: 1, m2: 0.0015, sqkm: 1500, wanha: 150000, wanmu: 10000, wanm2: 15 };

/** Σ quantity(parts), or undefined when a part cannot be read in floats. */
export function partsSum(parts: readonly ExtractedFigure[], t: FigureTable, reading: Reading): Approx | undefined {
  let acc: Approx = { lo: 0, hi: 0, e: 0 };
  for (const p of parts) {
    const q = t.approxQuantity(p, reading);
    if (!q) return undefined;
    acc = add(acc, q);
  }
  return acc;
}

/** A figure's float reading in 亩 (areas) or its own unit. */
function muOf(t: FigureTable, f: ExtractedFigure, reading: Reading): Approx | undefined {
  return t.approx(f, reading)?.mu;
}

/** A figure's float reading in its own unit. */
function ivOf(t: FigureTable, f: ExtractedFigure, reading: Reading): Approx | undefined {
  return t.approx(f, reading)?.iv;
}

/**
 * `holdsExactly(rel, t, reading).ok` in floats. For a sum, `parts` may give Σ quantity(parts) (kept
 * up to date by `PartSums` while diagnosis overrides one figure); undefined from it means unknown.
 */
export function quickOk(rel: Relation, t: FigureTable, reading: Reading, parts?: () => Approx | undefined): Tri {
  t.work.quick++;
  t.work.reads += parts ? 3 : rel.inputs.length + 1; // a kept sum reads the stated figure and the changed parts
  const s = rel.stated;
  switch (rel.kind) {
    case 'sum':
    case 'atMost': {
      const implied = parts ? parts() : partsSum(rel.inputs, t, reading);
      const st = t.approxQuantity(s, reading);
      if (!implied || !st) return undefined;
      return rel.kind === 'sum' ? meets(st, implied) : le(implied.lo, implied.e, st.hi, st.e);
    }
    case 'conversion': {
      const implied = muOf(t, rel.inputs[0]!, reading);
      const st = muOf(t, s, reading);
      return implied && st ? meets(st, implied) : undefined;
    }
    case 'share': {
      const n = t.approxQuantity(rel.inputs[0]!, reading);
      const d = t.approxQuantity(rel.inputs[1]!, reading);
      const implied = n && d ? percentOf(n, d) : undefined;
      const st = ivOf(t, s, reading);
      return implied && st ? meets(st, implied) : undefined;
    }
    case 'growthDerived': {
      const [cur, change] = rel.inputs as [ExtractedFigure, ExtractedFigure];
      const ci = t.approxQuantity(cur, reading);
      const di = muOf(t, change, reading);
      const st = ivOf(t, s, reading);
      if (!ci || !di || !st) return undefined;
      const base = change.direction === -1 ? add(ci, di) : sub(ci, di);
      const implied = percentOf(di, base);
      return implied ? meets(st, implied) : undefined;
    }
    case 'growth': {
      const [cur, base] = rel.inputs as [ExtractedFigure, ExtractedFigure];
      const up = s.direction !== -1;
      const ci = t.approxQuantity(cur, reading);
      const bi = t.approxQuantity(base, reading);
      const st = s.growthMode === 'delta' ? t.approxQuantity(s, reading) : ivOf(t, s, reading);
      if (!ci || !bi || !st) return undefined;
      if (s.growthMode === 'delta') return meets(st, up ? sub(ci, bi) : sub(bi, ci));
      const ratio = percentOf(ci, bi);
      if (!ratio) return undefined;
      if (s.growthMode === 'rate') {
        const r = sub(ratio, HUNDRED);
        return meets(st, up ? r : scale(r, -1));
      }
      const times = scale(ratio, 0.01);
      if (s.growthMode === 'multipleOf') return meets(st, times);
      return meets(st, sub(times, ONE));
    }
  }
}

/** 100·a/b for printed values, when b is certainly positive (as `evaluate`'s `expected`). */
function quotient(a: Approx, b: Approx): Approx | undefined {
  return le(b.lo, b.e, 0, 0) === false ? percentOf(a, b) : undefined;
}

/** A figure's printed value in 亩 (areas) or its own unit, as a float point. */
function printedMu(t: FigureTable, f: ExtractedFigure): Approx | undefined {
  const p = pointOf(t.printed(f));
  return p && scale(p, TO_MU[f.unit] ?? 1);
}

/** A quantity in 亩 in the unit of `f`. */
function inUnitOf(f: ExtractedFigure, x: Approx | undefined): Approx | undefined {
  return x && scale(x, 1 / (TO_MU[f.unit] ?? 1));
}

/** `expectedOf(rel, t)` in floats: what the printed inputs imply for the stated figure. */
function quickExpected(rel: Relation, t: FigureTable): Approx | undefined {
  const s = rel.stated;
  switch (rel.kind) {
    case 'sum':
    case 'atMost': {
      let acc: Approx = { lo: 0, hi: 0, e: 0 };
      for (const p of rel.inputs) {
        const v = printedMu(t, p);
        if (!v) return undefined;
        acc = add(acc, v);
      }
      return inUnitOf(s, acc);
    }
    case 'conversion':
      return inUnitOf(s, printedMu(t, rel.inputs[0]!));
    case 'share': {
      const n = printedMu(t, rel.inputs[0]!);
      const d = printedMu(t, rel.inputs[1]!);
      return n && d ? quotient(n, d) : undefined;
    }
    case 'growthDerived': {
      const [cur, change] = rel.inputs as [ExtractedFigure, ExtractedFigure];
      const c = printedMu(t, cur);
      const d = printedMu(t, change);
      if (!c || !d) return undefined;
      return quotient(d, change.direction === -1 ? add(c, d) : sub(c, d));
    }
    case 'growth': {
      const [cur, base] = rel.inputs as [ExtractedFigure, ExtractedFigure];
      const up = s.direction !== -1;
      const c = printedMu(t, cur);
      const b = printedMu(t, base);
      if (!c || !b) return undefined;
      if (s.growthMode === 'delta') return inUnitOf(s, up ? sub(c, b) : sub(b, c));
      const ratio = quotient(c, b);
      if (!ratio) return undefined;
      if (s.growthMode === 'rate') return up ? sub(ratio, HUNDRED) : sub(HUNDRED, ratio);
      const times = scale(ratio, 0.01);
      return s.growthMode === 'multipleOf' ? times : sub(times, ONE);
    }
  }
}

/**
 * Whether grading would find nothing to say: the relation holds and its expected value prints as
 * the stated figure (or the stated figure is a bound or approximate). True only when floats prove
 * it; such relations need no exact evaluation at all.
 */
export function quickClean(rel: Relation, t: FigureTable): Tri {
  const ok = quickOk(rel, t, 'plain');
  if (ok !== true) return ok;
  if (rel.kind === 'atMost' || rel.stated.qualifier) return true;
  const x = quickExpected(rel, t);
  return x ? roundsTo(x, rel.stated.value, rel.stated.decimals) : undefined;
}

/**
 * Σ quantity(parts) of every sum diagnosis touches, computed once; while one figure is overridden
 * only the parts whose quantity it changes (itself and its 公顷/亩 partner) are swapped, so a
 * candidate value costs O(1) per sum instead of O(parts).
 */
export class PartSums {
  private readonly sums = new Map<Relation, { total: Approx; unknown: number; terms: Map<string, { q: Approx | undefined; n: number }> }>();

  constructor(private readonly t: FigureTable) {}

  /** Records the sums of `rel` as printed. Call with no override in effect. */
  prepare(rel: Relation): void {
    if ((rel.kind !== 'sum' && rel.kind !== 'atMost') || this.sums.has(rel)) return;
    this.t.work.reads += rel.inputs.length;
    let total: Approx = { lo: 0, hi: 0, e: 0 };
    let unknown = 0;
    const terms = new Map<string, { q: Approx | undefined; n: number }>();
    for (const p of rel.inputs) {
      const q = this.t.approxQuantity(p, 'plain');
      if (q) total = add(total, q);
      else unknown++;
      const term = terms.get(p.id);
      if (term) term.n++;
      else terms.set(p.id, { q, n: 1 });
    }
    this.sums.set(rel, { total, unknown, terms });
  }

  /** The parts of a prepared sum by id, with their float quantity and how often each occurs. */
  terms(rel: Relation): ReadonlyMap<string, { readonly q: Approx | undefined; readonly n: number }> | undefined {
    return this.sums.get(rel)?.terms;
  }

  /** Σ quantity(parts) of a prepared sum as printed, less the one part `id` (undefined if unknown). */
  without(rel: Relation, id: string): Approx | undefined {
    const s = this.sums.get(rel);
    const term = s?.terms.get(id);
    if (!s || !term?.q || term.n !== 1 || s.unknown > 0) return undefined;
    return sub(s.total, { lo: term.q.hi, hi: term.q.lo, e: term.q.e });
  }

  /** Σ quantity(parts) of a prepared sum now, when only the figures `changed` may read differently. */
  now(rel: Relation, changed: readonly string[]): Approx | undefined {
    const s = this.sums.get(rel);
    if (!s) return partsSum(rel.inputs, this.t, 'plain');
    let { total, unknown } = s;
    for (const id of changed) {
      const term = s.terms.get(id);
      if (!term) continue;
      for (let k = 0; k < term.n; k++) {
        // Take the term out of each bound: sub() pairs lo with hi, so hand it the term swapped.
        if (term.q) total = sub(total, { lo: term.q.hi, hi: term.q.lo, e: term.q.e });
        else unknown--;
        const q = this.t.approxQuantity(this.t.get(id), 'plain');
        if (q) total = add(total, q);
        else unknown++;
      }
    }
    return unknown > 0 ? undefined : total;
  }
}
