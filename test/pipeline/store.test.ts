/** The parcel journal in the register, on SQLite and PostgreSQL: append-only, audited, projected in the same transaction. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Area } from '../../src/domain/area.js';
import type { ParcelFeature } from '../../src/domain/parcel.js';
import { project } from '../../src/domain/pipeline/journal.js';
import { importParcels } from '../../src/services/import-parcels.js';
import { parcelPipeline } from '../../src/services/parcel-pipeline.js';
import { storedFactsCheck } from '../../src/services/pipeline-rules.js';
import { recordPipelineEvent } from '../../src/services/record-pipeline-event.js';
import { supervise } from '../../src/services/supervise.js';
import { listAudit, verifyAuditChain } from '../../src/store/audit-log.js';
import { putAttachment, getAttachment } from '../../src/store/attachments.js';
import type { Store } from '../../src/store/database.js';
import { getPipelineState, listPipelineEvents } from '../../src/store/pipeline.js';
import { createReserveProject } from '../../src/store/reserve.js';
import { backupStore, restoreStore } from '../../src/store/backup.js';
import { verifyStore } from '../../src/store/verify.js';
import { BACKENDS, openFresh, seedBachuJurisdictions, steppingClock } from '../store/helpers.js';
import { grantToContract } from './walk.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

for (const backend of BACKENDS) {
  describe(`parcel journal (${backend.name})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let parcelId: number;
    beforeAll(async () => {
      const f = await openFresh(backend, { clock: steppingClock() });
      store = f.store;
      cleanup = f.cleanup;
      await seedBachuJurisdictions(store);
      await importParcels(store, { jurisdictionCode: '653130', source: 'test', actor: 'test', features: [{ fields: { parcelNumber: 'BC-P1', projectName: '测试住宅', useCode: '0701', area: Area.fromSquareMetres('20000') }, geometry: null, areaM2: null, attributes: {}, recordIndex: 0 } as ParcelFeature] });
      parcelId = Number((await store.db.selectFrom('parcel').select('id').executeTakeFirstOrThrow()).id);
    });
    afterAll(async () => cleanup());

    const rec = (kind: string, occurredOn: string, data: unknown, roles = ['editor'] as const, documents = [{ kind: '文件', number: `${kind}-1`, date: occurredOn }]) =>
      recordPipelineEvent(store, { parcelId, kind, occurredOn, data, documents, actor: 'clerk', roles: [...roles] });

    it('admits the parcel to a reserve project, records its path to the contract, and keeps the projection equal to the journal', async () => {
      const project1 = await createReserveProject(store, { jurisdictionCode: '653130', code: 'CB-2026-01', name: '城北储备项目', actor: 'clerk' });
      expect((await rec('reserveAdmission', '2026-01-10', { projectId: project1.id })).ok).toBe(true);
      expect((await rec('reserveCost', '2026-01-20', { category: 'compensation', amountWanYuan: '350.25' })).ok).toBe(true);
      for (const pr of grantToContract()) {
        const r = await rec(pr.kind, pr.occurredOn, pr.data);
        expect(r.ok, `${pr.kind} ${JSON.stringify(r)}`).toBe(true);
      }
      const events = await listPipelineEvents(store.db, parcelId);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      const stored = await getPipelineState(store.db, parcelId);
      expect(JSON.stringify(stored)).toBe(JSON.stringify(project(events)));
      expect(stored?.lastStep).toBe('contract');
    });

    it('writes nothing when it refuses, and every accepted event is in the hash-chained audit log', async () => {
      const before = (await listPipelineEvents(store.db, parcelId)).length;
      const r = await rec('payment', '2026-05-20', { amountWanYuan: '1000.01', receiptNo: 'R1' });
      expect(r).toMatchObject({ ok: false, code: 'overpaid' });
      expect((await listPipelineEvents(store.db, parcelId)).length).toBe(before);
      const audit = await listAudit(store.db, { entity: 'parcel', entityId: String(parcelId) });
      expect(audit.filter((a) => a.action.startsWith('pipeline.')).length).toBe(before);
      expect(audit.map((a) => a.action)).toContain('pipeline.contract');
      expect(await verifyAuditChain(store.db)).toEqual([]);
      const v = await verifyStore(store.db);
      expect(v.problems).toEqual([]);
      expect(v.lines).toContain(`pipeline: 1 parcels, ${before} journal events`);
    });

    it('db verify names a parcel whose stored state was edited behind the journal', async () => {
      const row = await store.db.selectFrom('pipeline_parcel').select('state_json').where('parcel_id', '=', parcelId).executeTakeFirstOrThrow();
      await store.db.updateTable('pipeline_parcel').set({ state_json: row.state_json.replace('"paid":"0"', '"paid":"1"') }).where('parcel_id', '=', parcelId).execute();
      expect((await verifyStore(store.db)).problems).toContain(`parcel ${parcelId}: stored pipeline state differs from its journal`);
      await store.db.updateTable('pipeline_parcel').set({ state_json: row.state_json }).where('parcel_id', '=', parcelId).execute();
    });

    it('db verify names a parcel whose supervision figures (pipeline_watch) were edited behind the journal', async () => {
      const row = await store.db.selectFrom('pipeline_watch').select(['watch_from', 'watch_json', 'facts_key', 'facts_json']).where('parcel_id', '=', parcelId).executeTakeFirstOrThrow();
      expect(row.watch_json).not.toContain('reservePrice');
      await store.db.updateTable('pipeline_watch').set({ watch_from: '2999-01-01' }).where('parcel_id', '=', parcelId).execute();
      expect((await verifyStore(store.db)).problems).toContain(`parcel ${parcelId}: stored supervision figures (pipeline_watch) differ from its journal`);
      await store.db.deleteFrom('pipeline_watch').where('parcel_id', '=', parcelId).execute();
      expect((await verifyStore(store.db)).problems).toContain(`parcel ${parcelId}: no supervision row (pipeline_watch) beside its journal`);
      await store.db.insertInto('pipeline_watch').values({ parcel_id: parcelId, jurisdiction_code: '653130', ...row }).execute();
      expect((await verifyStore(store.db)).problems).toEqual([]);
    });

    it('db verify recomputes the stored deadline facts: edited ones are named, ones under rules no longer given are counted, not read', async () => {
      const facts = storedFactsCheck(store.db, store.now());
      const clean = await verifyStore(store.db, { facts });
      expect(clean.problems).toEqual([]);
      expect(clean.lines.find((l) => l.startsWith('pipeline:'))).toMatch(/deadline facts of [1-9]\d* recomputed$/);
      const row = await store.db.selectFrom('pipeline_watch').select(['facts_key', 'facts_json']).where('parcel_id', '=', parcelId).executeTakeFirstOrThrow();
      expect(row.facts_json).toContain('"kind"');
      await store.db.updateTable('pipeline_watch').set({ facts_json: row.facts_json!.replace('"kind"', '"kind" ') }).where('parcel_id', '=', parcelId).execute();
      expect((await verifyStore(store.db, { facts })).problems).toContain(`parcel ${parcelId}: stored deadline facts (pipeline_watch.facts_json) differ from its journal`);
      await store.db.updateTable('pipeline_watch').set({ facts_key: 'rules-of-another-time', facts_json: 'anything' }).where('parcel_id', '=', parcelId).execute();
      const other = await verifyStore(store.db, { facts });
      expect(other.problems).toEqual([]);
      expect(other.lines.find((l) => l.startsWith('pipeline:'))).toContain('(1 stored under rules no longer given, not read)');
      await store.db.updateTable('pipeline_watch').set(row).where('parcel_id', '=', parcelId).execute();
    });

    it('hides the 底价 from a viewer and shows it to the editor until the deal is published', async () => {
      const asEditor = await parcelPipeline(store.db, { parcelId, asOf: '2026-05-01', roles: ['editor'] });
      const asViewer = await parcelPipeline(store.db, { parcelId, asOf: '2026-05-01', roles: ['viewer'] });
      expect(asEditor?.steps.find((s) => s.kind === 'collectiveDecision')?.data).toEqual({ reservePriceWanYuan: '800' });
      // Published on 2026-04-24 in this walk: from then on the 底价 is public.
      expect(asViewer?.reservePriceVisible).toBe(true);
      expect(asEditor?.reserve.costs.total).toBe('350.25');
      expect(asEditor?.reserve.readyToList).toBe(true);
    });

    it('supervises the jurisdiction as of a date with the calendar and rule set it used', async () => {
      const r = await supervise(store.db, { jurisdictionCode: '653130', asOf: '2026-06-15' });
      expect(r.parcels).toBe(1);
      expect(r.calendar.source).toBe('chinese-days');
      expect(r.notComputed).toEqual([]);
      expect(r.items.map((i) => [i.rule, i.kind, i.dueDate, i.days, i.amountWanYuan, i.parcelNumber])).toEqual([['instalment-due', 'overdue', '2026-05-29', 17, '500', 'BC-P1']]);
    });

    it('keeps an uploaded photo once, by its sha256, and restores the journal from a backup', async () => {
      const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
      const a = await putAttachment(store, { bytes, mediaType: 'image/png', fileName: 'site.png', actor: 'clerk' });
      const again = await putAttachment(store, { bytes, mediaType: 'image/png', fileName: 'other.png', actor: 'clerk' });
      expect(again.sha256).toBe(a.sha256);
      expect([...(await getAttachment(store.db, a.sha256))!.bytes]).toEqual([...bytes]);
      const dir = mkdtempSync(join(tmpdir(), 'lp-pipe-'));
      await backupStore(store, join(dir, 'b.jsonl'));
      const f2 = await openFresh(backend);
      try {
        await restoreStore(f2.store, join(dir, 'b.jsonl'));
        expect(JSON.stringify(await listPipelineEvents(f2.store.db, parcelId))).toBe(JSON.stringify(await listPipelineEvents(store.db, parcelId)));
        expect((await getAttachment(f2.store.db, a.sha256))?.byteSize).toBe(7);
      } finally {
        await f2.cleanup();
      }
    });
  });
}
