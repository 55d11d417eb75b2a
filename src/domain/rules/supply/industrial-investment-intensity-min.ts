/**
 * 投资强度 ≥ the table value for the county's region class and the industry division, 万元/公顷
 * (《工业项目建设用地控制指标》 表1). The official table was not found: the rule only judges against a
 * table marked `"status": "official"` (a bureau loads it), and the national rule set leaves the
 * rule disabled. A template table (demonstration values) is reported as not checked, never used.
 * Example: official table, region class "II", 2002 division 35 at 1500, stated 1200 → error.
 */
import { z } from 'zod';
import { draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { decParam, useClassList, useIn } from '../params.js';
import { industryStandard } from '../../classification/industry.js';
import { editionBasis, editionFor } from '../standards.js';
import { divisionsIn } from './industrial-far-min-by-industry.js';
import { indicatorsParam, INDICATORS_BASIS } from './industrial-indicators.js';

const params = z.object({
  indicators: indicatorsParam,
  table: z.object({
    status: z.enum(['official', 'template']),
    industryCodeEdition: z.enum(['2002', '2011', '2017']),
    regions: z.record(z.string(), z.record(z.string(), decParam)),
  }),
  regionClass: z.string().nullable(),
  useClasses: useClassList,
});

export const industrialInvestmentIntensityMin: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'industrial-investment-intensity-min',
  scope: 'parcel',
  title: { zh: '工业用地投资强度不得低于控制值', en: 'industrial investment intensity minimum' },
  basis: { ...INDICATORS_BASIS, article: '表1' },
  severity: 'error',
  params,
  directions: { 'table.regions.*.*': 'minimum' },
  localParams: ['table', 'regionClass'],
  check({ supply: s }, p) {
    if (!useIn(s, p.useClasses)) return [];
    const e = editionFor(p.indicators, s, 'industrial.investmentWanYuanPerHa');
    if ('info' in e) return [e.info];
    const basis = { ...editionBasis(e.edition), article: '表1' };
    if (p.table.status !== 'official') {
      return [draft('info', '投资强度控制值表为模板（演示数据），未据以核验；请载入正式的控制值表', 'the investment intensity table is a template (demonstration values): not checked; load the official table', ['industrial.investmentWanYuanPerHa'], { basis })];
    }
    const v = s.industrial?.investmentWanYuanPerHa;
    if (v === undefined) return [draft('error', '工业用地出让条件未明确投资强度', 'industrial grant conditions state no investment intensity', ['industrial.investmentWanYuanPerHa'], { basis })];
    if (!p.regionClass) return [draft('warning', '规则集未设置本县投资强度地区分类，无法核验投资强度', 'county region class for investment intensity not set', ['regionClass'], { basis })];
    if (s.industryCode && !s.industryCodeEdition) return [draft('error', `行业代码 ${s.industryCode} 未注明 GB/T 4754 版本，不予核验`, `industry code ${s.industryCode} has no GB/T 4754 edition: refused`, ['industryCodeEdition'], { basis })];
    const row = p.table.regions[p.regionClass];
    const divisions = s.industryCode && s.industryCodeEdition ? divisionsIn(s.industryCode, s.industryCodeEdition, p.table.industryCodeEdition) : [];
    const mins = [...new Set(divisions.map((d) => row?.[d]?.toFixed()).filter((x): x is string => x !== undefined))];
    if (mins.length !== 1) {
      return [draft('warning', `投资强度控制值表（按 ${industryStandard(p.table.industryCodeEdition)}）中没有地区 ${p.regionClass}、行业 ${s.industryCode ?? '未填'} 的唯一值`, `no single investment intensity floor for region ${p.regionClass}, industry ${s.industryCode ?? '?'}`, ['industryCode'], { basis })];
    }
    const min = decParam.parse(mins[0]);
    if (v.gte(min)) return [];
    return [draft('error', `投资强度 ${v.toFixed()} 万元/公顷 低于控制值 ${min.toFixed()} 万元/公顷`, `investment intensity ${v.toFixed()} wan yuan/ha is below ${min.toFixed()}`, ['industrial.investmentWanYuanPerHa'], { stated: v.toFixed(), expected: `>= ${min.toFixed()}`, basis })];
  },
};
