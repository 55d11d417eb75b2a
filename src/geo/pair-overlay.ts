/**
 * Intersection of two packed features: whether they intersect (PostGIS ST_Intersects semantics,
 * touching counts) and the ellipsoidal area of their intersection.
 *
 * Why not clip every pair with polyclip-ts: it is exact (bignumber.js) but takes hundreds of
 * microseconds to milliseconds per pair. We never need the clipped polygon, only its area. With
 * shells counter-clockwise and holes clockwise (interior always on the left), the boundary of
 * A ∩ B is made of
 *   - the pieces of A's boundary inside B,
 *   - the pieces of B's boundary inside A,
 *   - the pieces where the boundaries run together in the same direction (both interiors on the
 *     same side; counted once). Where they run together in opposite directions, the interiors lie
 *     on either side: the polygons only touch there, and the piece is not part of the boundary;
 * so by Green's theorem the geodesic area of A ∩ B is the sum of those pieces' edge integrals
 * (GeographicLib's S12, exactly what PolygonArea sums for the clipped polygon). Crossing points are
 * computed in the lon/lat plane, as GEOS does for `ST_Intersection(a, b)::geography`.
 *
 * Every predicate is exact: orientation tests are filtered with Shewchuk's error bound and, when
 * too close to call, decided exactly (robust-predicates). So a cadastre, where neighbours share
 * vertices and edges exactly, needs no special path: a shared vertex is a touch, a shared edge is
 * a piece running together, and a pair that only touches is decided without measuring anything.
 * `pairIntersectionByClipping` (polyclip-ts) is the slow general path the tests hold this one to.
 */
import * as polyclip from 'polyclip-ts';
import { orient2d } from 'robust-predicates';
import type { PolygonCoords } from '../domain/parcel.js';
import { ellipsoidalArea } from './area.js';
import { AREA_MASK, Accumulator, CGCS2000_GEODESIC } from './geodesic.js';
import { featureGeometry, featureRings, type PackedLayer } from './packed.js';

export interface PairResult {
  readonly intersects: boolean;
  /** Ellipsoidal area of the intersection on CGCS2000, m². */
  readonly areaM2: number;
  /**
   * 'pieces': the boundaries only cross (general position); 'shared': they touch (shared vertices
   * or edges, a vertex on an edge), handled exactly by the same method; 'clip': polyclip-ts.
   */
  readonly method: 'pieces' | 'shared' | 'clip';
}

/** Shewchuk's ccwerrboundA: |det| above this × (|l| + |r|) has the right sign in float64. */
const ORIENT_BOUND = 3.3306690738754716e-16;

/** Sign of the turn a → b → c with x east and y north: 1 left (counter-clockwise), -1 right, 0 collinear. Exact. */
export function orientation(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const l = (bx - ax) * (cy - ay);
  const r = (by - ay) * (cx - ax);
  const det = l - r;
  if (Math.abs(det) > ORIENT_BOUND * (Math.abs(l) + Math.abs(r))) return det > 0 ? 1 : -1;
  // robust-predicates takes the y axis pointing down: its positive is our clockwise.
  const exact = orient2d(ax, ay, bx, by, cx, cy);
  return exact < 0 ? 1 : exact > 0 ? -1 : 0;
}

/** c within the bounding box of segment a–b (for c already known to be on the line a–b: c on the closed segment). */
function inBox(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  return (ax < bx ? ax <= cx && cx <= bx : bx <= cx && cx <= ax) && (ay < by ? ay <= cy && cy <= by : by <= cy && cy <= ay);
}

/** Where a point lies relative to a feature: 1 inside, -1 outside, 0 on its boundary. Exact for the given point. */
export function locatePoint(layer: PackedLayer, f: number, x: number, y: number): 1 | 0 | -1 {
  const [r0, r1] = featureRings(layer, f);
  const c = layer.coords;
  let inside = false;
  for (let r = r0; r < r1; r++) {
    const v0 = layer.ringStart[r]!;
    const v1 = layer.ringStart[r + 1]!;
    let ix = c[2 * (v1 - 1)]!;
    let iy = c[2 * (v1 - 1) + 1]!;
    for (let v = v0; v < v1; v++) {
      const jx = c[2 * v]!;
      const jy = c[2 * v + 1]!;
      if (iy > y !== jy > y) {
        const o = orientation(ix, iy, jx, jy, x, y);
        if (o === 0) return 0;
        // The ray towards +x crosses the edge when the point is left of it going up, right of it going down.
        if (o > 0 === jy > iy) inside = !inside;
      } else if ((iy === y || jy === y) && inBox(ix, iy, jx, jy, x, y) && orientation(ix, iy, jx, jy, x, y) === 0) {
        return 0;
      }
      ix = jx;
      iy = jy;
    }
  }
  return inside ? 1 : -1;
}

