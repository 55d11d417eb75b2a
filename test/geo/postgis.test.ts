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

const url = process.env.LANDPLAN_TEST_DATABASE_URL;

describe.runIf(url !== undefined)('overlay against PostGIS', () => {
  let y: Yardstick | null = null;
  const county = generateCounty({ seed: 5, parcels: 500, farmland: 20_000 });
  const parcels = packLayer(county.parcels);
  const layers: Record<string, PackedLayer> = {
    farmland: county.farmland,
    redline: packLayer(county.redLines),
    boundary: packLayer(county.urbanBoundaries),
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

  for (const name of ['farmland', 'redline', 'boundary']) {
    it(`finds the same ${name} pairs with areas within max(1e-6 relative, 0.01 m²)`, async (ctx) => {
      if (!y) ctx.skip(); // PostgreSQL reachable but PostGIS not installed
      const mine = intersectingPairs(parcels, indexLayer(layers[name]!));
      const theirs = await postgisPairs(y!, 'parcels', name);
      const key = (p: { a: number; b: number }) => `${p.a}:${p.b}`;
      expect(mine.map(key).sort()).toEqual(theirs.map(key).sort());
      expect(mine.length).toBeGreaterThan(0);
      const areas = new Map(mine.map((p) => [key(p), p.areaM2]));
      const off = theirs.filter((p) => Math.abs(areas.get(key(p))! - p.areaM2) > Math.max(1e-6 * p.areaM2, 0.01));
      expect(off).toEqual([]);
    });
  }
});
