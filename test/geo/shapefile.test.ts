import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import type { ParcelFeature, ParcelGeometry, Position } from '../../src/domain/parcel.js';
import { ellipsoidalArea, projectGeometry } from '../../src/geo/area.js';
import { crsFromEpsg, gaussKrugerPrj } from '../../src/geo/crs.js';
import { GeoFormatError, openShapefile, writeShapefile, type WritableFeature } from '../../src/geo/formats/index.js';

const dir = mkdtempSync(join(tmpdir(), 'landplan-geo-shp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const stem = (name: string) => join(dir, `${name}-${n++}`);

const sq = (x: number, y: number, d: number): Position[] => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];
const poly = (x: number, y: number): ParcelGeometry => ({ type: 'Polygon', coordinates: [sq(x, y, 0.001)] });

/** Chinese field names and values as a county file has them (all in GBK). */
const ROWS: WritableFeature[] = [
  { geometry: poly(78.5, 39.8), properties: { 宗地编号: 'BC2026-001', 项目名称: '巴楚县城北工业园区标准化厂房', 坐落: '巴楚县阿纳库勒乡', 土地用途: '工业用地', 供地方式: '挂牌出让', 面积: 15000.25, 容积率: 1.2 } },
  { geometry: poly(78.51, 39.8), properties: { 宗地编号: 'BC2026-002', 项目名称: '色力布亚镇保障性住房（二期）', 坐落: '色力布亚镇·幸福路', 土地用途: '城镇住宅用地', 供地方式: '划拨', 面积: 8200, 容积率: 2.5 } },
  { geometry: null, properties: { 宗地编号: 'BC2026-003', 项目名称: '琼库尔恰克乡卫生院', 坐落: '', 土地用途: '医疗卫生用地', 供地方式: '划拨', 面积: null, 容积率: null } },
];

async function readAll(path: string, opts = {}): Promise<{ src: Awaited<ReturnType<typeof openShapefile>>; features: ParcelFeature[] }> {
  const src = await openShapefile(path, opts);
  const features: ParcelFeature[] = [];
  for await (const f of src) features.push(f);
  return { src, features };
}

async function errorOf(p: Promise<unknown>): Promise<GeoFormatError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof GeoFormatError) return e;
    throw e;
  }
  throw new Error('expected a GeoFormatError');
}

function zeroLdid(dbf: string): void {
  const b = readFileSync(dbf);
  b[29] = 0;
  writeFileSync(dbf, b);
}

