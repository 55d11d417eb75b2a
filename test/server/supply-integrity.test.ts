/**
 * Hostile supply requests over HTTP, on both databases: NUL characters, bidi and zero-width
 * characters, unknown fields, deep nesting and retries get 400 / 200 / 409, never a 500, and write
 * nothing they should not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, type Backend } from '../store/helpers.js';
import { fixture, type Fixture } from './fixture.js';
import { login, type Client } from './helpers.js';
import { lawfulSupply } from '../store/supply-fixtures.js';

describe.each(BACKENDS.map((b) => [b.name, b] as const))('supply requests on %s', (_name: string, backend: Backend) => {
  let f: Fixture;
  let cleanup: () => Promise<void>;
  let editor: Client;
  let approver: Client;
  const body = (id: string, over: Record<string, unknown> = {}) => ({ planId: f.publishedPlanId, planVersionId: f.publishedVersionId, supply: lawfulSupply(id, { district: 'kashgar-river', area: { ha: '0.25' }, ...over }) });
  const records = async () => Number((await f.store.db.selectFrom('supply_record').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    const o = await backend.fresh();
    cleanup = o.cleanup;
    f = await fixture(o);
    editor = await login(f.app, 'editor');
    approver = await login(f.app, 'approver');
  });
  afterAll(async () => {
    await f.app.close();
    await f.store.close();
    await cleanup();
  });

  it('a retried supply answers 200 with the same record and does not debit twice; a changed one 409', async () => {
    const first = await editor.request({ method: 'POST', url: '/api/supply', payload: body('H-1') });
    expect(first.statusCode, first.body).toBe(201);
    const n = await records();
    const again = await editor.request({ method: 'POST', url: '/api/supply', payload: body('H-1') });
    expect(again.statusCode).toBe(200);
    const a = again.json() as { recordIds: number[]; parcelId: number; replayed: boolean };
    const b = first.json() as { recordIds: number[]; parcelId: number };
    expect([a.recordIds, a.parcelId, a.replayed]).toEqual([b.recordIds, b.parcelId, true]);
    expect(await records()).toBe(n);
    const changed = await editor.request({ method: 'POST', url: '/api/supply', payload: body('H-1', { area: { ha: '0.3' } }) });
    expect(changed.statusCode).toBe(409);
    expect(await records()).toBe(n);
  });

  it.each([
    ['a NUL in a name', { projectName: '住宅\u0000' }, 'body.supply.projectName'],
    ['a NUL in a key', { 'x\u0000': 1 }, 'body.supply.(key)'],
    ['a bidi override', { projectName: 'abc\u202Edef' }, 'body.supply.projectName'],
    ['a zero-width joiner', { assignee: '某\u200D公司' }, 'body.supply.assignee'],
    ['an unknown field', { note: 'x' }, 'body.supply'],
    ['a 1 cm² area', { area: { m2: '0.0001' } }, 'body.supply.area'],
    ['a date outside the plan year', { dates: { announcement: '2027-03-01', listingStart: '2027-03-25', listingEnd: '2027-04-08', contract: '2027-04-15' } }, 'body.supply.dates.contract'],
  ])('refuses %s with 400 naming the field, writing nothing', async (_what, over, path) => {
    const n = await records();
    const res = await editor.request({ method: 'POST', url: '/api/supply', payload: body('BAD-H', over) });
    expect(res.statusCode, res.body).toBe(400);
    expect((res.json() as { error: { details: { path: string }[] } }).error.details.map((d) => d.path)).toContain(path);
    expect(await records()).toBe(n);
  });

  it('refuses a NUL in a query string with 400', async () => {
    const res = await editor.request({ method: 'GET', url: '/api/parcels?q=%00x' });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { error: { details: { path: string }[] } }).error.details[0]!.path).toBe('query.q');
  });

  it('refuses 5,000-deep nesting with 400 and a 1.5 MB unknown field with 413 or 400', async () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const res = await editor.request({ method: 'POST', url: '/api/supply', payload: deep, headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    const big = await editor.request({ method: 'POST', url: '/api/supply', payload: body('BIG-H', { junk: 'x'.repeat(1_500_000) }) });
    expect([400, 413]).toContain(big.statusCode);
  });

  it('the override route refuses a supply with no error finding to override', async () => {
    const n = await records();
    const res = await approver.request({ method: 'POST', url: '/api/supply/override', payload: { ...body('OV-H'), reason: '县政府常务会议同意' } });
    expect(res.statusCode).toBe(409);
    expect(await records()).toBe(n);
  });
});
