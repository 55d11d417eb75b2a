/**
 * A synthetic county in CGCS2000 around 巴楚县 (≈78.5°E, 39.8°N), deterministic from a seed, for
 * tests, demo data and benchmarks:
 *
 * - towns (1 for a county, more for a province), each a lattice of parcels (宗地, ≈1.6 ha,
 *   jittered quadrilaterals separated by roads) grouped into districts (片区) that the parcels
 *   tile; a small share of parcels are shifted copies of a neighbour (double supply, 重复供地);
 * - a farmland (永久基本农田) layer of N fields (irregular 4–7-gons of 0.3–2.5 ha) on a jittered
 *   grid covering the county, kept out of each town's core so the fringe parcels overlap it;
 * - an ecological red line (生态保护红线) layer of large irregular blobs;
 * - an urban development boundary (城镇开发边界) per town that leaves some edge parcels outside.
 *
 * Example: generateCounty({ seed: 1, parcels: 5000, farmland: 200000 }) takes about a second.
 */
import type { ParcelGeometry, Position } from '../domain/parcel.js';
import { PackedLayerBuilder, type PackedLayer } from './packed.js';
import { createRng, type Rng } from './random.js';

export interface SyntheticOptions {
  readonly seed: number;
  /** Total parcels over all towns. */
  readonly parcels: number;
  /** Farmland fields. */
  readonly farmland: number;
  /** Towns (1 = a county). Default 1. */
  readonly towns?: number;
  /** Red-line polygons. Default 20 per town. */
  readonly redLines?: number;
  /** Districts per side of each town's parcel lattice (d × d districts). Default 3. */
  readonly districtsPerSide?: number;
  /** Share of parcels replaced by a shifted copy of their neighbour. Default 0.01. */
  readonly overlapShare?: number;
  /** Centre of the county. Default 巴楚县 78.55°E 39.78°N. */
  readonly center?: Position;
}

export interface SyntheticFeature {
  readonly id: string;
  readonly geometry: ParcelGeometry;
  readonly properties: Readonly<Record<string, string | number>>;
}

export interface SyntheticCounty {
  readonly districts: readonly SyntheticFeature[];
  readonly parcels: readonly SyntheticFeature[];
  /** Packed: 2 000 000 fields as GeoJSON objects would not fit comfortably in the JS heap. */
  readonly farmland: PackedLayer;
  readonly redLines: readonly SyntheticFeature[];
  readonly urbanBoundaries: readonly SyntheticFeature[];
  /** [minLon, minLat, maxLon, maxLat] of the farmland grid. */
  readonly extent: readonly [number, number, number, number];
}

const PARCEL_CELL_M = 127;
const FIELD_CELL_M = 150;
const M_PER_DEG_LAT = 110_950;
const USES = ['0701', '0601', '0502', '0803', '0901', '1001'];

function closed(ring: Position[]): Position[] {
  return [...ring, [ring[0]![0], ring[0]![1]]];
}

interface Town {
  readonly center: Position;
  readonly parcels: number;
  /** Half side of the parcel lattice in metres. */
  readonly halfSideM: number;
}

/** Metres → degrees at a latitude. */
function degPerM(lat: number): { lon: number; lat: number } {
  return { lon: 1 / (111_320 * Math.cos((lat * Math.PI) / 180)), lat: 1 / M_PER_DEG_LAT };
}

function blob(rng: Rng, c: Position, radiusM: number, vertices: number, roughness: number): Position[] {
  const k = degPerM(c[1]);
  const harmonics = [2, 3, 5].map((h) => ({ h, amp: rng.uniform(0, roughness), phase: rng.uniform(0, 2 * Math.PI) }));
  const ring: Position[] = [];
  for (let i = 0; i < vertices; i++) {
    const a = (2 * Math.PI * i) / vertices;
    let r = 1;
    for (const { h, amp, phase } of harmonics) r += amp * Math.sin(h * a + phase);
    r *= radiusM * (1 + rng.uniform(-0.02, 0.02));
    ring.push([c[0] + r * Math.cos(a) * k.lon, c[1] + r * Math.sin(a) * k.lat]);
  }
  return closed(ring);
}

