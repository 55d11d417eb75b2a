/**
 * Marginals and shares of a plan cube. Shares are exact; their display values use
 * largest-remainder rounding so a table's printed shares sum to exactly 100.00 (DOMAIN §3.4).
 * The denominator is always named: the plan total, the 出让 total, or housing land.
 */
import { Area } from '../area.js';
import type { Dec } from '../decimal.js';
import { roundSharesTo100, sharePercent } from '../share.js';
import { marginal, total, type Dimension, type PlanCube } from './cube.js';

export interface ShareRow {
  readonly value: string;
  readonly area: Area;
  /** Exact percentage of the denominator (null when the denominator is 0). */
  readonly percent: Dec | null;
  /** Display percentage, 2 decimals; the column sums to "100.00". */
  readonly display: string;
}

export interface MarginalShares {
  readonly dimension: Dimension;
  readonly denominator: Area;
  readonly rows: readonly ShareRow[];
}

/** Each part as a share of the sum of parts, displayed so the column sums to 100.00. */
export function sharesOfParts(parts: readonly { value: string; area: Area }[], decimals = 2): ShareRow[] {
  const denom = Area.sum(parts.map((p) => p.area));
  const exact = parts.map((p) => sharePercent(p.area.squareMetres, denom.squareMetres));
  const shown = denom.compare(Area.zero) === 0 ? parts.map(() => null) : roundSharesTo100(exact.map((e) => e!), decimals);
  return parts.map((p, i) => ({ value: p.value, area: p.area, percent: exact[i] ?? null, display: shown[i] ? shown[i]!.toFixed(decimals) : (0).toFixed(decimals) }));
}

/** The marginal over one dimension with shares of the plan total. */
export function marginalShares(cube: PlanCube, dim: Dimension, decimals = 2): MarginalShares {
  const m = marginal(cube, dim);
  return { dimension: dim, denominator: total(cube), rows: sharesOfParts([...m].map(([value, area]) => ({ value, area })), decimals) };
}
