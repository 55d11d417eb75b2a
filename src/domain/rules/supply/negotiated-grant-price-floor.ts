/**
 * 协议出让 price ≥ max(有偿使用费 + 征地拆迁补偿 + 税费 (the cost), factor × 基准地价 of the grade,
 * the national industrial minimum for industrial land) — 《协议出让国有土地使用权规定》(国土资源部令第21号)
 * 第五条、第六条.
 * Example: benchmark 300 元/m² on 1 ha, price 200 万元 < 0.70 × 300 万元 = 210 万元 → error.
 */
import { z } from 'zod';
import type { Dec } from '../../decimal.js';
import { draft, type Draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { decParam, fmtWan, wanYuanFor } from '../params.js';
import { industrialFloor, industrialFloorParams } from './price-helpers.js';
import { ORDER_21 } from '../bases.js';

const params = z.object({ ...industrialFloorParams, benchmarkFactor: decParam, provincialMinimumYuanPerM2: z.record(z.string(), decParam) });

export const negotiatedGrantPriceFloor: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'negotiated-grant-price-floor',
  scope: 'supply',
  title: { zh: '协议出让最低价', en: 'negotiated-grant price floor' },
  basis: { document: ORDER_21, article: '第五条、第六条', confidence: 'secondary', note: 'DOMAIN.md rates 第四–六条 confirmed [L21]; the text is not quoted in data/' },
  severity: 'error',
  params,
  directions: { benchmarkFactor: 'minimum', 'provincialMinimumYuanPerM2.*': 'minimum' },
  check({ supply: s }, p) {
    if (s.method !== '3') return [];
    const price = s.prices.transactionWanYuan ?? s.prices.reserveWanYuan;
    if (!price) return [draft('error', '协议出让未填写出让价格（成交价或底价）', 'negotiated grant states no price', ['prices.transaction'])];
    const out: Draft[] = [];
    const floors: { v: Dec; zh: string; en: string; field: string }[] = [];
    if (s.prices.costWanYuan) floors.push({ v: s.prices.costWanYuan, zh: '有偿使用费、征地拆迁补偿和税费之和', en: 'fees, compensation and taxes', field: 'prices.cost' });
    else out.push(draft('warning', '协议出让未填写土地成本（有偿使用费、征地拆迁补偿费用及税费）', 'negotiated grant states no land cost', ['prices.cost']));
    if (s.prices.benchmarkYuanPerM2) {
      floors.push({ v: wanYuanFor(s.prices.benchmarkYuanPerM2, s.area).times(p.benchmarkFactor), zh: `基准地价的 ${p.benchmarkFactor.toFixed()} 倍`, en: `${p.benchmarkFactor.toFixed()} × the benchmark price`, field: 'prices.benchmarkYuanPerM2' });
    } else out.push(draft('warning', '协议出让未填写所在级别基准地价', 'negotiated grant states no benchmark price', ['prices.benchmarkYuanPerM2']));
    const prov = s.landGrade ? p.provincialMinimumYuanPerM2[`${s.useClass}:${s.landGrade}`] : undefined;
    if (prov) floors.push({ v: wanYuanFor(prov, s.area), zh: `省定协议出让最低价（${s.landGrade}）`, en: `provincial minimum (${s.landGrade})`, field: 'landGrade' });
    const f = industrialFloor(s, p);
    if (typeof f === 'object') floors.push({ v: f.wanYuan, zh: `工业用地出让最低价标准（${f.landClass}等）`, en: `industrial minimum (class ${f.landClass})`, field: 'landClass' });
    for (const fl of floors) {
      if (price.lt(fl.v)) {
        out.push(draft('error', `协议出让价格 ${fmtWan(price)} 万元低于${fl.zh} ${fmtWan(fl.v)} 万元`, `negotiated price ${fmtWan(price)} wan yuan is below ${fl.en} (${fmtWan(fl.v)} wan yuan)`, ['prices.transaction', fl.field], { stated: price.toFixed(), expected: `>= ${fl.v.toFixed()}` }));
      }
    }
    return out;
  },
};
