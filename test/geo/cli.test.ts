import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { ParcelGeometry, Position } from '../../src/domain/parcel.js';
import { run } from '../../src/cli/main.js';
import { ellipsoidalArea } from '../../src/geo/area.js';
import { writeGeoJson, writeShapefile } from '../../src/geo/formats/index.js';
import { indexLayer, intersectingPairs, selfOverlaps } from '../../src/geo/overlay.js';
import { featureGeometry, packLayer } from '../../src/geo/packed.js';
import { generateCounty } from '../../src/geo/synthetic.js';

const dir = mkdtempSync(join(tmpdir(), 'landplan-geo-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sq = (x: number, y: number, d: number): Position[] => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];
const poly = (x: number, y: number): ParcelGeometry => ({ type: 'Polygon', coordinates: [sq(x, y, 0.001)] });

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await run(args);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('landplan import', () => {
  it('writes GeoJSON in EPSG:4490 with original attributes, mapped fields and area_m2', async () => {
    const shp = join(dir, 'ok.shp');
    await writeShapefile(shp, [{ geometry: poly(78.5, 39.8), properties: { 宗地编号: 'BC-1', 项目名称: '巴楚县第二中学', 供地方式: '划拨', 备注: '无' } }], { encoding: 'gbk', cpg: false });
    const out = join(dir, 'ok.geojson');
    const r = await cli(['import', shp, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('编码 encoding: gbk — 依据 decided by ldid: DBF LDID 0x4d');
    expect(r.err).toContain('未映射字段 unmapped (kept as attributes): 备注');
    const fc = JSON.parse(readFileSync(out, 'utf8')) as { crs: unknown; features: { properties: Record<string, unknown> }[] };
    expect(fc.crs).toEqual({ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4490' } });
    expect(fc.features[0]!.properties).toEqual({
      宗地编号: 'BC-1',
      项目名称: '巴楚县第二中学',
      供地方式: '划拨',
      备注: '无',
      parcelNumber: 'BC-1',
      projectName: '巴楚县第二中学',
      supplyMethod: '1',
      area_m2: Math.round(ellipsoidalArea(poly(78.5, 39.8)) * 100) / 100,
    });
  });

  it('stops with one line when the output folder does not exist', async () => {
    const r = await cli(['import', join(dir, 'ok.shp'), '--out', join(dir, 'no-such-folder', 'x.geojson')]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n').at(-1)).toMatch(/^landplan: 无法写出文件 \/ cannot write the output: ENOENT/);
  });

  it('asks for --jurisdiction (or --out) when neither is given', async () => {
    const r = await cli(['import', join(dir, 'ok.shp')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--jurisdiction');
  });

  it('writes nothing when a later record is bad, and names the file and record', async () => {
    const shp = join(dir, 'bad.shp');
    const nan: ParcelGeometry = { type: 'Polygon', coordinates: [[[78.5, 39.8], [NaN, 39.8], [78.5, 39.81], [78.5, 39.8]]] };
    await writeShapefile(shp, [{ geometry: poly(78.5, 39.8), properties: { A: 1 } }, { geometry: nan, properties: { A: 2 } }], { encoding: 'gbk' });
    const out = join(dir, 'bad.geojson');
    const r = await cli(['import', shp, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${shp} record 2: coordinate (NaN, 39.8) is not finite (NaN or Infinity)`);
    expect(r.err).toContain('nothing was imported');
    expect(existsSync(out)).toBe(false);
  });
});

describe('landplan import validity', () => {
  it('reports a self-intersecting parcel with its id and location, and repairs it only with --repair', async () => {
    const file = join(dir, 'bow.geojson');
    const bow: ParcelGeometry = { type: 'Polygon', coordinates: [[[78.5, 39.8], [78.501, 39.801], [78.501, 39.8], [78.5, 39.801], [78.5, 39.8]]] };
    await writeGeoJson(file, [{ geometry: bow, properties: { 宗地编号: 'BOW-1' } }]);
    const plain = await cli(['import', file, '--out', join(dir, 'bow-out.geojson')]);
    expect(plain.code).toBe(0);
    expect(plain.err).toContain('几何错误 invalid: 宗地 BOW-1：第 1 部分第 1 环自相交于 (78.5005000, 39.8005000)');
    const fixed = await cli(['import', file, '--repair', '--out', join(dir, 'bow-fixed.geojson')]);
    expect(fixed.err).toMatch(/修复 repaired: .*rebuilt with polyclip-ts into 2 polygon\(s\)/);
    expect(fixed.err).not.toContain('几何错误 invalid');
    const fc = JSON.parse(readFileSync(join(dir, 'bow-fixed.geojson'), 'utf8')) as { features: { geometry: { type: string } }[] };
    expect(fc.features[0]!.geometry.type).toBe('MultiPolygon');
  });
});

describe('landplan check-overlay', () => {
  it('reports the same overlaps as the library and exits 1 when there are any', async () => {
    const county = generateCounty({ seed: 9, parcels: 120, farmland: 800 });
    const parcelsFile = join(dir, 'parcels.geojson');
    const farmFile = join(dir, 'farm.geojson');
    const boundaryFile = join(dir, 'boundary.geojson');
    await writeGeoJson(parcelsFile, county.parcels.map((p) => ({ geometry: p.geometry, properties: p.properties })));
    await writeGeoJson(farmFile, Array.from({ length: county.farmland.size }, (_, i) => ({ geometry: featureGeometry(county.farmland, i), properties: { 宗地编号: county.farmland.ids[i] } })));
    await writeGeoJson(boundaryFile, county.urbanBoundaries.map((b) => ({ geometry: b.geometry, properties: {} })));
    const r = await cli(['check-overlay', parcelsFile, '--against', farmFile, '--boundary', boundaryFile, '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { parcels: number; layers: { overlaps: unknown[] }[]; parcelOverlaps: unknown[]; outsideBoundary: unknown[] };
    const parcels = packLayer(county.parcels);
    const expected = intersectingPairs(parcels, indexLayer(county.farmland)).filter((p) => p.areaM2 > 0.01);
    expect(report.parcels).toBe(120);
    expect(report.layers[0]!.overlaps).toHaveLength(expected.length);
    expect(report.parcelOverlaps).toHaveLength(selfOverlaps(indexLayer(parcels), { minAreaM2: 0.01 }).length);
    expect(report.outsideBoundary.length).toBeGreaterThan(0);
  });
});
