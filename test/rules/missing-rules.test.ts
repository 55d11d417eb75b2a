/**
 * The rules a county bureau expects (RULES-REVIEW.md, "missing"), beyond the catalogue's pass and
 * fail cases: each says "cannot check: missing X" as info when its input is absent, never a silent pass.
 */
import { describe, expect, it } from 'vitest';
import { allocationSchool, industrialListing, negotiatedClinic, patch, residentialListing, runRule, supplyCtx, supplyOf, type Json } from './helpers.js';
import { idleClock } from '../../src/domain/rules/post-supply/clock.js';
import { planOf, smallPlan } from '../plan/fixtures.js';

const run = (id: string, json: Json, rs?: string) => runRule(id, supplyCtx(json), rs).map((f) => [f.severity, f.figures]);

describe('cannot check is an info naming the missing field', () => {
  const cases: [string, Json, string][] = [
    ['housing-land-plan-published', residentialListing, 'dates.housingLandPlanPublication'],
    ['planning-conditions-before-grant', residentialListing, 'planningConditions.issuedOn'],
    ['new-land-approvals', residentialListing, 'landApprovals.conversion.date'],
    ['reserve-price-procedure', residentialListing, 'reservePriceDecision.collective'],
    ['bidder-standing', residentialListing, 'bidders'],
    ['grant-contract-deadline', residentialListing, 'dates.deal'],
    ['deal-result-publication', residentialListing, 'dates.deal'],
    ['grant-payment-schedule', patch(residentialListing, { prices: { transaction: '3600' } }), 'paymentSchedule'],
  ];
  it.each(cases)('%s without %s', (id, json, field) => {
    const fs = runRule(id, supplyCtx(json));
    expect(fs.map((f) => f.severity)).not.toContain('error');
    expect(fs.some((f) => f.severity === 'info' && f.figures.includes(field) && f.message.zh.startsWith('无法核验') && f.message.en.startsWith('cannot check'))).toBe(true);
  });
  it('a grant not yet contracted says its contract fields are not checked yet', () => {
    expect(run('grant-contract-fields', { ...residentialListing, dates: { announcement: '2026-04-01' } })).toEqual([['info', ['dates.contract']]]);
  });
  it('existing land needs no conversion approval; state-owned land needs no expropriation', () => {
    expect(run('new-land-approvals', { ...residentialListing, existingLandArea: { ha: '3' } })).toEqual([]);
    expect(run('new-land-approvals', patch(residentialListing, { landApprovals: { conversion: { date: '2026-03-01' }, alreadyStateOwned: true } }))).toEqual([]);
  });
});

describe('the payment schedule', () => {
  const base = patch(residentialListing, { prices: { transaction: '1000' } });
  it('a balance due more than a year after the contract is refused', () => {
    expect(run('grant-payment-schedule', { ...base, paymentSchedule: [{ dueDate: '2026-06-20', amount: '500' }, { dueDate: '2027-05-21', amount: '500' }] })).toEqual([['error', ['paymentSchedule']]]);
  });
  it('a schedule not adding up to the price is a warning', () => {
    expect(run('grant-payment-schedule', { ...base, paymentSchedule: [{ dueDate: '2026-06-20', amount: '500' }, { dueDate: '2027-05-20', amount: '400' }] })).toEqual([['warning', ['paymentSchedule', 'prices.transaction']]]);
  });
});

describe('the reserve price is kept secret', () => {
  it('a disclosed reserve price is refused', () => {
    expect(run('reserve-price-procedure', patch(residentialListing, { reservePriceDecision: { collective: true, number: '纪要', disclosed: true } }))).toEqual([['error', ['reservePriceDecision.disclosed']]]);
  });
});

describe('industrial land on unused land (国土资发〔2009〕56号)', () => {
  // 2 ha at 等别 14: 168 万元; outside the urban area with the user preparing the site: 15% = 25.2 万元
  const outside = (reserve: string, userPreparesSite: boolean) => run('unused-land-industrial-price', patch(industrialListing, { unusedLand: { insideUrbanConstructionArea: false, userPreparesSite }, prices: { reserve, cost: '1' } }));
  it('outside, with the user preparing the site: 15% of the floor', () => {
    expect(outside('25.2', true)).toEqual([]);
    expect(outside('25.19', true)).toEqual([['error', ['prices.reserve', 'unusedLand']]]);
  });
  it('outside, without the user preparing the site: no reduction', () => {
    expect(outside('167.99', false)).toEqual([['error', ['prices.reserve', 'unusedLand']]]);
    expect(outside('168', false)).toEqual([]);
  });
  it('the ordinary floor rule leaves an unused-land claim to this rule', () => {
    expect(run('reserve-price-floor', patch(industrialListing, { unusedLand: { insideUrbanConstructionArea: true }, prices: { reserve: '84', cost: '1' } }))).toEqual([]);
  });
});

describe('配售型保障性住房 may be allocated (国发〔2023〕14号)', () => {
  const housing = { ...allocationSchool, useCode: '0701', allocationCatalogueItem: undefined };
  it('affordable housing for sale passes; commodity housing does not', () => {
    expect(run('allocation-eligibility', { ...housing, housingType: 'affordableForSale' })).toEqual([]);
    expect(run('allocation-eligibility', { ...housing, housingType: 'otherCommodity' })).toEqual([['error', ['method', 'housingType']]]);
  });
  it('it counts toward the 70% share nationally', () => {
    const plan = planOf({ ...smallPlan, cells: [{ category: '居住用地', housingType: '配售型保障性住房', district: 'kashgar', area: '21.00' }, { category: '居住用地', housingType: '其他商品住房', district: 'kashgar', area: '9.00' }, { category: '工矿仓储用地', district: 'park', area: '70.00' }] });
    const fs = runRule('housing-share-70', { plan });
    expect(fs.map((f) => [f.severity, f.expected])).toEqual([['info', '70']]);
  });
});

