/**
 * Spatial findings from the overlay (geo/ computes the areas; these rules judge them). Each carries
 * a tolerance in m² from the rule set, so slivers from digitising do not raise errors.
 * - no-permanent-basic-farmland: 土地管理法 第三十五条 (永久基本农田经依法划定后，任何单位和个人不得擅自占用或者改变其用途).
 * - no-ecological-red-line: 《关于在国土空间规划中统筹划定落实三条控制线的指导意见》(2019).
 * - inside-urban-development-boundary: same; outside ⇒ warning; exempt use classes from the rule set.
 * - parcels-no-overlap: 《地籍调查规程》(TD/T 1001-2012) and the 不动产登记 rules: one piece of land, one parcel.
 * - parcel-area-vs-registered: the tolerance is a local choice (经验阈值) until the survey standard's
 *   own tolerance is at hand.
 * Tolerances are rule-set parameters a bureau sets (local). Legal bases of the spatial rules are not
 * recorded in DOMAIN.md (unconfirmed); a bureau may replace them with its own citation in the rule set.
 */
import { z } from 'zod';
import { draft, type Rule } from '../rule.js';
import type { SpatialResult, SupplyContext } from '../context.js';
import { decParam, useClassList } from '../params.js';
import type { Dec } from '../../decimal.js';
import { CADASTRAL_SURVEY, LAND_ADMINISTRATION_LAW } from '../bases.js';

const tol = z.object({ toleranceM2: decParam });
const m2 = (n: number): string => n.toFixed(2);

function noSpatial(): ReturnType<typeof draft>[] {
  return [draft('info', '无宗地图形或未加载管控图层，未做空间核查', 'no parcel geometry or constraint layers: spatial checks not run', ['geometry'])];
}

function layerRule(id: string, field: 'farmlandM2' | 'redLineM2', zh: string, en: string, basis: Rule<SupplyContext, unknown>['basis']): Rule<SupplyContext, { toleranceM2: Dec }> {
  return {
    id,
    scope: 'parcel',
    title: { zh: `不得占用${zh}`, en: `no ${en}` },
    basis,
    severity: 'error',
    params: tol,
    directions: { toleranceM2: 'maximum' },
    localParams: ['toleranceM2'],
    check({ spatial }, p) {
      if (!spatial) return id === 'no-permanent-basic-farmland' ? noSpatial() : [];
      const a = spatial[field];
      if (a <= p.toleranceM2.toNumber()) return [];
      return [draft('error', `宗地占用${zh} ${m2(a)} 平方米（容差 ${p.toleranceM2.toFixed()} 平方米）`, `the parcel takes ${m2(a)} m² of ${en} (tolerance ${p.toleranceM2.toFixed()} m²)`, ['geometry'], { stated: m2(a), expected: `<= ${p.toleranceM2.toFixed()}` })];
    },
  };
}

export const noPermanentBasicFarmland = layerRule('no-permanent-basic-farmland', 'farmlandM2', '永久基本农田', 'permanent basic farmland', {
  document: LAND_ADMINISTRATION_LAW,
  article: '第三十五条',
  confidence: 'secondary',
});
export const noEcologicalRedLine = layerRule('no-ecological-red-line', 'redLineM2', '生态保护红线', 'ecological protection red line', {
  document: '《关于在国土空间规划中统筹划定落实三条控制线的指导意见》（2019年）',
  confidence: 'unconfirmed',
});

const boundaryParams = z.object({ toleranceM2: decParam, exemptUseClasses: useClassList });

export const insideUrbanDevelopmentBoundary: Rule<SupplyContext, z.infer<typeof boundaryParams>> = {
  id: 'inside-urban-development-boundary',
  scope: 'parcel',
  title: { zh: '城镇建设用地应位于城镇开发边界内', en: 'urban construction inside the urban development boundary' },
  basis: { document: '《关于在国土空间规划中统筹划定落实三条控制线的指导意见》（2019年）', confidence: 'unconfirmed' },
  severity: 'warning',
  params: boundaryParams,
  directions: { toleranceM2: 'maximum' },
  localParams: ['toleranceM2', 'exemptUseClasses'],
  check({ supply: s, spatial }, p) {
    if (!spatial || p.exemptUseClasses.includes(s.useClass)) return [];
    const a = spatial.outsideUrbanBoundaryM2;
    if (a <= p.toleranceM2.toNumber()) return [];
    return [draft('warning', `宗地有 ${m2(a)} 平方米位于城镇开发边界外`, `${m2(a)} m² of the parcel lies outside the urban development boundary`, ['geometry'], { stated: m2(a), expected: `<= ${p.toleranceM2.toFixed()}` })];
  },
};

