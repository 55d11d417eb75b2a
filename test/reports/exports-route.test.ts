/**
 * Download routes: the public gets the document and the tables of versions it may see, and nothing
 * else; staff get every format of any version; a missing PDF converter is a 503 that says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { wireDeps } from '../../src/server/wire.js';
import type { PdfConverter } from '../../src/services/export-converter.js';
import { fixture, type Fixture } from '../server/fixture.js';
import { anonymous, login } from '../server/helpers.js';
import { PLAN_STATES, PUBLIC_STATES } from '../../src/domain/plan/lifecycle.js';
import { insertVersionTx } from '../../src/store/repos/plans.js';
import { workloadCube } from '../../src/services/demo-workload.js';

const unavailable: PdfConverter = { status: () => ({ available: false, message: 'LibreOffice is not installed' }), toPdf: () => Promise.reject(new Error('unreachable')) };

describe('plan downloads', () => {
  let f: Fixture;
  let app: FastifyInstance;
  beforeAll(async () => {
    f = await fixture();
    app = await buildApp({ deps: { ...wireDeps(f.store), exports: { converter: unavailable } }, validateResponses: true, loginRateLimit: { max: 10_000, timeWindowMs: 60_000 } });
  });
  afterAll(async () => {
    await app.close();
    await f.app.close();
    await f.store.close();
  });

  it('gives the public the tables of a published plan as .xlsx, with a file name', async () => {
    const anon = await anonymous(app);
    const res = await anon.request({ method: 'GET', url: `/api/plans/${f.publishedPlanId}/export?format=xlsx` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="plan-\d+\.xlsx"; filename\*=UTF-8''%E5%B7%B4%E6%A5%9A%E5%8E%BF2026/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.name).toBe('附件1 汇总表');
  });

  it('refuses the public the parcels and any version the public may not see', async () => {
    const anon = await anonymous(app);
    expect((await anon.request({ method: 'GET', url: `/api/plans/${f.publishedPlanId}/export?format=geojson` })).statusCode).toBe(401);
    expect((await anon.request({ method: 'GET', url: `/api/plans/${f.draftPlanId}/export?format=docx` })).statusCode).toBe(404);
  });

  it('never gives the public a version outside the public states, by plan or by version id', async () => {
    const anon = await anonymous(app);
    const get = (planId: number, q = '') => anon.request({ method: 'GET', url: `/api/plans/${planId}/export?format=docx${q}` });
    const setStatus = (id: number, status: string) => f.store.db.updateTable('plan_version').set({ status }).where('id', '=', id).execute();
    // An adjustment of the published plan, not yet approved: the public still gets version 1.
    const adjusting = await f.store.write(async (tx) => (await insertVersionTx(tx, f.publishedPlanId, 2, { cube: workloadCube(100), validFrom: '2026-06-01', actor: 'test', status: 'adjusting' }, '2026-06-01T00:00:00.000Z')).id);
    try {
      const latest = await get(f.publishedPlanId);
      expect(latest.statusCode).toBe(200);
      expect(String(latest.headers['content-disposition'])).toContain(`filename="plan-${f.publishedVersionId}.docx"`);
      expect((await get(f.publishedPlanId, `&version=${adjusting}`)).statusCode).toBe(404);
    } finally {
      await f.store.db.deleteFrom('indicator').where('plan_version_id', '=', adjusting).execute();
      await f.store.db.deleteFrom('plan_version').where('id', '=', adjusting).execute();
    }
    // The draft plan's only version in every state: public exactly in PUBLIC_STATES.
    const draft = (await f.store.db.selectFrom('plan_version').select(['id']).where('plan_id', '=', f.draftPlanId).executeTakeFirstOrThrow()).id;
    try {
      for (const state of PLAN_STATES) {
        await setStatus(Number(draft), state);
        const res = await get(f.draftPlanId);
        expect([state, res.statusCode]).toEqual([state, PUBLIC_STATES.includes(state) ? 200 : 404]);
      }
    } finally {
      await setStatus(Number(draft), 'drafting');
    }
  }, 120_000);

  it('gives staff a draft as .docx and the parcels as GeoJSON and a zipped shapefile', async () => {
    const viewer = await login(app, 'viewer');
    const docx = await viewer.request({ method: 'GET', url: `/api/plans/${f.draftPlanId}/export?format=docx` });
    expect(docx.statusCode).toBe(200);
    expect(docx.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
    const gj = await viewer.request({ method: 'GET', url: `/api/plans/${f.publishedPlanId}/export?format=geojson` });
    expect(gj.statusCode).toBe(200);
    expect((gj.json() as { features: unknown[] }).features.length).toBeGreaterThan(0);
    const shp = await viewer.request({ method: 'GET', url: `/api/plans/${f.publishedPlanId}/export?format=shp` });
    expect(shp.headers['content-type']).toBe('application/zip');
  });

  it('answers 503 with the reason when the PDF converter is not installed, and says so in the status', async () => {
    const anon = await anonymous(app);
    const res = await anon.request({ method: 'GET', url: `/api/plans/${f.publishedPlanId}/export?format=pdf` });
    expect(res.statusCode).toBe(503);
    expect((res.json() as { error: { message: string } }).error.message).toContain('LibreOffice');
    const status = (await anon.request({ method: 'GET', url: '/api/exports/status' })).json() as { pdf: { available: boolean }; publicFormats: string[] };
    expect(status).toMatchObject({ pdf: { available: false }, publicFormats: ['pdf', 'xlsx', 'docx'] });
  });
});
