/**
 * The plan's rows are backed by identified parcels (落实到宗地, 《国有建设用地供应计划编制规范（试行）》
 * 国土资发〔2010〕117号): for each row (binding rows only, unless the rule set says all), the parcels
 * listed must not add up to more than the row, and a shortfall is reported with its area.
 * Example: 住宅用地 30 ha with parcels of 31 ha → error; with 25 ha → warning "5.00 公顷未落实到宗地".
 */
import { z } from 'zod';
import { Area } from '../../area.js';
import { marginal, rowOf } from '../../plan/cube.js';
import { planCategory } from '../../classification/index.js';
import { planRowFor } from '../../supply.js';
import { draft, type Draft, type Rule } from '../rule.js';
import type { PlanContext } from '../context.js';

const params = z.object({ bindingOnly: z.boolean(), shortfallSeverity: z.enum(['info', 'warning']) });

export const planParcelsIdentified: Rule<PlanContext, z.infer<typeof params>> = {
  id: 'plan-parcels-identified',
  scope: 'plan',
  title: { zh: '计划指标落实到宗地', en: 'plan rows backed by identified parcels' },
  basis: { document: '《国有建设用地供应计划编制规范（试行）》（国土资发〔2010〕117号）', confidence: 'secondary' },
  severity: 'error',
  params,
  check({ plan }, p) {
    const parcels = plan.parcels ?? [];
    if (parcels.length === 0) return [draft('info', '计划未附宗地表，指标未落实到宗地', 'the plan lists no parcels', ['parcels'])];
    const rows = marginal(plan.cube, 'category');
    const out: Draft[] = [];
    const byRow = new Map<string, Area>();
    parcels.forEach((x, i) => {
      const row = planRowFor(x.category, new Set(rows.keys()));
      if (!row) {
        out.push(draft('error', `宗地 ${x.number} 的用途（${planCategory(x.category)?.zh ?? x.category}）在计划中没有指标`, `parcel ${x.number}: its use ${x.category} has no plan row`, [`parcels[${i}].category`]));
        return;
      }
      byRow.set(row, (byRow.get(row) ?? Area.zero).plus(x.area));
    });
    for (const [cat, planned] of rows) {
      if (p.bindingOnly && (rowOf(plan.cube, cat)?.kind ?? 'binding') !== 'binding') continue;
      const listed = byRow.get(cat) ?? Area.zero;
      const name = planCategory(cat)?.zh ?? cat;
      const c = listed.compare(planned);
      if (c > 0) {
        out.push(draft('error', `${name}宗地合计 ${listed.formatHectares(2)} 公顷超过计划 ${planned.formatHectares(2)} 公顷`, `${cat}: parcels total ${listed.formatHectares(2)} ha, more than the planned ${planned.formatHectares(2)} ha`, [`parcels`, `rows.${cat}`], { stated: listed.hectares.toFixed(), expected: `<= ${planned.hectares.toFixed()}` }));
      } else if (c < 0) {
        out.push(draft(p.shortfallSeverity, `${name}计划 ${planned.formatHectares(2)} 公顷，宗地合计 ${listed.formatHectares(2)} 公顷，${planned.minus(listed).formatHectares(2)} 公顷未落实到宗地`, `${cat}: ${planned.minus(listed).formatHectares(2)} ha of ${planned.formatHectares(2)} ha not identified by parcel`, [`parcels`, `rows.${cat}`]));
      }
    }
    return out;
  },
};
