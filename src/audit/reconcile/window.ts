/**
 * Where a figure's value must lie for one relation to hold, the other figures as printed: a
 * necessary condition, computed once per figure, that rejects most of the values diagnosis
 * tries with one float comparison each. Only relations whose other side does not move with the
 * figure are used (not a sum holding the figure's own 公顷/亩 partner, not a growth).
 *
 * Example: 出让 + 划拨 = 总量 with 总量 1843.24 ha and 出让 1300.47 ha puts 划拨 within
 * 1843.24 − 1300.47 ± the two roundings (in 亩: × 15); a candidate 8141.59 亩 is judged by its
 * own interval against that window.
 */
import type { ExtractedFigure } from '../types.js';
import { percentOf, sub, type Approx } from './bounds.js';
import type { FigureTable } from './figures.js';
import type { PartSums } from './quick.js';
import type { Relation } from './relations.js';

/** Relative widening of a window: far beyond float error, far below any printed precision. */
const WIDEN = 1e-9;

function widened(lo: number, hi: number, e: number): Approx {
  const m = (Number.isFinite(lo) ? Math.abs(lo) : 0) + (Number.isFinite(hi) ? Math.abs(hi) : 0);
  return { lo, hi, e: e + WIDEN * m + 1e-25 };
}

/**
 * The window for `f` in `rel` (in 亩 for areas, the figure's own unit otherwise: the space in
 * which the relation reads `f`), or undefined when the relation gives none that is certain.
 * The relation can hold only if `f`'s own plain interval meets the window.
 */
export function windowOf(rel: Relation, f: ExtractedFigure, t: FigureTable, sums: PartSums): Approx | undefined {
  const s = rel.stated;
  const partner = f.pairOf;
  switch (rel.kind) {
    case 'sum':
    case 'atMost': {
      const terms = sums.terms(rel);
      if (!terms || (partner !== undefined && (terms.has(partner) || s.id === partner))) return undefined;
      const own = terms.get(f.id);
      if (s.id === f.id) {
        // The stated total: it must meet the sum of the parts.
        if (own || rel.kind === 'atMost') return undefined;
        const parts = sums.now(rel, []);
        return parts && widened(parts.lo, parts.hi, parts.e);
      }
      if (!own || own.n !== 1 || !own.q) return undefined;
      const st = t.approxQuantity(s, 'plain');
      const others = sums.without(rel, f.id);
      if (!st || !others) return undefined;
      // st meets others + f  ⟺  f meets st − others (for ≤: f.lo ≤ st.hi − others.lo).
      const w = sub(st, others);
      return rel.kind === 'sum' ? widened(w.lo, w.hi, w.e) : widened(-Infinity, w.hi, w.e);
    }
    case 'conversion': {
      // Both figures are read by their own intervals (not narrowed by each other).
      const other = s.id === f.id ? rel.inputs[0]! : s;
      const m = t.approx(other, 'plain')?.mu;
      return m && widened(m.lo, m.hi, m.e);
    }
    case 'share': {
      const [num, den] = rel.inputs as [ExtractedFigure, ExtractedFigure];
      if (partner !== undefined && (num.id === partner || den.id === partner)) return undefined;
      if (s.id === f.id) {
        const n = t.approxQuantity(num, 'plain');
        const d = t.approxQuantity(den, 'plain');
        const p = n && d ? percentOf(n, d) : undefined;
        return p && widened(p.lo, p.hi, p.e);
      }
      const st = t.approx(s, 'plain')?.iv;
      if (!st) return undefined;
      if (num.id === f.id) {
        // st meets 100·f/den with den > 0  ⟺  f meets [st.lo·den.lo, st.hi·den.hi] / 100.
        const d = t.approxQuantity(den, 'plain');
        if (!d || !(d.lo - d.e > 0)) return undefined;
        const lo = (st.lo * d.lo) / 100;
        const hi = (st.hi * d.hi) / 100;
        return widened(lo, hi, ((st.e + 1e-28) * d.hi + d.e * (Math.abs(st.lo) + Math.abs(st.hi) + st.e)) / 100);
      }
      if (den.id === f.id) {
        // st meets 100·num/f with f > 0  ⟺  f meets [100·num.lo/st.hi, 100·num.hi/st.lo]; a
        // denominator reaching zero satisfies any share, so callers keep such candidates.
        const n = t.approxQuantity(num, 'plain');
        if (!n || !(st.hi - st.e > 0) || !(n.lo - n.e >= 0)) return undefined;
        const lo = (100 * n.lo) / (st.hi + st.e + 1e-30);
        const hi = st.lo - st.e > 0 ? (100 * (n.hi + n.e)) / (st.lo - st.e - 1e-30) : Infinity;
        return widened(Math.max(0, lo - (100 * n.e) / (st.hi + st.e)), hi, 0);
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
