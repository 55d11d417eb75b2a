/**
 * Shares (占比) and display rounding.
 * Shares are computed exactly and rounded only for display; `roundSharesTo100` uses the
 * largest-remainder method so that a table's printed shares sum to exactly 100 (DOMAIN §3.4).
 */
import { Dec, dec, type DecValue } from './decimal.js';

/** part ÷ whole × 100, exact to 40 significant digits; null when the whole is zero. */
export function sharePercent(part: DecValue, whole: DecValue): Dec | null {
  const w = dec(whole);
  if (w.isZero()) return null;
  return dec(part).times(100).div(w);
}

/**
 * Rounds percentages to `decimals` so that they sum to exactly 100 (when the exact values sum to
 * 100): floor every value, then hand the remaining units to the largest remainders (ties: earlier
 * rows first, so the result is deterministic).
 */
export function roundSharesTo100(percents: readonly DecValue[], decimals = 2): Dec[] {
  const unit = new Dec(10).pow(-decimals);
  const values = percents.map(dec);
  const floors = values.map((v) => v.div(unit).floor());
  const total = new Dec(100).div(unit);
  let missing = total.minus(floors.reduce((a, b) => a.plus(b), new Dec(0))).toNumber();
  const order = values
    .map((v, i) => ({ i, rem: v.div(unit).minus(floors[i]!) }))
    .sort((a, b) => b.rem.comparedTo(a.rem) || a.i - b.i);
  const result = floors.slice();
  for (const { i } of order) {
    if (missing <= 0) break;
    result[i] = result[i]!.plus(1);
    missing -= 1;
  }
  return result.map((f) => f.times(unit));
}

/** Shares of each part in the sum of parts, rounded to sum to 100. Empty or zero input → zeros. */
export function sharesOf(parts: readonly DecValue[], decimals = 2): Dec[] {
  const total = parts.reduce<Dec>((a, b) => a.plus(dec(b)), new Dec(0));
  if (total.isZero()) return parts.map(() => new Dec(0));
  return roundSharesTo100(
    parts.map((p) => dec(p).times(100).div(total)),
    decimals,
  );
}
