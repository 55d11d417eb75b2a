import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, type Client } from './helpers.js';
import { fixture, type Fixture } from './fixture.js';

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

let seq = 0;
/** A supply in the rules engine's JSON; `planId` and any field can be overridden. */
const supply = (over: Record<string, unknown> = {}) => {
  const { planId = 0, ...fields } = over;
  return {
    planId,
    ...(planId === f.publishedPlanId ? { planVersionId: f.publishedVersionId } : {}),
    supply: {
      id: `T-${++seq}`,
      projectName: '测试住宅项目',
      district: 'kashgar-river',
      area: { ha: '1.25' },
      useCode: '0701',
      method: '23',
      termYears: 70,
      far: { min: '1.2', max: '2.5' },
      prices: { reserve: '500', starting: '500', transaction: '620', bidDeposit: '100' },
      cleanLand: { titleClear: true, compensationSettled: true, noDisputes: true, planningConditionsClear: true, readyToStart: true },
      dates: { announcement: '2026-03-01', listingStart: '2026-03-25', listingEnd: '2026-04-08', contract: '2026-04-15' },
      ...fields,
    },
  };
};

async function recordCount(): Promise<number> {
  const r = await f.store.db.selectFrom('supply_record').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('plans', () => {
  it('returns the plan figures as exact decimals computed from the cube', async () => {
    const res = await viewer.request({ method: 'GET', url: `/api/plans/${f.publishedPlanId}` });
    expect(res.statusCode).toBe(200);
    const d = res.json() as { totalHa: string; categories: { category: string; areaHa: string; sharePercent: string }[] };
    // workloadCube(100): 12 cells of 100/12 × 0.55 × 0.6 = 2.75 ha each.
    expect(d.totalHa).toBe('33');
    expect(d.categories.map((c) => [c.category, c.areaHa, c.sharePercent])).toEqual([
      ['residential', '8.25', '25.00'],
      ['commercial', '8.25', '25.00'],
      ['industrialStorage', '8.25', '25.00'],
      ['transport', '8.25', '25.00'],
    ]);
  });

  it('answers a malformed plan id with a 400 naming the parameter, in English on request', async () => {
    const res = await viewer.request({ method: 'GET', url: '/api/plans/1%20OR%201=1?lang=en' });
    expect(res.statusCode).toBe(400);
    const e = (res.json() as { error: { code: string; details: { path: string }[] } }).error;
    expect(e.code).toBe('validation');
    expect(e.details[0]?.path).toBe('params.planId');
  });
});

describe('supply check and record', () => {
  it('checks without writing, records, and the dashboard shows the new supply', async () => {
    const before = await recordCount();
    const check = await editor.request({ method: 'POST', url: '/api/supply/check', payload: supply({ planId: f.publishedPlanId }) });
    expect(check.statusCode).toBe(200);
    const c = check.json() as { allowed: boolean; impact: { id: string; afterHa: string; exceeds: boolean }[] };
    expect(c.allowed).toBe(true);
    expect(c.impact.find((i) => i.id === 'total')?.afterHa).toBe('1.25');
    expect(await recordCount()).toBe(before);

    const rec = await editor.request({ method: 'POST', url: '/api/supply', payload: supply({ planId: f.publishedPlanId }) });
    expect(rec.statusCode).toBe(201);
    expect(await recordCount()).toBe(before + 1);

    const dash = (await viewer.request({ method: 'GET', url: `/api/plans/${f.publishedPlanId}/dashboard` })).json() as {
      suppliedHa: string;
      executionRatePercent: string;
      byCategory: { key: string; suppliedHa: string }[];
      byDistrict: { key: string; suppliedHa: string }[];
      byMethod: { key: string; suppliedHa: string }[];
      byMonth: { month: string; suppliedHa: string }[];
    };
    expect(dash.suppliedHa).toBe('1.25');
    // 1.25 / 33 = 3.787…%
    expect(dash.executionRatePercent).toBe('3.79');
    expect(dash.byCategory.find((l) => l.key === 'residential')?.suppliedHa).toBe('1.25');
    expect(dash.byDistrict.find((l) => l.key === 'kashgar-river')?.suppliedHa).toBe('1.25');
    expect(dash.byMethod.find((l) => l.key === 'grant')?.suppliedHa).toBe('1.25');
    expect(dash.byMonth).toEqual([{ month: '2026-04', suppliedHa: '1.25', cumulativeHa: '1.25' }]);
  });

  it('refuses a supply over a binding cap with 409 and writes nothing', async () => {
    const before = await recordCount();
    const check = (await editor.request({ method: 'POST', url: '/api/supply/check', payload: supply({ planId: f.publishedPlanId, area: { ha: '5' } }) })).json() as {
      allowed: boolean;
      findings: { rule: string; basis?: string }[];
    };
    expect(check.allowed).toBe(false);
    expect(check.findings[0]).toMatchObject({ rule: 'plan-total-cap', severity: 'error' });
    expect(check.findings[0]?.basis).toContain('117号');
    const res = await editor.request({ method: 'POST', url: '/api/supply', payload: supply({ planId: f.publishedPlanId, area: { ha: '5' } }) });
    expect(res.statusCode).toBe(409);
    expect(await recordCount()).toBe(before);
  });

  it('lets a reviewer check but not record', async () => {
    const reviewer = await login(f.app, 'reviewer');
    expect((await reviewer.request({ method: 'POST', url: '/api/supply/check', payload: supply({ planId: f.publishedPlanId }) })).statusCode).toBe(200);
    expect((await reviewer.request({ method: 'POST', url: '/api/supply', payload: supply({ planId: f.publishedPlanId }) })).statusCode).toBe(403);
  });

  it('ledger balances reflect the recorded supply', async () => {
    const res = (await viewer.request({ method: 'GET', url: `/api/plans/${f.publishedPlanId}/ledger` })).json() as { balances: { id: string; capHa: string; debitedHa: string }[] };
    expect(res.balances[0]).toMatchObject({ id: 'total', capHa: '33', debitedHa: '1.25' });
  });
});

describe('probes change nothing', () => {
  it('SQL injection in filters matches nothing instead of everything', async () => {
    for (const q of ["' OR 1=1 --", "x' OR '1'='1", '%', '_']) {
      const res = await viewer.request({ method: 'GET', url: `/api/parcels?q=${encodeURIComponent(q)}` });
      expect(res.statusCode, q).toBe(200);
      expect((res.json() as { total: number }).total, q).toBe(0);
    }
    const d = await viewer.request({ method: 'GET', url: `/api/parcels?district=${encodeURIComponent("kashgar-river' OR '1'='1")}` });
    expect((d.json() as { total: number }).total).toBe(0);
  });

  it('SQL injection in a write is a 4xx and leaves the register unchanged', async () => {
    const before = await recordCount();
    const parcelsBefore = ((await viewer.request({ method: 'GET', url: '/api/parcels' })).json() as { total: number }).total;
    for (const payload of [
      supply({ planId: f.publishedPlanId, useCode: "0701'; DROP TABLE supply_record; --" }),
      supply({ planId: f.publishedPlanId, district: "x'); DELETE FROM supply_record; --" }),
      supply({ planId: "1 OR 1=1" }),
      supply({ planId: f.publishedPlanId, area: { ha: '1; DROP TABLE parcel' } }),
    ]) {
      const res = await editor.request({ method: 'POST', url: '/api/supply', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
    }
    expect(await recordCount()).toBe(before);
    const parcels = (await viewer.request({ method: 'GET', url: '/api/parcels' })).json() as { total: number };
    expect(parcels.total).toBe(parcelsBefore);
  });

  it('an oversized body gets 413 and an unexpected content type 415', async () => {
    const big = 'x'.repeat(3 * 1024 * 1024);
    const res = await editor.request({ method: 'POST', url: '/api/audit', payload: JSON.stringify({ text: big }), headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(413);
    expect((res.json() as { error: { code: string } }).error.code).toBe('payload-too-large');
    const xml = await editor.request({ method: 'POST', url: '/api/supply', payload: '<x/>', headers: { 'content-type': 'application/xml' } });
    expect(xml.statusCode).toBe(415);
  });

  it('unknown fields and over-long strings are refused', async () => {
    const res = await editor.request({ method: 'POST', url: '/api/supply/check', payload: { ...supply({ planId: f.publishedPlanId }), extra: 1 } });
    expect(res.statusCode).toBe(400);
  });
});

describe('parcels', () => {
  it('serves GeoJSON features with status from the journal (BC-001: announced, not yet sold, whatever its imported contract date says) or else the parcel fields, and category', async () => {
    const res = await viewer.request({ method: 'GET', url: '/api/parcels?q=BC-' });
    const fc = res.json() as { type: string; total: number; features: { geometry: { type: string } | null; properties: { parcelNumber: string; status: string; category: string; demo: boolean; areaHa: string } }[] };
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((x) => [x.properties.parcelNumber, x.properties.status, x.properties.category, x.properties.areaHa])).toEqual([
      ['BC-001', 'available', 'residential', '1.2'],
      ['BC-002', 'available', 'industrial', '3'],
      ['BC-003', 'started', 'commercial', '0.8'],
    ]);
    expect(fc.features[0]?.geometry?.type).toBe('Polygon');
    expect(fc.features.every((x) => x.properties.demo)).toBe(true);
  });

  it('filters by status, category, district and bbox', async () => {
    const total = async (qs: string) => ((await viewer.request({ method: 'GET', url: `/api/parcels?${qs}` })).json() as { total: number }).total;
    expect(await total('status=available&q=BC-')).toBe(2);
    expect(await total('status=supplied&q=BC-')).toBe(0);
    expect(await total('category=industrialStorage')).toBe(1);
    expect(await total('district=station')).toBe(1);
    expect(await total('bbox=78.5495,39.7795,78.5515,39.7815')).toBe(1);
    expect(await total('q=BC-00')).toBe(3);
  });

  it('follows the journal as it moves: supplied once the contract is recorded, started once the start is', async () => {
    const { grantToContract } = await import('../pipeline/walk.js');
    const status = async () => ((await viewer.request({ method: 'GET', url: '/api/parcels?q=BC-001' })).json() as { features: { properties: { status: string } }[] }).features[0]?.properties.status;
    const total = async (qs: string) => ((await viewer.request({ method: 'GET', url: `/api/parcels?${qs}` })).json() as { total: number }).total;
    const record = async (e: { kind: string; occurredOn: string; data: unknown; documents: readonly unknown[] }) => {
      const res = await editor.request({ method: 'POST', url: '/api/parcels/1/pipeline/events', payload: { kind: e.kind, occurredOn: e.occurredOn, data: e.data, documents: e.documents } });
      expect(res.statusCode, res.body).toBe(201);
    };
    const after = grantToContract().filter((e) => ['tradingPeriod', 'deal', 'dealPublication', 'contract'].includes(e.kind));
    for (const e of after.slice(0, -1)) await record(e);
    expect(await status()).toBe('available');
    await record(after[after.length - 1]!);
    expect(await status()).toBe('supplied');
    expect(await total('status=supplied&q=BC-')).toBe(1);
    await record({ kind: 'delivery', occurredOn: '2026-06-20', data: {}, documents: [{ kind: '交地确认书', number: 'JD-1', date: '2026-06-20' }] });
    await record({ kind: 'start', occurredOn: '2026-09-01', data: {}, documents: [{ kind: '开工', number: 'KG-1', date: '2026-09-01' }] });
    expect(await status()).toBe('started');
    expect([await total('status=supplied&q=BC-'), await total('status=started&q=BC-'), await total('status=available&q=BC-')]).toEqual([0, 2, 1]);
  });
});

describe('idle land', () => {
  it('scans the parcels on a post-supply clock and shows the findings on the parcel', async () => {
    const { importParcels } = await import('../../src/services/register.js');
    const { Area } = await import('../../src/domain/area.js');
    await importParcels(f.store, {
      jurisdictionCode: '653130',
      source: 'test idle parcel',
      actor: 'test',
      features: [
        {
          recordIndex: 0,
          geometry: null,
          areaM2: null,
          attributes: {},
          fields: { parcelNumber: 'IDLE-1', projectName: '闲置测试', useCode: '1001', area: Area.fromSquareMetres('20000'), supplyMethod: '23', contractDate: '2023-03-01', agreedStartDate: '2024-03-01' },
        },
      ],
    });
    const scan = (await viewer.request({ method: 'GET', url: '/api/idle?jurisdiction=653130&asOf=2026-06-30' })).json() as { rows: { parcelNumber?: string; status: string; findings: { rule: string }[] }[] };
    const row = scan.rows.find((r) => r.parcelNumber === 'IDLE-1');
    expect(row?.status).toBe('recovery');
    const list = (await viewer.request({ method: 'GET', url: '/api/parcels?q=IDLE-1' })).json() as { features: { id: number }[] };
    const detail = (await viewer.request({ method: 'GET', url: `/api/parcels/${list.features[0]!.id}` })).json() as { findings: { rule: string }[] };
    expect(detail.findings.map((x) => x.rule)).toContain('idle-recovery-2y');
    const bad = await viewer.request({ method: 'GET', url: "/api/idle?jurisdiction=653130'--" });
    expect(bad.statusCode).toBe(400);
  });
});

describe('overrides (last: it records a supply)', () => {
  it('lets an approver record despite an error finding, with a reason, but never past a binding cap', async () => {
    const approver = await login(f.app, 'approver');
    const lowFar = () => supply({ planId: f.publishedPlanId, far: { min: '0.8', max: '1.5' } });
    const refused = await editor.request({ method: 'POST', url: '/api/supply', payload: lowFar() });
    expect(refused.statusCode).toBe(409);
    expect((await editor.request({ method: 'POST', url: '/api/supply/override', payload: { ...lowFar(), reason: '县政府常务会议纪要〔2026〕3号同意' } })).statusCode).toBe(403);
    const before = await recordCount();
    const ok = await approver.request({ method: 'POST', url: '/api/supply/override', payload: { ...lowFar(), reason: '县政府常务会议纪要〔2026〕3号同意' } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect((ok.json() as { overridden: string[] }).overridden).toContain('residential-far-min');
    expect(await recordCount()).toBe(before + 1);
    const overCap = await approver.request({ method: 'POST', url: '/api/supply/override', payload: { ...supply({ planId: f.publishedPlanId, area: { ha: '5' } }), reason: '县政府同意' } });
    expect(overCap.statusCode).toBe(409);
    expect(await recordCount()).toBe(before + 1);
  });
});

describe('audit of an uploaded document', () => {
  it('reads a .docx and a GB18030 text, and refuses a file that is neither', async () => {
    const { Document, Packer, Paragraph } = await import('docx');
    const iconv = (await import('iconv-lite')).default;
    const text = '某县2026年度国有建设用地供应计划\n供应总量控制在100.00公顷（1500.90亩）以内。';
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: text.split('\n').map((l) => new Paragraph(l)) }] }));
    const r = await editor.request({ method: 'POST', url: '/api/audit/document', payload: { filename: 'plan.docx', contentBase64: Buffer.from(docx).toString('base64') } });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json() as { text: string; findings: { rule: string; stated?: string }[] };
    expect(body.text).toContain('供应总量');
    expect(body.findings).toContainEqual(expect.objectContaining({ rule: 'area-conversion', stated: '1500.90' }));
    const gbk = await editor.request({ method: 'POST', url: '/api/audit/document', payload: { filename: 'plan.txt', contentBase64: iconv.encode(text, 'gb18030').toString('base64') } });
    expect((gbk.json() as { document: { title: string } }).document.title).toBe('某县2026年度国有建设用地供应计划');
    const bad = await editor.request({ method: 'POST', url: '/api/audit/document', payload: { filename: 'plan.docx', contentBase64: Buffer.from('not a zip').toString('base64') } });
    expect(bad.statusCode).toBe(400);
    expect((await editor.request({ method: 'POST', url: '/api/audit/document', payload: { filename: 'plan.exe', contentBase64: 'AAAA' } })).statusCode).toBe(400);
  });
});
