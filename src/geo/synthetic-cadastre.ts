/**
 * A synthetic cadastre-like county, deterministic from a seed: parcels (宗地) and farmland (永久基本
 * 农田) cut from one survey, so they share vertices and edges exactly, as real registers do. The
 * other synthetic county (synthetic.ts) keeps its layers in general position; this one is the hard
 * case for an overlay: most parcel–farmland pairs touch along shared boundaries.
 *
 * - A jittered lattice of survey nodes (≈100 m cells); every lattice edge carries 0–3 extra
 *   vertices, slightly off the straight line, that both polygons on either side of it use.
 * - Villages and a town: round clusters of built cells. Each built cell is one parcel, or two cut
 *   along a line between vertices of opposite edges (the neighbours keep those vertices).
 * - Farmland: the other cells tiled by 1×1 … 2×2 rectangles of cells. Along the village fringe
 *   some fields reach over into a built cell (encroachment, 侵占): the whole cell (the parcel lies
 *   inside the field and shares its edges) or the triangle cut by the cell's diagonal (a partial
 *   overlap through shared vertices).
 *
 * Example: generateCadastre({ seed: 1, parcels: 5000, farmland: 50000 }) takes well under a second.
 */
import type { Position } from '../domain/parcel.js';
import { PackedLayerBuilder, type PackedLayer } from './packed.js';
import { createRng, type Rng } from './random.js';

export interface CadastreOptions {
  readonly seed: number;
  /** Parcels wanted (the result has about this many: whole cells are cut in two at random). */
  readonly parcels: number;
  /** Farmland fields wanted (about this many). */
  readonly farmland: number;
  /** Share of fringe fields that reach over a built cell. Default 0.3. */
  readonly encroachShare?: number;
  /** South-west corner of the lattice. Default 78.3°E 39.6°N (巴楚县). */
  readonly origin?: Position;
}

export interface SyntheticCadastre {
  readonly parcels: PackedLayer;
  readonly farmland: PackedLayer;
  /** Cells per side of the lattice. */
  readonly side: number;
}

const CELL_M = 100;
const M_PER_DEG_LAT = 110_950;
/** Built cells per village, roughly; the first cluster (the town) is ten times larger. */
const VILLAGE_CELLS = 60;
/** Mean cells per field of the 1×1, 2×1, 1×2, 2×2 tiling. */
const CELLS_PER_FIELD = 2;
/** Share of built cells cut into two parcels. */
const SPLIT_SHARE = 0.4;

type Kind = 'built' | 'farm';

class Lattice {
  readonly nodes: Position[] = [];
  /** Extra vertices of the edge from node (i, j) to (i + 1, j), in order of increasing i. */
  readonly horizontal: Position[][] = [];
  /** Extra vertices of the edge from node (i, j) to (i, j + 1), in order of increasing j. */
  readonly vertical: Position[][] = [];

  constructor(readonly side: number, rng: Rng, origin: Position) {
    const kx = 1 / (111_320 * Math.cos((origin[1] * Math.PI) / 180));
    const ky = 1 / M_PER_DEG_LAT;
    const n = side + 1;
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        const edge = i === 0 || j === 0 || i === side || j === side;
        const jx = edge ? 0 : rng.uniform(-0.2, 0.2);
        const jy = edge ? 0 : rng.uniform(-0.2, 0.2);
        this.nodes.push([origin[0] + (i + jx) * CELL_M * kx, origin[1] + (j + jy) * CELL_M * ky]);
      }
    }
    const extra = (a: Position, b: Position): Position[] => {
      const k = rng.int(0, 3);
      // Away from the corners (within 20–80 % of the edge), so a chord cut between two of them
      // leaves two sound polygons.
      const ts = Array.from({ length: k }, (_, m) => 0.2 + 0.6 * rng.uniform((m + 0.1) / k, (m + 0.9) / k));
      // Surveyed boundaries bend a little at each vertex: up to 2 % of the edge length sideways.
      const dx = b[0] - a[0], dy = b[1] - a[1];
      return ts.map((t) => {
        const off = rng.uniform(-0.02, 0.02);
        return [a[0] + t * dx - off * dy * (kx / ky), a[1] + t * dy + off * dx * (ky / kx)];
      });
    };
    for (let j = 0; j < n; j++) for (let i = 0; i < side; i++) this.horizontal.push(extra(this.node(i, j), this.node(i + 1, j)));
    for (let j = 0; j < side; j++) for (let i = 0; i < n; i++) this.vertical.push(extra(this.node(i, j), this.node(i, j + 1)));
  }

  node(i: number, j: number): Position {
    return this.nodes[j * (this.side + 1) + i]!;
  }

  /** Vertices strictly between two adjacent nodes, in the direction from the first to the second. */
  between(i0: number, j0: number, i1: number, j1: number): Position[] {
    if (j0 === j1) {
      const e = this.horizontal[j0 * this.side + Math.min(i0, i1)]!;
      return i1 > i0 ? e : [...e].reverse();
    }
    const e = this.vertical[Math.min(j0, j1) * (this.side + 1) + i0]!;
    return j1 > j0 ? e : [...e].reverse();
  }

  /** A ring through the given lattice nodes; steps between neighbouring nodes follow the shared edge, others are straight. */
  ring(path: readonly (readonly [number, number])[]): Position[] {
    const out: Position[] = [];
    for (let k = 0; k < path.length; k++) {
      const [i0, j0] = path[k]!;
      const [i1, j1] = path[(k + 1) % path.length]!;
      out.push(this.node(i0, j0));
      if (Math.abs(i1 - i0) + Math.abs(j1 - j0) === 1) out.push(...this.between(i0, j0, i1, j1));
    }
    return out;
  }
}

