/**
 * Areas of parcel geometries.
 *
 * - `ellipsoidalArea`: the official measure (DOMAIN §8), GeographicLib's geodesic polygon area on
 *   the CGCS2000 ellipsoid. Edges are geodesics, as in PostGIS `ST_Area(geography)`. Shells add,
 *   holes subtract, whatever the ring orientation in the file.
 * - `planarArea`: shoelace area in a projected CRS (Gauss-Krüger metres), for comparison and
 *   topology checks only; it is never official.
 *
 * Example: a 0.001° × 0.001° square at 78.5°E 39.8°N → ellipsoidalArea ≈ 9 497.5 m².
 */
import type { ParcelGeometry, PolygonCoords, Position } from '../domain/parcel.js';
import { gaussKrugerCrs, fromLonLatFn, threeDegreeZoneOf, type Crs } from './crs.js';
import { CGCS2000_GEODESIC, PolygonArea } from './geodesic.js';

/** Ring vertices without the closing duplicate (GeoJSON rings repeat the first vertex last). */
export function openRing(ring: readonly Position[]): readonly Position[] {
  const n = ring.length;
  if (n > 1) {
    const a = ring[0]!;
    const b = ring[n - 1]!;
    if (a[0] === b[0] && a[1] === b[1]) return ring.slice(0, n - 1);
  }
  return ring;
}

/** Unsigned geodesic area of one ring on CGCS2000, m². Ring is [lon, lat] positions. */
export function ringEllipsoidalArea(ring: readonly Position[]): number {
  const pts = openRing(ring);
  if (pts.length < 3) return 0;
  const poly = new PolygonArea.PolygonArea(CGCS2000_GEODESIC, false);
  for (const [lon, lat] of pts) poly.AddPoint(lat, lon);
  return Math.abs(poly.Compute(false, true).area ?? 0);
}

function polygonEllipsoidalArea(rings: PolygonCoords): number {
  let area = 0;
  rings.forEach((ring, i) => {
    const a = ringEllipsoidalArea(ring);
    area += i === 0 ? a : -a;
  });
  return area;
}

/** Official ellipsoidal area of a Polygon or MultiPolygon on CGCS2000, m² (float64 measurement). */
export function ellipsoidalArea(geometry: ParcelGeometry): number {
  if (geometry.type === 'Polygon') return polygonEllipsoidalArea(geometry.coordinates);
  let area = 0;
  for (const p of geometry.coordinates) area += polygonEllipsoidalArea(p);
  return area;
}

/** Signed shoelace area (counter-clockwise positive) of a ring in planar coordinates. */
export function ringSignedPlanarArea(ring: readonly Position[]): number {
  const pts = openRing(ring);
  const n = pts.length;
  if (n < 3) return 0;
  // Shift to the first vertex so large eastings (26 500 000 m) do not eat the precision.
  const [x0, y0] = pts[0]!;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const [ax, ay] = pts[i]!;
    const [bx, by] = pts[(i + 1) % n]!;
    s += (ax - x0) * (by - y0) - (bx - x0) * (ay - y0);
  }
  return s / 2;
}

/** Planar area of a geometry already in projected coordinates (shells minus holes). */
export function planarArea(geometry: ParcelGeometry): number {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let area = 0;
  for (const rings of polys) {
    rings.forEach((ring, i) => {
      const a = Math.abs(ringSignedPlanarArea(ring));
      area += i === 0 ? a : -a;
    });
  }
  return area;
}

/** Reprojects a CGCS2000 geometry into another CRS (used for GK planar area and shapefile export). */
export function projectGeometry(geometry: ParcelGeometry, crs: Crs): ParcelGeometry {
  const f = fromLonLatFn(crs);
  const ring = (r: Position[]): Position[] => r.map(([x, y]) => f(x, y));
  if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: geometry.coordinates.map(ring) };
  return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((p) => p.map(ring)) };
}

/**
 * Planar area in the 3° Gauss-Krüger zone of the geometry's first vertex, m². It differs from the
 * ellipsoidal area by the projection's scale distortion (≈ (1 + y²/2R²)², about 1e-5 near the
 * zone edge at 39.8°N), which is why it is only for comparison.
 */
export function gaussKrugerArea(geometry: ParcelGeometry, crs?: Crs): number {
  const first = geometry.type === 'Polygon' ? geometry.coordinates[0]?.[0] : geometry.coordinates[0]?.[0]?.[0];
  if (!first) return 0;
  const zone = threeDegreeZoneOf(first[0]);
  const target = crs ?? gaussKrugerCrs({ width: 3, zone, centralMeridian: zone * 3, prefixed: true });
  return planarArea(projectGeometry(geometry, target));
}
