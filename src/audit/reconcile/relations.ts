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
  t.work.exact++;
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
