/**
 * One supply, one transaction (services/record-supply over store/supply-posting): the parcel, its
 * link to every ledger record and the audit entries are written together or not at all; one supply
 * id is recorded once; input that would poison the register is refused naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Area } from '../../src/domain/area.js';
import { recordSupply } from '../../src/services/record-supply.js';
import { workloadCube } from '../../src/services/demo-workload.js';
import { createPlan, createUser, upsertJurisdiction, verifyStore, type Store } from '../../src/services/register.js';
import { balances, postDebit } from '../../src/store/ledger.js';
import { listAudit } from '../../src/store/audit-log.js';
import { BACKENDS, openFresh, type Backend } from './helpers.js';
import { lawfulSupply } from './supply-fixtures.js';

const COUNTY = '653130';

async function counts(store: Store): Promise<{ records: number; parcels: number; imports: number; audit: number }> {
  const n = async (t: 'supply_record' | 'parcel' | 'parcel_import' | 'audit_log') => Number((await store.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { records: await n('supply_record'), parcels: await n('parcel'), imports: await n('parcel_import'), audit: await n('audit_log') };
}

describe.each(BACKENDS.map((b) => [b.name, b] as const))('on %s', (_name: string, backend: Backend) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let versionId: number;
  const record = (supply: unknown, over: Partial<Parameters<typeof recordSupply>[1]> = {}) =>
    recordSupply(store, { supply, planVersionId: versionId, jurisdictionCode: COUNTY, actor: 'clerk', ...over });

  beforeAll(async () => {
    ({ store, cleanup } = await openFresh(backend));
    await upsertJurisdiction(store, { code: COUNTY, name: '巴楚县', level: 'county', parentCode: null }, 'test');
    await createUser(store, { username: 'approver1', displayName: '审批', roles: [{ role: 'approver', jurisdictionCode: COUNTY }] }, 'test');
    versionId = (await createPlan(store, { jurisdictionCode: COUNTY, year: 2026, cube: workloadCube(10_000), validFrom: '2026-01-01', status: 'published', actor: 'test' })).id;
  });
  afterAll(async () => cleanup());

  it('writes the parcel, links every ledger record to it and audits both, in one go', async () => {
    const before = await counts(store);
    const o = await record(lawfulSupply('S-1'));
    if (!o.accepted) throw new Error(JSON.stringify(o.message));
    expect(o.replayed).toBe(false);
    const recs = await store.db.selectFrom('supply_record').select(['id', 'parcel_id', 'supply_id']).where('id', 'in', [...o.recordIds]).execute();
    expect(recs.map((r) => [Number(r.parcel_id), r.supply_id])).toEqual(o.recordIds.map(() => [o.parcelId, 'S-1']));
    const parcel = await store.db.selectFrom('parcel').select(['supply_id', 'attributes_json', 'measured_area_m2']).where('id', '=', o.parcelId).executeTakeFirstOrThrow();
    expect(parcel.supply_id).toBe('S-1');
    expect(Math.round(parcel.measured_area_m2!)).toBeGreaterThan(9000);
    const attrs = JSON.parse(parcel.attributes_json) as Record<string, unknown>;
    expect(Object.keys(attrs).sort()).toEqual(['fingerprint', 'landplanSupply', 'ruleSet']);
    expect(attrs['landplanSupply']).toEqual(lawfulSupply('S-1'));
    const after = await counts(store);
    expect(after).toEqual({ records: before.records + o.recordIds.length, parcels: before.parcels + 1, imports: before.imports + 1, audit: before.audit + o.recordIds.length + 1 });
    const audit = await listAudit(store.db, { afterSeq: before.audit });
    expect(audit.map((a) => a.action)).toEqual([...o.recordIds.map(() => 'supply.record'), 'supply.parcel']);
    expect((audit[0]!.after as { parcelId: number }).parcelId).toBe(o.parcelId);
    expect((await verifyStore(store.db)).problems).toEqual([]);
  });

  it('a retry of the same supply returns the existing record and debits nothing', async () => {
    const first = await record(lawfulSupply('S-2'));
    const balance = await balances(store.db, versionId);
    const before = await counts(store);
    // key order does not matter: the same supply
    const reordered = Object.fromEntries(Object.entries(lawfulSupply('S-2')).reverse());
    const again = await record(reordered);
    expect(again.accepted && again.replayed).toBe(true);
    expect(again.accepted && [again.recordIds, again.parcelId]).toEqual(first.accepted && [first.recordIds, first.parcelId]);
    expect(await counts(store)).toEqual(before);
    expect(await balances(store.db, versionId)).toEqual(balance);
  });

  it('the same supply id with different content is refused as a duplicate, naming the id', async () => {
    await record(lawfulSupply('S-3'));
    const before = await counts(store);
    const o = await record(lawfulSupply('S-3', { area: { ha: '1.3' } }));
    expect(o.accepted ? 'accepted' : [o.reason, o.field]).toEqual(['duplicate', 'id']);
    expect(await counts(store)).toEqual(before);
  });

  it('concurrent posts of one supply id record it once', async () => {
    const before = await counts(store);
    const outs = await Promise.all([1, 2, 3, 4].map(() => record(lawfulSupply('S-4'))));
    expect(outs.filter((o) => o.accepted && !o.replayed).length).toBe(1);
    expect(outs.filter((o) => o.accepted && o.replayed).length).toBe(3);
    expect((await counts(store)).parcels).toBe(before.parcels + 1);
    expect((await verifyStore(store.db)).problems).toEqual([]);
  });

  it.each([
    ['a self-intersecting parcel', { geometry: { type: 'Polygon', coordinates: [[[78.5, 39.7], [78.501, 39.701], [78.501, 39.7], [78.5, 39.701], [78.5, 39.7]]] } }, 'geometry'],
    ['a 1 cm² area', { area: { m2: '0.0001' } }, 'area'],
    ['a 1 cm² parcel geometry', { geometry: { type: 'Polygon', coordinates: [[[78.5, 39.7], [78.5000001, 39.7], [78.5000001, 39.7000001], [78.5, 39.7000001], [78.5, 39.7]]] } }, 'geometry'],
    ['a contract date outside the plan year', { dates: { announcement: '2025-03-01', listingStart: '2025-03-25', listingEnd: '2025-04-08', contract: '2025-04-15' } }, 'dates.contract'],
    ['a bidi override in the project name', { projectName: '住宅\u202E目项' }, 'projectName'],
    ['a zero-width space in the parcel number', { parcelNumber: 'BC\u200B-001' }, 'parcelNumber'],
    ['a NUL in the location', { location: '城北\u0000' }, 'location'],
    ['an unknown field', { raw: 'x'.repeat(1000) }, '(root)'],
  ])('refuses %s as input naming the field, writing nothing', async (_what, over, field) => {
    const before = await counts(store);
    const o = await record(lawfulSupply('BAD-1', over));
    expect(o.accepted ? 'accepted' : [o.reason, o.field]).toEqual(['input', field]);
    expect(await counts(store)).toEqual(before);
  });

  it('a binding cap refusal leaves no parcel behind', async () => {
    const before = await counts(store);
    const o = await record(lawfulSupply('BIG-1', { area: { ha: '500' } }));
    expect(o.accepted).toBe(false);
    expect(await counts(store)).toEqual(before);
  });

  it('an override needs an error finding to override', async () => {
    const o = await record(lawfulSupply('OV-1'), { override: { by: 'approver1', reason: '县政府同意' } });
    expect(o.accepted ? 'accepted' : o.reason).toBe('override-not-needed');
    const breaker = await record(lawfulSupply('OV-2', { far: { min: '0.8', max: '1.5' } }), { override: { by: 'approver1', reason: '县政府同意' } });
    expect(breaker.accepted && breaker.overridden).toEqual(['residential-far-min']);
  });

  it('db verify names a ledger record of a supply that has no parcel', async () => {
    const out = await postDebit(store, { planVersionId: versionId, key: { category: 'residential', district: 'kashgar-river', method: 'grant' }, area: Area.fromHectares('0.5'), suppliedOn: '2026-05-01', supplyId: 'HALF-1', note: 'supply HALF-1', actor: 'clerk' });
    expect(out.accepted).toBe(true);
    const v = await verifyStore(store.db);
    expect(v.problems).toEqual([`supply_record ${out.accepted ? out.recordId : 0} (supply HALF-1): no parcel (the supply was half written)`]);
  });
});
