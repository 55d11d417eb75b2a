/**
 * landplan's overlay against PostGIS on the synthetic county, on a cadastre cut from one survey
 * (shared vertices and edges), and on grid polygons (collinear edges, T-junctions, holes, all
 * exact): the same intersecting pairs, and
 * intersection areas equal to ST_Area(ST_Intersection(a, b)::geography) within 1e-6 relative or
 * 0.01 m², whichever is larger. Runs only when LANDPLAN_TEST_DATABASE_URL is set and PostGIS can
 * be enabled there (CI installs postgresql-<major>-postgis-3).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLayer, openYardstick, postgisPairs, type Yardstick } from '../../bench/_geo-postgis.js';
import { indexLayer, intersectingPairs } from '../../src/geo/overlay.js';
import { packLayer, type PackedLayer } from '../../src/geo/packed.js';
import { generateCounty } from '../../src/geo/synthetic.js';
import { generateCadastre } from '../../src/geo/synthetic-cadastre.js';
import { createRng } from '../../src/geo/random.js';
import type { Position } from '../../src/domain/parcel.js';

/** A cadastre whose neighbours share vertices and edges exactly, plus parcels laid over it. */
function tiledCadastre(): PackedLayer {
  const rng = createRng(31);
  const n = 20;
  const c: Position[][] = [];
  for (let j = 0; j <= n; j++) {
    c.push([]);
    for (let i = 0; i <= n; i++) c[j]!.push([78.5 + 0.0015 * i + rng.uniform(-3e-4, 3e-4), 39.8 + 0.0011 * j + rng.uniform(-3e-4, 3e-4)]);
  }
  const feats = [];
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) feats.push({ id: `${i},${j}`, geometry: { type: 'Polygon' as const, coordinates: [[c[j]![i]!, c[j]![i + 1]!, c[j + 1]![i + 1]!, c[j + 1]![i]!, c[j]![i]!]] } });
  for (let k = 0; k < 10; k++) {
    const i = rng.int(0, n - 3), j = rng.int(0, n - 3);
    feats.push({ id: `over${k}`, geometry: { type: 'Polygon' as const, coordinates: [[c[j]![i]!, c[j]![i + 2]!, c[j + 2]![i + 2]!, c[j + 2]![i]!, c[j]![i]!]] } });
  }
  return packLayer(feats);
}

/**
 * Rectangles (some with holes) and triangles on a dyadic grid (≈10 m): every coordinate is exact,
 * so edges lie exactly along one another, vertices exactly on other polygons' edges (T-junctions),
 * and a gap of zero is a touch.
 */
function gridPolygons(): PackedLayer {
  const rng = createRng(41);
  const at = (i: number, j: number): Position => [78.5 + i / 8192, Math.round(39.8 * 8192) / 8192 + j / 8192];
  const feats = [];
  for (let k = 0; k < 300; k++) {
    const i = rng.int(0, 14), j = rng.int(0, 14), w = rng.int(1, 5), h = rng.int(1, 5);
    let rings: Position[][];
    if (rng.next() < 0.3) rings = [[at(i, j), at(i + w, j), at(i + w, j + h), at(i, j)]];
    else {
      rings = [[at(i, j), at(i + w, j), at(i + w, j + h), at(i, j + h), at(i, j)]];
      if (w >= 3 && h >= 3 && rng.next() < 0.5) rings.push([at(i + 1, j + 1), at(i + 1, j + h - 1), at(i + w - 1, j + h - 1), at(i + w - 1, j + 1), at(i + 1, j + 1)]);
    }
    feats.push({ id: `g${k}`, geometry: { type: 'Polygon' as const, coordinates: rings } });
  }
  return packLayer(feats);
}

const url = process.env.LANDPLAN_TEST_DATABASE_URL;

describe.runIf(url !== undefined)('overlay against PostGIS', () => {
  let y: Yardstick | null = null;
  const county = generateCounty({ seed: 5, parcels: 500, farmland: 20_000 });
  const parcels = packLayer(county.parcels);
  // Parcels and farmland cut from one survey: shared vertices and edges, encroaching fields.
  const survey = generateCadastre({ seed: 6, parcels: 1500, farmland: 6000 });
  const layers: Record<string, PackedLayer> = {
    farmland: county.farmland,
    redline: packLayer(county.redLines),
    boundary: packLayer(county.urbanBoundaries),
    cadastre: tiledCadastre(),
    survey_parcels: survey.parcels,
    survey_farmland: survey.farmland,
    grid: gridPolygons(),
  };

  beforeAll(async () => {
    y = await openYardstick(`landplan_geo_test_${process.pid}`, url);
    if (!y) return;
    await loadLayer(y, 'parcels', parcels);
    for (const [name, layer] of Object.entries(layers)) await loadLayer(y, name, layer);
  });
  afterAll(async () => {
    await y?.close();
  });

  const cases = [
    ['farmland pairs', 'parcels', 'farmland'],
    ['redline pairs', 'parcels', 'redline'],
    ['boundary pairs', 'parcels', 'boundary'],
    ['pairs within a tiled cadastre (shared edges and vertices)', 'cadastre', 'cadastre'],
    ['parcel × farmland pairs of one survey (shared edges and vertices, encroaching fields)', 'survey_parcels', 'survey_farmland'],
    ['parcel × parcel pairs of one survey (neighbours touching only)', 'survey_parcels', 'survey_parcels'],
    ['pairs of grid polygons (collinear edges both ways, T-junctions, holes)', 'grid', 'grid'],
  ] as const;
  for (const [what, left, right] of cases) {
    it(`finds the same ${what} with areas within max(1e-6 relative, 0.01 m²)`, async (ctx) => {
      if (!y) ctx.skip(); // PostgreSQL reachable but PostGIS not installed
      const L = left === 'parcels' ? parcels : layers[left]!;
      const mine = intersectingPairs(L, indexLayer(layers[right]!));
      const theirs = await postgisPairs(y!, left, right);
      const key = (p: { a: number; b: number }) => `${p.a}:${p.b}`;
      expect(mine.map(key).sort()).toEqual(theirs.map(key).sort());
      expect(mine.length).toBeGreaterThan(0);
      const areas = new Map(mine.map((p) => [key(p), p.areaM2]));
      const off = theirs.filter((p) => Math.abs(areas.get(key(p))! - p.areaM2) > Math.max(1e-6 * p.areaM2, 0.01));
      expect(off).toEqual([]);
    });
  }
});
