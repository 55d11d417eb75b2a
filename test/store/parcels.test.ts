import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Area } from '../../src/domain/area.js';
import { Dec } from '../../src/domain/decimal.js';
import type { ParcelFeature } from '../../src/domain/parcel.js';
import { importParcels } from '../../src/services/import-parcels.js';
import { openStore, type OpenOptions, type Store } from '../../src/store/database.js';
import { countParcels, getParcel, listParcels } from '../../src/store/repos/parcels.js';
import { listAudit } from '../../src/store/audit-log.js';
import { verifyStore } from '../../src/store/verify.js';
import { BACKENDS, openFresh, seedBachuJurisdictions } from './helpers.js';

function feature(i: number, fields: ParcelFeature['fields'] = {}): ParcelFeature {
  return {
    recordIndex: i,
    geometry: { type: 'Polygon', coordinates: [[[78.1, 39.8], [78.2, 39.8], [78.2, 39.9], [78.1, 39.8]]] },
    fields: { parcelNumber: `BC-${i}`, area: Area.fromSquareMetres('1000'), ...fields },
    attributes: { 宗地编号: `BC-${i}` },
    areaM2: 999.87,
  };
}

const CRASH_COUNT = 100_000;
const importer = fileURLToPath(new URL('./crash-importer.ts', import.meta.url));

/** Starts the importer and SIGKILLs it once it reports `killAt` parcels written. */
function importAndKill(options: OpenOptions, killAt: number): Promise<{ killedAt: number; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', importer, JSON.stringify({ options, count: CRASH_COUNT })], { stdio: ['ignore', 'pipe', 'pipe'] });
    let killedAt = -1;
    let buf = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = [...buf.matchAll(/progress (\d+)/g)].at(-1);
      if (m && killedAt < 0 && Number(m[1]) >= killAt) {
        killedAt = Number(m[1]);
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (_code, signal) => (killedAt < 0 ? reject(new Error(`importer finished without being killed: ${err}`)) : resolve({ killedAt, signal })));
  });
}

describe.each(BACKENDS)('parcels on $name', (backend) => {
  let store: Store;
  let opts: OpenOptions;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const o = await openFresh(backend);
    store = o.store;
    opts = o.opts;
    cleanup = o.cleanup;
    await seedBachuJurisdictions(store);
  });
  afterAll(async () => cleanup());

  it('imports every supply-result field and reads back the same domain values', async () => {
    const fields: ParcelFeature['fields'] = {
      parcelNumber: 'BC2026-001',
      supervisionNumber: '6531302026B00012',
      projectName: '巴楚县钒钛产业园配套仓储项目',
      location: '巴楚县工业园区',
      district: 'industrial-park',
      area: Area.fromSquareMetres('48357.35'),
      existingLandArea: Area.fromSquareMetres('10000'),
      useCode: '0604',
      supplyMethod: '23',
      termYears: 50,
      industryCode: 'C3240',
      landGrade: 'dj3',
      priceWanYuan: new Dec('1234.5678'),
      assignee: '某某物流有限公司',
      farMin: new Dec('1.0'),
      farMax: new Dec('2.5'),
      agreedDeliveryDate: '2026-05-01',
      agreedStartDate: '2026-06-01',
      agreedCompletionDate: '2028-06-01',
      actualStartDate: '2026-06-15',
      contractDate: '2026-04-20',
      approvalUnit: '巴楚县人民政府',
      approvalNumber: '巴政土〔2026〕3号',
    };
    const r = await importParcels(store, { jurisdictionCode: '653130', source: 'fields.shp', features: [feature(0, fields)], actor: 'editor' });
    expect(r.count).toBe(1);
    const [p] = await listParcels(store.db, { parcelNumber: 'BC2026-001' });
    expect(p?.fields.area?.squareMetres.toFixed()).toBe('48357.35');
    expect(p?.fields.priceWanYuan?.toFixed()).toBe('1234.5678');
    expect(JSON.stringify(p?.fields)).toBe(JSON.stringify(fields));
    expect(p?.geometry?.type).toBe('Polygon');
    expect((await listParcels(store.db, { bbox: [78.15, 39.85, 78.3, 39.95] })).map((x) => x.id)).toEqual([p!.id]);
    expect(await listParcels(store.db, { bbox: [80, 40, 81, 41] })).toEqual([]);
    expect((await getParcel(store.db, p!.id))?.attributes).toEqual({ 宗地编号: 'BC-0' });
  });

  it.each([
    ['a negative area', { area: Area.fromSquareMetres('-5') }, /^records\[2\]\.area: 面积为负/],
    ['an unknown supply method', { supplyMethod: '9' as '1' }, /^records\[2\]\.supplyMethod: 未知供地方式代码 "9"/],
    ['a malformed date', { contractDate: '2026-13-45' }, /^records\[2\]\.contractDate: /],
  ])('refuses %s naming the record and field, importing nothing', async (_name, bad, message) => {
    const before = await countParcels(store.db);
    const auditBefore = (await listAudit(store.db, { limit: 100000 })).length;
    await expect(importParcels(store, { jurisdictionCode: '653130', source: 'bad.shp', features: [feature(0), feature(1), feature(2, bad)], actor: 'editor' })).rejects.toThrow(message);
    expect(await countParcels(store.db)).toBe(before);
    expect((await listAudit(store.db, { limit: 100000 })).length).toBe(auditBefore);
  });

  it('refuses a NaN measured area naming the record and field', async () => {
    const bad = { ...feature(2), areaM2: Number.NaN };
    await expect(importParcels(store, { jurisdictionCode: '653130', source: 'nan.shp', features: [feature(0), bad], actor: 'editor' })).rejects.toThrow(/^records\[2\]\.areaM2: 量算面积不是有限数值/);
  });

  it('refuses an unknown jurisdiction', async () => {
    await expect(importParcels(store, { jurisdictionCode: '100000', source: 'x.shp', features: [feature(0)], actor: 'editor' })).rejects.toThrow(/^jurisdictionCode: 未知行政区 "100000"/);
  });

  it(`SIGKILL in the middle of a ${CRASH_COUNT}-parcel import leaves a database that opens, verifies and holds none of it`, async () => {
    const before = await countParcels(store.db);
    const { killedAt, signal } = await importAndKill(opts, CRASH_COUNT / 2);
    expect(signal).toBe('SIGKILL');
    expect(killedAt).toBeGreaterThanOrEqual(CRASH_COUNT / 2);
    expect(killedAt).toBeLessThan(CRASH_COUNT);
    const after = await openStore(opts);
    try {
      expect(await countParcels(after.db)).toBe(before);
      const v = await verifyStore(after.db);
      expect(v.problems).toEqual([]);
      // and the register still takes writes
      const r = await importParcels(after, { jurisdictionCode: '653130', source: 'after-crash.shp', features: [feature(7)], actor: 'editor' });
      expect(r.count).toBe(1);
    } finally {
      await after.close();
    }
  }, 300_000);
});
