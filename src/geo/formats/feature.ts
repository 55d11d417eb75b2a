/**
 * Turns a record read from any format (geometry in file coordinates + attributes) into a
 * ParcelFeature: coordinates checked (finite, inside China once reprojected), reprojected to
 * CGCS2000, fields mapped, ellipsoidal area measured.
 */
import type { ParcelFeature, ParcelGeometry, PolygonCoords, Position } from '../../domain/parcel.js';
import { ellipsoidalArea } from '../area.js';
import type { ToLonLat } from '../crs.js';
import { GeoFormatError } from './errors.js';
import { mapColumns, mapFields, type ColumnReport } from './field-map.js';

/** CGCS2000 lon/lat must land here (China with a margin) or the CRS is wrong for this record. */
const LON: readonly [number, number] = [70, 140];
const LAT: readonly [number, number] = [0, 56];

export interface FeatureContext {
  readonly file: string;
  readonly toLonLat: ToLonLat;
  readonly columns: ColumnReport;
  readonly crsName: string;
  /** For formats whose features may carry different keys (GeoJSON): the mapping for this feature. */
  readonly columnsFor?: (attributes: Readonly<Record<string, unknown>>) => ColumnReport;
}

/** Column mappings per distinct key list, so GeoJSON features with varying properties map right. */
export function columnsCache(first: ColumnReport): (attributes: Readonly<Record<string, unknown>>) => ColumnReport {
  const cache = new Map<string, ColumnReport>();
  const known = [...first.mapped.map((m) => m.column), ...first.unmapped];
  cache.set(known.join('\u0000'), first);
  return (attributes) => {
    const keys = Object.keys(attributes);
    const k = keys.join('\u0000');
    let r = cache.get(k);
    if (!r) {
      r = mapColumns(keys);
      if (cache.size < 1000) cache.set(k, r);
    }
    return r;
  };
}

export function reprojectGeometry(g: ParcelGeometry, ctx: FeatureContext, record: number): ParcelGeometry {
  const pos = ([x, y]: Position): Position => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      throw new GeoFormatError(ctx.file, `坐标 (${x}, ${y}) 不是有限数值（NaN 或无穷大）`, `coordinate (${x}, ${y}) is not finite (NaN or Infinity)`, record);
    }
    const [lon, lat] = ctx.toLonLat(x, y);
    if (!(lon >= LON[0] && lon <= LON[1] && lat >= LAT[0] && lat <= LAT[1])) {
      throw new GeoFormatError(
        ctx.file,
        `坐标 (${x}, ${y}) 按 ${ctx.crsName} 换算为 (${lon.toFixed(4)}, ${lat.toFixed(4)})，不在中国范围内：坐标系不符`,
        `coordinate (${x}, ${y}) in ${ctx.crsName} gives (${lon.toFixed(4)}, ${lat.toFixed(4)}), outside China: it fits no CRS we were given`,
        record,
      );
    }
    return [lon, lat];
  };
  const poly = (p: PolygonCoords): PolygonCoords => p.map((r) => r.map(pos));
  return g.type === 'Polygon' ? { type: 'Polygon', coordinates: poly(g.coordinates) } : { type: 'MultiPolygon', coordinates: g.coordinates.map(poly) };
}

export function buildFeature(
  ctx: FeatureContext,
  recordIndex: number,
  geometry: ParcelGeometry | null,
  attributes: Readonly<Record<string, unknown>>,
): ParcelFeature {
  const g = geometry ? reprojectGeometry(geometry, ctx, recordIndex) : null;
  return {
    recordIndex,
    geometry: g,
    fields: mapFields(attributes, ctx.columnsFor ? ctx.columnsFor(attributes) : ctx.columns, { file: ctx.file, record: recordIndex }),
    attributes,
    areaM2: g ? ellipsoidalArea(g) : null,
  };
}
