import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countParcels, openStore } from '../../src/services/register.js';
import { runCli } from './run-cli.js';

const square = (x: number, y: number, d = 0.001) => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]];
const bowtie = (x: number, y: number, d = 0.001) => [[[x, y], [x + d, y + d], [x + d, y], [x, y + d], [x, y]]];

function geojson(polys: number[][][][]): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    features: polys.map((coordinates, i) => ({ type: 'Feature', properties: { 宗地编号: `Z-${i + 1}`, 项目名称: `项目${i + 1}`, 用途: '0701' }, geometry: { type: 'Polygon', coordinates } })),
  });
}

describe('landplan import into the register', () => {
  let dir: string;
  const saved = process.env.LANDPLAN_DATA_DIR;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'landplan-import-'));
    process.env.LANDPLAN_DATA_DIR = dir;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.LANDPLAN_DATA_DIR;
    else process.env.LANDPLAN_DATA_DIR = saved;
  });

  async function parcels(): Promise<number> {
    const store = await openStore({ sqlitePath: join(dir, 'landplan.db') });
    try {
      return await countParcels(store.db, '653130');
    } finally {
      await store.close();
    }
  }

  it('imports every parcel of a file in one go, with its mapped fields', async () => {
    await runCli(['db', 'migrate']);
    await runCli(['demo', 'load']);
    writeFileSync(join(dir, 'p.geojson'), geojson([square(78.5, 39.8), square(78.51, 39.8)]));
    const r = await runCli(['import', join(dir, 'p.geojson'), '--jurisdiction', '653130']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('已导入登记库 2 宗');
    expect(await parcels()).toBe(2);
    expect((await runCli(['db', 'verify'])).code).toBe(0);
  });

  it('imports nothing when one geometry is invalid, and names it', async () => {
    await runCli(['demo', 'load']);
    writeFileSync(join(dir, 'bad.geojson'), geojson([square(78.5, 39.8), bowtie(78.52, 39.8)]));
    const r = await runCli(['import', join(dir, 'bad.geojson'), '--jurisdiction', '653130']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Z-2');
    expect(r.stderr).toContain('nothing was imported');
    expect(await parcels()).toBe(0);
  });

  it('imports nothing when one parcel is 1 cm² (below the 1 m² minimum), and names it', async () => {
    await runCli(['demo', 'load']);
    writeFileSync(join(dir, 'tiny.geojson'), geojson([square(78.5, 39.8), square(78.52, 39.8, 1.2e-7)]));
    const r = await runCli(['import', join(dir, 'tiny.geojson'), '--jurisdiction', '653130']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^landplan: .*tiny\.geojson: 几何错误 invalid records\[1\]\.geometry: 宗地 Z-2：面积 0\.000\d+ m² 小于下限 1 m².*；未导入任何数据 \/ nothing was imported$/);
    expect(r.stderr).toContain('nothing was imported');
    expect(await parcels()).toBe(0);
  });

  it('prints one JSON object with --json: counts, decisions, destination', async () => {
    await runCli(['demo', 'load']);
    writeFileSync(join(dir, 'p.geojson'), geojson([square(78.5, 39.8), square(78.51, 39.8)]));
    const r = await runCli(['import', join(dir, 'p.geojson'), '--jurisdiction', '653130', '--json']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(report).toMatchObject({
      format: 'geojson',
      records: null,
      imported: 2,
      withoutGeometry: 0,
      repaired: 0,
      encoding: null,
      crs: { name: 'CGCS2000 (EPSG:4490)', epsg: 4490 },
      destination: { kind: 'register', jurisdiction: '653130' },
      columns: { mapped: [{ column: '宗地编号', field: 'parcelNumber' }, { column: '项目名称', field: 'projectName' }, { column: '用途', field: 'useCode' }], unmapped: [] },
      cutFieldNames: [],
      warnings: [],
      warningsOmitted: 0,
    });
    expect(report.ellipsoidalAreaM2).toMatch(/^\d+\.\d\d$/);
    expect(await parcels()).toBe(2);
  });

  it('keeps stdout empty and gives one line on stderr when --json meets an error', async () => {
    await runCli(['demo', 'load']);
    writeFileSync(join(dir, 'bad.geojson'), geojson([square(78.5, 39.8), bowtie(78.52, 39.8)]));
    const r = await runCli(['import', join(dir, 'bad.geojson'), '--jurisdiction', '653130', '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('Z-2');
  });

  it('refuses an unknown jurisdiction and asks for one when none is given', async () => {
    writeFileSync(join(dir, 'p.geojson'), geojson([square(78.5, 39.8)]));
    expect((await runCli(['import', join(dir, 'p.geojson'), '--jurisdiction', '999999'])).code).toBe(2);
    const none = await runCli(['import', join(dir, 'p.geojson')]);
    expect([none.code, none.stderr.includes('--jurisdiction')]).toEqual([2, true]);
  });
});