/** Lattice nodes around a rectangle of cells, counter-clockwise from its south-west corner. */
function rectanglePath(i0: number, j0: number, w: number, h: number): [number, number][] {
  const p: [number, number][] = [];
  for (let i = i0; i < i0 + w; i++) p.push([i, j0]);
  for (let j = j0; j < j0 + h; j++) p.push([i0 + w, j]);
  for (let i = i0 + w; i > i0; i--) p.push([i, j0 + h]);
  for (let j = j0 + h; j > j0; j--) p.push([i0, j]);
  return p;
}

function closed(ring: Position[]): Position[] {
  return [...ring, ring[0]!];
}

/** Marks round clusters of built cells until about `target` cells are built. */
function placeSettlements(rng: Rng, side: number, target: number): Kind[] {
  const kinds: Kind[] = new Array<Kind>(side * side).fill('farm');
  let built = 0;
  let first = true;
  for (let guard = 0; built < target && guard < 100_000; guard++) {
    const cells = Math.min(target - built, first ? VILLAGE_CELLS * 10 : rng.int(VILLAGE_CELLS / 2, VILLAGE_CELLS * 2));
    const r = Math.sqrt(cells / Math.PI);
    const ci = first ? side / 2 : rng.uniform(r + 2, side - r - 2);
    const cj = first ? side / 2 : rng.uniform(r + 2, side - r - 2);
    first = false;
    for (let j = Math.max(1, Math.floor(cj - r - 1)); j <= Math.min(side - 2, Math.ceil(cj + r + 1)); j++) {
      for (let i = Math.max(1, Math.floor(ci - r - 1)); i <= Math.min(side - 2, Math.ceil(ci + r + 1)); i++) {
        const d = Math.hypot(i + 0.5 - ci, j + 0.5 - cj);
        if (d < r * rng.uniform(0.85, 1.1) && kinds[j * side + i] === 'farm' && built < target) {
          kinds[j * side + i] = 'built';
          built++;
        }
      }
    }
  }
  return kinds;
}

/** One parcel per built cell, or two cut along a chord between vertices of opposite edges. */
function buildParcels(rng: Rng, lat: Lattice, kinds: readonly Kind[]): PackedLayer {
  const b = new PackedLayerBuilder();
  const side = lat.side;
  let n = 0;
  const add = (ring: Position[]) => b.add(`P${String(++n).padStart(6, '0')}`, { type: 'Polygon', coordinates: [closed(ring)] });
  for (let j = 0; j < side; j++) {
    for (let i = 0; i < side; i++) {
      if (kinds[j * side + i] !== 'built') continue;
      const ring = lat.ring(rectanglePath(i, j, 1, 1));
      // Positions of the cell's extra vertices on each side: south, east, north, west.
      const sides = [lat.between(i, j, i + 1, j), lat.between(i + 1, j, i + 1, j + 1), lat.between(i + 1, j + 1, i, j + 1), lat.between(i, j + 1, i, j)];
      const cuttable = [0, 1].filter((s) => sides[s]!.length > 0 && sides[s + 2]!.length > 0);
      if (cuttable.length === 0 || rng.next() >= SPLIT_SHARE) {
        add(ring);
        continue;
      }
      const s = cuttable[rng.int(0, cuttable.length - 1)]!;
      const from = sides[s]![rng.int(0, sides[s]!.length - 1)]!;
      const to = sides[s + 2]![rng.int(0, sides[s + 2]!.length - 1)]!;
      const a = ring.indexOf(from);
      const c = ring.indexOf(to);
      const [lo, hi] = a < c ? [a, c] : [c, a];
      add(ring.slice(lo, hi + 1));
      add([...ring.slice(hi), ...ring.slice(0, lo + 1)]);
    }
  }
  return b.finish();
}

