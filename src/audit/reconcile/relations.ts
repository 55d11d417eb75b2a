/**
 * Relations between figures that a consistent plan satisfies: parts sum to their total, a 亩
 * figure converts its hectares, a share divides two areas, a growth compares two years. Each
 * relation names the figure printed as the claim (`stated`) and evaluates with interval arithmetic.
 */
import { Dec } from '../../domain/decimal.js';
import type { Bilingual } from '../../domain/finding.js';
import { meets, percentOf, scale, sub, sum, type Interval } from '../../domain/interval.js';
import { quickOk } from './quick.js';
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
  /** What the printed inputs imply for the stated figure, at face value, in its unit. */
  readonly expected: Dec;
  /** 增长N倍 read loosely as 为N倍 (only for multipleIncrease growth). */
  readonly loose?: boolean;
}

/** The stated figure's interval: in 亩 (its quantity, narrowed by its restatement) or its own unit. */
function statedInterval(t: FigureTable, f: ExtractedFigure, reading: Reading, inMu: boolean): Interval {
  return inMu ? t.quantity(f, reading) : t.interval(f, reading);
}

export function evaluate(rel: Relation, t: FigureTable, reading: Reading): Evaluation {
  return { ...holdsExactly(rel, t, reading), expected: expectedOf(rel, t) };
}

/** `evaluate`, deciding whether the relation holds in floats where they can tell (quick.ts). */
export function evaluateQuick(rel: Relation, t: FigureTable, reading: Reading): Evaluation {
  const ok = quickOk(rel, t, reading);
  // 增长N倍 that fails strictly is also read loosely: the exact evaluation says whether that fits.
  if (ok === undefined || (!ok && rel.kind === 'growth' && rel.stated.growthMode === 'multipleIncrease')) return evaluate(rel, t, reading);
  return { ok, expected: expectedOf(rel, t) };
}

/** What the printed inputs imply for the stated figure, at face value, in the stated figure's unit. */
export function expectedOf(rel: Relation, t: FigureTable): Dec {
  const s = rel.stated;
  switch (rel.kind) {
    case 'sum':
    case 'atMost':
      return rel.inputs.reduce((a, p) => a.plus(t.muValue(p)), new Dec(0)).div(muFactor(s));
    case 'conversion':
      return t.muValue(rel.inputs[0]!).div(muFactor(s));
    case 'share': {
      const [num, den] = rel.inputs as [ExtractedFigure, ExtractedFigure];
      return t.muValue(num).times(100).div(t.muValue(den));
    }
    case 'growthDerived': {
      const [cur, change] = rel.inputs as [ExtractedFigure, ExtractedFigure];
      const bv = change.direction === -1 ? t.muValue(cur).plus(t.muValue(change)) : t.muValue(cur).minus(t.muValue(change));
      return t.muValue(change).times(100).div(bv);
    }
    case 'growth': {
      const [cur, base] = rel.inputs as [ExtractedFigure, ExtractedFigure];
      const up = s.direction !== -1;
      const cv = t.muValue(cur);
      const bv = t.muValue(base);
      if (s.growthMode === 'delta') return (up ? cv.minus(bv) : bv.minus(cv)).div(muFactor(s));
      const ratioV = cv.times(100).div(bv);
      if (s.growthMode === 'rate') return up ? ratioV.minus(100) : new Dec(100).minus(ratioV);
      const timesV = ratioV.div(100);
      return s.growthMode === 'multipleOf' ? timesV : timesV.minus(1);
    }
  }
}

/** Whether some values within the printed precisions make the relation hold, in exact arithmetic. */
export function holdsExactly(rel: Relation, t: FigureTable, reading: Reading): { ok: boolean; loose?: boolean } {
  t.work.exact++;
  t.work.reads += rel.inputs.length + 1;
  const s = rel.stated;
  switch (rel.kind) {
    case 'sum':
    case 'atMost': {
      const implied = sum(rel.inputs.map((p) => t.quantity(p, reading)));
      const st = statedInterval(t, s, reading, true);
      return { ok: rel.kind === 'sum' ? meets(st, implied) : implied.lo.lte(st.hi) };
    }
    case 'conversion':
      return { ok: meets(t.muInterval(s, reading), t.muInterval(rel.inputs[0]!, reading)) };
    case 'share': {
      const [num, den] = rel.inputs as [ExtractedFigure, ExtractedFigure];
      return { ok: meets(statedInterval(t, s, reading, false), percentOf(t.quantity(num, reading), t.quantity(den, reading))) };
    }
    case 'growthDerived': {
      // "比上年增加A，增长B%": the base is current − A, and B = A ÷ base.
      const [cur, change] = rel.inputs as [ExtractedFigure, ExtractedFigure];
      const ci = t.quantity(cur, reading);
      const di = t.muInterval(change, reading);
      const base = change.direction === -1 ? { lo: ci.lo.plus(di.lo), hi: ci.hi.plus(di.hi) } : sub(ci, di);
      return { ok: meets(t.interval(s, reading), percentOf(di, base)) };
    }
    case 'growth':
      return growthHolds(rel, t, reading);
  }
}

function growthHolds(rel: Relation, t: FigureTable, reading: Reading): { ok: boolean; loose?: boolean } {
  const s = rel.stated;
  const [cur, base] = rel.inputs as [ExtractedFigure, ExtractedFigure];
  const up = s.direction !== -1;
  const ci = t.quantity(cur, reading);
  const bi = t.quantity(base, reading);
  const st = statedInterval(t, s, reading, s.growthMode === 'delta');
  if (s.growthMode === 'delta') return { ok: meets(st, up ? sub(ci, bi) : sub(bi, ci)) };
  const ratio = percentOf(ci, bi); // 100·cur/base
  if (s.growthMode === 'rate') {
    const r = sub(ratio, { lo: new Dec(100), hi: new Dec(100) });
    return { ok: meets(st, up ? r : scale(r, -1)) };
  }
  const times = scale(ratio, '0.01');
  if (s.growthMode === 'multipleOf') return { ok: meets(st, times) };
  // 增长N倍: strictly (N+1)× the base; writers often mean N×.
  const strict = sub(times, { lo: new Dec(1), hi: new Dec(1) });
  if (meets(st, strict)) return { ok: true };
  return { ok: false, loose: meets(st, times) };
}
