/**
 * 出让年限 ≤ the maximum for the use: 居住 70, 工业 50, 教育科技文化卫生体育 50, 商业旅游娱乐 40,
 * 综合或者其他 50 (国务院令第55号《城镇国有土地使用权出让和转让暂行条例》 第十二条). Values from the rule set.
 * Example: 商业用地 granted for 50 years → error.
 */
import { z } from 'zod';
import { isGrant } from '../../supply-method.js';
import { draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { STATE_COUNCIL_ORDER_55 } from '../bases.js';

const params = z.object({ byUseClass: z.record(z.string(), z.number().int().positive()), otherYears: z.number().int().positive() });

export const maxTermByUse: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'max-term-by-use',
  scope: 'supply',
  title: { zh: '出让年限不得超过该用途最高年限', en: 'grant term within the maximum for the use' },
  basis: { document: STATE_COUNCIL_ORDER_55, article: '第十二条', confidence: 'secondary', note: 'DOMAIN.md rates it confirmed; the article text is not quoted in data/' },
  severity: 'error',
  params,
  directions: { 'byUseClass.*': 'maximum', otherYears: 'maximum' },
  check({ supply: s }, p) {
    if (!isGrant(s.method)) return [];
    const max = p.byUseClass[s.useClass] ?? p.otherYears;
    if (s.termYears === undefined) return [draft('warning', `出让未填写土地使用年限（该用途最高 ${max} 年）`, `grant states no term (maximum for this use: ${max} years)`, ['termYears'])];
    if (s.termYears <= max) return [];
    return [
      draft('error', `出让年限 ${s.termYears} 年超过该用途（${s.useCode}）最高年限 ${max} 年`, `term of ${s.termYears} years exceeds the maximum of ${max} years for use ${s.useCode}`, ['termYears'], {
        stated: String(s.termYears),
        expected: `<= ${max}`,
      }),
    ];
  },
};
