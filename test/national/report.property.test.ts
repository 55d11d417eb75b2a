import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { importReport } from '../../src/services/report.js';
import type { Store } from '../../src/store/database.js';
import { unitFigures } from '../../src/store/national/figures.js';
import { BundleError } from '../../src/store/report/verify.js';
import { BACKENDS, openFresh, type Backend } from '../store/helpers.js';
import { COUNTIES, countyOwnFigures, opArb, playHistory, seedHierarchy, TestClock, tempDir, trust, YEARS, type Op } from './county-history.js';

const sqlite = BACKENDS.find((b) => b.name === 'sqlite')!;
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

/** A county register on SQLite with the given history; returns its bundles and key file. */
async function county(code: string, ops: readonly Op[], backend: Backend = sqlite): Promise<{ store: Store; bundles: string[]; keyPath: string; close(): Promise<void> }> {
  const clock = new TestClock();
  const { store, cleanup } = await openFresh(backend, { clock: clock.now });
  await seedHierarchy(store, [code]);
  const dir = tempDir();
  const keyPath = join(dir, `${code}.pem`);
  const bundles = await playHistory(store, clock, code, ops, dir, keyPath);
  return { store, bundles, keyPath, close: cleanup };
}

async function province(backend: Backend): Promise<{ store: Store; close(): Promise<void> }> {
  const { store, cleanup } = await openFresh(backend, { clock: new TestClock().now });
  await seedHierarchy(store);
  return { store, close: cleanup };
}

const NAT_TABLES = ['nat_audit', 'nat_plan', 'nat_plan_version', 'nat_indicator', 'nat_supply', 'nat_parcel', 'nat_row', 'nat_rollup', 'nat_rollup_unstarted', 'nat_extent'] as const;

/** Everything the province holds of the counties, in a stable order (the import time left out). */
async function provinceState(store: Store): Promise<string> {
  const parts: string[] = [];
  for (const t of NAT_TABLES) {
    const rows = (await store.db.selectFrom(t).selectAll().execute()) as Record<string, unknown>[];
    parts.push(`${t}:${rows.map((r) => JSON.stringify(Object.entries(r).map(([k, v]) => [k, v === null ? null : String(v)]))).sort().join('\n')}`);
  }
  const rep = await store.db.selectFrom('nat_reporter').select(['county_code', 'head_seq', 'head_hash', 'reported_at', 'bundle_sha256']).orderBy('county_code').execute();
  parts.push(JSON.stringify(rep.map((r) => ({ ...r, head_seq: Number(r.head_seq) }))));
  return parts.join('\n');
}

const historyArb = fc.array(opArb, { minLength: 1, maxLength: 14 });