/** Fields tiling the farm cells; some fringe fields reach over one edge into a built cell. */
function buildFarmland(rng: Rng, lat: Lattice, kinds: readonly Kind[], encroachShare: number): PackedLayer {
  const b = new PackedLayerBuilder();
  const side = lat.side;
  const taken = new Uint8Array(side * side);
  const free = (i: number, j: number) => i >= 0 && j >= 0 && i < side && j < side && kinds[j * side + i] === 'farm' && taken[j * side + i] === 0;
  const encroached = new Uint8Array(side * side);
  let n = 0;
  for (let j = 0; j < side; j++) {
    for (let i = 0; i < side; i++) {
      if (!free(i, j)) continue;
      let w = rng.int(1, 2);
      let h = rng.int(1, 2);
      if (w === 2 && !free(i + 1, j)) w = 1;
      if (h === 2 && !(free(i, j + 1) && (w === 1 || free(i + 1, j + 1)))) h = 1;
      for (let y = j; y < j + h; y++) for (let x = i; x < i + w; x++) taken[y * side + x] = 1;
      let path = rectanglePath(i, j, w, h);
      if (rng.next() < encroachShare) path = encroach(rng, path, kinds, encroached, side);
      b.add(`F${String(++n).padStart(7, '0')}`, { type: 'Polygon', coordinates: [closed(lat.ring(path))] });
    }
  }
  return b.finish();
}

/**
 * Replaces one step P→Q of a counter-clockwise path whose outside cell is built and not yet
 * encroached by P→P′→Q′→Q (the whole cell) or P→Q′→Q (the triangle beyond the diagonal P–Q′).
 */
function encroach(rng: Rng, path: [number, number][], kinds: readonly Kind[], encroached: Uint8Array, side: number): [number, number][] {
  const start = rng.int(0, path.length - 1);
  for (let s = 0; s < path.length; s++) {
    const k = (start + s) % path.length;
    const [pi, pj] = path[k]!;
    const [qi, qj] = path[(k + 1) % path.length]!;
    const dx = qi - pi, dy = qj - pj;
    // Outside is on the right of P→Q: (dy, −dx).
    const ni = dy, nj = -dx;
    const ci = Math.min(pi, qi, pi + ni, qi + ni), cj = Math.min(pj, qj, pj + nj, qj + nj);
    if (ci < 0 || cj < 0 || ci >= side || cj >= side) continue;
    const cell = cj * side + ci;
    if (kinds[cell] !== 'built' || encroached[cell]) continue;
    encroached[cell] = 1;
    const p2: [number, number] = [pi + ni, pj + nj];
    const q2: [number, number] = [qi + ni, qj + nj];
    const detour: [number, number][] = rng.next() < 0.5 ? [p2, q2] : [q2];
    return [...path.slice(0, k + 1), ...detour, ...path.slice(k + 1)];
  }
  return path;
}

/** Generates the cadastre; deterministic in `seed`. */
export function generateCadastre(opts: CadastreOptions): SyntheticCadastre {
  const rng = createRng(opts.seed);
  const builtCells = Math.ceil(opts.parcels / (1 + SPLIT_SHARE * 0.8));
  const side = Math.max(8, Math.ceil(Math.sqrt(builtCells + opts.farmland * CELLS_PER_FIELD)));
  const lat = new Lattice(side, rng, opts.origin ?? [78.3, 39.6]);
  const kinds = placeSettlements(rng, side, builtCells);
  const parcels = buildParcels(rng, lat, kinds);
  const farmland = buildFarmland(rng, lat, kinds, opts.encroachShare ?? 0.3);
  return { parcels, farmland, side };
}
