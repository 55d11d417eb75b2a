/**
 * 竞买保证金 ≥ 20% of the 出让最低价 (starting price, else reserve): 国土资发〔2010〕34号 (secondary).
 * Example: starting price 1000 万元, deposit 150 万元 → error.
 */
import { z } from 'zod';
import { draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { decParam, fmtWan, isPublicBidding } from '../params.js';
import { NOTICE_34 } from '../bases.js';

const params = z.object({ minShare: decParam });

export const bidDeposit20: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'bid-deposit-20',
  scope: 'supply',
  title: { zh: '竞买保证金不得低于出让最低价的20%', en: 'bid deposit at least 20% of the minimum price' },
  basis: { document: NOTICE_34, confidence: 'secondary' },
  severity: 'error',
  params,
  directions: { minShare: 'minimum' },
  check({ supply: s }, p) {
    if (!isPublicBidding(s.method)) return [];
    const dep = s.prices.bidDepositWanYuan;
    const base = s.prices.startingWanYuan ?? s.prices.reserveWanYuan;
    if (!dep || !base) return [];
    const min = base.times(p.minShare);
    if (dep.gte(min)) return [];
    return [draft('error', `竞买保证金 ${fmtWan(dep)} 万元低于出让最低价的 ${p.minShare.times(100).toFixed()}%（${fmtWan(min)} 万元）`, `bid deposit ${fmtWan(dep)} wan yuan is below ${p.minShare.times(100).toFixed()}% of the minimum price (${fmtWan(min)})`, ['prices.bidDeposit'], { stated: dep.toFixed(), expected: `>= ${min.toFixed()}` })];
  },
};
