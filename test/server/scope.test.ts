/**
 * The route matrix with jurisdiction: for every role, a user granted one county (653130) gets 403,
 * 404 or nothing of another county (653101) from every read and every write — its draft plan, its
 * findings, its dashboard and ledger, its parcels, its idle scan, supplies against its plan — and
 * the anonymous public gets no findings through the plan detail when /findings refuses them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/domain/access.js';
import type { AnyRoute } from '../../src/server/route.js';
import { createPlan, createUser, importParcels, upsertJurisdiction } from '../../src/services/register.js';
import { hashPassword } from '../../src/services/accounts.js';
import { workloadCube } from '../../src/services/demo-workload.js';
import { Area } from '../../src/domain/area.js';
import { anonymous, login, PASSWORD, type Client } from './helpers.js';
import { fixture, type Fixture } from './fixture.js';
import { lawfulSupply } from '../store/supply-fixtures.js';

const OTHER = '653101';
const OTHER_PLAN_NAME = '喀什市2026年度国有建设用地供应计划（草案）';
const OTHER_PARCEL = 'KS-0001';

let f: Fixture;
let otherPlanId: number;
let otherVersionId: number;
let otherParcelId: number;
let otherCommentId: number;
let otherRequestId: number;
let otherReviewId: number;
const clients = new Map<Role, Client>();

beforeAll(async () => {
  f = await fixture();
  await upsertJurisdiction(f.store, { code: '653100', name: '喀什地区', level: 'prefecture', parentCode: null }, 'test');
  await upsertJurisdiction(f.store, { code: '653130', name: '巴楚县', level: 'county', parentCode: '653100' }, 'test');
  await upsertJurisdiction(f.store, { code: OTHER, name: '喀什市', level: 'county', parentCode: '653100' }, 'test');
  const v = await createPlan(f.store, { jurisdictionCode: OTHER, year: 2026, name: OTHER_PLAN_NAME, cube: workloadCube(1000), validFrom: '2026-01-01', status: 'drafting', actor: 'test' });
  otherPlanId = v.planId;
  otherVersionId = v.id;
  const imp = await importParcels(f.store, {
    jurisdictionCode: OTHER,
    source: 'test: other county',
    actor: 'test',
    features: [{ recordIndex: 0, fields: { parcelNumber: OTHER_PARCEL, projectName: '喀什市项目', useCode: '0701', area: Area.fromSquareMetres('5000'), agreedStartDate: '2025-01-01', contractDate: '2024-06-01', supplyMethod: '23' }, geometry: { type: 'Polygon', coordinates: [[[75.9, 39.4], [75.901, 39.4], [75.901, 39.401], [75.9, 39.401], [75.9, 39.4]]] }, areaM2: 5000, attributes: {} }],
  });
  otherParcelId = Number((await f.store.db.selectFrom('parcel').select('id').where('import_id', '=', imp.importId).executeTakeFirstOrThrow()).id);
  // The other county's draft with a comment, a review request and an objection (written directly:
  // the draft is not public, so every consultation route must answer 403 or 404 about it).
  const { insertComment } = await import('../../src/store/repos/consultation.js');
  const { createReviewRequests, addReview } = await import('../../src/store/repos/plan-reviews.js');
  const comment = await insertComment(f.store, { versionId: otherVersionId, item: { kind: 'plan', key: null }, name: null, body: '他县意见 KS-COMMENT', clientHash: 'z'.repeat(64) }, { perDay: 50, dayStart: '' });
  if (!comment.ok) throw new Error('comment');
  otherCommentId = comment.id;
  [otherRequestId] = (await createReviewRequests(f.store, otherVersionId, ['发改委'], '2099-01-01', 'test')) as [number];
  otherReviewId = await addReview(f.store, otherRequestId, { reviewer: 'test', decision: 'object', reason: '他县异议 KS-OBJECTION' });
  const hash = await hashPassword(PASSWORD);
  for (const role of ROLES) {
    await createUser(f.store, { username: `bc-${role}`, displayName: `巴楚 ${role}`, passwordHash: hash, roles: [{ role, jurisdictionCode: '653130' }] }, 'test');
    clients.set(role, await login(f.app, `bc-${role}`));
  }
});
afterAll(async () => {
  await f.app.close();
  await f.store.close();
});

/** The request for a route, aimed at the other county's objects. */
function aimAtOther(r: AnyRoute): { method: AnyRoute['method']; url: string; payload?: Record<string, unknown> } {
  const url = r.url.replace(':planId', String(otherPlanId)).replace(':parcelId', String(otherParcelId)).replace(':username', `bc-viewer`).replace(':unit', OTHER).replace(':county', OTHER).replace(':a', String(otherVersionId)).replace(':b', String(otherVersionId)).replace(':demandId', '1');
  const supply = { planId: otherPlanId, planVersionId: otherVersionId, supply: lawfulSupply('X-OTHER-1', { district: 'kashgar-river' }) };
  if (r.url === '/api/idle') return { method: r.method, url: `${url}?jurisdiction=${OTHER}&asOf=2026-12-31` };
  if (r.url === '/api/parcels') return { method: r.method, url: `${url}?jurisdiction=${OTHER}` };
  if (['/api/pipeline', '/api/reserve', '/api/approval-batches'].includes(r.url)) return { method: r.method, url: `${url}?jurisdiction=${OTHER}` };
  if (r.url === '/api/reports/monthly') return { method: r.method, url: `${url}?jurisdiction=${OTHER}&month=2026-06` };
  if (r.url === '/api/reserve/projects') return { method: r.method, url, payload: { jurisdiction: OTHER, code: 'X-1', name: '他县储备项目' } };
  if (r.url.endsWith('/pipeline/events')) return { method: r.method, url, payload: { kind: 'supplyScheme', occurredOn: '2026-03-02', data: { method: '23' }, documents: [{ kind: '批复', number: 'X-1', date: '2026-03-02' }] } };
  if (r.url.endsWith('/reserve-price-review')) return { method: r.method, url, payload: { reservePriceWanYuan: '100' } };
  if (r.url.includes(':id')) {
    const id = r.url.startsWith('/api/comments/') ? otherCommentId : r.url.startsWith('/api/review-requests/') ? otherRequestId : r.url.startsWith('/api/reviews/') ? otherReviewId : otherVersionId;
    const bodies: Record<string, Record<string, unknown>> = {
      'POST /api/public/plan-versions/:id/comments': { item: { kind: 'plan' }, body: '他县的意见' },
      'POST /api/comments/:id/hide': { reason: '测试' },
      'POST /api/comments/:id/answer': { kind: 'adopted', reason: '测试' },
      'POST /api/plan-versions/:id/review-requests': { departments: ['发改委'], deadline: '2099-01-01' },
      'POST /api/review-requests/:id/reviews': { decision: 'approve' },
      'POST /api/reviews/:id/answer': { answer: '测试' },
      'PUT /api/plan-versions/:id/cube': { cells: [] },
      'POST /api/plan-versions/:id/transitions': { to: 'review' },
      'POST /api/plan-versions/:id/revise': { reason: '测试' },
      'POST /api/plan-versions/:id/adjust': { reason: '测试' },
      'POST /api/plan-versions/:id/decision': { date: '2026-01-01', meeting: '测试' },
    };
    return { method: r.method, url: url.replace(':id', String(id)), ...(r.method === 'GET' ? {} : { payload: bodies[`${r.method} ${r.url}`] ?? {} }) };
  }
  if (r.method === 'POST' && r.url === '/api/plans') return { method: r.method, url, payload: { jurisdictionCode: OTHER, year: 2030 } };
  if (r.url === '/api/demands') return r.method === 'GET' ? { method: r.method, url: `${url}?jurisdiction=${OTHER}` } : { method: r.method, url, payload: { jurisdictionCode: OTHER, year: 2026, department: '教育局', project: '他县学校', category: 'education', hectares: '1', priority: 'high' } };
  if (r.url.startsWith('/api/supply')) return { method: r.method, url, payload: r.url.endsWith('override') ? { ...supply, reason: '县政府常务会议同意' } : supply };
  return { method: r.method, url, ...(r.method === 'GET' ? {} : { payload: {} }) };
}

