/** The rules catalogue (DOMAIN §6), by scope. Which run, with which parameters, is the rule set's business. */
import type { Rule } from './rule.js';
import type { PlanContext, PostSupplyContext, SupplyContext } from './context.js';
import { commercialPurposePublicBidding } from './supply/commercial-purpose-public-bidding.js';
import { competingApplicantsBidding } from './supply/competing-applicants-bidding.js';
import { allocationEligibility } from './supply/allocation-eligibility.js';
import { negotiatedGrantAllowed } from './supply/negotiated-grant-allowed.js';
import { residentialFarMin } from './supply/residential-far-min.js';
import { villaBan } from './supply/villa-ban.js';
import { residentialParcelMaxArea } from './supply/residential-parcel-max-area.js';
import { maxTermByUse } from './supply/max-term-by-use.js';
import { reservePriceFloor } from './supply/reserve-price-floor.js';
import { industrialFloorDiscount70 } from './supply/industrial-floor-discount-70.js';
import { negotiatedGrantPriceFloor } from './supply/negotiated-grant-price-floor.js';
import { cleanLandPrecondition } from './supply/clean-land-precondition.js';
import { announcementLead20d } from './supply/announcement-lead-20d.js';
import { listingPeriodMin } from './supply/listing-period-min.js';
import { bidDeposit20 } from './supply/bid-deposit-20.js';
import { noBundledGrant } from './supply/no-bundled-grant.js';
import { industrialAdminShareMax, industrialBuildingCoverageMin, industrialGreenRatioMax } from './supply/industrial-indicators.js';
import { industrialFarMinByIndustry } from './supply/industrial-far-min-by-industry.js';
import { industrialInvestmentIntensityMin } from './supply/industrial-investment-intensity-min.js';
import { planTotalCap } from './supply/plan-total-cap.js';
import { housingLandPlanPublished } from './supply/housing-land-plan-published.js';
import { grantContractDeadline } from './supply/grant-contract-deadline.js';
import { grantPaymentSchedule } from './supply/grant-payment-schedule.js';
import { reservePriceProcedure } from './supply/reserve-price-procedure.js';
import { dealResultPublication } from './supply/deal-result-publication.js';
import { planningConditionsBeforeGrant } from './supply/planning-conditions-before-grant.js';
import { newLandApprovals } from './supply/new-land-approvals.js';
import { unusedLandIndustrialPrice } from './supply/unused-land-industrial-price.js';
import { bidderStanding } from './supply/bidder-standing.js';
import { grantContractFields } from './supply/grant-contract-fields.js';
import { planCoversAllSupply } from './supply/plan-covers-all-supply.js';
import { insideUrbanDevelopmentBoundary, noEcologicalRedLine, noPermanentBasicFarmland, parcelAreaVsRegistered, parcelsNoOverlap } from './spatial/spatial-rules.js';
import { idleFee1y, idleGovernmentCause, idlePartialStart, idleRecovery2y, startOverdueWarning } from './post-supply/idle-rules.js';
import { planStructure } from './plan/plan-structure.js';
import { housingShare70 } from './plan/housing-share-70.js';
import { planFiveYearComparison } from './plan/five-year.js';
import { housingInventoryCycle } from './plan/housing-inventory-cycle.js';
import { planIndicatorKinds } from './plan/indicator-kinds.js';
import { planPublicationDeadline } from './plan/publication-deadline.js';
import { planAdjustmentProcedure } from './plan/adjustment-procedure.js';
import { planParcelsIdentified } from './plan/parcels-identified.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export const PLAN_RULES: readonly Rule<PlanContext, any>[] = [planStructure, housingShare70, planFiveYearComparison, housingInventoryCycle, planIndicatorKinds, planPublicationDeadline, planAdjustmentProcedure, planParcelsIdentified];

/** Supply- and parcel-scope rules: everything checked before a supply is recorded. */
export const SUPPLY_RULES: readonly Rule<SupplyContext, any>[] = [
  commercialPurposePublicBidding, competingApplicantsBidding, allocationEligibility, negotiatedGrantAllowed,
  residentialFarMin, villaBan, residentialParcelMaxArea, maxTermByUse,
  reservePriceFloor, industrialFloorDiscount70, negotiatedGrantPriceFloor, bidDeposit20,
  unusedLandIndustrialPrice,
  cleanLandPrecondition, noBundledGrant, announcementLead20d, listingPeriodMin,
  housingLandPlanPublished, planningConditionsBeforeGrant, newLandApprovals, reservePriceProcedure, bidderStanding,
  grantContractDeadline, dealResultPublication, grantPaymentSchedule, grantContractFields,
  industrialBuildingCoverageMin, industrialAdminShareMax, industrialGreenRatioMax, industrialFarMinByIndustry, industrialInvestmentIntensityMin,
  planCoversAllSupply, planTotalCap,
  noPermanentBasicFarmland, noEcologicalRedLine, insideUrbanDevelopmentBoundary, parcelsNoOverlap, parcelAreaVsRegistered,
];

export const POST_SUPPLY_RULES: readonly Rule<PostSupplyContext, any>[] = [startOverdueWarning, idleFee1y, idleRecovery2y, idlePartialStart, idleGovernmentCause];

export const ALL_RULES: readonly Rule<any, any>[] = [...PLAN_RULES, ...SUPPLY_RULES, ...POST_SUPPLY_RULES];
