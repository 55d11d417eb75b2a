import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { workloadCube } from '../../src/services/demo-workload.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Area } from '../../src/domain/area.js';
import type { ParcelFeature } from '../../src/domain/parcel.js';
import { importParcels } from '../../src/services/import-parcels.js';
import { backupStore, restoreStore } from '../../src/store/backup.js';
import type { Store } from '../../src/store/database.js';
import { balances, postDebit, reverseSupply } from '../../src/store/ledger.js';
import { createPlan } from '../../src/store/repos/plans.js';
import { listParcels } from '../../src/store/repos/parcels.js';
import { createUser } from '../../src/store/repos/users.js';
import { listAudit } from '../../src/store/audit-log.js';
import { verifyStore } from '../../src/store/verify.js';
import { BACKENDS, openFresh, seedBachuJurisdictions, smallCube, steppingClock } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'landplan-backup-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function feature(i: number): ParcelFeature {
  const x = 78.5 + i * 0.001;
  return {
    recordIndex: i,
    geometry: { type: 'Polygon', coordinates: [[[x, 39.7], [x + 0.0005, 39.7], [x + 0.0005, 39.7005], [x, 39.7], ]] },
    fields: { parcelNumber: `BC2026-${i}`, area: Area.fromSquareMetres(`${1000 + i}.25`), supplyMethod: '23', useCode: '0701', contractDate: '2026-05-01' },
    attributes: { 宗地编号: `BC2026-${i}` },
    areaM2: 1000.2512 + i,
  };
}

async function populate(store: Store): Promise<number> {
  await seedBachuJurisdictions(store);
  const v = await createPlan(store, { jurisdictionCode: '653130', year: 2026, cube: smallCube(), validFrom: '2026-01-01', status: 'published', actor: 'editor' });
  await importParcels(store, { jurisdictionCode: '653130', source: 'test.shp', features: [0, 1, 2].map(feature), actor: 'editor' });
  const a = await postDebit(store, { planVersionId: v.id, key: { category: 'residential', district: 'A', method: 'grant' }, area: Area.fromSquareMetres('1001.25'), suppliedOn: '2026-05-01', parcelId: 2, actor: 'clerk' });
  await postDebit(store, { planVersionId: v.id, key: { category: 'transport', district: 'B', method: 'allocation' }, area: Area.fromHectares('3.33'), suppliedOn: '2026-05-02', actor: 'clerk' });
  if (a.accepted) await reverseSupply(store, { recordId: a.recordId, suppliedOn: '2026-05-03', reason: '合同解除', actor: 'clerk' });
  await createUser(store, { username: 'wang', displayName: '王五', passwordHash: 'h', roles: [{ role: 'viewer', jurisdictionCode: '653130' }] }, 'admin');
  return v.id;
}

describe.each(BACKENDS)('backup from $name', (source) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let versionId: number;
  const file = join(dir, `${source.name}.backup`);

  beforeAll(async () => {
    const o = await openFresh(source, { clock: steppingClock() });
    store = o.store;
    cleanup = o.cleanup;
    versionId = await populate(store);
    await backupStore(store, file);
  });
  afterAll(async () => cleanup());

  it.each(BACKENDS.map((b) => [b.name, b] as const))('restores into %s with the same verify output, balances, parcels and audit chain', async (_n, target) => {
    const t = await openFresh(target);
    try {
      await restoreStore(t.store, file);
      const [a, b] = [await verifyStore(store.db), await verifyStore(t.store.db)];
      expect(b).toEqual(a);
      expect(b.ok).toBe(true);
      expect(await balances(t.store.db, versionId)).toEqual(await balances(store.db, versionId));
      expect(await listParcels(t.store.db)).toEqual(await listParcels(store.db));
      expect(await listAudit(t.store.db)).toEqual(await listAudit(store.db));
      // ids keep counting after a restore (PostgreSQL sequences are reset)
      const next = await postDebit(t.store, { planVersionId: versionId, key: { category: 'commercial', district: 'A', method: 'grant' }, area: Area.fromHectares('1'), suppliedOn: '2026-06-01', actor: 'clerk' });
      expect(next.accepted && next.recordId).toBe(4);
    } finally {
      await t.cleanup();
    }
  });

  it('refuses a backup with a wrong checksum and writes nothing', async () => {
    const bad = join(dir, `${source.name}-bad.backup`);
    writeFileSync(bad, readFileSync(file, 'utf8').replace('"王五"', '"王六"'));
    const t = await openFresh(source);
    try {
      await expect(restoreStore(t.store, bad)).rejects.toThrow(/-bad\.backup: checksum: 校验和不符.*refusing to restore/);
      expect(await listAudit(t.store.db)).toEqual([]);
    } finally {
      await t.cleanup();
    }
  });

  it('refuses to overwrite a non-empty database without force', async () => {
    await expect(restoreStore(store, file)).rejects.toThrow(/^target: 目标数据库非空/);
  });
});

describe('SQLite online backup while other processes write', () => {
  it('captures a consistent snapshot that restores and verifies', async () => {
    const sqlite = BACKENDS.find((b) => b.name === 'sqlite')!;
    const o = await openFresh(sqlite);
    try {
      await seedBachuJurisdictions(o.store);
      const v = await createPlan(o.store, { jurisdictionCode: '653130', year: 2026, cube: workloadCube(600), validFrom: '2026-01-01', status: 'published', actor: 'test' });
      const script = fileURLToPath(new URL('./concurrency-writer.ts', import.meta.url));
      const writers = [0, 1].map(
        (index) =>
          new Promise<void>((resolve, reject) => {
            const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify({ options: o.opts, planVersionId: v.id, seed: 7, count: 600, writers: 2, index })], { stdio: 'ignore' });
            child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer exited ${code}`))));
          }),
      );
      // Back up repeatedly while the writers run; every snapshot must restore and verify.
      const file = join(dir, 'online.backup');
      let taken = 0;
      let running = true;
      const done = Promise.all(writers).finally(() => (running = false));
      while (running || taken === 0) {
        await backupStore(o.store, file);
        taken++;
        const t = await openFresh(sqlite);
        try {
          await restoreStore(t.store, file);
          expect((await verifyStore(t.store.db)).problems).toEqual([]);
        } finally {
          await t.cleanup();
        }
      }
      await done;
      expect(taken).toBeGreaterThan(0);
    } finally {
      await o.cleanup();
    }
  }, 120_000);
});
