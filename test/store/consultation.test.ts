/**
 * Public consultation, joint review, land demands and the compile context on the register, on
 * SQLite and (with LANDPLAN_TEST_DATABASE_URL) PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Area } from '../../src/domain/area.js';
import { openStore, type OpenOptions, type Store } from '../../src/store/database.js';
import { verifyAuditChain, listAudit } from '../../src/store/audit-log.js';
import { createPlan } from '../../src/store/repos/plans.js';
import { reviewState } from '../../src/store/repos/plan-reviews.js';
import { countComments, listComments } from '../../src/store/repos/consultation.js';
import { listLandDemands } from '../../src/store/repos/land-demands.js';
import { postDebit, reverseSupply } from '../../src/store/ledger.js';
import { createApprovalBatch } from '../../src/store/reserve.js';
import { importParcels } from '../../src/services/import-parcels.js';
import { answer, CommentDesk, hide, publicComments, publishAnswers } from '../../src/services/consultation.js';
import { answerObjection, requestReviews, review, reviews } from '../../src/services/joint-review.js';
import { submitDemand } from '../../src/services/land-demands.js';
import { planContext } from '../../src/services/plan-context.js';
import { addDemoConsultation } from '../../src/services/demo-consultation.js';
import { EDITOR, lifecycleUsers } from './lifecycle-helpers.js';
import { transition } from '../../src/services/plan-lifecycle.js';
import { BACKENDS, openFresh, seedBachuJurisdictions, smallCube } from './helpers.js';
import { movableClock, setVersionState } from '../plan/consultation-setup.js';
import type { ParcelFeature } from '../../src/domain/parcel.js';

const ha = (v: string): Area => Area.fromHectares(v);
const ABUSE = '<script>alert("x")</script><img src=x onerror=alert(1)> zero\u200Bwidth \u202Eevil\u202C مرحبا שלום\n第二行';

describe.each(BACKENDS)('consultation on $name', (backend) => {
  let store: Store;
  let opts: OpenOptions;
  let cleanup: () => Promise<void>;
  const clock = movableClock('2026-02-10T02:00:00.000Z');
  let versionId: number;
  let parcelId: number;

  beforeAll(async () => {
    const o = await openFresh(backend, { clock });
    store = o.store;
    opts = o.opts;
    cleanup = o.cleanup;
    await seedBachuJurisdictions(store);
    versionId = (await createPlan(store, { jurisdictionCode: '653130', year: 2026, cube: smallCube(), validFrom: '2026-01-01', status: 'drafting', actor: 'test' })).id;
    await importParcels(store, {
      jurisdictionCode: '653130',
      source: 'test',
      actor: 'test',
      features: <ParcelFeature[]>[{ recordIndex: 0, fields: { parcelNumber: 'BC-1', useCode: '0701', area: Area.fromSquareMetres('10000') }, geometry: null, areaM2: 10000, attributes: {} }],
    });
    parcelId = Number((await store.db.selectFrom('parcel').select('id').executeTakeFirstOrThrow()).id);
  });
  afterAll(async () => cleanup());

  it('refuses comments before the version is under consultation, then keeps them as given in the period', async () => {
    const desk = new CommentDesk(store);
    expect(await desk.post(versionId, { item: { kind: 'plan' }, body: 'x' }, '10.0.0.1')).toMatchObject({ ok: false, status: 404 });
    await setVersionState(store, versionId, 'consultation', { from: '2026-02-01', until: '2026-02-28' });
    const r = await desk.post(versionId, { item: { kind: 'category', key: 'residential' }, body: ABUSE, name: '张三' }, '10.0.0.1');
    expect(r).toMatchObject({ ok: true });
    const stored = await listComments(store.db, versionId, { includeHidden: true });
    expect(stored.map((c) => [c.body, c.name, c.item])).toEqual([[ABUSE, '张三', { kind: 'category', key: 'residential' }]]);
    // The address is never stored; the hash is keyed.
    const raw = await store.db.selectFrom('consultation_comment').select('client_hash').executeTakeFirstOrThrow();
    expect(raw.client_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await store.db.selectFrom('consultation_comment').selectAll().execute())).not.toContain('10.0.0.1');
  });

  it('checks the item: a category row and a district of the cube, a parcel of the jurisdiction', async () => {
    const desk = new CommentDesk(store);
    await expect(desk.post(versionId, { item: { kind: 'category', key: 'mining' }, body: 'x' }, '10.0.0.2')).rejects.toThrow(/category row/);
    await expect(desk.post(versionId, { item: { kind: 'district', key: 'Z' }, body: 'x' }, '10.0.0.2')).rejects.toThrow(/district/);
    await expect(desk.post(versionId, { item: { kind: 'parcel', key: '999999' }, body: 'x' }, '10.0.0.2')).rejects.toThrow(/parcel/);
    await expect(desk.post(versionId, { item: { kind: 'plan' }, body: '   ' }, '10.0.0.2')).rejects.toThrow(/empty/);
    await expect(desk.post(versionId, { item: { kind: 'plan' }, body: 'a\u0000b' }, '10.0.0.2')).rejects.toThrow(/control/);
    await expect(desk.post(versionId, { item: { kind: 'plan' }, body: 'a\uD800b' }, '10.0.0.2')).rejects.toThrow(/surrogate/);
    await expect(desk.post(versionId, { item: { kind: 'plan' }, body: 'ok', name: 'A\u202EB' }, '10.0.0.2')).rejects.toThrow(/bidirectional/);
    await expect(desk.post(versionId, { item: { kind: 'plan' }, body: 'x'.repeat(2001) }, '10.0.0.2')).rejects.toThrow(/2000/);
    expect(await desk.post(versionId, { item: { kind: 'district', key: 'A' }, body: 'x'.repeat(2000) }, '10.0.0.2')).toMatchObject({ ok: true });
    expect(await desk.post(versionId, { item: { kind: 'parcel', key: String(parcelId) }, body: '宗地意见' }, '10.0.0.2')).toMatchObject({ ok: true });
  });

  it('limits a client to 5 a minute and 50 a day, the day counted from the table across a restart', async () => {
    let ms = Date.parse('2026-02-10T03:00:00.000Z');
    const desk = new CommentDesk(store, { clock: () => ms });
    const post = (d: CommentDesk, ip: string) => d.post(versionId, { item: { kind: 'plan' }, body: '意见' }, ip);
    const first = await Promise.all(Array.from({ length: 8 }, () => post(desk, '192.0.2.9')));
    expect(first.filter((r) => r.ok)).toHaveLength(5);
    const refused = first.find((r) => !r.ok) as { status: number; retryAfterSeconds: number };
    expect(refused.status).toBe(429);
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    // Another client is not affected; an IPv6 /64 is one client.
    expect(await post(desk, '192.0.2.10')).toMatchObject({ ok: true });
    for (let i = 0; i < 5; i++) expect(await post(desk, `2001:db8:1:2::${i + 1}`), `v6 ${i}`).toMatchObject({ ok: true });
    expect(await post(desk, '2001:db8:1:2:ffff::1')).toMatchObject({ ok: false, status: 429 });
    // 45 more over 9 minutes reach 50 today.
    for (let m = 1; m <= 9; m++) {
      ms += 61_000;
      for (let i = 0; i < 5; i++) expect(await post(desk, '192.0.2.9')).toMatchObject({ ok: true });
    }
    ms += 61_000;
    expect(await post(desk, '192.0.2.9')).toMatchObject({ ok: false, status: 429 });
    // A restart: a new process, a new desk, the same register.
    await store.close();
    store = await openStore({ ...opts, clock });
    const again = new CommentDesk(store, { clock: () => ms + 3_600_000 });
    expect(await post(again, '192.0.2.9')).toMatchObject({ ok: false, status: 429 });
    // The next China day (2026-02-11 00:00 CST = 2026-02-10T16:00Z) it may post again.
    clock.set('2026-02-10T16:00:01.000Z');
    expect(await post(again, '192.0.2.9')).toMatchObject({ ok: true });
    clock.set('2026-02-10T05:00:00.000Z');
  });

  it('hides with a reason, never deletes; answers count the latest; publishes the answers only after the period', async () => {
    const [c1, c2] = await listComments(store.db, versionId, { includeHidden: true });
    const before = await countComments(store.db, versionId);
    await hide(store, c2!.id, '含有个人信息', 'editor');
    await expect(hide(store, c2!.id, '再次', 'editor')).rejects.toThrow(/hidden/);
    expect(await countComments(store.db, versionId)).toBe(before);
    await answer(store, c1!.id, 'rejected', '初步意见', 'editor');
    await answer(store, c1!.id, 'partly', '保障性住房优先', 'editor');
    let pub = (await publicComments(store, versionId))!;
    expect(pub.open).toBe(true);
    expect(pub.comments.find((c) => c.id === c1!.id)).toMatchObject({ body: ABUSE, answer: null });
    expect(pub.comments.find((c) => c.id === c2!.id)).toMatchObject({ body: null, name: null, hidden: { reason: '含有个人信息' } });
    expect(await publishAnswers(store, versionId, 'editor')).toMatchObject({ ok: false, status: 409 });
    clock.set('2026-03-01T01:00:00.000Z');
    const desk = new CommentDesk(store);
    expect(await desk.post(versionId, { item: { kind: 'plan' }, body: '晚了' }, '10.9.9.9')).toMatchObject({ ok: false, status: 409, code: 'consultation-closed' });
    expect(await publishAnswers(store, versionId, 'editor')).toMatchObject({ ok: true });
    expect(await publishAnswers(store, versionId, 'editor')).toMatchObject({ ok: false, status: 409 });
    expect(await answer(store, c1!.id, 'adopted', '改了', 'editor')).toMatchObject({ ok: false, status: 409 });
    pub = (await publicComments(store, versionId))!;
    expect(pub.open).toBe(false);
    expect(pub.comments.find((c) => c.id === c1!.id)?.answer).toMatchObject({ kind: 'partly', reason: '保障性住房优先', kindName: { zh: '部分采纳' } });
    const audit = await listAudit(store.db, {});
    const actions = audit.map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['consultation.comment', 'consultation.comment.hide', 'consultation.comment.answer', 'consultation.answers.publish']));
    // The audit entry of a comment holds its hash, not its words.
    expect(JSON.stringify(audit.filter((a) => a.action === 'consultation.comment'))).not.toContain('script');
    expect(await verifyAuditChain(store.db)).toEqual([]);
  });

  it('joint review: requests in drafting or review; reviews in review; an objection blocks until answered', async () => {
    const v = (await createPlan(store, { jurisdictionCode: '653130', year: 2027, cube: smallCube(), validFrom: '2027-01-01', status: 'drafting', actor: 'test' })).id;
    const asked = await requestReviews(store, v, ['发展改革委', '住房城乡建设局'], '2026-03-20', 'editor');
    expect(Array.isArray(asked) && asked.map((q) => q.department)).toEqual(['发展改革委', '住房城乡建设局']);
    await expect(requestReviews(store, v, ['发展改革委'], '2026-03-20', 'editor')).rejects.toThrow(/already/);
    const [fgw, zj] = asked as { requestId: number }[];
    expect(await review(store, fgw!.requestId, { reviewer: 'rev1', decision: 'approve', reason: null })).toMatchObject({ ok: false, status: 409 });
    await setVersionState(store, v, 'review');
    expect(await reviewState(store.db, v)).toEqual({ requested: 2, pending: 2, unansweredObjections: 0 });
    await expect(review(store, zj!.requestId, { reviewer: 'rev2', decision: 'object', reason: ' ' })).rejects.toThrow(/reason/);
    expect(await review(store, fgw!.requestId, { reviewer: 'rev1', decision: 'approve', reason: null })).toMatchObject({ ok: true });
    const obj = (await review(store, zj!.requestId, { reviewer: 'rev2', decision: 'object', reason: '保障房比例不足' })) as { id: number };
    expect(await reviewState(store.db, v)).toEqual({ requested: 2, pending: 0, unansweredObjections: 1 });
    expect(await answerObjection(store, obj.id, '已调整保障房比例', 'editor')).toEqual({ ok: true });
    expect(await answerObjection(store, obj.id, '再答', 'editor')).toMatchObject({ ok: false, status: 409 });
    expect(await reviewState(store.db, v)).toEqual({ requested: 2, pending: 0, unansweredObjections: 0 });
    const list = await reviews(store, v);
    expect(list[1]!.reviews[0]).toMatchObject({ reviewer: 'rev2', decision: 'object', answer: { text: '已调整保障房比例', by: 'editor' } });
    expect(list.every((q) => !q.overdue)).toBe(true);
    clock.set('2026-03-21T01:00:00.000Z');
    const v2 = (await createPlan(store, { jurisdictionCode: '653130', year: 2028, cube: smallCube(), validFrom: '2028-01-01', status: 'drafting', actor: 'test' })).id;
    await requestReviews(store, v2, ['财政局'], '2026-03-22', 'editor');
    clock.set('2026-03-23T01:00:00.000Z');
    expect((await reviews(store, v2))[0]!.overdue).toBe(true);
  });

  it('land demands: exact hectares, a known category (an id or a land-use code), scoped lists', async () => {
    const d = await submitDemand(store, { jurisdictionCode: '653130', year: 2027, department: '教育局', project: '第三中学', category: '0804', hectares: '12.3456', priority: 'high' }, 'rev1');
    expect([d.category, d.area.hectares.toFixed(), d.area.squareMetres.toFixed()]).toEqual(['education', '12.3456', '123456']);
    await expect(submitDemand(store, { jurisdictionCode: '653130', year: 2027, department: 'x', project: 'y', category: 'nonsense', hectares: '1', priority: 'low' }, 'rev1')).rejects.toThrow(/category/);
    await expect(submitDemand(store, { jurisdictionCode: '653130', year: 2027, department: 'x', project: 'y', category: 'residential', hectares: '1.23456', priority: 'low' }, 'rev1')).rejects.toThrow(/hectares|4 decimals/);
    await expect(submitDemand(store, { jurisdictionCode: '653130', year: 2027, department: 'x', project: 'y', category: 'residential', hectares: '0', priority: 'low' }, 'rev1')).rejects.toThrow(/more than 0/);
    await submitDemand(store, { jurisdictionCode: '653130', year: 2028, department: '住建局', project: '棚改', category: 'residential', hectares: '0.0001', priority: 'normal' }, 'rev1');
    expect((await listLandDemands(store.db, { jurisdictionCodes: ['653130'], year: 2027 })).map((x) => x.project)).toEqual(['第三中学']);
    expect(await listLandDemands(store.db, { jurisdictionCodes: [] })).toEqual([]);
  });

  it('demo comments: four items, three answered, marked as demo, once', async () => {
    const v = (await createPlan(store, { jurisdictionCode: '653130', year: 2029, cube: smallCube(), validFrom: '2029-01-01', status: 'consultation', actor: 'test' })).id;
    const r = await addDemoConsultation(store, { versionId: v });
    expect([r.commentIds.length, r.answered]).toEqual([4, 3]);
    expect((await addDemoConsultation(store, { versionId: v })).commentIds).toEqual([]);
    const list = await listComments(store.db, v, { includeHidden: true });
    expect(list.map((c) => c.item.kind)).toEqual(['plan', 'category', 'district', 'parcel']);
    expect(list.every((c) => c.body.startsWith('【演示数据】') && c.name!.endsWith('（演示）'))).toBe(true);
    expect(list.map((c) => c.answer?.kind ?? null)).toEqual(['adopted', 'partly', 'rejected', null]);
  });
});

describe.each(BACKENDS)('compile context on $name', (backend) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const o = await openFresh(backend);
    store = o.store;
    cleanup = o.cleanup;
    await seedBachuJurisdictions(store);
  });
  afterAll(async () => cleanup());

  it('last year’s plan and supply (reversals included), the five-year average over the years held, ready parcels, 批而未供', async () => {
    const planOf = async (year: number, status: 'published' | 'drafting' | 'closed') => (await createPlan(store, { jurisdictionCode: '653130', year, cube: smallCube(), validFrom: `${year}-01-01`, status, actor: 'test' })).id;
    // Supplies are recorded against a version in force: 2024's is closed after its supply.
    const v2024 = await planOf(2024, 'published');
    const v2026 = await planOf(2026, 'published');
    const next = await createPlan(store, { jurisdictionCode: '653130', year: 2027, cube: { ...smallCube(), cells: [], marginals: [] }, validFrom: '2027-01-01', status: 'drafting', actor: 'test' });
    const debit = async (v: number, cat: string, haText: string, on: string, parcelId?: number) => {
      const r = await postDebit(store, { planVersionId: v, key: { category: cat, district: 'A', method: cat === 'transport' ? 'allocation' : 'grant' }, area: ha(haText), suppliedOn: on, actor: 'test', ...(parcelId ? { parcelId } : {}) });
      if (!('recordId' in r)) throw new Error(JSON.stringify(r));
      return r.recordId as number;
    };
    await debit(v2024, 'residential', '4', '2024-05-01');
    await lifecycleUsers(store);
    await transition(store, v2024, { to: 'closed' }, EDITOR);
    await debit(v2026, 'residential', '3', '2026-05-01');
    const wrong = await debit(v2026, 'residential', '2.5', '2026-05-02');
    await reverseSupply(store, { recordId: wrong, suppliedOn: '2026-05-03', reason: '录入错误', actor: 'test' });
    await debit(v2026, 'commercial', '1.25', '2026-06-01');

    const sq = (x: number) => ({ type: 'Polygon' as const, coordinates: [[[x, 39], [x + 0.001, 39], [x + 0.001, 39.001], [x, 39.001], [x, 39]]] });
    await importParcels(store, {
      jurisdictionCode: '653130',
      source: 'test',
      actor: 'test',
      features: <ParcelFeature[]>[
        { recordIndex: 0, fields: { parcelNumber: 'P-1', useCode: '0701', area: Area.fromSquareMetres('20000') }, geometry: sq(78.1), areaM2: 20000, attributes: {} },
        { recordIndex: 1, fields: { parcelNumber: 'P-2', useCode: '0701', area: Area.fromSquareMetres('5000'), contractDate: '2025-01-01' }, geometry: sq(78.2), areaM2: 5000, attributes: {} },
        { recordIndex: 2, fields: { parcelNumber: 'P-3', useCode: '0901', area: Area.fromSquareMetres('7500') }, geometry: sq(78.3), areaM2: 7500, attributes: {} },
      ],
    });
    const ids = (await store.db.selectFrom('parcel').select(['id', 'parcel_number']).orderBy('id').execute()).map((p) => Number(p.id));

    let ctx = await planContext(store, next.planId);
    expect(ctx.lastYear).toMatchObject({ year: 2026, versionId: v2026, state: 'published' });
    expect(ctx.fiveYearAverage).toEqual({ years: [2024, 2026], count: 2 });
    expect(ctx.approvedUnsuppliedKnown).toBe(false);
    const row = (c: string) => ctx.rows.find((r) => r.category === c)!;
    expect(ctx.rows.map((r) => r.category)).toEqual(['residential', 'commercial', 'transport']);
    expect(row('residential')).toEqual({ category: 'residential', label: { zh: '住宅用地', en: expect.any(String) }, lastYearPlan: '30', lastYearSupplied: '3', fiveYearAverage: '3.5', readyParcels: { count: 1, hectares: '2' }, approvedUnsupplied: null });
    expect(row('commercial')).toMatchObject({ lastYearPlan: '20', lastYearSupplied: '1.25', fiveYearAverage: '0.625', readyParcels: { count: 1, hectares: '0.75' } });
    expect(row('transport')).toMatchObject({ lastYearSupplied: '0', fiveYearAverage: '0', readyParcels: { count: 0, hectares: '0' } });

    // A supply on parcel P-3 takes it out of the ready ones; an approval batch makes 批而未供 known.
    await debit(v2026, 'commercial', '0.75', '2026-07-01', ids[2]);
    await createApprovalBatch(store, { jurisdictionCode: '653130', batchNo: 'B-1', kind: 'conversion', approvedOn: '2025-06-01', approvalRef: '新政土批〔2025〕1号', area: ha('5'), parcels: [{ parcelId: ids[0]!, area: ha('2') }, { parcelId: ids[2]!, area: ha('0.75') }], actor: 'test' });
    ctx = await planContext(store, next.planId);
    expect(ctx.approvedUnsuppliedKnown).toBe(true);
    expect([row('residential').approvedUnsupplied, row('commercial').approvedUnsupplied, row('commercial').readyParcels.count]).toEqual(['2', '0', 0]);
  });
});
