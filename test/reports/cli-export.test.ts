/**
 * `landplan plan export` end to end on a register: the .docx is clean under `landplan audit`; the
 * shapefile goes back in through `landplan import` with every Chinese name intact and the same
 * areas; GeoJSON is EPSG:4490; the land-market layout marks its guessed fields; and a missing PDF
 * converter is one clear line, exit 2.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Area } from '../../src/domain/area.js';
import type { ParcelFeature, ParcelGeometry } from '../../src/domain/parcel.js';
import { importParcels, openStore } from '../../src/services/register.js';
import { runCli } from '../cli/run-cli.js';

const square = (x: number, y: number, d = 0.001): ParcelGeometry => ({ type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]] });
/** Names with what garbles in a careless GBK round trip: full-width brackets, 〔〕, ·, —, rare characters. */
const PARCELS = [
  { parcelNumber: 'BC-2026-001', projectName: '喀什河片区·保障性住房（一期）', location: '巴楚县喀什河片区〔北〕', useCode: '0701', m2: '12345.67' },
  { parcelNumber: 'BC-2026-002', projectName: '钒钛产业园—标准厂房', location: '钒钛产业园', useCode: '1001', m2: '30000.5' },
  { parcelNumber: 'BC-2026-003', projectName: '火车站商业综合体', location: '火车站片区喆堃路', useCode: '0901', m2: '8000.01' },
];

describe('landplan plan export', () => {
  let dir: string;
  const saved = process.env.LANDPLAN_DATA_DIR;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'landplan-export-'));
    process.env.LANDPLAN_DATA_DIR = dir;
    expect((await runCli(['demo', 'load'])).code).toBe(0);
    const store = await openStore({ sqlitePath: join(dir, 'landplan.db') });
    try {
      await importParcels(store, {
        jurisdictionCode: '653130',
        source: 'test parcels',
        actor: 'test',
        features: PARCELS.map((p, i): ParcelFeature => ({ recordIndex: i, fields: { parcelNumber: p.parcelNumber, projectName: p.projectName, location: p.location, useCode: p.useCode, area: Area.fromSquareMetres(p.m2) }, geometry: square(78.55 + i * 0.01, 39.78), areaM2: Number(p.m2), attributes: {} })),
      });
    } finally {
      await store.close();
    }
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.LANDPLAN_DATA_DIR;
    else process.env.LANDPLAN_DATA_DIR = saved;
  });

  it('writes the .docx and prints one JSON result line; landplan audit finds no error and no warning in it', async () => {
    const out = join(dir, 'plan.docx');
    const r = await runCli(['plan', 'export', '1', '--format', 'docx', '--out', out, '--authority', '巴楚县自然资源局', '--date', '2026-03-20', '--json']);
    expect(r.code).toBe(0);
    const line = JSON.parse(r.stdout.trim()) as { version: number; format: string; files: string[]; parcels: number };
    expect(line).toMatchObject({ version: 1, format: 'docx', files: [out], parcels: 3 });
    const audit = await runCli(['audit', out, '--json']);
    expect(audit.code).toBe(0);
    const report = JSON.parse(audit.stdout) as { findings: { severity: string }[]; figures: { role: string; unit: string; value: string }[] };
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(report.figures.filter((f) => f.role === 'total').map((f) => f.value)).toEqual(['1843.24', '27648.60']);
  });

  it('writes a GBK shapefile with a .cpg that landplan import reads back with the same names and areas', async () => {
    const shp = join(dir, 'parcels.shp');
    const r = await runCli(['plan', 'export', '1', '--format', 'shp', '--out', shp, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ encoding: 'gbk', files: ['.cpg', '.dbf', '.prj', '.shp', '.shx'].map((e) => join(dir, `parcels${e}`)) });
    expect(readFileSync(join(dir, 'parcels.cpg'), 'utf8')).toBe('GBK');
    const back = join(dir, 'back.geojson');
    const imp = await runCli(['import', shp, '--out', back]);
    expect(imp.code).toBe(0);
    expect(imp.stdout + imp.stderr).toContain('encoding: gbk');
    const fc = JSON.parse(readFileSync(back, 'utf8')) as { features: { properties: Record<string, unknown> }[] };
    expect(fc.features.map((f) => [f.properties.parcelNumber, f.properties.projectName, f.properties.location, f.properties.area])).toEqual(PARCELS.map((p) => [p.parcelNumber, p.projectName, p.location, Area.fromSquareMetres(p.m2).squareMetres.toFixed()]));
  });

  it('writes the parcels as GeoJSON in EPSG:4490 and the plan rows in the land-market layout with guessed fields marked', async () => {
    const gj = join(dir, 'parcels.geojson');
    expect((await runCli(['plan', 'export', '1', '--format', 'geojson', '--out', gj])).code).toBe(0);
    const fc = JSON.parse(readFileSync(gj, 'utf8')) as { crs: { properties: { name: string } }; features: { properties: Record<string, unknown> }[] };
    expect(fc.crs.properties.name).toBe('urn:ogc:def:crs:EPSG::4490');
    expect(fc.features.map((f) => f.properties['面积'])).toEqual([12345.67, 30000.5, 8000.01]);
    const lm = join(dir, 'plan.land-market.json');
    expect((await runCli(['plan', 'export', '1', '--format', 'land-market', '--out', lm])).code).toBe(0);
    const j = JSON.parse(readFileSync(lm, 'utf8')) as { planFields: { name: string; guessed: boolean }[]; plan: { jhMj: number }[] };
    expect(j.planFields.find((f) => f.name === 'jhMj')?.guessed).toBe(true);
    expect(j.planFields.find((f) => f.name === 'tdYt')?.guessed).toBe(false);
    expect(j.plan.map((p) => p.jhMj)).toEqual([77.33, 52.89, 1175.42, 1.8, 50.6, 470.53, 14.67]);
  });

  it('says in one line, exit 2, when the PDF converter is not installed', async () => {
    const prior = process.env.LANDPLAN_SOFFICE;
    process.env.LANDPLAN_SOFFICE = join(dir, 'no-such-soffice');
    try {
      const r = await runCli(['plan', 'export', '1', '--format', 'pdf', '--out', join(dir, 'plan.pdf')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^landplan: PDF 转换需要 LibreOffice（soffice），本机未安装.*libreoffice-writer-nogui/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      if (prior === undefined) delete process.env.LANDPLAN_SOFFICE;
      else process.env.LANDPLAN_SOFFICE = prior;
    }
  });

  it('refuses an unknown version and an unknown format with exit 2', async () => {
    expect((await runCli(['plan', 'export', '99', '--format', 'docx', '--out', join(dir, 'x.docx')])).stderr).toContain('计划版本 99 不存在');
    const r = await runCli(['plan', 'export', '1', '--format', 'odt', '--out', join(dir, 'x.odt')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format');
  });
});
