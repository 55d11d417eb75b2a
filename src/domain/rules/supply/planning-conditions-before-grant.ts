/**
 * Planning conditions (规划条件: location, use, intensity …) must exist before land is granted, and
 * form part of the contract (《城乡规划法》 第三十八条: 未确定规划条件的地块，不得出让). They must be
 * issued on or before the grant (its announcement, else its contract).
 * Input: `planningConditions` {number, issuedOn}; without it the rule reports that it cannot check.
 * Example: conditions issued 2026-04-10, announcement 2026-04-01 → error.
 */
import { z } from 'zod';
import { isGrant } from '../../supply-method.js';
import { cannotCheck, draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { URBAN_RURAL_PLANNING_LAW } from '../bases.js';
import { empty } from '../params.js';

export const planningConditionsBeforeGrant: Rule<SupplyContext, z.infer<typeof empty>> = {
  id: 'planning-conditions-before-grant',
  scope: 'supply',
  title: { zh: '出让前须确定规划条件', en: 'planning conditions issued before the grant' },
  basis: { document: URBAN_RURAL_PLANNING_LAW, article: '第三十八条', confidence: 'secondary', note: 'text not quoted in data/' },
  severity: 'error',
  params: empty,
  check({ supply: s }) {
    if (!isGrant(s.method)) return [];
    const issued = s.planningConditions?.issuedOn;
    if (!issued) return [cannotCheck('planningConditions.issuedOn', '规划条件（出具日期）', 'the planning conditions (date issued)')];
    const [field, date] = s.dates.announcement ? ['dates.announcement', s.dates.announcement] : s.dates.contract ? ['dates.contract', s.dates.contract] : [undefined, undefined];
    if (!field || !date) return [cannotCheck('dates.announcement', '出让公告或合同日期', 'the announcement or contract date')];
    if (issued <= date) return [];
    return [draft('error', `规划条件于 ${issued} 出具，晚于出让（${date}）：未确定规划条件的地块不得出让`, `planning conditions issued ${issued}, after the grant (${date}): land without planning conditions may not be granted`, ['planningConditions.issuedOn', field], { stated: issued, expected: `<= ${date}` })];
  },
};
