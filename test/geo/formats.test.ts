import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { serialize } from 'flatgeobuf/lib/mjs/geojson.js';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import type { ParcelFeature, Position } from '../../src/domain/parcel.js';
import { ellipsoidalArea, projectGeometry } from '../../src/geo/area.js';
import { crsFromEpsg } from '../../src/geo/crs.js';
import { GeoFormatError, mapColumns, openParcelFile, parseWkt, toWkt, writeGeoJson } from '../../src/geo/formats/index.js';
import { parseIsoDate } from '../../src/geo/formats/field-map.js';
import { scanGeoJson } from '../../src/geo/formats/geojson-scan.js';

const dir = mkdtempSync(join(tmpdir(), 'landplan-geo-fmt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => join(dir, name);
const sq = (x: number, y: number, d: number): Position[] => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];

async function all(path: string, opts = {}): Promise<{ src: Awaited<ReturnType<typeof openParcelFile>>; features: ParcelFeature[] }> {
  const src = await openParcelFile(path, opts);
  const features: ParcelFeature[] = [];
  for await (const f of src) features.push(f);
  return { src, features };
}

describe('GeoJSON', () => {
  it('streams a FeatureCollection whose features straddle tiny read chunks, strings with braces included', async () => {
    const p = file('braces.geojson');
    const fc = { type: 'FeatureCollection', features: [0, 1, 2].map((i) => ({ type: 'Feature', properties: { 宗地编号: `P{${i}]"`, 备注: 'a,b}' }, geometry: { type: 'Polygon', coordinates: [sq(78.5 + i * 0.01, 39.8, 0.001)] } })) };
    writeFileSync(p, JSON.stringify(fc, null, 1));
    const items: string[] = [];
    for await (const it of scanGeoJson(p, 7)) items.push(it.kind);
    expect(items).toEqual(['feature', 'feature', 'feature']);
    const { features, src } = await all(p);
    expect(src.crs.crs.epsg).toBe(4490);
    expect(features.map((f) => f.fields.parcelNumber)).toEqual(['P{0]"', 'P{1]"', 'P{2]"']);
    expect(src.columns.unmapped).toEqual(['备注']);
  });

  it('honours a legacy crs member naming a Gauss-Krüger zone', async () => {
    const p = file('gk.geojson');
    const g = { type: 'Polygon' as const, coordinates: [sq(78.55, 39.78, 0.002)] };
    const gk = projectGeometry(g, crsFromEpsg(4514));
    writeFileSync(p, JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4514' } }, features: [{ type: 'Feature', properties: {}, geometry: gk }] }));
    const { src, features } = await all(p);
    expect(src.crs).toMatchObject({ source: 'format', detail: 'GeoJSON crs member EPSG:4514' });
    expect(Math.abs(features[0]!.areaM2! / ellipsoidalArea(g) - 1)).toBeLessThan(1e-9);
  });

  it('maps each feature by its own property names when they vary', async () => {
    const p = file('vary.geojson');
    const f = (props: Record<string, unknown>) => ({ type: 'Feature', properties: props, geometry: { type: 'Polygon', coordinates: [sq(78.5, 39.8, 0.001)] } });
    writeFileSync(p, JSON.stringify({ type: 'FeatureCollection', features: [f({ 宗地编号: 'A' }), f({ ZDBH: 'B', 项目名称: 'x' })] }));
    const { features } = await all(p);
    expect(features.map((x) => x.fields)).toEqual([{ parcelNumber: 'A' }, { parcelNumber: 'B', projectName: 'x' }]);
  });

  it('reads newline-delimited features', async () => {
    const p = file('seq.geojsonl');
    writeFileSync(p, [0, 1].map((i) => JSON.stringify({ type: 'Feature', properties: { id: i }, geometry: { type: 'Polygon', coordinates: [sq(78.5, 39.8 + i * 0.01, 0.001)] } })).join('\n'));
    expect((await all(p)).features).toHaveLength(2);
  });

  it('stops on a line geometry, naming the record', async () => {
    const p = file('line.geojson');
    writeFileSync(p, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [sq(78.5, 39.8, 0.001)] } }, { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[78.5, 39.8], [78.6, 39.9]] } }] }));
    await expect(all(p)).rejects.toThrow(/record 2: geometry type LineString is not Polygon or MultiPolygon/);
  });

  it('stops on a truncated file', async () => {
    const p = file('cut.geojson');
    writeFileSync(p, '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[78.5,39.8],[78.6,39.8],[78.6,39.9],[78.5,39.8]]]}},{"type":"Feat');
    await expect(all(p)).rejects.toThrow(GeoFormatError);
  });

  it('writes nothing when the features fail half-way', async () => {
    const p = file('out.geojson');
    async function* bad() {
      yield { geometry: null, properties: {} };
      throw new Error('boom');
    }
    await expect(writeGeoJson(p, bad())).rejects.toThrow('boom');
    const { existsSync, readdirSync } = await import('node:fs');
    expect(existsSync(p)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('out.geojson'))).toEqual([]);
  });
});