/** Even-odd point in feature (all parts, all rings); a point on the boundary counts as outside. */
export function pointInFeature(layer: PackedLayer, f: number, x: number, y: number): boolean {
  return locatePoint(layer, f, x, y) === 1;
}

/**
 * What one feature's boundary meets of the other's. Struct-of-arrays scratch, reused from pair to
 * pair (the overlay is synchronous), so a pair allocates nothing here.
 * - events: points strictly inside an edge where the other boundary crosses (the state flips) or
 *   touches it (the state must be found again); `key` is the position along the edge.
 * - touched: vertices lying on the other boundary.
 * - stretches: parts of an edge lying along an edge of the other feature, running the same way
 *   (interiors on the same side) or the opposite way.
 */
class Contacts {
  events = 0;
  readonly evEdge: number[] = [];
  readonly evKey: number[] = [];
  readonly evX: number[] = [];
  readonly evY: number[] = [];
  readonly evCross: boolean[] = [];
  touched = 0;
  readonly touchedVertex: number[] = [];
  stretches = 0;
  readonly stEdge: number[] = [];
  readonly stLo: number[] = [];
  readonly stHi: number[] = [];
  readonly stSame: boolean[] = [];

  clear(): void {
    this.events = 0;
    this.touched = 0;
    this.stretches = 0;
  }

  event(edge: number, key: number, x: number, y: number, cross: boolean): void {
    const i = this.events++;
    this.evEdge[i] = edge;
    this.evKey[i] = key;
    this.evX[i] = x;
    this.evY[i] = y;
    this.evCross[i] = cross;
  }

  touch(vertex: number): void {
    for (let i = 0; i < this.touched; i++) if (this.touchedVertex[i] === vertex) return;
    this.touchedVertex[this.touched++] = vertex;
  }

  isTouched(vertex: number): boolean {
    for (let i = 0; i < this.touched; i++) if (this.touchedVertex[i] === vertex) return true;
    return false;
  }

  stretch(edge: number, lo: number, hi: number, same: boolean): void {
    const i = this.stretches++;
    this.stEdge[i] = edge;
    this.stLo[i] = lo;
    this.stHi[i] = hi;
    this.stSame[i] = same;
  }

  /** Orders events by edge, then along the edge (insertion sort: a pair has a handful). */
  sortEvents(): void {
    const { evEdge, evKey, evX, evY, evCross } = this;
    for (let i = 1; i < this.events; i++) {
      const e = evEdge[i]!, k = evKey[i]!, x = evX[i]!, y = evY[i]!, c = evCross[i]!;
      let j = i - 1;
      while (j >= 0 && (evEdge[j]! > e || (evEdge[j] === e && evKey[j]! > k))) {
        evEdge[j + 1] = evEdge[j]!;
        evKey[j + 1] = evKey[j]!;
        evX[j + 1] = evX[j]!;
        evY[j + 1] = evY[j]!;
        evCross[j + 1] = evCross[j]!;
        j--;
      }
      evEdge[j + 1] = e;
      evKey[j + 1] = k;
      evX[j + 1] = x;
      evY[j + 1] = y;
      evCross[j + 1] = c;
    }
  }
}

/** Position along edge p→q of a point on it: exact (a coordinate, possibly negated). */
function edgeKey(px: number, py: number, qx: number, qy: number, x: number, y: number): number {
  const dx = qx - px;
  const dy = qy - py;
  if (Math.abs(dx) >= Math.abs(dy)) return dx >= 0 ? x : -x;
  return dy >= 0 ? y : -y;
}

interface Scan {
  readonly a: Contacts;
  readonly b: Contacts;
  crossings: number;
  touches: number;
}

const SCAN: Scan = { a: new Contacts(), b: new Contacts(), crossings: 0, touches: 0 };

/**
 * Every meeting of A's feature boundary with B's: proper crossings (a float point, as GEOS
 * computes it), vertices on the other boundary (exact points), and collinear stretches.
 */
