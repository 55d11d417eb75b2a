import { describe, expect, it } from 'vitest';
import { ellipsoidalArea } from '../../src/geo/area.js';
import { indexLayer, intersectingPairs } from '../../src/geo/overlay.js';
import { featureGeometry, packLayer } from '../../src/geo/packed.js';
import { generateCounty } from '../../src/geo/synthetic.js';
import { validateGeometry } from '../../src/geo/validity.js';

describe('synthetic county', () => {
  const a = generateCounty({ seed: 3, parcels: 300, farmland: 2000 });

  it('is identical for the same seed and different for another', () => {
    const b = generateCounty({ seed: 3, parcels: 300, farmland: 2000 });
    expect(b.parcels).toEqual(a.parcels);
    expect(b.farmland.coords).toEqual(a.farmland.coords);
    expect(generateCounty({ seed: 4, parcels: 300, farmland: 2000 }).parcels[0]).not.toEqual(a.parcels[0]);
  });

  it('has exactly the requested counts, around 巴楚县', () => {
    expect(a.parcels).toHaveLength(300);
    expect(a.farmland.size).toBe(2000);
    expect(a.districts).toHaveLength(9);
    expect(a.urbanBoundaries).toHaveLength(1);
    expect(a.redLines).toHaveLength(20);
    const [minLon, minLat, maxLon, maxLat] = a.extent;
    expect(minLon < 78.55 && 78.55 < maxLon && minLat < 39.78 && 39.78 < maxLat).toBe(true);
  });

  it('makes valid polygons of plausible sizes (parcels ≈ 1–2 ha, fields 0.3–2.5 ha)', () => {
    for (const p of a.parcels) expect(validateGeometry(p.id, p.geometry).filter((i) => i.severity === 'error')).toEqual([]);
    const parcelAreas = a.parcels.map((p) => ellipsoidalArea(p.geometry));
    expect(Math.min(...parcelAreas)).toBeGreaterThan(8_000);
    expect(Math.max(...parcelAreas)).toBeLessThan(25_000);
    const fieldAreas = Array.from({ length: a.farmland.size }, (_, i) => ellipsoidalArea(featureGeometry(a.farmland, i)!));
    expect(Math.min(...fieldAreas)).toBeGreaterThan(3_000);
    expect(Math.max(...fieldAreas)).toBeLessThan(25_000);
  });

  it('puts every parcel inside the district its 片区 names', () => {
    const districts = indexLayer(packLayer(a.districts));
    const pairs = intersectingPairs(packLayer(a.parcels), districts);
    for (const p of a.parcels.slice(0, 100)) {
      const inside = pairs.filter((q) => q.aId === p.id && q.areaM2 > 0.01);
      if (p.properties['备注'] === 'overlap') continue; // shifted copies may straddle a district edge
      expect(inside.map((q) => q.bId)).toEqual([p.properties['片区']]);
    }
  });
});
