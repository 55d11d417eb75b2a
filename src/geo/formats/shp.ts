/**
 * The .shp geometry file (ESRI Shapefile Technical Description, 1998): a 100-byte header, then
 * records of (number, length) big-endian + content little-endian. Only polygon types (5, 15, 25)
 * and null shapes are parcels. The header's file length is checked against the real size first,
 * so a truncated file stops before anything is imported.
 */
import type { Position } from '../../domain/parcel.js';
import type { Bbox } from '../crs.js';
import { GeoFormatError } from './errors.js';
import { SequentialReader, type ByteSource } from './source.js';

export interface ShpHeader {
  readonly shapeType: number;
  readonly bbox: Bbox;
  readonly fileLength: number;
}

const POLYGON_TYPES = new Set([5, 15, 25]);

export async function readShpHeader(src: ByteSource): Promise<ShpHeader> {
  const h = await src.read(0, 100);
  if (h.byteLength < 100) throw new GeoFormatError(src.name, '.shp 文件头不完整（文件被截断）', '.shp header is truncated');
  const dv = new DataView(h.buffer, h.byteOffset, 100);
  if (dv.getInt32(0, false) !== 9994) throw new GeoFormatError(src.name, '不是 .shp 文件（文件标识不是 9994）', 'not a .shp file (file code is not 9994)');
  const fileLength = dv.getInt32(24, false) * 2;
  const shapeType = dv.getInt32(32, true);
  const bbox: Bbox = [dv.getFloat64(36, true), dv.getFloat64(44, true), dv.getFloat64(52, true), dv.getFloat64(60, true)];
  if (fileLength !== src.size) {
    throw new GeoFormatError(
      src.name,
      `.shp 文件头记录的长度为 ${fileLength} 字节，实际为 ${src.size} 字节（文件被截断或损坏）`,
      `.shp header says ${fileLength} bytes, the file has ${src.size} (truncated or damaged)`,
    );
  }
  if (shapeType !== 0 && !POLYGON_TYPES.has(shapeType)) {
    throw new GeoFormatError(src.name, `几何类型 ${shapeType} 不是面（宗地须为面）`, `shape type ${shapeType} is not a polygon (parcels must be polygons)`);
  }
  return { shapeType, bbox, fileLength };
}

/** One record's rings in file coordinates (null shape → null). */
export interface ShpRecord {
  readonly index: number;
  readonly rings: Position[][] | null;
}

export async function* readShpRecords(src: ByteSource): AsyncGenerator<ShpRecord> {
  const reader = new SequentialReader(src, 100);
  for (let index = 0; reader.position < src.size; index++) {
    const head = await reader.take(8);
    if (head.byteLength < 8) throw new GeoFormatError(src.name, '记录头不完整（文件被截断）', 'record header is truncated', index);
    const contentLength = new DataView(head.buffer, head.byteOffset, 8).getInt32(4, false) * 2;
    const body = await reader.take(contentLength);
    if (body.byteLength < contentLength || contentLength < 4) throw new GeoFormatError(src.name, '记录内容不完整（文件被截断）', 'record content is truncated', index);
    const dv = new DataView(body.buffer, body.byteOffset, body.byteLength);
    const type = dv.getInt32(0, true);
    if (type === 0) {
      yield { index, rings: null };
      continue;
    }
    if (!POLYGON_TYPES.has(type)) throw new GeoFormatError(src.name, `几何类型 ${type} 不是面`, `shape type ${type} is not a polygon`, index);
    if (contentLength < 44) throw new GeoFormatError(src.name, '面记录过短', 'polygon record too short', index);
    const numParts = dv.getInt32(36, true);
    const numPoints = dv.getInt32(40, true);
    const need = 44 + 4 * numParts + 16 * numPoints;
    if (numParts < 0 || numPoints < 0 || need > contentLength) {
      throw new GeoFormatError(src.name, `部件数 ${numParts} / 点数 ${numPoints} 超出记录长度`, `${numParts} parts / ${numPoints} points do not fit the record length`, index);
    }
    const starts: number[] = [];
    for (let p = 0; p < numParts; p++) starts.push(dv.getInt32(44 + 4 * p, true));
    starts.push(numPoints);
    const base = 44 + 4 * numParts;
    const rings: Position[][] = [];
    for (let p = 0; p < numParts; p++) {
      const s = starts[p]!, e = starts[p + 1]!;
      if (s < 0 || e > numPoints || s > e) throw new GeoFormatError(src.name, `部件 ${p + 1} 的起点索引无效`, `part ${p + 1} has an invalid start index`, index);
      const ring: Position[] = [];
      for (let k = s; k < e; k++) ring.push([dv.getFloat64(base + 16 * k, true), dv.getFloat64(base + 16 * k + 8, true)]);
      rings.push(ring);
    }
    yield { index, rings };
  }
}

/** Number of records, from the .shx (8-byte records after a 100-byte header). */
export function shxRecordCount(shxSize: number): number {
  return (shxSize - 100) / 8;
}