function scanBoundaries(A: PackedLayer, fa: number, B: PackedLayer, fb: number): Scan {
  const scan = SCAN;
  scan.a.clear();
  scan.b.clear();
  scan.crossings = 0;
  scan.touches = 0;
  const [ra0, ra1] = featureRings(A, fa);
  const [rb0, rb1] = featureRings(B, fb);
  const ac = A.coords;
  const bc = B.coords;
  const bb = B.bboxes;
  const bMinX = bb[4 * fb]!, bMinY = bb[4 * fb + 1]!, bMaxX = bb[4 * fb + 2]!, bMaxY = bb[4 * fb + 3]!;
  for (let ra = ra0; ra < ra1; ra++) {
    const va0 = A.ringStart[ra]!;
    const va1 = A.ringStart[ra + 1]!;
    for (let v = va0; v < va1; v++) {
      const w = v + 1 === va1 ? va0 : v + 1;
      const px = ac[2 * v]!, py = ac[2 * v + 1]!, qx = ac[2 * w]!, qy = ac[2 * w + 1]!;
      const eminX = px < qx ? px : qx, emaxX = px < qx ? qx : px;
      const eminY = py < qy ? py : qy, emaxY = py < qy ? qy : py;
      if (emaxX < bMinX || eminX > bMaxX || emaxY < bMinY || eminY > bMaxY) continue;
      for (let rb = rb0; rb < rb1; rb++) {
        const vb0 = B.ringStart[rb]!;
        const vb1 = B.ringStart[rb + 1]!;
        for (let s = vb0; s < vb1; s++) {
          const z = s + 1 === vb1 ? vb0 : s + 1;
          const rx = bc[2 * s]!, ry = bc[2 * s + 1]!, sx = bc[2 * z]!, sy = bc[2 * z + 1]!;
          if ((rx < sx ? sx : rx) < eminX || (rx < sx ? rx : sx) > emaxX) continue;
          if ((ry < sy ? sy : ry) < eminY || (ry < sy ? ry : sy) > emaxY) continue;
          const d1 = orientation(rx, ry, sx, sy, px, py);
          const d2 = orientation(rx, ry, sx, sy, qx, qy);
          if (d1 === d2 && d1 !== 0) continue;
          const d3 = orientation(px, py, qx, qy, rx, ry);
          const d4 = orientation(px, py, qx, qy, sx, sy);
          if (d3 === d4 && d3 !== 0) continue;
          if (d1 !== 0 && d2 !== 0 && d3 !== 0 && d4 !== 0) {
            // Proper crossing, at the point GEOS would compute in the plane.
            const o1 = (sx - rx) * (py - ry) - (sy - ry) * (px - rx);
            const o2 = (sx - rx) * (qy - ry) - (sy - ry) * (qx - rx);
            // Clamped: when the float determinants are too close to call, the exact signs decided the crossing.
            const t = Math.min(1, Math.max(0, o1 / (o1 - o2)));
            const x = px + t * (qx - px);
            const y = py + t * (qy - py);
            scan.a.event(v, edgeKey(px, py, qx, qy, x, y), x, y, true);
            scan.b.event(s, edgeKey(rx, ry, sx, sy, x, y), x, y, true);
            scan.crossings++;
            continue;
          }
          touchContacts(scan, v, w, px, py, qx, qy, s, z, rx, ry, sx, sy, d1, d2, d3, d4);
        }
      }
    }
  }
  return scan;
}

