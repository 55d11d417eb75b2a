/**
 * Diagnosis: when figures disagree, find the one figure that, with a single typing slip, would
 * make every relation it takes part in hold. A slip is one digit changed, two neighbouring digits
 * swapped, one digit dropped or doubled, the decimal point moved by one place, or a digit and the
 * decimal point mistaken for each other ("2.40" for "2040"). The result is a suggestion, never a
 * correction.
 */
import type { ExtractedFigure } from '../types.js';
import type { FigureTable } from './figures.js';
import { meets, type Approx } from './bounds.js';
import { PartSums, quickOk } from './quick.js';
import { windowOf } from './window.js';
import { holdsExactly, type Relation } from './relations.js';

export type SlipKind = 'digit' | 'swap' | 'missing' | 'extra' | 'point' | 'pointForDigit' | 'digitForPoint';

export interface Suspect {
  readonly figure: ExtractedFigure;
  readonly value: string;
  readonly slip: SlipKind;
  /** How many failing relations the change would fix. */
  readonly fixes: number;
}

/** Longer numbers are not typed plan figures (and their slips would cost the square of their length). */
const MAX_DIGITS = 24;

const SLIP_RANK: Record<SlipKind, number> = { digit: 0, swap: 1, missing: 2, extra: 2, point: 3, pointForDigit: 3, digitForPoint: 3 };

/** Whether a candidate's interval certainly misses one of the windows (each comparison counted). */
function outside(own: Approx, windows: readonly Approx[], t: FigureTable): boolean {
  for (const w of windows) {
    t.work.reads++;
    if (meets(own, w) === false) return true;
  }
  return false;
}

/** Digits with at most one inner decimal point and no leading zero before a digit ("0.5", not "05" or "5."). */
function plainDecimal(v: string): boolean {
  const n = v.length;
  if (n === 0) return false;
  let dot = false;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c === 0x2e) {
      if (dot || i === 0 || i === n - 1) return false;
      dot = true;
    } else if (c < 0x30 || c > 0x39) return false;
  }
  return !(n > 1 && v.charCodeAt(0) === 0x30 && v.charCodeAt(1) !== 0x2e);
}

/** Strings one slip away from `s` (a plain decimal). */
export function slips(s: string): { value: string; slip: SlipKind }[] {
  const out = new Map<string, SlipKind>();
  const add = (v: string, k: SlipKind) => {
    if (v === s || !plainDecimal(v)) return;
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
 *
 * Every figure of the group is tried, however large the group and however many checks the figure
 * takes part in: a total that forty shares divide by is the likeliest culprit when all forty fail,
 * and a candidate must satisfy all of them at once. The cost stays linear: a figure of d digits
 * has O(d) candidate values (d ≤ MAX_DIGITS), each judged first against a window per relation
 * (window.ts, one comparison), and only survivors are checked in floats with the sums of parts
 * kept (quick.ts, O(1) per relation) and, where floats cannot tell, exactly. So a group costs
 * O(MAX_DIGITS · Σ|relation|) over the relations its figures take part in.
 */
export function diagnose(failing: readonly Relation[], byFigure: ReadonlyMap<string, readonly Relation[]>, t: FigureTable): Suspect[] {
  const involved = new Map<string, ExtractedFigure>();
  for (const r of failing) for (const f of [r.stated, ...r.inputs]) involved.set(f.id, f);
  const failingSet = new Set(failing);
  const sums = new PartSums(t);
  const suspects: Suspect[] = [];
  for (const f of involved.values()) {
    const all = byFigure.get(f.id) ?? [];
    if (f.value.length > MAX_DIGITS) continue;
    // The failing relations first: most candidate values fail the first one checked.
    const unique = [...new Set(all)];
    const related = [...unique.filter((r) => failingSet.has(r)), ...unique.filter((r) => !failingSet.has(r))];
    const fixes = related.filter((r) => failingSet.has(r)).length;
    for (const r of related) sums.prepare(r);
    // The figures whose quantity an override of f changes: f and its 公顷/亩 partner.
    const changed = f.pairOf ? [f.id, f.pairOf] : [f.id];
    // Where f must lie for each relation to hold: one comparison rejects most candidates.
    const windows = related.map((r) => windowOf(r, f, t, sums)).filter((w) => w !== undefined);
    t.work.reads += related.length;
    let best: Suspect | undefined;
    for (const { value, slip } of slips(f.value)) {
      if (best && SLIP_RANK[slip] >= SLIP_RANK[best.slip]) continue; // could not replace the best
      t.work.candidates++;
      const own = windows.length > 0 ? t.approxAs(f, value) : undefined;
      // (A value whose interval reaches zero is kept: a zero denominator satisfies any share.)
      if (own && own.lo - own.e > 0 && outside(own, windows, t)) continue;
      const holds = t.withOverride(f.id, value, () => {
        const unsure: Relation[] = [];
        for (const r of related) {
          const ok = quickOk(r, t, 'plain', () => sums.now(r, changed));
          if (ok === false) return false;
          if (ok === undefined) unsure.push(r);
        }
        return unsure.every((r) => holdsExactly(r, t, 'plain').ok);
      });
      if (holds) best = { figure: f, value, slip, fixes };
    }
    if (best) suspects.push(best);
  }
  if (suspects.length === 0) return [];
  // (Folded, not spread: a group may hold more figures than a call takes arguments.)
  const top = suspects.reduce((m, s) => Math.max(m, s.fixes), 0);
  const bestOnes = suspects.filter((s) => s.fixes === top);
  const rank = bestOnes.reduce((m, s) => Math.min(m, SLIP_RANK[s.slip]), Infinity);
  return bestOnes.filter((s) => SLIP_RANK[s.slip] === rank);
}
