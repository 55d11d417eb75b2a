/**
 * 经营性用地 and industrial land only by 招拍挂.
 * 民法典 第三百四十七条: 工业、商业、旅游、娱乐和商品住宅等经营性用地以及同一土地有两个以上意向用地者的，
 * 应当采取招标、拍卖等公开竞价的方式出让 (quoted in data/rules/quotes.json). 仓储 in, 采矿 out:
 * 39号令 第四条 (recalled). The use set and the allowed methods come from the rule set.
 * Example: 商业用地 (0901) by 协议出让 (3) → error naming `method` and `useCode`.
 */
import { z } from 'zod';
import { supplyMethod } from '../../supply-method.js';
import { draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { CIVIL_CODE, ORDER_39 } from '../bases.js';
import { methodList, useClassList, useIn } from '../params.js';

const params = z.object({ useClasses: useClassList, methods: methodList });

export const commercialPurposePublicBidding: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'commercial-purpose-public-bidding',
  scope: 'supply',
  title: { zh: '经营性用地和工业用地须招拍挂出让', en: 'commercial-purpose and industrial land only by tender, auction or listing' },
  basis: {
    document: CIVIL_CODE,
    article: '第三百四十七条',
    confidence: 'confirmed',
    also: [{ document: ORDER_39, article: '第四条', confidence: 'unconfirmed', note: '仓储 included, 采矿 excluded: article recalled' }],
  },
  severity: 'error',
  params,
  check({ supply: s }, p) {
    if (!useIn(s, p.useClasses)) return [];
    if ((p.methods as string[]).includes(s.method)) return [];
    const m = supplyMethod(s.method);
    return [
      draft(
        'error',
        `用途 ${s.useCode} 属经营性或工业用地，须以招标、拍卖、挂牌方式出让，不得采用"${m?.zh ?? s.method}"`,
        `use ${s.useCode} is commercial-purpose or industrial land and must be granted by tender, auction or listing, not by ${m?.en ?? s.method}`,
        ['method', 'useCode'],
        { stated: s.method, expected: p.methods.join('|') },
      ),
    ];
  },
};
