/**
 * Eight concurrent writers against one plan whose quotas cover about 60% of the demand:
 * processes on SQLite (each with its own connection to the file), connections on PostgreSQL.
 * 2 000 records by default; LANDPLAN_STORE_FULL=1 runs the acceptance size of 10 000.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workloadCube, workloadSupplies } from '../../src/services/demo-workload.js';
import { openStore, type Store } from '../../src/store/database.js';
import { balances, postDebit } from '../../src/store/ledger.js';
import { createPlan } from '../../src/store/repos/plans.js';
import { verifyStore } from '../../src/store/verify.js';
import { BACKENDS, openFresh, seedBachuJurisdictions } from './helpers.js';

const COUNT = process.env.LANDPLAN_STORE_FULL === '1' ? 10_000 : 2_000;
const WRITERS = 8;
const SEED = 20260601;
const writerScript = fileURLToPath(new URL('./concurrency-writer.ts', import.meta.url));

function runWriter(arg: object): Promise<{ accepted: number[]; refused: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writerScript, JSON.stringify(arg)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`writer exited ${code}: ${err}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1)!) as { accepted: number[]; refused: number });
    });
  });
}

describe.each(BACKENDS)(`${WRITERS} concurrent writers, ${COUNT} records, on $name`, (backend) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let versionId: number;
  let results: { accepted: number[]; refused: number }[];

  beforeAll(async () => {
    const o = await openFresh(backend);
    store = o.store;
    cleanup = o.cleanup;
    await seedBachuJurisdictions(store);
    versionId = (await createPlan(store, { jurisdictionCode: '653130', year: 2026, cube: workloadCube(COUNT), validFrom: '2026-01-01', status: 'published', actor: 'test' })).id;
    if (backend.name === 'sqlite') {
      results = await Promise.all(Array.from({ length: WRITERS }, (_, index) => runWriter({ options: o.opts, planVersionId: versionId, seed: SEED, count: COUNT, writers: WRITERS, index })));
    } else {
      // One pool, eight connections, eight interleaved async writers.
      const pool = await openStore({ ...o.opts, poolSize: WRITERS });
      const supplies = workloadSupplies(SEED, COUNT);
      results = await Promise.all(
        Array.from({ length: WRITERS }, async (_, index) => {
          const accepted: number[] = [];
          let refused = 0;
          for (let i = index; i < COUNT; i += WRITERS) {
            const s = supplies[i]!;
            const r = await postDebit(pool, { planVersionId: versionId, key: s.key, area: s.area, suppliedOn: '2026-06-01', actor: `writer-${index}` });
            if (r.accepted) accepted.push(r.recordId);
            else refused++;
          }
          return { accepted, refused };
        }),
      );
      await pool.close();
    }
  }, 600_000);
  afterAll(async () => cleanup());

  it('every attempt is answered, and quotas bind (roughly 60% accepted)', () => {
    const accepted = results.reduce((n, r) => n + r.accepted.length, 0);
    const refused = results.reduce((n, r) => n + r.refused, 0);
    expect(accepted + refused).toBe(COUNT);
    expect(accepted / COUNT).toBeGreaterThan(0.5);
    expect(accepted / COUNT).toBeLessThan(0.7);
  });

  it('no accepted record is lost and nothing else was recorded', async () => {
    const ids = results.flatMap((r) => r.accepted).sort((a, b) => a - b);
    const rows = await store.db.selectFrom('supply_record').select('id').orderBy('id').execute();
    expect(rows.map((r) => Number(r.id))).toEqual(ids);
  });

  it('final debits never exceed any binding indicator', async () => {
    const over = (await balances(store.db, versionId)).filter((b) => b.kind === 'binding' && b.debited.compare(b.cap) > 0);
    expect(over).toEqual([]);
  });

  it('db verify passes', async () => {
    const r = await verifyStore(store.db);
    expect(r.problems).toEqual([]);
    expect(r.lines.at(-1)).toMatch(new RegExp(`^audit log: ${results.reduce((n, x) => n + x.accepted.length, 0) + 8} entries`));
  });
});

describe('a supply writer killed with SIGKILL (SQLite)', () => {
  it('loses no acknowledged record and leaves a database that verifies', async () => {
    const sqlite = BACKENDS.find((b) => b.name === 'sqlite')!;
    const o = await openFresh(sqlite);
    try {
      await seedBachuJurisdictions(o.store);
      const v = await createPlan(o.store, { jurisdictionCode: '653130', year: 2026, cube: workloadCube(4000), validFrom: '2026-01-01', status: 'published', actor: 'test' });
      const acknowledged = await new Promise<number[]>((resolve) => {
        const arg = { options: o.opts, planVersionId: v.id, seed: 99, count: 4000, writers: 1, index: 0, stream: true };
        const child = spawn(process.execPath, ['--import', 'tsx', writerScript, JSON.stringify(arg)], { stdio: ['ignore', 'pipe', 'ignore'] });
        const ids: number[] = [];
        let buf = '';
        child.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          const lines = buf.split('\n');
          buf = lines.pop()!;
          for (const l of lines) if (l.startsWith('accepted ')) ids.push(Number(l.slice(9)));
          if (ids.length >= 300 && !child.killed) child.kill('SIGKILL');
        });
        child.on('exit', () => resolve(ids));
      });
      expect(acknowledged.length).toBeGreaterThanOrEqual(300);
      const after = await openStore(o.opts);
      try {
        const stored = new Set((await after.db.selectFrom('supply_record').select('id').execute()).map((r) => Number(r.id)));
        expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
        expect((await verifyStore(after.db)).problems).toEqual([]);
      } finally {
        await after.close();
      }
    } finally {
      await o.cleanup();
    }
  }, 120_000);
});
