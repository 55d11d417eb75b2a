/**
 * Commercial-housing land and the 去化周期 (months of commercial-housing inventory): above 36
 * months, no new commercial-housing land; from 18 to 36 months, 盘活多少、供应多少 (no more than the
 * existing housing land revitalised); below 18, no limit from this rule. National mechanism since
 * April 2024 (自然资源部 notice; number not recorded, secondary). It replaces the five-year
 * transactions average, which rested on a local report. Off by default: a rule set enables it.
 * Inputs: the plan's `housingInventory` {months, revitalisedArea}; commercial housing = housing
 * land whose type is not affordable (or all housing land when the plan gives no types).
 * Example: 40 months and 5 ha of commodity housing planned → error.
 */
import { z } from 'zod';
import { Area } from '../../area.js';
import { isAffordableHousing } from '../params.js';
import { cannotCheck, draft, type Rule } from '../rule.js';
import type { PlanContext } from '../context.js';
import { decParam } from '../params.js';

const params = z.object({ pauseAboveMonths: decParam, matchAboveMonths: decParam, residentialCategories: z.array(z.string()) });

export const housingInventoryCycle: Rule<PlanContext, z.infer<typeof params>> = {
  id: 'housing-inventory-cycle',
  scope: 'plan',
  title: { zh: '商品住宅用地供应与商品住房去化周期挂钩', en: 'commercial-housing land tied to the months of housing inventory' },
  basis: { document: '自然资源部关于住宅用地供应与商品住房去化周期挂钩的通知（2024年4月）', confidence: 'secondary', note: 'title and number not recorded; mechanism as reported (RULES-REVIEW.md)' },
  severity: 'error',
  params,
  directions: { pauseAboveMonths: 'maximum', matchAboveMonths: 'maximum' },
  check({ plan }, p) {
    const inv = plan.housingInventory;
    if (!inv) return [cannotCheck('housingInventory.months', '商品住房去化周期（月）', 'months of commercial-housing inventory')];
    const cells = plan.cube.cells.filter((c) => c.key.category !== undefined && p.residentialCategories.includes(c.key.category));
    const typed = plan.cube.dimensions.includes('housingType');
    const commercial = Area.sum(cells.filter((c) => !typed || !isAffordableHousing(c.key.housingType)).map((c) => c.area));
    const what = typed ? { zh: '商品住宅用地', en: 'commercial-housing land' } : { zh: '住宅用地（未按住房类型分列，全部按商品住宅计）', en: 'housing land (no housing types given: all counted as commercial)' };
    const m = inv.months.toFixed();
    if (commercial.compare(Area.zero) === 0) return [];
    if (inv.months.gt(p.pauseAboveMonths)) {
      return [draft('error', `商品住房去化周期 ${m} 个月，超过 ${p.pauseAboveMonths.toFixed()} 个月，应暂停新增商品住宅用地出让；计划仍安排${what.zh} ${commercial.formatHectares(2)} 公顷`, `${m} months of inventory, above ${p.pauseAboveMonths.toFixed()}: new commercial-housing land should be paused, yet the plan has ${commercial.formatHectares(2)} ha of ${what.en}`, ['housingInventory.months', 'cells.housingType'], { stated: commercial.hectares.toFixed(), expected: '0' })];
    }
    if (inv.months.gte(p.matchAboveMonths)) {
      if (!inv.revitalisedArea) return [cannotCheck('housingInventory.revitalisedArea', `去化周期 ${m} 个月时盘活存量住宅用地面积（盘活多少、供应多少）`, `the housing land revitalised (${m} months: supply no more than revitalised)`)];
      if (commercial.compare(inv.revitalisedArea) > 0) {
        return [draft('error', `商品住房去化周期 ${m} 个月（${p.matchAboveMonths.toFixed()}–${p.pauseAboveMonths.toFixed()} 个月），${what.zh} ${commercial.formatHectares(2)} 公顷超过盘活存量 ${inv.revitalisedArea.formatHectares(2)} 公顷（盘活多少、供应多少）`, `${m} months of inventory: ${commercial.formatHectares(2)} ha of ${what.en} exceeds the ${inv.revitalisedArea.formatHectares(2)} ha revitalised`, ['housingInventory.revitalisedArea', 'cells.housingType'], { stated: commercial.hectares.toFixed(), expected: `<= ${inv.revitalisedArea.hectares.toFixed()}` })];
      }
    }
    return [];
  },
};
