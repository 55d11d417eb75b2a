/**
 * The result of a tender, auction or listing is published within 10 working days of the deal
 * (《招标拍卖挂牌出让国有建设用地使用权规定》(国土资源部令第39号) 第二十二条, article recalled).
 * Input: `dates.deal`, `dates.resultPublication`; without them the rule reports that it cannot check.
 * Example: deal 2026-05-08, published 2026-05-25 → 11 working days → error.
 */
import { z } from 'zod';
import { cannotCheck, draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { ORDER_39 } from '../bases.js';
import { isPublicBidding } from '../params.js';
import { dayCountParams, periodDays, unitName } from './day-count.js';

const params = z.object({ maxDays: z.number().int().positive(), ...dayCountParams });

export const dealResultPublication: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'deal-result-publication',
  scope: 'supply',
  title: { zh: '成交结果10个工作日内公布', en: 'result published within 10 working days of the deal' },
  basis: { document: ORDER_39, article: '第二十二条', confidence: 'unconfirmed', note: 'article recalled (RULES-REVIEW.md)' },
  severity: 'error',
  params,
  directions: { maxDays: 'maximum' },
  check({ supply: s }, p) {
    if (!isPublicBidding(s.method)) return [];
    const { deal, resultPublication: pub } = s.dates;
    if (!deal) return [cannotCheck('dates.deal', '成交日期', 'the deal date')];
    if (!pub) return [cannotCheck('dates.resultPublication', '成交结果公布日期', 'the publication date of the result')];
    const days = periodDays(deal, pub, p);
    if (days <= p.maxDays) return [];
    const u = unitName(p);
    return [draft('error', `成交（${deal}）后 ${days} ${u.zh}才公布结果（${pub}），超过 ${p.maxDays} ${u.zh}`, `result published ${pub}, ${days} ${u.en} after the deal ${deal}; at most ${p.maxDays}`, ['dates.deal', 'dates.resultPublication'], { stated: String(days), expected: `<= ${p.maxDays}` })];
  },
};
