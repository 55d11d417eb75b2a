import { describe, expect, it } from 'vitest';
import { loadRuleSet, prepareRules, runPrepared, RuleSetError, type RuleSetSource } from '../../src/domain/rule-set.js';
import { DATA_RULE_SOURCE, ruleSetById } from '../../src/services/rule-sets.js';
import { ALL_RULES } from '../../src/domain/rules/index.js';
import { residentialParcelMaxArea } from '../../src/domain/rules/supply/residential-parcel-max-area.js';
import { negotiatedClinic, residentialListing, runRule, supplyCtx } from './helpers.js';

/** A source serving data/ plus the rule-set files given here (by id). */
function withFiles(files: Record<string, object>): RuleSetSource {
  return { ruleSetFile: (id) => files[id] ?? DATA_RULE_SOURCE.ruleSetFile(id), table: (p) => DATA_RULE_SOURCE.table(p) };
}
const county = (id: string, ext: string, rules: object, settings: object = {}): object => ({ id, title: id, jurisdiction: { level: 'county', code: '990000', name: id }, year: 2026, extends: ext, source: `${id} text`, settings, rules });
const refusal = (id: string, src: RuleSetSource): RuleSetError => {
  try {
    loadRuleSet(id, src);
  } catch (e) {
    if (e instanceof RuleSetError) return e;
    throw e;
  }
  throw new Error(`${id} loaded`);
};