describe('report bundles refuse tampering (county on SQLite)', () => {
  it('a bundle with any one byte changed is refused, naming a line, and the province holds nothing', async () => {
    const p = await province(sqlite);
    cleanups.push(p.close);
    let trusted = false;
    await fc.assert(
      fc.asyncProperty(historyArb, fc.nat(), fc.integer({ min: 1, max: 255 }), async (ops, at, delta) => {
        const c = await county('653130', ops);
        try {
          if (!trusted) {
            await trust(p.store, '653130', c.keyPath);
            trusted = true;
          } else await p.store.db.updateTable('nat_reporter').set({ public_key: (await import('../../src/services/report.js')).reportKey(c.keyPath).publicKey }).execute();
          const file = c.bundles[c.bundles.length - 1]!;
          const bytes = readFileSync(file);
          const i = at % bytes.length;
          bytes[i] = (bytes[i]! + delta) % 256;
          writeFileSync(file, bytes);
          const err = await importReport(p.store, file).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(err).toBeInstanceOf(BundleError);
          expect((err as BundleError).line).toBeGreaterThanOrEqual(1);
          expect(Number((await p.store.db.selectFrom('nat_audit').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);
        } finally {
          await c.close();
        }
      }),
      { numRuns: 25 },
    );
  });

  it('a bundle with one line dropped is refused, naming the line where the chain breaks', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.nat(), async (ops, at) => {
        const c = await county('653130', ops);
        const p = await province(sqlite);
        try {
          await trust(p.store, '653130', c.keyPath);
          const file = c.bundles[c.bundles.length - 1]!;
          const lines = readFileSync(file, 'utf8').split('\n').slice(0, -1);
          const drop = at % lines.length;
          writeFileSync(file, [...lines.slice(0, drop), ...lines.slice(drop + 1)].map((l) => `${l}\n`).join(''));
          const err = (await importReport(p.store, file).then(
            () => undefined,
            (e: unknown) => e,
          )) as BundleError;
          expect(err).toBeInstanceOf(BundleError);
          // Dropping line k breaks the chain at line k (the one that moved up), or, for the end
          // line, leaves the file truncated after its last line.
          expect(err.line).toBe(drop + 1);
        } finally {
          await c.close();
          await p.close();
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe.each(BACKENDS)('report bundles imported into a province on $name', (backend) => {
  it('in any order, with repeats, give the same province state, equal to the counties’ own figures', async () => {
    await fc.assert(
      fc.asyncProperty(fc.tuple(historyArb, historyArb), fc.array(fc.nat(), { minLength: 1, maxLength: 10 }), async ([opsA, opsB], shuffle) => {
        const cs = [await county(COUNTIES[0].code, opsA), await county(COUNTIES[2].code, opsB)];
        const inOrder = await province(backend);
        const shuffled = await province(backend);
        try {
          for (const [i, c] of cs.entries()) {
            await trust(inOrder.store, COUNTIES[i === 0 ? 0 : 2].code, c.keyPath);
            await trust(shuffled.store, COUNTIES[i === 0 ? 0 : 2].code, c.keyPath);
          }
          for (const c of cs) for (const b of c.bundles) await importReport(inOrder.store, b);
          // Every bundle, then some again, in an order the shuffle picks.
          const all = cs.flatMap((c) => c.bundles);
          const order = [...all, ...shuffle.map((k) => all[k % all.length]!)];
          for (let i = order.length - 1; i > 0; i--) {
            const j = shuffle[i % shuffle.length]! % (i + 1);
            [order[i], order[j]] = [order[j]!, order[i]!];
          }
          for (const b of order) {
            const r = await importReport(shuffled.store, b);
            expect(['applied', 'unchanged', 'older']).toContain(r.status);
          }
          expect(await provinceState(shuffled.store)).toBe(await provinceState(inOrder.store));

          // The province's figures are the counties' own, and the province's are their sum.
          for (const year of YEARS) {
            const sum = new Map<string, [bigint, bigint]>();
            for (const [i, c] of cs.entries()) {
              const code = COUNTIES[i === 0 ? 0 : 2].code;
              const own = await countyOwnFigures(c.store, code, year);
              const f = await unitFigures(shuffled.store.db, code, year);
              expect(f.planned.total).toBe(own.get('total')![0]);
              expect(f.supplied.total).toBe(own.get('total')![1]);
              for (const cat of ['residential', 'commercial', 'transport']) {
                expect([f.planned.byCategory.get(cat) ?? 0n, f.supplied.byCategory.get(cat) ?? 0n]).toEqual(own.get(`category:${cat}`)!);
              }
              expect([f.planned.byMethod.get('grant') ?? 0n, f.supplied.byMethod.get('grant') ?? 0n]).toEqual(own.get('method:grant')!);
              for (const [k, v] of own) sum.set(k, [(sum.get(k)?.[0] ?? 0n) + v[0], (sum.get(k)?.[1] ?? 0n) + v[1]]);
            }
            const xj = await unitFigures(shuffled.store.db, '650000', year);
            expect([xj.planned.total, xj.supplied.total]).toEqual(sum.get('total'));
            expect(xj.plans).toBe(2);
            const kashgar = await unitFigures(shuffled.store.db, '653100', year);
            expect(kashgar.supplied.total).toBe((await countyOwnFigures(cs[0]!.store, COUNTIES[0].code, year)).get('total')![1]);
          }
        } finally {
          for (const c of cs) await c.close();
          await inOrder.close();
          await shuffled.close();
        }
      }),
      { numRuns: backend.name === 'sqlite' ? 8 : 3 },
    );
  });
});
