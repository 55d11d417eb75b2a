/**
 * Industrial land on 国有未利用地 may be priced below the national minimum (国土资发〔2009〕56号,
 * recalled): inside the 城镇建设用地范围, at least 50% of the floor of the county's 土地等别; outside
 * it, with the site prepared by the user, at least 15%. Runs only when the supply claims it
 * (`unusedLand`); relevant to desert counties. Outside the urban area without the user preparing
 * the site, no reduction applies (100%).
 * Example: 2 ha in 等别 14 (84 元/m², 168 万元), inside: floor 84 万元; reserve 80 万元 → error.
 */
import { z } from 'zod';
import { draft, type Draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { NOTICE_56 } from '../bases.js';
import { decParam, fmtWan } from '../params.js';
import { industrialFloor, industrialFloorParams } from './price-helpers.js';

const params = z.object({ ...industrialFloorParams, insideFactor: decParam, outsideFactor: decParam });

export const unusedLandIndustrialPrice: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'unused-land-industrial-price',
  scope: 'supply',
  title: { zh: '使用未利用地的工业用地出让底价', en: 'industrial reserve price on unused land' },
  basis: { document: NOTICE_56, confidence: 'unconfirmed', note: 'the 15% / 50% shares recalled (RULES-REVIEW.md)' },
  severity: 'error',
  params,
  directions: { insideFactor: 'minimum', outsideFactor: 'minimum' },
  check({ supply: s }, p) {
    const claim = s.unusedLand;
    if (!claim) return [];
    const floor = industrialFloor(s, p);
    if (floor === 'not-industrial') return [draft('error', `非工业用途（${s.useCode}）不适用未利用地工业用地出让价格政策`, `the unused-land price applies only to industrial land, not use ${s.useCode}`, ['unusedLand', 'useCode'])];
    if (floor === 'no-edition') return [draft('info', '该日期没有已施行的全国工业用地出让最低价标准，无法核验', 'no national industrial minimum price in force on that date: not checked', ['unusedLand'])];
    if (floor === 'unset' || floor === 'no-entry') return [draft('warning', '未设置本县工业用地等别，无法核验未利用地工业用地出让底价', 'county industrial land class not set: cannot check the unused-land price', ['landClass'])];
    const factor = claim.insideUrbanConstructionArea ? p.insideFactor : claim.userPreparesSite ? p.outsideFactor : decParam.parse('1');
    const why = claim.insideUrbanConstructionArea ? '城镇建设用地范围内' : claim.userPreparesSite ? '城镇建设用地范围外、由用地者自行完成前期开发' : '城镇建设用地范围外但未由用地者自行完成前期开发（不适用降低标准）';
    const min = floor.wanYuan.times(factor);
    const out: Draft[] = [];
    const reserve = s.prices.reserveWanYuan;
    if (!reserve) return [draft('error', '未填写底价', 'no reserve price', ['prices.reserve'])];
    if (reserve.lt(min)) {
      out.push(draft('error', `未利用地工业用地（${why}）底价 ${fmtWan(reserve)} 万元低于最低价标准的 ${factor.times(100).toFixed()}%（${floor.landClass}等，${fmtWan(min)} 万元）`, `reserve price ${fmtWan(reserve)} wan yuan on unused land is below ${factor.times(100).toFixed()}% of the floor (class ${floor.landClass}, ${fmtWan(min)} wan yuan)`, ['prices.reserve', 'unusedLand'], { stated: reserve.toFixed(), expected: `>= ${min.toFixed()}`, basis: { ...floor.basis, also: [{ document: NOTICE_56, confidence: 'unconfirmed' }] } }));
    }
    return out;
  },
};
