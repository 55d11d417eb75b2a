/**
 * 工业项目建设用地控制指标 (国土资发〔2008〕24号): all must be met at once. One rule per indicator:
 * building coverage, admin/living share, green ratio. FAR and investment intensity are in their own
 * files because they read tables.
 * Examples: 建筑系数 0.25 < 0.30 → error; 行政办公及生活服务设施 8% > 7% → error; 绿地率 25% > 20% → error.
 */
import { z } from 'zod';
import type { Dec } from '../../decimal.js';
import { draft, type Draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { decParam, useClassList, useIn } from '../params.js';
import type { Supply } from '../../supply.js';

const BASIS = { document: '《工业项目建设用地控制指标》（国土资发〔2008〕24号）', confidence: 'secondary' as const };
const pct = (d: Dec): string => d.times(100).toDecimalPlaces(2).toFixed();

function ratioRule(id: string, zh: string, en: string, field: 'buildingCoverage' | 'adminShare' | 'greenRatio', bound: 'min' | 'max'): Rule<SupplyContext, { limit: Dec; useClasses: string[] }> {
  const params = z.object({ limit: decParam, useClasses: useClassList });
  return {
    id,
    scope: 'parcel',
    title: { zh: `工业用地${zh}${bound === 'min' ? '不得低于' : '不得高于'}控制指标`, en: `industrial ${en} ${bound === 'min' ? 'minimum' : 'maximum'}` },
    basis: BASIS,
    params,
    check({ supply: s }, p) {
      if (!useIn(s, p.useClasses)) return [];
      const v = s.industrial?.[field];
      if (v === undefined) return [draft('error', `工业用地出让条件未明确${zh}`, `industrial grant conditions state no ${en}`, [`industrial.${field}`])];
      const bad = bound === 'min' ? v.lt(p.limit) : v.gt(p.limit);
      if (!bad) return [];
      return [
        draft('error', `${zh} ${pct(v)}% ${bound === 'min' ? '低于' : '高于'}控制指标 ${pct(p.limit)}%`, `${en} ${pct(v)}% is ${bound === 'min' ? 'below' : 'above'} the ${pct(p.limit)}% limit`, [`industrial.${field}`], {
          stated: v.toFixed(),
          expected: `${bound === 'min' ? '>=' : '<='} ${p.limit.toFixed()}`,
        }),
      ];
    },
  };
}

export const industrialBuildingCoverageMin = ratioRule('industrial-building-coverage-min', '建筑系数', 'building coverage', 'buildingCoverage', 'min');
export const industrialGreenRatioMax = ratioRule('industrial-green-ratio-max', '绿地率', 'green ratio', 'greenRatio', 'max');

const adminParams = z.object({ limit: decParam, useClasses: useClassList, forbiddenFacilities: z.array(z.string()) });

function forbidden(s: Supply, list: readonly string[]): string[] {
  return (s.industrial?.facilities ?? []).filter((f) => list.some((x) => f.includes(x)));
}

export const industrialAdminShareMax: Rule<SupplyContext, z.infer<typeof adminParams>> = {
  id: 'industrial-admin-share-max',
  scope: 'parcel',
  title: { zh: '工业用地行政办公及生活服务设施用地比重上限', en: 'industrial admin and living share maximum' },
  basis: BASIS,
  params: adminParams,
  check({ supply: s }, p) {
    if (!useIn(s, p.useClasses)) return [];
    const out: Draft[] = [];
    const v = s.industrial?.adminShare;
    if (v === undefined) out.push(draft('error', '工业用地出让条件未明确行政办公及生活服务设施用地所占比重', 'industrial grant conditions state no admin and living share', ['industrial.adminShare']));
    else if (v.gt(p.limit)) {
      out.push(draft('error', `行政办公及生活服务设施用地所占比重 ${pct(v)}% 超过 ${pct(p.limit)}%`, `admin and living share ${pct(v)}% exceeds ${pct(p.limit)}%`, ['industrial.adminShare'], { stated: v.toFixed(), expected: `<= ${p.limit.toFixed()}` }));
    }
    const bad = forbidden(s, p.forbiddenFacilities);
    if (bad.length) out.push(draft('error', `工业项目用地内严禁建造：${bad.join('、')}`, `facilities forbidden inside industrial land: ${bad.join(', ')}`, ['industrial.facilities']));
    return out;
  },
};
