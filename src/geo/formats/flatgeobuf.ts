/**
 * FlatGeobuf parcels, streamed through flatgeobuf's deserializer from a web stream of the file.
 * CRS: explicit --crs > the header's CRS code (or WKT) > the first feature's coordinates.
 */
import { createReadStream, existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js';
import type { HeaderMeta } from 'flatgeobuf/lib/mjs/header-meta.js';
import type { ParcelFeature } from '../../domain/parcel.js';
import { toLonLatFn } from '../crs.js';
import { decideCrs } from './crs-decision.js';
import { GeoFormatError } from './errors.js';
import { buildFeature } from './feature.js';
import { mapColumns } from './field-map.js';
import { geometryBbox, parseFeatureJson } from './geojson.js';
import type { ParcelSource, ReadOptions } from './source-info.js';

export async function openFlatGeobuf(path: string, opts: ReadOptions = {}): Promise<ParcelSource> {
  if (!existsSync(path)) throw new GeoFormatError(path, '文件不存在', 'file not found');
  let header: HeaderMeta | undefined;
  const web = Readable.toWeb(createReadStream(path)) as unknown as ReadableStream;
  const features = deserialize(web, { headerMetaFn: (h: HeaderMeta) => (header = h) });
  const pull = async (index: number) => {
    try {
      const r = await features.next();
      return r.done ? undefined : parseFeatureJson(path, JSON.stringify(r.value), index);
    } catch (e) {
      if (e instanceof GeoFormatError) throw e;
      throw new GeoFormatError(path, `FlatGeobuf 读取失败：${(e as Error).message}`, `cannot read FlatGeobuf: ${(e as Error).message}`, index);
    }
  };
  const first = await pull(0);
  const h = header as HeaderMeta | undefined;
  const code = h?.crs?.code && h.crs.code > 0 ? h.crs.code : undefined;
  const crsOpts = opts.crs ? opts : code ? { ...opts, crs: `EPSG:${code}` } : opts;
  const crs0 = decideCrs(path, crsOpts, opts.crs || code ? undefined : (h?.crs?.wkt ?? undefined), () =>
    first?.geometry ? geometryBbox(first.geometry) : [78, 39, 78, 39],
  );
  const crs = !opts.crs && code ? { ...crs0, source: 'format' as const, detail: `FlatGeobuf header EPSG:${code}` } : crs0;
  const columns = mapColumns(h?.columns?.map((c) => c.name) ?? Object.keys(first?.properties ?? {}));
  const ctx = { file: path, toLonLat: toLonLatFn(crs.crs), columns, crsName: crs.crs.name };
  async function* iterate(): AsyncGenerator<ParcelFeature> {
    if (!first) return;
    yield buildFeature(ctx, 0, first.geometry, first.properties);
    for (let i = 1; ; i++) {
      const raw = await pull(i);
      if (!raw) return;
      yield buildFeature(ctx, i, raw.geometry, raw.properties);
    }
  }
  return { file: path, format: 'flatgeobuf', crs, columns, ...(h ? { count: Number(h.featuresCount) } : {}), [Symbol.asyncIterator]: iterate };
}
