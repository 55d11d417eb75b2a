/**
 * Parcels from a CSV or xlsx table, with geometry either
 * - in a WKT column (WKT, geometry, geom, shape, 几何, 图形), one parcel per row; or
 * - as vertex rows (界址点表): X/Y (or 经度/纬度, 横坐标/纵坐标) columns, consecutive rows with the
 *   same 宗地编号 forming one parcel, a 圈号 column (when present) starting a new ring.
 * Chinese survey tables name the northing X and the easting Y; when X/Y magnitudes only make
 * sense swapped, they are swapped and the CRS decision says so.
 */
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import type { ParcelFeature, ParcelGeometry, Position } from '../../domain/parcel.js';
import { crsFromCoordinates, toLonLatFn, type Bbox, type CrsDecision } from '../crs.js';
import { decideCrs } from './crs-decision.js';
import type { EncodingDecision } from './encoding.js';
import { GeoFormatError } from './errors.js';
import { buildFeature } from './feature.js';
import { mapColumns } from './field-map.js';
import { geometryBbox } from './geojson.js';
import { assembleRings } from './rings.js';
import type { ParcelFormat, ParcelSource, ReadOptions } from './source-info.js';
import { csvEncoding, csvRows, xlsxRows, type Cell } from './table-rows.js';
import { parseWkt } from './wkt.js';

const norm = (s: string) => s.replace(/[\s_()（）]/g, '').toLowerCase();
const WKT_NAMES = ['wkt', 'geometry', 'geom', 'shape', 'thegeom', '几何', '图形', '坐标串'];
const X_NAMES = ['x', 'x坐标', 'lon', 'lng', 'longitude', '经度', '横坐标', 'easting', 'dongzuobiao'];
const Y_NAMES = ['y', 'y坐标', 'lat', 'latitude', '纬度', '纵坐标', 'northing'];
const POINT_NAMES = ['点号', '界址点号', '序号', 'jzdh', 'pointno'];
const RING_NAMES = ['圈号', '环号', 'ring', 'part', '地块圈号'];
const GROUP_NAMES = ['宗地编号', '宗地号', '地块编号', 'zdbh', 'dkbh', 'parcelnumber', 'id'];

interface Layout {
  readonly header: string[];
  readonly wkt?: number;
  readonly x?: number;
  readonly y?: number;
  readonly ring?: number;
  readonly group?: number;
  /** Columns that are attributes (not geometry). */
  readonly attributeColumns: number[];
  /** The file's X column is the northing (survey convention). */
  readonly surveyAxes: boolean;
}

function layoutOf(file: string, header: string[]): Layout {
  const find = (names: string[]) => {
    const i = header.findIndex((h) => names.includes(norm(h)));
    return i < 0 ? undefined : i;
  };
  const wkt = find(WKT_NAMES);
  const x = find(X_NAMES);
  const y = find(Y_NAMES);
  const ring = find(RING_NAMES);
  const group = find(GROUP_NAMES);
  const point = find(POINT_NAMES);
  if (wkt === undefined && (x === undefined || y === undefined)) {
    throw new GeoFormatError(file, '找不到几何列：需要 WKT 列，或 X/Y（经度/纬度）坐标列', 'no geometry columns: need a WKT column, or X/Y (lon/lat) coordinate columns');
  }
  if (wkt === undefined && group === undefined) {
    throw new GeoFormatError(file, '界址点表需要 宗地编号 列来把各点归到宗地', 'a vertex table needs a 宗地编号 (parcel number) column to group the points');
  }
  const geomCols = new Set<number>(wkt !== undefined ? [wkt] : [x, y, ring, point].filter((c): c is number => c !== undefined));
  const attributeColumns = header.map((_, i) => i).filter((i) => !geomCols.has(i) && header[i] !== '');
  // 横坐标/纵坐标 are matched to easting/northing by name; plain X/Y are checked by magnitude later.
  const surveyAxes = false;
  return { header, ...(wkt !== undefined ? { wkt } : {}), ...(x !== undefined ? { x } : {}), ...(y !== undefined ? { y } : {}), ...(ring !== undefined ? { ring } : {}), ...(group !== undefined ? { group } : {}), attributeColumns, surveyAxes };
}

