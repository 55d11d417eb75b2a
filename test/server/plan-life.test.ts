/**
 * The plan's life over HTTP (docs/plan-life.md): start a plan, edit, move, refuse with 409 and the
 * reason's code (403 for a role that may not), diff; the public sees public versions only, never a
 * draft, and the plan as it stood on a date.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, login, type Client } from './helpers.js';
import { fixture, type Fixture } from './fixture.js';

let f: Fixture;
let editor: Client;
let approver: Client;
let viewer: Client;
let anon: Client;
beforeAll(async () => {
  f = await fixture();
  editor = await login(f.app, 'editor');
  approver = await login(f.app, 'approver');
  viewer = await login(f.app, 'viewer');
  anon = await anonymous(f.app);
});
afterAll(async () => {
  await f.app.close();
  await f.store.close();
});

describe('the plan’s life over HTTP', () => {
  let v: number;
  it('starts a plan from another version and shows it to staff, never to the public', async () => {
    const r = await editor.request({ method: 'POST', url: '/api/plans', payload: { jurisdictionCode: '653130', year: 2028, fromVersionId: f.publishedVersionId } });
    expect(r.statusCode, r.body).toBe(201);
    const out = r.json() as { planId: number; versionId: number; state: string };
    expect(out.state).toBe('drafting');
    v = out.versionId;
    expect((await editor.request({ method: 'POST', url: '/api/plans', payload: { jurisdictionCode: '653130', year: 2028 } })).statusCode).toBe(400);
    expect((await viewer.request({ method: 'POST', url: '/api/plans', payload: { jurisdictionCode: '653130', year: 2029 } })).statusCode).toBe(403);
    const got = (await viewer.request({ method: 'GET', url: `/api/plan-versions/${v}` })).json() as { state: string; cube: { cells: unknown[] }; next: string[] };
    expect(got.state).toBe('drafting');
    expect(got.cube.cells.length).toBeGreaterThan(0);
    expect(got.next).toEqual(['consultation', 'review', 'withdrawn']);
    expect((await anon.request({ method: 'GET', url: `/api/plan-versions/${v}` })).statusCode).toBe(401);
    const pub = (await anon.request({ method: 'GET', url: '/api/public/plans' })).json() as { plans: { planId: number; versions: { id: number; state: string; transitions: { actor: string | null }[] }[] }[] };
    expect(pub.plans.flatMap((p) => p.versions.map((x) => x.id))).not.toContain(v);
    expect(pub.plans.flatMap((p) => p.versions.map((x) => x.state))).not.toContain('drafting');
    expect(pub.plans.flatMap((p) => p.versions.flatMap((x) => x.transitions.map((t) => t.actor)))).toEqual(pub.plans.flatMap((p) => p.versions.flatMap((x) => x.transitions.map(() => null))));
    expect((await anon.request({ method: 'GET', url: `/api/public/plans/${out.planId}` })).statusCode).toBe(404);
  });

  it('edits the draft with derived totals and diffs it against its source', async () => {
    const got = (await editor.request({ method: 'GET', url: `/api/plan-versions/${v}` })).json() as { cube: { cells: { key: Record<string, string | number>; hectares: string }[] } };
    const cells = got.cube.cells.map((c, i) => ({ key: c.key, hectares: i === 0 ? '1.5' : c.hectares }));
    const r = await editor.request({ method: 'PUT', url: `/api/plan-versions/${v}/cube`, payload: { cells, note: '调减' } });
    expect(r.statusCode, r.body).toBe(200);
    expect((await editor.request({ method: 'PUT', url: `/api/plan-versions/${v}/cube`, payload: { cells, totalHa: '1' } })).statusCode).toBe(400);
    // Versions of different plans are not compared.
    expect((await viewer.request({ method: 'GET', url: `/api/plan-versions/${f.publishedVersionId}/diff/${v}` })).statusCode).toBe(400);
    const after = (await viewer.request({ method: 'GET', url: `/api/plan-versions/${v}` })).json() as { cube: { cells: { hectares: string }[] } };
    expect(after.cube.cells[0]!.hectares).toBe('1.5');
  });

  it('moves the draft; refuses with 409 and the reason, 403 for a role that may not', async () => {
    const bad = await editor.request({ method: 'POST', url: `/api/plan-versions/${v}/transitions`, payload: { to: 'published', date: '2026-01-01' } });
    expect(bad.statusCode).toBe(409);
    expect(bad.json()).toMatchObject({ error: { code: 'transition-refused', details: [{ path: 'reason', message: 'wrong-state' }] } });
    const role = await approver.request({ method: 'POST', url: `/api/plan-versions/${v}/transitions`, payload: { to: 'review' } });
    expect(role.statusCode).toBe(403);
    const ok = await editor.request({ method: 'POST', url: `/api/plan-versions/${v}/transitions`, payload: { to: 'review' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ id: v, state: 'review', transitions: [{ to: 'drafting' }, { from: 'drafting', to: 'review', actor: 'editor', role: 'editor' }] });
    expect((await editor.request({ method: 'POST', url: `/api/plan-versions/${v}/transitions`, payload: { to: 'review', extra: 1 } })).statusCode).toBe(400);
    const rev = await editor.request({ method: 'POST', url: `/api/plan-versions/${v}/revise`, payload: { reason: '按意见修改' } });
    expect(rev.statusCode, rev.body).toBe(201);
    const next = (rev.json() as { versionId: number }).versionId;
    const diff = await viewer.request({ method: 'GET', url: `/api/plan-versions/${v}/diff/${next}` });
    expect(diff.json()).toMatchObject({ from: v, to: next, reason: '按意见修改', cells: [] });
  });

  it('the public sees the published plan as it stood on a date', async () => {
    const r = (await anon.request({ method: 'GET', url: `/api/public/plans/${f.publishedPlanId}` })).json() as { inForce: { id: number; state: string } | null; shown: { id: number; cube: { cells: unknown[] } } | null };
    expect(r.inForce?.id).toBe(f.publishedVersionId);
    expect(r.shown?.cube.cells.length).toBeGreaterThan(0);
    const before = (await anon.request({ method: 'GET', url: `/api/public/plans/${f.publishedPlanId}?asOf=2000-01-01` })).json() as { inForce: unknown; shown: unknown };
    expect([before.inForce, before.shown]).toEqual([null, null]);
    expect((await anon.request({ method: 'GET', url: `/api/public/plans/${f.publishedPlanId}?asOf=yesterday` })).statusCode).toBe(400);
  });
});