describe('corrections', () => {
  it('补办出让 of allocated land may be negotiated without stating one intended user', () => {
    expect(run('negotiated-grant-allowed', { ...negotiatedClinic, intendedUsers: undefined, supplementaryGrantOf: 'allocation' })).toEqual([['info', ['supplementaryGrantOf']]]);
  });
  it('a declared villa is an error citing the 2012 catalogue; the FAR test alone is a heuristic warning', () => {
    const v = runRule('villa-ban', supplyCtx(patch(residentialListing, { villa: true })));
    expect(v.map((f) => [f.severity, f.confidence])).toEqual([['error', 'secondary']]);
    const h = runRule('villa-ban', supplyCtx(patch(residentialListing, { far: { min: '0.5', max: '0.9' } })));
    expect(h.map((f) => [f.severity, f.confidence])).toEqual([['warning', 'heuristic']]);
    expect(h[0]!.message.zh).toContain('经验阈值');
  });
  it('the area tolerance is reported as a local heuristic', () => {
    const fs = runRule('parcel-area-vs-registered', { supply: supplyOf(residentialListing), spatial: { parcelAreaM2: 31000, farmlandM2: 0, redLineM2: 0, outsideUrbanBoundaryM2: 0, overlaps: [] } });
    expect(fs.map((f) => [f.severity, f.confidence])).toEqual([['warning', 'heuristic']]);
    expect(fs[0]!.message.zh).toContain('本地设定容差 1%');
  });
  it('the listing period counts calendar days nationally: 10 days over a weekend pass', () => {
    // 2026-05-01 (Fri) … 2026-05-10 (Sun): 10 calendar days, 6 working days.
    expect(run('listing-period-min', patch(residentialListing, { dates: { listingStart: '2026-05-01', listingEnd: '2026-05-10', contract: '2026-05-20' } }))).toEqual([]);
  });
  it('idle-fee-1y says the investigation must start, and cites 53号令', () => {
    const s = supplyOf(patch(industrialListing, { prices: { transaction: '250' } }));
    const fs = runRule('idle-fee-1y', { supply: s, asOf: '2027-09-01' });
    expect(fs[0]!.message.zh).toContain('应启动闲置土地调查和认定程序');
    expect(fs[0]!.basis).toContain('国土资源部令第53号');
  });
  it('idle-recovery-2y cites 土地管理法 第三十八条 (2019) and 城市房地产管理法 第二十六条', () => {
    const s = supplyOf(industrialListing);
    const fs = runRule('idle-recovery-2y', { supply: s, asOf: '2028-09-01' });
    expect(fs[0]!.basis).toContain('《中华人民共和国土地管理法》（2019年修正） 第三十八条');
    expect(fs[0]!.basis).toContain('《中华人民共和国城市房地产管理法》 第二十六条');
  });
  it('with no agreed start the idle clock counts from delivery + 1 year', () => {
    const s = supplyOf({ ...industrialListing, dates: { contract: '2026-05-20', agreedDelivery: '2026-06-01' } });
    expect(idleClock(s, '2027-01-01')).toMatchObject({ agreedStart: '2027-06-01', fromDelivery: true });
    expect(runRule('idle-fee-1y', { supply: s, asOf: '2028-05-31' })).toEqual([]);
    const fs = runRule('idle-fee-1y', { supply: s, asOf: '2028-06-01' });
    expect(fs.map((f) => f.rule)).toEqual(['idle-fee-1y']);
    expect(fs[0]!.message.zh).toContain('合同未约定开工日期，按交付土地之日起满一年计');
  });
  it('a government delay moves the start by at most one year', () => {
    const s = supplyOf({ ...industrialListing, governmentCauses: [{ code: 'plan-change', from: '2026-09-01', to: '2028-03-01' }] });
    expect(idleClock(s, '2028-06-01')).toMatchObject({ effectiveStart: '2027-09-01', capped: true });
    expect(runRule('idle-government-cause', { supply: s, asOf: '2028-06-01' }).map((f) => [f.severity, f.figures])).toEqual([
      ['warning', ['governmentCauses[0].supplementaryAgreement']],
      ['warning', ['governmentCauses']],
    ]);
  });
  it('a supplementary agreement sets the new start, capped at one year', () => {
    const within = supplyOf({ ...industrialListing, governmentCauses: [{ code: 'force-majeure', from: '2026-08-01', to: '2026-11-01', supplementaryAgreement: { date: '2026-11-10', newAgreedStart: '2027-03-01' } }] });
    expect(idleClock(within, '2027-06-01')).toMatchObject({ effectiveStart: '2027-03-01', capped: false });
    expect(runRule('idle-government-cause', { supply: within, asOf: '2027-06-01' })).toEqual([]);
    const beyond = supplyOf({ ...industrialListing, governmentCauses: [{ code: 'late-delivery', from: '2026-08-01', to: '2026-11-01', supplementaryAgreement: { date: '2026-11-10', newAgreedStart: '2028-03-01' } }] });
    expect(idleClock(beyond, '2028-06-01')).toMatchObject({ effectiveStart: '2027-09-01', capped: true });
  });
});