describe('rule sets', () => {
  it('the national default, Jiangsu and the demo county configure every rule with valid parameters', () => {
    for (const id of ['cn-2026', 'js-2026', 'xj-demo-2026']) {
      const rs = ruleSetById(id);
      const p = prepareRules(ALL_RULES, rs);
      expect(p.problems, id).toEqual([]);
      const disabled = ALL_RULES.filter((r) => rs.rules[r.id]?.enabled === false).map((r) => r.id);
      expect(disabled, id).toEqual(['housing-inventory-cycle', 'industrial-investment-intensity-min']);
      expect(p.rules.length, id).toBe(ALL_RULES.length - 2);
    }
  });
  it('a province extends the national default and tightens one parameter', () => {
    const js = ruleSetById('js-2026');
    expect(js.chain).toEqual(['cn-2026', 'js-2026']);
    expect(js.rules['residential-parcel-max-area']?.params['limits']).toEqual({ small: { ha: '7' }, medium: { mu: '200' }, large: { mu: '200' } });
    expect(js.rules['residential-parcel-max-area']?.basis).toMatchObject({ document: expect.stringContaining('江苏'), confidence: 'secondary' });
    expect(js.rules['villa-ban']?.params['farMaxBelow']).toBe('1.0');
  });
  it('a county setting reaches the national rule through $setting', () => {
    expect(ruleSetById('cn-2026').rules['reserve-price-floor']?.params['landClass']).toBeNull();
    expect(ruleSetById('xj-demo-2026').rules['reserve-price-floor']?.params['landClass']).toBe(14);
  });
  it('a Jiangsu medium city compares its 200 亩 cap exactly in 亩', () => {
    const at = (area: object) => runRule('residential-parcel-max-area', supplyCtx({ ...residentialListing, area }), 'test-js-county').filter((f) => f.severity !== 'info').map((f) => f.severity);
    expect(at({ mu: '200' })).toEqual([]);
    expect(at({ ha: '13.3333' })).toEqual([]);
    expect(at({ ha: '13.33334' })).toEqual(['error']);
    expect(at({ mu: '200.01' })).toEqual(['error']);
  });
  it('in Jiangsu a small city keeps the national 7 ha, the strictest limit when no city class is set', () => {
    const fs = runRule('residential-parcel-max-area', supplyCtx({ ...residentialListing, area: { ha: '7.01' } }), 'js-2026');
    expect(fs.map((f) => [f.severity, f.message.zh.includes('7 公顷')])).toEqual([['warning', true]]);
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
  it('a rule set configuring a rule that does not exist is refused, naming it', () => {
    const e = refusal('typo', withFiles({ typo: county('typo', 'cn-2026', { 'bid-deposit-2O': { params: { minShare: '0.3' } } }) }));
    expect(e.message).toContain('bid-deposit-2O');
  });
});

describe('national floors hold: a provincial or county rule set may only tighten', () => {
  it('Jiangsu as it was (small cities at 200 亩, looser than 7 ha) fails to load, naming the parameter, both values and both sources', () => {
    const old = { ...(DATA_RULE_SOURCE.ruleSetFile('js-2026') as Record<string, unknown>) };
    old['rules'] = { 'residential-parcel-max-area': { basis: '江苏省贯彻国土资发〔2007〕236号文件', params: { limits: { small: { mu: '200' }, medium: { mu: '200' }, large: { mu: '200' } } } } };
    const e = refusal('js-2026', withFiles({ 'js-2026': old }));
    expect(e.message).toContain('residential-parcel-max-area limits.small (a maximum) from 7 ha (cn-2026) to 200 mu (js-2026)');
    expect(e.message).toContain('cn-2026: 《限制用地项目目录（2012年本）》');
    expect(e.message).toContain('js-2026: 江苏省贯彻国土资发〔2007〕236号文件');
    expect(e.text.zh).toContain('参数 limits.small 为上限（只能降低），cn-2026 为 7 公顷，js-2026 改为 200 亩');
  });
  it('a minimum lowered fails; the same minimum raised loads', () => {
    expect(refusal('low', withFiles({ low: county('low', 'xj-demo-2026', { 'bid-deposit-20': { params: { minShare: '0.15' } } }) })).message).toContain('bid-deposit-20 minShare (a minimum) from 0.20 (xj-demo-2026) to 0.15 (low)');
    const ok = loadRuleSet('high', withFiles({ high: county('high', 'xj-demo-2026', { 'bid-deposit-20': { params: { minShare: '0.30' } } }) }));
    expect(ok.rules['bid-deposit-20']?.params['minShare']).toBe('0.30');
  });
  it('a maximum raised fails, also through a record of limits (a longer commercial term)', () => {
    const e = refusal('long', withFiles({ long: county('long', 'cn-2026', { 'max-term-by-use': { params: { byUseClass: { residential: 70, industrial: 50, storage: 50, mining: 50, publicServices: 50, commercial: 50, entertainment: 40 } } } }) }));
    expect(e.message).toContain('max-term-by-use byUseClass.commercial (a maximum) from 40');
  });
  it('removing a limit from a record loosens it too', () => {
    const e = refusal('gone', withFiles({ gone: county('gone', 'cn-2026', { 'max-term-by-use': { params: { byUseClass: { residential: 70 } } } }) }));
    expect(e.message).toMatch(/byUseClass\.(industrial|storage|mining|publicServices|commercial|entertainment) \(a maximum\) from \d+ \(cn-2026\) to \(none\)/);
  });
  it('a statutory rate may not change either way', () => {
    for (const v of ['0.19', '0.21']) expect(refusal('fee', withFiles({ fee: county('fee', 'cn-2026', { 'idle-fee-1y': { params: { feeShare: v } } }) })).message).toContain('idle-fee-1y feeShare (a fixed)');
  });
  it('a county may not loosen its province either', () => {
    const e = refusal('c', withFiles({ c: county('c', 'js-2026', { 'residential-parcel-max-area': { params: { limits: { small: { ha: '7' }, medium: { ha: '14' }, large: { mu: '200' } } } } }) }));
    expect(e.message).toContain('limits.medium (a maximum) from 200 mu (js-2026) to 14 ha (c)');
  });
  it('a later deadline is a looser one', () => {
    expect(refusal('late', withFiles({ late: county('late', 'cn-2026', { 'plan-publication-deadline': { params: { monthDay: '04-30' } } }) })).message).toContain('monthDay (a maximum) from 03-31');
    expect(loadRuleSet('early', withFiles({ early: county('early', 'cn-2026', { 'plan-publication-deadline': { params: { monthDay: '03-15' } } }) })).id).toBe('early');
  });
  it('an older edition than the parent chose, or a table of its own for a standard, fails', () => {
    const older = county('older', 'test-2023-parent', {}, { editions: { industrialIndicators: '2008' } });
    const parent = county('test-2023-parent', 'cn-2026', {}, { editions: { industrialIndicators: '2023' } });
    expect(refusal('older', withFiles({ older, 'test-2023-parent': parent })).message).toContain('settings.editions.industrialIndicators');
    const own = county('own', 'cn-2026', { 'industrial-building-coverage-min': { params: { indicators: { buildingCoverageMin: '0.1' } } } });
    expect(refusal('own', withFiles({ own })).message).toContain('industrial-building-coverage-min indicators');
  });
  it('a stricter local limit on an edition figure loads and the stricter applies (Xiamen 建筑系数 0.40)', () => {
    const src = withFiles({ xm: county('xm', 'xj-demo-2026', { 'industrial-building-coverage-min': { params: { limit: '0.40' } } }) });
    const rs = loadRuleSet('xm', src);
    const run = (v: string) => runPrepared(prepareRules(ALL_RULES.filter((r) => r.id === 'industrial-building-coverage-min'), rs), supplyCtx({ ...industrial(), industrial: { ...industrial()['industrial'] as object, buildingCoverage: v } })).filter((f) => f.severity === 'error').length;
    expect(run('0.40')).toBe(0);
    expect(run('0.39')).toBe(1);
  });
});

function industrial(): Record<string, unknown> {
  return { id: 'I', area: { ha: '2' }, useCode: '1001', method: '23', industryCode: 'C3511', industryCodeEdition: '2017', industrial: { buildingCoverage: '0.45', adminShare: '0.05', greenRatio: '0.12', far: '1.1' } };
}

describe('a province fills in its minimum price table', () => {
  const source = withFiles({
    'test-prov': {
      id: 'test-prov', title: '测试省', jurisdiction: { level: 'province', code: '990000', name: '测试省' }, year: 2026, extends: 'xj-demo-2026',
      settings: { provincialMinimum: { 'commercial:dj3': '1000', 'publicServices:dj3': '500' } },
      rules: { 'reserve-price-floor': { params: { provincialMinimumYuanPerM2: { $setting: 'provincialMinimum' } } }, 'negotiated-grant-price-floor': { params: { provincialMinimumYuanPerM2: { $setting: 'provincialMinimum' } } } },
    },
  });
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
