/**
 * A single 商品住宅 parcel no larger than the city class allows: 小城市和镇 7 ha, 中等城市 14 ha,
 * 大城市 20 ha (《限制用地项目目录（2012年本）》, 国土资发〔2012〕98号 (recalled); the limits are those
 * of the repealed 2006 增补本). A province may only tighten them (Jiangsu: 200 亩 for medium and
 * large cities); a rule set that loosens one fails to load. A limit is compared exactly in the unit
 * the source states it. The county's city class is a bureau setting; while unset, the strictest
 * limit is applied as a warning, never as an error.
 * Example: a 7.5 ha 商品住宅 parcel in a small city → error.
 */
import { z } from 'zod';
import { draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { areaLimitParam, compareToLimit, formatLimit, limitArea, useClassList, useIn, type AreaLimit } from '../params.js';
import { editionFor, standardParam } from '../standards.js';

const CITY = { small: '小城市和镇', medium: '中等城市', large: '大城市' } as const;
const CITY_EN = { small: 'small city or town', medium: 'medium city', large: 'large city' } as const;
type CityClass = keyof typeof CITY;

const params = z.object({
  catalogue: standardParam(z.unknown()),
  limits: z.object({ small: areaLimitParam, medium: areaLimitParam, large: areaLimitParam }),
  cityClass: z.enum(['small', 'medium', 'large']).nullable(),
  useClasses: useClassList,
});

export const residentialParcelMaxArea: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'residential-parcel-max-area',
  scope: 'parcel',
  title: { zh: '商品住宅单宗出让面积上限', en: 'single commodity-housing parcel area limit' },
  basis: { document: '《限制用地项目目录（2012年本）》', confidence: 'secondary', note: 'document number 国土资发〔2012〕98号 recalled; limits unchanged from the 2006 增补本' },
  severity: 'error',
  params,
  directions: { 'limits.*': 'maximum' },
  check({ supply: s }, p) {
    if (!useIn(s, p.useClasses)) return [];
    const e = editionFor(p.catalogue, s, 'area');
    if ('info' in e) return [e.info];
    let cls: CityClass = p.cityClass ?? 'small';
    if (!p.cityClass) {
      const all = (['small', 'medium', 'large'] as const).map((c) => ({ c, a: limitArea(p.limits[c]) }));
      cls = all.reduce((m, x) => (x.a.compare(m.a) < 0 ? x : m)).c;
    }
    const limit: AreaLimit = p.limits[cls];
    if (compareToLimit(s.area, limit) <= 0) return [];
    const l = formatLimit(limit);
    const unset = !p.cityClass;
    return [
      draft(
        unset ? 'warning' : 'error',
        `商品住宅单宗出让面积 ${s.area.formatHectares(4)} 公顷（${s.area.formatMu(4)} 亩）超过${CITY[cls]}上限 ${l.zh}${unset ? '（规则集未设置本县城市规模，按最严标准衡量）' : ''}`,
        `commodity-housing parcel of ${s.area.formatHectares(4)} ha (${s.area.formatMu(4)} mu) exceeds the ${CITY_EN[cls]} limit of ${l.en}${unset ? ' (city class not set; strictest limit applied)' : ''}`,
        ['area'],
        { stated: s.area.hectares.toFixed(), expected: `<= ${l.en}` },
      ),
    ];
  },
};
