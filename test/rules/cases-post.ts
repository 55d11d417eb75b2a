/** One passing and one failing context per post-supply rule. */
import type { PostSupplyContext } from '../../src/domain/rules/context.js';
import type { RuleCase } from './cases-supply.js';
import { industrialListing, patch, supplyOf } from './helpers.js';

const recorded = patch(industrialListing, { prices: { transaction: '250' }, dates: { agreedStart: '2026-09-01' } });
const at = (json: Record<string, unknown>, asOf: string): PostSupplyContext => ({ supply: supplyOf(json), asOf });

export const POST_CASES: readonly RuleCase<PostSupplyContext>[] = [
  { rule: 'start-overdue-warning', pass: () => at(recorded, '2026-09-01'), fail: () => at(recorded, '2026-09-02'), severity: 'warning', figures: ['dates.agreedStart', 'dates.actualStart'] },
  { rule: 'idle-fee-1y', pass: () => at(recorded, '2027-08-31'), fail: () => at(recorded, '2027-09-01'), severity: 'error', figures: ['dates.agreedStart', 'prices.transaction'] },
  { rule: 'idle-recovery-2y', pass: () => at(recorded, '2028-08-31'), fail: () => at(recorded, '2028-09-01'), severity: 'error', figures: ['dates.agreedStart', 'dates.actualStart'] },
  {
    rule: 'idle-partial-start',
    pass: () => at(patch(recorded, { dates: { actualStart: '2026-09-10' }, progress: { developedShare: '0.34', investedShare: '0.30', haltedSince: '2027-01-01' } }), '2028-01-01'),
    fail: () => at(patch(recorded, { dates: { actualStart: '2026-09-10' }, progress: { developedShare: '0.33', investedShare: '0.30', haltedSince: '2027-01-01' } }), '2028-01-01'),
    severity: 'error',
    figures: ['progress.developedShare', 'progress.investedShare', 'progress.haltedSince'],
  },
  {
    rule: 'idle-government-cause',
    pass: () => at({ ...recorded, governmentCauses: [{ code: 'late-delivery', from: '2026-08-01', to: '2026-12-01', supplementaryAgreement: { date: '2026-12-05', newAgreedStart: '2027-01-15' } }] }, '2027-01-01'),
    fail: () => at({ ...recorded, governmentCauses: [{ code: 'weather', from: '2026-08-01', to: '2026-12-01' }] }, '2027-01-01'),
    severity: 'warning',
    figures: ['governmentCauses[0].code'],
  },
];
