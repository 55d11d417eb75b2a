import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Area } from '../src/domain/area.js';
import { roundSharesTo100, sharesOf } from '../src/domain/share.js';
import { statedFigure, figureInterval } from '../src/domain/figures.js';
import { Dec } from '../src/domain/decimal.js';

describe('Area', () => {
  it('converts hectares to mu exactly (1 ha = 15 mu)', () => {
    expect(Area.fromHectares('1843.24').mu.toFixed()).toBe('27648.6');
    expect(Area.fromHectares('0.01').squareMetres.toFixed()).toBe('100');
  });
  it('converts mu to square metres with an explicit rounding step', () => {
    expect(Area.fromMu('1', { stepSquareMetres: '0.01' }).squareMetres.toFixed()).toBe('666.67');
    expect(Area.fromMu('15', { stepSquareMetres: '0.01' }).hectares.toFixed()).toBe('1');
  });
  it('sums exactly where floats would drift', () => {
    const s = Area.sum(['0.1', '0.2', '0.3'].map((h) => Area.fromHectares(h)));
    expect(s.hectares.toFixed()).toBe('0.6');
  });
  it('refuses NaN', () => {
    expect(() => Area.fromSquareMetres(NaN)).toThrow(RangeError);
  });
});

describe('shares', () => {
  it('largest-remainder rounding sums to exactly 100.00', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 12 }), (parts) => {
        const shares = sharesOf(parts.map(String));
        const s = shares.reduce((a, b) => a.plus(b), new Dec(0));
        expect(s.toFixed(2)).toBe('100.00');
      }),
    );
  });
  it('moves the missing hundredth to the largest remainder', () => {
    expect(roundSharesTo100(['33.333', '33.333', '33.334']).map((d) => d.toFixed(2))).toEqual(['33.33', '33.33', '33.34']);
  });
});

describe('StatedFigure', () => {
  it('stands for the interval of its printed precision', () => {
    const f = statedFigure('542.77', 'ha');
    const i = figureInterval(f);
    expect([i.lo.toFixed(), i.hi.toFixed()]).toEqual(['542.765', '542.775']);
    const g = statedFigure('1.8', 'ha');
    expect(figureInterval(g, 2).lo.toFixed()).toBe('1.795');
    expect(figureInterval(g).lo.toFixed()).toBe('1.75');
  });
});

describe('square kilometres', () => {
  it('2.01 km² is exactly 2 010 000 m² (no float on the way)', () => {
    expect(Area.fromSquareKilometres('2.01').squareMetres.toFixed()).toBe('2010000');
    expect(Area.fromSquareKilometres('0.000001').squareMetres.toFixed()).toBe('1');
    expect(Number('2.01') * 1e6).not.toBe(2010000);
  });
});
