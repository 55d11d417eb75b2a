/**
 * Largest-remainder rounding (DOMAIN §3.4): a bureau that wants a list of shares to print as
 * exactly 100.00 rounds each share down and hands the missing units to the largest remainders, so
 * a share may sit one unit of its last decimal from its half-up value (4.1953% printed 4.19 so
 * that the column sums to 100.00). A share of a list whose printed shares sum to exactly 100 is
 * therefore read as standing for ±1 unit, not ±½: consistent under that reading, it is a rounding
 * artefact (info), never an error.
 */
import { Dec } from '../../domain/decimal.js';
import { interval, meets, percentOf } from '../../domain/interval.js';
import type { ExtractedFigure } from '../types.js';
import type { FigureTable } from './figures.js';
import type { Relation } from './relations.js';
import type { Structure } from './structure.js';

/**
 * Ids of the shares of each list of parts (出让/划拨, 新增/存量, the use structure, districts) whose
 * parts all carry a printed share and whose printed shares sum to exactly 100.
 */
export function largestRemainderShares(s: Structure, t: FigureTable, figures: readonly ExtractedFigure[]): Set<string> {
  const ids = new Set<string>();
  const shareOf = new Map<string, ExtractedFigure>();
  for (const f of figures) if (f.role === 'share' && f.of && !shareOf.has(f.of)) shareOf.set(f.of, f);
  for (const list of s.lists) {
    const own = list.parts.map((p) => shareOf.get(p.id));
    if (own.length < 2 || own.some((f) => f === undefined)) continue;
    const printed = own.reduce((a, f) => a.plus(t.value(f!)), new Dec(0));
    if (printed.eq(100)) for (const f of own) ids.add(f!.id);
  }
  return ids;
}

/** Whether a share relation holds when its share is read at ±1 unit of its last printed decimal. */
export function holdsAsLargestRemainder(rel: Relation, t: FigureTable): boolean {
  if (rel.kind !== 'share') return false;
  const [num, den] = rel.inputs;
  if (!num || !den) return false;
  const unit = new Dec(10).pow(-rel.stated.decimals);
  const v = t.value(rel.stated);
  const implied = percentOf(t.muInterval(num, 'plain'), t.muInterval(den, 'plain'));
  return meets(interval(v.minus(unit), v.plus(unit)), implied);
}
