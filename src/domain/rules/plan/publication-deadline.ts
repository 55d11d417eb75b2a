/**
 * The plan is published on or before 31 March of the plan year (117号; "3月31日前", secondary).
 * Month-day and whether the day itself counts are rule-set parameters.
 * Example: a 2026 plan published 2026-04-10 → warning.
 */
import { z } from 'zod';
import { draft, type Rule } from '../rule.js';
import type { PlanContext } from '../context.js';

const params = z.object({ monthDay: z.string().regex(/^\d{2}-\d{2}$/), inclusive: z.boolean() });

export const planPublicationDeadline: Rule<PlanContext, z.infer<typeof params>> = {
  id: 'plan-publication-deadline',
  scope: 'plan',
  title: { zh: '计划应于3月31日前公布', en: 'published by 31 March' },
  basis: { document: '《国有建设用地供应计划编制规范（试行）》（国土资发〔2010〕117号）', article: '第十章', confidence: 'secondary' },
  severity: 'warning',
  params,
  directions: { monthDay: 'maximum' },
  check({ plan }, p) {
    const deadline = `${plan.year}-${p.monthDay}`;
    const d = plan.publishedOn;
    if (!d) return [draft('info', `计划尚未填写公布日期（应于 ${deadline}${p.inclusive ? '及以前' : '以前'}公布）`, `no publication date yet (due ${p.inclusive ? 'on or before' : 'before'} ${deadline})`, ['publishedOn'])];
    const late = p.inclusive ? d > deadline : d >= deadline;
    if (!late) return [];
    return [draft('warning', `计划于 ${d} 公布，晚于 ${deadline}`, `published ${d}, after the deadline ${deadline}`, ['publishedOn'], { stated: d, expected: `${p.inclusive ? '<=' : '<'} ${deadline}` })];
  },
};
