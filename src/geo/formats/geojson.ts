/**
 * GeoJSON parcels, streamed (a 1 000 000-feature file is read one feature at a time). CRS:
 * explicit --crs > a legacy top-level "crs" member (urn:ogc:def:crs:EPSG::4514, EPSG:4490) >
 * the first feature's coordinate magnitudes (RFC 7946 files are lon/lat and detect as such).
 * Columns are mapped from the first feature's properties.
 */
import { existsSync } from 'node:fs';
import type { ParcelFeature, ParcelGeometry, Position } from '../../domain/parcel.js';
import { toLonLatFn, type Bbox } from '../crs.js';
import { GeoFormatError } from './errors.js';
import { buildFeature, columnsCache } from './feature.js';
import { mapColumns } from './field-map.js';
import { scanGeoJson, type ScanItem } from './geojson-scan.js';
import { decideCrs } from './crs-decision.js';
import type { ParcelSource, ReadOptions } from './source-info.js';

interface RawFeature {
  readonly geometry: ParcelGeometry | null;
  readonly properties: Record<string, unknown>;
}

export function parseFeatureJson(file: string, json: string, index: number): RawFeature {
  let f: { type?: unknown; geometry?: { type?: unknown; coordinates?: unknown } | null; properties?: unknown };
  try {
    f = JSON.parse(json) as typeof f;
  } catch (e) {
    throw new GeoFormatError(file, `要素不是合法 JSON：${(e as Error).message}`, `feature is not valid JSON: ${(e as Error).message}`, index);
  }
  const props = f.properties && typeof f.properties === 'object' ? (f.properties as Record<string, unknown>) : {};
  const g = f.geometry;
  if (g === null || g === undefined) return { geometry: null, properties: props };
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    throw new GeoFormatError(file, `几何类型 ${String(g.type)} 不是面（宗地须为 Polygon 或 MultiPolygon）`, `geometry type ${String(g.type)} is not Polygon or MultiPolygon`, index);
  }
  if (!Array.isArray(g.coordinates)) throw new GeoFormatError(file, '几何缺少坐标', 'geometry has no coordinates', index);
  // JSON cannot hold NaN; null or strings in place of numbers are caught as non-finite later.
  return { geometry: { type: g.type, coordinates: g.coordinates } as ParcelGeometry, properties: props };
}

export function geometryBbox(g: ParcelGeometry): Bbox {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const visit = (p: Position) => {
    const x = Number(p[0]), y = Number(p[1]);
    minX = Math.min(minX, x); minY = Math.min(minY, y); maxX = Math.max(maxX, x); maxY = Math.max(maxY, y);
  };
  if (g.type === 'Polygon') g.coordinates.forEach((r) => r.forEach(visit));
  else g.coordinates.forEach((p) => p.forEach((r) => r.forEach(visit)));
  return [minX, minY, maxX, maxY];
}

function crsMemberToPrjLike(json: string): string | undefined {
  try {
    const c = JSON.parse(json) as { properties?: { name?: string } };
    const m = /(\d{4,6})\s*$/.exec(c.properties?.name ?? '');
    return m ? m[1] : undefined;
  } catch {
    return undefined;
  }
}

export async function openGeoJson(path: string, opts: ReadOptions = {}): Promise<ParcelSource> {
  if (!existsSync(path)) throw new GeoFormatError(path, '文件不存在', 'file not found');
  const scan = scanGeoJson(path);
  let crsCode: string | undefined;
  let firstJson: string | undefined;
  const next = async (): Promise<ScanItem | undefined> => {
    try {
      const r = await scan.next();
      return r.done ? undefined : r.value;
    } catch (e) {
      throw new GeoFormatError(path, `GeoJSON 结构错误：${(e as Error).message}`, `malformed GeoJSON: ${(e as Error).message}`);
    }
  };
  for (let it = await next(); it; it = await next()) {
    if (it.kind === 'crs') crsCode = crsMemberToPrjLike(it.json);
    else {
      firstJson = it.json;
      break;
    }
  }
  const first = firstJson === undefined ? undefined : parseFeatureJson(path, firstJson, 0);
  const crsOpts = opts.crs ? opts : crsCode ? { ...opts, crs: `EPSG:${crsCode}` } : opts;
  const crs = decideCrs(path, crsOpts, undefined, () => {
    if (!first?.geometry) return [78, 39, 78, 39]; // nothing to detect from: an empty file is CGCS2000
    return geometryBbox(first.geometry);
  });
  const detailed = !opts.crs && crsCode ? { ...crs, source: 'format' as const, detail: `GeoJSON crs member EPSG:${crsCode}` } : crs;
  const columns = mapColumns(Object.keys(first?.properties ?? {}));
  const ctx = { file: path, toLonLat: toLonLatFn(crs.crs), columns, crsName: crs.crs.name, columnsFor: columnsCache(columns) };
  async function* iterate(): AsyncGenerator<ParcelFeature> {
    if (!first) return;
    yield buildFeature(ctx, 0, first.geometry, first.properties);
    let index = 1;
    for (let it = await next(); it; it = await next()) {
      if (it.kind !== 'feature') continue;
      const raw = parseFeatureJson(path, it.json, index);
      yield buildFeature(ctx, index, raw.geometry, raw.properties);
      index++;
    }
  }
  return { file: path, format: 'geojson', crs: detailed, columns, [Symbol.asyncIterator]: iterate };
}
