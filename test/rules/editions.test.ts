/**
 * Standards by edition and date in force: the same supply on either side of the date an edition
 * came into force gets the two editions' results.
 */
import { describe, expect, it } from 'vitest';
import { editionOn } from '../../src/domain/rules/standards.js';
import { industrialListing, patch, runRule, supplyCtx, testRuleSet, allocationSchool, residentialListing } from './helpers.js';
import type { Json } from './helpers.js';

/** The supply with its conditions dated `day` (announcement) and the rest kept in order. */
const on = (json: Json, day: string): Json => ({ ...json, dates: { announcement: day } });
const nonInfo = (id: string, json: Json, rs = 'xj-demo-2026') => runRule(id, supplyCtx(json), rs).filter((f) => f.severity !== 'info');
const all = (id: string, json: Json, rs = 'xj-demo-2026') => runRule(id, supplyCtx(json), rs);

describe('工业项目建设用地控制指标: 2008 → 2023 (in force 2023-05-01, figures unconfirmed)', () => {
  const coverage35 = patch(industrialListing, { industrial: { buildingCoverage: '0.35' } });
  it('a rule set choosing 2023 judges a supply announced the day before by 2008 (0.30): 0.35 passes', () => {
    expect(nonInfo('industrial-building-coverage-min', on(coverage35, '2023-04-30'), 'test-indicators-2023')).toEqual([]);
  });
  it('and one announced on the day by 2023 (0.40): 0.35 fails, citing the 2023 edition as unconfirmed', () => {
    const fs = nonInfo('industrial-building-coverage-min', on(coverage35, '2023-05-01'), 'test-indicators-2023');
    expect(fs.map((f) => [f.severity, f.figures, f.expected, f.confidence])).toEqual([['error', ['industrial.buildingCoverage'], '>= 0.4', 'unconfirmed']]);
    expect(fs[0]!.basis).toContain('自然资发〔2023〕72号');
  });
  it('a rule set choosing 2008 keeps 2008 after 2023 too, citing 24号 as secondary', () => {
    expect(nonInfo('industrial-building-coverage-min', on(coverage35, '2026-05-01'))).toEqual([]);
    const fs = nonInfo('industrial-building-coverage-min', on(patch(industrialListing, { industrial: { buildingCoverage: '0.29' } }), '2026-05-01'));
    expect(fs.map((f) => [f.basis, f.confidence])).toEqual([['《工业项目建设用地控制指标》（国土资发〔2008〕24号）', 'secondary']]);
  });
  it('a 2023 figure not at hand is "cannot check", never a pass', () => {
    const fs = all('industrial-admin-share-max', on(patch(industrialListing, { industrial: { adminShare: '0.5' } }), '2024-01-01'), 'test-indicators-2023');
    expect(fs.map((f) => [f.severity, f.figures])).toEqual([['info', ['industrial.adminShare']]]);
    expect(fs[0]!.message.zh).toContain('无法核验');
    const far = all('industrial-far-min-by-industry', on(patch(industrialListing, { industrial: { far: '0.1' } }), '2024-01-01'), 'test-indicators-2023');
    expect(far.map((f) => f.severity)).toEqual(['info']);
  });
  it('a supply from before 2008 has no edition loaded: not checked, and it says so', () => {
    const fs = all('industrial-building-coverage-min', on(patch(industrialListing, { industrial: { buildingCoverage: '0.1' } }), '2008-01-30'));
    expect(fs.map((f) => f.severity)).toEqual(['info']);
    expect(fs[0]!.message.zh).toContain('2008-01-30 时没有已载入的《工业项目建设用地控制指标》版本');
  });
  it('with no date at all the chosen edition applies', () => {
    const std = testRuleSet('test-indicators-2023').rules['industrial-building-coverage-min']!.params['indicators'] as Parameters<typeof editionOn>[0];
    expect(editionOn(std, undefined)?.edition).toBe('2023');
    expect(editionOn(std, '2023-04-30')?.edition).toBe('2008');
    expect(std.newer).toEqual([]);
    const national = testRuleSet('cn-2026').rules['industrial-building-coverage-min']!.params['indicators'] as Parameters<typeof editionOn>[0];
    expect([national.chosen, national.newer.map((e) => e.edition)]).toEqual(['2008', ['2023']]);
  });
});

describe('全国工业用地出让最低价标准 (2006 edition, in force 2007-01-01)', () => {
  // 2 ha in 等别 14: 84 元/m² → 168 万元
  const low = patch(industrialListing, { prices: { reserve: '167.99', cost: '100' } });
  it('the day before: no edition in force, not checked against it', () => {
    expect(all('reserve-price-floor', on(low, '2006-12-31')).map((f) => [f.severity, f.figures])).toEqual([['info', ['prices.reserve']]]);
  });
  it('on the day: below the floor is an error', () => {
    expect(nonInfo('reserve-price-floor', on(low, '2007-01-01')).map((f) => f.figures)).toEqual([['prices.reserve']]);
  });
});

describe('划拨用地目录 (国土资源部令第9号, in force 2001-10-22)', () => {
  const bad = { ...allocationSchool, allocationCatalogueItem: '九十九' };
  it('the day before: not checked', () => {
    expect(all('allocation-eligibility', { ...bad, dates: { contract: '2001-10-21' } }).map((f) => f.severity)).toEqual(['info']);
  });
  it('on the day: an item not in the catalogue is refused', () => {
    expect(nonInfo('allocation-eligibility', { ...bad, dates: { contract: '2001-10-22' } }).map((f) => f.figures)).toEqual([['allocationCatalogueItem']]);
  });
});

describe('限制/禁止用地项目目录 (2012 edition, in force 2012-05-23; the 2006 增补本 has no date on file)', () => {
  const lowFar = patch(residentialListing, { far: { min: '0.8' } });
  it('the day before 2012: the 2006 edition has no date, so it says it cannot check', () => {
    expect(all('residential-far-min', on(lowFar, '2012-05-22')).map((f) => f.severity)).toEqual(['info']);
  });
  it('on the day: the 2012 FAR floor applies', () => {
    expect(nonInfo('residential-far-min', on(lowFar, '2012-05-23')).map((f) => f.figures)).toEqual([['far.min']]);
  });
});
