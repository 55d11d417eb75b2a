/**
 * Integrity of what an import reads: .dbf field names cut inside a character (as GDAL writes UTF-8
 * names longer than 10 bytes), area units read from column names and converted exactly, numbers
 * with more digits than a double holds.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ParcelFeature, ParcelGeometry, Position } from '../../src/domain/parcel.js';
import { mapColumns, mapFields, openShapefile, writeShapefile } from '../../src/geo/formats/index.js';
import { runCli } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'landplan-geo-cut-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

const sq = (x: number, y: number, d: number): Position[] => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];
const poly = (x: number, y: number): ParcelGeometry => ({ type: 'Polygon', coordinates: [sq(x, y, 0.001)] });

/** The first 10 bytes of a name in UTF-8, as GDAL writes a longer one: often inside a character. */
const gdalCut = (name: string): Buffer => Buffer.from(name, 'utf8').subarray(0, 10);

/**
 * A UTF-8 shapefile whose .dbf field names are GDAL's 10-byte cuts of the given names. Written
 * with placeholder names, then the name bytes in the .dbf header are replaced.
 */
async function shapefileWithCutNames(names: readonly string[], rows: readonly (string | number)[][], opts: { cpg: boolean }): Promise<string> {
  const stem = join(dir, `cut-${n++}`);
  const placeholders = names.map((_, i) => `F${i}`);
  await writeShapefile(
    stem,
    rows.map((r, k) => ({ geometry: poly(78.5 + 0.01 * k, 39.8), properties: Object.fromEntries(placeholders.map((p, i) => [p, r[i]!])) })),
    { encoding: 'utf-8', cpg: opts.cpg },
  );
  const dbf = readFileSync(`${stem}.dbf`);
  names.forEach((name, i) => {
    const at = 32 + 32 * i;
    dbf.fill(0, at, at + 11);
    gdalCut(name).copy(dbf, at);
  });
  writeFileSync(`${stem}.dbf`, dbf);
  return `${stem}.shp`;
}

const NAMES = ['宗地编号', '项目名称', '面积公顷', '土地用途', '备注说明文字'];
const ROWS = [
  ['BC-001', '巴楚县第二中学', 1.2345, '0701', '无'],
  ['BC-002', '色力布亚镇卫生院', 0.5, '0803', '无'],
];

async function readAll(path: string): Promise<{ src: Awaited<ReturnType<typeof openShapefile>>; features: ParcelFeature[] }> {
  const src = await openShapefile(path);
  const features: ParcelFeature[] = [];
  for await (const f of src) features.push(f);
  return { src, features };
}

