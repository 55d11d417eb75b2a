/**
 * Figures as intervals. Every area is compared in 亩 (ha × 15, m² × 0.0015, km² × 1500, 万公顷 ×
 * 150 000, 万亩 × 10 000, 万平方米 × 15 are exact), so no comparison divides. A figure printed as
 * approximate (约) stands for the rounding of its last significant digit ("约6800" is 6750–6850), "近"
 * for a band just below it, "多/余/以上" for a lower bound; a quantity printed in both 公顷 and 亩
 * is the intersection of both readings. Each figure has two readings:
 * - plain: printed digits at the document's dominant precision for its unit ("2.5" among
 *   two-decimal figures reads as 2.50, [2.495, 2.505]);
 * - coarse: printed digits at their own precision ("2.5" as [2.45, 2.55]).
 */
import { Dec } from '../../domain/decimal.js';
import { meets, roundingInterval, scale, type Interval } from '../../domain/interval.js';
import type { ExtractedFigure } from '../types.js';

export type Reading = 'plain' | 'coarse';

const TO_MU_NUM: Record<string, number> = { ha: 15, mu: 1, m2: 0.0015, sqkm: 1500, wanha: 150000, wanmu: 10000, wanm2: 15 };
const POW10 = Array.from({ length: 40 }, (_, i) => 10 ** -i);

const TO_MU: Record<string, string> = { ha: '15', mu: '1', m2: '0.0015', sqkm: '1500', wanha: '150000', wanmu: '10000', wanm2: '15' };
const FACTORS = new Map<string, Dec>(Object.entries(TO_MU).map(([u, k]) => [u, new Dec(k)]));
const ONE = new Dec(1);

export function isArea(f: ExtractedFigure): boolean {
  return f.unit in TO_MU;
}

/** Factor that converts this figure's unit to 亩 (1 for non-area units). */
export function muFactor(f: ExtractedFigure): Dec {
  return FACTORS.get(f.unit) ?? ONE;
}

interface Cached {
  value: Dec;
  plain?: { iv: Interval; mu: Interval };
  coarse?: { iv: Interval; mu: Interval };
}

export class FigureTable {
  private readonly dominant = new Map<string, number>();
  readonly byId = new Map<string, ExtractedFigure>();
  /** Figures whose reading is overridden (diagnosis tries candidate values). */
  private readonly overrides = new Map<string, { value: string; decimals: number }>();
  private readonly cache = new Map<string, Cached>();

  private readonly position = new Map<string, number>();

  constructor(readonly figures: readonly ExtractedFigure[]) {
    const counts = new Map<string, Map<number, number>>();
    for (const [i, f] of figures.entries()) {
      this.byId.set(f.id, f);
      this.position.set(f.id, i);
      if (f.qualifier === 'approx' || f.qualifier === 'nearly' || f.role === 'threshold') continue;
      const m = counts.get(f.unit) ?? new Map<number, number>();
      m.set(f.decimals, (m.get(f.decimals) ?? 0) + 1);
      counts.set(f.unit, m);
    }
    for (const [unit, m] of counts) {
      const best = [...m.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0];
      if (best) this.dominant.set(unit, best[0]);
    }
  }

  /** The figures printed near `f` (k on each side, in text order): where alternatives are sought. */
  near(f: ExtractedFigure, k = 40): readonly ExtractedFigure[] {
    const i = this.position.get(f.id) ?? 0;
    return this.figures.slice(Math.max(0, i - k), i + k + 1);
  }

  get(id: string): ExtractedFigure {
    const f = this.byId.get(id);
    if (!f) throw new Error(`unknown figure ${id}`);
    return f;
  }

  value(f: ExtractedFigure): Dec {
    const o = this.overrides.get(f.id);
    if (o) return new Dec(o.value);
    let c = this.cache.get(f.id);
    if (!c) {
      c = { value: new Dec(f.value) };
      this.cache.set(f.id, c);
    }
    return c.value;
  }

