/**
 * Public grant of 经营性 land needs 净地: clear title, settled compensation, no disputes, clear
 * planning conditions, ready to start: exactly the five items of 《闲置土地处置办法》(国土资源部令第53号)
 * 第二十一条; no 毛地出让 (国土资发〔2010〕34号). Provinces cite their own texts in their rule set
 * (Jiangsu: js-2026). Checklist items come from the rule set.
 * Example: 商品住宅 by 挂牌 with compensationSettled false → error naming `cleanLand.compensationSettled`.
 */
import { z } from 'zod';
import { draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { methodList, useClassList, useIn } from '../params.js';
import { NOTICE_34, ORDER_53 } from '../bases.js';

const ITEMS = {
  titleClear: ['土地权利清晰', 'clear title'],
  compensationSettled: ['安置补偿落实到位', 'compensation settled'],
  noDisputes: ['没有法律经济纠纷', 'no legal or economic disputes'],
  planningConditionsClear: ['规划条件明确', 'planning conditions clear'],
  readyToStart: ['具备动工开发必需的条件', 'ready to start construction'],
} as const;
type Item = keyof typeof ITEMS;

const params = z.object({ items: z.array(z.enum(Object.keys(ITEMS) as [Item, ...Item[]])), useClasses: useClassList, methods: methodList });

export const cleanLandPrecondition: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'clean-land-precondition',
  scope: 'supply',
  title: { zh: '经营性用地须净地出让', en: 'commercial-purpose land granted only as clean land' },
  basis: {
    document: ORDER_53,
    article: '第二十一条',
    confidence: 'secondary',
    note: 'the five 净地 items are this article (RULES-REVIEW.md); its text is not quoted in data/',
    also: [{ document: NOTICE_34, confidence: 'secondary', note: '不得毛地出让' }],
  },
  severity: 'error',
  params,
  check({ supply: s }, p) {
    if (!useIn(s, p.useClasses) || !(p.methods as string[]).includes(s.method)) return [];
    const missing = p.items.filter((i) => s.cleanLand?.[i] !== true);
    if (missing.length === 0) return [];
    return [
      draft(
        'error',
        `未达到"净地"条件，不得公开出让：${missing.map((i) => `${ITEMS[i][0]}${s.cleanLand?.[i] === false ? '（否）' : '（未确认）'}`).join('、')}`,
        `not clean land, so it may not be publicly granted: ${missing.map((i) => ITEMS[i][1]).join(', ')}`,
        missing.map((i) => `cleanLand.${i}`),
      ),
    ];
  },
};