interface RawRecord {
  readonly index: number;
  readonly row: number;
  readonly geometry: ParcelGeometry | null;
  readonly attributes: Record<string, unknown>;
  /** EWKT "SRID=4514;…" */
  readonly srid?: number;
}

function num(file: string, v: Cell, record: number, column: string): number {
  const n = typeof v === 'number' ? v : Number(String(v ?? '').trim());
  if (v === null || v === '' || Number.isNaN(n) && String(v).trim().toLowerCase() !== 'nan') {
    throw new GeoFormatError(file, `坐标 "${String(v)}" 不是数字`, `coordinate "${String(v)}" is not a number`, record, column);
  }
  return n;
}

async function* records(file: string, rows: AsyncIterator<Cell[]>, layout: Layout): AsyncGenerator<RawRecord> {
  const attrs = (row: Cell[]) => Object.fromEntries(layout.attributeColumns.map((c) => [layout.header[c]!, row[c] ?? null]));
  let index = 0;
  if (layout.wkt !== undefined) {
    for (let rowNo = 2, r = await rows.next(); !r.done; r = await rows.next(), rowNo++) {
      const row = r.value;
      const text = row[layout.wkt];
      let geometry: ParcelGeometry | null = null;
      let srid: number | undefined;
      if (text !== null && text !== undefined && String(text).trim() !== '') {
        try {
          const parsed = parseWkt(String(text));
          geometry = parsed.geometry;
          srid = parsed.srid;
        } catch (e) {
          throw new GeoFormatError(file, `第 ${rowNo} 行 WKT 无法解析：${(e as Error).message}`, `row ${rowNo}: WKT cannot be parsed: ${(e as Error).message}`, index, layout.header[layout.wkt]);
        }
      }
      yield { index: index++, row: rowNo, geometry, attributes: attrs(row), ...(srid !== undefined ? { srid } : {}) };
    }
    return;
  }
  let current: { key: string; rings: Position[][]; ringKey: string; attributes: Record<string, unknown>; row: number } | undefined;
  const flush = (): RawRecord | undefined => {
    if (!current) return undefined;
    const closed = current.rings.filter((r) => r.length > 0);
    return { index: index++, row: current.row, geometry: assembleRingsAnyOrientation(closed), attributes: current.attributes };
  };
  for (let rowNo = 2, r = await rows.next(); !r.done; r = await rows.next(), rowNo++) {
    const row = r.value;
    const key = String(row[layout.group!] ?? '');
    const ringKey = layout.ring === undefined ? '' : String(row[layout.ring] ?? '');
    const px = num(file, row[layout.x!] ?? null, index, layout.header[layout.x!]!);
    const py = num(file, row[layout.y!] ?? null, index, layout.header[layout.y!]!);
    if (!current || current.key !== key) {
      const done = flush();
      if (done) yield done;
      current = { key, rings: [[]], ringKey, attributes: attrs(row), row: rowNo };
    } else if (ringKey !== current.ringKey) {
      current.rings.push([]);
      current.ringKey = ringKey;
    }
    current.rings[current.rings.length - 1]!.push([px, py]);
  }
  const done = flush();
  if (done) yield done;
}

/** Vertex tables list rings in any direction: largest ring first as shell, others by containment. */
function assembleRingsAnyOrientation(rings: Position[][]): ParcelGeometry | null {
  if (rings.length === 0) return null;
  if (rings.length === 1) return { type: 'Polygon', coordinates: [closeRing(rings[0]!)] };
  return assembleRings(rings.map((r, i) => (i === 0 ? orient(r, false) : r)));
}

