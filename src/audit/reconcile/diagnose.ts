/**
 * Diagnosis: when figures disagree, find the one figure that, with a single typing slip, would
 * make every relation it takes part in hold. A slip is one digit changed, two neighbouring digits
 * swapped, one digit dropped or doubled, the decimal point moved by one place, or a digit and the
 * decimal point mistaken for each other ("2.40" for "2040"). The result is a suggestion, never a
 * correction.
 */
import type { ExtractedFigure } from '../types.js';
import type { FigureTable } from './figures.js';
import { evaluate, possiblyHolds, type Relation } from './relations.js';

export type SlipKind = 'digit' | 'swap' | 'missing' | 'extra' | 'point' | 'pointForDigit' | 'digitForPoint';

export interface Suspect {
  readonly figure: ExtractedFigure;
  readonly value: string;
  readonly slip: SlipKind;
  /** How many failing relations the change would fix. */
  readonly fixes: number;
}

const SLIP_RANK: Record<SlipKind, number> = { digit: 0, swap: 1, missing: 2, extra: 2, point: 3, pointForDigit: 3, digitForPoint: 3 };

/** Strings one slip away from `s` (a plain decimal). */
export function slips(s: string): { value: string; slip: SlipKind }[] {
  const out = new Map<string, SlipKind>();
  const add = (v: string, k: SlipKind) => {
    if (v === s || !/^\d+(\.\d+)?$/.test(v) || /^0\d/.test(v)) return;
    const prev = out.get(v);
    if (prev === undefined || SLIP_RANK[k] < SLIP_RANK[prev]) out.set(v, k);
  };
  const hasPoint = s.includes('.');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '.') {
      // "2.40" for "2040": a digit typed (or read) as a decimal point.
      for (let d = 0; d <= 9; d++) add(s.slice(0, i) + String(d) + s.slice(i + 1), 'pointForDigit');
      continue;
    }
    if (!hasPoint && i > 0 && i < s.length - 1) add(`${s.slice(0, i)}.${s.slice(i + 1)}`, 'digitForPoint');
    for (let d = 0; d <= 9; d++) add(s.slice(0, i) + String(d) + s.slice(i + 1), 'digit');
    add(s.slice(0, i) + s.slice(i + 1), 'extra');
    const j = s[i + 1] === '.' ? -1 : i + 1;
    if (j > 0 && j < s.length) add(s.slice(0, i) + s[j] + c + s.slice(j + 1), 'swap');
  }
  for (let i = 0; i <= s.length; i++) for (let d = 0; d <= 9; d++) add(s.slice(0, i) + String(d) + s.slice(i), 'missing');
  const dot = s.indexOf('.');
  const digits = s.replace('.', '');
  const at = dot < 0 ? s.length : dot;
  for (const p of [at - 1, at + 1]) {
    if (p <= 0 || p >= digits.length) continue;
    add(`${digits.slice(0, p)}.${digits.slice(p)}`.replace(/^0+(?=\d)/, ''), 'point');
  }
  return [...out].map(([value, slip]) => ({ value, slip }));
}

/**
 * For the failing relations, the figures that one slip would explain. Returns the best suspects:
 * those fixing the most failures, then the simplest slip; several only when equally good.
 */
export function diagnose(failing: readonly Relation[], byFigure: ReadonlyMap<string, readonly Relation[]>, t: FigureTable): Suspect[] {
  const involved = new Map<string, ExtractedFigure>();
  for (const r of failing) for (const f of [r.stated, ...r.inputs]) involved.set(f.id, f);
  // Bounded: a group of failures that involves hundreds of figures has no single culprit worth naming.
  if (involved.size > 60) return [];
  const suspects: Suspect[] = [];
  for (const f of involved.values()) {
    const related = byFigure.get(f.id) ?? [];
    // A figure tied to very many checks (a total every share divides by) is checked by them all at once; not a slip to guess.
    if (related.length > 40) continue;
    const fixes = failing.filter((r) => related.includes(r)).length;
    let best: Suspect | undefined;
    for (const { value, slip } of slips(f.value)) {
      const holds = t.withOverride(f.id, value, () => related.every((r) => possiblyHolds(r, t)) && related.every((r) => evaluate(r, t, 'plain').ok));
      if (!holds) continue;
      if (!best || SLIP_RANK[slip] < SLIP_RANK[best.slip]) best = { figure: f, value, slip, fixes };
    }
    if (best) suspects.push(best);
  }
  if (suspects.length === 0) return [];
  const top = Math.max(...suspects.map((s) => s.fixes));
  const bestOnes = suspects.filter((s) => s.fixes === top);
  const rank = Math.min(...bestOnes.map((s) => SLIP_RANK[s.slip]));
  return bestOnes.filter((s) => SLIP_RANK[s.slip] === rank);
}
