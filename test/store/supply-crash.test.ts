/**
 * A property: whenever the process recording supplies with parcels is killed (SIGKILL, at a random
 * moment), the register holds whole supplies only. Every ledger record of a supply has its parcel
 * and every supply parcel its records; balances and the audit chain verify; every acknowledged
 * supply is there; a retry of any supply afterwards records it once.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Area } from '../../src/domain/area.js';
import { recordSupply } from '../../src/services/record-supply.js';
import { workloadCube } from '../../src/services/demo-workload.js';
import { createPlan, openStore, upsertJurisdiction, verifyStore, type OpenOptions, type Store } from '../../src/services/register.js';
import { BACKENDS, openFresh, type Backend } from './helpers.js';
import { lawfulSupply } from './supply-fixtures.js';

const supplier = fileURLToPath(new URL('./crash-supplier.ts', import.meta.url));
const RUNS = Number(process.env.LANDPLAN_CRASH_RUNS ?? 4);

/** Starts the supplier; after it acknowledged its first supply, waits `delayMs` and kills it. */
function recordAndKill(options: OpenOptions, versionId: number, prefix: string, delayMs: number): Promise<{ acknowledged: string[]; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', supplier, JSON.stringify({ options, versionId, prefix })], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let armed = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!armed && out.includes('recorded ')) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`supplier ended by itself: ${err}`));
      // Only complete lines were acknowledged (a line cut by the kill was not).
      const acknowledged = [...out.matchAll(/recorded (\S+)\n/g)].map((m) => m[1]!);
      resolve({ acknowledged, signal });
    });
  });
}

async function supplyCounts(store: Store): Promise<{ parcels: number; imports: number; parcelAudits: number }> {
  const parcels = await store.db.selectFrom('parcel').select((eb) => eb.fn.countAll<number>().as('n')).where('supply_id', 'is not', null).executeTakeFirstOrThrow();
  const imports = await store.db.selectFrom('parcel_import').select((eb) => eb.fn.countAll<number>().as('n')).where('source', 'like', 'record-supply %').executeTakeFirstOrThrow();
  const audits = await store.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'supply.parcel').executeTakeFirstOrThrow();
  return { parcels: Number(parcels.n), imports: Number(imports.n), parcelAudits: Number(audits.n) };
}

describe.each(BACKENDS.map((b) => [b.name, b] as const))('SIGKILL while recording supplies with parcels, on %s', (_name: string, backend: Backend) => {
  let opts: OpenOptions;
  let cleanup: () => Promise<void>;
  let versionId: number;

  beforeAll(async () => {
    const o = await openFresh(backend);
    opts = o.opts;
    cleanup = o.cleanup;
    await upsertJurisdiction(o.store, { code: '653130', name: '巴楚县', level: 'county', parentCode: null }, 'test');
    // A 存量 marginal makes the ledger split each supply into a 新增 and a 存量 record.
    const cube = workloadCube(100_000);
    const v = await createPlan(o.store, {
      jurisdictionCode: '653130',
      year: 2026,
      cube: { ...cube, marginals: [...cube.marginals, { key: { source: 'existing' }, area: Area.fromHectares('10000'), kind: 'binding', label: '存量' }] },
      validFrom: '2026-01-01',
      status: 'published',
      actor: 'test',
    });
    versionId = v.id;
    await o.store.close();
  });
  afterAll(async () => {
    const s = await openStore(opts);
    await s.close();
    await cleanup();
  });

  it(`leaves whole supplies only, at any moment (${RUNS} kills)`, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 300 }), async (delayMs) => {
        const prefix = `K${run++}`;
        const { acknowledged } = await recordAndKill(opts, versionId, prefix, delayMs);
        const store = await openStore(opts);
        try {
          const v = await verifyStore(store.db);
          expect(v.problems).toEqual([]);
          const c = await supplyCounts(store);
          expect(c.imports).toBe(c.parcels);
          expect(c.parcelAudits).toBe(c.parcels);
          // every acknowledged supply is there, with a 新增 and a 存量 record linked to its parcel
          for (const id of acknowledged) {
            const p = await store.db.selectFrom('parcel').select('id').where('supply_id', '=', id).executeTakeFirst();
            expect(p, id).toBeDefined();
            const recs = await store.db.selectFrom('supply_record').select(['source', 'parcel_id']).where('supply_id', '=', id).orderBy('source').execute();
            expect(recs.map((r) => [r.source, Number(r.parcel_id)])).toEqual([
              ['existing', Number(p!.id)],
              ['new', Number(p!.id)],
            ]);
          }
          // the supplies in flight when it died: a retry records each exactly once
          const next = [`${prefix}-${acknowledged.length}`, `${prefix}-${acknowledged.length + 1}`];
          for (const id of next) {
            const o = await recordSupply(store, { supply: lawfulSupply(id, { existingLandArea: { ha: '0.25' } }), planVersionId: versionId, jurisdictionCode: '653130', actor: 'retry' });
            expect(o.accepted, id).toBe(true);
            const again = await recordSupply(store, { supply: lawfulSupply(id, { existingLandArea: { ha: '0.25' } }), planVersionId: versionId, jurisdictionCode: '653130', actor: 'retry' });
            expect(again.accepted && again.replayed).toBe(true);
          }
          expect((await verifyStore(store.db)).problems).toEqual([]);
        } finally {
          await store.close();
        }
      }),
      { numRuns: RUNS },
    );
  }, 600_000);
});
