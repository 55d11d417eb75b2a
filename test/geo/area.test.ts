import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ParcelGeometry, Position } from '../../src/domain/parcel.js';
import { ellipsoidalArea, gaussKrugerArea, ringEllipsoidalArea } from '../../src/geo/area.js';
import { CGCS2000_GEODESIC } from '../../src/geo/geodesic.js';
import { packLayer } from '../../src/geo/packed.js';
import { pairIntersection } from '../../src/geo/pair-overlay.js';
import { createRng, type Rng } from '../../src/geo/random.js';

/** GeographicLib's own PolygonArea on CGCS2000, straight from the library. */
function referenceArea(ring: readonly Position[]): number {
  const p = CGCS2000_GEODESIC.Polygon(false);
  for (const [lon, lat] of ring) p.AddPoint(lat, lon);
  return Math.abs(p.Compute(false, true).area ?? NaN);
}

/** A random star-shaped (hence simple) ring in China, 10 m – 5 km across, either orientation. */
function randomRing(rng: Rng): Position[] {
  const cx = rng.uniform(74, 134), cy = rng.uniform(4, 52);
  const n = rng.int(3, 40);
  const r = rng.uniform(10, 5000) / 111_320;
  const angles = Array.from({ length: n }, () => rng.uniform(0, 2 * Math.PI)).sort((a, b) => a - b);
  const ring: Position[] = angles.map((a) => [cx + (r * rng.uniform(0.3, 1) * Math.cos(a)) / Math.cos((cy * Math.PI) / 180), cy + r * rng.uniform(0.3, 1) * Math.sin(a)]);
  if (rng.next() < 0.5) ring.reverse();
  return [...ring, ring[0]!];
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('ellipsoidal area on CGCS2000', () => {
  it('equals GeographicLib PolygonArea to 1e-9 relative on 1 000 random polygons', () => {
    const rng = createRng(4490);
    let worst = 0;
    for (let i = 0; i < 1000; i++) {
      const ring = randomRing(rng);
      const ref = referenceArea(ring.slice(0, -1));
      worst = Math.max(worst, rel(ellipsoidalArea({ type: 'Polygon', coordinates: [ring] }), ref));
    }
    expect(worst).toBeLessThanOrEqual(1e-9);
  });

  it('gives the same area in either ring orientation and with or without the closing vertex', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const ring = randomRing(createRng(seed));
        const a = ringEllipsoidalArea(ring);
        expect(ringEllipsoidalArea([...ring].reverse())).toBeCloseTo(a, 6);
        expect(ringEllipsoidalArea(ring.slice(0, -1))).toBe(a);
      }),
      { numRuns: 200, seed: 4490 },
    );
  });

  it('subtracts holes and adds multipolygon parts', () => {
    const sq = (x: number, y: number, d: number): Position[] => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];
    const shell = sq(78.5, 39.8, 0.01);
    const hole = sq(78.502, 39.802, 0.002).reverse();
    const other = sq(78.6, 39.8, 0.005);
    const withHole: ParcelGeometry = { type: 'Polygon', coordinates: [shell, hole] };
    expect(ellipsoidalArea(withHole)).toBeCloseTo(referenceArea(shell.slice(0, -1)) - referenceArea(hole.slice(0, -1)), 6);
    const multi: ParcelGeometry = { type: 'MultiPolygon', coordinates: [[shell, hole], [other]] };
    expect(ellipsoidalArea(multi)).toBeCloseTo(ellipsoidalArea(withHole) + referenceArea(other.slice(0, -1)), 6);
  });

  it("sums boundary pieces (the overlay's method) to PolygonArea to 1e-9 when one polygon contains the other", () => {
    const rng = createRng(2000);
    for (let i = 0; i < 200; i++) {
      const ring = randomRing(rng);
      const xs = ring.map((p) => p[0]), ys = ring.map((p) => p[1]);
      const pad = 0.01;
      const box: Position[] = [[Math.min(...xs) - pad, Math.min(...ys) - pad], [Math.max(...xs) + pad, Math.min(...ys) - pad], [Math.max(...xs) + pad, Math.max(...ys) + pad], [Math.min(...xs) - pad, Math.max(...ys) + pad], [Math.min(...xs) - pad, Math.min(...ys) - pad]];
      const a = packLayer([{ id: 'a', geometry: { type: 'Polygon', coordinates: [ring] } }]);
      const b = packLayer([{ id: 'b', geometry: { type: 'Polygon', coordinates: [box] } }]);
      const r = pairIntersection(a, 0, b, 0);
      expect(r.method).toBe('pieces');
      expect(rel(r.areaM2, referenceArea(ring.slice(0, -1)))).toBeLessThanOrEqual(1e-9);
    }
  });

  it('is within 1e-4 of the planar Gauss-Krüger area half a degree from the central meridian', () => {
    const ring: Position[] = [[78.5, 39.8], [78.51, 39.8], [78.51, 39.81], [78.5, 39.81], [78.5, 39.8]];
    const g: ParcelGeometry = { type: 'Polygon', coordinates: [ring] };
    const e = ellipsoidalArea(g);
    expect(e).toBeGreaterThan(950_000);
    expect(e).toBeLessThan(952_000);
    expect(Math.abs(gaussKrugerArea(g) / e - 1)).toBeLessThan(1e-4);
  });
});
