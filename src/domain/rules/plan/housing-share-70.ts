/**
 * (保障性安居工程 + 棚户区改造 + 中小套型普通商品住房) ÷ 住房用地合计 ≥ 70%
 * (《关于认真贯彻〈国务院关于解决城市低收入家庭住房困难的若干意见〉进一步加强土地供应调控的通知》,
 * 国土资发〔2007〕236号; 国土资发〔2010〕34号). Threshold, counted housing types and severity from the rule set.
 * The denominator is housing land (住宅用地 cells), never the plan total.
 * Example: 30 ha of which 20 ha counted → 66.67% → warning.
 */
import { z } from 'zod';
import { Area } from '../../area.js';
import { sharePercent } from '../../share.js';
import { draft, type Rule } from '../rule.js';
import type { PlanContext } from '../context.js';
import { decParam } from '../params.js';
import { NOTICE_236, NOTICE_34 } from '../bases.js';

const params = z.object({ threshold: decParam, countedHousingTypes: z.array(z.string()), residentialCategories: z.array(z.string()) });

export const housingShare70: Rule<PlanContext, z.infer<typeof params>> = {
  id: 'housing-share-70',
  scope: 'plan',
  title: { zh: '保障性住房、棚改和中小套型住房用地不低于住房用地的70%', en: 'affordable, redevelopment and small-unit housing at least 70% of housing land' },
  basis: {
    document: NOTICE_236,
    confidence: 'secondary',
    note: 'DOMAIN.md rates 2007 confirmed [JS], its force in 2026 unconfirmed; the text is not quoted in data/',
    also: [{ document: NOTICE_34, confidence: 'secondary' }],
  },
  severity: 'warning',
  params,
  directions: { threshold: 'minimum' },
  check({ plan }, p) {
    const cells = plan.cube.cells.filter((c) => c.key.category !== undefined && p.residentialCategories.includes(c.key.category));
    const housing = Area.sum(cells.map((c) => c.area));
    if (housing.compare(Area.zero) === 0) return [draft('info', '计划未安排住宅用地，不适用70%要求', 'no housing land planned: the 70% rule does not apply', ['cells'])];
    if (!plan.cube.dimensions.includes('housingType')) {
      return [draft('warning', `住宅用地 ${housing.formatHectares(2)} 公顷未按住房类型分列（缺住房用地供应计划表），无法核验三类住房占比是否不低于 ${p.threshold.times(100).toFixed()}%`, `housing land ${housing.formatHectares(2)} ha is not broken down by housing type: the ${p.threshold.times(100).toFixed()}% share cannot be verified`, ['cells.housingType'])];
    }
    const counted = Area.sum(cells.filter((c) => c.key.housingType && p.countedHousingTypes.includes(c.key.housingType)).map((c) => c.area));
    const share = sharePercent(counted.squareMetres, housing.squareMetres)!;
    const shown = share.toFixed(2);
    if (share.gte(p.threshold.times(100))) {
      return [draft('info', `三类住房用地 ${counted.formatHectares(2)} 公顷，占住房用地 ${housing.formatHectares(2)} 公顷的 ${shown}%`, `counted housing ${counted.formatHectares(2)} ha is ${shown}% of housing land ${housing.formatHectares(2)} ha`, ['cells.housingType'], { expected: share.toFixed() })];
    }
    return [
      draft('warning', `保障性住房、棚户区改造和中小套型普通商品住房用地 ${counted.formatHectares(2)} 公顷，仅占住房用地 ${housing.formatHectares(2)} 公顷的 ${shown}%，低于 ${p.threshold.times(100).toFixed()}%`, `affordable, redevelopment and small-unit housing ${counted.formatHectares(2)} ha is ${shown}% of housing land, below ${p.threshold.times(100).toFixed()}%`, ['cells.housingType'], {
        stated: shown,
        expected: `>= ${p.threshold.times(100).toFixed()}`,
      }),
    ];
  },
};
