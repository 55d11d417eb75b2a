/**
 * The overlay on geometry that shares vertices and edges exactly, as a cadastre does: the fast
 * path (pairIntersection) against the general one (polyclip-ts, exact, with an exact touch test).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as polyclip from 'polyclip-ts';
import type { ParcelGeometry, PolygonCoords, Position } from '../../src/domain/parcel.js';
import { ellipsoidalArea } from '../../src/geo/area.js';
import { indexLayer, intersectingPairs } from '../../src/geo/overlay.js';
import { featureGeometry, packLayer, type PackedLayer } from '../../src/geo/packed.js';
import { orientation, pairIntersection, pairIntersectionByClipping, pairPlanarArea } from '../../src/geo/pair-overlay.js';
import { generateCadastre } from '../../src/geo/synthetic-cadastre.js';
import { validateGeometry } from '../../src/geo/validity.js';

const poly = (...rings: Position[][]): ParcelGeometry => ({ type: 'Polygon', coordinates: rings });
const one = (g: ParcelGeometry) => packLayer([{ id: 'x', geometry: g }]);
const closed = (r: Position[]): Position[] => [...r, r[0]!];

/** Shoelace area in the lon/lat plane of polyclip-ts's intersection, about the same origin as pairPlanarArea. */
function clippedPlanarArea(A: PackedLayer, a: number, B: PackedLayer, b: number): number {
  const ga = featureGeometry(A, a)!, gb = featureGeometry(B, b)!;
  const out = polyclip.intersection(ga.coordinates as polyclip.Geom, gb.coordinates as polyclip.Geom) as PolygonCoords[];
  const v0 = A.ringStart[A.partStart[A.featureStart[a]!]!]!;
  const ox = A.coords[2 * v0]!, oy = A.coords[2 * v0 + 1]!;
  const ring = (r: Position[]) => Math.abs(r.reduce((s, p, i) => (i === 0 ? s : s + ((r[i - 1]![0] - ox) * (p[1] - oy) - (p[0] - ox) * (r[i - 1]![1] - oy)) / 2), 0));
  return out.reduce((s, rings) => s + ring(rings[0]!) - rings.slice(1).reduce((h, r) => h + ring(r), 0), 0);
}

/**
 * Same predicate as the general path; the same area in the lon/lat plane (which pieces counted,
 * independently of geodesic edges) to 1e-9 relative; ellipsoidal areas within `relative` or
 * 1e-4 m². The clipper drops vertices that lie on a straight line through their neighbours, and
 * a geodesic through such a vertex bends away from the one that skips it, so where pieces meet
 * in a straight line (grid polygons) the ellipsoidal areas differ by more than rounding.
 */
function expectSameAsClipping(A: PackedLayer, a: number, B: PackedLayer, b: number, relative = 1e-6): ReturnType<typeof pairIntersection> {
  const pair = `${A.ids[a]}×${B.ids[b]}`;
  const fast = pairIntersection(A, a, B, b);
  const ref = pairIntersectionByClipping(A, a, B, b);
  expect({ pair, intersects: fast.intersects }).toEqual({ pair, intersects: ref.intersects });
  expect(pairIntersection(A, a, B, b, false).intersects).toBe(ref.intersects);
  const planar = pairPlanarArea(A, a, B, b)!;
  const planarRef = clippedPlanarArea(A, a, B, b);
  expect(Math.abs(planar - planarRef), `${pair}: ${planar} vs ${planarRef} deg²`).toBeLessThanOrEqual(Math.max(1e-9 * planarRef, 1e-20));
  expect(Math.abs(fast.areaM2 - ref.areaM2), `${pair}: ${fast.areaM2} vs ${ref.areaM2} m²`).toBeLessThanOrEqual(Math.max(relative * ref.areaM2, 1e-4));
  return fast;
}

/** Grid points exactly representable: 78.5 + i/4096, 39.8 rounded onto the same dyadic grid. */
const X0 = 78.5;
const Y0 = Math.round(39.8 * 4096) / 4096;
const at = (i: number, j: number): Position => [X0 + i / 4096, Y0 + j / 4096];

