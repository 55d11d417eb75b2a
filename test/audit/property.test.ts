import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { auditText } from '../../src/audit/index.js';
import { PHRASINGS, perturb, planArb, renderPlan } from './plan-text.js';


const errorsOf = (text: string) => auditText(text).findings.filter((f) => f.severity === 'error');

describe('audit on generated plans (property)', () => {
  it('finds no error in consistent plans, in any phrasing, with or without shares', () => {
    fc.assert(
      fc.property(planArb, fc.constantFrom(...PHRASINGS), fc.boolean(), (plan, phrasing, withShares) => {
        const { text } = renderPlan(plan, phrasing, withShares);
        const errors = errorsOf(text);
        expect(errors, `${phrasing}\n${text}\n${JSON.stringify(errors, null, 1)}`).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('extracts every printed figure of a generated plan', () => {
    fc.assert(
      fc.property(planArb, fc.constantFrom(...PHRASINGS), fc.boolean(), (plan, phrasing, withShares) => {
        const { text, figures } = renderPlan(plan, phrasing, withShares);
        const values = auditText(text).figures.map((f) => `${f.value}|${f.unit}`);
        for (const p of figures) expect(values).toContain(`${p.text}|${p.unit}`);
      }),
      { numRuns: 100 },
    );
  });

  it('reports an error whose stated figure is the one perturbed beyond its rounding', () => {
    fc.assert(
      fc.property(planArb, fc.constantFrom(...PHRASINGS), fc.boolean(), fc.nat(), fc.integer({ min: 30, max: 900 }), fc.boolean(), (plan, phrasing, withShares, pick, size, up) => {
        const { text, figures } = renderPlan(plan, phrasing, withShares);
        // Figures that a finding names as `stated`: the total, 亩 restatements and shares.
        const bothUnits = phrasing === 'haWithMuList' || phrasing === 'flattenedFullWidth';
        const candidates = figures.filter((f) => f.key.startsWith('total.') || (f.unit === 'mu' && bothUnits) || f.unit === 'percent');
        const target = candidates[pick % candidates.length]!;
        const delta = up ? size : -size;
        const changed = perturb(target.text, delta);
        if (changed.startsWith('-') || Number(changed) === 0) return;
        const fullWidth = phrasing === 'flattenedFullWidth';
        const needle = fullWidth ? toFull(target.text) : target.text;
        const pos = locate(text, needle);
        expect(pos).toBeGreaterThanOrEqual(0);
        const mutated = text.slice(0, pos) + (fullWidth ? toFull(changed) : changed) + text.slice(pos + needle.length);
        const errors = errorsOf(mutated);
        expect(errors.map((e) => e.stated), `${target.key} ${target.text}→${changed}\n${mutated}`).toContain(changed);
      }),
      { numRuns: 300 },
    );
  });

  it('reports an error when a part is perturbed, and names it when a single digit explains every failure', () => {
    fc.assert(
      fc.property(planArb, fc.constantFrom('haWithMuList', 'haRunOn', 'muOnly') as fc.Arbitrary<'haWithMuList' | 'haRunOn' | 'muOnly'>, fc.nat(), fc.integer({ min: 1, max: 8 }), (plan, phrasing, pick, digit) => {
        const { text, figures } = renderPlan(plan, phrasing, true);
        const parts = figures.filter((f) => /^cat\d\.(ha|mu)$/.test(f.key) && (phrasing !== 'haWithMuList' || f.unit === 'ha'));
        const target = parts[pick % parts.length]!;
        // One digit of the integer part mistyped (a typing slip of at least 1 ha or 亩).
        const intLen = target.text.split('.')[0]!.length;
        const at = pick % intLen;
        const old = Number(target.text[at]);
        const next = (old + digit) % 10;
        if (at === 0 && next === 0) return;
        const changed = target.text.slice(0, at) + String(next) + target.text.slice(at + 1);
        const pos = locate(text, target.text);
        if (pos < 0) return; // the same value printed twice earlier; skip
        const mutated = text.slice(0, pos) + changed + text.slice(pos + target.text.length);
        const report = auditText(mutated);
        const errors = report.findings.filter((f) => f.severity === 'error');
        expect(errors.length, mutated).toBeGreaterThan(0);
        const suggestions = errors.map((e) => e.suggestion?.en ?? '').join('\n');
        if (suggestions.includes('typing slip')) expect(suggestions).toContain(changed);
      }),
      { numRuns: 200 },
    );
  });
});

/** Offset of a whole printed number (not a tail of a longer one). */
function locate(text: string, needle: string): number {
  let at = text.indexOf(needle);
  while (at >= 0) {
    const before = text[at - 1] ?? '';
    if (!/[0-9.０-９．]/.test(before)) return at;
    at = text.indexOf(needle, at + 1);
  }
  return -1;
}

function toFull(s: string): string {
  return s.replace(/[0-9.%]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}
