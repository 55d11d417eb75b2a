/**
 * A packed polygon layer: every feature's rings in flat typed arrays, so a layer of 2 000 000
 * farmland polygons costs a few hundred MB of off-heap memory instead of millions of small arrays.
 *
 * Rings are stored open (no closing duplicate) and normalised: each part's shell counter-clockwise,
 * its holes clockwise (in the lon/lat plane). The overlay relies on that orientation: with it, the
 * area of an intersection is the sum of the boundary pieces' edge integrals (Green's theorem).
 */
import type { ParcelGeometry, PolygonCoords, Position } from '../domain/parcel.js';
import { openRing } from './area.js';

export interface PackedLayer {
  /** Number of features. */
  readonly size: number;
  /** Feature ids (record ids from the file, or generated). */
  readonly ids: readonly string[];
  /** lon, lat interleaved. */
  readonly coords: Float64Array;
  /** ringStart[r] = first vertex of ring r; ringStart[rings] = vertex count. */
  readonly ringStart: Uint32Array;
  /** partStart[p] = first ring (the shell) of part p. */
  readonly partStart: Uint32Array;
  /** featureStart[f] = first part of feature f. */
  readonly featureStart: Uint32Array;
  /** minX, minY, maxX, maxY per feature (Infinity/-Infinity for an empty feature). */
  readonly bboxes: Float64Array;
}

class GrowF64 {
  a = new Float64Array(1024);
  n = 0;
  push2(x: number, y: number): void {
    if (this.n + 2 > this.a.length) this.grow();
    this.a[this.n++] = x;
    this.a[this.n++] = y;
  }
  private grow(): void {
    const b = new Float64Array(this.a.length * 2);
    b.set(this.a);
    this.a = b;
  }
  done(): Float64Array {
    return this.a.slice(0, this.n);
  }
}

class GrowU32 {
  a = new Uint32Array(1024);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Uint32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  done(): Uint32Array {
    return this.a.slice(0, this.n);
  }
}

/** Signed area ×2 of an open ring in the lon/lat plane (CCW positive). */
function signedArea2(ring: readonly Position[]): number {
  const n = ring.length;
  const [x0, y0] = ring[0]!;
  let s = 0;
  for (let i = 1; i + 1 < n; i++) {
    const [ax, ay] = ring[i]!;
    const [bx, by] = ring[i + 1]!;
    s += (ax - x0) * (by - y0) - (bx - x0) * (ay - y0);
  }
  return s;
}

/** Builds a PackedLayer feature by feature. */
export class PackedLayerBuilder {
  private readonly coords = new GrowF64();
  private readonly ringStart = new GrowU32();
  private readonly partStart = new GrowU32();
  private readonly featureStart = new GrowU32();
  private readonly boxes: number[] = [];
  private readonly ids: string[] = [];
  private vertices = 0;
  private rings = 0;
  private parts = 0;

  add(id: string, geometry: ParcelGeometry | null): number {
    this.featureStart.push(this.parts);
    this.ids.push(id);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    const polys: PolygonCoords[] = geometry === null ? [] : geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    for (const rings of polys) {
      let first = true;
      for (const raw of rings) {
        const ring = openRing(raw);
        if (ring.length < 3) {
          if (first) break; // a part without a usable shell contributes nothing
          continue;
        }
        if (first) {
          this.partStart.push(this.rings);
          this.parts++;
        }
        const ccw = signedArea2(ring) > 0;
        const reverse = first ? !ccw : ccw; // shell CCW, hole CW
        this.ringStart.push(this.vertices);
        this.rings++;
        const n = ring.length;
        for (let k = 0; k < n; k++) {
          const [x, y] = ring[reverse ? n - 1 - k : k]!;
          this.coords.push2(x, y);
          if (x < minX) minX = x;
          if (y < minY) minY = y;
          if (x > maxX) maxX = x;
          if (y > maxY) maxY = y;
        }
        this.vertices += n;
        first = false;
      }
    }
    this.boxes.push(minX, minY, maxX, maxY);
    return this.ids.length - 1;
  }

  finish(): PackedLayer {
    this.featureStart.push(this.parts);
    this.partStart.push(this.rings);
    this.ringStart.push(this.vertices);
    return {
      size: this.ids.length,
      ids: this.ids,
      coords: this.coords.done(),
      ringStart: this.ringStart.done(),
      partStart: this.partStart.done(),
      featureStart: this.featureStart.done(),
      bboxes: Float64Array.from(this.boxes),
    };
  }
}

export function packLayer(features: Iterable<{ readonly id: string; readonly geometry: ParcelGeometry | null }>): PackedLayer {
  const b = new PackedLayerBuilder();
  for (const f of features) b.add(f.id, f.geometry);
  return b.finish();
}

/** The feature back as GeoJSON (closed rings, normalised orientation). */
export function featureGeometry(layer: PackedLayer, f: number): ParcelGeometry | null {
  const p0 = layer.featureStart[f]!;
  const p1 = layer.featureStart[f + 1]!;
  if (p0 === p1) return null;
  const polys: PolygonCoords[] = [];
  for (let p = p0; p < p1; p++) {
    const rings: Position[][] = [];
    for (let r = layer.partStart[p]!; r < layer.partStart[p + 1]!; r++) {
      const ring: Position[] = [];
      for (let v = layer.ringStart[r]!; v < layer.ringStart[r + 1]!; v++) ring.push([layer.coords[2 * v]!, layer.coords[2 * v + 1]!]);
      ring.push([ring[0]![0], ring[0]![1]]);
      rings.push(ring);
    }
    polys.push(rings);
  }
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0]! } : { type: 'MultiPolygon', coordinates: polys };
}

/** Ring index range [r0, r1) of feature f. */
export function featureRings(layer: PackedLayer, f: number): [number, number] {
  return [layer.partStart[layer.featureStart[f]!]!, layer.partStart[layer.featureStart[f + 1]!]!];
}