describe('a UTF-8 .dbf with field names cut inside a character', () => {
  it('cuts the names as GDAL does (the test data really splits a character)', () => {
    // 宗地编号 is 12 bytes in UTF-8: 10 bytes are 宗地编 and the first byte of 号.
    expect(gdalCut('宗地编号')).toEqual(Buffer.concat([Buffer.from('宗地编', 'utf8'), Buffer.from('号', 'utf8').subarray(0, 1)]));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gdalCut('宗地编号'))).toThrow();
  });

  for (const cpg of [true, false]) {
    it(`reads each name up to its last whole character, maps it, and reports it as cut (${cpg ? 'UTF-8 from the .cpg' : 'no .cpg: still detected as UTF-8'})`, async () => {
      const { src, features } = await readAll(await shapefileWithCutNames(NAMES, ROWS, { cpg }));
      expect(src.encoding).toEqual(cpg ? { encoding: 'utf-8', source: 'cpg', detail: '.cpg "UTF-8"' } : { encoding: 'utf-8', source: 'detected', detail: 'valid UTF-8' });
      expect(src.columns.cut).toEqual(['宗地编', '项目名', '面积公', '土地用', '备注说']);
      expect(src.columns.mapped).toEqual([
        { column: '宗地编', field: 'parcelNumber' },
        { column: '项目名', field: 'projectName' },
        { column: '面积公', field: 'area', unit: 'ha' },
        { column: '土地用', field: 'useCode' },
      ]);
      expect(src.columns.unmapped).toEqual(['备注说']);
      expect(src.columns.warnings?.map((w) => w.en)).toEqual([
        'field name "宗地编" was cut; matched to parcelNumber by its start',
        'field name "项目名" was cut; matched to projectName by its start',
        'field name "土地用" was cut; matched to useCode by its start',
        'field name "备注说" was cut and matches no single field; kept as an attribute',
      ]);
      expect(features.map((f) => [f.fields.parcelNumber, f.fields.projectName, f.fields.area?.toJSON(), f.fields.useCode])).toEqual([
        ['BC-001', '巴楚县第二中学', '12345', '0701'],
        ['BC-002', '色力布亚镇卫生院', '5000', '0803'],
      ]);
      expect(features[0]!.attributes).toEqual({ 宗地编: 'BC-001', 项目名: '巴楚县第二中学', 面积公: 1.2345, 土地用: '0701', 备注说: '无' });
    });
  }

  it('leaves an area column whose unit the cut removed as an attribute, never guessing m²', async () => {
    // 面积（公顷） is 面积（ + the first byte of 公.
    const { src, features } = await readAll(await shapefileWithCutNames(['宗地编号', '面积（公顷）'], [['BC-001', 1.5]], { cpg: true }));
    expect(src.columns.unmapped).toEqual(['面积（']);
    expect(src.columns.warnings?.at(-1)?.en).toBe('the unit of area column "面积（" was lost when its name was cut (expected 平方米, 公顷, 亩 or 平方公里); not read as an area, kept as an attribute');
    expect(features[0]!.fields.area).toBeUndefined();
    expect(features[0]!.attributes['面积（']).toBe(1.5);
  });

  it('keeps both columns when two names are cut to the same start', async () => {
    const { src, features } = await readAll(await shapefileWithCutNames(['土地使用权人', '土地使用年限'], [['巴楚县人民医院', 50]], { cpg: true }));
    // Both are 土地使 + a broken byte: the second becomes 土地使_2, and neither overwrites the other.
    expect(src.columns.cut).toEqual(['土地使', '土地使_2']);
    expect(features[0]!.attributes).toEqual({ 土地使: '巴楚县人民医院', 土地使_2: 50 });
    expect(src.columns.warnings?.map((w) => w.en)).toContain('field name "土地使" repeats; this column was renamed "土地使_2"');
  });

  it('still refuses a name whose bytes are broken before its end (a wrong encoding, not a cut)', async () => {
    const path = await shapefileWithCutNames(['宗地编号'], [['BC-001']], { cpg: true });
    const dbf = readFileSync(path.replace(/\.shp$/, '.dbf'));
    dbf[32 + 1] = 0xff; // inside the first character
    writeFileSync(path.replace(/\.shp$/, '.dbf'), dbf);
    await expect(openShapefile(path)).rejects.toThrow(/field name 1 cannot be decoded/);
  });

  it('reports the cut names and the encoding decision in `landplan import --json`', async () => {
    const shp = await shapefileWithCutNames(NAMES, ROWS, { cpg: true });
    const r = await runCli(['import', shp, '--out', join(dir, 'cut.geojson'), '--json']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      format: 'shapefile',
      records: 2,
      imported: 2,
      withoutGeometry: 0,
      encoding: { encoding: 'utf-8', source: 'cpg', detail: '.cpg "UTF-8"' },
      crs: { epsg: 4490, source: 'prj' },
      cutFieldNames: ['宗地编', '项目名', '面积公', '土地用', '备注说'],
      destination: { kind: 'geojson', file: join(dir, 'cut.geojson') },
    });
    expect((report.warnings as { kind: string; column?: string }[]).filter((w) => w.kind === 'column').map((w) => w.column)).toEqual(['宗地编', '项目名', '土地用', '备注说']);
  });
});

