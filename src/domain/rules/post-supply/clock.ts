/**
 * The idle-land clock (闲置土地处置办法, 国土资源部令第53号): runs from the agreed start date,
 * suspended while a government cause lasts (第八条). An open-ended government cause stops it.
 */
import { addDays, daysBetween } from '../dates.js';
import type { Supply } from '../../supply.js';

export interface IdleClock {
  /** The agreed start moved later by the days of government delay up to `asOf`. */
  readonly effectiveStart: string;
  readonly delayDays: number;
  /** A government cause still open at `asOf`: the idle rules are suspended. */
  readonly suspended: boolean;
}

export function idleClock(s: Supply, asOf: string): IdleClock | undefined {
  const start = s.dates.agreedStart;
  if (!start) return undefined;
  let delay = 0;
  let suspended = false;
  for (const c of s.governmentCauses ?? []) {
    if (c.from > asOf) continue;
    const end = c.to && c.to <= asOf ? c.to : undefined;
    if (!end) suspended = true;
    const from = c.from < start ? start : c.from;
    const to = end ?? asOf;
    if (to > from) delay += daysBetween(from, to);
  }
  return { effectiveStart: addDays(start, delay), delayDays: delay, suspended };
}

/** Started on or before `asOf`. */
export function startedBy(s: Supply, asOf: string): boolean {
  return s.dates.actualStart !== undefined && s.dates.actualStart <= asOf;
}
