/**
 * 挂牌 period at least 10 working days: 《招标拍卖挂牌出让国有土地使用权规定》(国土资源部令第11号)
 * "挂牌时间不得少于10个工作日" (secondary); 39号令 "10日" (unconfirmed). Unit from the rule set.
 * Example: listing 2026-05-04 to 2026-05-08 → 5 working days → error.
 */
import { z } from 'zod';
import { workingDaysInclusive, daysBetween } from '../dates.js';
import { draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { dayCountParams, unitName } from './day-count.js';

const params = z.object({ minDays: z.number().int().positive(), ...dayCountParams });

export const listingPeriodMin: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'listing-period-min',
  scope: 'supply',
  title: { zh: '挂牌期限不得少于规定时间', en: 'minimum listing period' },
  basis: { document: '《招标拍卖挂牌出让国有土地使用权规定》（国土资源部令第11号）', confidence: 'secondary' },
  params,
  check({ supply: s }, p) {
    if (s.method !== '23') return [];
    const { listingStart: a, listingEnd: b } = s.dates;
    if (!a || !b) return [draft('error', '挂牌出让未填写挂牌起止日期', 'listing start or end date missing', [!a ? 'dates.listingStart' : 'dates.listingEnd'])];
    // The period counts both the first and the last day of the listing.
    const days = p.unit === 'workingDays' ? workingDaysInclusive(a, b, new Set(p.holidays), new Set(p.workdays)) : daysBetween(a, b) + 1;
    if (days >= p.minDays) return [];
    const u = unitName(p);
    return [
      draft('error', `挂牌期 ${a} 至 ${b} 仅 ${days} ${u.zh}，少于 ${p.minDays} ${u.zh}`, `listing ${a} to ${b} lasts only ${days} ${u.en}; at least ${p.minDays} required`, ['dates.listingStart', 'dates.listingEnd'], {
        stated: String(days),
        expected: `>= ${p.minDays}`,
      }),
    ];
  },
};