  private readings(f: ExtractedFigure, reading: Reading): { iv: Interval; mu: Interval } {
    const make = () => {
      const iv = qualified(f, this.value(f), roundingInterval(this.value(f), this.decimals(f, reading)));
      return { iv, mu: scale(iv, muFactor(f)) };
    };
    if (this.overrides.has(f.id)) return make();
    this.value(f);
    const c = this.cache.get(f.id)!;
    return (c[reading] ??= make());
  }

  decimals(f: ExtractedFigure, reading: Reading): number {
    const printed = this.overrides.get(f.id)?.decimals ?? f.decimals;
    if (reading === 'coarse') return printed;
    return Math.max(printed, this.dominant.get(f.unit) ?? printed);
  }

  /** True when the plain and coarse readings of the figure differ. */
  isCoarse(f: ExtractedFigure): boolean {
    return this.decimals(f, 'plain') !== this.decimals(f, 'coarse');
  }

  /** The figure's interval in its own unit. */
  interval(f: ExtractedFigure, reading: Reading): Interval {
    return this.readings(f, reading).iv;
  }

  /** The figure's interval in 亩 (areas) or its own unit. */
  muInterval(f: ExtractedFigure, reading: Reading): Interval {
    return this.readings(f, reading).mu;
  }

  /**
   * The quantity a figure states, in 亩: its own interval, narrowed by its 公顷/亩 restatement when
   * the two agree ("120公顷(1796亩)" is 1795.5–1796.5 亩).
   */
  quantity(f: ExtractedFigure, reading: Reading): Interval {
    const own = this.muInterval(f, reading);
    const partner = f.pairOf ? this.byId.get(f.pairOf) : undefined;
    if (!partner) return own;
    const other = this.muInterval(partner, reading);
    if (!meets(own, other)) return own;
    return { lo: Dec.max(own.lo, other.lo), hi: Dec.min(own.hi, other.hi) };
  }

  /** The figure's 亩 interval as floats, widened outward: a fast pre-check for diagnosis. */
  muFloat(f: ExtractedFigure, reading: Reading): [number, number] {
    const o = this.overrides.get(f.id);
    if (!o) {
      const key = `${f.id}:${reading}`;
      let c = this.floatCache.get(key);
      if (!c) this.floatCache.set(key, (c = this.computeFloat(f, f.value, reading)));
      return c;
    }
    return this.computeFloat(f, o.value, reading);
  }

  private readonly floatCache = new Map<string, [number, number]>();

  private computeFloat(f: ExtractedFigure, text: string, reading: Reading): [number, number] {
    const dp = this.decimals(f, reading);
    const k = TO_MU_NUM[f.unit] ?? 1;
    const v = Number(text);
    const h = 0.5 * POW10[dp]!;
    return [(v - h) * k, (v + h) * k];
  }

  /** Printed value in 亩 (areas) or its own unit. */
  muValue(f: ExtractedFigure): Dec {
    return this.value(f).times(muFactor(f));
  }

  withOverride<T>(id: string, value: string, fn: () => T): T {
    const decimals = value.includes('.') ? value.length - value.indexOf('.') - 1 : 0;
    this.overrides.set(id, { value, decimals });
    try {
      return fn();
    } finally {
      this.overrides.delete(id);
    }
  }
}

const INFINITY = new Dec(Infinity);

/** The interval a qualified figure stands for (约, 近, 多/以上); others keep their rounding interval. */
function qualified(f: ExtractedFigure, v: Dec, iv: Interval): Interval {
  switch (f.qualifier) {
    case 'approx': {
      // The last significant digit of an integer was rounded: "约6800" is 6750–6850.
      const zeros = f.decimals === 0 ? (/0+$/.exec(f.value)?.[0].length ?? 0) : 0;
      if (zeros === 0 || zeros >= f.value.length) return iv;
      return roundingInterval(v, -zeros);
    }
    case 'nearly':
      return { lo: v.times(NEARLY), hi: iv.hi };
    case 'atLeast':
      return f.role === 'threshold' ? iv : { lo: iv.lo, hi: INFINITY };
    default:
      return iv;
  }
}

/** "近X" is read as within 5% below X (DOMAIN §3.5). */
const NEARLY = new Dec('0.95');
