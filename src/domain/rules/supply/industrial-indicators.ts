/**
 * 工业项目建设用地控制指标, by edition (settings.editions.industrialIndicators: 2008 国土资发〔2008〕24号,
 * 2023 recalled as 自然资发〔2023〕72号 with its figures unconfirmed): all must be met at once. One rule
 * per indicator: building coverage, admin/living share, green ratio. FAR and investment intensity
 * are in their own files because they read tables. The edition in force on the supply's date
 * applies; a figure the edition does not carry (null) is reported as not checked, never passed. A
 * rule set may add a stricter local `limit` (Xiamen 建筑系数 0.40); the stricter of the two applies.
 * Examples (2008): 建筑系数 0.25 < 0.30 → error; 行政办公及生活服务设施 8% > 7% → error; 绿地率 25% > 20% → error.
 */
import { z } from 'zod';
import type { Dec } from '../../decimal.js';
import { draft, type Draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { decParam, useClassList, useIn } from '../params.js';
import type { Supply } from '../../supply.js';
import { INDUSTRIAL_INDICATORS } from '../bases.js';
import { editionBasis, editionFor, standardParam, type StandardEdition } from '../standards.js';

export const indicatorEntries = z.object({
  buildingCoverageMin: decParam.nullable(),
  adminShareMax: decParam.nullable(),
  greenRatioMax: decParam.nullable(),
  forbiddenFacilities: z.array(z.string()).nullable(),
  farFloors: z.object({ industryCodeEdition: z.enum(['2002', '2011', '2017']), byDivision: z.record(z.string(), decParam) }).nullable(),
  investmentIntensity: z.unknown().nullable(),
});
export type IndicatorEntries = z.infer<typeof indicatorEntries>;
export const indicatorsParam = standardParam(indicatorEntries);

export const INDICATORS_BASIS = { document: INDUSTRIAL_INDICATORS, confidence: 'secondary' as const, note: 'the edition applied is cited in each finding' };
const pct = (d: Dec): string => d.times(100).toDecimalPlaces(2).toFixed();

type Field = 'buildingCoverage' | 'adminShare' | 'greenRatio';
const EDITION_FIELD = { buildingCoverage: 'buildingCoverageMin', adminShare: 'adminShareMax', greenRatio: 'greenRatioMax' } as const;

/** The limit an edition sets, tightened by a local one; undefined when the edition has no figure. */
function effectiveLimit(edition: StandardEdition<IndicatorEntries>, field: Field, local: Dec | null, bound: 'min' | 'max'): Dec | undefined {
  const national = edition.entries?.[EDITION_FIELD[field]] ?? null;
  if (national === null) return local ?? undefined;
  if (local === null) return national;
  return bound === 'min' ? (local.gt(national) ? local : national) : local.lt(national) ? local : national;
}

function notInEdition(zh: string, en: string, e: StandardEdition<IndicatorEntries>, field: string): Draft {
  return draft('info', `无法核验${zh}：《工业项目建设用地控制指标》${e.edition}年版的该项指标未载入（${e.confidence === 'unconfirmed' ? '该版本指标尚未核实' : '表中无此项'}）`, `${en} not checked: the ${e.edition} edition's figure is not loaded`, [field], { basis: editionBasis(e) });
}

function ratioRule(id: string, zh: string, en: string, field: Field, bound: 'min' | 'max'): Rule<SupplyContext, { indicators: z.infer<typeof indicatorsParam>; limit: Dec | null; useClasses: string[] }> {
  const params = z.object({ indicators: indicatorsParam, limit: decParam.nullable(), useClasses: useClassList });
  return {
    id,
    scope: 'parcel',
    title: { zh: `工业用地${zh}${bound === 'min' ? '不得低于' : '不得高于'}控制指标`, en: `industrial ${en} ${bound === 'min' ? 'minimum' : 'maximum'}` },
    basis: INDICATORS_BASIS,
    severity: 'error',
    params,
    directions: { limit: bound === 'min' ? 'minimum' : 'maximum' },
    check({ supply: s }, p) {
      if (!useIn(s, p.useClasses)) return [];
      const e = editionFor(p.indicators, s, `industrial.${field}`);
      if ('info' in e) return [e.info];
      const basis = editionBasis(e.edition);
      const limit = effectiveLimit(e.edition, field, p.limit, bound);
      if (!limit) return [notInEdition(zh, en, e.edition, `industrial.${field}`)];
      const v = s.industrial?.[field];
      if (v === undefined) return [draft('error', `工业用地出让条件未明确${zh}`, `industrial grant conditions state no ${en}`, [`industrial.${field}`], { basis })];
      const bad = bound === 'min' ? v.lt(limit) : v.gt(limit);
      if (!bad) return [];
      return [
        draft('error', `${zh} ${pct(v)}% ${bound === 'min' ? '低于' : '高于'}控制指标 ${pct(limit)}%（${e.edition.edition}年版）`, `${en} ${pct(v)}% is ${bound === 'min' ? 'below' : 'above'} the ${pct(limit)}% limit (${e.edition.edition} edition)`, [`industrial.${field}`], {
          stated: v.toFixed(),
          expected: `${bound === 'min' ? '>=' : '<='} ${limit.toFixed()}`,
          basis,
        }),
      ];
    },
  };
}

export const industrialBuildingCoverageMin = ratioRule('industrial-building-coverage-min', '建筑系数', 'building coverage', 'buildingCoverage', 'min');
export const industrialGreenRatioMax = ratioRule('industrial-green-ratio-max', '绿地率', 'green ratio', 'greenRatio', 'max');

const adminParams = z.object({ indicators: indicatorsParam, limit: decParam.nullable(), useClasses: useClassList });

function forbidden(s: Supply, list: readonly string[]): string[] {
  return (s.industrial?.facilities ?? []).filter((f) => list.some((x) => f.includes(x)));
}

export const industrialAdminShareMax: Rule<SupplyContext, z.infer<typeof adminParams>> = {
  id: 'industrial-admin-share-max',
  scope: 'parcel',
  title: { zh: '工业用地行政办公及生活服务设施用地比重上限', en: 'industrial admin and living share maximum' },
  basis: INDICATORS_BASIS,
  severity: 'error',
  params: adminParams,
  directions: { limit: 'maximum' },
  check({ supply: s }, p) {
    if (!useIn(s, p.useClasses)) return [];
    const e = editionFor(p.indicators, s, 'industrial.adminShare');
    if ('info' in e) return [e.info];
    const basis = editionBasis(e.edition);
    const out: Draft[] = [];
    const limit = effectiveLimit(e.edition, 'adminShare', p.limit, 'max');
    const v = s.industrial?.adminShare;
    if (!limit) out.push(notInEdition('行政办公及生活服务设施用地所占比重', 'admin and living share', e.edition, 'industrial.adminShare'));
    else if (v === undefined) out.push(draft('error', '工业用地出让条件未明确行政办公及生活服务设施用地所占比重', 'industrial grant conditions state no admin and living share', ['industrial.adminShare'], { basis }));
    else if (v.gt(limit)) {
      out.push(draft('error', `行政办公及生活服务设施用地所占比重 ${pct(v)}% 超过 ${pct(limit)}%（${e.edition.edition}年版）`, `admin and living share ${pct(v)}% exceeds ${pct(limit)}% (${e.edition.edition} edition)`, ['industrial.adminShare'], { stated: v.toFixed(), expected: `<= ${limit.toFixed()}`, basis }));
    }
    const list = e.edition.entries?.forbiddenFacilities;
    if (list === null || list === undefined) {
      if (s.industrial?.facilities?.length) out.push(notInEdition('用地内禁建设施', 'forbidden facilities', e.edition, 'industrial.facilities'));
    } else {
      const bad = forbidden(s, list);
      if (bad.length) out.push(draft('error', `工业项目用地内严禁建造：${bad.join('、')}`, `facilities forbidden inside industrial land: ${bad.join(', ')}`, ['industrial.facilities'], { basis }));
    }
    return out;
  },
};