describe('area units in column names', () => {
  const area = (column: string, value: unknown) => mapFields({ [column]: value }, mapColumns([column]), { file: 'f', record: 0 }).area?.toJSON();

  it('converts 平方公里, 公顷, 亩 and m² exactly (2.01 km² is 2 010 000 m², not 2 009 999.9999999998)', () => {
    expect(area('面积(平方公里)', 2.01)).toBe('2010000');
    expect(area('面积（km²）', '0.000001')).toBe('1');
    expect(area('面积(公顷)', 0.07)).toBe('700');
    expect(area('面积（亩）', 1)).toBe('666.67');
    expect(area('面积(平方米)', '1234.5678')).toBe('1234.5678');
    expect(area('面积', 1234.56)).toBe('1234.56');
  });

  it('reads a unit written after the name without brackets (面积公顷, MJ_HA)', () => {
    expect(mapColumns(['面积公顷']).mapped).toEqual([{ column: '面积公顷', field: 'area', unit: 'ha' }]);
    expect(mapColumns(['MJ_HA']).mapped).toEqual([{ column: 'MJ_HA', field: 'area', unit: 'ha' }]);
    expect(mapColumns(['用地面积亩']).mapped).toEqual([{ column: '用地面积亩', field: 'area', unit: 'mu' }]);
  });

  it('never guesses a unit it does not know (万亩 is not 亩): the column stays an attribute, with a warning', () => {
    const r = mapColumns(['宗地编号', '面积(万亩)']);
    expect(r.mapped).toEqual([{ column: '宗地编号', field: 'parcelNumber' }]);
    expect(r.unmapped).toEqual(['面积(万亩)']);
    expect(r.warnings?.[0]?.zh).toBe('面积列「面积(万亩)」的单位无法识别（应为 平方米、公顷、亩 或 平方公里），未作为面积导入，保留为属性');
  });

  it('matches a cut name by its start only when one field fits', () => {
    expect(mapColumns(['供地方'], { cut: new Set(['供地方']) }).mapped).toEqual([{ column: '供地方', field: 'supplyMethod' }]);
    // 实际 starts both 实际开工时间 and 实际竣工时间.
    expect(mapColumns(['实际'], { cut: new Set(['实际']) })).toMatchObject({ mapped: [], unmapped: ['实际'], cut: ['实际'] });
  });
});

describe('numbers with more digits than a double holds', () => {
  it('keeps a .dbf numeric value of 18 significant digits as its exact text', async () => {
    const stem = join(dir, `digits-${n++}`);
    await writeShapefile(stem, [{ geometry: poly(78.5, 39.8), properties: { 宗地编号: 'BC-1', 面积: 1234567.1234567891 } }], { encoding: 'utf-8' });
    // Rewrite the number field with 18 significant digits, as an N(19,11) field holds them.
    const dbf = readFileSync(`${stem}.dbf`);
    const headerLength = dbf.readUInt16LE(8);
    const fields: { name: string; length: number }[] = [];
    for (let o = 32; dbf[o] !== 0x0d; o += 32) fields.push({ name: dbf.toString('utf8', o, o + 11).replace(/\0.*$/, ''), length: dbf[o + 16]! });
    const offset = 1 + fields.slice(0, fields.findIndex((f) => f.name === '面积')).reduce((s, f) => s + f.length, 0);
    const len = fields.find((f) => f.name === '面积')!.length;
    const text = '1234567.12345678901'.padStart(len, ' ');
    expect(text.length).toBe(len);
    dbf.write(text, headerLength + offset, 'latin1');
    writeFileSync(`${stem}.dbf`, dbf);
    const { features } = await readAll(`${stem}.shp`);
    expect(features[0]!.attributes['面积']).toBe('1234567.12345678901');
    expect(features[0]!.fields.area?.toJSON()).toBe('1234567.12345678901');
  });
});
