/** The pipeline routes: recording a parcel's path over HTTP, refusals, evidence uploads, the overview. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, type Fixture } from './fixture.js';
import { login, type Client } from './helpers.js';

let f: Fixture;
let editor: Client;
let viewer: Client;
beforeAll(async () => {
  f = await fixture();
  editor = await login(f.app, 'editor');
  viewer = await login(f.app, 'viewer');
});
afterAll(async () => {
  await f.app.close();
  await f.store.close();
});

const post = (c: Client, url: string, payload: unknown) => c.request({ method: 'POST', url, payload: payload as Record<string, unknown> });
const doc = (n: string, date: string) => [{ kind: '文件', number: n, date }];

describe('recording a parcel’s path', () => {
  it('records the next step (201) and refuses one out of order with 409 and the step expected', async () => {
    const ok = await post(editor, '/api/parcels/1/pipeline/events', { kind: 'tradingPeriod', occurredOn: '2026-04-20', data: { form: 'listing', start: '2026-04-07' }, documents: [] });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ kind: 'tradingPeriod', seq: 9, role: 'editor' });
    const bad = await post(editor, '/api/parcels/1/pipeline/events', { kind: 'contract', occurredOn: '2026-04-30', data: {}, documents: doc('c', '2026-04-30') });
    expect(bad.statusCode).toBe(409);
    expect((bad.json() as { error: { message: string } }).error.message).toContain('应先记录：成交');
  });

  it('refuses a deal below the 底价 (409), malformed data (400) and a viewer (403)', async () => {
    expect((await post(editor, '/api/parcels/1/pipeline/events', { kind: 'deal', occurredOn: '2026-04-20', data: { priceWanYuan: '800', winner: 'x' }, documents: doc('d', '2026-04-20') })).statusCode).toBe(409);
    expect((await post(editor, '/api/parcels/1/pipeline/events', { kind: 'deal', occurredOn: '2026-04-20', data: { priceWanYuan: 'lots', winner: 'x' }, documents: doc('d', '2026-04-20') })).statusCode).toBe(400);
    expect((await post(viewer, '/api/parcels/1/pipeline/events', { kind: 'deal', occurredOn: '2026-04-20', data: { priceWanYuan: '900', winner: 'x' }, documents: doc('d', '2026-04-20') })).statusCode).toBe(403);
    const text = await post(editor, '/api/parcels/1/pipeline/events', { kind: 'deal', occurredOn: '2026-04-20', data: { priceWanYuan: '900', winner: 'A\u202EB' }, documents: doc('d', '2026-04-20') });
    expect(text.statusCode).toBe(400);
  });

  it('shows the timeline with the deal and the overview counts it', async () => {
    expect((await post(editor, '/api/parcels/1/pipeline/events', { kind: 'deal', occurredOn: '2026-04-20', data: { priceWanYuan: '900', winner: '巴楚县某公司' }, documents: doc('d', '2026-04-20') })).statusCode).toBe(201);
    const t = (await viewer.request({ method: 'GET', url: '/api/parcels/1/pipeline?asOf=2026-05-20' })).json() as { next: string; items: { rule: string; kind: string; days: number }[] };
    expect(t.next).toBe('dealPublication');
    expect(t.items.map((i) => [i.rule, i.kind, i.days])).toEqual([['result-publication', 'overdue', 13], ['contract-deadline', 'overdue', 13]]); // due 2026-05-07: 劳动节 05-01…05-05 off
    const o = (await viewer.request({ method: 'GET', url: '/api/pipeline?jurisdiction=653130&asOf=2026-05-20' })).json() as { funnels: { grant: { step: string; reached: number }[] }; itemsTotal: number };
    expect(o.funnels.grant.find((s) => s.step === 'deal')?.reached).toBe(1);
    expect(o.itemsTotal).toBe(2);
  });
});

describe('evidence uploads', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  it('keeps an image by its sha256 and returns its bytes: to its uploader, then to readers of the journal citing it', async () => {
    const r = await post(editor, '/api/attachments', { fileName: 'site.png', dataBase64: png.toString('base64') });
    expect(r.statusCode).toBe(201);
    const { sha256, mediaType } = r.json() as { sha256: string; mediaType: string };
    expect(mediaType).toBe('image/png');
    const read = async (c: typeof viewer) => {
      const got = await c.request({ method: 'GET', url: `/api/attachments/${sha256}` });
      return [got.statusCode, got.headers['content-type'], got.rawPayload.equals(png)];
    };
    expect(await read(editor)).toEqual([200, 'image/png', true]);
    expect((await read(viewer))[0]).toBe(404);
    const cited = await post(editor, '/api/parcels/1/pipeline/events', { kind: 'inspection', occurredOn: '2026-03-20', data: { finding: 'notStarted' }, documents: [{ kind: '照片', number: 'XC-1', date: '2026-03-20', attachment: sha256 }] });
    expect(cited.statusCode, cited.body).toBe(201);
    expect(await read(viewer)).toEqual([200, 'image/png', true]);
  });
  it('refuses what is not an image and what is over 1.5 MiB', async () => {
    expect((await post(editor, '/api/attachments', { dataBase64: Buffer.from('<script>').toString('base64') })).statusCode).toBe(400);
    const big = Buffer.concat([png, Buffer.alloc(1_572_865)]);
    expect([400, 413]).toContain((await post(editor, '/api/attachments', { dataBase64: big.toString('base64') })).statusCode);
  });
});