function generateTown(rng: Rng, town: Town, index: number, d: number, overlapShare: number) {
  const k = degPerM(town.center[1]);
  const rows = Math.max(1, Math.round(Math.sqrt(town.parcels)));
  const cols = Math.ceil(town.parcels / rows);
  const x0 = town.center[0] - (cols / 2) * PARCEL_CELL_M * k.lon;
  const y0 = town.center[1] - (rows / 2) * PARCEL_CELL_M * k.lat;
  // Jittered lattice corners shared by neighbouring cells (so districts tile exactly).
  const corner: Position[][] = [];
  for (let j = 0; j <= rows; j++) {
    const row: Position[] = [];
    for (let i = 0; i <= cols; i++) {
      const edge = i === 0 || j === 0 || i === cols || j === rows;
      const jx = edge ? 0 : rng.uniform(-0.18, 0.18);
      const jy = edge ? 0 : rng.uniform(-0.18, 0.18);
      row.push([x0 + (i + jx) * PARCEL_CELL_M * k.lon, y0 + (j + jy) * PARCEL_CELL_M * k.lat]);
    }
    corner.push(row);
  }
  const c = (i: number, j: number): Position => corner[j]![i]!;
  const districtOf = (i: number, j: number): number => Math.min(d - 1, Math.floor((j * d) / rows)) * d + Math.min(d - 1, Math.floor((i * d) / cols));
  const parcels: SyntheticFeature[] = [];
  const cells: Position[][] = [];
  for (let j = 0; j < rows && parcels.length < town.parcels; j++) {
    for (let i = 0; i < cols && parcels.length < town.parcels; i++) {
      const quad = [c(i, j), c(i + 1, j), c(i + 1, j + 1), c(i, j + 1)];
      const cx = quad.reduce((s, p) => s + p[0], 0) / 4;
      const cy = quad.reduce((s, p) => s + p[1], 0) / 4;
      // Roads: shrink toward the centroid, so neighbours do not share edges.
      const shrink = rng.uniform(0.86, 0.94);
      let ring: Position[] = quad.map(([x, y]) => [cx + (x - cx) * shrink, cy + (y - cy) * shrink]);
      if (rng.next() < 0.25) {
        // Cut one corner: a pentagon, as parcels at junctions often are.
        const at = rng.int(0, 3);
        const p = ring[at]!, prev = ring[(at + 3) % 4]!, next = ring[(at + 1) % 4]!;
        const f = rng.uniform(0.15, 0.35);
        const a: Position = [p[0] + (prev[0] - p[0]) * f, p[1] + (prev[1] - p[1]) * f];
        const b: Position = [p[0] + (next[0] - p[0]) * f, p[1] + (next[1] - p[1]) * f];
        ring = [...ring.slice(0, at), a, b, ...ring.slice(at + 1)];
      }
      cells.push(ring);
      const n = parcels.length;
      parcels.push({
        id: `T${index + 1}-P${String(n + 1).padStart(5, '0')}`,
        geometry: { type: 'Polygon', coordinates: [closed(ring)] },
        properties: {
          宗地编号: `T${index + 1}-P${String(n + 1).padStart(5, '0')}`,
          用途: USES[rng.int(0, USES.length - 1)]!,
          片区: `T${index + 1}-D${districtOf(i, j) + 1}`,
        },
      });
    }
  }
  // Double supply: some parcels become a copy of their left neighbour shifted by a third of a cell.
  for (let n = 1; n < parcels.length; n++) {
    if (rng.next() >= overlapShare) continue;
    const src = cells[n - 1]!;
    const dx = rng.uniform(0.2, 0.45) * PARCEL_CELL_M * k.lon;
    const dy = rng.uniform(-0.1, 0.1) * PARCEL_CELL_M * k.lat;
    const p = parcels[n]!;
    parcels[n] = { ...p, geometry: { type: 'Polygon', coordinates: [closed(src.map(([x, y]) => [x + dx, y + dy]))] }, properties: { ...p.properties, 备注: 'overlap' } };
  }
  // Districts: the outline of each block of lattice cells.
  const districts: SyntheticFeature[] = [];
  for (let dj = 0; dj < d; dj++) {
    for (let di = 0; di < d; di++) {
      const i0 = Math.ceil((di * cols) / d), i1 = Math.ceil(((di + 1) * cols) / d);
      const j0 = Math.ceil((dj * rows) / d), j1 = Math.ceil(((dj + 1) * rows) / d);
      if (i1 <= i0 || j1 <= j0) continue;
      const ring: Position[] = [];
      for (let i = i0; i < i1; i++) ring.push(c(i, j0));
      for (let j = j0; j < j1; j++) ring.push(c(i1, j));
      for (let i = i1; i > i0; i--) ring.push(c(i, j1));
      for (let j = j1; j > j0; j--) ring.push(c(i0, j));
      const id = `T${index + 1}-D${dj * d + di + 1}`;
      districts.push({ id, geometry: { type: 'Polygon', coordinates: [closed(ring)] }, properties: { 片区: id } });
    }
  }
  const boundary: SyntheticFeature = {
    id: `T${index + 1}-UB`,
    geometry: { type: 'Polygon', coordinates: [blob(rng, town.center, town.halfSideM * 1.05, 256, 0.06)] },
    properties: { 名称: `城镇开发边界 T${index + 1}` },
  };
  return { parcels, districts, boundary };
}

