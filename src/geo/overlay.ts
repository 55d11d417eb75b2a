/**
 * Overlay of parcels against constraint layers (DOMAIN §6 spatial rules).
 *
 * ## API (for the rules engine and services)
 *
 * Batch, over whole layers:
 * - `indexLayer(packLayer(features))` → an `IndexedLayer` (flatbush static R-tree over bboxes).
 * - `intersectingPairs(parcels, layer)` → every (parcel, feature) pair that intersects
 *   (ST_Intersects semantics: touching counts) with its ellipsoidal intersection area in m².
 * - `selfOverlaps(parcels, { minAreaM2 })` → parcel pairs whose interiors overlap by more than
 *   `minAreaM2` (double supply, 重复供地); parcels that only share an edge are not reported.
 * - `outsideBoundary(parcels, boundary)` → parcels not wholly inside the boundary layer (the
 *   union of its features), with the area outside.
 *
 * Interactive, one parcel against a county's layers loaded once:
 * ```ts
 * const index = createConstraintIndex([
 *   { kind: 'farmland', features: farmlandFeatures },
 *   { kind: 'redLine', features: redLineFeatures },
 *   { kind: 'urbanBoundary', features: boundaryFeatures },
 *   { kind: 'parcels', features: suppliedParcels },
 * ]);
 * const r = checkParcel(index, geometry, { excludeIds: new Set([ownId]) });
 * // r.parcelAreaM2; r.layers.farmland.hits = [{ id, areaM2 }], r.layers.farmland.areaM2 (sum);
 * // r.layers.urbanBoundary.outsideAreaM2 (area of the parcel outside the boundary)
 * ```
 * Areas are float64 measurements on CGCS2000 (GeographicLib); round to 0.01 m² to make them
 * official. Feature ids come from the `id` of each input feature. Sum of hit areas counts an area
 * twice where two features of one layer overlap each other (layers are expected not to).
 */
import Flatbush from 'flatbush';
import type { ParcelGeometry } from '../domain/parcel.js';
import { ellipsoidalArea } from './area.js';
import { featureGeometry, packLayer, type PackedLayer } from './packed.js';
import { pairIntersection } from './pair-overlay.js';

export interface IndexedLayer {
  readonly layer: PackedLayer;
  readonly index: Flatbush;
}

export interface OverlayPair {
  /** Index of the parcel in its layer, and its id. */
  readonly a: number;
  readonly aId: string;
  /** Index of the constraint feature in its layer, and its id. */
  readonly b: number;
  readonly bId: string;
  /** Ellipsoidal intersection area, m². */
  readonly areaM2: number;
}

export interface InputFeature {
  readonly id: string;
  readonly geometry: ParcelGeometry | null;
}

/** Builds the static R-tree. Empty features get an unreachable box so indices stay aligned. */
export function indexLayer(layer: PackedLayer): IndexedLayer {
  const index = new Flatbush(Math.max(1, layer.size));
  const b = layer.bboxes;
  for (let i = 0; i < layer.size; i++) {
    if (Number.isFinite(b[4 * i]!)) index.add(b[4 * i]!, b[4 * i + 1]!, b[4 * i + 2]!, b[4 * i + 3]!);
    else index.add(1e300, 1e300, 1e300, 1e300);
  }
  if (layer.size === 0) index.add(1e300, 1e300, 1e300, 1e300);
  index.finish();
  return { layer, index };
}

function candidates(target: IndexedLayer, layer: PackedLayer, f: number): number[] {
  const b = layer.bboxes;
  if (!Number.isFinite(b[4 * f]!)) return [];
  return target.index.search(b[4 * f]!, b[4 * f + 1]!, b[4 * f + 2]!, b[4 * f + 3]!).filter((i) => i < target.layer.size);
}

/** Every intersecting (parcel, feature) pair with its intersection area, in parcel order. */
export function intersectingPairs(parcels: PackedLayer, against: IndexedLayer, onProgress?: (done: number) => void): OverlayPair[] {
  const out: OverlayPair[] = [];
  for (let a = 0; a < parcels.size; a++) {
    for (const b of candidates(against, parcels, a)) {
      const r = pairIntersection(parcels, a, against.layer, b);
      if (r.intersects) out.push({ a, aId: parcels.ids[a]!, b, bId: against.layer.ids[b]!, areaM2: r.areaM2 });
    }
    if (onProgress && (a & 1023) === 0) onProgress(a);
  }
  return out;
}

/** Parcel pairs (a < b) whose overlap exceeds `minAreaM2` (default 0: any interior overlap). */
export function selfOverlaps(parcels: IndexedLayer, opts: { minAreaM2?: number } = {}): OverlayPair[] {
  const min = opts.minAreaM2 ?? 0;
  const L = parcels.layer;
  const out: OverlayPair[] = [];
  for (let a = 0; a < L.size; a++) {
    for (const b of candidates(parcels, L, a)) {
      if (b <= a) continue;
      const r = pairIntersection(L, a, L, b);
      if (r.areaM2 > min) out.push({ a, aId: L.ids[a]!, b, bId: L.ids[b]!, areaM2: r.areaM2 });
    }
  }
  return out;
}

