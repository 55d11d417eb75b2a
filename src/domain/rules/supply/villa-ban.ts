/**
 * No 别墅类 project: 《禁止用地项目目录（2012年本）》; 国土资发〔2010〕34号. A residential parcel
 * declared a villa, or whose FAR upper bound is below the rule set's threshold (low-density
 * housing), is refused; the second test is a heuristic and says so.
 * Example: 住宅 with 约定容积率上限 0.8 → error "疑似别墅类".
 */
import { z } from 'zod';
import { draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { decParam, fmtRatio } from '../params.js';

const params = z.object({ farMaxBelow: decParam });

export const villaBan: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'villa-ban',
  scope: 'parcel',
  title: { zh: '严禁向别墅类房地产开发项目供地', en: 'no land for villa projects' },
  basis: { document: '《禁止用地项目目录（2012年本）》; 国土资发〔2010〕34号', confidence: 'secondary' },
  params,
  check({ supply: s }, p) {
    if (s.useClass !== 'residential') return [];
    if (s.villa) return [draft('error', '该项目为别墅类房地产开发项目，禁止供地', 'a villa project: supply is prohibited', ['villa'])];
    if (s.farMax && s.farMax.lt(p.farMaxBelow)) {
      return [
        draft('error', `住宅用地约定容积率上限 ${fmtRatio(s.farMax)} 低于 ${fmtRatio(p.farMaxBelow)}，疑似别墅类低密度住宅项目`, `residential FAR upper bound ${fmtRatio(s.farMax)} is below ${fmtRatio(p.farMaxBelow)}: likely a villa (low-density) project`, ['far.max'], {
          stated: fmtRatio(s.farMax),
          expected: `>= ${fmtRatio(p.farMaxBelow)}`,
        }),
      ];
    }
    return [];
  },
};
