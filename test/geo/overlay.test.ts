import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as polyclip from 'polyclip-ts';
import type { ParcelGeometry, PolygonCoords, Position } from '../../src/domain/parcel.js';
import { ellipsoidalArea } from '../../src/geo/area.js';
import { checkParcel, createConstraintIndex, indexLayer, intersectingPairs, outsideBoundary, selfOverlaps } from '../../src/geo/overlay.js';
import { packLayer } from '../../src/geo/packed.js';
import { pairIntersection, pairIntersectionByClipping } from '../../src/geo/pair-overlay.js';
import { createRng } from '../../src/geo/random.js';
import { generateCounty } from '../../src/geo/synthetic.js';

const sq = (x: number, y: number, d: number): Position[] => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];
const poly = (...rings: Position[][]): ParcelGeometry => ({ type: 'Polygon', coordinates: rings });
const one = (g: ParcelGeometry) => packLayer([{ id: 'x', geometry: g }]);

function clipArea(a: ParcelGeometry, b: ParcelGeometry): number {
  const r = polyclip.intersection(a.coordinates as polyclip.Geom, b.coordinates as polyclip.Geom) as PolygonCoords[];
  return r.length === 0 ? 0 : ellipsoidalArea({ type: 'MultiPolygon', coordinates: r });
}

/** A star-shaped ring; with `round` it has ≥ 8 vertices and contains the disc of radius r/2. */
function wobbly(seed: number, cx: number, cy: number, r: number, round = false): Position[] {
  const rng = createRng(seed);
  const n = rng.int(round ? 8 : 3, 24);
  const ring: Position[] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * (i + rng.uniform(0, round ? 0.2 : 0.8))) / n;
    const k = r * rng.uniform(round ? 0.7 : 0.4, 1);
    ring.push([cx + k * Math.cos(a), cy + k * Math.sin(a)]);
  }
  return [...ring, ring[0]!];
}

describe('pair intersection', () => {
  it('matches polyclip-ts + GeographicLib on random star polygons (with holes) to 1e-6 relative or 1e-4 m²', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 1e9 }), fc.boolean(), (s1, s2, hole) => {
        const rng = createRng(s1 ^ s2);
        const a = hole ? poly(wobbly(s1, 78.5, 39.8, 0.002, true), wobbly(s1 + 1, 78.5, 39.8, 0.0008).reverse()) : poly(wobbly(s1, 78.5, 39.8, 0.002));
        const b = poly(wobbly(s2, 78.5 + rng.uniform(-0.003, 0.003), 39.8 + rng.uniform(-0.003, 0.003), 0.0015));
        const r = pairIntersection(one(a), 0, one(b), 0);
        const ref = clipArea(a, b);
        expect(Math.abs(r.areaM2 - ref)).toBeLessThanOrEqual(Math.max(1e-6 * ref, 1e-4));
        if (ref > 0) expect(r.intersects).toBe(true);
      }),
      { numRuns: 300, seed: 20261128 },
    );
  });

  it('counts squares sharing an edge as intersecting with zero area', () => {
    const r = pairIntersection(one(poly(sq(78.5, 39.8, 0.001))), 0, one(poly(sq(78.501, 39.8, 0.001))), 0);
    expect(r).toEqual({ intersects: true, areaM2: 0, method: 'shared' });
  });

  it('measures pairs of a tiled cadastre (shared vertices and edges) as the exact clipper does, to 1e-6 relative or 1e-4 m²', () => {
    // Jittered 4×4 lattice: neighbours share vertices and edges exactly; a fifth parcel overlaps.
    const rng = createRng(77);
    const c: Position[][] = [];
    for (let j = 0; j <= 4; j++) {
      c.push([]);
      for (let i = 0; i <= 4; i++) c[j]!.push([78.5 + 0.001 * i + rng.uniform(-2e-4, 2e-4), 39.8 + 0.001 * j + rng.uniform(-2e-4, 2e-4)]);
    }
    const tiles: ParcelGeometry[] = [];
    for (let j = 0; j < 4; j++) for (let i = 0; i < 4; i++) tiles.push(poly([c[j]![i]!, c[j]![i + 1]!, c[j + 1]![i + 1]!, c[j + 1]![i]!, c[j]![i]!]));
    tiles.push(poly([c[1]![1]!, c[1]![3]!, c[3]![3]!, c[3]![1]!, c[1]![1]!])); // shares vertices with the lattice
    let shared = 0;
    for (let a = 0; a < tiles.length; a++) {
      for (let b = a + 1; b < tiles.length; b++) {
        const r = pairIntersection(one(tiles[a]!), 0, one(tiles[b]!), 0);
        const ref = pairIntersectionByClipping(one(tiles[a]!), 0, one(tiles[b]!), 0);
        if (r.method === 'shared') shared++;
        expect(r.intersects).toBe(ref.intersects);
        expect(Math.abs(r.areaM2 - ref.areaM2)).toBeLessThanOrEqual(Math.max(1e-6 * ref.areaM2, 1e-4));
      }
    }
    // 42 neighbouring tiles (24 by an edge, 18 by a corner) and the fifth parcel with all 16 tiles.
    expect(shared).toBe(58);
  });

  it('reports disjoint polygons as not intersecting', () => {
    const r = pairIntersection(one(poly(sq(78.5, 39.8, 0.001))), 0, one(poly(sq(78.6, 39.8, 0.001))), 0);
    expect(r).toEqual({ intersects: false, areaM2: 0, method: 'pieces' });
  });

  it('gives the contained polygon its own area, and nothing for a polygon inside a hole', () => {
    const outer = poly(sq(78.5, 39.8, 0.01), sq(78.502, 39.802, 0.004).reverse());
    const inner = poly(sq(78.5005, 39.8005, 0.001));
    const inHole = poly(sq(78.503, 39.803, 0.001));
    expect(pairIntersection(one(outer), 0, one(inner), 0).areaM2).toBeCloseTo(ellipsoidalArea(inner), 6);
    expect(pairIntersection(one(outer), 0, one(inHole), 0)).toEqual({ intersects: false, areaM2: 0, method: 'pieces' });
  });

  it('gives identical polygons (double supply of the same parcel) their full area', () => {
    const g = poly(wobbly(5, 78.5, 39.8, 0.001));
    const r = pairIntersection(one(g), 0, one(g), 0);
    expect(r.intersects).toBe(true);
    expect(r.method).toBe('shared');
    expect(Math.abs(r.areaM2 - ellipsoidalArea(g))).toBeLessThan(1e-6);
  });
});

