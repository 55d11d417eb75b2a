import { describe, expect, it } from 'vitest';
import { loadRuleSet, prepareRules, runPrepared, RuleSetError, type RuleSetSource } from '../../src/domain/rule-set.js';
import { DATA_RULE_SOURCE, ruleSetById } from '../../src/services/rule-sets.js';
import { ALL_RULES } from '../../src/domain/rules/index.js';
import { residentialParcelMaxArea } from '../../src/domain/rules/supply/residential-parcel-max-area.js';
import { negotiatedClinic, residentialListing, runRule, supplyCtx } from './helpers.js';

describe('rule sets', () => {
  it('the national default, Jiangsu and the demo county configure every rule with valid parameters', () => {
    for (const id of ['cn-2026', 'js-2026', 'xj-demo-2026']) {
      const p = prepareRules(ALL_RULES, ruleSetById(id));
      expect(p.problems, id).toEqual([]);
      expect(p.rules.length, id).toBe(ALL_RULES.length);
    }
  });
  it('a province extends the national default and overrides one parameter', () => {
    const js = ruleSetById('js-2026');
    expect(js.chain).toEqual(['cn-2026', 'js-2026']);
    expect(js.rules['residential-parcel-max-area']?.params['limits']).toEqual({ small: { mu: '200' }, medium: { mu: '200' }, large: { mu: '200' } });
    expect(js.rules['residential-parcel-max-area']?.basis).toContain('江苏');
    expect(js.rules['villa-ban']?.params).toEqual({ farMaxBelow: '1.0' });
  });
  it('a county setting reaches the national rule through $setting', () => {
    expect(ruleSetById('cn-2026').rules['reserve-price-floor']?.params['landClass']).toBeNull();
    expect(ruleSetById('xj-demo-2026').rules['reserve-price-floor']?.params['landClass']).toBe(14);
  });
  it('Jiangsu compares its 200 亩 cap exactly in 亩', () => {
    // Jiangsu sets no county city class, so the (equal) limit is reported as a warning.
    const at = (area: object) => runRule('residential-parcel-max-area', supplyCtx({ ...residentialListing, area }), 'js-2026').filter((f) => f.severity !== 'info').length;
    expect(at({ mu: '200' })).toBe(0);
    expect(at({ ha: '13.3333' })).toBe(0);
    expect(at({ ha: '13.33334' })).toBe(1);
    expect(at({ mu: '200.01' })).toBe(1);
  });
  it('without a city class the strictest limit applies as a warning', () => {
    const fs = runRule('residential-parcel-max-area', supplyCtx({ ...residentialListing, area: { ha: '8' } }), 'cn-2026');
    expect(fs.map((f) => f.severity)).toEqual(['warning']);
  });
  it('a rule the rule set does not configure is reported and not run', () => {
    const src: RuleSetSource = { ruleSetFile: () => ({ id: 'x', title: 'x', jurisdiction: { level: 'county', code: '1', name: 'x' }, year: 2026, rules: {} }), table: () => undefined };
    const p = prepareRules([residentialParcelMaxArea], loadRuleSet('x', src));
    expect(p.rules).toEqual([]);
    expect(p.problems.map((f) => [f.rule, f.figures])).toEqual([['rule-set-incomplete', ['residential-parcel-max-area']]]);
  });
  it('bad parameters are a finding, not a crash', () => {
    const src: RuleSetSource = {
      ruleSetFile: () => ({ id: 'x', title: 'x', jurisdiction: { level: 'county', code: '1', name: 'x' }, year: 2026, rules: { 'residential-parcel-max-area': { params: { limits: 'seven' } } } }),
      table: () => undefined,
    };
    const p = prepareRules([residentialParcelMaxArea], loadRuleSet('x', src));
    expect(p.problems.map((f) => f.rule)).toEqual(['rule-set-invalid']);
  });
  it('a circular extends chain is refused', () => {
    const src: RuleSetSource = { ruleSetFile: (id) => ({ id, title: id, jurisdiction: { level: 'county', code: '1', name: id }, year: 2026, extends: id === 'a' ? 'b' : 'a', rules: {} }), table: () => undefined };
    expect(() => loadRuleSet('a', src)).toThrow(RuleSetError);
  });
  it('an unknown rule set id is refused', () => {
    expect(() => ruleSetById('no-such-set')).toThrow(RuleSetError);
  });
});

describe('a province fills in its minimum price table', () => {
  const source: RuleSetSource = {
    ruleSetFile: (id) =>
      id === 'test-prov'
        ? {
            id, title: '测试省', jurisdiction: { level: 'province', code: '990000', name: '测试省' }, year: 2026, extends: 'xj-demo-2026',
            settings: { provincialMinimum: { 'commercial:dj3': '1000', 'publicServices:dj3': '500' } },
            rules: { 'reserve-price-floor': { params: { provincialMinimumYuanPerM2: { $setting: 'provincialMinimum' } } }, 'negotiated-grant-price-floor': { params: { provincialMinimumYuanPerM2: { $setting: 'provincialMinimum' } } } },
          }
        : DATA_RULE_SOURCE.ruleSetFile(id),
    table: (p) => DATA_RULE_SOURCE.table(p),
  };
  const rs = loadRuleSet('test-prov', source);
  const run = (id: string, json: Record<string, unknown>) => runPrepared(prepareRules(ALL_RULES.filter((r) => r.id === id), rs), supplyCtx(json)).filter((f) => f.severity === 'error').map((f) => f.figures);
  // 1 ha of 商业 at dj3: 1000 元/m² × 10 000 m² = 1000 万元
  const shop = { ...residentialListing, useCode: '0901', housingType: undefined, termYears: 40, landGrade: 'dj3', area: { ha: '1' } };
  it('a reserve price below the provincial minimum of the grade is refused', () => {
    expect(run('reserve-price-floor', { ...shop, prices: { reserve: '1000', cost: '1' } })).toEqual([]);
    expect(run('reserve-price-floor', { ...shop, prices: { reserve: '999.99', cost: '1' } })).toEqual([['prices.reserve', 'landGrade']]);
  });
  it('a negotiated price below the provincial minimum is refused', () => {
    const clinic = { ...negotiatedClinic, landGrade: 'dj3' };
    expect(run('negotiated-grant-price-floor', { ...clinic, prices: { transaction: '500', cost: '1', benchmarkYuanPerM2: '1' } })).toEqual([]);
    expect(run('negotiated-grant-price-floor', { ...clinic, prices: { transaction: '499', cost: '1', benchmarkYuanPerM2: '1' } })).toEqual([['prices.transaction', 'landGrade']]);
  });
});
