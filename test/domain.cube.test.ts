import { describe, expect, it } from 'vitest';
import { Area } from '../src/domain/area.js';
import { indicators, validateCube, type PlanCube } from '../src/domain/plan/cube.js';

const ha = (v: string) => Area.fromHectares(v);

function cube(cells: PlanCube['cells']): PlanCube {
  return {
    dimensions: ['category', 'housingType'],
    cells,
    rows: [
      { category: 'residential', kind: 'binding', allocation: 'zoneAllocated' },
      { category: 'commercial', kind: 'indicative', allocation: 'pooled' },
    ],
    districts: [],
    marginals: [{ key: {}, area: ha('100'), kind: 'binding', label: '供应总量' }],
  };
}

describe('plan cube', () => {
  it('asks for a housing type on housing land only', () => {
    const ok = cube([
      { key: { category: 'residential', housingType: 'publicRental' }, area: ha('30') },
      { key: { category: 'residential', housingType: 'otherCommodity' }, area: ha('20') },
      { key: { category: 'commercial' }, area: ha('50') },
    ]);
    expect(validateCube(ok)).toEqual([]);
    const missing = cube([{ key: { category: 'residential' }, area: ha('50') }, { key: { category: 'commercial' }, area: ha('50') }]);
    expect(validateCube(missing).map((f) => f.figures[0])).toEqual(['cells[0].key.housingType']);
    const stray = cube([{ key: { category: 'commercial', housingType: 'publicRental' }, area: ha('100') }]);
    expect(validateCube(stray).map((f) => f.figures[0])).toEqual(['cells[0].key.housingType']);
  });

  it('derives the total and row indicators from the cells, with each row\'s kind', () => {
    const c = cube([
      { key: { category: 'residential', housingType: 'publicRental' }, area: ha('30') },
      { key: { category: 'commercial' }, area: ha('70') },
    ]);
    expect(indicators(c).map((i) => [i.id, i.kind, i.area.formatHectares()])).toEqual([
      ['total', 'binding', '100.00'],
      ['category=residential', 'binding', '30.00'],
      ['category=commercial', 'indicative', '70.00'],
      ['total', 'binding', '100.00'],
    ]);
  });

  it('refuses negative areas, unknown categories and duplicate cells', () => {
    const c: PlanCube = { ...cube([]), dimensions: ['category'], cells: [
      { key: { category: 'residential' }, area: ha('-1') },
      { key: { category: 'villaLand' }, area: ha('1') },
      { key: { category: 'residential' }, area: ha('1') },
    ] };
    expect(validateCube(c).map((f) => f.rule).sort()).toEqual(['duplicate-cell', 'negative-area', 'plan-figures-consistent', 'unknown-category']);
  });
});
