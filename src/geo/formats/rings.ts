/**
 * Turning a shapefile record's flat ring list into Polygon/MultiPolygon: in a shapefile, shells
 * are clockwise and holes counter-clockwise; a hole belongs to the shell that contains it. A
 * "hole" no shell contains is kept as a shell (reversed), as GDAL does, and validity reports it.
 */
import type { ParcelGeometry, PolygonCoords, Position } from '../../domain/parcel.js';
import { ringSignedPlanarArea } from '../area.js';

function inRing(ring: readonly Position[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function closeRing(r: Position[]): Position[] {
  const a = r[0];
  const b = r[r.length - 1];
  if (a && b && (a[0] !== b[0] || a[1] !== b[1])) return [...r, [a[0], a[1]]];
  return r;
}

export function assembleRings(rings: readonly Position[][]): ParcelGeometry | null {
  const shells: PolygonCoords[] = [];
  const holes: Position[][] = [];
  for (const r of rings) {
    if (r.length === 0) continue;
    if (ringSignedPlanarArea(r) <= 0) shells.push([closeRing(r)]);
    else holes.push(closeRing(r));
  }
  for (const h of holes) {
    const [x, y] = h[0]!;
    // Smallest containing shell wins (nested islands).
    let best: PolygonCoords | undefined;
    let bestArea = Infinity;
    for (const s of shells) {
      if (!inRing(s[0]!, x, y)) continue;
      const a = Math.abs(ringSignedPlanarArea(s[0]!));
      if (a < bestArea) {
        best = s;
        bestArea = a;
      }
    }
    if (best) best.push(h);
    else shells.push([[...h].reverse()]);
  }
  if (shells.length === 0) return null;
  return shells.length === 1 ? { type: 'Polygon', coordinates: shells[0]! } : { type: 'MultiPolygon', coordinates: shells };
}