/** Convex hull (counter-clockwise, collinear points dropped) of grid points, with exact orientation. */
function hull(points: Position[]): Position[] {
  const pts = [...new Map(points.map((p) => [`${p[0]},${p[1]}`, p])).values()].sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  if (pts.length < 3) return pts;
  const half = (list: Position[]): Position[] => {
    const h: Position[] = [];
    for (const p of list) {
      while (h.length >= 2 && orientation(h[h.length - 2]![0], h[h.length - 2]![1], h[h.length - 1]![0], h[h.length - 1]![1], p[0], p[1]) <= 0) h.pop();
      h.push(p);
    }
    return h;
  };
  const lower = half(pts);
  const upper = half([...pts].reverse());
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

const gridPoint = fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }));
/** A convex polygon on the grid (at least a triangle), or an axis-parallel rectangle, optionally with a hole. */
const gridPolygon = fc.oneof(
  fc.array(gridPoint, { minLength: 3, maxLength: 7 }).map((ps) => hull(ps.map(([i, j]) => at(i, j)))).filter((h) => h.length >= 3).map((h) => poly(closed(h))),
  fc
    .tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 4 }), fc.boolean())
    .map(([i, j, w, h, hole]) => {
      const shell = closed([at(i, j), at(i + w, j), at(i + w, j + h), at(i, j + h)]);
      // A hole one unit in from the south-west corner: its edges lie on grid lines other shapes use.
      return hole && w >= 3 && h >= 3 ? poly(shell, closed([at(i + 1, j + 1), at(i + 1, j + h - 1), at(i + w - 1, j + h - 1), at(i + w - 1, j + 1)])) : poly(shell);
    }),
);