describe('GBK shapefile round trip', () => {
  it('keeps every Chinese field name and value with a .cpg (decided by the .cpg)', async () => {
    const s = stem('gbk-cpg');
    await writeShapefile(s, ROWS, { encoding: 'gbk' });
    const { src, features } = await readAll(`${s}.shp`);
    expect(src.encoding).toEqual({ encoding: 'gbk', source: 'cpg', detail: '.cpg "GBK"' });
    expect(features.map((f) => f.attributes)).toEqual(ROWS.map((r) => ({ ...r.properties })));
  });

  it('keeps them without a .cpg, from the DBF language id 0x4D', async () => {
    const s = stem('gbk-nocpg');
    await writeShapefile(s, ROWS, { encoding: 'gbk', cpg: false });
    const { src, features } = await readAll(`${s}.shp`);
    expect(src.encoding?.source).toBe('ldid');
    expect(features.map((f) => f.attributes)).toEqual(ROWS.map((r) => ({ ...r.properties })));
  });

  it('keeps them with neither .cpg nor language id, by detecting that the bytes are not UTF-8', async () => {
    const s = stem('gbk-bare');
    await writeShapefile(s, ROWS, { encoding: 'gbk', cpg: false });
    zeroLdid(`${s}.dbf`);
    const { src, features } = await readAll(`${s}.shp`);
    expect(src.encoding).toEqual({ encoding: 'gbk', source: 'detected', detail: 'not valid UTF-8, read as GBK (project policy)' });
    expect(features[1]!.attributes['坐落']).toBe('色力布亚镇·幸福路');
    expect(src.samples?.[0]).toBe('项目名称=巴楚县城北工业园区标准化厂房');
  });

  it('reads UTF-8 with a .cpg, and UTF-8 without one by detection', async () => {
    const s = stem('utf8');
    await writeShapefile(s, ROWS, { encoding: 'utf-8' });
    const a = await readAll(`${s}.shp`);
    expect(a.src.encoding?.source).toBe('cpg');
    rmSync(`${s}.cpg`);
    const b = await readAll(`${s}.shp`);
    expect(b.src.encoding).toEqual({ encoding: 'utf-8', source: 'detected', detail: 'valid UTF-8' });
    // UTF-8 fits only 3 Chinese characters in a 10-byte field name: 项目名称 → 项目名.
    expect(b.features[0]!.attributes['项目名']).toBe('巴楚县城北工业园区标准化厂房');
  });

  it('reads the code page from a .cst when there is no .cpg', async () => {
    const s = stem('cst');
    await writeShapefile(s, ROWS, { encoding: 'utf-8' });
    rmSync(`${s}.cpg`);
    writeFileSync(`${s}.cst`, 'UTF-8');
    const { src } = await readAll(`${s}.shp`);
    expect(src.encoding).toEqual({ encoding: 'utf-8', source: 'cpg', detail: '.cst "UTF-8"' });
  });

  it('lets an explicit encoding override a wrong .cpg (GB18030 reads GBK bytes)', async () => {
    const s = stem('explicit');
    await writeShapefile(s, ROWS, { encoding: 'gbk' });
    writeFileSync(`${s}.cpg`, 'UTF-8');
    const { src, features } = await readAll(`${s}.shp`, { encoding: 'GB18030' });
    expect(src.encoding).toEqual({ encoding: 'gb18030', source: 'explicit', detail: '--encoding GB18030' });
    expect(features[0]!.attributes['项目名称']).toBe('巴楚县城北工业园区标准化厂房');
  });

  it('round-trips characters only GB18030 holds (𠮷, 㙟) through a GB18030 .cpg', async () => {
    const s = stem('gb18030');
    const rows = [{ geometry: poly(78.5, 39.8), properties: { 土地使用权人: '𠮷祥物业㙟有限公司' } }];
    await writeShapefile(s, rows, { encoding: 'gb18030', cpg: false });
    const { src, features } = await readAll(`${s}.shp`);
    expect(src.encoding).toEqual({ encoding: 'gb18030', source: 'cpg', detail: '.cpg "GB18030"' });
    expect(features[0]!.attributes).toEqual({ 土地使用权: '𠮷祥物业㙟有限公司' });
    expect(features[0]!.fields.assignee).toBe('𠮷祥物业㙟有限公司');
  });

  it('maps the Chinese columns onto parcel fields and reports the unmapped ones', async () => {
    const s = stem('fields');
    await writeShapefile(s, ROWS.map((r) => ({ ...r, properties: { ...r.properties, 备注: 'x' } })), { encoding: 'gbk' });
    const { src, features } = await readAll(`${s}.shp`);
    expect(src.columns.unmapped).toEqual(['备注']);
    const f = features[0]!.fields;
    expect(f.parcelNumber).toBe('BC2026-001');
    expect(f.supplyMethod).toBe('23');
    expect(f.area?.toJSON()).toBe('15000.25');
    expect(f.farMax?.toString()).toBe('1.2');
    expect(features[1]!.fields.supplyMethod).toBe('1');
  });

  it('skips records flagged deleted in the .dbf, keeping record numbers', async () => {
    const s = stem('deleted');
    await writeShapefile(s, ROWS, { encoding: 'gbk' });
    const b = readFileSync(`${s}.dbf`);
    const headerLength = b.readUInt16LE(8);
    const recordLength = b.readUInt16LE(10);
    b[headerLength + recordLength] = 0x2a; // record 2
    writeFileSync(`${s}.dbf`, b);
    const { features } = await readAll(`${s}.shp`);
    expect(features.map((f) => [f.recordIndex, f.fields.parcelNumber])).toEqual([[0, 'BC2026-001'], [2, 'BC2026-003']]);
  });

  it('reads the same parcels from a zip of the files', async () => {
    const s = stem('zip');
    await writeShapefile(s, ROWS, { encoding: 'gbk', cpg: false });
    const entries = Object.fromEntries(['shp', 'shx', 'dbf', 'prj'].map((e) => [`宗地.${e}`, new Uint8Array(readFileSync(`${s}.${e}`))]));
    writeFileSync(`${s}.zip`, zipSync(entries));
    const { features } = await readAll(`${s}.zip`);
    expect(features.map((f) => f.attributes['项目名称'])).toEqual(ROWS.map((r) => r.properties['项目名称']));
  });
});

