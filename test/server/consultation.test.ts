/**
 * Public consultation, joint review, land demands and the compile context over HTTP: comments
 * under abuse (markup, zero-width and RTL characters stored and returned verbatim as JSON, never
 * HTML), the period (409), the rate limits (429 with Retry-After), the body bound (413), the
 * moderation and answer flow, joint review, demands, and scope (another county's version is 404).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { wireDeps } from '../../src/server/wire.js';
import { chinaDate } from '../../src/domain/calendar/cst.js';
import { createPlan, createUser, upsertJurisdiction } from '../../src/services/register.js';
import { hashPassword } from '../../src/services/accounts.js';
import { workloadCube } from '../../src/services/demo-workload.js';
import { fixture, type Fixture } from './fixture.js';
import { anonymous, login, PASSWORD, type Client } from './helpers.js';
import { setVersionState } from '../plan/consultation-setup.js';

const ABUSE = '<script>alert(document.cookie)</script><img src=x onerror="alert(1)"> 零\u200B宽\u200D \u202Eevil\u202C \u2067isolate\u2069 مرحبا بالعالم שלום\r\n第二行\t制表';
const day = (offset: number): string => chinaDate(new Date(Date.now() + offset * 86_400_000).toISOString());

let f: Fixture;
let app: FastifyInstance;
let open: number;
let closed: number;
let draft: number;
let other: number;
const c = new Map<string, Client>();

beforeAll(async () => {
  f = await fixture();
  // A second app on the same register that trusts X-Forwarded-For (simulated clients).
  app = await buildApp({ deps: wireDeps(f.store, {}), validateResponses: true, trustProxy: true, loginRateLimit: { max: 10_000, timeWindowMs: 60_000 } });
  const cube = workloadCube(100);
  open = (await createPlan(f.store, { jurisdictionCode: '653130', year: 2028, cube, validFrom: '2028-01-01', status: 'drafting', actor: 'test' })).id;
  await setVersionState(f.store, open, 'consultation', { from: day(-3), until: day(10) });
  closed = (await createPlan(f.store, { jurisdictionCode: '653130', year: 2029, cube, validFrom: '2029-01-01', status: 'drafting', actor: 'test' })).id;
  await setVersionState(f.store, closed, 'consultation', { from: day(-30), until: day(-1) });
  draft = (await createPlan(f.store, { jurisdictionCode: '653130', year: 2030, cube, validFrom: '2030-01-01', status: 'drafting', actor: 'test' })).id;
  await upsertJurisdiction(f.store, { code: '653101', name: '喀什市', level: 'county', parentCode: null }, 'test');
  other = (await createPlan(f.store, { jurisdictionCode: '653101', year: 2028, cube, validFrom: '2028-01-01', status: 'drafting', actor: 'test' })).id;
  await setVersionState(f.store, other, 'review');
  const hash = await hashPassword(PASSWORD);
  await createUser(f.store, { username: 'bc-editor', displayName: '巴楚经办', passwordHash: hash, roles: [{ role: 'editor', jurisdictionCode: '653130' }] }, 'test');
  await createUser(f.store, { username: 'bc-reviewer', displayName: '巴楚住建', passwordHash: hash, roles: [{ role: 'reviewer', jurisdictionCode: '653130' }] }, 'test');
  for (const u of ['editor', 'viewer', 'bc-editor', 'bc-reviewer']) c.set(u, await login(app, u));
  c.set('anon', await anonymous(app));
});
afterAll(async () => {
  await app.close();
  await f.app.close();
  await f.store.close();
});

const post = (versionId: number, payload: unknown, ip = '203.0.113.1') => c.get('anon')!.request({ method: 'POST', url: `/api/public/plan-versions/${versionId}/comments`, payload: payload as Record<string, unknown>, headers: { 'x-forwarded-for': ip } });

describe('comments under abuse', () => {
  it('keeps markup, zero-width and RTL characters verbatim and returns them as JSON text', async () => {
    const r = await post(open, { item: { kind: 'category', key: 'residential' }, body: ABUSE, name: '<b>访客</b>' });
    expect(r.statusCode, r.body).toBe(201);
    const id = (r.json() as { id: number }).id;
    const list = await c.get('anon')!.request({ method: 'GET', url: `/api/public/plan-versions/${open}/comments` });
    expect(list.statusCode).toBe(200);
    expect(list.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(list.headers['x-content-type-options']).toBe('nosniff');
    expect(String(list.headers['content-security-policy'])).toContain("script-src 'self'");
    const got = (list.json() as { comments: { id: number; body: string; name: string }[] }).comments.find((x) => x.id === id)!;
    expect([got.body, got.name]).toEqual([ABUSE, '<b>访客</b>']);
    const row = await f.store.db.selectFrom('consultation_comment').select(['body', 'author_name']).where('id', '=', id).executeTakeFirstOrThrow();
    expect([row.body, row.author_name]).toEqual([ABUSE, '<b>访客</b>']);
  });

  it('refuses empty, too long, control characters, a spoofed name, an unknown item, and a body over the bound', async () => {
    expect((await post(open, { item: { kind: 'plan' }, body: '' }, '203.0.113.2')).statusCode).toBe(400);
    expect((await post(open, { item: { kind: 'plan' }, body: 'x'.repeat(2001) }, '203.0.113.2')).statusCode).toBe(400);
    expect((await post(open, { item: { kind: 'plan' }, body: 'a\u0007b' }, '203.0.113.2')).statusCode).toBe(400);
    expect((await post(open, { item: { kind: 'plan' }, body: 'ok', name: '管理员\u200B' }, '203.0.113.2')).statusCode).toBe(400);
    expect((await post(open, { item: { kind: 'plan' }, body: 'ok', name: 'x'.repeat(41) }, '203.0.113.2')).statusCode).toBe(400);
    expect((await post(open, { item: { kind: 'plan' }, body: 'ok', extra: 1 }, '203.0.113.2')).statusCode).toBe(400);
    expect((await post(open, { item: { kind: 'district', key: 'nowhere' }, body: 'ok' }, '203.0.113.3')).statusCode).toBe(400);
    expect((await post(open, { item: { kind: 'parcel', key: '1' }, body: '宗地 BC-001 的意见' }, '203.0.113.3')).statusCode).toBe(201);
    const big = await post(open, { item: { kind: 'plan' }, body: '\u0001'.repeat(3000) }, '203.0.113.4');
    expect(big.statusCode).toBe(413);
  });

  it('refuses a comment outside the period (409), on a draft (404), and once the version has moved on (409)', async () => {
    const late = await post(closed, { item: { kind: 'plan' }, body: '晚了' }, '203.0.113.5');
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ error: { code: 'conflict', details: [{ path: 'reason', message: 'consultation-closed' }] } });
    expect((await post(draft, { item: { kind: 'plan' }, body: '草稿' }, '203.0.113.5')).statusCode).toBe(404);
    expect((await c.get('anon')!.request({ method: 'GET', url: `/api/public/plan-versions/${draft}/comments` })).statusCode).toBe(404);
  });

  it('answers 429 with Retry-After over 5 a minute per client; other clients go on', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await post(open, { item: { kind: 'plan' }, body: `第 ${i} 条` }, '198.51.100.7')).statusCode);
    expect(codes).toEqual([201, 201, 201, 201, 201, 429, 429]);
    const refused = await post(open, { item: { kind: 'plan' }, body: '再来' }, '198.51.100.7');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await post(open, { item: { kind: 'plan' }, body: '另一位' }, '198.51.100.8')).statusCode).toBe(201);
    // The per-address request bound (10 a minute) holds refused requests too.
    let last = 0;
    for (let i = 0; i < 12; i++) last = (await post(open, { item: { kind: 'plan' }, body: '' }, '198.51.100.9')).statusCode;
    expect(last).toBe(429);
  });
});

describe('the public list', () => {
  it('is paged: at most `limit` comments, `nextAfter` for the next page, the total', async () => {
    const url = `/api/public/plan-versions/${open}/comments`;
    const all = (await c.get('anon')!.request({ method: 'GET', url: `${url}?limit=500` })).json() as { total: number; comments: { id: number }[]; nextAfter: number | null };
    expect(all.total).toBe(all.comments.length);
    expect(all.nextAfter).toBeNull();
    const seen: number[] = [];
    let after: number | null = 0;
    while (after !== null) {
      const p = (await c.get('anon')!.request({ method: 'GET', url: `${url}?limit=2${after ? `&after=${after}` : ''}` })).json() as typeof all;
      expect(p.comments.length).toBeLessThanOrEqual(2);
      seen.push(...p.comments.map((x) => x.id));
      after = p.nextAfter;
    }
    expect(seen).toEqual(all.comments.map((x) => x.id));
    expect((await c.get('anon')!.request({ method: 'GET', url: `${url}?limit=501` })).statusCode).toBe(400);
  });
});

describe('moderation, answers and their publication', () => {
  it('staff see hidden comments; the public sees only the reason; answers appear once published after the period', async () => {
    const ed = c.get('bc-editor')!;
    const r = await post(closed, { item: { kind: 'plan' }, body: 'x' }, '203.0.113.9');
    expect(r.statusCode).toBe(409);
    // Comments on the closed version, written while it was open (directly, as the period is past).
    const { insertComment } = await import('../../src/store/repos/consultation.js');
    const a = await insertComment(f.store, { versionId: closed, item: { kind: 'plan', key: null }, name: '甲', body: '留下的意见', clientHash: 'x'.repeat(64) }, { perDay: 50, dayStart: '' });
    const b = await insertComment(f.store, { versionId: closed, item: { kind: 'plan', key: null }, name: '乙', body: '含电话 13800000000', clientHash: 'y'.repeat(64) }, { perDay: 50, dayStart: '' });
    if (!a.ok || !b.ok) throw new Error('insert');
    expect((await c.get('viewer')!.request({ method: 'POST', url: `/api/comments/${b.id}/hide`, payload: { reason: '个人信息' } })).statusCode).toBe(403);
    const hid = await ed.request({ method: 'POST', url: `/api/comments/${b.id}/hide`, payload: { reason: '含个人信息' } });
    expect(hid.statusCode, hid.body).toBe(200);
    expect((await ed.request({ method: 'POST', url: `/api/comments/${b.id}/hide`, payload: { reason: '再次' } })).statusCode).toBe(409);
    const ans = await ed.request({ method: 'POST', url: `/api/comments/${a.id}/answer`, payload: { kind: 'adopted', reason: '已采纳' } });
    expect(ans.json()).toMatchObject({ answer: { kind: 'adopted', reason: '已采纳', by: 'bc-editor' }, answerCount: 1 });
    const staff = (await ed.request({ method: 'GET', url: `/api/plan-versions/${closed}/comments` })).json() as { id: number; body: string; hidden: unknown }[];
    expect(staff.find((x) => x.id === b.id)).toMatchObject({ body: '含电话 13800000000', hidden: { reason: '含个人信息', by: 'bc-editor' } });
    let pub = (await c.get('anon')!.request({ method: 'GET', url: `/api/public/plan-versions/${closed}/comments` })).json() as { comments: { id: number; body: string | null; answer: unknown; hidden: unknown }[] };
    expect(JSON.stringify(pub)).not.toContain('13800000000');
    expect(pub.comments.find((x) => x.id === b.id)).toMatchObject({ body: null, hidden: { reason: '含个人信息' } });
    expect(pub.comments.find((x) => x.id === a.id)!.answer).toBeNull();
    // Publishing: not while open; once after the period.
    expect((await ed.request({ method: 'POST', url: `/api/plan-versions/${open}/answers/publish` })).statusCode).toBe(409);
    const published = await ed.request({ method: 'POST', url: `/api/plan-versions/${closed}/answers/publish` });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ comments: 2, answered: 1 });
    expect((await ed.request({ method: 'POST', url: `/api/plan-versions/${closed}/answers/publish` })).statusCode).toBe(409);
    pub = (await c.get('anon')!.request({ method: 'GET', url: `/api/public/plan-versions/${closed}/comments` })).json() as typeof pub;
    expect(pub.comments.find((x) => x.id === a.id)!.answer).toMatchObject({ kind: 'adopted', kindName: { zh: '采纳' }, reason: '已采纳' });
    expect(JSON.stringify(pub)).not.toContain('bc-editor');
    expect((await ed.request({ method: 'POST', url: `/api/comments/${a.id}/answer`, payload: { kind: 'rejected', reason: '改' } })).statusCode).toBe(409);
  });

  it('another county’s version is 404 to a county account, and its writes are refused', async () => {
    const ed = c.get('bc-editor')!;
    expect((await ed.request({ method: 'GET', url: `/api/plan-versions/${other}/comments` })).statusCode).toBe(404);
    expect((await ed.request({ method: 'GET', url: `/api/plan-versions/${other}/reviews` })).statusCode).toBe(404);
    expect((await ed.request({ method: 'POST', url: `/api/plan-versions/${other}/review-requests`, payload: { departments: ['发改委'], deadline: day(5) } })).statusCode).toBe(404);
    expect((await ed.request({ method: 'POST', url: '/api/demands', payload: { jurisdictionCode: '653101', year: 2028, department: '教育局', project: '学校', category: 'education', hectares: '1', priority: 'high' } })).statusCode).toBe(403);
    expect((await ed.request({ method: 'GET', url: '/api/demands?jurisdiction=653101' })).statusCode).toBe(403);
  });
});

describe('joint review over HTTP', () => {
  it('requests, signs, objects, answers; overdue flags; a reason is required to object', async () => {
    const ed = c.get('bc-editor')!;
    const rv = c.get('bc-reviewer')!;
    const v = (await createPlan(f.store, { jurisdictionCode: '653130', year: 2031, cube: workloadCube(100), validFrom: '2031-01-01', status: 'drafting', actor: 'test' })).id;
    const asked = await ed.request({ method: 'POST', url: `/api/plan-versions/${v}/review-requests`, payload: { departments: ['发展和改革委员会', '住房和城乡建设局'], deadline: day(7) } });
    expect(asked.statusCode, asked.body).toBe(201);
    const [q1, q2] = asked.json() as { requestId: number }[];
    expect((await rv.request({ method: 'POST', url: `/api/review-requests/${q1!.requestId}/reviews`, payload: { decision: 'approve' } })).statusCode).toBe(409);
    await setVersionState(f.store, v, 'review');
    expect((await ed.request({ method: 'POST', url: `/api/review-requests/${q1!.requestId}/reviews`, payload: { decision: 'approve' } })).statusCode).toBe(403);
    expect((await rv.request({ method: 'POST', url: `/api/review-requests/${q2!.requestId}/reviews`, payload: { decision: 'object' } })).statusCode).toBe(400);
    expect((await rv.request({ method: 'POST', url: `/api/review-requests/${q1!.requestId}/reviews`, payload: { decision: 'approve' } })).statusCode).toBe(201);
    const obj = await rv.request({ method: 'POST', url: `/api/review-requests/${q2!.requestId}/reviews`, payload: { decision: 'object', reason: '保障性住房用地不足' } });
    const reviewId = (obj.json() as { id: number }).id;
    const { reviewState } = await import('../../src/store/repos/plan-reviews.js');
    expect(await reviewState(f.store.db, v)).toMatchObject({ pending: 0, unansweredObjections: 1 });
    expect((await ed.request({ method: 'POST', url: `/api/reviews/${reviewId}/answer`, payload: { answer: '已增加保障性住房用地' } })).statusCode).toBe(200);
    expect(await reviewState(f.store.db, v)).toMatchObject({ pending: 0, unansweredObjections: 0 });
    const list = (await c.get('viewer')!.request({ method: 'GET', url: `/api/plan-versions/${v}/reviews` })).json() as { department: string; overdue: boolean; reviews: { reviewer: string; decision: string; answer: { text: string } | null }[] }[];
    expect(list.map((q) => [q.department, q.overdue, q.reviews.map((r) => [r.reviewer, r.decision, r.answer?.text ?? null])])).toEqual([
      ['发展和改革委员会', false, [['bc-reviewer', 'approve', null]]],
      ['住房和城乡建设局', false, [['bc-reviewer', 'object', '已增加保障性住房用地']]],
    ]);
  });
});

describe('land demands and the compile context over HTTP', () => {
  it('a reviewer submits a demand with exact hectares; the list is scoped; the context answers per row', async () => {
    const rv = c.get('bc-reviewer')!;
    const d = await rv.request({ method: 'POST', url: '/api/demands', payload: { jurisdictionCode: '653130', year: 2027, department: '教育局', project: '巴楚县第三中学', category: 'education', hectares: '3.3333', district: null, quarter: 2, priority: 'high' } });
    expect(d.statusCode, d.body).toBe(201);
    expect(d.json()).toMatchObject({ category: 'education', hectares: '3.3333', mu: '50.00', quarter: 2, takenIntoVersionId: null });
    expect((await rv.request({ method: 'POST', url: '/api/demands', payload: { jurisdictionCode: '653130', year: 2027, department: '教育局', project: 'x', category: 'zz99', hectares: '1', priority: 'high' } })).statusCode).toBe(400);
    const list = (await c.get('viewer')!.request({ method: 'GET', url: '/api/demands?jurisdiction=653130&year=2027' })).json() as { project: string }[];
    expect(list.map((x) => x.project)).toEqual(['巴楚县第三中学']);
    const ctx = await c.get('viewer')!.request({ method: 'GET', url: `/api/plans/${f.draftPlanId}/context` });
    expect(ctx.statusCode, ctx.body).toBe(200);
    const body = ctx.json() as { lastYear: { year: number; versionId: number | null }; rows: { category: string; lastYearPlan: string | null }[] };
    expect(body.lastYear).toMatchObject({ year: 2026, versionId: f.publishedVersionId });
    expect(body.rows.find((r) => r.category === 'residential')!.lastYearPlan).not.toBeNull();
  });
});
