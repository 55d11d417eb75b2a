/**
 * Geometry validity of parcels (CGCS2000 lon/lat GeoJSON): each problem with the parcel id and
 * where it is (part, ring, vertex, [lon, lat]), in Chinese and English.
 *
 *   empty · unclosed-ring · wrong-orientation · duplicate-point · spike · self-intersection ·
 *   hole-outside-shell · sliver · too-small
 *
 * `checkParcelGeometry` is the one check a parcel must pass to enter the register, whichever way
 * it comes (file import, a supply recorded through the API): every error above, plus a minimum
 * area. A missing geometry passes only when the caller allows it.
 *
 * `repairGeometry` is opt-in and returns, next to the new geometry, one line per change it made
 * (closed a ring, removed a repeated vertex, reversed a ring, cut a spike, dropped a hole outside
 * its shell, rebuilt a self-intersecting polygon with polyclip-ts — with the area before/after).
 * Example: validateGeometry('P1', { type: 'Polygon', coordinates: [[[78.5,39.8],[78.501,39.8],[78.5,39.801]]] })
 * → [{ kind: 'unclosed-ring', part: 0, ring: 0, location: [78.5, 39.8], … }].
 */
import * as polyclip from 'polyclip-ts';
import type { Bilingual } from '../domain/finding.js';
import type { ParcelGeometry, PolygonCoords, Position } from '../domain/parcel.js';
import { ellipsoidalArea, ringSignedPlanarArea } from './area.js';

export type ValidityKind =
  | 'empty'
  | 'unclosed-ring'
  | 'wrong-orientation'
  | 'duplicate-point'
  | 'spike'
  | 'self-intersection'
  | 'hole-outside-shell'
  | 'sliver'
  | 'too-small';

export interface ValidityIssue {
  readonly kind: ValidityKind;
  readonly severity: 'error' | 'warning' | 'info';
  readonly parcelId: string;
  readonly part: number;
  readonly ring: number;
  readonly vertex?: number;
  readonly location?: Position;
  readonly message: Bilingual;
}

export interface ValidityOptions {
  /** A spike is a vertex whose two edges meet at less than this angle, degrees. Default 1°. */
  readonly spikeAngleDeg?: number;
  /** A part thinner than this (4πA/P², 1 = circle) is a sliver. Default 0.02. */
  readonly sliverThinness?: number;
  /** A part smaller than this is a sliver whatever its shape, m². Default 1 m². */
  readonly sliverAreaM2?: number;
}

const M_PER_DEG = 111_320;

function polygons(g: ParcelGeometry): PolygonCoords[] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