/** Records how edge v (p→q) of A and edge s (r→z) of B touch, given their four orientations. */
function touchContacts(
  scan: Scan,
  v: number, w: number, px: number, py: number, qx: number, qy: number,
  s: number, z: number, rx: number, ry: number, sx: number, sy: number,
  d1: number, d2: number, d3: number, d4: number,
): void {
  const pOn = d1 === 0 && inBox(rx, ry, sx, sy, px, py);
  const qOn = d2 === 0 && inBox(rx, ry, sx, sy, qx, qy);
  const rOn = d3 === 0 && inBox(px, py, qx, qy, rx, ry);
  const zOn = d4 === 0 && inBox(px, py, qx, qy, sx, sy);
  if (!pOn && !qOn && !rOn && !zOn) return;
  scan.touches++;
  // A vertex met inside the other edge splits that edge there; met at its ends, it only touches.
  if (pOn) {
    scan.a.touch(v);
    if (!(px === rx && py === ry) && !(px === sx && py === sy)) scan.b.event(s, edgeKey(rx, ry, sx, sy, px, py), px, py, false);
  }
  if (qOn) {
    scan.a.touch(w);
    if (!(qx === rx && qy === ry) && !(qx === sx && qy === sy)) scan.b.event(s, edgeKey(rx, ry, sx, sy, qx, qy), qx, qy, false);
  }
  if (rOn) {
    scan.b.touch(s);
    if (!(rx === px && ry === py) && !(rx === qx && ry === qy)) scan.a.event(v, edgeKey(px, py, qx, qy, rx, ry), rx, ry, false);
  }
  if (zOn) {
    scan.b.touch(z);
    if (!(sx === px && sy === py) && !(sx === qx && sy === qy)) scan.a.event(v, edgeKey(px, py, qx, qy, sx, sy), sx, sy, false);
  }
  // Collinear with a common stretch of positive length: the edges run together there.
  if (d1 === 0 && d2 === 0 && d3 === 0 && d4 === 0 && (px !== qx || py !== qy) && (rx !== sx || ry !== sy)) {
    const kp = edgeKey(px, py, qx, qy, px, py);
    const kq = edgeKey(px, py, qx, qy, qx, qy);
    const kr = edgeKey(px, py, qx, qy, rx, ry);
    const kz = edgeKey(px, py, qx, qy, sx, sy);
    const bForward = kz > kr;
    const bLo = bForward ? kr : kz;
    const bHi = bForward ? kz : kr;
    const lo = kp > bLo ? kp : bLo;
    const hi = kq < bHi ? kq : bHi;
    if (!(lo < hi)) return;
    scan.a.stretch(v, lo, hi, bForward);
    // The same stretch in B's own terms: its ends are among p, q, r, z.
    const k1 = kp >= bLo ? edgeKey(rx, ry, sx, sy, px, py) : edgeKey(rx, ry, sx, sy, bForward ? rx : sx, bForward ? ry : sy);
    const k2 = kq <= bHi ? edgeKey(rx, ry, sx, sy, qx, qy) : edgeKey(rx, ry, sx, sy, bForward ? sx : rx, bForward ? sy : ry);
    scan.b.stretch(s, k1 < k2 ? k1 : k2, k1 < k2 ? k2 : k1, bForward);
  }
}

/** Sub-segment state while walking a ring. */
const UNKNOWN = 0, IN = 1, OUT = 2, ON_SAME = 3, ON_OPPOSITE = 4;

class Unclassifiable extends Error {}

/** How the boundary pieces are measured: ellipsoidal (official) or in the lon/lat plane (for tests of the topology). */
type Measure = 'ellipsoidal' | 'planar';

function addPiece(acc: InstanceType<typeof Accumulator>, measure: Measure, ox: number, oy: number, x0: number, y0: number, x1: number, y1: number): void {
  if (measure === 'planar') acc.Add(((x0 - ox) * (y1 - oy) - (x1 - ox) * (y0 - oy)) / 2);
  else acc.Add(CGCS2000_GEODESIC.Inverse(y0, x0, y1, x1, AREA_MASK).S12 ?? 0);
}

/**
 * Adds to `acc` the measure of the pieces of `L`'s feature `f` boundary that lie inside `O`'s
 * feature `g` (and, with `withSame`, the pieces running along O's boundary the same way):
 * S12 (clockwise-positive) or the planar shoelace term about (ox, oy) (counter-clockwise-positive).
 * Consecutive counted pieces of one edge are measured as one: a parcel inside a field whose
 * vertex touches the parcel's edge keeps exactly its own area (the geodesic between an edge's
 * ends does not pass through a point on its straight lon/lat line).
 */