export interface OutsideResult {
  readonly a: number;
  readonly aId: string;
  readonly parcelAreaM2: number;
  readonly outsideAreaM2: number;
}

/**
 * Parcels with area outside the boundary layer. Inside area = Σ intersections with the boundary's
 * features, so the boundary features must not overlap one another (one polygon per town).
 * `minAreaM2` drops slivers caused by digitising noise (default 0.01 m²).
 */
export function outsideBoundary(parcels: PackedLayer, boundary: IndexedLayer, opts: { minAreaM2?: number } = {}): OutsideResult[] {
  const min = opts.minAreaM2 ?? 0.01;
  const out: OutsideResult[] = [];
  for (let a = 0; a < parcels.size; a++) {
    const g = featureGeometry(parcels, a);
    if (!g) continue;
    const parcelAreaM2 = ellipsoidalArea(g);
    let inside = 0;
    for (const b of candidates(boundary, parcels, a)) inside += pairIntersection(parcels, a, boundary.layer, b).areaM2;
    const outsideAreaM2 = Math.max(0, parcelAreaM2 - inside);
    if (outsideAreaM2 > min) out.push({ a, aId: parcels.ids[a]!, parcelAreaM2, outsideAreaM2 });
  }
  return out;
}

/** Constraint layer kinds the rules engine knows; any other string is accepted as an overlap layer. */
export type ConstraintKind = 'farmland' | 'redLine' | 'urbanBoundary' | 'parcels' | (string & {});

export interface ConstraintLayerInput {
  readonly kind: ConstraintKind;
  readonly features: Iterable<InputFeature> | PackedLayer;
}

export interface ConstraintIndex {
  readonly layers: ReadonlyMap<ConstraintKind, IndexedLayer>;
}

export interface LayerHit {
  readonly id: string;
  readonly areaM2: number;
}

export interface LayerCheck {
  /** Features of the layer the parcel intersects (touching included, area 0). */
  readonly hits: readonly LayerHit[];
  /** Σ hit areas, m². */
  readonly areaM2: number;
  /** Only for 'urbanBoundary': parcel area outside the boundary, m². */
  readonly outsideAreaM2?: number;
}

export interface ParcelCheck {
  readonly parcelAreaM2: number;
  readonly layers: Readonly<Record<string, LayerCheck>>;
}

function isPacked(x: Iterable<InputFeature> | PackedLayer): x is PackedLayer {
  return (x as PackedLayer).coords instanceof Float64Array;
}

/** Packs and indexes each layer once; layers of the same kind are merged. */
export function createConstraintIndex(layers: readonly ConstraintLayerInput[]): ConstraintIndex {
  const byKind = new Map<ConstraintKind, InputFeature[] | PackedLayer>();
  for (const l of layers) {
    const prev = byKind.get(l.kind);
    if (isPacked(l.features)) {
      if (prev) throw new Error(`constraint layer "${l.kind}" given twice; merge packed layers before indexing`);
      byKind.set(l.kind, l.features);
    } else {
      const list = (prev as InputFeature[] | undefined) ?? [];
      for (const f of l.features) list.push(f);
      byKind.set(l.kind, list);
    }
  }
  const out = new Map<ConstraintKind, IndexedLayer>();
  for (const [kind, fs] of byKind) out.set(kind, indexLayer(Array.isArray(fs) ? packLayer(fs) : (fs as PackedLayer)));
  return { layers: out };
}

export interface CheckOptions {
  /** Feature ids to ignore (the parcel itself when re-checking a supplied parcel). */
  readonly excludeIds?: ReadonlySet<string>;
}

/**
 * Checks one parcel against every indexed layer. Pure; safe to call concurrently. Touching
 * features are hits with area 0; apply the rule's sliver tolerance to `areaM2`.
 */
export function checkParcel(index: ConstraintIndex, geometry: ParcelGeometry, opts: CheckOptions = {}): ParcelCheck {
  const parcel = packLayer([{ id: 'parcel', geometry }]);
  const parcelAreaM2 = ellipsoidalArea(geometry);
  const layers: Record<string, LayerCheck> = {};
  for (const [kind, target] of index.layers) {
    const hits: LayerHit[] = [];
    let sum = 0;
    for (const b of candidates(target, parcel, 0)) {
      if (opts.excludeIds?.has(target.layer.ids[b]!)) continue;
      const r = pairIntersection(parcel, 0, target.layer, b);
      if (!r.intersects) continue;
      hits.push({ id: target.layer.ids[b]!, areaM2: r.areaM2 });
      sum += r.areaM2;
    }
    layers[kind] = kind === 'urbanBoundary' ? { hits, areaM2: sum, outsideAreaM2: Math.max(0, parcelAreaM2 - sum) } : { hits, areaM2: sum };
  }
  return { parcelAreaM2, layers };
}
