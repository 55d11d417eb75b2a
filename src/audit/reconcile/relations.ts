/**
 * Relations between figures that a consistent plan satisfies: parts sum to their total, a 亩
 * figure converts its hectares, a share divides two areas, a growth compares two years. Each
 * relation names the figure printed as the claim (`stated`) and evaluates with interval arithmetic.
 */
import { Dec } from '../../domain/decimal.js';
import type { Bilingual } from '../../domain/finding.js';
import { interval, meets, percentOf, scale, sub, sum, type Interval } from '../../domain/interval.js';
import type { ExtractedFigure } from '../types.js';
import { muFactor, type FigureTable, type Reading } from './figures.js';

export type RelationKind = 'sum' | 'atMost' | 'conversion' | 'share' | 'growth' | 'growthDerived';

export interface Relation {
  readonly rule: string;
  readonly kind: RelationKind;
  /** The figure printed as the claim: the total, the 亩 figure, the percentage, the growth. */
  readonly stated: ExtractedFigure;
  /** sum/atMost: the parts; conversion: [hectares]; share: [numerator, denominator]; growth: [current, base];
   *  growthDerived: [current, change] (the base is current − change: "比上年增加A，增长B%"). */
  readonly inputs: readonly ExtractedFigure[];
  /** What is being reconciled, for messages ("出让与划拨", "用途结构"). */
  readonly what: Bilingual;
}

export interface Evaluation {
  readonly ok: boolean;
  /** What the inputs imply for the stated figure, in the stated figure's unit. */
  readonly implied: Interval;
  /** Same, from the printed values at face value. */
  readonly expected: Dec;
  /** 增长N倍 read loosely as 为N倍 (only for multipleIncrease growth). */
  readonly loose?: boolean;
}

/** The stated figure's interval: in 亩 (its quantity, narrowed by its restatement) or its own unit. */
function statedInterval(t: FigureTable, f: ExtractedFigure, reading: Reading, inMu: boolean): Interval {
  return inMu ? t.quantity(f, reading) : t.interval(f, reading);
}

/** Converts an interval in 亩 back to the stated figure's unit. */
function fromMu(i: Interval, f: ExtractedFigure): Interval {
  const k = muFactor(f);
  return { lo: i.lo.div(k), hi: i.hi.div(k) };
}

export function evaluate(rel: Relation, t: FigureTable, reading: Reading): Evaluation {
  const s = rel.stated;
  switch (rel.kind) {
    case 'sum':
    case 'atMost': {
      const implied = sum(rel.inputs.map((p) => t.quantity(p, reading)));
      const st = statedInterval(t, s, reading, true);
      const ok = rel.kind === 'sum' ? meets(st, implied) : implied.lo.lte(st.hi);
      const expected = rel.inputs.reduce((a, p) => a.plus(t.muValue(p)), new Dec(0)).div(muFactor(s));
      return { ok, implied: fromMu(implied, s), expected };
    }
    case 'conversion': {
      const [ha] = rel.inputs as [ExtractedFigure];
      const implied = t.muInterval(ha, reading);
      const st = t.muInterval(s, reading);
      return { ok: meets(st, implied), implied: fromMu(implied, s), expected: t.muValue(ha).div(muFactor(s)) };
    }
    case 'share': {
      const [num, den] = rel.inputs as [ExtractedFigure, ExtractedFigure];
      const implied = percentOf(t.quantity(num, reading), t.quantity(den, reading));
      const expected = t.muValue(num).times(100).div(t.muValue(den));
      return { ok: meets(statedInterval(t, s, reading, false), implied), implied, expected };
    }
    case 'growth':
      return evaluateGrowth(rel, t, reading);
    case 'growthDerived':
      return evaluateDerived(rel, t, reading);
  }
}

/** "比上年增加A，增长B%": the base is current − A, and B = A ÷ base. */
function evaluateDerived(rel: Relation, t: FigureTable, reading: Reading): Evaluation {
  const s = rel.stated;
  const [cur, change] = rel.inputs as [ExtractedFigure, ExtractedFigure];
  const sign = change.direction === -1 ? -1 : 1;
  const ci = t.quantity(cur, reading);
  const di = t.muInterval(change, reading);
  const base = sign === 1 ? sub(ci, di) : { lo: ci.lo.plus(di.lo), hi: ci.hi.plus(di.hi) };
  const implied = percentOf(di, base);
  const bv = sign === 1 ? t.muValue(cur).minus(t.muValue(change)) : t.muValue(cur).plus(t.muValue(change));
  const expected = t.muValue(change).times(100).div(bv);
  return { ok: meets(t.interval(s, reading), implied), implied, expected };
}

