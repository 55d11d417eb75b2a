/**
 * Every supply links to a row of the plan in force: the plan covers all state-owned construction
 * land supplied in the year (《国有建设用地供应计划编制规范（试行）》, 国土资发〔2010〕117号).
 * Example: a 特殊用地 supply under a plan with no 特殊用地 row → error.
 */
import { draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { empty } from '../params.js';
import { STANDARD_117 } from '../bases.js';
import { planRowFor } from '../../supply.js';
import { planCategory } from '../../classification/index.js';

export const planCoversAllSupply: Rule<SupplyContext, Record<string, never>> = {
  id: 'plan-covers-all-supply',
  scope: 'supply',
  title: { zh: '供地须纳入年度供应计划', en: 'every supply belongs to a plan row' },
  basis: { document: STANDARD_117, confidence: 'secondary' },
  severity: 'error',
  params: empty as never,
  check({ supply: s, quota: q }) {
    if (!q) return [];
    if (planRowFor(s.category, new Set(q.categories))) return [];
    const name = planCategory(s.category)?.zh ?? s.category;
    return [draft('error', `年度供应计划中没有${name}（用途 ${s.useCode}）的计划指标，不得供地`, `the plan in force has no row for ${planCategory(s.category)?.en ?? s.category} (use ${s.useCode})`, ['useCode'])];
  },
};
