import { describe, expect, it } from 'vitest';
import type { ParcelGeometry, Position } from '../../src/domain/parcel.js';
import { ellipsoidalArea } from '../../src/geo/area.js';
import { checkParcelGeometry, DEFAULT_MIN_PARCEL_AREA_M2, repairGeometry, validateGeometry } from '../../src/geo/validity.js';

const ccw: Position[] = [[78.5, 39.8], [78.501, 39.8], [78.501, 39.801], [78.5, 39.801], [78.5, 39.8]];
const poly = (...rings: Position[][]): ParcelGeometry => ({ type: 'Polygon', coordinates: rings });
const kinds = (g: ParcelGeometry | null) => validateGeometry('P1', g).map((i) => i.kind);

describe('validity checks', () => {
  it('finds nothing wrong with a closed counter-clockwise square', () => {
    expect(validateGeometry('P1', poly(ccw))).toEqual([]);
  });

  it('reports an empty geometry', () => {
    expect(validateGeometry('P1', null)).toEqual([{ kind: 'empty', severity: 'error', parcelId: 'P1', part: 0, ring: 0, message: { zh: '宗地 P1：几何为空', en: 'parcel P1: geometry is empty' } }]);
  });

  it('reports an unclosed ring at its first vertex', () => {
    const issues = validateGeometry('P1', poly(ccw.slice(0, -1)));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ kind: 'unclosed-ring', part: 0, ring: 0, location: [78.5, 39.8] });
  });

  it('reports a clockwise shell and a counter-clockwise hole', () => {
    const hole: Position[] = [[78.5002, 39.8002], [78.5004, 39.8002], [78.5004, 39.8004], [78.5002, 39.8004], [78.5002, 39.8002]];
    expect(kinds(poly([...ccw].reverse(), hole))).toEqual(['wrong-orientation', 'wrong-orientation']);
  });

  it('reports a repeated vertex with its index', () => {
    const ring = [ccw[0]!, ccw[1]!, ccw[1]!, ccw[2]!, ccw[3]!, ccw[4]!];
    expect(validateGeometry('P1', poly(ring))).toMatchObject([{ kind: 'duplicate-point', vertex: 2, location: [78.501, 39.8] }]);
  });

  it('reports a spike where the boundary folds back on itself', () => {
    const ring: Position[] = [[78.5, 39.8], [78.501, 39.8], [78.503, 39.80005], [78.501, 39.80001], [78.501, 39.801], [78.5, 39.801], [78.5, 39.8]];
    expect(validateGeometry('P1', poly(ring)).filter((i) => i.kind === 'spike')).toMatchObject([{ vertex: 2, location: [78.503, 39.80005] }]);
    const fixed = repairGeometry('P1', poly(ring));
    expect(fixed.changes.map((c) => c.message.en)).toEqual(['parcel P1: part 1 ring 1: removed spike vertices (78.503, 39.80005)']);
  });

  it('reports a bow-tie at the crossing point', () => {
    const bow: Position[] = [[78.5, 39.8], [78.501, 39.801], [78.501, 39.8], [78.5, 39.801], [78.5, 39.8]];
    const si = validateGeometry('P1', poly(bow)).filter((i) => i.kind === 'self-intersection');
    expect(si).toHaveLength(1);
    expect(si[0]!.location![0]).toBeCloseTo(78.5005, 9);
    expect(si[0]!.location![1]).toBeCloseTo(39.8005, 9);
  });

  it('reports a hole outside its shell', () => {
    const away: Position[] = [[78.6, 39.8], [78.6, 39.801], [78.601, 39.801], [78.601, 39.8], [78.6, 39.8]];
    expect(kinds(poly(ccw, away))).toEqual(['hole-outside-shell']);
  });

  it('reports multipolygon parts that overlap each other', () => {
    const other: Position[] = [[78.5005, 39.8005], [78.5015, 39.8005], [78.5015, 39.8015], [78.5005, 39.8015], [78.5005, 39.8005]];
    const issues = validateGeometry('P1', { type: 'MultiPolygon', coordinates: [[ccw], [other]] });
    expect(issues.map((i) => [i.kind, i.part])).toEqual([['self-intersection', 1]]);
    expect(issues[0]!.message.en).toBe('parcel P1: parts 1 and 2 overlap');
  });

  it('reports a sliver (long and thin)', () => {
    const thin: Position[] = [[78.5, 39.8], [78.51, 39.8], [78.51, 39.800001], [78.5, 39.800001], [78.5, 39.8]];
    expect(kinds(poly(thin))).toEqual(['sliver']);
  });
});

