/**
 * The demo county's geography: a synthetic 巴楚县 from geo/synthetic (deterministic in its seed),
 * so the parcels the demo loads and the constraint layers the map draws come from one source.
 * Everything here is generated, not surveyed: it is demo data.
 */
import { generateCounty, type SyntheticCounty } from '../geo/synthetic.js';
import { featureGeometry } from '../geo/packed.js';
import type { ParcelGeometry } from '../domain/parcel.js';

export const DEMO_JURISDICTION = { code: '653130', name: '巴楚县', level: 'county' as const, parentCode: '653100' };
export const DEMO_PARENTS = [
  { code: '650000', name: '新疆维吾尔自治区', level: 'province' as const, parentCode: null },
  { code: '653100', name: '喀什地区', level: 'prefecture' as const, parentCode: '650000' },
];
export const DEMO_SEED = 2026;
export const DEMO_PARCELS = 240;
export const DEMO_FARMLAND = 1500;

/** Names for the synthetic districts T1-D1 … T1-D9: the 片区 the 巴楚县 text names, then 老城区 / 新城区. */
export const DEMO_DISTRICT_NAMES = ['喀什河片区', '拖帕吾斯塘片区', '布拉克贝希片区', '火车站片区', '工业园区', '钒钛产业园', '色力布亚镇', '老城区', '新城区'];

let cached: SyntheticCounty | undefined;
export function demoCounty(): SyntheticCounty {
  cached ??= generateCounty({ seed: DEMO_SEED, parcels: DEMO_PARCELS, farmland: DEMO_FARMLAND, redLines: 6 });
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

/** Districts, urban development boundary, permanent farmland and ecological red line as GeoJSON. */
export function demoLayers(): { type: 'FeatureCollection'; features: LayerFeature[] } {
  const c = demoCounty();
  const features: LayerFeature[] = [];
  for (const d of c.districts) features.push({ type: 'Feature', geometry: d.geometry, properties: { layer: 'district', name: districtName(d.id) } });
  for (const u of c.urbanBoundaries) features.push({ type: 'Feature', geometry: u.geometry, properties: { layer: 'urbanBoundary', name: '城镇开发边界' } });
  for (const r of c.redLines) features.push({ type: 'Feature', geometry: r.geometry, properties: { layer: 'ecology', name: String(r.properties['名称'] ?? '生态保护红线') } });
  for (let i = 0; i < c.farmland.size; i++) {
    const g = featureGeometry(c.farmland, i);
    if (g) features.push({ type: 'Feature', geometry: g, properties: { layer: 'farmland', name: '永久基本农田' } });
  }
  return { type: 'FeatureCollection', features };
}
