/**
 * A bidder who owes land price on an earlier grant, or holds idle land, may not bid
 * (国土资发〔2010〕34号). Public grants only.
 * Input: `bidders` [{name, landPriceArrears, idleLand}]; without it the rule reports that it cannot check.
 * Example: a bidder with landPriceArrears true → error naming bidders[0].landPriceArrears.
 */
import { z } from 'zod';
import { cannotCheck, cannotCheckAll, draft, type Draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { NOTICE_34 } from '../bases.js';
import { empty, isPublicBidding } from '../params.js';

export const bidderStanding: Rule<SupplyContext, z.infer<typeof empty>> = {
  id: 'bidder-standing',
  scope: 'supply',
  title: { zh: '欠缴土地价款或有闲置土地的不得参与竞买', en: 'no bidding with unpaid land price or idle land' },
  basis: { document: NOTICE_34, confidence: 'secondary' },
  severity: 'error',
  params: empty,
  check({ supply: s }) {
    if (!isPublicBidding(s.method)) return [];
    const bidders = s.bidders;
    if (!bidders || bidders.length === 0) return [cannotCheck('bidders', '竞买人及其资格（是否欠缴土地价款、是否有闲置土地）', 'the bidders and their standing (unpaid land price, idle land)')];
    const out: Draft[] = [];
    const unstated: string[] = [];
    bidders.forEach((b, i) => {
      if (b.landPriceArrears) out.push(draft('error', `竞买人 ${b.name} 欠缴土地出让价款，不得参与竞买`, `bidder ${b.name} owes land price: may not bid`, [`bidders[${i}].landPriceArrears`]));
      if (b.idleLand) out.push(draft('error', `竞买人 ${b.name} 存在闲置土地，不得参与竞买`, `bidder ${b.name} holds idle land: may not bid`, [`bidders[${i}].idleLand`]));
      if (b.landPriceArrears === undefined || b.idleLand === undefined) unstated.push(b.name);
    });
    if (unstated.length) out.push(cannotCheckAll(`无法核验：未载明以下竞买人是否欠缴土地价款或有闲置土地：${unstated.join('、')}`, `cannot check: standing not stated for ${unstated.join(', ')}`, [{ field: 'bidders', label: { zh: `竞买人资格（${unstated.join('、')}）`, en: `bidder standing (${unstated.join(', ')})` } }]));
    return out;
  },
};
