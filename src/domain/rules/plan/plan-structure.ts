/**
 * Totals and structure (《国有建设用地供应计划编制规范（试行）》, 国土资发〔2010〕117号: 总量、结构、布局、
 * 时序和方式). The cube is well formed (validateCube), the stated total agrees with the cells at
 * the printed precision, and the seven GB/T 21010 construction groups are each covered or
 * reported as absent.
 * Example: stated total 100.00 ha, cells summing to 99.50 ha → error.
 */
import { z } from 'zod';
import { Area } from '../../area.js';
import { Dec } from '../../decimal.js';

const DIM_ZH: Record<string, string> = { method: '供应方式', source: '土地来源', district: '片区', quarter: '季度', housingType: '住房类型' };
import { total, validateCube } from '../../plan/cube.js';
import { standardCategoryIds, standardGroupOf, planCategory } from '../../classification/index.js';
import { draft, type Draft, type Rule } from '../rule.js';
import type { PlanContext } from '../context.js';

const params = z.object({ reportMissingGroups: z.boolean() });

export const planStructure: Rule<PlanContext, z.infer<typeof params>> = {
  id: 'plan-structure',
  scope: 'plan',
  title: { zh: '计划总量与结构', en: 'plan totals and structure' },
  basis: { document: '《国有建设用地供应计划编制规范（试行）》（国土资发〔2010〕117号）', confidence: 'secondary' },
  severity: 'error',
  params,
  check({ plan }, p) {
    // validateCube wants every cell to carry every declared dimension; a housing type only exists for
    // housing land, so its absence on a non-residential cell is not a defect.
    const notHousing = (f: { figures: readonly string[] }): boolean => {
      const m = /^cells\[(\d+)\]\.key\.housingType$/.exec(f.figures[0] ?? '');
      const cell = m ? plan.cube.cells[Number(m[1])] : undefined;
      return cell !== undefined && cell.key.housingType === undefined && standardGroupOf(cell.key.category ?? '') !== 'residential';
    };
    const out: Draft[] = validateCube(plan.cube)
      .filter((f) => !notHousing(f))
      .map((f) => ({ severity: f.severity, message: f.message, figures: f.figures }));
    const sum = total(plan.cube);
    if (sum.compare(Area.zero) <= 0) out.push(draft('error', '计划供应总量为 0', 'the plan total is zero', ['cells']));
    const st = plan.statedTotal;
    if (st) {
      const printed = st.area.hectares.toFixed(st.decimals, Dec.ROUND_HALF_UP);
      const computed = sum.hectares.toFixed(st.decimals, Dec.ROUND_HALF_UP);
      if (printed !== computed) {
        out.push(draft('error', `计划所列供应总量 ${printed} 公顷与各类用地合计 ${computed} 公顷不符`, `the stated total ${printed} ha differs from the sum of the rows ${computed} ha`, ['statedTotal', 'cells'], { stated: printed, expected: computed }));
      }
    }
    // Stated marginals over a dimension the cells do not carry (the 出让/划拨 split of a plan given
    // by category only) must not add up to more than the total.
    const byDim = new Map<string, Area>();
    for (const m of plan.cube.marginals) {
      const dims = Object.keys(m.key);
      if (dims.length !== 1 || plan.cube.dimensions.includes(dims[0] as never)) continue;
      byDim.set(dims[0]!, (byDim.get(dims[0]!) ?? Area.zero).plus(m.area));
    }
    for (const [dim, s] of byDim) {
      const c = s.compare(sum);
      if (c > 0) {
        out.push(draft('error', `按${DIM_ZH[dim] ?? dim}分列的指标合计 ${s.formatHectares(2)} 公顷超过供应总量 ${sum.formatHectares(2)} 公顷`, `the stated ${dim} split sums to ${s.formatHectares(2)} ha, more than the total ${sum.formatHectares(2)} ha`, ['marginals'], { stated: s.hectares.toFixed(), expected: `<= ${sum.hectares.toFixed()}` }));
      } else if (c < 0) {
        out.push(draft('info', `按${DIM_ZH[dim] ?? dim}分列的指标合计 ${s.formatHectares(2)} 公顷，余 ${sum.minus(s).formatHectares(2)} 公顷未列明`, `the stated ${dim} split sums to ${s.formatHectares(2)} ha; ${sum.minus(s).formatHectares(2)} ha not stated`, ['marginals']));
      }
    }
    if (p.reportMissingGroups) {
      const present = new Set(plan.cube.cells.map((c) => standardGroupOf(c.key.category ?? '')));
      const missing = standardCategoryIds().filter((id) => !present.has(id));
      if (missing.length) {
        out.push(draft('info', `计划未安排以下用途：${missing.map((m) => planCategory(m)?.zh ?? m).join('、')}（如确无供应需求可不列）`, `the plan has no supply for: ${missing.map((m) => planCategory(m)?.en ?? m).join(', ')}`, ['cells']));
      }
    }
    return out;
  },
};