export const parcelsNoOverlap: Rule<SupplyContext, { toleranceM2: Dec }> = {
  id: 'parcels-no-overlap',
  scope: 'parcel',
  title: { zh: '宗地不得与其他宗地重叠', en: 'parcels must not overlap' },
  basis: {
    document: CADASTRAL_SURVEY,
    confidence: 'unconfirmed',
    note: 'recalled; the check follows SOLA new-cadastre-objects-do-not-overlap',
    also: [{ document: '《不动产登记暂行条例实施细则》（国土资源部令第63号）', confidence: 'unconfirmed', note: 'recalled' }],
  },
  severity: 'error',
  params: tol,
  directions: { toleranceM2: 'maximum' },
  localParams: ['toleranceM2'],
  check({ spatial }: { spatial?: SpatialResult }, p) {
    if (!spatial) return [];
    return spatial.overlaps
      .filter((o) => o.areaM2 > p.toleranceM2.toNumber())
      .map((o) => draft('error', `宗地与宗地 ${o.parcelId} 重叠 ${m2(o.areaM2)} 平方米`, `the parcel overlaps parcel ${o.parcelId} by ${m2(o.areaM2)} m²`, ['geometry'], { stated: m2(o.areaM2), expected: `<= ${p.toleranceM2.toFixed()}` }));
  },
};

const areaParams = z.object({ maxRelativeDifference: decParam });

/**
 * parcel-area-vs-registered: |measured − stated| ÷ stated within a tolerance the rule set sets as a
 * local choice (the national default's 1% follows SOLA ba_unit-spatial_unit-area-comparison: a
 * heuristic, not the survey standard's tolerance, which is not at hand). The measured area is the
 * ellipsoidal area of the geometry (geo/); the stated one is the supply's official area.
 * Example: stated 1.00 ha, geometry 1.02 ha → 2% → warning.
 */
export const parcelAreaVsRegistered: Rule<SupplyContext, z.infer<typeof areaParams>> = {
  id: 'parcel-area-vs-registered',
  scope: 'parcel',
  title: { zh: '宗地图形面积与登记面积一致', en: 'geometry area agrees with the stated area' },
  basis: { document: `${CADASTRAL_SURVEY}（面积容差为本地设定）`, confidence: 'heuristic', note: 'the tolerance is a local choice; the survey standard\'s own tolerance is not at hand' },
  severity: 'warning',
  params: areaParams,
  directions: { maxRelativeDifference: 'maximum' },
  localParams: ['maxRelativeDifference'],
  check({ supply: s, spatial }, p) {
    if (!spatial || spatial.parcelAreaM2 <= 0) return [];
    const stated = s.area.squareMetres;
    if (stated.lte(0)) return [];
    const diff = stated.minus(spatial.parcelAreaM2.toFixed(2)).abs().div(stated);
    if (diff.lte(p.maxRelativeDifference)) return [];
    const pct = diff.times(100).toDecimalPlaces(2).toFixed();
    const tolPct = p.maxRelativeDifference.times(100).toFixed();
    return [draft('warning', `宗地图形面积 ${m2(spatial.parcelAreaM2)} 平方米与填报面积 ${stated.toFixed(2)} 平方米相差 ${pct}%，超过本地设定容差 ${tolPct}%`, `geometry area ${m2(spatial.parcelAreaM2)} m² differs from the stated ${stated.toFixed(2)} m² by ${pct}%, more than the local tolerance of ${tolPct}%`, ['area', 'geometry'], { stated: stated.toFixed(), expected: m2(spatial.parcelAreaM2) })];
  },
};
