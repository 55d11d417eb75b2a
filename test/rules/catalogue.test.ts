import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../src/domain/rules/index.js';
import { SUPPLY_CASES, type RuleCase } from './cases-supply.js';
import { POST_CASES } from './cases-post.js';
import { PLAN_CASES } from '../plan/cases-plan.js';
import { runRule } from './helpers.js';

const ALL_CASES: readonly RuleCase<unknown>[] = [...SUPPLY_CASES, ...POST_CASES, ...PLAN_CASES] as RuleCase<unknown>[];

describe('rules catalogue', () => {
  it('has a passing and a failing case for every rule', () => {
    const covered = new Set(ALL_CASES.map((c) => c.rule));
    expect(ALL_RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });
  it('rule ids are unique', () => {
    expect(new Set(ALL_RULES.map((r) => r.id)).size).toBe(ALL_RULES.length);
  });
  it('every rule names a legal basis document', () => {
    for (const r of ALL_RULES) expect(r.basis.document.length, r.id).toBeGreaterThan(3);
  });
});

describe.each(ALL_CASES.map((c) => [c.rule, c] as const))('%s', (id, c) => {
  it('raises no error or warning on the passing case', () => {
    const fs = runRule(id, c.pass(), c.ruleSet);
    expect(fs.filter((f) => f.severity !== 'info')).toEqual([]);
  });
  it(`reports one ${c.severity} naming ${c.figures.join(', ')} on the failing case, citing its basis`, () => {
    const fs = runRule(id, c.fail(), c.ruleSet).filter((f) => f.severity !== 'info');
    expect(fs.map((f) => ({ rule: f.rule, severity: f.severity, figures: f.figures }))).toEqual([{ rule: id, severity: c.severity, figures: c.figures }]);
    const rule = ALL_RULES.find((r) => r.id === id)!;
    expect(fs[0]!.basis).toContain(rule.basis.document);
    expect(fs[0]!.message.zh.length).toBeGreaterThan(4);
    expect(fs[0]!.message.en.length).toBeGreaterThan(4);
  });
});