/**
 * Routes that serve no jurisdiction's data (health, session, reference lists, text audits,
 * accounts; evidence images, addressed only by the sha256 a journal of the user's own county cites).
 */
const NOT_JURISDICTION_DATA = new Set(['POST /api/attachments', 'GET /api/attachments/:sha256', 'GET /api/health', 'GET /api/session', 'POST /api/session', 'DELETE /api/session', 'GET /api/jurisdictions', 'GET /api/reference', 'POST /api/audit', 'POST /api/audit/document', 'GET /api/demo/plan-text', 'GET /api/openapi.json']);

describe('jurisdiction matrix', () => {
  it.each(ROLES.map((r) => [r]))('a %s granted 653130 gets 403, 404 or nothing of 653101 from every route', async (role) => {
    const c = clients.get(role)!;
    let checked = 0;
    for (const r of f.app.lpRoutes) {
      const id = `${r.method} ${r.url}`;
      if (NOT_JURISDICTION_DATA.has(id) || r.url.startsWith('/api/users')) continue;
      const res = await c.request(aimAtOther(r));
      const leaks = [OTHER_PLAN_NAME, OTHER_PARCEL, 'KS-COMMENT', 'KS-OBJECTION', `"id":${otherPlanId},"jurisdictionCode"`].filter((m) => res.body.includes(m));
      if ([403, 404].includes(res.statusCode)) {
        checked++;
        continue;
      }
      expect([id, res.statusCode, leaks], res.body.slice(0, 300)).toEqual([id, 200, []]);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(13);
    expect(await f.store.db.selectFrom('supply_record').select('id').where('plan_id', '=', otherPlanId).execute()).toEqual([]);
  });

  it('lists: plans, parcels and the idle scan hold nothing of the other county', async () => {
    const c = clients.get('viewer')!;
    const plans = (await c.request({ method: 'GET', url: '/api/plans' })).json() as { plans: { id: number }[] };
    expect(plans.plans.map((p) => p.id)).not.toContain(otherPlanId);
    expect(plans.plans.map((p) => p.id).sort()).toEqual([f.publishedPlanId, f.draftPlanId].sort());
    const parcels = (await c.request({ method: 'GET', url: '/api/parcels?geometry=false&limit=5000' })).json() as { total: number; features: { properties: { jurisdictionCode: string } }[] };
    expect(new Set(parcels.features.map((p) => p.properties.jurisdictionCode))).toEqual(new Set(['653130']));
    expect((await c.request({ method: 'GET', url: `/api/idle?jurisdiction=${OTHER}` })).statusCode).toBe(403);
    expect((await c.request({ method: 'GET', url: `/api/parcels/${otherParcelId}` })).statusCode).toBe(404);
  });

  it('a prefecture viewer reads both counties; a global viewer too', async () => {
    await createUser(f.store, { username: 'pref', displayName: '地区', passwordHash: await hashPassword(PASSWORD), roles: [{ role: 'viewer', jurisdictionCode: '653100' }] }, 'test');
    const pref = await login(f.app, 'pref');
    expect((await pref.request({ method: 'GET', url: `/api/plans/${otherPlanId}` })).statusCode).toBe(200);
    expect((await pref.request({ method: 'GET', url: `/api/parcels/${otherParcelId}` })).statusCode).toBe(200);
    const global = await login(f.app, 'viewer');
    expect((await global.request({ method: 'GET', url: `/api/idle?jurisdiction=${OTHER}&asOf=2026-12-31` })).statusCode).toBe(200);
  });
});

describe('the public', () => {
  it('gets no findings through the plan detail, as /findings refuses them', async () => {
    const anon = await anonymous(f.app);
    expect((await anon.request({ method: 'GET', url: `/api/plans/${f.publishedPlanId}/findings` })).statusCode).toBe(401);
    const detail = (await anon.request({ method: 'GET', url: `/api/plans/${f.publishedPlanId}` })).json() as { findings: unknown[]; flagged: unknown[] };
    expect([detail.findings, detail.flagged]).toEqual([[], []]);
    const staff = (await clients.get('viewer')!.request({ method: 'GET', url: `/api/plans/${f.publishedPlanId}` })).json() as { findings: unknown[] };
    const direct = (await clients.get('viewer')!.request({ method: 'GET', url: `/api/plans/${f.publishedPlanId}/findings` })).json() as { findings: unknown[] };
    expect(staff.findings).toEqual(direct.findings);
  });
});

describe('a write names its plan version', () => {
  it('records only against the version in force', async () => {
    const editor = clients.get('editor')!;
    const body = (planVersionId: number) => ({ planId: f.publishedPlanId, planVersionId, supply: lawfulSupply('V-1', { district: 'kashgar-river', area: { ha: '0.2' } }) });
    const stale = await editor.request({ method: 'POST', url: '/api/supply', payload: body(f.publishedVersionId + 1000) });
    expect(stale.statusCode).toBe(409);
    const missing = await editor.request({ method: 'POST', url: '/api/supply', payload: { planId: f.publishedPlanId, supply: lawfulSupply('V-2') } });
    expect(missing.statusCode).toBe(400);
    const ok = await editor.request({ method: 'POST', url: '/api/supply', payload: body(f.publishedVersionId) });
    expect(ok.statusCode, ok.body).toBe(201);
  });
});
