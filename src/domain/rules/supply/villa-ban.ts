/**
 * No 别墅类 project: 《禁止用地项目目录（2012年本）》; 国土资发〔2010〕34号. A residential parcel
 * declared a villa is refused. A FAR upper bound below the rule set's threshold (low-density
 * housing) is only a heuristic (经验阈值): it is a warning labelled so, and residential-far-min
 * already refuses such a parcel by law.
 * Example: 住宅 with 约定容积率上限 0.8 → warning "疑似别墅类", confidence heuristic.
 */
import { z } from 'zod';
import { draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { NOTICE_34 } from '../bases.js';
import { decParam, fmtRatio } from '../params.js';
import { editionFor, standardParam } from '../standards.js';

const params = z.object({ catalogue: standardParam(z.unknown()), farMaxBelow: decParam });

export const villaBan: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'villa-ban',
  scope: 'parcel',
  title: { zh: '严禁向别墅类房地产开发项目供地', en: 'no land for villa projects' },
  basis: { document: '《禁止用地项目目录（2012年本）》', confidence: 'secondary', also: [{ document: NOTICE_34, confidence: 'secondary' }] },
  severity: 'error',
  params,
  // A higher threshold flags more parcels.
  directions: { farMaxBelow: 'minimum' },
  localParams: ['farMaxBelow'],
  check({ supply: s }, p) {
    if (s.useClass !== 'residential') return [];
    const e = editionFor(p.catalogue, s, 'villa');
    if ('info' in e) return [e.info];
    if (s.villa) return [draft('error', '该项目为别墅类房地产开发项目，禁止供地', 'a villa project: supply is prohibited', ['villa'])];
    if (s.farMax && s.farMax.lt(p.farMaxBelow)) {
      return [
        draft(
          'warning',
          `住宅用地约定容积率上限 ${fmtRatio(s.farMax)} 低于 ${fmtRatio(p.farMaxBelow)}，疑似别墅类低密度住宅项目（经验阈值，非法定标准，请核实项目类型）`,
          `residential FAR upper bound ${fmtRatio(s.farMax)} is below ${fmtRatio(p.farMaxBelow)}: possibly a villa (low-density) project (a heuristic, not a legal threshold: check the project type)`,
          ['far.max'],
          { stated: fmtRatio(s.farMax), expected: `>= ${fmtRatio(p.farMaxBelow)}`, confidence: 'heuristic' },
        ),
      ];
    }
    return [];
  },
};
