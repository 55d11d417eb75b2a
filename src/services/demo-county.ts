/**
 * The demo county's geography: a synthetic 巴楚县 from geo/synthetic (deterministic in its seed),
 * so the parcels the demo loads and the constraint layers the map draws come from one source.
 * Everything here is generated, not surveyed: it is demo data.
 */
import { generateCounty, type SyntheticCounty } from '../geo/synthetic.js';
import { featureGeometry, packLayer } from '../geo/packed.js';
import type { ParcelGeometry } from '../domain/parcel.js';
import { createConstraintIndex, type ConstraintIndex } from '../geo/overlay.js';

export const DEMO_JURISDICTION = { code: '653130', name: '巴楚县', level: 'county' as const, parentCode: '653100' };
export const DEMO_PARENTS = [
  { code: '650000', name: '新疆维吾尔自治区', level: 'province' as const, parentCode: null },
  { code: '653100', name: '喀什地区', level: 'prefecture' as const, parentCode: '650000' },
];
export const DEMO_SEED = 2026;
export const DEMO_PARCELS = 240;
export const DEMO_FARMLAND = 5000;

/** Names for the synthetic districts T1-D1 … T1-D9: the 片区 the 巴楚县 text names, then 老城区 / 新城区. */
export const DEMO_DISTRICT_NAMES = ['喀什河片区', '拖帕吾斯塘片区', '布拉克贝希片区', '火车站片区', '工业园区', '钒钛产业园', '色力布亚镇', '老城区', '新城区'];

type Box = [number, number, number, number];
function boxOf(g: ParcelGeometry): Box {
  const b: Box = [Infinity, Infinity, -Infinity, -Infinity];
  const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  for (const r of rings) for (const [x, y] of r) {
    b[0] = Math.min(b[0], x); b[1] = Math.min(b[1], y); b[2] = Math.max(b[2], x); b[3] = Math.max(b[3], y);
  }
  return b;
}
const meets = (a: Box, b: Box): boolean => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/** Farmland fields and red-line blobs the demo keeps on parcels: a few, so the rules have cases. */
const DEMO_FARMLAND_ON_PARCELS = 8;

let cached: SyntheticCounty | undefined;
/**
 * The synthetic county, thinned for a demo: the generator lays farmland under every fringe parcel
 * and red-line blobs kilometres wide (right for overlay tests); a demo county keeps only a few
 * fields on parcels and the red lines that stay clear of the town.
 */
export function demoCounty(): SyntheticCounty {
  if (cached) return cached;
  const c = generateCounty({ seed: DEMO_SEED, parcels: DEMO_PARCELS, farmland: DEMO_FARMLAND, redLines: 12 });
  const parcelBoxes = c.parcels.map((p) => boxOf(p.geometry));
  const town = c.districts.map((d) => boxOf(d.geometry)).reduce<Box>((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])], [Infinity, Infinity, -Infinity, -Infinity]);
  // Red lines may reach the edge of the town but not its central half.
  const [cx, cy, hw, hh] = [(town[0] + town[2]) / 2, (town[1] + town[3]) / 2, (town[2] - town[0]) / 4, (town[3] - town[1]) / 4];
  const core: Box = [cx - hw, cy - hh, cx + hw, cy + hh];
  const fields: { id: string; geometry: ParcelGeometry }[] = [];
  let onParcels = 0;
  for (let i = 0; i < c.farmland.size; i++) {
    const g = featureGeometry(c.farmland, i);
    if (!g) continue;
    const b = boxOf(g);
    const hits = parcelBoxes.some((p) => meets(p, b));
    if (hits && onParcels >= DEMO_FARMLAND_ON_PARCELS) continue;
    if (hits) onParcels++;
    fields.push({ id: c.farmland.ids[i] ?? `F${i}`, geometry: g });
  }
  cached = { ...c, farmland: packLayer(fields), redLines: c.redLines.filter((r) => !meets(boxOf(r.geometry), core)) };
  return cached;
}

export function districtName(id: string): string {
  const n = Number(/D(\d+)$/.exec(id)?.[1] ?? NaN);
  return DEMO_DISTRICT_NAMES[n - 1] ?? id;
}

export interface LayerFeature {
  readonly type: 'Feature';
  readonly geometry: ParcelGeometry;
  readonly properties: { readonly layer: string; readonly name: string };
}

/** Coordinates to 1e-6° (≈0.1 m): enough to draw, a third of the bytes. */
function drawn(g: ParcelGeometry): ParcelGeometry {
  const r = (ring: [number, number][]): [number, number][] => ring.map(([x, y]) => [Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6]);
  return g.type === 'Polygon' ? { type: 'Polygon', coordinates: g.coordinates.map(r) } : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(r)) };
}

/** Districts, urban development boundary, permanent farmland and ecological red line as GeoJSON. */
export function demoLayers(): { type: 'FeatureCollection'; features: LayerFeature[] } {
  const c = demoCounty();
  const features: LayerFeature[] = [];
  for (const d of c.districts) features.push({ type: 'Feature', geometry: drawn(d.geometry), properties: { layer: 'district', name: districtName(d.id) } });
  for (const u of c.urbanBoundaries) features.push({ type: 'Feature', geometry: drawn(u.geometry), properties: { layer: 'urbanBoundary', name: '城镇开发边界' } });
  for (const r of c.redLines) features.push({ type: 'Feature', geometry: drawn(r.geometry), properties: { layer: 'ecology', name: String(r.properties['名称'] ?? '生态保护红线') } });
  for (let i = 0; i < c.farmland.size; i++) {
    const g = featureGeometry(c.farmland, i);
    if (g) features.push({ type: 'Feature', geometry: drawn(g), properties: { layer: 'farmland', name: '永久基本农田' } });
  }
  return { type: 'FeatureCollection', features };
}

let index: ConstraintIndex | undefined;
/** The demo's constraint layers indexed for the spatial rules (geo/overlay). */
export function demoConstraints(): ConstraintIndex {
  index ??= createConstraintIndex([
    { kind: 'farmland', features: demoCounty().farmland },
    { kind: 'redLine', features: demoCounty().redLines },
    { kind: 'urbanBoundary', features: demoCounty().urbanBoundaries },
  ]);
  return index;
}