function sumPieces(L: PackedLayer, f: number, O: PackedLayer, g: number, contacts: Contacts, withSame: boolean, measure: Measure, ox: number, oy: number, acc: InstanceType<typeof Accumulator>): void {
  const [r0, r1] = featureRings(L, f);
  const c = L.coords;
  contacts.sortEvents();
  const { evEdge, evKey, evX, evY, evCross } = contacts;
  let ei = 0;
  for (let r = r0; r < r1; r++) {
    const v0 = L.ringStart[r]!;
    const v1 = L.ringStart[r + 1]!;
    let state = UNKNOWN;
    for (let v = v0; v < v1; v++) {
      const w = v + 1 === v1 ? v0 : v + 1;
      const px = c[2 * v]!, py = c[2 * v + 1]!, qx = c[2 * w]!, qy = c[2 * w + 1]!;
      if (state >= ON_SAME || contacts.isTouched(v)) state = UNKNOWN;
      while (ei < contacts.events && evEdge[ei]! < v) ei++;
      if (px === qx && py === qy) continue; // a repeated vertex: no edge
      const kq = edgeKey(px, py, qx, qy, qx, qy);
      let x0 = px, y0 = py, k0 = edgeKey(px, py, qx, qy, px, py);
      // The counted run of pieces on this edge so far starts at (runX, runY).
      let running = false;
      let runX = 0, runY = 0;
      let resetAtEnd = false;
      while (ei < contacts.events && evEdge[ei] === v) {
        const key = evKey[ei]!, x = evX[ei]!, y = evY[ei]!;
        // One point met from several edges of the other feature: a touch if any says so.
        let cross = evCross[ei]!;
        while (++ei < contacts.events && evEdge[ei] === v && evKey[ei] === key) cross = cross && evCross[ei]!;
        // A crossing rounded onto an end of the edge: find the state again there.
        if (key <= k0) {
          state = UNKNOWN;
          continue;
        }
        if (key >= kq) {
          resetAtEnd = true;
          continue;
        }
        if (state === UNKNOWN) state = classify(O, g, contacts, v, x0, y0, k0, x, y, key);
        if (state === IN || (withSame && state === ON_SAME)) {
          if (!running) {
            running = true;
            runX = x0;
            runY = y0;
          }
        } else if (running) {
          addPiece(acc, measure, ox, oy, runX, runY, x0, y0);
          running = false;
        }
        state = cross && (state === IN || state === OUT) ? (state === IN ? OUT : IN) : UNKNOWN;
        x0 = x;
        y0 = y;
        k0 = key;
      }
      if (state === UNKNOWN) state = classify(O, g, contacts, v, x0, y0, k0, qx, qy, kq);
      if (state === IN || (withSame && state === ON_SAME)) addPiece(acc, measure, ox, oy, running ? runX : x0, running ? runY : y0, qx, qy);
      else if (running) addPiece(acc, measure, ox, oy, runX, runY, x0, y0);
      if (resetAtEnd) state = UNKNOWN;
    }
  }
}

/** Points tried inside a piece, as fractions of it: the midpoint, then others if rounding put it on the boundary. */
const PROBES = [0.5, 0.3125, 0.6875, 0.1875, 0.8125];

/** Inside, outside or along the other boundary, for a piece of edge `v` that no boundary crosses or touches inside. */
function classify(O: PackedLayer, g: number, contacts: Contacts, v: number, x0: number, y0: number, k0: number, x1: number, y1: number, k1: number): number {
  for (let i = 0; i < contacts.stretches; i++) {
    if (contacts.stEdge[i] === v && contacts.stLo[i]! <= k0 && k1 <= contacts.stHi[i]!) return contacts.stSame[i] ? ON_SAME : ON_OPPOSITE;
  }
  for (const t of PROBES) {
    const at = locatePoint(O, g, x0 + t * (x1 - x0), y0 + t * (y1 - y0));
    if (at !== 0) return at === 1 ? IN : OUT;
  }
  throw new Unclassifiable();
}

/** Whether any ring of L's feature f starts inside O's feature g (for pairs whose boundaries never meet). */
function anyRingInside(L: PackedLayer, f: number, O: PackedLayer, g: number): boolean {
  const [r0, r1] = featureRings(L, f);
  for (let r = r0; r < r1; r++) {
    const v = L.ringStart[r]!;
    if (locatePoint(O, g, L.coords[2 * v]!, L.coords[2 * v + 1]!) === 1) return true;
  }
  return false;
}

/**
 * Intersection of feature `fa` of `A` with feature `fb` of `B`. With `needArea` false only the
 * predicate is computed (no geodesic work).
 */
export function pairIntersection(A: PackedLayer, fa: number, B: PackedLayer, fb: number, needArea = true): PairResult {
  const r = measurePair(A, fa, B, fb, needArea, 'ellipsoidal');
  return r ?? pairIntersectionByClipping(A, fa, B, fb);
}

/**
 * The same intersection measured in the lon/lat plane (square degrees), where extra vertices on a
 * straight edge change nothing: what the tests compare with the clipped polygon's shoelace area,
 * to check which pieces were counted independently of geodesic edges. Null when a piece could
 * not be classified (the caller clips instead).
 */
export function pairPlanarArea(A: PackedLayer, fa: number, B: PackedLayer, fb: number): number | null {
  return measurePair(A, fa, B, fb, true, 'planar')?.areaM2 ?? null;
}

