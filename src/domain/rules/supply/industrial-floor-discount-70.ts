/**
 * The 70% floor (底价 ≥ 0.70 × the national industrial minimum) only for a provincially
 * prioritised **and** land-intensive industrial project, documented, and never below cost
 * (国土资发〔2009〕56号). Runs only when the supply claims the discount.
 * Example: claim with landIntensive false → error.
 */
import { z } from 'zod';
import { draft, type Draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { decParam, fmtWan } from '../params.js';
import { NOTICE_56 } from '../bases.js';
import { industrialFloor, industrialFloorParams } from './price-helpers.js';

const params = z.object({ ...industrialFloorParams, factor: decParam });

export const industrialFloorDiscount70: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'industrial-floor-discount-70',
  scope: 'supply',
  title: { zh: '工业用地按最低价标准70%确定底价的条件', en: 'conditions for an industrial reserve price at 70% of the floor' },
  basis: { document: NOTICE_56, confidence: 'secondary', note: 'DOMAIN.md rates it confirmed (source: public code); the text is not quoted in data/' },
  severity: 'error',
  params,
  directions: { factor: 'minimum' },
  check({ supply: s }, p) {
    const claim = s.floorDiscount;
    if (!claim) return [];
    const floor = industrialFloor(s, p);
    if (floor === 'not-industrial') return [draft('error', `非工业用途（${s.useCode}）不适用最低价标准70%的政策`, `the 70% floor applies only to industrial land, not use ${s.useCode}`, ['floorDiscount', 'useCode'])];
    if (floor === 'no-edition') return [draft('info', '该日期没有已施行的全国工业用地出让最低价标准，无法核验70%底价', 'no national industrial minimum price in force on that date: the 70% floor is not checked', ['floorDiscount'])];
    if (floor === 'unset' || floor === 'no-entry') return [draft('warning', '未设置本县工业用地等别，无法核验70%底价', 'county industrial land class not set: cannot check the 70% floor', ['landClass'])];
    const out: Draft[] = [];
    if (!claim.provincialPriority || !claim.landIntensive) {
      const missing = [!claim.provincialPriority ? '省级优先发展产业' : '', !claim.landIntensive ? '用地集约' : ''].filter(Boolean).join('、');
      out.push(draft('error', `按最低价标准70%确定底价须同时属于省级优先发展产业且用地集约，本宗缺少：${missing}`, 'the 70% floor needs both a provincially prioritised and a land-intensive project', ['floorDiscount']));
    }
    if (!claim.document) out.push(draft('warning', '未载明70%底价所依据的认定文件', 'no document supports the 70% claim', ['floorDiscount.document']));
    const min = floor.wanYuan.times(p.factor);
    const reserve = s.prices.reserveWanYuan;
    if (!reserve) out.push(draft('error', '未填写底价', 'no reserve price', ['prices.reserve']));
    else if (reserve.lt(min)) {
      out.push(draft('error', `底价 ${fmtWan(reserve)} 万元低于最低价标准的 ${p.factor.toFixed()} 倍（${fmtWan(min)} 万元）`, `reserve price ${fmtWan(reserve)} wan yuan is below ${p.factor.toFixed()} × the floor (${fmtWan(min)} wan yuan)`, ['prices.reserve'], { stated: reserve.toFixed(), expected: `>= ${min.toFixed()}` }));
    }
    const cost = s.prices.costWanYuan;
    if (reserve && cost && reserve.lt(cost)) out.push(draft('error', `底价 ${fmtWan(reserve)} 万元低于成本 ${fmtWan(cost)} 万元`, `reserve price below cost ${fmtWan(cost)} wan yuan`, ['prices.reserve', 'prices.cost']));
    return out;
  },
};
