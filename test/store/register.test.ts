import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Area } from '../../src/domain/area.js';
import { openStore, type Store } from '../../src/store/database.js';
import { SchemaTooNewError } from '../../src/store/errors.js';
import { balancesAt, versionInForce } from '../../src/store/history.js';
import { postDebit } from '../../src/store/ledger.js';
import { adjustThrough, EDITOR, APPROVER, lifecycleUsers } from './lifecycle-helpers.js';
import { newPlan, transition } from '../../src/services/plan-lifecycle.js';
import { SCHEMA_VERSION } from '../../src/store/migrate.js';
import { addComment, listComments } from '../../src/store/repos/comments.js';
import { getJurisdiction, upsertJurisdiction } from '../../src/store/repos/jurisdictions.js';
import { createPlan, getPlanVersion } from '../../src/store/repos/plans.js';
import { createUser, getUserByUsername, setRoles } from '../../src/store/repos/users.js';
import { listAudit } from '../../src/store/audit-log.js';
import { cubeFromJson, cubeToJson } from '../../src/store/cube-json.js';
import { BACKENDS, openFresh, seedBachuJurisdictions, smallCube, steppingClock } from './helpers.js';

const ha = (v: string): Area => Area.fromHectares(v);

describe.each(BACKENDS)('register on $name', (backend) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let opts: Parameters<typeof openStore>[0];

  beforeAll(async () => {
    const o = await openFresh(backend, { clock: steppingClock('2026-01-01T00:00:00.000Z') });
    store = o.store;
    cleanup = o.cleanup;
    opts = o.opts;
    await seedBachuJurisdictions(store);
  });
  afterAll(async () => cleanup());

  it('keeps the jurisdiction chain 653130 巴楚县 → 653100 喀什地区 → 650000 新疆维吾尔自治区', async () => {
    const county = await getJurisdiction(store.db, '653130');
    const pref = await getJurisdiction(store.db, county!.parentCode!);
    const prov = await getJurisdiction(store.db, pref!.parentCode!);
    expect([county?.name, pref?.name, prov?.name, prov?.parentCode]).toEqual(['巴楚县', '喀什地区', '新疆维吾尔自治区', null]);
  });

  it('re-opening migrates nothing and keeps the data', async () => {
    const again = await openStore({ ...opts, clock: undefined });
    expect((await getJurisdiction(again.db, '653130'))?.name).toBe('巴楚县');
    await again.close();
  });

  it('refuses to open a database written by a newer program, with a clear message', async () => {
    const f = await backend.fresh();
    const s = await openStore(f);
    await s.db.updateTable('schema_meta').set({ value: String(SCHEMA_VERSION + 1) }).where('key', '=', 'schema_version').execute();
    await s.close();
    const err = await openStore(f).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SchemaTooNewError);
    expect((err as Error).message).toContain(`schema version ${SCHEMA_VERSION + 1} was written by a newer landplan (this one supports up to ${SCHEMA_VERSION})`);
    await f.cleanup();
  });

  it('round-trips a cube through JSON exactly', () => {
    expect(cubeToJson(cubeFromJson(JSON.parse(JSON.stringify(cubeToJson(smallCube())))))).toEqual(cubeToJson(smallCube()));
  });

  describe('refuses bad input naming the field, writing nothing', () => {
    const auditCount = async (): Promise<number> => (await listAudit(store.db, { limit: 100000 })).length;
    const refused = async (p: () => Promise<unknown>, re: RegExp): Promise<void> => {
      const before = await auditCount();
      await expect(p()).rejects.toThrow(re);
      expect(await auditCount()).toBe(before);
    };
    it('an unknown jurisdiction', async () => {
      await refused(() => createPlan(store, { jurisdictionCode: '999999', year: 2026, cube: smallCube(), validFrom: '2026-01-01', status: 'published', actor: 't' }), /^jurisdictionCode: 未知行政区 "999999"/);
    });
    it('an unknown category', async () => {
      const c = smallCube();
      const bad = { ...c, cells: [...c.cells.slice(0, 5), { key: { category: 'castle', district: 'B' }, area: ha('20') }] };
      await refused(() => createPlan(store, { jurisdictionCode: '653130', year: 2027, cube: bad, validFrom: '2027-01-01', status: 'published', actor: 't' }), /^cells\[5\]\.key\.category: 未知用途类别 "castle"/);
    });
    it('a negative area', async () => {
      const c = smallCube();
      const bad = { ...c, cells: c.cells.map((x, i) => (i === 2 ? { ...x, area: ha('-1') } : x)) };
      await refused(() => createPlan(store, { jurisdictionCode: '653130', year: 2027, cube: bad, validFrom: '2027-01-01', status: 'published', actor: 't' }), /^cells\[2\]\.area: /);
    });
    it('a NaN area in a plan given as JSON', () => {
      const j = cubeToJson(smallCube());
      j.cells[1]!.area = 'NaN';
      expect(() => cubeFromJson(j)).toThrow(/^cells\[1\]\.area: 面积为 NaN/);
    });
    it('a plan whose cells do not sum to a stated marginal', async () => {
      const c = { ...smallCube(), dimensions: ['category', 'district'] as const, marginals: [{ key: { district: 'A' }, area: ha('66'), kind: 'binding' as const, label: '喀什河片区' }] };
      await refused(() => createPlan(store, { jurisdictionCode: '653130', year: 2027, cube: c, validFrom: '2027-01-01', status: 'published', actor: 't' }), /^marginals\[0\]\.area: .*与指标单元合计 65\.0000 公顷 不符/);
    });
    it('a jurisdiction whose parent is unknown', async () => {
      await refused(() => upsertJurisdiction(store, { code: '653131', name: '某县', level: 'county', parentCode: '659999' }, 't'), /^jurisdiction\.parentCode: 未知行政区 "659999"/);
    });
  });

  it('answers "as of" (valid time) and "as recorded" (record time) for versions and balances', async () => {
    const v1 = await createPlan(store, { jurisdictionCode: '653130', year: 2026, cube: smallCube(), validFrom: '2026-01-01', status: 'published', actor: 't' });
    const r1 = await postDebit(store, { planVersionId: v1.id, key: { category: 'residential', district: 'A', method: 'grant' }, area: ha('10'), suppliedOn: '2026-03-01', actor: 'c' });
    expect(r1.accepted).toBe(true);
    const c = smallCube();
    const raised = { ...c, cells: c.cells.map((x) => (x.key.category === 'residential' && x.key.district === 'A' ? { ...x, area: ha('30') } : x)) };
    const adj = { versionId: await adjustThrough(store, v1.id, raised, { validFrom: '2026-07-01', reason: '调增' }) };
    const v2 = await getPlanVersion(store.db, adj.versionId);
    const r2 = await postDebit(store, { planVersionId: adj.versionId, key: { category: 'residential', district: 'A', method: 'grant' }, area: ha('15'), suppliedOn: '2026-08-01', actor: 'c' });
    expect(r2.accepted).toBe(true);

    expect((await versionInForce(store.db, v1.planId, { asOf: '2026-06-30' }))?.seq).toBe(1);
    expect((await versionInForce(store.db, v1.planId, { asOf: '2026-07-01' }))?.seq).toBe(2);
    // Before the adjustment was recorded, the register showed version 1 in force even for August.
    const justBefore = new Date(Date.parse(v2!.recordedAt) - 1).toISOString();
    expect((await versionInForce(store.db, v1.planId, { asOf: '2026-08-15', asRecorded: justBefore }))?.seq).toBe(1);

    const june = await balancesAt(store.db, v1.planId, { asOf: '2026-06-30' });
    const resA = (b: typeof june): string | undefined => b?.balances.find((x) => x.indicatorId === 'category=residential;district=A')?.debited.formatHectares(2);
    const capA = (b: typeof june): string | undefined => b?.balances.find((x) => x.indicatorId === 'category=residential;district=A')?.cap.formatHectares(2);
    expect([resA(june), capA(june)]).toEqual(['10.00', '20.00']);
    const aug = await balancesAt(store.db, v1.planId, { asOf: '2026-08-31' });
    expect([resA(aug), capA(aug)]).toEqual(['25.00', '30.00']);
    const augAsRecordedBefore = await balancesAt(store.db, v1.planId, { asOf: '2026-08-31', asRecorded: justBefore });
    expect([resA(augAsRecordedBefore), capA(augAsRecordedBefore)]).toEqual(['10.00', '20.00']);
  });

  it('moves a version status with a journal row and an audit entry naming the role', async () => {
    await lifecycleUsers(store);
    const { versionId: v } = await newPlan(store, { jurisdictionCode: '653130', year: 2030, actor: EDITOR });
    await transition(store, v, { to: 'review' }, EDITOR);
    await store.db.insertInto('review_request').values({ plan_version_id: v, department: '发改委', deadline: '2030-02-01', created_at: store.now(), created_by: EDITOR }).execute();
    const req = await store.db.selectFrom('review_request').select('id').where('plan_version_id', '=', v).executeTakeFirstOrThrow();
    await store.db.insertInto('plan_review').values({ request_id: Number(req.id), reviewer: 'fgw', decision: 'approve', reason: null, decided_at: store.now() }).execute();
    await transition(store, v, { to: 'submitted' }, EDITOR);
    const today = store.now().slice(0, 10);
    await transition(store, v, { to: 'approved', docNumber: '巴政发〔2026〕1号', date: today }, APPROVER);
    const last = (await listAudit(store.db, { entity: 'plan_version', entityId: String(v), limit: 100 })).at(-1);
    expect(last?.action).toBe('plan.transition');
    expect(last?.actor).toBe(APPROVER);
    expect(last?.before).toEqual({ status: 'submitted' });
    expect(last?.after).toEqual({ status: 'approved', role: 'approver', date: today, until: null, docNumber: '巴政发〔2026〕1号', reason: null });
  });

  it('stores users with roles and a password hash, never logging the hash', async () => {
    await createUser(store, { username: 'zhang.san', displayName: '张三', passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$abc$def', roles: [{ role: 'editor', jurisdictionCode: '653130' }] }, 'admin');
    await setRoles(store, 'zhang.san', [{ role: 'reviewer', jurisdictionCode: null }, { role: 'editor', jurisdictionCode: '653130' }], 'admin');
    const u = await getUserByUsername(store.db, 'zhang.san');
    expect(u?.roles).toEqual([
      { role: 'editor', jurisdictionCode: '653130' },
      { role: 'reviewer', jurisdictionCode: null },
    ]);
    expect(u?.passwordHash).toBe('$argon2id$v=19$m=65536,t=3,p=4$abc$def');
    const entries = await listAudit(store.db, { entity: 'user', entityId: 'zhang.san' });
    expect(JSON.stringify(entries)).not.toContain('argon2');
    await expect(createUser(store, { username: 'li', displayName: '李', roles: [{ role: 'king' as 'admin', jurisdictionCode: null }] }, 'admin')).rejects.toThrow(/^roles\[0\]\.role: /);
  });

  it('keeps comments per entity in order', async () => {
    await addComment(store, { entity: 'plan_version', entityId: '1', author: 'zhang.san', body: '居住用地占比请复核' });
    await addComment(store, { entity: 'plan_version', entityId: '1', author: 'li.si', body: '已复核' });
    expect((await listComments(store.db, 'plan_version', '1')).map((c) => c.body)).toEqual(['居住用地占比请复核', '已复核']);
  });

  it('stores exact areas as integers of 0.0001 m² on both databases', async () => {
    const row = await sql<{ cap: string }>`select cast(cap_e4 as text) as cap from indicator where indicator_id = 'total' order by plan_version_id limit 1`.execute(store.db);
    expect(row.rows[0]?.cap).toBe('10000000000');
  });
});