function evaluateGrowth(rel: Relation, t: FigureTable, reading: Reading): Evaluation {
  const s = rel.stated;
  const [cur, base] = rel.inputs as [ExtractedFigure, ExtractedFigure];
  const sign = s.direction === -1 ? -1 : 1;
  const ci = t.quantity(cur, reading);
  const bi = t.quantity(base, reading);
  const cv = t.muValue(cur);
  const bv = t.muValue(base);
  const st = statedInterval(t, s, reading, s.growthMode === 'delta');
  if (s.growthMode === 'delta') {
    const d = sub(ci, bi);
    const implied = scale(sign === 1 ? d : sub(bi, ci), 1);
    const expected = (sign === 1 ? cv.minus(bv) : bv.minus(cv)).div(muFactor(s));
    return { ok: meets(st, implied), implied: fromMu(implied, s), expected };
  }
  const ratio = percentOf(ci, bi); // 100·cur/base
  const ratioV = cv.times(100).div(bv);
  if (s.growthMode === 'rate') {
    const r = sub(ratio, { lo: new Dec(100), hi: new Dec(100) });
    const implied = sign === 1 ? r : scale(r, -1);
    const expected = sign === 1 ? ratioV.minus(100) : new Dec(100).minus(ratioV);
    return { ok: meets(st, implied), implied, expected };
  }
  const times = scale(ratio, '0.01');
  const timesV = ratioV.div(100);
  if (s.growthMode === 'multipleOf') return { ok: meets(st, times), implied: times, expected: timesV };
  // 增长N倍: strictly (N+1)× the base; writers often mean N×.
  const strict = sub(times, { lo: new Dec(1), hi: new Dec(1) });
  if (meets(st, strict)) return { ok: true, implied: strict, expected: timesV.minus(1) };
  return { ok: false, implied: strict, expected: timesV.minus(1), loose: meets(st, times) };
}

function slack(a: number, b: number): number {
  return 1e-9 * (Math.abs(a) + Math.abs(b)) + 1e-12;
}
function meetsF(a: [number, number], b: [number, number]): boolean {
  return a[0] <= b[1] + slack(a[0], b[1]) && b[0] <= a[1] + slack(b[0], a[1]);
}

/**
 * A float pre-check of `evaluate(rel, t, 'plain').ok`, widened so that it never says no when the
 * exact check would say yes. Diagnosis tries hundreds of candidate values; most fail here cheaply.
 */
export function possiblyHolds(rel: Relation, t: FigureTable): boolean {
  const s = rel.stated;
  if (s.qualifier || rel.inputs.some((i) => i.qualifier)) return true;
  const st = t.muFloat(s, 'plain');
  switch (rel.kind) {
    case 'sum':
    case 'atMost': {
      let lo = 0;
      let hi = 0;
      for (const p of rel.inputs) {
        const [a, b] = t.muFloat(p, 'plain');
        lo += a;
        hi += b;
      }
      return rel.kind === 'sum' ? meetsF(st, [lo, hi]) : lo <= st[1] + slack(lo, st[1]);
    }
    case 'conversion':
      return meetsF(st, t.muFloat(rel.inputs[0]!, 'plain'));
    case 'share': {
      const [n0, n1] = t.muFloat(rel.inputs[0]!, 'plain');
      const [d0, d1] = t.muFloat(rel.inputs[1]!, 'plain');
      if (d0 <= 0) return true;
      return meetsF(st, [(100 * n0) / d1, (100 * n1) / d0]);
    }
    case 'growth':
    case 'growthDerived':
      return true;
  }
}

/**
 * True when floats alone prove that the relation holds and prints cleanly (its expected value
 * rounds to the stated figure), far from any boundary; the exact evaluation is then unnecessary.
 * Anything close to a boundary returns false and goes to the exact check.
 */
export function clearlyClean(rel: Relation, t: FigureTable): boolean {
  const s = rel.stated;
  if (s.qualifier || rel.inputs.some((i) => i.qualifier || i.pairOf) || rel.kind === 'growth' || rel.kind === 'growthDerived' || rel.kind === 'atMost') return false;
  const k = rel.kind === 'share' ? 1 : (TO_MU_FLOAT[s.unit] ?? 1);
  let expected: number;
  if (rel.kind === 'sum') expected = rel.inputs.reduce((a, p) => a + Number(p.value) * (TO_MU_FLOAT[p.unit] ?? 1), 0) / k;
  else if (rel.kind === 'conversion') expected = (Number(rel.inputs[0]!.value) * (TO_MU_FLOAT[rel.inputs[0]!.unit] ?? 1)) / k;
  else {
    const n = Number(rel.inputs[0]!.value) * (TO_MU_FLOAT[rel.inputs[0]!.unit] ?? 1);
    const d = Number(rel.inputs[1]!.value) * (TO_MU_FLOAT[rel.inputs[1]!.unit] ?? 1);
    if (d <= 0) return false;
    expected = (100 * n) / d;
  }
  // At the plain reading's precision ("4.2" among two-decimal shares is 4.20), which is at least as
  // fine as the printed one: rounding to it and matching proves both that the relation holds and
  // that it prints as stated.
  const dp = t.decimals(s, 'plain');
  const scaled = expected * 10 ** dp;
  const frac = scaled - Math.floor(scaled);
  if (Math.abs(frac - 0.5) < 1e-6) return false; // a rounding tie: decide exactly
  if (Math.round(scaled) !== Math.round(Number(s.value) * 10 ** dp)) return false;
  // Prints as stated; it also holds unless the relation is tight at the interval edges.
  return rel.kind !== 'share' || possiblyHolds(rel, t);
}

const TO_MU_FLOAT: Record<string, number> = { ha: 15, mu: 1, m2: 0.0015, sqkm: 1500, wanha: 150000, wanmu: 10000, wanm2: 15 };
