/**
 * The pipeline page and the notifications as kept views (services/kept-view.ts): after any
 * sequence of journal writes, what the routes serve from their views (built once, then moved by
 * the parcels written since) equals what is computed afresh from the register, and the page's
 * items are exactly those of `supervise`, in its order; on SQLite and PostgreSQL, with writes
 * racing the reads. The reserve page, the compile context's journal marks and the parcel list's
 * counts by status (kept until the next write) follow too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Area } from '../../src/domain/area.js';
import type { ParcelFeature } from '../../src/domain/parcel.js';
import { addDays } from '../../src/domain/rules/dates.js';
import { importParcels } from '../../src/services/import-parcels.js';
import { cachedNotifications, notificationsFor } from '../../src/services/notifications.js';
import { cachedPipelineOverview, pipelineOverview } from '../../src/services/pipeline-overview.js';
import { cachedJournalMarks, journalMarks } from '../../src/services/plan-context.js';
import { cachedReserveOverview, reserveOverview } from '../../src/services/reserve-overview.js';
import { createReserveProject } from '../../src/store/reserve.js';
import { recordPipelineEvent } from '../../src/services/record-pipeline-event.js';
import { supervise } from '../../src/services/supervise.js';
import type { Store } from '../../src/store/database.js';
import { queryParcels } from '../../src/store/repos/parcel-views.js';
import { upsertJurisdiction } from '../../src/store/repos/jurisdictions.js';
import { BACKENDS, openFresh, seedBachuJurisdictions, steppingClock } from '../store/helpers.js';
import { grantToContract, p, type GrantDates } from './walk.js';

const PARCELS = 12;
const AS_OF = '2026-11-30';
const DISTRICTS = ['巴楚镇', '色力布亚镇', '三岔口镇'];

/** A small deterministic generator (the sequence is the same on every run and backend). */
function random(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s >>> 8) % n; // the low bits of this generator repeat quickly
  };
}

/** Parcel k's journal-to-be: (for some) admission to a reserve project and a cost, a grant to the contract shifted by k weeks, some steps late, then payments and an inspection. */
function journalOf(k: number, projectId: number) {
  const d = (s: string, late = 0) => addDays(s, 7 * k + late);
  const dates: GrantDates = { scheme: d('2026-02-02'), decision: d('2026-02-09'), announcement: d('2026-02-16', k % 2 ? 3 : 0), tradingStart: d('2026-03-09'), tradingEnd: d('2026-03-20'), deal: d('2026-03-20'), publication: d('2026-03-27', k % 3 ? 0 : 9), contract: d('2026-04-07', k % 2 ? 12 : 0) };
  const contract = dates.contract;
  const due1 = addDays(contract, 29);
  const due2 = addDays(AS_OF, k % 4 === 0 ? -5 : 5); // some falling due in the as-of month
  // Parcels 2, 5, 8 and 11 are admitted to the reserve with a cost; 2 and 5 are taken out again (their admission reversed).
  const admitted = k % 3 === 2 ? [p('reserveAdmission', d('2026-01-05'), { projectId }), p('reserveCost', d('2026-01-12'), { category: 'compensation', amountWanYuan: `${100 + k}.5` })] : [];
  const reserve = k === 2 || k === 5 ? [...admitted, p('reversal', d('2026-01-19'), { reverses: 'admission' })] : admitted;
  return [
    ...reserve,
    ...grantToContract(dates, { agreed: [d('2026-06-30'), d('2026-09-30'), '2028-09-30'], instalments: [{ dueDate: due1, amountWanYuan: '500' }, { dueDate: due2, amountWanYuan: '500' }] }),
    p('payment', addDays(due1, k % 3 ? -2 : 20), { amountWanYuan: '500', receiptNo: `R${k}` }),
    p('inspection', addDays(contract, 60), { finding: 'notStarted' }),
  ];
}

