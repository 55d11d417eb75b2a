/**
 * The idle-land clock (《闲置土地处置办法》, 国土资源部令第53号).
 * - It runs from the agreed start (约定开工日期); where the contract agrees none, from one year
 *   after the delivery of the land (第三十条, recalled).
 * - A government cause or force majeure (第八条) suspends it while it lasts. The start then moves
 *   by a supplementary agreement (第十二条, recalled): the new agreed date, at most one year later
 *   than the old. With no agreement recorded, the clock moves day for day, capped at one year in
 *   all, and idle-government-cause asks for the agreement.
 */
import { addDays, addYears, daysBetween } from '../dates.js';
import type { Supply } from '../../supply.js';

export interface IdleClock {
  /** The date the clock counts from, after any extension. */
  readonly effectiveStart: string;
  /** The start the contract agreed (or delivery + 1 year). */
  readonly agreedStart: string;
  /** True when the agreed start was derived from the delivery date. */
  readonly fromDelivery: boolean;
  readonly delayDays: number;
  /** An extension was cut to the one-year cap. */
  readonly capped: boolean;
  /** A government cause still open at `asOf`: the idle rules are suspended. */
  readonly suspended: boolean;
}

/** The agreed start, or delivery + 1 year where the contract agrees no start. */
export function agreedStartOf(s: Supply): { date: string; fromDelivery: boolean } | undefined {
  if (s.dates.agreedStart) return { date: s.dates.agreedStart, fromDelivery: false };
  if (s.dates.agreedDelivery) return { date: addYears(s.dates.agreedDelivery, 1), fromDelivery: true };
  return undefined;
}

export function idleClock(s: Supply, asOf: string, maxExtensionYears = 1): IdleClock | undefined {
  const agreed = agreedStartOf(s);
  if (!agreed) return undefined;
  const start = agreed.date;
  const cap = addYears(start, maxExtensionYears);
  let delay = 0;
  let suspended = false;
  let agreedNew: string | undefined;
  for (const c of s.governmentCauses ?? []) {
    if (c.from > asOf) continue;
    const sa = c.supplementaryAgreement;
    if (sa && sa.date <= asOf) {
      if (!agreedNew || sa.newAgreedStart > agreedNew) agreedNew = sa.newAgreedStart;
      continue;
    }
    const end = c.to && c.to <= asOf ? c.to : undefined;
    if (!end) suspended = true;
    const from = c.from < start ? start : c.from;
    const to = end ?? asOf;
    if (to > from) delay += daysBetween(from, to);
  }
  let effective = agreedNew ?? addDays(start, delay);
  if (effective < start) effective = start;
  const capped = effective > cap;
  if (capped) effective = cap;
  return { effectiveStart: effective, agreedStart: start, fromDelivery: agreed.fromDelivery, delayDays: daysBetween(start, effective), capped, suspended };
}

/** Started on or before `asOf`. */
export function startedBy(s: Supply, asOf: string): boolean {
  return s.dates.actualStart !== undefined && s.dates.actualStart <= asOf;
}
