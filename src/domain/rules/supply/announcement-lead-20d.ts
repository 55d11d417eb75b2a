/**
 * The 出让公告 at least 20 days before tender, auction or listing starts
 * (《招标拍卖挂牌出让国有建设用地使用权规定》(国土资源部令第39号) 第八条, article recalled).
 * Calendar days nationally; a rule set may count working days (stricter) as a local option.
 * Example: announced 2026-04-01, listing from 2026-04-15 → 14 days → error.
 */
import { z } from 'zod';
import { draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { ORDER_39 } from '../bases.js';
import { isPublicBidding } from '../params.js';
import { dayCountParams, periodDays, unitName } from './day-count.js';

const params = z.object({ minDays: z.number().int().positive(), ...dayCountParams });

export const announcementLead20d: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'announcement-lead-20d',
  scope: 'supply',
  title: { zh: '出让公告应提前20日发布', en: 'announcement at least 20 days ahead' },
  basis: { document: ORDER_39, article: '第八条', confidence: 'secondary', note: 'article recalled (RULES-REVIEW.md); 20 days seen in trading-centre rules (DOMAIN.md §6)' },
  severity: 'error',
  params,
  directions: { minDays: 'minimum' },
  check({ supply: s }, p) {
    if (!isPublicBidding(s.method)) return [];
    const ann = s.dates.announcement;
    const start = s.method === '23' ? (s.dates.listingStart ?? s.dates.biddingStart) : (s.dates.biddingStart ?? s.dates.listingStart);
    const startField = s.method === '23' && s.dates.listingStart ? 'dates.listingStart' : 'dates.biddingStart';
    if (!ann) return [draft('error', '招拍挂出让未填写出让公告日期', 'no announcement date for a public grant', ['dates.announcement'])];
    if (!start) return [draft('error', '招拍挂出让未填写招标、拍卖或挂牌开始日期', 'no start date of the tender, auction or listing', [startField])];
    const days = periodDays(ann, start, p);
    if (days >= p.minDays) return [];
    const u = unitName(p);
    return [
      draft('error', `出让公告（${ann}）至${s.method === '23' ? '挂牌' : '招标拍卖'}开始（${start}）仅 ${days} ${u.zh}，少于 ${p.minDays} ${u.zh}`, `announcement ${ann} is only ${days} ${u.en} before the start ${start}; at least ${p.minDays} required`, ['dates.announcement', startField], {
        stated: String(days),
        expected: `>= ${p.minDays}`,
      }),
    ];
  },
};