describe('writing characters GBK cannot hold', () => {
  it('refuses instead of writing "?"', async () => {
    await expect(writeShapefile(stem('bullet'), [{ geometry: poly(78.5, 39.8), properties: { 坐落: '幸福路•1号' } }], { encoding: 'gbk' })).rejects.toThrow(
      '"•" cannot be encoded in gbk; write UTF-8 instead',
    );
  });
});

describe('Gauss-Krüger shapefiles', () => {
  const lonlat = poly(78.55, 39.78);
  const gk = projectGeometry(lonlat, crsFromEpsg(4514));

  it('reprojects a zone-26 file with an ArcGIS .prj back to CGCS2000 and measures the same area', async () => {
    const s = stem('gk');
    await writeShapefile(s, [{ geometry: gk, properties: { 宗地编号: 'A' } }], { encoding: 'gbk' });
    writeFileSync(`${s}.prj`, gaussKrugerPrj({ width: 3, zone: 26, centralMeridian: 78, prefixed: true }));
    const { src, features } = await readAll(`${s}.shp`);
    expect(src.crs.crs.epsg).toBe(4514);
    const got = features[0]!.geometry as { coordinates: Position[][] };
    const want = lonlat.coordinates as Position[][];
    const ring = got.coordinates[0]!;
    // The writer turns shells clockwise; compare as sets of vertices.
    for (const p of want[0]!) expect(ring.some((q) => Math.abs(q[0] - p[0]) < 1e-9 && Math.abs(q[1] - p[1]) < 1e-9)).toBe(true);
    expect(Math.abs(features[0]!.areaM2! / ellipsoidalArea(lonlat) - 1)).toBeLessThan(1e-9);
  });

  it('detects the zone from the easting prefix when there is no .prj', async () => {
    const s = stem('gk-noprj');
    await writeShapefile(s, [{ geometry: gk, properties: { 宗地编号: 'A' } }], { encoding: 'gbk' });
    rmSync(`${s}.prj`);
    const { src } = await readAll(`${s}.shp`);
    expect(src.crs.source).toBe('coordinates');
    expect(src.crs.crs.epsg).toBe(4514);
  });
});

