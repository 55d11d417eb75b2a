/**
 * The 底价 of a public grant is fixed by collective decision and kept confidential until the
 * deal (《招标拍卖挂牌出让国有建设用地使用权规定》(国土资源部令第39号) 第十条, article recalled).
 * Input: `reservePriceDecision` {collective, number, disclosed}; without it the rule reports
 * that it cannot check.
 * Example: collective false → error naming reservePriceDecision.collective.
 */
import { z } from 'zod';
import { cannotCheck, draft, type Draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { ORDER_39 } from '../bases.js';
import { empty, isPublicBidding } from '../params.js';

export const reservePriceProcedure: Rule<SupplyContext, z.infer<typeof empty>> = {
  id: 'reserve-price-procedure',
  scope: 'supply',
  title: { zh: '底价须集体决策确定并保密', en: 'reserve price fixed collectively and kept confidential' },
  basis: { document: ORDER_39, article: '第十条', confidence: 'unconfirmed', note: 'article recalled (RULES-REVIEW.md)' },
  severity: 'error',
  params: empty,
  check({ supply: s }) {
    if (!isPublicBidding(s.method)) return [];
    const d = s.reservePriceDecision;
    if (!d || d.collective === undefined) return [cannotCheck('reservePriceDecision.collective', '底价是否经集体决策确定', 'whether the reserve price was fixed collectively')];
    const out: Draft[] = [];
    if (!d.collective) out.push(draft('error', '底价未经集体决策确定', 'the reserve price was not fixed by collective decision', ['reservePriceDecision.collective']));
    else if (!d.number) out.push(draft('info', '底价经集体决策确定，但未载明决策记录（会议纪要等）编号', 'collective decision stated without its reference (minutes …)', ['reservePriceDecision.number']));
    if (d.disclosed) out.push(draft('error', '底价在成交前已泄露或公开，违反保密要求', 'the reserve price was disclosed before the deal', ['reservePriceDecision.disclosed']));
    return out;
  },
};
