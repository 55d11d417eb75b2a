/**
 * The float evaluation (bounds.ts, quick.ts, window.ts) never contradicts the exact one: where it
 * answers, it answers what decimal.js would; where it cannot tell, it says so.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Dec } from '../../src/domain/decimal.js';
import { extract } from '../../src/audit/extract/index.js';
import { EVERYTHING, meets, percentOf, roundsTo } from '../../src/audit/reconcile/bounds.js';
import { slips } from '../../src/audit/reconcile/diagnose.js';
import { FigureTable } from '../../src/audit/reconcile/figures.js';
import { PartSums, quickClean, quickOk } from '../../src/audit/reconcile/quick.js';
import { evaluate, holdsExactly, type Relation } from '../../src/audit/reconcile/relations.js';
import { buildStructure } from '../../src/audit/reconcile/structure.js';
import { windowOf } from '../../src/audit/reconcile/window.js';
import { PHRASINGS, perturb, planArb, renderPlan } from './plan-text.js';

describe('float bounds', () => {
  it('cannot tell whether two touching intervals meet, and says so', () => {
    // [10.245, 10.255] and [10.255, 10.265]: they meet at one point, which floats cannot see.
    expect(meets({ lo: 10.245, hi: 10.255, e: 1e-13 }, { lo: 10.255, hi: 10.265, e: 1e-13 })).toBe(undefined);
    expect(meets({ lo: 10.245, hi: 10.255, e: 1e-13 }, { lo: 10.265, hi: 10.275, e: 1e-13 })).toBe(false);
    expect(meets({ lo: 10.245, hi: 10.255, e: 1e-13 }, { lo: 10.25, hi: 10.26, e: 1e-13 })).toBe(true);
  });

  it('reads a share of a whole that may be zero as any share, as the exact arithmetic does', () => {
    expect(percentOf({ lo: 1, hi: 2, e: 0 }, { lo: -0.005, hi: 0.005, e: 0 })).toBe(EVERYTHING);
    expect(percentOf({ lo: 1, hi: 2, e: 0 }, { lo: 1e-20, hi: 0.005, e: 1e-19 })).toBe(undefined);
  });

  it('leaves a value on a rounding tie to the exact arithmetic', () => {
    expect(roundsTo({ lo: 29.445, hi: 29.445, e: 1e-14 }, '29.45', 2)).toBe(undefined);
    expect(roundsTo({ lo: 29.4465, hi: 29.4465, e: 1e-14 }, '29.45', 2)).toBe(true);
    expect(roundsTo({ lo: 29.4465, hi: 29.4465, e: 1e-14 }, '29.44', 2)).toBe(false);
  });
});

/** Plans in every phrasing, some with one to three figures off by a few units of their last digit. */
const damagedPlan = fc
  .record({ plan: planArb, phrasing: fc.constantFrom(...PHRASINGS), withShares: fc.boolean(), picks: fc.array(fc.tuple(fc.nat(), fc.integer({ min: -900, max: 900 })), { maxLength: 3 }) })
  .map(({ plan, phrasing, withShares, picks }) => {
    const { text, figures } = renderPlan(plan, phrasing, withShares);
    let out = text;
    for (const [pick, delta] of picks) {
      const f = figures[pick % figures.length]!;
      const changed = perturb(f.text, delta);
      if (!changed.startsWith('-')) out = out.replace(f.text, changed);
    }
    return out;
  });

function tableOf(text: string) {
  const { figures } = extract(text);
  return { t: new FigureTable(figures), relations: buildStructure(figures).relations };
}

describe('float evaluation agrees with the exact one (property)', () => {
  it('quickOk is the exact answer or undefined, in both readings; quickClean only where grading is silent', () => {
    fc.assert(
      fc.property(damagedPlan, (text) => {
        const { t, relations } = tableOf(text);
        for (const r of relations) {
          for (const reading of ['plain', 'coarse'] as const) {
            const q = quickOk(r, t, reading);
            if (q !== undefined) expect(q, `${r.kind} ${r.stated.value} ${reading}`).toBe(holdsExactly(r, t, reading).ok);
          }
          const clean = quickClean(r, t);
          if (clean === undefined) continue;
          const ev = evaluate(r, t, 'plain');
          const silent = ev.ok && (r.kind === 'atMost' || r.stated.qualifier !== undefined || new Dec(ev.expected.toFixed(r.stated.decimals, Dec.ROUND_HALF_UP)).eq(new Dec(r.stated.value)));
          expect(clean, `${r.kind} ${r.stated.value}`).toBe(silent);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('with one figure supposed otherwise (as diagnosis tries), kept sums and windows never reject a value the exact check accepts', () => {
    fc.assert(
      fc.property(damagedPlan, fc.nat(), (text, pick) => {
        const { t, relations } = tableOf(text);
        const areaFigures = t.figures.filter((f) => relations.some((r) => r.stated.id === f.id || r.inputs.includes(f)));
        if (areaFigures.length === 0) return;
        const f = areaFigures[pick % areaFigures.length]!;
        const related = relations.filter((r) => r.stated.id === f.id || r.inputs.some((i) => i.id === f.id));
        const sums = new PartSums(t);
        for (const r of related) sums.prepare(r);
        const windows = related.map((r) => windowOf(r, f, t, sums));
        const changed = f.pairOf ? [f.id, f.pairOf] : [f.id];
        for (const { value } of slips(f.value).slice(0, 60)) {
          const own = t.approxAs(f, value);
          t.withOverride(f.id, value, () => {
            related.forEach((r, i) => {
              const exact = holdsExactly(r, t, 'plain').ok;
              const kept = quickOk(r, t, 'plain', () => sums.now(r, changed));
              if (kept !== undefined) expect(kept, `${r.kind} ${f.value}→${value}`).toBe(exact);
              const w = windows[i];
              if (exact && w && own && own.lo - own.e > 0) expect(meets(own, w), `window of ${r.kind} ${f.value}→${value}`).not.toBe(false);
            });
          });
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('relations read exactly', () => {
  it('a sum, a pair and a share of the same plan: holds, and what the printed parts imply', () => {
    const { t, relations } = tableOf('某县2026年度国有建设用地供应计划\n供应总量100.00公顷（1500.00亩），其中出让60.00公顷，占比60.00%，划拨40.03公顷，占比40.03%。');
    const byRule = (rule: string): Relation => relations.find((r) => r.rule === rule)!;
    expect(holdsExactly(byRule('sum-method'), t, 'plain').ok).toBe(false);
    expect(evaluate(byRule('sum-method'), t, 'plain').expected.toFixed()).toBe('100.03');
    expect(holdsExactly(byRule('area-conversion'), t, 'plain').ok).toBe(true);
    expect(relations.filter((r) => r.rule === 'share').map((r) => [r.stated.value, holdsExactly(r, t, 'plain').ok])).toEqual([
      ['60.00', true],
      ['40.03', true],
    ]);
  });
});