function orient(r: Position[], ccw: boolean): Position[] {
  let s = 0;
  for (let i = 0; i < r.length; i++) {
    const [ax, ay] = r[i]!;
    const [bx, by] = r[(i + 1) % r.length]!;
    s += ax * by - bx * ay;
  }
  return s > 0 === ccw ? r : [...r].reverse();
}

function closeRing(r: Position[]): Position[] {
  const a = r[0]!, b = r[r.length - 1]!;
  return a[0] === b[0] && a[1] === b[1] ? r : [...r, [a[0], a[1]]];
}

function swapGeometry(g: ParcelGeometry | null): ParcelGeometry | null {
  if (!g) return g;
  const ring = (r: Position[]): Position[] => r.map(([x, y]) => [y, x]);
  return g.type === 'Polygon' ? { type: 'Polygon', coordinates: g.coordinates.map(ring) } : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(ring)) };
}

function swapBbox(b: Bbox): Bbox {
  return [b[1], b[0], b[3], b[2]];
}

/** Whether a bbox only makes sense with axes swapped (northing first). */
function looksSwapped(b: Bbox): boolean {
  try {
    crsFromCoordinates(b);
    return false;
  } catch {
    try {
      crsFromCoordinates(swapBbox(b));
      return true;
    } catch {
      return false;
    }
  }
}

export async function openTable(path: string, opts: ReadOptions = {}): Promise<ParcelSource> {
  if (!existsSync(path)) throw new GeoFormatError(path, '文件不存在', 'file not found');
  const format: ParcelFormat = extname(path).toLowerCase() === '.csv' ? 'csv' : 'xlsx';
  let encoding: EncodingDecision | undefined;
  let rows: AsyncIterator<Cell[]>;
  if (format === 'csv') {
    encoding = await csvEncoding(path, opts.encoding);
    rows = csvRows(path, encoding.encoding);
  } else rows = xlsxRows(path);
  const head = await rows.next();
  if (head.done) throw new GeoFormatError(path, '表格为空', 'the table is empty');
  const header = head.value.map((c) => String(c ?? '').trim());
  const layout = layoutOf(path, header);
  const recs = records(path, rows, layout);
  let first: RawRecord | undefined;
  try {
    const r = await recs.next();
    first = r.done ? undefined : r.value;
  } catch (e) {
    if (e instanceof GeoFormatError) throw e;
    throw new GeoFormatError(path, `读取失败：${(e as Error).message}`, `cannot read: ${(e as Error).message}`);
  }
  const rawBbox = first?.geometry ? geometryBbox(first.geometry) : undefined;
  const swap = layout.surveyAxes || (rawBbox !== undefined && layout.wkt === undefined && looksSwapped(rawBbox));
  const sridOpts = !opts.crs && first?.srid !== undefined ? { ...opts, crs: `EPSG:${first.srid}` } : opts;
  const crs0: CrsDecision = decideCrs(path, sridOpts, undefined, () => {
    if (!rawBbox) return [78, 39, 78, 39];
    return swap ? swapBbox(rawBbox) : rawBbox;
  });
  const crs1: CrsDecision = sridOpts !== opts ? { ...crs0, source: 'format', detail: `EWKT SRID=${first!.srid}` } : crs0;
  const crs = swap ? { ...crs1, detail: `${crs1.detail}; X/Y read as northing/easting (survey convention)` } : crs1;
  const columns = mapColumns(layout.attributeColumns.map((c) => header[c]!));
  const ctx = { file: path, toLonLat: toLonLatFn(crs.crs), columns, crsName: crs.crs.name };
  const fix = (g: ParcelGeometry | null) => (swap ? swapGeometry(g) : g);
  async function* iterate(): AsyncGenerator<ParcelFeature> {
    if (!first) return;
    yield buildFeature(ctx, first.index, fix(first.geometry), first.attributes);
    for await (const r of recs) yield buildFeature(ctx, r.index, fix(r.geometry), r.attributes);
  }
  return { file: path, format, crs, ...(encoding ? { encoding } : {}), columns, [Symbol.asyncIterator]: iterate };
}