for (const backend of BACKENDS) {
  describe(`the pipeline page, the notifications and the reserve page as kept views (${backend.name})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let ids: number[];
    /** Parcels of a neighbouring county, written now and then: the Bachu views must not move, the two counties' reminders merge. */
    let neighbours: number[];
    const left = new Map<number, ReturnType<typeof journalOf>>();
    beforeAll(async () => {
      const f = await openFresh(backend, { clock: steppingClock() });
      store = f.store;
      cleanup = f.cleanup;
      await seedBachuJurisdictions(store);
      const features = Array.from({ length: PARCELS }, (_, k) => ({ fields: { parcelNumber: `BC-V${k + 1}`, projectName: `项目${k + 1}`, useCode: k % 2 ? '0701' : '0601', district: DISTRICTS[k % 3], area: Area.fromSquareMetres('20000') }, geometry: null, areaM2: null, attributes: {}, recordIndex: k }) as ParcelFeature);
      await importParcels(store, { jurisdictionCode: '653130', source: 'test', actor: 'test', features });
      ids = (await store.db.selectFrom('parcel').select('id').orderBy('id').execute()).map((r) => Number(r.id));
      const project = await createReserveProject(store, { jurisdictionCode: '653130', code: 'CB-V', name: '城北储备项目', actor: 'clerk' });
      for (const [k, id] of ids.entries()) left.set(id, journalOf(k, project.id));
      await upsertJurisdiction(store, { code: '653125', name: '莎车县', level: 'county', parentCode: '653100' }, 'test');
      await importParcels(store, { jurisdictionCode: '653125', source: 'test', actor: 'test', features: features.slice(0, 3).map((x, k) => ({ ...x, fields: { ...x.fields, parcelNumber: `SC-V${k + 1}` } })) });
      neighbours = (await store.db.selectFrom('parcel').select('id').where('jurisdiction_code', '=', '653125').orderBy('id').execute()).map((r) => Number(r.id));
      const theirs = await createReserveProject(store, { jurisdictionCode: '653125', code: 'SC-V', name: '莎车储备项目', actor: 'clerk' });
      for (const [k, id] of neighbours.entries()) left.set(id, journalOf(k + 1, theirs.id));
    }, 60_000);
    afterAll(async () => cleanup());

    const admissions = new Map<number, number>();
    const record = async (parcelId: number) => {
      const next = left.get(parcelId)!.shift();
      if (!next) return;
      const data = (next.data as Record<string, unknown>)['reverses'] === 'admission' ? { reverses: admissions.get(parcelId), reason: '误录入储备' } : next.data;
      const r = await recordPipelineEvent(store, { parcelId, kind: next.kind, occurredOn: next.occurredOn, data, documents: next.documents, actor: 'clerk', roles: ['editor'] });
      expect(r.ok, `${parcelId} ${next.kind} ${JSON.stringify(r)}`).toBe(true);
      if (r.ok && next.kind === 'reserveAdmission') admissions.set(parcelId, r.event.id);
    };

    /** The page as computed afresh, cut as the route cuts it. */
    const fresh = async (offset: number, limit: number) => {
      const o = await pipelineOverview(store.db, { jurisdictionCode: '653130', asOf: AS_OF });
      const { evidence, ...lines } = o.execution;
      return { ...o, itemsTotal: o.items.length, items: o.items.slice(offset, offset + limit), dueThisMonthTotal: o.dueThisMonth.length, dueThisMonth: o.dueThisMonth.slice(0, 100), evidenceTotal: evidence.length, execution: { ...lines, evidence: [] } };
    };

    it('equals the page and the notifications computed afresh after every write, and its items are those of supervise', async () => {
      const overviewOf = cachedPipelineOverview();
      const noticesOf = cachedNotifications();
      const reserveOf = cachedReserveOverview();
      const marksOf = cachedJournalMarks();
      const rnd = random(7);
      let seen = 0;
      let notices = 0;
      for (let step = 0; step < 180; step++) {
        await record(step % 4 === 3 ? neighbours[rnd(neighbours.length)]! : ids[rnd(PARCELS)]!);
        const offset = rnd(4) === 0 ? 0 : rnd(12);
        const limit = 1 + rnd(15);
        const kept = await overviewOf(store.db, { jurisdictionCode: '653130', asOf: AS_OF, offset, limit, dueLimit: 100 });
        expect(kept, `step ${step}`).toEqual(await fresh(offset, limit));
        // Asked again before the next write: the same page (kept from the first rendering).
        expect(await overviewOf(store.db, { jurisdictionCode: '653130', asOf: AS_OF, offset, limit, dueLimit: 100 })).toEqual(kept);
        seen = Math.max(seen, kept.itemsTotal);
        const nq = { jurisdictions: step % 2 ? ['653130'] : ['653130', '653125'], asOf: AS_OF, dueWithinDays: [7, 14, 30][step % 3]!, limit: 1 + rnd(20) };
        const n = await noticesOf(store.db, nq);
        expect(n, `step ${step}`).toEqual(await notificationsFor(store.db, nq));
        notices = Math.max(notices, n.total);
        // The reserve page and the compile context's marks, kept the same way.
        expect(await reserveOf(store.db, '653130'), `step ${step}`).toEqual(await reserveOverview(store.db, '653130'));
        expect(await marksOf(store.db, '653130'), `step ${step}`).toEqual(await journalMarks(store.db, '653130'));
        // The register's list: its count by status (kept until a write) equals the rows it lists.
        for (const status of ['available', 'supplied'] as const) {
          const list = await queryParcels(store.db, { jurisdictions: ['653130'], status }, { limit: 100, offset: 0, geometry: false });
          expect(list.total, `step ${step} ${status}`).toBe(list.items.length);
        }
      }
      expect(notices).toBeGreaterThan(5);
      // The neighbours' journals went on too, and their reminders were among those merged.
      const both = await notificationsFor(store.db, { jurisdictions: ['653130', '653125'], asOf: AS_OF, dueWithinDays: 30, limit: 500 });
      expect(new Set(both.items.map((i) => i.jurisdictionCode))).toEqual(new Set(['653130', '653125']));
      // The walk reached a page worth comparing: items, instalments due this month, contracts signed.
      const all = await pipelineOverview(store.db, { jurisdictionCode: '653130', asOf: AS_OF });
      expect(seen).toBeGreaterThan(10);
      expect(all.dueThisMonth.length).toBeGreaterThan(0);
      expect(all.execution.byDistrict.length).toBeGreaterThan(1);
      expect(all.items).toEqual((await supervise(store.db, { jurisdictionCode: '653130', asOf: AS_OF })).items);
      // Two parcels stay in the reserve; two left it.
      expect((await reserveOverview(store.db, '653130')).projects[0]!.parcels.map((x) => x.parcelNumber)).toEqual(['BC-V9', 'BC-V12']);
    }, 240_000);

    it('catches up with writes made while it reads', async () => {
      const overviewOf = cachedPipelineOverview();
      const q = { jurisdictionCode: '653130', asOf: AS_OF, offset: 0, limit: 1000, dueLimit: 100 };
      await overviewOf(store.db, q);
      const rnd = random(11);
      // Writes to different parcels at once (one parcel's events must come in order), reads between them.
      const noticesOf = cachedNotifications();
      const nq = { jurisdictions: ['653130'], asOf: AS_OF, dueWithinDays: 14, limit: 50 };
      await Promise.all(Array.from({ length: 36 }, async (_, i) => (i % 3 === 1 ? record(ids[(i / 3) | 0]!) : i % 3 ? noticesOf(store.db, nq) : overviewOf(store.db, { ...q, offset: rnd(5) }))));
      expect(await overviewOf(store.db, q)).toEqual(await fresh(0, 1000));
      expect(await noticesOf(store.db, nq)).toEqual(await notificationsFor(store.db, nq));
    }, 120_000);
  });
}
