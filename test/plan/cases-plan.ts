/** One passing and one failing plan per plan-scope rule. */
import type { PlanContext } from '../../src/domain/rules/context.js';
import type { RuleCase } from '../rules/cases-supply.js';
import { planOf, smallPlan, type Json } from './fixtures.js';

const ctx = (j: Json): PlanContext => ({ plan: planOf(j) });
const cells = smallPlan['cells'] as Json[];

export const PLAN_CASES: readonly RuleCase<PlanContext>[] = [
  { rule: 'plan-structure', pass: () => ctx(smallPlan), fail: () => ctx({ ...smallPlan, statedTotal: '100.01' }), severity: 'error', figures: ['statedTotal', 'cells'] },
  {
    rule: 'housing-share-70',
    pass: () => ctx(smallPlan),
    // 6 + 14 = 20 of 30 ha counted: 66.67% < 70%
    fail: () => ctx({ ...smallPlan, cells: cells.map((c) => (c['housingType'] === '中小套型普通商品住房' ? { ...c, area: '14.00' } : c['housingType'] === '其他商品住房' ? { ...c, area: '10.00' } : c)) }),
    severity: 'warning',
    figures: ['cells.housingType'],
  },
  { rule: 'plan-five-year-comparison', pass: () => ctx(smallPlan), fail: () => ctx({ ...smallPlan, fiveYearAverage: { total: '66.66' } }), severity: 'warning', figures: ['fiveYearAverage.total'] },
  // Off nationally; enabled by a test rule set. 24 ha of commercial housing (15 + 9): at 36 months it must not exceed what is revitalised; above 36, none.
  {
    rule: 'housing-inventory-cycle',
    ruleSet: 'test-housing-inventory',
    pass: () => ctx({ ...smallPlan, housingInventory: { months: '36', revitalisedArea: '24.00' } }),
    fail: () => ctx({ ...smallPlan, housingInventory: { months: '36.01', revitalisedArea: '24.00' } }),
    severity: 'error',
    figures: ['housingInventory.months', 'cells.housingType'],
  },
  { rule: 'plan-indicator-kinds', pass: () => ctx(smallPlan), fail: () => ctx({ ...smallPlan, marginals: [{ key: { category: 'transport' }, area: '20.00', kind: 'binding', label: '交通运输用地' }] }), severity: 'error', figures: ['marginals[0].kind'] },
  {
    rule: 'plan-adjustment-procedure',
    pass: () => ctx({ ...smallPlan, adjustment: { decisionRef: '县计划协调小组2026年第2次会议纪要', approvalRef: '县政府批复〔2026〕8号', publicationRef: '2026-07-01' } }),
    fail: () => ctx({ ...smallPlan, adjustment: { decisionRef: '县计划协调小组2026年第2次会议纪要', publicationRef: '2026-07-01' } }),
    severity: 'warning',
    figures: ['adjustment.approvalRef'],
  },
  {
    rule: 'plan-parcels-identified',
    pass: () => ctx({ ...smallPlan, parcels: [{ number: 'P1', category: '居住用地', district: 'kashgar', area: '30.00' }, { number: 'P2', category: '工业用地', district: 'park', area: '50.00' }] }),
    fail: () => ctx({ ...smallPlan, parcels: [{ number: 'P1', category: '居住用地', district: 'kashgar', area: '30.01' }, { number: 'P2', category: '工业用地', district: 'park', area: '50.00' }] }),
    severity: 'error',
    figures: ['parcels', 'rows.residential'],
  },
  { rule: 'plan-publication-deadline', pass: () => ctx(smallPlan), fail: () => ctx({ ...smallPlan, publishedOn: '2026-04-01' }), severity: 'warning', figures: ['publishedOn'] },
];
