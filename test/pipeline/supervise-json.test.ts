/**
 * `landplan supervise --json` at county scale (services/supervise-json): the parcels cut into
 * parts, each computed in a worker thread from the deadline facts stored with the journal, give
 * exactly the items of `supervise` in its order, on SQLite and PostgreSQL; facts stored under
 * other rules or an older shape are not read (computed from the state instead).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Area } from '../../src/domain/area.js';
import type { ParcelFeature } from '../../src/domain/parcel.js';
import { addDays } from '../../src/domain/rules/dates.js';
import { importParcels } from '../../src/services/import-parcels.js';
import { recordPipelineEvent } from '../../src/services/record-pipeline-event.js';
import { supervise } from '../../src/services/supervise.js';
import { superviseJson } from '../../src/services/supervise-json.js';
import type { Store } from '../../src/store/database.js';
import { openFactsReader, type FactsRow } from '../../src/store/facts-reader.js';
import { factsPages } from '../../src/store/pipeline.js';
import { BACKENDS, openFresh, seedBachuJurisdictions, steppingClock } from '../store/helpers.js';
import { grantToContract, type GrantDates } from './walk.js';

const PARCELS = 7;
const AS_OF = '2027-06-30';

/** Parcel k's dates: the same path, shifted by k weeks, some steps late. */
function dates(k: number): GrantDates {
  const d = (s: string, late = 0) => addDays(s, 7 * k + late);
  return { scheme: d('2026-03-02'), decision: d('2026-03-09'), announcement: d('2026-03-16', k % 2 ? 3 : 0), tradingStart: d('2026-04-06'), tradingEnd: d('2026-04-17'), deal: d('2026-04-17'), publication: d('2026-04-24', k % 3 ? 0 : 9), contract: d('2026-04-30', k % 2 || k % 3 === 0 ? 12 : 0) };
}

for (const backend of BACKENDS) {
  describe(`supervision as JSON in parts (${backend.name})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      const f = await openFresh(backend, { clock: steppingClock() });
      store = f.store;
      cleanup = f.cleanup;
      await seedBachuJurisdictions(store);
      const features = Array.from({ length: PARCELS }, (_, k) => ({ fields: { parcelNumber: `BC-J${k + 1}`, projectName: `项目${k + 1}`, useCode: '0701', area: Area.fromSquareMetres('20000') }, geometry: null, areaM2: null, attributes: {}, recordIndex: k }) as ParcelFeature);
      await importParcels(store, { jurisdictionCode: '653130', source: 'test', actor: 'test', features });
      const ids = (await store.db.selectFrom('parcel').select('id').orderBy('id').execute()).map((r) => Number(r.id));
      for (const [k, parcelId] of ids.entries()) {
        for (const pr of grantToContract(dates(k), { agreed: [addDays('2026-06-30', 7 * k), addDays('2026-09-30', 7 * k), '2028-09-30'], instalments: [{ dueDate: addDays(dates(k).contract, 29), amountWanYuan: '500' }, { dueDate: addDays(dates(k).contract, 360), amountWanYuan: '500' }] }).concat(k % 3 === 1 ? [{ kind: 'payment', occurredOn: addDays('2026-06-20', 7 * k), role: 'editor', data: { amountWanYuan: '500', receiptNo: `R${k}` }, documents: [] }] : [])) {
          const r = await recordPipelineEvent(store, { parcelId, kind: pr.kind, occurredOn: pr.occurredOn, data: pr.data, documents: [{ kind: '文件', number: `${pr.kind}-${k}`, date: pr.occurredOn }], actor: 'clerk', roles: ['editor'] });
          expect(r.ok, `${k} ${pr.kind} ${JSON.stringify(r)}`).toBe(true);
        }
      }
    }, 120_000);
    afterAll(async () => cleanup());

    const expected = async () => {
      const r = await supervise(store.db, { jurisdictionCode: '653130', asOf: AS_OF });
      return { r, items: r.items.map(({ title: _t, step: _s, basis: _b, confidence: _c, ...rest }) => rest) };
    };

    it('gives the items of supervise, in its order, whether computed here or in worker threads', async () => {
      const { r, items } = await expected();
      expect(items.length).toBeGreaterThan(PARCELS);
      for (const workers of [0, 1, 3]) {
        const j = await superviseJson(store, { jurisdictionCode: '653130', asOf: AS_OF }, { workers });
        expect(j.items.lines().map((s: string) => JSON.parse(s) as unknown), `workers ${workers}`).toEqual(items);
        expect(j.head.counts).toEqual(r.counts);
        expect(j.head.parcels).toBe(PARCELS);
        expect(j.overdue).toBe(r.items.filter((i) => ['overdue', 'idle', 'recovery'].includes(i.kind)).length);
        for (const rule of Object.keys(r.counts)) expect(j.head.rules[rule]?.basis).toBe(r.items.find((i) => i.rule === rule)!.basis);
      }
    }, 120_000);

    it("reads the same rows through the worker's driver-only reader as through the store", async () => {
      const { factsSource, pipelineRuleSet, pipelineRules } = await import('../../src/services/pipeline-rules.js');
      const key = factsSource(pipelineRules(await pipelineRuleSet(store.db, '653130', 2027))).key;
      const all = async (pages: AsyncIterable<readonly FactsRow[]>) => {
        const out: unknown[] = [];
        for await (const page of pages) for (const r of page) out.push({ ...r, facts: r.facts === null ? null : Buffer.from(r.facts).toString('utf8') });
        return out;
      };
      const reader = await openFactsReader(store.reopen);
      try {
        for (const q of [{ factsKey: key }, { factsKey: 'other', after: 2, upTo: 5 }, { factsKey: key, watchedBy: '2026-04-01' }]) {
          const query = { jurisdictionCode: '653130', watchedBy: AS_OF, ...q };
          const viaStore = await all(factsPages(store.db, query, 3));
          expect(viaStore.length).toBeGreaterThan(0);
          expect(await all(reader.pages(query, 2))).toEqual(viaStore);
        }
      } finally {
        await reader.close();
      }
    });

    it('reads stored facts only under the key it computes them with: stale ones are recomputed from the state', async () => {
      const { items } = await expected();
      const stored = await store.db.selectFrom('pipeline_watch').select(['facts_key']).execute();
      expect(stored.every((s) => typeof s.facts_key === 'string' && s.facts_key.length > 0)).toBe(true);
      // Facts from other rules (or an older shape) that would report nothing: not read.
      await store.db.updateTable('pipeline_watch').set({ facts_key: 'other-rules', facts_json: JSON.stringify({ facts: [], documents: {} }) }).execute();
      const j = await superviseJson(store, { jurisdictionCode: '653130', asOf: AS_OF }, { workers: 1 });
      expect(j.items.lines().map((s: string) => JSON.parse(s) as unknown)).toEqual(items);
    }, 120_000);
  });
}