/** Generates a county (towns = 1) or a province-sized region (towns > 1). Deterministic in `seed`. */
export function generateCounty(opts: SyntheticOptions): SyntheticCounty {
  const rng = createRng(opts.seed);
  const towns = Math.max(1, opts.towns ?? 1);
  const d = opts.districtsPerSide ?? 3;
  const center = opts.center ?? [78.55, 39.78];
  const k = degPerM(center[1]);
  const perTown = Math.ceil(opts.parcels / towns);
  const halfSideM = (Math.sqrt(perTown) * PARCEL_CELL_M) / 2;
  const coreM = halfSideM * 0.6;
  const excludedCells = (towns * Math.PI * coreM * coreM) / (FIELD_CELL_M * FIELD_CELL_M);
  const side = Math.ceil(Math.sqrt(opts.farmland + excludedCells));
  const halfExtentM = (side * FIELD_CELL_M) / 2;
  const minLon = center[0] - halfExtentM * k.lon;
  const minLat = center[1] - halfExtentM * k.lat;
  // Town centres on a jittered grid inside the extent (the single town sits at the centre).
  const g = Math.ceil(Math.sqrt(towns));
  const townList: Town[] = [];
  for (let t = 0; t < towns; t++) {
    const gi = t % g, gj = Math.floor(t / g);
    const fx = towns === 1 ? 0.5 : (gi + 0.5 + rng.uniform(-0.2, 0.2)) / g;
    const fy = towns === 1 ? 0.5 : (gj + 0.5 + rng.uniform(-0.2, 0.2)) / g;
    const parcels = Math.min(perTown, opts.parcels - t * perTown);
    townList.push({ center: [minLon + fx * 2 * halfExtentM * k.lon, minLat + fy * 2 * halfExtentM * k.lat], parcels, halfSideM });
  }
  const parcels: SyntheticFeature[] = [];
  const districts: SyntheticFeature[] = [];
  const urbanBoundaries: SyntheticFeature[] = [];
  townList.forEach((town, i) => {
    if (town.parcels <= 0) return;
    const t = generateTown(rng, town, i, d, opts.overlapShare ?? 0.01);
    parcels.push(...t.parcels);
    districts.push(...t.districts);
    urbanBoundaries.push(t.boundary);
  });
  const farmland = generateFarmland(rng, opts.farmland, side, minLon, minLat, k, townList, coreM);
  const redLines: SyntheticFeature[] = [];
  const nRed = opts.redLines ?? 20 * towns;
  for (let r = 0; r < nRed; r++) {
    const c: Position = [minLon + rng.uniform(0.05, 0.95) * 2 * halfExtentM * k.lon, minLat + rng.uniform(0.05, 0.95) * 2 * halfExtentM * k.lat];
    redLines.push({ id: `RL${r + 1}`, geometry: { type: 'Polygon', coordinates: [blob(rng, c, rng.uniform(800, 3000), 96, 0.25)] }, properties: { 名称: `生态保护红线 ${r + 1}` } });
  }
  const maxLon = minLon + 2 * halfExtentM * k.lon;
  const maxLat = minLat + 2 * halfExtentM * k.lat;
  return { districts, parcels, farmland, redLines, urbanBoundaries, extent: [minLon, minLat, maxLon, maxLat] };
}

function generateFarmland(
  rng: Rng,
  count: number,
  side: number,
  minLon: number,
  minLat: number,
  k: { lon: number; lat: number },
  towns: readonly Town[],
  coreM: number,
): PackedLayer {
  const b = new PackedLayerBuilder();
  const cw = FIELD_CELL_M * k.lon;
  const ch = FIELD_CELL_M * k.lat;
  const core2 = coreM * coreM;
  let made = 0;
  for (let j = 0; j < side && made < count; j++) {
    for (let i = 0; i < side && made < count; i++) {
      const cx = minLon + (i + 0.5) * cw;
      const cy = minLat + (j + 0.5) * ch;
      let inCore = false;
      for (const t of towns) {
        const dx = (cx - t.center[0]) / k.lon, dy = (cy - t.center[1]) / k.lat;
        if (dx * dx + dy * dy < core2) inCore = true;
      }
      if (inCore) continue;
      // An irregular convex-ish field: 4–7 vertices on a jittered ellipse, random orientation.
      const n = rng.int(4, 7);
      const scale = rng.uniform(0.45, 0.62);
      const aspect = rng.uniform(0.6, 1.4);
      const rot = rng.uniform(0, Math.PI);
      const ring: Position[] = [];
      const offsets = Array.from({ length: n }, (_, v) => (2 * Math.PI * (v + rng.uniform(-0.25, 0.25))) / n).sort((p, q) => p - q);
      for (const a of offsets) {
        const r = scale * rng.uniform(0.85, 1.0);
        const ex = r * Math.cos(a) * aspect, ey = (r * Math.sin(a)) / aspect;
        const x = ex * Math.cos(rot) - ey * Math.sin(rot), y = ex * Math.sin(rot) + ey * Math.cos(rot);
        ring.push([cx + Math.max(-0.49, Math.min(0.49, x)) * cw, cy + Math.max(-0.49, Math.min(0.49, y)) * ch]);
      }
      ring.push([ring[0]![0], ring[0]![1]]);
      b.add(`F${made + 1}`, { type: 'Polygon', coordinates: [ring] });
      made++;
    }
  }
  return b.finish();
}