function same(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** Local metres around a latitude (equirectangular): enough for angles and shape ratios. */
function toLocal(p: Position, lat0: number): [number, number] {
  return [p[0] * M_PER_DEG * Math.cos((lat0 * Math.PI) / 180), p[1] * M_PER_DEG];
}

function segmentsCross(a: Position, b: Position, c: Position, d: Position, properOnly = false): Position | undefined {
  const o = (p: Position, q: Position, r: Position) => (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);
  const d1 = o(c, d, a), d2 = o(c, d, b), d3 = o(a, b, c), d4 = o(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
    const t = d1 / (d1 - d2);
    return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
  }
  if (properOnly) return undefined;
  // Touching (a vertex on another edge, collinear overlap) also makes a ring invalid.
  const on = (p: Position, q: Position, r: Position) =>
    o(p, q, r) === 0 && Math.min(p[0], q[0]) <= r[0] && r[0] <= Math.max(p[0], q[0]) && Math.min(p[1], q[1]) <= r[1] && r[1] <= Math.max(p[1], q[1]);
  if (on(c, d, a)) return a;
  if (on(c, d, b)) return b;
  if (on(a, b, c)) return c;
  if (on(a, b, d)) return d;
  return undefined;
}

function pointInRing(ring: readonly Position[], p: Position): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Vertices of a ring without the closing duplicate and without consecutive repeats. */
function cleanVertices(ring: readonly Position[]): Position[] {
  const out: Position[] = [];
  for (const p of ring) if (out.length === 0 || !same(out[out.length - 1]!, p)) out.push(p);
  if (out.length > 1 && same(out[0]!, out[out.length - 1]!)) out.pop();
  return out;
}

function ringEdges(v: readonly Position[]): [Position, Position][] {
  return v.map((p, i) => [p, v[(i + 1) % v.length]!]);
}

export function validateGeometry(parcelId: string, geometry: ParcelGeometry | null, opts: ValidityOptions = {}): ValidityIssue[] {
  const issues: ValidityIssue[] = [];
  const add = (kind: ValidityKind, severity: ValidityIssue['severity'], part: number, ring: number, zh: string, en: string, location?: Position, vertex?: number) =>
    issues.push({ kind, severity, parcelId, part, ring, ...(vertex !== undefined ? { vertex } : {}), ...(location ? { location } : {}), message: { zh: `宗地 ${parcelId}：${zh}`, en: `parcel ${parcelId}: ${en}` } });
  const spikeCos = Math.cos(((opts.spikeAngleDeg ?? 1) * Math.PI) / 180);
  if (!geometry || polygons(geometry).length === 0 || polygons(geometry).every((p) => (p[0]?.length ?? 0) === 0)) {
    add('empty', 'error', 0, 0, '几何为空', 'geometry is empty');
    return issues;
  }
  polygons(geometry).forEach((rings, part) => {
    const cleaned = rings.map(cleanVertices);
    if ((cleaned[0]?.length ?? 0) < 3) {
      add('empty', 'error', part, 0, `第 ${part + 1} 部分外环不足 3 个不同顶点`, `part ${part + 1}: the shell has fewer than 3 distinct vertices`, rings[0]?.[0]);
      return;
    }
    rings.forEach((ring, r) => {
      const where = `第 ${part + 1} 部分第 ${r + 1} 环`;
      const whereEn = `part ${part + 1} ring ${r + 1}`;
      if (ring.length > 0 && !same(ring[0]!, ring[ring.length - 1]!)) {
        add('unclosed-ring', 'error', part, r, `${where}未闭合（首末点不同）`, `${whereEn} is not closed (first and last points differ)`, ring[0]);
      }
      for (let i = 1; i < ring.length; i++) {
        if (same(ring[i]!, ring[i - 1]!)) add('duplicate-point', 'warning', part, r, `${where}第 ${i + 1} 点与前一点重复`, `${whereEn} vertex ${i + 1} repeats the previous one`, ring[i], i);
      }
      const v = cleaned[r]!;
      if (v.length < 3) return;
      const area = ringSignedPlanarArea(v);
      if ((r === 0 && area < 0) || (r > 0 && area > 0)) {
        add('wrong-orientation', 'info', part, r, `${where}方向应为${r === 0 ? '逆时针（外环）' : '顺时针（内环）'}`, `${whereEn} should run ${r === 0 ? 'counter-clockwise (shell)' : 'clockwise (hole)'} (RFC 7946)`, v[0]);
      }
      const lat0 = v[0]![1];
      for (let i = 0; i < v.length; i++) {
        const a = toLocal(v[(i + v.length - 1) % v.length]!, lat0), b = toLocal(v[i]!, lat0), c = toLocal(v[(i + 1) % v.length]!, lat0);
        const ux = a[0] - b[0], uy = a[1] - b[1], wx = c[0] - b[0], wy = c[1] - b[1];
        const cos = (ux * wx + uy * wy) / (Math.hypot(ux, uy) * Math.hypot(wx, wy));
        if (cos > spikeCos) add('spike', 'error', part, r, `${where}第 ${i + 1} 点形成尖刺（夹角过小）`, `${whereEn} vertex ${i + 1} is a spike (edges fold back)`, v[i], i);
      }
      // Self-intersection within the ring: non-adjacent edges meeting.
      const e = ringEdges(v);
      for (let i = 0; i < e.length; i++) {
        for (let j = i + 2; j < e.length; j++) {
          if (i === 0 && j === e.length - 1) continue;
          const x = segmentsCross(e[i]![0], e[i]![1], e[j]![0], e[j]![1]);
          if (x) add('self-intersection', 'error', part, r, `${where}自相交于 (${x[0].toFixed(7)}, ${x[1].toFixed(7)})`, `${whereEn} intersects itself at (${x[0].toFixed(7)}, ${x[1].toFixed(7)})`, x);
        }
      }
    });
    // Holes: inside the shell, not crossing it or each other.
    const shell = cleaned[0]!;
    for (let r = 1; r < cleaned.length; r++) {
      const h = cleaned[r]!;
      if (h.length < 3) continue;
      let crossing: Position | undefined;
      for (let q = 0; q < cleaned.length && !crossing; q++) {
        if (q === r) continue;
        for (const [a, b] of ringEdges(h)) {
          for (const [c, d] of ringEdges(cleaned[q]!)) {
            crossing = segmentsCross(a, b, c, d);
            if (crossing) break;
          }
          if (crossing) break;
        }
        if (crossing && q < r) add('self-intersection', 'error', part, r, `第 ${part + 1} 部分第 ${r + 1} 环与第 ${q + 1} 环相交`, `part ${part + 1}: ring ${r + 1} crosses ring ${q + 1}`, crossing);
        else crossing = undefined;
      }
      if (!crossing && !pointInRing(shell, h[0]!)) {
        add('hole-outside-shell', 'error', part, r, `第 ${part + 1} 部分第 ${r + 1} 环（内环）在外环之外`, `part ${part + 1}: hole ${r + 1} lies outside its shell`, h[0]);
      }
    }
    // Sliver: a part that is tiny or extremely thin.
    const lat0 = shell[0]![1];
    const local = shell.map((p) => toLocal(p, lat0));
    let perimeter = 0;
    for (let i = 0; i < local.length; i++) {
      const a = local[i]!, b = local[(i + 1) % local.length]!;
      perimeter += Math.hypot(b[0] - a[0], b[1] - a[1]);
    }
    const areaM2 = ellipsoidalArea({ type: 'Polygon', coordinates: [[...shell, shell[0]!]] });
    const thinness = perimeter > 0 ? (4 * Math.PI * areaM2) / (perimeter * perimeter) : 0;
    if (areaM2 < (opts.sliverAreaM2 ?? 1) || thinness < (opts.sliverThinness ?? 0.02)) {
      add('sliver', 'warning', part, 0, `第 ${part + 1} 部分为碎片（面积 ${areaM2.toFixed(2)} m²，紧凑度 ${thinness.toFixed(4)}）`, `part ${part + 1} is a sliver (area ${areaM2.toFixed(2)} m², compactness ${thinness.toFixed(4)})`, shell[0]);
    }
  });
  // Parts of a MultiPolygon must not overlap: their areas would be counted twice.
  const parts = polygons(geometry).map((rings) => cleanVertices(rings[0] ?? [])).filter((v) => v.length >= 3);
  for (let p = 0; p < parts.length; p++) {
    for (let q = p + 1; q < parts.length; q++) {
      const a = parts[p]!, b = parts[q]!;
      let at: Position | undefined;
      for (const [s1, e1] of ringEdges(a)) {
        for (const [s2, e2] of ringEdges(b)) {
          at = segmentsCross(s1, e1, s2, e2, true);
          if (at) break;
        }
        if (at) break;
      }
      // Parts may touch at points (OGC); one inside the other, or crossing, is an overlap.
      if (!at) at = a.find((v) => pointInRing(b, v) && !b.some((w) => same(v, w)));
      if (!at) at = b.find((v) => pointInRing(a, v) && !a.some((w) => same(v, w)));
      if (at) add('self-intersection', 'error', q, 0, `第 ${p + 1} 部分与第 ${q + 1} 部分重叠`, `parts ${p + 1} and ${q + 1} overlap`, at);
    }
  }
  return issues;
}

export interface RepairChange {
  readonly kind: ValidityKind;
  readonly part: number;
  readonly ring: number;
  readonly message: Bilingual;
}

export interface RepairResult {
  readonly geometry: ParcelGeometry | null;
  readonly changes: readonly RepairChange[];
}

/** Removes spikes repeatedly (removing one may expose another). */
function removeSpikes(v: Position[], spikeCos: number): { ring: Position[]; removed: Position[] } {
  const removed: Position[] = [];
  let changed = true;
  let ring = v;
  while (changed && ring.length > 3) {
    changed = false;
    const lat0 = ring[0]![1];
    for (let i = 0; i < ring.length; i++) {
      const a = toLocal(ring[(i + ring.length - 1) % ring.length]!, lat0), b = toLocal(ring[i]!, lat0), c = toLocal(ring[(i + 1) % ring.length]!, lat0);
      const ux = a[0] - b[0], uy = a[1] - b[1], wx = c[0] - b[0], wy = c[1] - b[1];
      if ((ux * wx + uy * wy) / (Math.hypot(ux, uy) * Math.hypot(wx, wy)) > spikeCos) {
        removed.push(ring[i]!);
        ring = ring.filter((_, k) => k !== i);
        changed = true;
        break;
      }
    }
  }
  return { ring, removed };
}

/**
 * Opt-in repair. Closes rings, drops repeated vertices, cuts spikes, orients rings (shell CCW,
 * holes CW), drops holes outside their shell, and rebuilds a polygon that still intersects itself
 * with polyclip-ts's union (non-zero rule). Every change is listed; slivers are reported, not
 * removed, because whether a sliver is real is the bureau's call.
 */
export function repairGeometry(parcelId: string, geometry: ParcelGeometry | null, opts: ValidityOptions = {}): RepairResult {
  if (!geometry) return { geometry, changes: [] };
  const changes: RepairChange[] = [];
  const note = (kind: ValidityKind, part: number, ring: number, zh: string, en: string) =>
    changes.push({ kind, part, ring, message: { zh: `宗地 ${parcelId}：${zh}`, en: `parcel ${parcelId}: ${en}` } });
  const spikeCos = Math.cos(((opts.spikeAngleDeg ?? 1) * Math.PI) / 180);
  const out: PolygonCoords[] = [];
  polygons(geometry).forEach((rings, part) => {
    const fixed: Position[][] = [];
    rings.forEach((ring, r) => {
      const where = `第 ${part + 1} 部分第 ${r + 1} 环`;
      const whereEn = `part ${part + 1} ring ${r + 1}`;
      if (ring.length > 0 && !same(ring[0]!, ring[ring.length - 1]!)) note('unclosed-ring', part, r, `${where}已闭合`, `${whereEn}: closed the ring`);
      let v = cleanVertices(ring);
      const dups = ring.length - (same(ring[0] ?? [0, 0], ring[ring.length - 1] ?? [1, 1]) ? 1 : 0) - v.length;
      if (dups > 0) note('duplicate-point', part, r, `${where}删除 ${dups} 个重复点`, `${whereEn}: removed ${dups} repeated vertices`);
      const s = removeSpikes(v, spikeCos);
      if (s.removed.length) {
        v = s.ring;
        note('spike', part, r, `${where}删除尖刺点 ${s.removed.map((p) => `(${p[0]}, ${p[1]})`).join(' ')}`, `${whereEn}: removed spike vertices ${s.removed.map((p) => `(${p[0]}, ${p[1]})`).join(' ')}`);
      }
      if (v.length < 3) {
        note('empty', part, r, `${where}顶点不足，已删除`, `${whereEn}: fewer than 3 vertices, dropped`);
        return;
      }
      const area = ringSignedPlanarArea(v);
      const shell = fixed.length === 0;
      if ((shell && area < 0) || (!shell && area > 0)) {
        v = [...v].reverse();
        note('wrong-orientation', part, r, `${where}已反向为${shell ? '逆时针' : '顺时针'}`, `${whereEn}: reversed to ${shell ? 'counter-clockwise' : 'clockwise'}`);
      }
      if (!shell && !pointInRing(fixed[0]!, v[0]!) && !v.some((p) => pointInRing(fixed[0]!, p))) {
        note('hole-outside-shell', part, r, `${where}（内环）在外环之外，已删除`, `${whereEn}: hole outside its shell, dropped`);
        return;
      }
      fixed.push([...v, v[0]!]);
    });
    if (fixed.length > 0) out.push(fixed);
  });
  if (out.length === 0) return { geometry: null, changes };
  let g: ParcelGeometry = out.length === 1 ? { type: 'Polygon', coordinates: out[0]! } : { type: 'MultiPolygon', coordinates: out };
  if (validateGeometry(parcelId, g, opts).some((i) => i.kind === 'self-intersection')) {
    const before = ellipsoidalArea(g);
    const rebuilt = polyclip.union(out as polyclip.Geom) as PolygonCoords[];
    g = rebuilt.length === 1 ? { type: 'Polygon', coordinates: rebuilt[0]! } : { type: 'MultiPolygon', coordinates: rebuilt };
    const after = ellipsoidalArea(g);
    note('self-intersection', 0, 0, `自相交，已用 polyclip-ts 重建为 ${rebuilt.length} 个面；面积 ${before.toFixed(2)} → ${after.toFixed(2)} m²`, `self-intersecting: rebuilt with polyclip-ts into ${rebuilt.length} polygon(s); area ${before.toFixed(2)} → ${after.toFixed(2)} m²`);
  }
  return { geometry: g, changes };
}

export interface ParcelGeometryRules extends ValidityOptions {
  /**
   * A parcel smaller than this is refused, m². Default 1 m² (DEFAULT_MIN_PARCEL_AREA_M2): below
   * it a polygon is a digitising artefact or a unit mistake (a 1 cm² "parcel" is coordinates in
   * metres read as degrees' fractions, or a sliver), never land that can be supplied: a cadastral
   * boundary point is surveyed to about ±5 cm, so a 1 m² parcel's own area is uncertain by tens of
   * per cent, and the smallest parcels actually supplied (a pylon footing, a telecom mast) are
   * tens of square metres.
   */
  readonly minAreaM2?: number;
  /** Whether a parcel without geometry passes (the register keeps it without a shape). Default false. */
  readonly allowMissing?: boolean;
}

export const DEFAULT_MIN_PARCEL_AREA_M2 = 1;

export interface ParcelGeometryVerdict {
  readonly ok: boolean;
  /** Why it is refused (severity error), first the one to show. */
  readonly errors: readonly ValidityIssue[];
  /** What the user should still see (repeated vertices, slivers, orientation). */
  readonly warnings: readonly ValidityIssue[];
  /** Ellipsoidal area on CGCS2000, m² (null without geometry). */
  readonly areaM2: number | null;
}

/**
 * The register's geometry rule for one parcel: valid (validateGeometry finds no error) and at least
 * `minAreaM2` on the ellipsoid. Pure; for file imports and for supplies recorded through the API.
 *
 *   checkParcelGeometry('P1', geometry)              → { ok: true, errors: [], warnings: [], areaM2: 16002.7 }
 *   checkParcelGeometry('P1', oneSquareCentimetre)   → { ok: false, errors: [{ kind: 'too-small', … }], … }
 */
export function checkParcelGeometry(parcelId: string, geometry: ParcelGeometry | null, rules: ParcelGeometryRules = {}): ParcelGeometryVerdict {
  if (geometry === null && rules.allowMissing) return { ok: true, errors: [], warnings: [], areaM2: null };
  const issues = validateGeometry(parcelId, geometry, rules);
  const errors = issues.filter((i) => i.severity === 'error');
  const warnings = issues.filter((i) => i.severity !== 'error');
  const areaM2 = geometry ? ellipsoidalArea(geometry) : null;
  const min = rules.minAreaM2 ?? DEFAULT_MIN_PARCEL_AREA_M2;
  if (areaM2 !== null && errors.length === 0 && !(areaM2 >= min)) {
    const first = polygons(geometry!)[0]?.[0]?.[0];
    errors.push({
      kind: 'too-small',
      severity: 'error',
      parcelId,
      part: 0,
      ring: 0,
      ...(first ? { location: first } : {}),
      message: {
        zh: `宗地 ${parcelId}：面积 ${formatSmallArea(areaM2)} m² 小于下限 ${min} m²（坐标单位或坐标系有误？）`,
        en: `parcel ${parcelId}: area ${formatSmallArea(areaM2)} m² is below the minimum of ${min} m² (wrong coordinate unit or CRS?)`,
      },
    });
  }
  return { ok: errors.length === 0, errors, warnings, areaM2 };
}

/** 0.0001 m² shows as "0.0001", not "0.00". */
function formatSmallArea(m2: number): string {
  return m2 >= 0.01 ? m2.toFixed(2) : String(Number(m2.toPrecision(2)));
}
