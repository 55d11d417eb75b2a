/**
 * 投资强度 ≥ the table value for the county's region class and the industry division, 万元/公顷
 * (国土资发〔2008〕24号 表1). The table is a template the bureau fills in
 * (data/rules/industrial-investment-intensity-template.json); a missing entry is reported, not guessed.
 * Example: region class "demo", division 35 at 1500, stated 1200 → error.
 */
import { z } from 'zod';
import { draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { decParam, useClassList, useIn } from '../params.js';
import { industryDivision } from './industrial-far-min-by-industry.js';

const params = z.object({
  table: z.record(z.string(), z.record(z.string(), decParam)),
  regionClass: z.string().nullable(),
  useClasses: useClassList,
});

export const industrialInvestmentIntensityMin: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'industrial-investment-intensity-min',
  scope: 'parcel',
  title: { zh: '工业用地投资强度不得低于控制值', en: 'industrial investment intensity minimum' },
  basis: { document: '《工业项目建设用地控制指标》（国土资发〔2008〕24号）', article: '表1', confidence: 'secondary' },
  params,
  check({ supply: s }, p) {
    if (!useIn(s, p.useClasses)) return [];
    const v = s.industrial?.investmentWanYuanPerHa;
    if (v === undefined) return [draft('error', '工业用地出让条件未明确投资强度', 'industrial grant conditions state no investment intensity', ['industrial.investmentWanYuanPerHa'])];
    if (!p.regionClass) return [draft('warning', '规则集未设置本县投资强度地区分类，无法核验投资强度', 'county region class for investment intensity not set', ['regionClass'])];
    const div = s.industryCode ? industryDivision(s.industryCode) : undefined;
    const min = div ? p.table[p.regionClass]?.[div] : undefined;
    if (!min) return [draft('warning', `投资强度控制值表中没有地区 ${p.regionClass}、行业 ${div ?? s.industryCode ?? '未填'} 的值`, `no investment intensity floor for region ${p.regionClass}, industry ${div ?? '?'}`, ['industryCode'])];
    if (v.gte(min)) return [];
    return [draft('error', `投资强度 ${v.toFixed()} 万元/公顷 低于控制值 ${min.toFixed()} 万元/公顷`, `investment intensity ${v.toFixed()} wan yuan/ha is below ${min.toFixed()}`, ['industrial.investmentWanYuanPerHa'], { stated: v.toFixed(), expected: `>= ${min.toFixed()}` })];
  },
};
