/** One passing and one failing context per supply- and parcel-scope rule, with what the failure must say. */
import type { Severity } from '../../src/domain/finding.js';
import type { SupplyContext } from '../../src/domain/rules/context.js';
import { allocationSchool, cleanSpatial, industrialListing, negotiatedClinic, patch, quotaState, residentialListing, supplyCtx } from './helpers.js';

export interface RuleCase<C> {
  readonly rule: string;
  readonly pass: () => C;
  readonly fail: () => C;
  readonly severity: Severity;
  /** Fields the failing finding names. */
  readonly figures: readonly string[];
  readonly ruleSet?: string;
}

/** A residential listing with a signed contract carrying every model-contract field. */
const contracted = patch(residentialListing, {
  supervisionNumber: '6531302026B00017', contractNumber: '巴出让〔2026〕17号', assignee: '甲公司',
  prices: { transaction: '3600' }, paymentSchedule: [{ dueDate: '2026-06-19', amount: '1800' }, { dueDate: '2027-05-19', amount: '1800' }],
});

export const SUPPLY_CASES: readonly RuleCase<SupplyContext>[] = [
  { rule: 'commercial-purpose-public-bidding', pass: () => supplyCtx(residentialListing), fail: () => supplyCtx(patch(residentialListing, { method: '3', intendedUsers: 1 })), severity: 'error', figures: ['method', 'useCode'] },
  { rule: 'competing-applicants-bidding', pass: () => supplyCtx(negotiatedClinic), fail: () => supplyCtx(patch(negotiatedClinic, { intendedUsers: 3 })), severity: 'error', figures: ['intendedUsers', 'method'] },
  { rule: 'allocation-eligibility', pass: () => supplyCtx(allocationSchool), fail: () => supplyCtx(patch(allocationSchool, { allocationCatalogueItem: '九十九' })), severity: 'error', figures: ['allocationCatalogueItem'] },
  { rule: 'negotiated-grant-allowed', pass: () => supplyCtx(negotiatedClinic), fail: () => supplyCtx({ ...negotiatedClinic, intendedUsers: undefined }), severity: 'error', figures: ['intendedUsers'] },
  { rule: 'residential-far-min', pass: () => supplyCtx(residentialListing), fail: () => supplyCtx(patch(residentialListing, { far: { min: '0.8' } })), severity: 'error', figures: ['far.min'] },
  // The FAR test is a heuristic: a warning, labelled so (the declared villa is the error, tested in missing-rules.test.ts).
  { rule: 'villa-ban', pass: () => supplyCtx(residentialListing), fail: () => supplyCtx(patch(residentialListing, { far: { min: '0.5', max: '0.9' } })), severity: 'warning', figures: ['far.max'] },
  { rule: 'residential-parcel-max-area', pass: () => supplyCtx(patch(residentialListing, { area: { ha: '7' } })), fail: () => supplyCtx({ ...residentialListing, area: { m2: '70000.01' } }), severity: 'error', figures: ['area'] },
  { rule: 'max-term-by-use', pass: () => supplyCtx(patch(residentialListing, { useCode: '0901', housingType: undefined, termYears: 40 })), fail: () => supplyCtx(patch(residentialListing, { useCode: '0901', housingType: undefined, termYears: 50 })), severity: 'error', figures: ['termYears'] },
  { rule: 'reserve-price-floor', pass: () => supplyCtx(industrialListing), fail: () => supplyCtx(patch(industrialListing, { prices: { reserve: '167.99', cost: '100' } })), severity: 'error', figures: ['prices.reserve'] },
  {
    rule: 'industrial-floor-discount-70',
    pass: () => supplyCtx(patch(industrialListing, { prices: { reserve: '117.6', cost: '100' }, floorDiscount: { provincialPriority: true, landIntensive: true, document: '新政办〔2026〕1号' } })),
    fail: () => supplyCtx(patch(industrialListing, { prices: { reserve: '117.6', cost: '100' }, floorDiscount: { provincialPriority: true, landIntensive: false, document: '新政办〔2026〕1号' } })),
    severity: 'error',
    figures: ['floorDiscount'],
  },
  { rule: 'negotiated-grant-price-floor', pass: () => supplyCtx(patch(negotiatedClinic, { prices: { transaction: '300' } })), fail: () => supplyCtx(patch(negotiatedClinic, { prices: { transaction: '279.99', cost: '200' } })), severity: 'error', figures: ['prices.transaction', 'prices.benchmarkYuanPerM2'] },
  { rule: 'bid-deposit-20', pass: () => supplyCtx(residentialListing), fail: () => supplyCtx(patch(residentialListing, { prices: { bidDeposit: '599.99' } })), severity: 'error', figures: ['prices.bidDeposit'] },
  { rule: 'clean-land-precondition', pass: () => supplyCtx(residentialListing), fail: () => supplyCtx(patch(residentialListing, { cleanLand: { compensationSettled: false } })), severity: 'error', figures: ['cleanLand.compensationSettled'] },
  { rule: 'no-bundled-or-raw-grant', pass: () => supplyCtx(residentialListing), fail: () => supplyCtx(patch(residentialListing, { bundled: true })), severity: 'error', figures: ['bundled'] },
  { rule: 'announcement-lead-20d', pass: () => supplyCtx(residentialListing), fail: () => supplyCtx(patch(residentialListing, { dates: { listingStart: '2026-04-20' } })), severity: 'error', figures: ['dates.announcement', 'dates.listingStart'] },
  // 10 calendar days, both ends counted: 04-29 … 05-08 is 10 days, 04-30 … 05-08 is 9.
  { rule: 'listing-period-min', pass: () => supplyCtx(patch(residentialListing, { dates: { listingStart: '2026-04-29', listingEnd: '2026-05-08' } })), fail: () => supplyCtx(patch(residentialListing, { dates: { listingStart: '2026-04-30', listingEnd: '2026-05-08' } })), severity: 'error', figures: ['dates.listingStart', 'dates.listingEnd'] },
  { rule: 'industrial-building-coverage-min', pass: () => supplyCtx(patch(industrialListing, { industrial: { buildingCoverage: '0.30' } })), fail: () => supplyCtx(patch(industrialListing, { industrial: { buildingCoverage: '0.29' } })), severity: 'error', figures: ['industrial.buildingCoverage'] },
  { rule: 'industrial-admin-share-max', pass: () => supplyCtx(patch(industrialListing, { industrial: { adminShare: '0.07' } })), fail: () => supplyCtx(patch(industrialListing, { industrial: { adminShare: '0.0701' } })), severity: 'error', figures: ['industrial.adminShare'] },
  { rule: 'industrial-green-ratio-max', pass: () => supplyCtx(patch(industrialListing, { industrial: { greenRatio: '0.20' } })), fail: () => supplyCtx(patch(industrialListing, { industrial: { greenRatio: '0.25' } })), severity: 'error', figures: ['industrial.greenRatio'] },
  { rule: 'industrial-far-min-by-industry', pass: () => supplyCtx(patch(industrialListing, { industrial: { far: '0.7' } })), fail: () => supplyCtx(patch(industrialListing, { industrial: { far: '0.69' } })), severity: 'error', figures: ['industrial.far', 'industryCode'] },
  // Disabled nationally (no official table): judged under a test rule set that loads one.
  { rule: 'industrial-investment-intensity-min', ruleSet: 'test-investment', pass: () => supplyCtx(patch(industrialListing, { industrial: { investmentWanYuanPerHa: '1300' } })), fail: () => supplyCtx(patch(industrialListing, { industrial: { investmentWanYuanPerHa: '1299' } })), severity: 'error', figures: ['industrial.investmentWanYuanPerHa'] },
  { rule: 'plan-covers-all-supply', pass: () => supplyCtx(residentialListing, { quota: quotaState() }), fail: () => supplyCtx(patch(residentialListing, { useCode: '1501', housingType: undefined }), { quota: quotaState() }), severity: 'error', figures: ['useCode'] },
  { rule: 'plan-total-cap', pass: () => supplyCtx(residentialListing, { quota: quotaState('2') }), fail: () => supplyCtx(residentialListing, { quota: quotaState('2.01') }), severity: 'error', figures: ['quota.category=residential;district=kashgar', 'area'] },
  { rule: 'no-permanent-basic-farmland', pass: () => supplyCtx(residentialListing, { spatial: { ...cleanSpatial, farmlandM2: 1 } }), fail: () => supplyCtx(residentialListing, { spatial: { ...cleanSpatial, farmlandM2: 1.01 } }), severity: 'error', figures: ['geometry'] },
  { rule: 'no-ecological-red-line', pass: () => supplyCtx(residentialListing, { spatial: cleanSpatial }), fail: () => supplyCtx(residentialListing, { spatial: { ...cleanSpatial, redLineM2: 250 } }), severity: 'error', figures: ['geometry'] },
  { rule: 'inside-urban-development-boundary', pass: () => supplyCtx(residentialListing, { spatial: cleanSpatial }), fail: () => supplyCtx(residentialListing, { spatial: { ...cleanSpatial, outsideUrbanBoundaryM2: 400 } }), severity: 'warning', figures: ['geometry'] },
  { rule: 'parcels-no-overlap', pass: () => supplyCtx(residentialListing, { spatial: { ...cleanSpatial, overlaps: [{ parcelId: 'P9', areaM2: 0.4 }] } }), fail: () => supplyCtx(residentialListing, { spatial: { ...cleanSpatial, overlaps: [{ parcelId: 'P9', areaM2: 12 }] } }), severity: 'error', figures: ['geometry'] },
  { rule: 'parcel-area-vs-registered', pass: () => supplyCtx(residentialListing, { spatial: { ...cleanSpatial, parcelAreaM2: 30300 } }), fail: () => supplyCtx(residentialListing, { spatial: { ...cleanSpatial, parcelAreaM2: 30300.01 } }), severity: 'warning', figures: ['area', 'geometry'] },
  { rule: 'housing-land-plan-published', pass: () => supplyCtx(patch(residentialListing, { dates: { housingLandPlanPublication: '2026-04-01' } })), fail: () => supplyCtx(patch(residentialListing, { dates: { housingLandPlanPublication: '2026-04-02' } })), severity: 'error', figures: ['dates.announcement', 'dates.housingLandPlanPublication'] },
  { rule: 'planning-conditions-before-grant', pass: () => supplyCtx(patch(residentialListing, { planningConditions: { number: '巴规条〔2026〕3号', issuedOn: '2026-04-01' } })), fail: () => supplyCtx(patch(residentialListing, { planningConditions: { number: '巴规条〔2026〕3号', issuedOn: '2026-04-02' } })), severity: 'error', figures: ['planningConditions.issuedOn', 'dates.announcement'] },
  {
    rule: 'new-land-approvals',
    pass: () => supplyCtx(patch(residentialListing, { landApprovals: { conversion: { number: '新政土批〔2026〕1号', date: '2026-03-01' }, expropriation: { number: '新政土批〔2026〕1号', date: '2026-04-01' } } })),
    fail: () => supplyCtx(patch(residentialListing, { landApprovals: { conversion: { number: '新政土批〔2026〕1号', date: '2026-03-01' }, expropriation: { number: '新政土批〔2026〕1号', date: '2026-04-02' } } })),
    severity: 'error',
    figures: ['landApprovals.expropriation.date', 'dates.announcement'],
  },
  { rule: 'reserve-price-procedure', pass: () => supplyCtx(patch(residentialListing, { reservePriceDecision: { collective: true, number: '县土地出让领导小组2026年第3次会议纪要', disclosed: false } })), fail: () => supplyCtx(patch(residentialListing, { reservePriceDecision: { collective: false, disclosed: false } })), severity: 'error', figures: ['reservePriceDecision.collective'] },
  { rule: 'bidder-standing', pass: () => supplyCtx(patch(residentialListing, { bidders: [{ name: '甲公司', landPriceArrears: false, idleLand: false }] })), fail: () => supplyCtx(patch(residentialListing, { bidders: [{ name: '甲公司', landPriceArrears: false, idleLand: true }] })), severity: 'error', figures: ['bidders[0].idleLand'] },
  // 10 working days after a Friday deal: 05-22 is the 10th, 05-25 the 11th.
  { rule: 'grant-contract-deadline', pass: () => supplyCtx(patch(residentialListing, { dates: { deal: '2026-05-08', contract: '2026-05-22' } })), fail: () => supplyCtx(patch(residentialListing, { dates: { deal: '2026-05-08', contract: '2026-05-25' } })), severity: 'error', figures: ['dates.deal', 'dates.contract'] },
  { rule: 'deal-result-publication', pass: () => supplyCtx(patch(residentialListing, { dates: { deal: '2026-05-08', resultPublication: '2026-05-22' } })), fail: () => supplyCtx(patch(residentialListing, { dates: { deal: '2026-05-08', resultPublication: '2026-05-25' } })), severity: 'error', figures: ['dates.deal', 'dates.resultPublication'] },
  {
    rule: 'grant-payment-schedule',
    pass: () => supplyCtx(patch(residentialListing, { prices: { transaction: '1000' }, paymentSchedule: [{ dueDate: '2026-06-20', amount: '500' }, { dueDate: '2027-05-20', amount: '500' }] })),
    fail: () => supplyCtx(patch(residentialListing, { prices: { transaction: '1000' }, paymentSchedule: [{ dueDate: '2026-06-20', amount: '499.99' }, { dueDate: '2027-05-20', amount: '500.01' }] })),
    severity: 'error',
    figures: ['paymentSchedule', 'prices.transaction'],
  },
  { rule: 'grant-contract-fields', pass: () => supplyCtx(contracted), fail: () => supplyCtx({ ...contracted, supervisionNumber: undefined }), severity: 'warning', figures: ['supervisionNumber'] },
  // 2 ha in 等别 14 (84 元/m²) = 168 万元; inside the urban construction area 50% = 84 万元.
  { rule: 'unused-land-industrial-price', pass: () => supplyCtx(patch(industrialListing, { unusedLand: { insideUrbanConstructionArea: true }, prices: { reserve: '84', cost: '1' } })), fail: () => supplyCtx(patch(industrialListing, { unusedLand: { insideUrbanConstructionArea: true }, prices: { reserve: '83.99', cost: '1' } })), severity: 'error', figures: ['prices.reserve', 'unusedLand'] },
  { rule: 'housing-land-plan-published', pass: () => supplyCtx(patch(residentialListing, { dates: { housingLandPlanPublication: '2026-04-01' } })), fail: () => supplyCtx(patch(residentialListing, { dates: { housingLandPlanPublication: '2026-04-02' } })), severity: 'error', figures: ['dates.announcement', 'dates.housingLandPlanPublication'] },
  { rule: 'planning-conditions-before-grant', pass: () => supplyCtx(patch(residentialListing, { planningConditions: { number: '巴规条〔2026〕3号', issuedOn: '2026-04-01' } })), fail: () => supplyCtx(patch(residentialListing, { planningConditions: { number: '巴规条〔2026〕3号', issuedOn: '2026-04-02' } })), severity: 'error', figures: ['planningConditions.issuedOn', 'dates.announcement'] },
  {
    rule: 'new-land-approvals',
    pass: () => supplyCtx(patch(residentialListing, { landApprovals: { conversion: { number: '新政土批〔2026〕1号', date: '2026-03-01' }, expropriation: { number: '新政土批〔2026〕1号', date: '2026-04-01' } } })),
    fail: () => supplyCtx(patch(residentialListing, { landApprovals: { conversion: { number: '新政土批〔2026〕1号', date: '2026-03-01' }, expropriation: { number: '新政土批〔2026〕1号', date: '2026-04-02' } } })),
    severity: 'error',
    figures: ['landApprovals.expropriation.date', 'dates.announcement'],
  },
  { rule: 'reserve-price-procedure', pass: () => supplyCtx(patch(residentialListing, { reservePriceDecision: { collective: true, number: '县土地出让领导小组2026年第3次会议纪要', disclosed: false } })), fail: () => supplyCtx(patch(residentialListing, { reservePriceDecision: { collective: false, disclosed: false } })), severity: 'error', figures: ['reservePriceDecision.collective'] },
  { rule: 'bidder-standing', pass: () => supplyCtx(patch(residentialListing, { bidders: [{ name: '甲公司', landPriceArrears: false, idleLand: false }] })), fail: () => supplyCtx(patch(residentialListing, { bidders: [{ name: '甲公司', landPriceArrears: false, idleLand: true }] })), severity: 'error', figures: ['bidders[0].idleLand'] },
  // 10 working days after a Friday deal: 05-22 is the 10th, 05-25 the 11th.
  { rule: 'grant-contract-deadline', pass: () => supplyCtx(patch(residentialListing, { dates: { deal: '2026-05-08', contract: '2026-05-22' } })), fail: () => supplyCtx(patch(residentialListing, { dates: { deal: '2026-05-08', contract: '2026-05-25' } })), severity: 'error', figures: ['dates.deal', 'dates.contract'] },
  { rule: 'deal-result-publication', pass: () => supplyCtx(patch(residentialListing, { dates: { deal: '2026-05-08', resultPublication: '2026-05-22' } })), fail: () => supplyCtx(patch(residentialListing, { dates: { deal: '2026-05-08', resultPublication: '2026-05-25' } })), severity: 'error', figures: ['dates.deal', 'dates.resultPublication'] },
  {
    rule: 'grant-payment-schedule',
    pass: () => supplyCtx(patch(residentialListing, { prices: { transaction: '1000' }, paymentSchedule: [{ dueDate: '2026-06-20', amount: '500' }, { dueDate: '2027-05-20', amount: '500' }] })),
    fail: () => supplyCtx(patch(residentialListing, { prices: { transaction: '1000' }, paymentSchedule: [{ dueDate: '2026-06-20', amount: '499.99' }, { dueDate: '2027-05-20', amount: '500.01' }] })),
    severity: 'error',
    figures: ['paymentSchedule', 'prices.transaction'],
  },
  { rule: 'grant-contract-fields', pass: () => supplyCtx(contracted), fail: () => supplyCtx({ ...contracted, supervisionNumber: undefined }), severity: 'warning', figures: ['supervisionNumber'] },
  // 2 ha in 等别 14 (84 元/m²) = 168 万元; inside the urban construction area 50% = 84 万元.
  { rule: 'unused-land-industrial-price', pass: () => supplyCtx(patch(industrialListing, { unusedLand: { insideUrbanConstructionArea: true }, prices: { reserve: '84', cost: '1' } })), fail: () => supplyCtx(patch(industrialListing, { unusedLand: { insideUrbanConstructionArea: true }, prices: { reserve: '83.99', cost: '1' } })), severity: 'error', figures: ['prices.reserve', 'unusedLand'] },
];
