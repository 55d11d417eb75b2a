import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkSupply } from '../../src/services/check-supply.js';
import { checkPlan } from '../../src/services/check-plan.js';
import { industrialListing, residentialListing, quotaState } from './helpers.js';
import { smallPlan } from '../plan/fixtures.js';

const FIELDS = [...new Set([...Object.keys(residentialListing), ...Object.keys(industrialListing), 'existingLandArea', 'useScheme', 'progress', 'governmentCauses', 'geometry'])];

/** A valid supply with some fields dropped and some replaced by arbitrary JSON. */
const mutated = fc
  .record({ base: fc.constantFrom(residentialListing, industrialListing), drop: fc.subarray(FIELDS), replace: fc.dictionary(fc.constantFrom(...FIELDS), fc.jsonValue(), { maxKeys: 3 }) })
  .map(({ base, drop, replace }) => {
    const out: Record<string, unknown> = { ...base, ...replace };
    for (const k of drop) delete out[k];
    return out;
  });

describe('bad input never crashes a check', () => {
  it('arbitrary JSON as a supply gives findings, never an exception', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = checkSupply(v, { ruleSet: 'xj-demo-2026', quota: quotaState() });
        expect(r.findings.length).toBeGreaterThan(0);
        expect(r.findings.every((f) => f.figures.length > 0 && f.message.zh && f.message.en)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
  it('a valid supply with fields dropped or replaced is checked or refused by field, never an exception', () => {
    fc.assert(
      fc.property(mutated, (v) => {
        const r = checkSupply(v, { ruleSet: 'xj-demo-2026', quota: quotaState() });
        if (!r.supply) expect(r.findings.some((f) => f.rule === 'supply-input' && f.severity === 'error')).toBe(true);
        expect(r.verdict === 'refuse').toBe(r.findings.some((f) => f.severity === 'error'));
        // a rule that threw is caught and reported as "failed": that must not happen either
        expect(r.findings.filter((f) => f.message.en.includes(' failed: ')).map((f) => f.message.en)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
  it('a plan with fields replaced by arbitrary JSON gives findings, never an exception', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...Object.keys(smallPlan)), fc.jsonValue(), { maxKeys: 3 }), (replace) => {
        const r = checkPlan({ ...smallPlan, ...replace });
        expect(Array.isArray(r.findings)).toBe(true);
        expect(r.findings.filter((f) => f.message.en.includes(' failed: ')).map((f) => f.message.en)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
