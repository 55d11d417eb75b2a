/**
 * 住宅 FAR lower bound ≥ 1.0: 《限制用地项目目录（2012年本）》 (住宅项目容积率不得低于1.0), the edition
 * in force on the supply's date (settings.editions.landUseProjectCatalogue).
 * Example: 城镇住宅 with 约定容积率下限 0.8 → error; no lower bound stated → error naming `far.min`.
 */
import { z } from 'zod';
import { draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { fmtRatio, decParam, useClassList, useIn } from '../params.js';
import { editionFor, standardParam } from '../standards.js';

const params = z.object({ catalogue: standardParam(z.unknown()), minFar: decParam, useClasses: useClassList });

export const residentialFarMin: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'residential-far-min',
  scope: 'parcel',
  title: { zh: '住宅用地容积率不得低于下限', en: 'residential FAR lower bound' },
  basis: { document: '《限制用地项目目录（2012年本）》', confidence: 'secondary', note: 'text not at hand; document number recalled as 国土资发〔2012〕98号' },
  severity: 'error',
  params,
  directions: { minFar: 'minimum' },
  check({ supply: s }, p) {
    if (!useIn(s, p.useClasses)) return [];
    const e = editionFor(p.catalogue, s, 'far.min');
    if ('info' in e) return [e.info];
    if (!s.farMin) return [draft('error', `住宅用地未约定容积率下限（须不低于 ${fmtRatio(p.minFar)}）`, `residential land states no FAR lower bound (must be at least ${fmtRatio(p.minFar)})`, ['far.min'])];
    if (s.farMin.lt(p.minFar)) {
      return [
        draft('error', `住宅用地约定容积率下限 ${fmtRatio(s.farMin)} 低于 ${fmtRatio(p.minFar)}，禁止供应`, `residential FAR lower bound ${fmtRatio(s.farMin)} is below ${fmtRatio(p.minFar)}`, ['far.min'], {
          stated: fmtRatio(s.farMin),
          expected: `>= ${fmtRatio(p.minFar)}`,
        }),
      ];
    }
    return [];
  },
};
