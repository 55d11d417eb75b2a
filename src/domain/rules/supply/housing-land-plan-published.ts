/**
 * No housing land before the year's 住房用地供应计划 is published (国土资发〔2010〕34号): the grant
 * (its announcement, else its contract) must not precede the publication date.
 * Input: `dates.housingLandPlanPublication`; without it the rule reports that it cannot check.
 * Example: plan published 2026-03-20, announcement 2026-03-10 → error.
 */
import { z } from 'zod';
import { cannotCheck, draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { NOTICE_34 } from '../bases.js';
import { useClassList, useIn } from '../params.js';

const params = z.object({ useClasses: useClassList });

export const housingLandPlanPublished: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'housing-land-plan-published',
  scope: 'supply',
  title: { zh: '住房用地供应计划公布前不得供应住宅用地', en: 'no housing land before the housing-land plan is published' },
  basis: { document: NOTICE_34, confidence: 'secondary' },
  severity: 'error',
  params,
  check({ supply: s }, p) {
    if (!useIn(s, p.useClasses)) return [];
    const published = s.dates.housingLandPlanPublication;
    if (!published) return [cannotCheck('dates.housingLandPlanPublication', '年度住房用地供应计划公布日期', 'the publication date of the housing-land supply plan')];
    const [field, date] = s.dates.announcement ? ['dates.announcement', s.dates.announcement] : s.dates.contract ? ['dates.contract', s.dates.contract] : [undefined, undefined];
    if (!field || !date) return [cannotCheck('dates.announcement', '出让公告或合同日期', 'the announcement or contract date')];
    if (date >= published) return [];
    return [draft('error', `住房用地供应计划于 ${published} 公布，本宗住宅用地在此之前（${date}）即已供应`, `the housing-land plan was published ${published}; this housing land was supplied before it (${date})`, [field, 'dates.housingLandPlanPublication'], { stated: date, expected: `>= ${published}` })];
  },
};
