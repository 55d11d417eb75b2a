/**
 * An adjusted plan version carries the records of the procedure (《国有建设用地供应计划编制规范（试行）》,
 * 国土资发〔2010〕117号 第十一章): the coordinating decision body's collective decision, the original
 * approver's consent, and the republication. Which records are required is a rule-set parameter
 * ([BC] has the 县政府 approve and the adjusted parcels published).
 * Example: an adjustment with no approvalRef → warning naming adjustment.approvalRef.
 */
import { z } from 'zod';
import { draft, type Rule } from '../rule.js';
import type { PlanContext } from '../context.js';

const STEPS = {
  decisionRef: ['编制协调决策机构集体研究决定', 'collective decision of the coordinating body'],
  approvalRef: ['原批准机关同意', "original approver's consent"],
  publicationRef: ['重新公布', 'republication'],
} as const;
type Step = keyof typeof STEPS;

const params = z.object({ required: z.array(z.enum(Object.keys(STEPS) as [Step, ...Step[]])) });

export const planAdjustmentProcedure: Rule<PlanContext, z.infer<typeof params>> = {
  id: 'plan-adjustment-procedure',
  scope: 'plan',
  title: { zh: '计划调整须履行集体研究、报原批准机关同意并重新公布程序', en: 'an adjustment carries its decision, consent and republication' },
  basis: { document: '《国有建设用地供应计划编制规范（试行）》（国土资发〔2010〕117号）', article: '第十一章', confidence: 'secondary' },
  severity: 'warning',
  params,
  check({ plan }, p) {
    const a = plan.adjustment;
    if (!a) return [];
    return p.required
      .filter((k) => !a[k]?.trim())
      .map((k) => draft('warning', `计划调整缺少"${STEPS[k][0]}"的记录`, `the adjustment has no record of the ${STEPS[k][1]}`, [`adjustment.${k}`]));
  },
};
