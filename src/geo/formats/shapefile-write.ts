/**
 * Writes a polygon shapefile (.shp .shx .dbf .prj, and .cpg) in CGCS2000 lon/lat, with attributes
 * in GBK (what county GIS software expects; LDID 0x4D) or UTF-8 (LDID 0, .cpg "UTF-8"). A .cpg is
 * written for GBK too unless `cpg: false`, which makes a file like the ones many bureaus hold.
 *
 * Field names are cut to the format's 10 bytes without splitting a character (GBK: 5 Chinese
 * characters, UTF-8: 3) and made unique; the returned `fieldNames` maps original → written name.
 * Columns are inferred from all features, so they are held in memory (use GeoJSON for millions).
 */
import { writeFile } from 'node:fs/promises';
import type { ParcelGeometry, PolygonCoords, Position } from '../../domain/parcel.js';
import { openRing, ringSignedPlanarArea } from '../area.js';
import { CGCS2000_PRJ } from '../crs.js';
import { encodeText, type TextEncodingName } from './encoding.js';

export interface WritableFeature {
  readonly geometry: ParcelGeometry | null;
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface ShapefileWriteOptions {
  /** GB18030 holds every Unicode character (e.g. 𠮷) that GBK cannot; it has no LDID, so a .cpg is written. */
  readonly encoding: 'gbk' | 'gb18030' | 'utf-8';
  /** Write a .cpg (default true). */
  readonly cpg?: boolean;
}

interface FieldSpec {
  readonly source: string;
  readonly name: string;
  readonly nameBytes: Buffer;
  readonly type: 'C' | 'N' | 'L';
  readonly length: number;
  readonly decimals: number;
}

function cutName(name: string, encoding: TextEncodingName, used: Set<string>): { name: string; bytes: Buffer } {
  let chars = [...name];
  while (encodeText(chars.join(''), encoding).length > 10) chars = chars.slice(0, -1);
  let base = chars.join('') || 'FIELD';
  let candidate = base;
  for (let k = 1; used.has(candidate.toLowerCase()); k++) {
    const suffix = String(k);
    let c = [...base];
    while (encodeText(c.join('') + suffix, encoding).length > 10) c = c.slice(0, -1);
    candidate = c.join('') + suffix;
  }
  used.add(candidate.toLowerCase());
  base = candidate;
  return { name: base, bytes: encodeText(base, encoding) };
}

function decimalsOf(v: number): number {
  const s = String(v);
  if (/e/i.test(s)) return 15;
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : Math.min(15, s.length - dot - 1);
}

function inferFields(features: readonly WritableFeature[], encoding: TextEncodingName): FieldSpec[] {
  const order: string[] = [];
  const stats = new Map<string, { str: number; num: boolean; bool: boolean; dec: number; int: number }>();
  for (const f of features) {
    for (const [k, v] of Object.entries(f.properties)) {
      let s = stats.get(k);
      if (!s) {
        s = { str: 1, num: true, bool: true, dec: 0, int: 1 };
        stats.set(k, s);
        order.push(k);
      }
      if (v === null || v === undefined) continue;
      if (typeof v === 'number' && Number.isFinite(v)) {
        s.bool = false;
        s.dec = Math.max(s.dec, decimalsOf(v));
        s.int = Math.max(s.int, String(Math.trunc(Math.abs(v))).length + 1);
      } else if (typeof v === 'boolean') s.num = false;
      else {
        s.num = false;
        s.bool = false;
      }
      s.str = Math.max(s.str, encodeText(String(v), encoding).length);
    }
  }
  const used = new Set<string>();
  return order.map((source) => {
    const s = stats.get(source)!;
    const { name, bytes } = cutName(source, encoding, used);
    if (s.num && !s.bool) return { source, name, nameBytes: bytes, type: 'N', length: Math.min(254, s.int + (s.dec ? s.dec + 1 : 0)), decimals: s.dec };
    if (s.bool && !s.num) return { source, name, nameBytes: bytes, type: 'L', length: 1, decimals: 0 };
    if (s.str > 254) throw new RangeError(`属性 ${source} 的值超过 254 字节，Shapefile 无法保存 / attribute ${source} exceeds 254 bytes, which a shapefile cannot hold`);
    return { source, name, nameBytes: bytes, type: 'C', length: s.str, decimals: 0 };
  });
}

function dbfBytes(features: readonly WritableFeature[], fields: readonly FieldSpec[], encoding: TextEncodingName): Buffer {
  const headerLength = 32 + 32 * fields.length + 1;
  const recordLength = 1 + fields.reduce((s, f) => s + f.length, 0);
  const buf = Buffer.alloc(headerLength + recordLength * features.length + 1, 0x20);
  buf.fill(0, 0, headerLength);
  const now = new Date();
  buf.writeUInt8(0x03, 0);
  buf.writeUInt8(now.getUTCFullYear() - 1900, 1);
  buf.writeUInt8(now.getUTCMonth() + 1, 2);
  buf.writeUInt8(now.getUTCDate(), 3);
  buf.writeUInt32LE(features.length, 4);
  buf.writeUInt16LE(headerLength, 8);
  buf.writeUInt16LE(recordLength, 10);
  buf.writeUInt8(encoding === 'gbk' ? 0x4d : 0x00, 29);
  fields.forEach((f, i) => {
    const o = 32 + 32 * i;
    f.nameBytes.copy(buf, o, 0, Math.min(10, f.nameBytes.length));
    buf.write(f.type, o + 11, 'latin1');
    buf.writeUInt8(f.length, o + 16);
    buf.writeUInt8(f.decimals, o + 17);
  });
  buf.writeUInt8(0x0d, headerLength - 1);
  let o = headerLength;
  for (const feat of features) {
    buf.writeUInt8(0x20, o);
    let p = o + 1;
    for (const f of fields) {
      const v = feat.properties[f.source];
      if (v !== null && v !== undefined) {
        let bytes: Buffer;
        if (f.type === 'N') bytes = Buffer.from((v as number).toFixed(f.decimals).padStart(f.length, ' '), 'latin1');
        else if (f.type === 'L') bytes = Buffer.from(v ? 'T' : 'F', 'latin1');
        else bytes = encodeText(String(v), encoding);
        bytes.copy(buf, p, 0, Math.min(bytes.length, f.length));
      }
      p += f.length;
    }
    o += recordLength;
  }
  buf.writeUInt8(0x1a, o);
  return buf;
}

/** Rings for a shapefile: shells clockwise, holes counter-clockwise, closed. */
function shapeRings(g: ParcelGeometry): Position[][] {
  const polys: PolygonCoords[] = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const out: Position[][] = [];
  for (const rings of polys) {
    rings.forEach((ring, i) => {
      const open = [...openRing(ring)];
      const ccw = ringSignedPlanarArea(open) > 0;
      if ((i === 0 && ccw) || (i > 0 && !ccw)) open.reverse();
      out.push([...open, open[0]!]);
    });
  }
  return out;
}

function shpAndShx(features: readonly WritableFeature[]): { shp: Buffer; shx: Buffer } {
  const contents: Buffer[] = [];
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const f of features) {
    if (!f.geometry) {
      const b = Buffer.alloc(4);
      b.writeInt32LE(0, 0);
      contents.push(b);
      continue;
    }
    const rings = shapeRings(f.geometry);
    const n = rings.reduce((s, r) => s + r.length, 0);
    const b = Buffer.alloc(44 + 4 * rings.length + 16 * n);
    let bx0 = Infinity, by0 = Infinity, bx1 = -Infinity, by1 = -Infinity;
    for (const r of rings) for (const [x, y] of r) {
      bx0 = Math.min(bx0, x); by0 = Math.min(by0, y); bx1 = Math.max(bx1, x); by1 = Math.max(by1, y);
    }
    minX = Math.min(minX, bx0); minY = Math.min(minY, by0); maxX = Math.max(maxX, bx1); maxY = Math.max(maxY, by1);
    b.writeInt32LE(5, 0);
    b.writeDoubleLE(bx0, 4); b.writeDoubleLE(by0, 12); b.writeDoubleLE(bx1, 20); b.writeDoubleLE(by1, 28);
    b.writeInt32LE(rings.length, 36);
    b.writeInt32LE(n, 40);
    let start = 0;
    rings.forEach((r, i) => {
      b.writeInt32LE(start, 44 + 4 * i);
      start += r.length;
    });
    let o = 44 + 4 * rings.length;
    for (const r of rings) for (const [x, y] of r) {
      b.writeDoubleLE(x, o); b.writeDoubleLE(y, o + 8); o += 16;
    }
    contents.push(b);
  }
  const shpLen = 100 + contents.reduce((s, c) => s + 8 + c.length, 0);
  const header = (len: number): Buffer => {
    const h = Buffer.alloc(100);
    h.writeInt32BE(9994, 0);
    h.writeInt32BE(len / 2, 24);
    h.writeInt32LE(1000, 28);
    h.writeInt32LE(5, 32);
    const ok = Number.isFinite(minX);
    h.writeDoubleLE(ok ? minX : 0, 36); h.writeDoubleLE(ok ? minY : 0, 44); h.writeDoubleLE(ok ? maxX : 0, 52); h.writeDoubleLE(ok ? maxY : 0, 60);
    return h;
  };
  const shp = Buffer.alloc(shpLen);
  header(shpLen).copy(shp, 0);
  const shx = Buffer.alloc(100 + 8 * contents.length);
  header(shx.length).copy(shx, 0);
  let o = 100;
  contents.forEach((c, i) => {
    shx.writeInt32BE(o / 2, 100 + 8 * i);
    shx.writeInt32BE(c.length / 2, 104 + 8 * i);
    shp.writeInt32BE(i + 1, o);
    shp.writeInt32BE(c.length / 2, o + 4);
    c.copy(shp, o + 8);
    o += 8 + c.length;
  });
  return { shp, shx };
}

/** Writes `<stem>.shp/.shx/.dbf/.prj[/.cpg]`; `path` may end in .shp or be the stem. */
export async function writeShapefile(
  path: string,
  features: readonly WritableFeature[],
  opts: ShapefileWriteOptions,
): Promise<{ fieldNames: Record<string, string> }> {
  const stem = path.replace(/\.shp$/i, '');
  const fields = inferFields(features, opts.encoding);
  const { shp, shx } = shpAndShx(features);
  await writeFile(`${stem}.shp`, shp);
  await writeFile(`${stem}.shx`, shx);
  await writeFile(`${stem}.dbf`, dbfBytes(features, fields, opts.encoding));
  await writeFile(`${stem}.prj`, CGCS2000_PRJ);
  if ((opts.cpg ?? true) || opts.encoding === 'gb18030') await writeFile(`${stem}.cpg`, opts.encoding === 'gbk' ? 'GBK' : opts.encoding === 'gb18030' ? 'GB18030' : 'UTF-8');
  return { fieldNames: Object.fromEntries(fields.map((f) => [f.source, f.name])) };
}
