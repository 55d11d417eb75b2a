/**
 * Opening any parcel file by its extension. Every reader returns a `ParcelSource`: the decisions
 * made (CRS, encoding, column mapping) up front, then an async iterable of ParcelFeature in
 * CGCS2000 with ellipsoidal areas, so the register can import inside one transaction and roll
 * back on the first GeoFormatError.
 *
 *   const src = await openParcelFile('宗地.shp', { encoding: 'GBK' });
 *   for await (const f of src) register.add(f);
 */
import { extname } from 'node:path';
import { GeoFormatError } from './errors.js';
import { openFlatGeobuf } from './flatgeobuf.js';
import { openGeoJson } from './geojson.js';
import { openShapefile } from './shapefile-read.js';
import type { ParcelSource, ReadOptions } from './source-info.js';
import { openTable } from './table.js';

export { GeoFormatError } from './errors.js';
export type { ParcelSource, ReadOptions, ParcelFormat } from './source-info.js';
export { writeShapefile, type WritableFeature, type ShapefileWriteOptions } from './shapefile-write.js';
export { writeGeoJson, type OutFeature } from './geojson-write.js';
export { parseWkt, toWkt } from './wkt.js';
export { mapColumns, mapFields, type ColumnReport, type ColumnMapping } from './field-map.js';
export { openShapefile } from './shapefile-read.js';
export { openGeoJson } from './geojson.js';
export { openFlatGeobuf } from './flatgeobuf.js';
export { openTable } from './table.js';

export async function openParcelFile(path: string, opts: ReadOptions = {}): Promise<ParcelSource> {
  const ext = extname(path).toLowerCase();
  switch (ext) {
    case '.shp':
    case '.zip':
      return openShapefile(path, opts);
    case '.geojson':
    case '.json':
    case '.geojsonl':
    case '.geojsons':
      return openGeoJson(path, opts);
    case '.fgb':
      return openFlatGeobuf(path, opts);
    case '.csv':
    case '.xlsx':
      return openTable(path, opts);
    default:
      throw new GeoFormatError(path, `不支持的文件类型 "${ext}"（支持 .shp .zip .geojson .json .fgb .csv .xlsx）`, `unsupported file type "${ext}" (supported: .shp .zip .geojson .json .fgb .csv .xlsx)`);
  }
}