describe('repair', () => {
  it('closes, de-duplicates and orients, saying what it changed', () => {
    const ring = [ccw[3]!, ccw[2]!, ccw[2]!, ccw[1]!, ccw[0]!];
    const r = repairGeometry('P1', poly(ring));
    expect(r.changes.map((c) => c.kind)).toEqual(['unclosed-ring', 'duplicate-point', 'wrong-orientation']);
    expect(r.changes[1]!.message.en).toBe('parcel P1: part 1 ring 1: removed 1 repeated vertices');
    expect(validateGeometry('P1', r.geometry)).toEqual([]);
    expect(ellipsoidalArea(r.geometry!)).toBeCloseTo(ellipsoidalArea(poly(ccw)), 6);
  });

  it('rebuilds a bow-tie into two triangles and reports the area change', () => {
    const bow: Position[] = [[78.5, 39.8], [78.501, 39.801], [78.501, 39.8], [78.5, 39.801], [78.5, 39.8]];
    const r = repairGeometry('P1', poly(bow));
    expect(r.geometry?.type).toBe('MultiPolygon');
    expect(r.changes.at(-1)!.kind).toBe('self-intersection');
    expect(r.changes.at(-1)!.message.en).toMatch(/rebuilt with polyclip-ts into 2 polygon\(s\); area 0\.00 → \d+\.\d\d m²/);
    expect(validateGeometry('P1', r.geometry).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('drops a hole outside its shell', () => {
    const away: Position[] = [[78.6, 39.8], [78.6, 39.801], [78.601, 39.801], [78.601, 39.8], [78.6, 39.8]];
    const r = repairGeometry('P1', poly(ccw, away));
    expect(r.geometry).toEqual(poly(ccw));
    expect(r.changes.map((c) => c.kind)).toEqual(['hole-outside-shell']);
  });
});

describe('the register geometry check (checkParcelGeometry)', () => {
  /** A square of `side` metres at 39.8°N. */
  const square = (side: number): ParcelGeometry => {
    const dx = side / (111_320 * Math.cos((39.8 * Math.PI) / 180));
    const dy = side / 110_950;
    return poly([[78.5, 39.8], [78.5 + dx, 39.8], [78.5 + dx, 39.8 + dy], [78.5, 39.8 + dy], [78.5, 39.8]]);
  };

  it('passes a valid parcel and gives its ellipsoidal area', () => {
    const v = checkParcelGeometry('P1', poly(ccw));
    expect(v).toEqual({ ok: true, errors: [], warnings: [], areaM2: ellipsoidalArea(poly(ccw)) });
  });

  it('refuses a 1 cm² parcel, naming its area and the minimum', () => {
    const v = checkParcelGeometry('P1', square(0.01));
    expect(v.ok).toBe(false);
    expect(v.errors.map((i) => i.kind)).toEqual(['too-small']);
    expect(v.errors[0]!.message).toEqual({
      zh: '宗地 P1：面积 0.0001 m² 小于下限 1 m²（坐标单位或坐标系有误？）',
      en: 'parcel P1: area 0.0001 m² is below the minimum of 1 m² (wrong coordinate unit or CRS?)',
    });
  });

  it('takes the minimum as a parameter: 1 m² by default, 2 m² refuses a parcel of 1.5 m²', () => {
    expect(DEFAULT_MIN_PARCEL_AREA_M2).toBe(1);
    expect(checkParcelGeometry('P1', square(1.01)).ok).toBe(true);
    expect(checkParcelGeometry('P1', square(0.99)).ok).toBe(false);
    expect(checkParcelGeometry('P1', square(Math.sqrt(1.5)), { minAreaM2: 2 }).errors.map((i) => i.kind)).toEqual(['too-small']);
  });

  it('refuses what validateGeometry calls an error, and keeps the rest as warnings', () => {
    const bow = poly([[78.5, 39.8], [78.501, 39.801], [78.501, 39.8], [78.5, 39.801], [78.5, 39.8]]);
    expect(checkParcelGeometry('P1', bow).errors.map((i) => i.kind)).toEqual(['self-intersection']);
    const repeated = poly([ccw[0]!, ccw[1]!, ccw[1]!, ccw[2]!, ccw[3]!, ccw[4]!]);
    expect(checkParcelGeometry('P1', repeated)).toMatchObject({ ok: true, errors: [], warnings: [{ kind: 'duplicate-point' }] });
  });

  it('refuses a missing geometry unless the caller allows it', () => {
    expect(checkParcelGeometry('P1', null).errors.map((i) => i.kind)).toEqual(['empty']);
    expect(checkParcelGeometry('P1', null, { allowMissing: true })).toEqual({ ok: true, errors: [], warnings: [], areaM2: null });
  });
});
