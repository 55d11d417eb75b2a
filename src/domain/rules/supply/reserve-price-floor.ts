/**
 * 底价 ≥ max(applicable 最低价标准, cost); industrial: 底价 and 成交价 ≥ the national minimum of
 * the county's 土地等别 (《全国工业用地出让最低价标准》, 国土资发〔2006〕307号, in force 2007-01-01: an
 * industrial supply dated before it is not checked against it). A documented 70% claim is judged
 * by industrial-floor-discount-70, an 未利用地 claim by unused-land-industrial-price, instead.
 * Example: 工业 2 ha in 等别 13 (96 元/m²) with 底价 150 万元 < 192 万元 → error.
 */
import { z } from 'zod';
import { isGrant } from '../../supply-method.js';
import { draft, type Draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { ORDER_39 } from '../bases.js';
import { decParam, fmtWan, wanYuanFor } from '../params.js';
import { conditionsDate } from '../standards.js';
import { industrialFloor, industrialFloorParams } from './price-helpers.js';

const params = z.object({
  ...industrialFloorParams,
  /** Provincial minimum standards by "useClass:grade" (元/m²), a table the province fills in. */
  provincialMinimumYuanPerM2: z.record(z.string(), decParam),
  methods: z.array(z.string()),
});

export const reservePriceFloor: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'reserve-price-floor',
  scope: 'supply',
  title: { zh: '出让底价不得低于最低价标准和成本', en: 'reserve price at least the minimum standard and the cost' },
  basis: {
    document: '《全国工业用地出让最低价标准》（国土资发〔2006〕307号）',
    confidence: 'secondary',
    note: 'DOMAIN.md rates it confirmed for industrial land; the text is not quoted in data/, and the table values are recalled',
    also: [{ document: ORDER_39, confidence: 'unconfirmed', note: '"不得低于国家规定的最低价标准": article not identified' }],
  },
  severity: 'error',
  params,
  directions: { 'provincialMinimumYuanPerM2.*': 'minimum' },
  check({ supply: s }, p) {
    if (!isGrant(s.method) || !p.methods.includes(s.method)) return [];
    const out: Draft[] = [];
    const reserve = s.prices.reserveWanYuan;
    if (!reserve) return [draft('error', '招拍挂出让未填写底价', 'no reserve price for a public grant', ['prices.reserve'])];
    const cost = s.prices.costWanYuan;
    if (cost && reserve.lt(cost)) {
      out.push(draft('error', `底价 ${fmtWan(reserve)} 万元低于土地成本 ${fmtWan(cost)} 万元`, `reserve price ${fmtWan(reserve)} wan yuan is below the land cost ${fmtWan(cost)} wan yuan`, ['prices.reserve', 'prices.cost'], { stated: reserve.toFixed(), expected: `>= ${cost.toFixed()}` }));
    }
    const floor = industrialFloor(s, p);
    if (floor === 'unset') {
      out.push(draft('warning', '规则集未设置本县工业用地等别，无法核验工业用地出让最低价标准', 'the county industrial land class is not set: the industrial minimum price cannot be checked', ['landClass']));
    } else if (floor === 'no-entry') {
      out.push(draft('warning', `最低价标准表中没有等别 ${String(p.landClass)}`, `no minimum price for land class ${String(p.landClass)}`, ['landClass']));
    } else if (floor === 'no-edition') {
      out.push(draft('info', `${conditionsDate(s) ?? ''} 时全国工业用地出让最低价标准尚未施行（或未载入其价格表），未按其核验`, `no national industrial minimum price was in force (or loaded) on ${conditionsDate(s) ?? 'the date'}: not checked against it`, ['prices.reserve']));
    } else if (floor !== 'not-industrial') {
      if (s.floorDiscount || s.unusedLand) return out; // judged by industrial-floor-discount-70 / unused-land-industrial-price
      const tx = s.prices.transactionWanYuan;
      for (const [field, v, zh] of [['prices.reserve', reserve, '底价'], ['prices.transaction', tx, '成交价']] as const) {
        if (v && v.lt(floor.wanYuan)) {
          out.push(
            draft('error', `工业用地${zh} ${fmtWan(v)} 万元低于全国工业用地出让最低价标准（${floor.landClass}等，${floor.yuanPerM2.toFixed()} 元/平方米，合 ${fmtWan(floor.wanYuan)} 万元）`, `industrial ${field === 'prices.reserve' ? 'reserve' : 'transaction'} price ${fmtWan(v)} wan yuan is below the national minimum (class ${floor.landClass}, ${floor.yuanPerM2.toFixed()} yuan/m², ${fmtWan(floor.wanYuan)} wan yuan)`, [field], {
              stated: v.toFixed(),
              expected: `>= ${floor.wanYuan.toFixed()}`,
            }),
          );
        }
      }
      return out;
    }
    if (s.landGrade) {
      const std = p.provincialMinimumYuanPerM2[`${s.useClass}:${s.landGrade}`];
      if (std) {
        const min = wanYuanFor(std, s.area);
        if (reserve.lt(min)) {
          out.push(draft('error', `底价 ${fmtWan(reserve)} 万元低于省定最低价标准 ${fmtWan(min)} 万元（${s.landGrade}，${std.toFixed()} 元/平方米）`, `reserve price ${fmtWan(reserve)} wan yuan is below the provincial minimum ${fmtWan(min)} wan yuan (${s.landGrade})`, ['prices.reserve', 'landGrade'], { stated: reserve.toFixed(), expected: `>= ${min.toFixed()}` }));
        }
      }
    }
    return out;
  },
};
