/**
 * landplan's overlay against PostGIS on the synthetic county: the same intersecting pairs, and
 * intersection areas equal to ST_Area(ST_Intersection(a, b)::geography) within 1e-6 relative or
 * 0.01 m², whichever is larger. Runs only when LANDPLAN_TEST_DATABASE_URL is set and PostGIS can
 * be enabled there (CI installs postgresql-<major>-postgis-3).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLayer, openYardstick, postgisPairs, type Yardstick } from '../../bench/_geo-postgis.js';
import { indexLayer, intersectingPairs } from '../../src/geo/overlay.js';
import { packLayer, type PackedLayer } from '../../src/geo/packed.js';
import { generateCounty } from '../../src/geo/synthetic.js';
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

const url = process.env.LANDPLAN_TEST_DATABASE_URL;

describe.runIf(url !== undefined)('overlay against PostGIS', () => {
  let y: Yardstick | null = null;
  const county = generateCounty({ seed: 5, parcels: 500, farmland: 20_000 });
  const parcels = packLayer(county.parcels);
  const layers: Record<string, PackedLayer> = {
    farmland: county.farmland,
    redline: packLayer(county.redLines),
    boundary: packLayer(county.urbanBoundaries),
    cadastre: tiledCadastre(),
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

  for (const [name, self] of [['farmland', false], ['redline', false], ['boundary', false], ['cadastre', true]] as const) {
    const what = self ? 'pairs within a tiled cadastre (shared edges and vertices: the degenerate path)' : `${name} pairs`;
    it(`finds the same ${what} with areas within max(1e-6 relative, 0.01 m²)`, async (ctx) => {
      if (!y) ctx.skip(); // PostgreSQL reachable but PostGIS not installed
      const left = self ? layers[name]! : parcels;
      const mine = intersectingPairs(left, indexLayer(layers[name]!));
      const theirs = await postgisPairs(y!, self ? name : 'parcels', name);
      const key = (p: { a: number; b: number }) => `${p.a}:${p.b}`;
      expect(mine.map(key).sort()).toEqual(theirs.map(key).sort());
      expect(mine.length).toBeGreaterThan(0);
      const areas = new Map(mine.map((p) => [key(p), p.areaM2]));
      const off = theirs.filter((p) => Math.abs(areas.get(key(p))! - p.areaM2) > Math.max(1e-6 * p.areaM2, 0.01));
      expect(off).toEqual([]);
    });
  }
});