describe('layer overlay on the synthetic county', () => {
  const county = generateCounty({ seed: 11, parcels: 400, farmland: 3000 });
  const parcels = packLayer(county.parcels);

  it('finds every pair the brute force finds, with the same areas', () => {
    const farmland = indexLayer(county.farmland);
    const pairs = intersectingPairs(parcels, farmland);
    const brute: string[] = [];
    for (let a = 0; a < parcels.size; a++)
      for (let b = 0; b < county.farmland.size; b++) if (pairIntersection(parcels, a, county.farmland, b, false).intersects) brute.push(`${a}:${b}`);
    expect(pairs.map((p) => `${p.a}:${p.b}`).sort()).toEqual(brute.sort());
    expect(pairs.length).toBeGreaterThan(50);
  });

  it('reports the parcels generated as shifted copies (double supply) and no others', () => {
    const overlaps = selfOverlaps(indexLayer(parcels), { minAreaM2: 0.01 });
    const copies = new Set(county.parcels.filter((p) => p.properties['备注'] === 'overlap').map((p) => p.id));
    expect(copies.size).toBeGreaterThan(0);
    // Every overlapping pair involves a copy, and every copy overlaps something.
    expect(overlaps.every((o) => copies.has(o.aId) || copies.has(o.bId))).toBe(true);
    expect(new Set(overlaps.flatMap((o) => [o.aId, o.bId]).filter((id) => copies.has(id)))).toEqual(copies);
  });

  it('measures area outside the urban boundary as parcel area minus the inside area', () => {
    const boundary = indexLayer(packLayer(county.urbanBoundaries));
    const outside = outsideBoundary(parcels, boundary);
    expect(outside.length).toBeGreaterThan(0);
    for (const o of outside.slice(0, 20)) {
      const g = county.parcels[o.a]!.geometry;
      const inside = clipArea(g, county.urbanBoundaries[0]!.geometry);
      expect(o.outsideAreaM2).toBeCloseTo(ellipsoidalArea(g) - inside, 3);
    }
  });

  it('checks one parcel against the indexed layers with the same answer as the batch overlay', () => {
    const index = createConstraintIndex([
      { kind: 'farmland', features: county.farmland },
      { kind: 'redLine', features: county.redLines },
      { kind: 'urbanBoundary', features: county.urbanBoundaries },
      { kind: 'parcels', features: county.parcels },
    ]);
    const farmPairs = intersectingPairs(parcels, indexLayer(county.farmland));
    const p = farmPairs[0]!;
    const r = checkParcel(index, county.parcels[p.a]!.geometry);
    const expected = farmPairs.filter((q) => q.a === p.a);
    expect(r.layers.farmland!.hits.map((h) => h.id).sort()).toEqual(expected.map((q) => q.bId).sort());
    expect(r.layers.farmland!.areaM2).toBeCloseTo(expected.reduce((s, q) => s + q.areaM2, 0), 6);
    expect(r.layers.parcels!.hits.some((h) => h.id === county.parcels[p.a]!.id)).toBe(true);
    const own = new Set([county.parcels[p.a]!.id]);
    expect(checkParcel(index, county.parcels[p.a]!.geometry, { excludeIds: own }).layers.parcels!.hits.some((h) => own.has(h.id))).toBe(false);
    expect(r.layers.urbanBoundary!.outsideAreaM2).toBeGreaterThanOrEqual(0);
    expect(r.parcelAreaM2).toBeCloseTo(ellipsoidalArea(county.parcels[p.a]!.geometry), 6);
  });
});