describe('pairs that share vertices and edges exactly', () => {
  it('match the exact clipper on grid polygons: shared and collinear edges both ways, vertices on edges, holes, containment', () => {
    fc.assert(
      fc.property(gridPolygon, gridPolygon, (a, b) => {
        expectSameAsClipping(one(a), 0, one(b), 0, 1e-4);
        expectSameAsClipping(one(b), 0, one(a), 0, 1e-4);
      }),
      { numRuns: 400, seed: 20261201 },
    );
  });

  it('match the exact clipper on every candidate pair of small synthetic cadastres (parcels × farmland and parcels × parcels)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), (seed) => {
        const c = generateCadastre({ seed, parcels: 30, farmland: 40, encroachShare: 0.6 });
        let shared = 0;
        for (const [L, O] of [[c.parcels, c.farmland], [c.parcels, c.parcels]] as const) {
          const index = indexLayer(O);
          for (let a = 0; a < L.size; a++) {
            const bb = L.bboxes;
            for (const b of index.index.search(bb[4 * a]!, bb[4 * a + 1]!, bb[4 * a + 2]!, bb[4 * a + 3]!)) {
              if (expectSameAsClipping(L, a, O, b).method === 'shared') shared++;
            }
          }
        }
        expect(shared).toBeGreaterThan(0);
      }),
      { numRuns: 12, seed: 20261202 },
    );
  });

  it('gives a parcel lying inside a field along two of its edges its own area', () => {
    const field = poly(closed([at(0, 0), at(4, 0), at(4, 4), at(0, 4)]));
    const parcel = poly(closed([at(0, 0), at(2, 0), at(2, 2), at(0, 2)]));
    const r = pairIntersection(one(parcel), 0, one(field), 0);
    expect(r.method).toBe('shared');
    expect(Math.abs(r.areaM2 - ellipsoidalArea(parcel)) / ellipsoidalArea(parcel)).toBeLessThan(1e-12);
  });

  it('counts neighbours sharing an edge, a corner, or a corner on the other edge (T-junction) as touching with area 0', () => {
    const a = poly(closed([at(0, 0), at(2, 0), at(2, 2), at(0, 2)]));
    const edge = poly(closed([at(2, 0), at(4, 0), at(4, 2), at(2, 2)]));
    const corner = poly(closed([at(2, 2), at(4, 2), at(4, 4), at(2, 4)]));
    const tee = poly(closed([at(2, -1), at(3, -1), at(3, 3), at(2, 3)]));
    for (const b of [edge, corner, tee]) expect(pairIntersection(one(a), 0, one(b), 0)).toEqual({ intersects: true, areaM2: 0, method: 'shared' });
  });

  it('decides a gap or an overlap of one unit in the last place exactly', () => {
    const ulp = 2 ** -46; // spacing of doubles near 78.5
    const a = poly(closed([at(0, 0), at(2, 0), at(2, 2), at(0, 2)]));
    const shifted = (dx: number) => poly(closed([[at(2, 0)[0] + dx, at(2, 0)[1]], [at(4, 0)[0], at(4, 0)[1]], [at(4, 2)[0], at(4, 2)[1]], [at(2, 2)[0] + dx, at(2, 2)[1]]]));
    expect(pairIntersection(one(a), 0, one(shifted(ulp)), 0)).toEqual({ intersects: false, areaM2: 0, method: 'pieces' });
    const overlap = pairIntersection(one(a), 0, one(shifted(-ulp)), 0);
    expect(overlap.intersects).toBe(true);
    expect(overlap.areaM2).toBeLessThan(1e-6);
  });

  it('orients nearly collinear points exactly (against integer arithmetic)', () => {
    const scale = 2 ** -40;
    fc.assert(
      fc.property(
        fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 46n }), fc.bigInt({ min: 0n, max: 2n ** 46n })),
        fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 46n }), fc.bigInt({ min: 0n, max: 2n ** 46n })),
        fc.integer({ min: 0, max: 1000 }),
        fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 })),
        (a, b, t, [ex, ey]) => {
          // c = a + t/1000·(b − a), rounded onto the grid, then nudged by a few grid steps.
          const c: [bigint, bigint] = [a[0] + ((b[0] - a[0]) * BigInt(t)) / 1000n + BigInt(ex), a[1] + ((b[1] - a[1]) * BigInt(t)) / 1000n + BigInt(ey)];
          const det = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
          const f = (v: bigint) => 64 + Number(v) * scale;
          expect(orientation(f(a[0]), f(a[1]), f(b[0]), f(b[1]), f(c[0]), f(c[1]))).toBe(det > 0n ? 1 : det < 0n ? -1 : 0);
        },
      ),
      { numRuns: 2000, seed: 20261203 },
    );
  });
});

describe('synthetic cadastre', () => {
  const c = generateCadastre({ seed: 9, parcels: 600, farmland: 3000 });

  it('is identical for the same seed', () => {
    const again = generateCadastre({ seed: 9, parcels: 600, farmland: 3000 });
    expect(again.parcels.coords).toEqual(c.parcels.coords);
    expect(again.farmland.coords).toEqual(c.farmland.coords);
  });

  it('has about the requested counts, every polygon valid', () => {
    expect(c.parcels.size).toBeGreaterThan(550);
    expect(c.parcels.size).toBeLessThan(650);
    expect(c.farmland.size).toBeGreaterThan(2700);
    expect(c.farmland.size).toBeLessThan(3300);
    for (const L of [c.parcels, c.farmland]) {
      for (let i = 0; i < L.size; i++) expect(validateGeometry(L.ids[i]!, featureGeometry(L, i)).filter((x) => x.severity === 'error')).toEqual([]);
    }
  });

  it('tiles the ground: parcels never overlap one another, and most parcel–field pairs only touch', () => {
    const own = intersectingPairs(c.parcels, indexLayer(c.parcels)).filter((p) => p.a !== p.b);
    expect(own.length).toBeGreaterThan(c.parcels.size);
    expect(own.filter((p) => p.areaM2 > 1e-6)).toEqual([]);
    const pairs = intersectingPairs(c.parcels, indexLayer(c.farmland));
    const touching = pairs.filter((p) => p.areaM2 === 0).length;
    const overlapping = pairs.length - touching;
    expect(touching).toBeGreaterThan(overlapping * 3);
    expect(overlapping).toBeGreaterThan(20);
  });
});
