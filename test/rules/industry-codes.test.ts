/**
 * GB/T 4754 editions and the crosswalk (data/classification/industry-gbt4754.json): the 2008 FAR
 * floors are keyed by 2002 divisions, and from division 29 on 2011/2017 number industries differently.
 */
import { describe, expect, it } from 'vitest';
import { industryCodeIn, industryCrosswalkSource, industryDivisionName } from '../../src/domain/classification/industry.js';
import { parseSupply } from '../../src/domain/rules/supply-input.js';
import { industrialListing, patch, runRule, supplyCtx, testRuleSet } from './helpers.js';
import type { Dec } from '../../src/domain/decimal.js';

const floors2008 = (): Record<string, Dec> => {
  const std = testRuleSet('cn-2026').rules['industrial-far-min-by-industry']!.params['indicators'] as { editions: { edition: string; entries: { farFloors: { byDivision: Record<string, string> } } }[] };
  const e = std.editions.find((x) => x.edition === '2008')!;
  return e.entries.farFloors.byDivision as unknown as Record<string, Dec>;
};
/** The FAR floor the rule applies to a code of an edition: the expected value of its failing finding at FAR 0.01. */
const floorFor = (code: string, edition: string): string | undefined => {
  const fs = runRule('industrial-far-min-by-industry', supplyCtx(patch(industrialListing, { industryCode: code, industryCodeEdition: edition, industrial: { far: '0.01' } })));
  return fs.find((f) => f.severity === 'error')?.expected;
};

describe('GB/T 4754 crosswalk', () => {
  it('names its source', () => {
    expect(industryCrosswalkSource()).toContain('GB/T 4754-2011');
    expect(industryCrosswalkSource()).toContain('RULES-REVIEW.md');
  });
  it('the four divisions the review names get the 2002 floors of the same industries', () => {
    expect([industryDivisionName('30', '2017'), floorFor('C3021', '2017')]).toEqual(['非金属矿物制品业', '>= 0.7']);
    expect([industryDivisionName('31', '2017'), floorFor('C3110', '2017')]).toEqual(['黑色金属冶炼和压延加工业', '>= 0.6']);
    expect([industryDivisionName('39', '2017'), floorFor('C3911', '2017')]).toEqual(['计算机、通信和其他电子设备制造业', '>= 1.0']);
    expect([industryDivisionName('38', '2017'), floorFor('C3811', '2017')]).toEqual(['电气机械和器材制造业', '>= 0.7']);
  });
  it('the same digits under the 2002 edition are different industries with their own floors', () => {
    expect([industryDivisionName('30', '2002'), floorFor('3021', '2002')]).toEqual(['塑料制品业', '>= 1.0']);
    expect([industryDivisionName('31', '2002'), floorFor('3110', '2002')]).toEqual(['非金属矿物制品业', '>= 0.7']);
    expect(floors2008()['38']).toBeUndefined();
  });
  it('a merged 2011 division maps by group: 291 橡胶 → 29, 292 塑料 → 30; the bare division is ambiguous', () => {
    expect(industryCodeIn('C2911', '2011', '2002')).toEqual(['29']);
    expect(industryCodeIn('C2921', '2017', '2002')).toEqual(['30']);
    expect(industryCodeIn('29', '2011', '2002')).toEqual(['29', '30']);
    const fs = runRule('industrial-far-min-by-industry', supplyCtx(patch(industrialListing, { industryCode: 'C29', industryCodeEdition: '2017', industrial: { far: '0.01' } })));
    expect(fs.map((f) => [f.severity, f.figures])).toEqual([['warning', ['industryCode']]]);
  });
  it('reads backwards too: 2002 交通运输设备 (37) is 2017 汽车 (36) and other transport (37)', () => {
    expect(industryCodeIn('37', '2002', '2017')).toEqual(['36', '37']);
  });
  it('a 2017 repair code (43) has no 2002 division and no floor: a warning, not a pass or a guess', () => {
    expect(industryCodeIn('C4310', '2017', '2002')).toEqual([]);
    expect(runRule('industrial-far-min-by-industry', supplyCtx(patch(industrialListing, { industryCode: 'C4310', industrial: { far: '0.01' } }))).map((f) => f.severity)).toEqual(['warning']);
  });
});

describe('an industry code of unknown edition', () => {
  it('is refused on input with a message naming the editions and why', () => {
    const r = parseSupply({ ...industrialListing, industryCodeEdition: undefined });
    expect(r.supply).toBeUndefined();
    expect(r.findings.map((f) => [f.rule, f.severity, f.figures])).toEqual([['supply-input', 'error', ['industryCodeEdition']]]);
    expect(r.findings[0]!.message.zh).toContain('2002、2011 或 2017');
    expect(r.findings[0]!.message.en).toContain('30 is plastics in 2002, non-metallic minerals in 2011/2017');
  });
  it('an edition that is not 2002, 2011 or 2017 is refused too', () => {
    expect(parseSupply({ ...industrialListing, industryCodeEdition: '2019' }).findings.map((f) => f.figures)).toEqual([['industryCodeEdition']]);
  });
  it('a code that is not a GB/T 4754 code is refused', () => {
    expect(parseSupply({ ...industrialListing, industryCode: 'steel' }).findings.map((f) => f.figures)).toEqual([['industryCode']]);
  });
});
