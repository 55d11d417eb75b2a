/**
 * The plan's life, each refusal by its reason and each write by its effect (services/plan-lifecycle
 * over store/repos/plan-lifecycle), on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Area } from '../../src/domain/area.js';
import type { Store } from '../../src/store/database.js';
import { RefusedError } from '../../src/store/errors.js';
import { balances, postDebit } from '../../src/store/ledger.js';
import { createPlan, getPlanVersion } from '../../src/store/repos/plans.js';
import { createUser } from '../../src/store/repos/users.js';
import { verifyStore } from '../../src/store/verify.js';
import { listAudit } from '../../src/store/audit-log.js';
import { adjust, editDraftCube, newPlan, planVersionSummaries, recordDecision, revise, standingOn, takeDemand, transition, versionDiff, versionSummary } from '../../src/services/plan-lifecycle.js';
import { answerObjection, requestReviews, review, reviews } from '../../src/services/joint-review.js';
import { submitDemand } from '../../src/services/land-demands.js';
import { BACKENDS, openFresh, seedBachuJurisdictions, smallCube } from './helpers.js';
import { publicationAlerts } from '../../src/services/dashboard-alerts.js';
import { APPROVER, EDITOR, lifecycleUsers } from './lifecycle-helpers.js';

const ha = (h: string): Area => Area.fromHectares(h);

describe.each(BACKENDS)('the plan’s life on $name', (backend) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let t = Date.parse('2026-01-05T02:00:00.000Z');
  const setDay = (d: string): void => void (t = Date.parse(`${d}T02:00:00.000Z`));
  const refusal = async (p: Promise<unknown>): Promise<string> => {
    const e = await p.then(
      () => undefined,
      (x: unknown) => x,
    );
    if (!(e instanceof RefusedError)) throw new Error(`expected a refusal, got ${String(e)}`);
    return e.code;
  };
  let draft: number;

  beforeAll(async () => {
    const o = await openFresh(backend, { clock: () => new Date(t++) });
    store = o.store;
    cleanup = o.cleanup;
    await seedBachuJurisdictions(store);
    await lifecycleUsers(store);
    await createUser(store, { username: 'elsewhere', displayName: '他县编制员', roles: [{ role: 'editor', jurisdictionCode: '653100' }] }, 'test');
    await createUser(store, { username: 'lc-viewer', displayName: '查询', roles: [{ role: 'viewer', jurisdictionCode: null }] }, 'test');
  });
  afterAll(async () => cleanup());

  it('starts a plan: version 1 drafting, its creation journalled and audited; only an editor of the jurisdiction may', async () => {
    expect(await refusal(newPlan(store, { jurisdictionCode: '653130', year: 2027, actor: 'lc-viewer' }))).toBe('wrong-role');
    expect(await refusal(newPlan(store, { jurisdictionCode: '653130', year: 2027, actor: 'elsewhere' }))).toBe('wrong-role');
    await expect(newPlan(store, { jurisdictionCode: '653130', year: 2027, actor: 'ghost' })).rejects.toThrow(/^actor: /);
    const p = await newPlan(store, { jurisdictionCode: '653130', year: 2027, actor: EDITOR });
    draft = p.versionId;
    const s = (await versionSummary(store.db, draft))!;
    expect([s.state, s.seq, s.transitions.map((x) => [x.from, x.to, x.actor, x.role])]).toEqual(['drafting', 1, [[null, 'drafting', EDITOR, 'editor']]]);
    expect((await listAudit(store.db, { entity: 'plan_version', entityId: String(draft) })).map((e) => e.action)).toEqual(['plan.create']);
  });

  it('edits a draft: cells replaced, rows added, totals derived, content hash kept true', async () => {
    await editDraftCube(store, draft, [{ key: { category: 'residential' }, hectares: '12.5' }, { key: { category: 'transport' }, hectares: '3' }], EDITOR, { note: 'first figures' });
    const v = (await getPlanVersion(store.db, draft))!;
    expect(v.cube.rows.map((r) => r.category)).toEqual(['residential', 'transport']);
    expect((await balances(store.db, draft)).find((b) => b.indicatorId === 'total')?.cap.formatHectares(4)).toBe('15.5000');
    await expect(editDraftCube(store, draft, [{ key: { category: 'castle' }, hectares: '1' }], EDITOR)).rejects.toThrow(/castle/);
    expect(await refusal(editDraftCube(store, draft, [], 'lc-viewer'))).toBe('wrong-role');
    expect((await verifyStore(store.db)).problems).toEqual([]);
  });

  it('takes a land demand into the draft once', async () => {
    const d = await submitDemand(store, { jurisdictionCode: '653130', year: 2027, department: '教育局', project: '第二小学', category: 'publicServices', hectares: '2.25', priority: 'high' }, EDITOR);
    await takeDemand(store, draft, d.id, EDITOR);
    const v = (await getPlanVersion(store.db, draft))!;
    expect(v.cube.cells.find((c) => c.key.category === 'publicServices')?.area.formatHectares(4)).toBe('2.2500');
    expect(await refusal(takeDemand(store, draft, d.id, EDITOR))).toBe('demand-taken');
  });

  it('refuses each illegal move with its reason', async () => {
    expect(await refusal(transition(store, draft, { to: 'approved', docNumber: 'X', date: '2026-01-05' }, APPROVER))).toBe('wrong-state');
    expect(await refusal(transition(store, draft, { to: 'review' }, 'lc-viewer'))).toBe('wrong-role');
    expect(await refusal(transition(store, draft, { to: 'consultation', date: '2026-01-05' }, EDITOR))).toBe('missing-until');
    expect(await refusal(transition(store, draft, { to: 'consultation', date: '2026-1-5', until: '2026-02-01' }, EDITOR))).toBe('bad-date');
    expect(await refusal(transition(store, draft, { to: 'consultation', date: '2026-01-06', until: '2026-02-01' }, EDITOR))).toBe('future-date');
    expect(await refusal(transition(store, draft, { to: 'consultation', date: '2026-01-05', until: '2026-01-04' }, EDITOR))).toBe('bad-period');
    expect(await refusal(transition(store, draft, { to: 'withdrawn' }, EDITOR))).toBe('missing-reason');
    await expect(transition(store, draft, { to: 'flying' }, EDITOR)).rejects.toThrow(/^to: /);
    await transition(store, draft, { to: 'consultation', date: '2026-01-05', until: '2026-01-20' }, EDITOR);
    expect(await refusal(editDraftCube(store, draft, [], EDITOR))).toBe('not-editable');
    expect(await refusal(transition(store, draft, { to: 'review' }, EDITOR))).toBe('consultation-open');
    expect(await refusal(revise(store, draft, 'too early', EDITOR))).toBe('consultation-open');
    setDay('2026-01-21');
    await transition(store, draft, { to: 'review' }, EDITOR);
    expect(await refusal(transition(store, draft, { to: 'submitted' }, EDITOR))).toBe('no-review');
    await requestReviews(store, draft, ['发改委', '住建局'], '2026-02-01', EDITOR);
    expect(await refusal(transition(store, draft, { to: 'submitted' }, EDITOR))).toBe('review-pending');
    const [a, b] = await reviews(store, draft);
    await review(store, a!.requestId, { reviewer: 'fgw', decision: 'approve', reason: null });
    const obj = await review(store, b!.requestId, { reviewer: 'zjj', decision: 'object', reason: '住宅偏多' });
    expect(await refusal(transition(store, draft, { to: 'submitted' }, EDITOR))).toBe('objection-open');
    if (!obj.ok) throw new Error('review refused');
    await answerObjection(store, obj.id, '已核减', EDITOR);
    await transition(store, draft, { to: 'submitted' }, EDITOR);
    expect(await refusal(transition(store, draft, { to: 'approved', docNumber: '巴政函〔2026〕3号', date: '2026-01-21' }, EDITOR))).toBe('wrong-role');
    expect(await refusal(transition(store, draft, { to: 'approved', date: '2026-01-21' }, APPROVER))).toBe('missing-docNumber');
    await transition(store, draft, { to: 'approved', docNumber: '巴政函〔2026〕3号', date: '2026-01-21' }, APPROVER);
    expect(await refusal(transition(store, draft, { to: 'closed' }, EDITOR))).toBe('not-year-end');
    const s = (await versionSummary(store.db, draft))!;
    expect([s.state, s.docNumber, s.approvedOn, s.consultation, s.inForce]).toEqual(['approved', '巴政函〔2026〕3号', '2026-01-21', { from: '2026-01-05', until: '2026-01-20' }, true]);
  });

  it('revises a version: the next one drafting with the review requests carried, the old one withdrawn as superseded', async () => {
    const p = await createPlan(store, { jurisdictionCode: '653130', year: 2028, cube: smallCube(), validFrom: '2028-01-01', actor: EDITOR, role: 'editor' });
    await transition(store, p.id, { to: 'review' }, EDITOR);
    await requestReviews(store, p.id, ['发改委'], '2026-03-01', EDITOR);
    const r = await revise(store, p.id, '按部门意见修改', EDITOR);
    const old = (await versionSummary(store.db, p.id))!;
    expect(old.state).toBe('withdrawn');
    expect(old.transitions.at(-1)?.reason).toMatch(/superseded by version 2/);
    const next = (await versionSummary(store.db, r.versionId))!;
    expect([next.state, next.seq, next.basedOn, next.changeReason]).toEqual(['drafting', 2, p.id, '按部门意见修改']);
    expect((await reviews(store, r.versionId)).map((q) => [q.department, q.deadline, q.reviews.length])).toEqual([['发改委', '2026-03-01', 0]]);
    expect(await refusal(revise(store, p.id, 'again', EDITOR))).toBe('wrong-state');
    // The diff names what changed.
    const cells = smallCube().cells.map((c) => ({ key: { ...c.key } as Record<string, string | number>, hectares: c.key.category === 'residential' && c.key.district === 'A' ? '22.5' : c.area.hectares.toFixed() }));
    await editDraftCube(store, r.versionId, cells, EDITOR);
    const d = await versionDiff(store.db, p.id, r.versionId);
    expect(d.reason).toBe('按部门意见修改');
    expect(d.cells.filter((c) => !c.marginal).map((c) => [c.label.zh, c.before, c.after, c.delta])).toEqual([['住宅用地 · 喀什河片区', '20', '22.5', '2.5']]);
  });

  it('supplies only against the version in force; an adjustment carries the ledger on approval and refuses a cap below what is used', async () => {
    const p = await createPlan(store, { jurisdictionCode: '653130', year: 2029, cube: smallCube(), validFrom: '2029-01-01', actor: EDITOR, role: 'editor' });
    const key = { category: 'residential', district: 'A', method: 'grant' as const };
    const draftSupply = await postDebit(store, { planVersionId: p.id, key, area: ha('1'), suppliedOn: '2029-02-01', actor: EDITOR });
    expect(draftSupply.accepted === false && draftSupply.reason).toBe('not-in-force');
    const pub = await createPlan(store, { jurisdictionCode: '653130', year: 2030, cube: smallCube(), validFrom: '2030-01-01', actor: EDITOR, status: 'published' });
    expect((await postDebit(store, { planVersionId: pub.id, key, area: ha('15'), suppliedOn: '2030-02-01', actor: EDITOR })).accepted).toBe(true);
    expect(await refusal(adjust(store, p.id, 'not in force', EDITOR))).toBe('not-in-force');
    const adj = await adjust(store, pub.id, '调减住宅', EDITOR);
    expect(await refusal(adjust(store, pub.id, 'a second one', EDITOR))).toBe('adjustment-open');
    // The adjustment is not in force: no supply against it; the published version still takes them.
    const early = await postDebit(store, { planVersionId: adj.versionId, key, area: ha('1'), suppliedOn: '2030-02-02', actor: EDITOR });
    expect(early.accepted === false && early.reason).toBe('not-in-force');
    const lowered = smallCube().cells.map((c) => ({ key: { ...c.key } as Record<string, string | number>, hectares: c.key.category === 'residential' && c.key.district === 'A' ? '14' : c.area.hectares.toFixed() }));
    await editDraftCube(store, adj.versionId, lowered, EDITOR);
    expect(await refusal(transition(store, adj.versionId, { to: 'submitted' }, EDITOR))).toBe('no-decision');
    expect(await refusal(recordDecision(store, pub.id, { date: '2026-01-21', meeting: '常务会' }, EDITOR))).toBe('wrong-state');
    await recordDecision(store, adj.versionId, { date: '2026-01-21', meeting: '县政府第5次常务会议' }, EDITOR);
    await transition(store, adj.versionId, { to: 'submitted' }, EDITOR);
    const over = await transition(store, adj.versionId, { to: 'approved', docNumber: 'X', date: '2026-01-21' }, APPROVER).catch((e: unknown) => e);
    expect(over).toBeInstanceOf(RefusedError);
    expect((over as RefusedError).code).toBe('cap-below-used');
    expect((over as RefusedError).zh).toMatch(/住宅用地·喀什河片区/);
    // Raise it instead: withdraw, adjust again, approve; the ledger follows.
    await transition(store, adj.versionId, { to: 'withdrawn', reason: '指标低于已供' }, EDITOR);
    const adj2 = await adjust(store, pub.id, '调增住宅', EDITOR);
    const raised = lowered.map((c) => (c.key.category === 'residential' && c.key.district === 'A' ? { ...c, hectares: '25' } : c));
    await editDraftCube(store, adj2.versionId, raised, EDITOR);
    await recordDecision(store, adj2.versionId, { date: '2026-01-21', meeting: '县政府第6次常务会议' }, EDITOR);
    await transition(store, adj2.versionId, { to: 'submitted' }, EDITOR);
    await transition(store, adj2.versionId, { to: 'approved', docNumber: '巴政函〔2026〕9号', date: '2026-01-21' }, APPROVER);
    expect((await balances(store.db, adj2.versionId)).find((b) => b.indicatorId === 'category=residential;district=A')?.debited.formatHectares(2)).toBe('15.00');
    const stale = await postDebit(store, { planVersionId: pub.id, key, area: ha('1'), suppliedOn: '2030-02-03', actor: EDITOR });
    expect(stale.accepted === false && stale.reason).toBe('version-superseded');
    expect((await postDebit(store, { planVersionId: adj2.versionId, key, area: ha('5'), suppliedOn: '2030-02-03', actor: EDITOR })).accepted).toBe(true);
    const summaries = await planVersionSummaries(store.db, pub.planId);
    expect(summaries.map((s) => [s.seq, s.state, s.inForce])).toEqual([
      [1, 'published', false],
      [2, 'withdrawn', false],
      [3, 'approved', true],
    ]);
    expect(standingOn(summaries, '2026-01-20').inForce).toBeNull(); // imported on the 21st
    expect(standingOn(summaries, '2026-01-21').inForce?.seq).toBe(3);
    expect((await verifyStore(store.db)).problems).toEqual([]);
  });

  it('a concurrent move does not apply twice', async () => {
    const p = await createPlan(store, { jurisdictionCode: '653130', year: 2031, cube: smallCube(), validFrom: '2031-01-01', actor: EDITOR, role: 'editor' });
    const both = await Promise.allSettled([transition(store, p.id, { to: 'review' }, EDITOR), transition(store, p.id, { to: 'review' }, EDITOR)]);
    expect(both.filter((x) => x.status === 'fulfilled').length).toBe(1);
    const rejected = both.find((x) => x.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(RefusedError);
    expect((await versionSummary(store.db, p.id))!.transitions.length).toBe(2);
  });

  it('db verify names a status moved behind the journal’s back', async () => {
    await store.db.updateTable('plan_version').set({ status: 'published' }).where('id', '=', draft).execute();
    const r = await verifyStore(store.db);
    expect(r.problems.some((p) => /status published but its last transition moved it to approved/.test(p))).toBe(true);
    await store.db.updateTable('plan_version').set({ status: 'approved' }).where('id', '=', draft).execute();
  });
});

describe('the 31 March publication alert', () => {
  it('is an error after the deadline when no version was published, a note when published late, nothing otherwise', () => {
    expect(publicationAlerts(2026, '2026-03-31', [null])).toEqual([]);
    expect(publicationAlerts(2026, '2026-04-01', [null, null])[0]).toMatchObject({ severity: 'error', message: { zh: '2026年度供应计划未在 2026-03-31 前公布' } });
    expect(publicationAlerts(2026, '2026-05-01', [null, '2026-03-20'])).toEqual([]);
    expect(publicationAlerts(2026, '2026-05-01', ['2026-04-02'])[0]?.severity).toBe('info');
  });
});
