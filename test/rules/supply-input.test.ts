import { describe, expect, it } from 'vitest';
import { parseSupply } from '../../src/domain/rules/supply-input.js';
import { residentialListing, patch, industrialListing } from './helpers.js';

const fields = (input: unknown): string[] => parseSupply(input).findings.flatMap((f) => f.figures);

describe('supply JSON input', () => {
  it('parses a complete supply into exact values', () => {
    const r = parseSupply(residentialListing);
    expect(r.findings).toEqual([]);
    expect(r.supply?.area.squareMetres.toFixed()).toBe('30000');
    expect(r.supply?.category).toBe('residential');
    expect(r.supply?.useClass).toBe('residential');
    expect(r.supply?.prices.reserveWanYuan?.toFixed()).toBe('3000');
  });
  it('names each missing required field', () => {
    const r = parseSupply({ id: 'X' });
    expect(r.supply).toBeUndefined();
    expect(r.findings.map((f) => f.figures[0]).sort()).toEqual(['area', 'method', 'useCode']);
    expect(r.findings.every((f) => f.message.zh.includes('缺失'))).toBe(true);
  });
  it('refuses a non-object with a finding, not an exception', () => {
    expect(fields(null)).toEqual(['(root)']);
    expect(fields([1, 2])).toEqual(['(root)']);
    expect(fields('text')).toEqual(['(root)']);
  });
  it('names an unknown use code', () => {
    const r = parseSupply(patch(residentialListing, { useCode: '9999' }));
    expect(r.supply).toBeUndefined();
    expect(r.findings.map((f) => f.figures)).toEqual([['useCode']]);
  });
  it('refuses a use code with anything but its digits', () => {
    expect(fields(patch(residentialListing, { useCode: "0701'; DROP TABLE parcel; --" }))).toEqual(['useCode']);
    expect(fields(patch(residentialListing, { useCode: '07010' }))).toEqual(['useCode']);
  });
  it('reads GB/T 21010 codes when the scheme says so (0601 is industrial there, a rural road in 2023)', () => {
    expect(parseSupply(patch(industrialListing, { useCode: '0601', useScheme: 'gbt21010' })).supply?.useClass).toBe('industrial');
    expect(fields(patch(industrialListing, { useCode: '0601' }))).toEqual(['useCode']);
  });
  it('names an unknown method and accepts a method by name', () => {
    expect(fields(patch(residentialListing, { method: '99' }))).toEqual(['method']);
    expect(parseSupply(patch(residentialListing, { method: '挂牌出让' })).supply?.method).toBe('23');
  });
  it('names dates in the wrong order but still checks the supply', () => {
    const r = parseSupply(patch(residentialListing, { dates: { agreedStart: '2026-05-01' } }));
    expect(r.supply).toBeDefined();
    expect(r.findings.map((f) => [f.rule, f.figures])).toEqual([
      ['supply-dates-order', ['dates.contract', 'dates.agreedStart']],
      ['supply-dates-order', ['dates.agreedDelivery', 'dates.agreedStart']],
    ]);
  });
  it('names an impossible calendar date', () => {
    expect(fields(patch(residentialListing, { dates: { contract: '2026-02-30' } }))).toEqual(['dates.contract']);
  });
  it('names an existing-land area larger than the parcel', () => {
    expect(fields(patch(residentialListing, { existingLandArea: { ha: '3.0001' } }))).toEqual(['existingLandArea']);
  });
  it('enters 亩 exactly to 0.01 m²', () => {
    const r = parseSupply({ ...residentialListing, area: { mu: '200' } });
    expect(r.supply?.area.squareMetres.toFixed()).toBe('133333.33');
  });
  it('names a housing type given for a non-residential use', () => {
    expect(fields(patch(industrialListing, { housingType: 'publicRental' }))).toEqual(['housingType']);
  });
  it('refuses rural homesteads as not a state supply', () => {
    expect(fields(patch(residentialListing, { useCode: '0703', housingType: undefined }))).toEqual(['useCode']);
  });
});

describe('use codes', () => {
  it('a code with anything after a known prefix is unknown, not its prefix', () => {
    expect(fields(patch(residentialListing, { useCode: "0701'; DROP TABLE supply_record; --" }))).toEqual(['useCode']);
    expect(fields(patch(residentialListing, { useCode: '07011' }))).toEqual(['useCode']);
  });
  it('a 三级 code under a listed 二级 code is known', () => {
    expect(parseSupply(patch(industrialListing, { useCode: '100101' })).supply?.useClass).toBe('industrial');
  });
});
