/**
 * Area: an exact official area, held as square metres in a decimal.
 * 1 公顷 (ha) = 10 000 m² exactly; 1 亩 (mu) = 10 000/15 m² (DOMAIN §3.1).
 * ha → m² and m² → 亩 are exact (m² × 0.0015 terminates); 亩 → m² does not terminate, so
 * `fromMu` takes an explicit rounding step.
 */
import { Dec, dec, type DecValue } from './decimal.js';

const M2_PER_HA = new Dec(10000);
const MU_PER_HA = new Dec(15);
const M2_PER_KM2 = new Dec(1_000_000);

export class Area {
  private constructor(readonly squareMetres: Dec) {}

  static readonly zero = new Area(new Dec(0));

  static fromSquareMetres(m2: DecValue): Area {
    const v = dec(m2);
    if (!v.isFinite()) throw new RangeError(`area is not a finite number: ${String(m2)}`);
    return new Area(v);
  }

  /** 平方公里 → m², exactly (× 1 000 000): "2.01" is 2 010 000 m², never 2 009 999.9999999998. */
  static fromSquareKilometres(km2: DecValue): Area {
    return Area.fromSquareMetres(dec(km2).times(M2_PER_KM2));
  }

  static fromHectares(ha: DecValue): Area {
    return Area.fromSquareMetres(dec(ha).times(M2_PER_HA));
  }

  /**
   * 亩 → m², rounded half-up to `step` square metres (e.g. "0.01"). The step is explicit because
   * 10 000/15 m² per 亩 has no finite decimal form.
   */
  static fromMu(mu: DecValue, opts: { stepSquareMetres: DecValue }): Area {
    const step = dec(opts.stepSquareMetres);
    if (step.lte(0)) throw new RangeError('rounding step must be positive');
    const m2 = dec(mu).times(M2_PER_HA).div(MU_PER_HA);
    return Area.fromSquareMetres(m2.div(step).toDecimalPlaces(0, Dec.ROUND_HALF_UP).times(step));
  }

  static sum(areas: Iterable<Area>): Area {
    let s = new Dec(0);
    for (const a of areas) s = s.plus(a.squareMetres);
    return new Area(s);
  }

  get hectares(): Dec {
    return this.squareMetres.div(M2_PER_HA);
  }

  /** Exact 亩. */
  get mu(): Dec {
    return this.squareMetres.times(MU_PER_HA).div(M2_PER_HA);
  }

  plus(o: Area): Area {
    return new Area(this.squareMetres.plus(o.squareMetres));
  }

  minus(o: Area): Area {
    return new Area(this.squareMetres.minus(o.squareMetres));
  }

  times(k: DecValue): Area {
    return new Area(this.squareMetres.times(dec(k)));
  }

  compare(o: Area): number {
    return this.squareMetres.comparedTo(o.squareMetres);
  }

  equals(o: Area): boolean {
    return this.squareMetres.eq(o.squareMetres);
  }

  isNegative(): boolean {
    return this.squareMetres.isNegative() && !this.squareMetres.isZero();
  }

  /** Hectares rounded half-up for display, e.g. "1843.24". */
  formatHectares(dp = 2): string {
    return this.hectares.toFixed(dp, Dec.ROUND_HALF_UP);
  }

  formatMu(dp = 2): string {
    return this.mu.toFixed(dp, Dec.ROUND_HALF_UP);
  }

  toJSON(): string {
    return this.squareMetres.toFixed();
  }
}

/** 亩 per 公顷, exact. */
export const MU_PER_HECTARE = MU_PER_HA;
export const SQUARE_METRES_PER_HECTARE = M2_PER_HA;
