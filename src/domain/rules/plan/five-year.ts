/**
 * plan-five-year-comparison: the plan total (and each row with a reference) against the 近五年
 * 年均供应; the ratio is always reported; a jump above `jumpRatio` (or a drop below `dropRatio`) is
 * a warning asking for the demand justification (需求预测, 117号 ch.7). The 0.5× / 1.5× thresholds
 * appear in no text: they are a bureau heuristic (经验阈值), so the rule only ever warns.
 * Example: 1843.24 ha against 434.61 ha → ratio 4.24 → warning.
 */
import { z } from 'zod';
import { Area } from '../../area.js';
import { marginal, total } from '../../plan/cube.js';
import { planCategory } from '../../classification/index.js';
import { draft, type Draft, type Rule } from '../rule.js';
import type { PlanContext } from '../context.js';
import { decParam } from '../params.js';
import { STANDARD_117 } from '../bases.js';

const params = z.object({ jumpRatio: decParam, dropRatio: decParam });

export const planFiveYearComparison: Rule<PlanContext, z.infer<typeof params>> = {
  id: 'plan-five-year-comparison',
  scope: 'plan',
  title: { zh: '与近五年年均供应量比较', en: 'comparison with the five-year annual average' },
  basis: { document: '经验阈值（倍数由规则集设定，无法定依据）', confidence: 'heuristic', note: 'thresholds from no text (RULES-REVIEW.md)', also: [{ document: STANDARD_117, article: '第七章 需求预测', confidence: 'secondary' }] },
  severity: 'warning',
  params,
  directions: { jumpRatio: 'maximum', dropRatio: 'minimum' },
  localParams: ['jumpRatio', 'dropRatio'],
  check({ plan }, p) {
    const ref = plan.cube.fiveYearAverage;
    if (!ref?.total && !ref?.byCategory) return [draft('info', '计划未给出近五年年均供应量，无法比较', 'no five-year average given: no comparison', ['fiveYearAverage'])];
    const out: Draft[] = [];
    const compare = (label: { zh: string; en: string }, planned: Area, avg: Area, field: string): void => {
      if (avg.compare(Area.zero) <= 0) return;
      const ratio = planned.squareMetres.div(avg.squareMetres);
      const r = ratio.toFixed(2);
      const jump = ratio.gt(p.jumpRatio);
      const drop = ratio.lt(p.dropRatio);
      out.push(
        draft(
          jump || drop ? 'warning' : 'info',
          `${label.zh}计划 ${planned.formatHectares(2)} 公顷，为近五年年均 ${avg.formatHectares(2)} 公顷的 ${r} 倍${jump ? `，超过 ${p.jumpRatio.toFixed()} 倍，请说明需求依据` : drop ? `，低于 ${p.dropRatio.toFixed()} 倍，请说明依据` : ''}`,
          `${label.en}: planned ${planned.formatHectares(2)} ha is ${r} × the five-year average ${avg.formatHectares(2)} ha${jump ? `, above ${p.jumpRatio.toFixed()} ×: give the demand justification` : drop ? `, below ${p.dropRatio.toFixed()} ×: explain` : ''}`,
          [field],
          { expected: ratio.toFixed() },
        ),
      );
    };
    if (ref.total) compare({ zh: '供应总量', en: 'total supply' }, total(plan.cube), ref.total, 'fiveYearAverage.total');
    const rows = marginal(plan.cube, 'category');
    for (const [cat, avg] of Object.entries(ref.byCategory ?? {})) {
      const c = planCategory(cat);
      compare({ zh: c?.zh ?? cat, en: c?.en ?? cat }, rows.get(cat) ?? Area.zero, avg, `fiveYearAverage.byCategory.${cat}`);
    }
    return out;
  },
};
