/**
 * 挂牌 period at least 10 days: 《招标拍卖挂牌出让国有建设用地使用权规定》(国土资源部令第39号, in force
 * 2007-11-01, replacing 第11号令) 第十八条 "不得少于10日" (article recalled): calendar days, both the first
 * and the last day counted. Working days (11号令's "10个工作日") are only a local option a rule set may
 * choose (it is stricter).
 * Example: listing 2026-04-29 to 2026-05-07 → 9 days → error.
 */
import { z } from 'zod';
import { workingDaysInclusive, daysBetween } from '../dates.js';
import { draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { ORDER_39 } from '../bases.js';
import { dayCountParams, unitName } from './day-count.js';

const params = z.object({ minDays: z.number().int().positive(), ...dayCountParams });

export const listingPeriodMin: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'listing-period-min',
  scope: 'supply',
  title: { zh: '挂牌期限不得少于10日', en: 'listing period at least 10 days' },
  basis: { document: ORDER_39, article: '第十八条', confidence: 'secondary', note: 'article recalled (RULES-REVIEW.md); "10日" also seen in secondary sources (DOMAIN.md §6)' },
  severity: 'error',
  params,
  directions: { minDays: 'minimum' },
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
