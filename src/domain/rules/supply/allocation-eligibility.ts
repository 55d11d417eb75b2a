/**
 * 划拨 only for a named item of the 划拨用地目录 in force, or for qualifying affordable housing.
 * 《划拨用地目录》(国土资源部令第9号, the edition chosen in the rule set's settings.editions); housing
 * types from the rule set: 保障性住房、公共租赁住房 under housing policy (secondary), and 配售型保障性住房
 * (《关于规划建设保障性住房的指导意见》, 国发〔2023〕14号).
 * Example: method 1 with no catalogue item and housing type otherCommodity → error naming
 * `allocationCatalogueItem`; method 1 for 配售型保障性住房 (affordableForSale) → no finding.
 */
import { z } from 'zod';
import { draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { ALLOCATION_CATALOGUE } from '../bases.js';
import { editionFor, standardParam } from '../standards.js';

const params = z.object({
  catalogue: standardParam(z.array(z.object({ item: z.string(), zh: z.string() }).passthrough())),
  housingTypes: z.array(z.string()),
});

export const allocationEligibility: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'allocation-eligibility',
  scope: 'supply',
  title: { zh: '划拨供地须属划拨用地目录或保障性住房', en: 'allocation only for a catalogue item or affordable housing' },
  basis: {
    document: `${ALLOCATION_CATALOGUE}（国土资源部令第9号）`,
    confidence: 'secondary',
    note: 'DOMAIN.md rates the general part confirmed; its text is not quoted in data/',
    also: [{ document: '《国务院关于规划建设保障性住房的指导意见》（国发〔2023〕14号）', confidence: 'secondary', note: '配售型保障性住房 by allocation' }],
  },
  severity: 'error',
  params,
  check({ supply: s }, p) {
    if (s.method !== '1') return [];
    if (s.useClass === 'residential') {
      if (s.housingType && p.housingTypes.includes(s.housingType)) return [];
      return [
        draft('error', `住宅用地划拨仅限保障性住房等（${p.housingTypes.join('、')}），本宗住房类型为"${s.housingType ?? '未填写'}"`, `allocated residential land must be qualifying affordable housing (${p.housingTypes.join(', ')}); housing type is "${s.housingType ?? 'not given'}"`, ['method', 'housingType']),
      ];
    }
    const item = s.allocationCatalogueItem;
    if (!item) {
      return [draft('error', '划拨供地未载明所依据的《划拨用地目录》条目', 'allocation names no item of the allocation catalogue', ['allocationCatalogueItem'])];
    }
    const e = editionFor(p.catalogue, s, 'allocationCatalogueItem');
    if ('info' in e) return [e.info];
    const entries = e.edition.entries ?? [];
    if (!entries.some((c) => c.item === item)) {
      return [draft('error', `"${item}" 不是《划拨用地目录》（${e.edition.edition}）中的条目`, `"${item}" is not an item of the allocation catalogue (${e.edition.edition})`, ['allocationCatalogueItem'], { stated: item })];
    }
    return [];
  },
};
