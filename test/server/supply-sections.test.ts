/**
 * The supply form's optional sections through the API: the fields the rules check (规划条件,
 * 用地审批, 底价 procedure, bidders, deal and publication, contract, payments) are accepted
 * strictly, reach the rules (the cannot-check findings go away), are stored with the parcel, and a
 * misspelt or extra field inside a section is refused naming its path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, type Fixture } from './fixture.js';
import { login, type Client } from './helpers.js';
import { lawfulSupply } from '../store/supply-fixtures.js';
import type { FindingDto } from '../../src/server/schemas.js';

let f: Fixture;
let editor: Client;
beforeAll(async () => {
  f = await fixture();
  editor = await login(f.app, 'editor');
});
afterAll(async () => {
  await f.app.close();
  await f.store.close();
});

const SECTIONS = {
  supervisionNumber: '6531302026B00101',
  contractNumber: '巴楚出让〔2026〕101号',
  assignee: '甲置业有限公司',
  existingLandArea: { ha: '1.25' },
  planningConditions: { number: '巴规条〔2026〕9号', issuedOn: '2026-02-20' },
  reservePriceDecision: { collective: true, number: '巴楚县土地出让会议纪要〔2026〕3号', disclosed: false },
  bidders: [{ name: '甲置业有限公司', landPriceArrears: false, idleLand: false }],
  paymentSchedule: [{ dueDate: '2026-05-15', amount: '310' }, { dueDate: '2026-09-15', amount: '310.000000' }],
};
const DATES = { announcement: '2026-03-01', listingStart: '2026-03-25', listingEnd: '2026-04-08', contract: '2026-04-15', housingLandPlanPublication: '2026-01-20', deal: '2026-04-08', resultPublication: '2026-04-10', agreedDelivery: '2026-05-01', agreedStart: '2026-07-01', agreedCompletion: '2028-07-01' };

const body = (supply: Record<string, unknown>) => ({ planId: f.publishedPlanId, planVersionId: f.publishedVersionId, supply });
const cannotCheck = (fs: FindingDto[]) => fs.filter((x) => x.severity === 'info' && x.missing?.length);

describe('the supply sections through the API', () => {
  it('the check without them lists the missing inputs; with them the cannot-check findings are gone', async () => {
    const bare = await editor.request({ method: 'POST', url: '/api/supply/check', payload: body(lawfulSupply('SEC-1')) });
    expect(bare.statusCode, bare.body).toBe(200);
    const before = cannotCheck((bare.json() as { findings: FindingDto[] }).findings);
    expect(before.length).toBeGreaterThanOrEqual(6);
    expect(before.flatMap((x) => x.missing!.map((m) => m.field))).toEqual(expect.arrayContaining(['planningConditions.issuedOn', 'dates.deal', 'reservePriceDecision.collective', 'bidders', 'paymentSchedule']));
    for (const x of before) expect(x.missing!.every((m) => m.label.zh && m.label.en)).toBe(true);
    const full = await editor.request({ method: 'POST', url: '/api/supply/check', payload: body(lawfulSupply('SEC-1', { ...SECTIONS, dates: DATES })) });
    expect(full.statusCode, full.body).toBe(200);
    const after = (full.json() as { allowed: boolean; findings: FindingDto[] });
    expect(cannotCheck(after.findings).map((x) => x.rule)).toEqual([]);
    expect(after.findings.filter((x) => x.severity === 'error').map((x) => x.rule)).toEqual([]);
    expect(after.findings.map((x) => x.rule)).not.toContain('grant-contract-fields');
    expect(after.allowed).toBe(true);
  });

  it('the rules read them: a payment schedule short of the price, a bidder with arrears are errors', async () => {
    const r = await editor.request({
      method: 'POST',
      url: '/api/supply/check',
      payload: body(lawfulSupply('SEC-2', { ...SECTIONS, dates: DATES, paymentSchedule: [{ dueDate: '2026-05-15', amount: '100' }], bidders: [{ name: '乙公司', landPriceArrears: true, idleLand: false }] })),
    });
    const errors = (r.json() as { findings: FindingDto[] }).findings.filter((x) => x.severity === 'error').map((x) => x.rule);
    expect(errors).toEqual(expect.arrayContaining(['bidder-standing', 'grant-payment-schedule']));
    expect((r.json() as { allowed: boolean }).allowed).toBe(false);
  });

  it('refuses an unknown field inside a section, naming its path', async () => {
    for (const [over, path] of [
      [{ planningConditions: { number: 'x', issuedOn: '2026-02-20', issuer: '规划局' } }, 'body.supply.planningConditions'],
      [{ paymentSchedule: [{ dueDate: '2026-05-15', amount: '310', note: '首期' }] }, 'body.supply.paymentSchedule.0'],
      [{ paymentSchedule: [{ dueDate: '2026-15-01', amount: '310' }] }, 'body.supply.paymentSchedule.0.dueDate'],
      [{ bidders: [{ name: '甲\u202e公司' }] }, 'body.supply.bidders.0.name'],
      [{ reservePriceDecision: { collective: 'yes' } }, 'body.supply.reservePriceDecision.collective'],
    ] as const) {
      const r = await editor.request({ method: 'POST', url: '/api/supply/check', payload: body(lawfulSupply('SEC-3', over)) });
      expect(r.statusCode, JSON.stringify(over)).toBe(400);
      expect((r.json() as { error: { details: { path: string }[] } }).error.details.map((d) => d.path).join(' '), JSON.stringify(over)).toContain(path);
    }
  });

  it('records the supply with its sections, stored with the parcel as sent', async () => {
    const r = await editor.request({ method: 'POST', url: '/api/supply', payload: body(lawfulSupply('SEC-4', { ...SECTIONS, dates: DATES, area: { ha: '0.5' }, existingLandArea: { ha: '0.5' } })) });
    expect(r.statusCode, r.body).toBe(201);
    const parcelId = (r.json() as { parcelId: number }).parcelId;
    const row = await f.store.db.selectFrom('parcel').selectAll().where('id', '=', parcelId).executeTakeFirstOrThrow();
    const text = JSON.stringify(row);
    expect(text).toContain('巴规条〔2026〕9号');
    expect(text).toContain('310.000000');
  });
});
