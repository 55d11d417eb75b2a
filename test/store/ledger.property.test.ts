/**
 * Property: for any sequence of supplies, reversals and adjustments, the ledger decides exactly as
 * a plain in-memory model (accept iff no binding indicator would exceed its cap), its balances
 * equal the model's, no binding indicator is ever over its cap, and `db verify` passes.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Area } from '../../src/domain/area.js';
import { indicators, keyMatches, type PlanCube } from '../../src/domain/plan/cube.js';
import type { Store } from '../../src/store/database.js';
import { balances, postDebit, reverseSupply, type SupplyKey } from '../../src/store/ledger.js';
import { createPlan } from '../../src/store/repos/plans.js';
import { RefusedError } from '../../src/store/errors.js';
import { adjustThrough } from './lifecycle-helpers.js';
import { verifyStore } from '../../src/store/verify.js';
import { BACKENDS, openFresh, seedBachuJurisdictions, smallCube } from './helpers.js';

type Op =
  | { kind: 'record'; category: 'residential' | 'commercial' | 'transport'; district: 'A' | 'B'; method: 'grant' | 'allocation'; hundredths: number }
  | { kind: 'reverse'; pick: number }
  | { kind: 'adjust'; factorPercent: number; cell: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('record' as const), category: fc.constantFrom('residential' as const, 'commercial' as const, 'transport' as const), district: fc.constantFrom('A' as const, 'B' as const), method: fc.constantFrom('grant' as const, 'allocation' as const), hundredths: fc.integer({ min: 1, max: 1500 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('adjust' as const), factorPercent: fc.integer({ min: 50, max: 150 }), cell: fc.nat() }) },
);

interface ModelRecord {
  key: SupplyKey;
  e4: bigint;
  id: number;
  reversed: boolean;
}

const e4 = (a: Area): bigint => BigInt(a.squareMetres.times(10000).toFixed(0));

function modelDebits(cube: PlanCube, records: readonly ModelRecord[]): Map<string, bigint> {
  const m = new Map<string, bigint>();
  for (const ind of indicators(cube)) {
    let s = 0n;
    for (const r of records) if (keyMatches(ind.key, r.key)) s += r.e4;
    m.set(ind.id, s);
  }
  return m;
}

const RUNS = Number(process.env.LANDPLAN_STORE_PROPERTY_RUNS ?? 15);

describe.each(BACKENDS)('ledger property on $name', (backend) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let year = 2000;

  beforeAll(async () => {
    const o = await openFresh(backend);
    store = o.store;
    cleanup = o.cleanup;
    await seedBachuJurisdictions(store);
  });
  afterAll(async () => cleanup());

  it('agrees with the model, never exceeds a binding cap, and verifies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        let cube = smallCube();
        let versionId = (await createPlan(store, { jurisdictionCode: '653130', year: year++, cube, validFrom: '2026-01-01', status: 'published', actor: 'prop' })).id;
        // Entries as the model sees them: records and reversals (negative).
        const entries: ModelRecord[] = [];
        for (const op of ops) {
          if (op.kind === 'record') {
            const key: SupplyKey = { category: op.category, district: op.district, method: op.method };
            const area = Area.fromHectares((op.hundredths / 100).toFixed(2));
            const before = modelDebits(cube, entries);
            const wouldExceed = indicators(cube).some((ind) => ind.kind === 'binding' && keyMatches(ind.key, key) && before.get(ind.id)! + e4(area) > e4(ind.area));
            const r = await postDebit(store, { planVersionId: versionId, key, area, suppliedOn: '2026-06-01', actor: 'prop' });
            expect(r.accepted).toBe(!wouldExceed);
            if (r.accepted) entries.push({ key, e4: e4(area), id: r.recordId, reversed: false });
          } else if (op.kind === 'reverse') {
            const open = entries.filter((x) => x.e4 > 0n && !x.reversed);
            if (open.length === 0) continue;
            const target = open[op.pick % open.length]!;
            const r = await reverseSupply(store, { recordId: target.id, suppliedOn: '2026-06-02', reason: 'prop', actor: 'prop' });
            if (!r.accepted) throw new Error('reversal refused');
            target.reversed = true;
            entries.push({ key: target.key, e4: -target.e4, id: r.recordId, reversed: true });
          } else {
            const idx = op.cell % cube.cells.length;
            const cells = cube.cells.map((c, i) => (i === idx ? { ...c, area: Area.fromSquareMetres(c.area.squareMetres.times(op.factorPercent).div(100).toDecimalPlaces(2)) } : c));
            const next: PlanCube = { ...cube, cells };
            const debits = modelDebits(next, entries);
            const fits = indicators(next).every((ind) => ind.kind !== 'binding' || debits.get(ind.id)! <= e4(ind.area));
            const r = await adjustThrough(store, versionId, next, { validFrom: '2026-07-01', reason: 'prop' }).then(
              (id) => ({ accepted: true as const, versionId: id }),
              (e: unknown) => {
                if (e instanceof RefusedError && e.code === 'cap-below-used') return { accepted: false as const };
                throw e;
              },
            );
            expect(r.accepted).toBe(fits);
            if (r.accepted) {
              versionId = r.versionId;
              cube = next;
            }
          }
          const stored = new Map((await balances(store.db, versionId)).map((b) => [b.indicatorId, b]));
          for (const [id, d] of modelDebits(cube, entries)) expect(e4(stored.get(id)!.debited)).toBe(d);
          for (const b of stored.values()) if (b.kind === 'binding') expect(b.debited.compare(b.cap)).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: backend.name === 'postgres' ? Math.ceil(RUNS / 2) : RUNS },
    );
    const v = await verifyStore(store.db);
    expect(v.problems).toEqual([]);
  }, 300_000);
});