function measurePair(A: PackedLayer, fa: number, B: PackedLayer, fb: number, needArea: boolean, measure: Measure): PairResult | null {
  const scan = scanBoundaries(A, fa, B, fb);
  const method = scan.touches > 0 ? 'shared' : 'pieces';
  const met = scan.crossings > 0 || scan.touches > 0;
  if (!met) {
    // The boundaries never meet: one contains the other, or they are apart.
    if (anyRingInside(A, fa, B, fb) || anyRingInside(B, fb, A, fa)) {
      if (!needArea) return { intersects: true, areaM2: 0, method };
    } else {
      return { intersects: false, areaM2: 0, method };
    }
  } else if (!needArea) {
    return { intersects: true, areaM2: 0, method };
  }
  const acc = new Accumulator(0);
  const v0 = A.ringStart[A.partStart[A.featureStart[fa]!]!]!;
  const ox = A.coords[2 * v0]!, oy = A.coords[2 * v0 + 1]!;
  try {
    sumPieces(A, fa, B, fb, scan.a, true, measure, ox, oy, acc);
    sumPieces(B, fb, A, fa, scan.b, false, measure, ox, oy, acc);
  } catch (e) {
    if (e instanceof Unclassifiable) return null;
    throw e;
  }
  // GeographicLib sums S12 clockwise-positive; our boundary is counter-clockwise (PolygonArea negates too).
  const area = measure === 'planar' ? acc.Sum() : -acc.Sum();
  return { intersects: true, areaM2: area > 0 ? area : 0, method };
}

/**
 * Whether the closed boundaries meet anywhere (exact). Deliberately the plain all-pairs test, not
 * scanBoundaries: the general path must not share the fast path's bookkeeping it is a check on.
 */
function boundariesMeet(A: PackedLayer, fa: number, B: PackedLayer, fb: number): boolean {
  const [ra0, ra1] = featureRings(A, fa);
  const [rb0, rb1] = featureRings(B, fb);
  const ac = A.coords;
  const bc = B.coords;
  for (let ra = ra0; ra < ra1; ra++) {
    const va0 = A.ringStart[ra]!, va1 = A.ringStart[ra + 1]!;
    for (let v = va0; v < va1; v++) {
      const w = v + 1 === va1 ? va0 : v + 1;
      const px = ac[2 * v]!, py = ac[2 * v + 1]!, qx = ac[2 * w]!, qy = ac[2 * w + 1]!;
      for (let rb = rb0; rb < rb1; rb++) {
        const vb0 = B.ringStart[rb]!, vb1 = B.ringStart[rb + 1]!;
        for (let s = vb0; s < vb1; s++) {
          const z = s + 1 === vb1 ? vb0 : s + 1;
          const rx = bc[2 * s]!, ry = bc[2 * s + 1]!, sx = bc[2 * z]!, sy = bc[2 * z + 1]!;
          const d1 = orientation(rx, ry, sx, sy, px, py), d2 = orientation(rx, ry, sx, sy, qx, qy);
          const d3 = orientation(px, py, qx, qy, rx, ry), d4 = orientation(px, py, qx, qy, sx, sy);
          if (d1 * d2 < 0 && d3 * d4 < 0) return true;
          if (d1 === 0 && inBox(rx, ry, sx, sy, px, py)) return true;
          if (d2 === 0 && inBox(rx, ry, sx, sy, qx, qy)) return true;
          if (d3 === 0 && inBox(px, py, qx, qy, rx, ry)) return true;
          if (d4 === 0 && inBox(px, py, qx, qy, sx, sy)) return true;
        }
      }
    }
  }
  return false;
}

/**
 * The general path: clip with polyclip-ts (exact, slow) and measure the clipped polygon; the
 * predicate from an exact boundary test. The reference `pairIntersection` is tested against.
 */
export function pairIntersectionByClipping(A: PackedLayer, fa: number, B: PackedLayer, fb: number): PairResult {
  const ga = featureGeometry(A, fa);
  const gb = featureGeometry(B, fb);
  if (!ga || !gb) return { intersects: false, areaM2: 0, method: 'clip' };
  const pa = ga.coordinates as polyclip.Geom;
  const pb = gb.coordinates as polyclip.Geom;
  const result = polyclip.intersection(pa, pb) as PolygonCoords[];
  const areaM2 = result.length === 0 ? 0 : ellipsoidalArea({ type: 'MultiPolygon', coordinates: result });
  const intersects = result.length > 0 || boundariesMeet(A, fa, B, fb);
  return { intersects, areaM2, method: 'clip' };
}