describe('bad input stops with the file and record named', () => {
  it('a truncated .shp', async () => {
    const s = stem('trunc');
    await writeShapefile(s, ROWS, { encoding: 'gbk' });
    truncateSync(`${s}.shp`, statSync(`${s}.shp`).size - 10);
    const e = await errorOf(openShapefile(`${s}.shp`));
    expect(e.file).toBe(`${s}.shp`);
    expect(e.en).toMatch(/header says \d+ bytes, the file has \d+ \(truncated or damaged\)/);
  });

  it('a .dbf whose header claims more records than it holds', async () => {
    const s = stem('dbfcount');
    await writeShapefile(s, ROWS, { encoding: 'gbk' });
    const b = readFileSync(`${s}.dbf`);
    b.writeUInt32LE(4, 4);
    writeFileSync(`${s}.dbf`, b);
    const e = await errorOf(openShapefile(`${s}.shp`));
    expect(e.file).toBe(`${s}.dbf`);
    expect(e.en).toBe(`DBF header says 4 records but its ${b.length} bytes hold 3 (truncated file or wrong record count)`);
  });

  it('a .dbf with a different number of records than the .shp', async () => {
    const s = stem('mismatch');
    const t = stem('mismatch-other');
    await writeShapefile(s, ROWS, { encoding: 'gbk' });
    await writeShapefile(t, ROWS.slice(0, 2), { encoding: 'gbk' });
    writeFileSync(`${s}.dbf`, readFileSync(`${t}.dbf`));
    const e = await errorOf(openShapefile(`${s}.shp`));
    expect(e.en).toBe('.dbf holds 2 records, .shp holds 3; they must match');
  });

  it('GBK values under a .cpg that says UTF-8 (mismatched encodings)', async () => {
    const s = stem('wrongcpg');
    await writeShapefile(s, [{ geometry: poly(78.5, 39.8), properties: { NAME: '巴楚县' } }], { encoding: 'gbk' });
    writeFileSync(`${s}.cpg`, 'UTF-8');
    const e = await errorOf(openShapefile(`${s}.shp`));
    expect(e.file).toBe(`${s}.dbf`);
    expect(e.record).toBe(0);
    expect(e.field).toBe('NAME');
    expect(e.message).toContain('第 1 条记录');
  });

  it('UTF-8 values under a .cpg that says GBK (would decode to plausible nonsense)', async () => {
    const s = stem('utf8-as-gbk');
    await writeShapefile(s, [{ geometry: poly(78.5, 39.8), properties: { NAME: 'abc' } }, { geometry: poly(78.51, 39.8), properties: { NAME: '巴楚县' } }], { encoding: 'utf-8' });
    writeFileSync(`${s}.cpg`, 'GBK');
    const e = await errorOf(openShapefile(`${s}.shp`));
    expect(e.file).toBe(`${s}.dbf`);
    expect(e.record).toBe(1);
    expect(e.en).toBe('.cpg "GBK" declares gbk but the attribute bytes are valid UTF-8 (mismatched encodings); pass --encoding');
  });

  it('NaN and Infinity coordinates, naming the record', async () => {
    for (const bad of [NaN, Infinity]) {
      const s = stem('nan');
      const g: ParcelGeometry = { type: 'Polygon', coordinates: [[[78.5, 39.8], [bad, 39.8], [78.5, 39.81], [78.5, 39.8]]] };
      await writeShapefile(s, [ROWS[0]!, { geometry: g, properties: { ...ROWS[1]!.properties } }], { encoding: 'gbk' });
      const src = await openShapefile(`${s}.shp`);
      const e = await errorOf((async () => { for await (const _ of src) void _; })());
      expect(e.record).toBe(1);
      expect(e.en).toContain('is not finite (NaN or Infinity)');
    }
  });

  it('a NaN coordinate in a file without .prj, named by record before anything is read', async () => {
    const s = stem('nan-noprj');
    const g: ParcelGeometry = { type: 'Polygon', coordinates: [[[78.5, 39.8], [78.6, 39.8], [78.5, NaN], [78.5, 39.8]]] };
    await writeShapefile(s, [ROWS[0]!, ROWS[1]!, { geometry: g, properties: { ...ROWS[0]!.properties } }], { encoding: 'gbk' });
    rmSync(`${s}.prj`);
    const e = await errorOf(openShapefile(`${s}.shp`));
    expect(e.record).toBe(2);
    expect(e.en).toBe('coordinate (78.5, NaN) is not finite (NaN or Infinity)');
  });

  it('coordinates that fit no CRS', async () => {
    const s = stem('nocrs');
    await writeShapefile(s, [{ geometry: { type: 'Polygon', coordinates: [sq(1000, 1000, 10)] }, properties: { A: 1 } }], { encoding: 'gbk' });
    rmSync(`${s}.prj`);
    const e = await errorOf(openShapefile(`${s}.shp`));
    expect(e.en).toBe('coordinate extent [1000, 1000, 1010, 1010] fits no supported CRS');
  });

  it('two Gauss-Krüger zones mixed in one file without .prj, naming the first record in the other zone', async () => {
    const s = stem('mixed');
    const z26 = projectGeometry(poly(78.55, 39.78), crsFromEpsg(4514));
    const z27 = projectGeometry(poly(81.2, 39.78), crsFromEpsg(4515));
    await writeShapefile(s, [z26, z26, z27].map((geometry) => ({ geometry, properties: { A: 1 } })), { encoding: 'gbk' });
    rmSync(`${s}.prj`);
    const e = await errorOf(openShapefile(`${s}.shp`));
    expect(e.record).toBe(2);
    expect(e.en).toBe('coordinates are in CGCS2000 3° GK zone 27 (EPSG:4515) but record 1 is in CGCS2000 3° GK zone 26 (EPSG:4514): one file mixes CRSs (zones)');
  });

  it('a .dbf beyond the 2 GB limit (size faked through an injected stat)', async () => {
    const s = stem('big');
    await writeShapefile(s, ROWS, { encoding: 'gbk' });
    const fake = async (p: string) => (p.endsWith('.dbf') ? { size: 3 * 1024 ** 3 } : stat(p));
    const e = await errorOf(openShapefile(`${s}.shp`, { stat: fake }));
    expect(e.file).toBe(`${s}.dbf`);
    expect(e.en).toBe(`${3 * 1024 ** 3} bytes exceeds the shapefile format's 2 GB limit; use GeoJSON or FlatGeobuf instead`);
  });
});