describe('FlatGeobuf', () => {
  it('reads features, properties and the header CRS', async () => {
    const p = file('p.fgb');
    const fc: FeatureCollection = { type: 'FeatureCollection', features: [0, 1].map((i) => ({ type: 'Feature', properties: { 宗地编号: `F${i}`, 面积: 100 + i }, geometry: { type: 'Polygon', coordinates: [sq(78.5 + i * 0.01, 39.8, 0.001)] } })) };
    writeFileSync(p, serialize(fc, 4490));
    const { src, features } = await all(p);
    expect(src.crs.detail).toBe('FlatGeobuf header EPSG:4490');
    expect(features.map((f) => f.fields.parcelNumber)).toEqual(['F0', 'F1']);
    expect(features[1]!.fields.area?.toJSON()).toBe('101');
    expect(features[0]!.areaM2).toBeCloseTo(ellipsoidalArea({ type: 'Polygon', coordinates: [sq(78.5, 39.8, 0.001)] }), 6);
  });
});

describe('CSV and xlsx', () => {
  it('reads a GBK CSV with a WKT column, detecting the encoding', async () => {
    const p = file('wkt.csv');
    const text = `宗地编号,项目名称,WKT\nC1,"巴楚县 ""西城"" 安置房","${toWkt({ type: 'Polygon', coordinates: [sq(78.5, 39.8, 0.001)] })}"\n`;
    writeFileSync(p, iconv.encode(text, 'gbk'));
    const { src, features } = await all(p);
    expect(src.encoding).toMatchObject({ encoding: 'gbk', source: 'detected' });
    expect(features[0]!.fields.projectName).toBe('巴楚县 "西城" 安置房');
    expect(features[0]!.attributes).toEqual({ 宗地编号: 'C1', 项目名称: '巴楚县 "西城" 安置房' });
  });

  it('groups vertex rows (界址点表) by 宗地编号, swapping survey X (northing) and Y (easting)', async () => {
    const g = projectGeometry({ type: 'Polygon', coordinates: [sq(78.55, 39.78, 0.002)] }, crsFromEpsg(4514));
    const ring = (g.coordinates as Position[][])[0]!.slice(0, -1);
    const rows = ring.map(([e, nn], i) => `J1,${i + 1},${nn},${e}`);
    const p = file('vertices.csv');
    writeFileSync(p, `宗地编号,点号,X,Y\n${rows.join('\n')}\nJ2,1,${ring[0]![1]},${ring[0]![0]}\nJ2,2,${ring[1]![1]},${ring[1]![0]}\nJ2,3,${ring[2]![1]},${ring[2]![0]}\n`);
    const { src, features } = await all(p);
    expect(src.crs.crs.epsg).toBe(4514);
    expect(src.crs.detail).toContain('northing/easting');
    expect(features.map((f) => f.fields.parcelNumber)).toEqual(['J1', 'J2']);
    expect(features[0]!.areaM2!).toBeCloseTo(ellipsoidalArea({ type: 'Polygon', coordinates: [sq(78.55, 39.78, 0.002)] }), 3);
  });

  it('reads an xlsx with a WKT column and a date column', async () => {
    const p = file('p.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('宗地');
    ws.addRow(['宗地编号', '合同签订日期', '出让年限', 'geometry']);
    ws.addRow(['X1', '2026年3月31日', 50, toWkt({ type: 'Polygon', coordinates: [sq(78.5, 39.8, 0.001)] })]);
    await wb.xlsx.writeFile(p);
    const { features } = await all(p);
    expect(features[0]!.fields).toMatchObject({ parcelNumber: 'X1', contractDate: '2026-03-31', termYears: 50 });
  });

  it('takes the CRS from an EWKT SRID', async () => {
    const g = projectGeometry({ type: 'Polygon', coordinates: [sq(78.55, 39.78, 0.002)] }, crsFromEpsg(4535));
    const p = file('ewkt.csv');
    writeFileSync(p, `宗地编号,WKT\nE1,"SRID=4535;${toWkt(g)}"\n`);
    const { src, features } = await all(p);
    expect(src.crs).toMatchObject({ source: 'format', detail: 'EWKT SRID=4535' });
    expect(features[0]!.areaM2!).toBeCloseTo(ellipsoidalArea({ type: 'Polygon', coordinates: [sq(78.55, 39.78, 0.002)] }), 3);
  });

  it('stops on a table without geometry columns', async () => {
    const p = file('nogeom.csv');
    writeFileSync(p, '宗地编号,面积\nA,1\n');
    await expect(all(p)).rejects.toThrow(/no geometry columns/);
  });

  it('stops on a bad coordinate, naming the record and column', async () => {
    const p = file('badcoord.csv');
    writeFileSync(p, '宗地编号,X,Y\nA,78.5,39.8\nA,78.6,39.8\nA,78.6,abc\n');
    const e = await all(p).catch((x: unknown) => x as GeoFormatError);
    expect(e).toBeInstanceOf(GeoFormatError);
    expect((e as GeoFormatError).field).toBe('Y');
  });
});

describe('WKT and field mapping', () => {
  it('parses POLYGON Z, MULTIPOLYGON, EMPTY and EWKT', () => {
    expect(parseWkt('POLYGON Z ((1 2 3, 4 5 6, 7 8 9, 1 2 3))').geometry).toEqual({ type: 'Polygon', coordinates: [[[1, 2], [4, 5], [7, 8], [1, 2]]] });
    expect(parseWkt('SRID=4514;MULTIPOLYGON (((1 2, 3 4, 5 6, 1 2)), ((7 8, 9 10, 11 12, 7 8)))')).toEqual({ srid: 4514, geometry: { type: 'MultiPolygon', coordinates: [[[[1, 2], [3, 4], [5, 6], [1, 2]]], [[[7, 8], [9, 10], [11, 12], [7, 8]]]] } });
    expect(parseWkt('POLYGON EMPTY').geometry).toBeNull();
    expect(() => parseWkt('POINT (1 2)')).toThrow(/POLYGON or MULTIPOLYGON/);
  });

  it('reads area units from column names and maps pinyin initials', () => {
    expect(mapColumns(['ZDBH', '面积(公顷)', '供地方式', '坐落', 'XYZ'])).toEqual({
      mapped: [
        { column: 'ZDBH', field: 'parcelNumber' },
        { column: '面积(公顷)', field: 'area', unit: 'ha' },
        { column: '供地方式', field: 'supplyMethod' },
        { column: '坐落', field: 'location' },
      ],
      unmapped: ['XYZ'],
    });
    expect(mapColumns(['用地面积（亩）']).mapped[0]).toEqual({ column: '用地面积（亩）', field: 'area', unit: 'mu' });
  });

  it('parses the date spellings county tables use and rejects impossible dates', () => {
    expect(parseIsoDate('2026/3/1')).toBe('2026-03-01');
    expect(parseIsoDate('20260331')).toBe('2026-03-31');
    expect(parseIsoDate('2026年2月30日')).toBeUndefined();
  });
});
