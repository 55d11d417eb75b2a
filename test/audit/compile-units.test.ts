import { describe, expect, it } from 'vitest';
import { compilePlanFromText } from '../../src/services/compile-plan-from-text.js';

describe('compiling a plan from a text in other units', () => {
  it('converts 平方公里 exactly (2.01 km² is 2010000 m², not a float near it)', () => {
    const r = compilePlanFromText('某县2026年度国有建设用地供应总量为2.01平方公里。供应总量中，住宅用地1.01平方公里，商服用地1平方公里。');
    expect(r.total?.squareMetres.toFixed()).toBe('2010000');
    expect(r.cube.cells.map((c) => c.area.squareMetres.toFixed())).toEqual(['1010000', '1000000']);
  });

  it('reads 万公顷 and 万亩 totals as exact areas', () => {
    expect(compilePlanFromText('全省2026年度国有建设用地供应总量为1.25万公顷。').total?.hectares.toFixed()).toBe('12500');
    expect(compilePlanFromText('全省2026年度国有建设用地供应总量为3.3万亩。').total?.mu.toFixed()).toBe('33000');
  });
});
