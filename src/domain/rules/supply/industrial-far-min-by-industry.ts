/**
 * Industrial FAR ≥ the floor for the GB/T 4754 industry division (国土资发〔2008〕24号 表; storeys
 * above 8 m count twice). Floors: data/rules/industrial-far-floors-2008.json.
 * Example: 3511 (专用设备, division 35 → 0.7) with FAR 0.6 → error.
 */
import { z } from 'zod';
import { draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { fmtRatio, decParam, useClassList, useIn } from '../params.js';

const params = z.object({ floors: z.record(z.string(), decParam), useClasses: useClassList });

/** "C3511" / "3511" / "35" → "35". */
export function industryDivision(code: string): string | undefined {
  const m = /^[A-Za-z]?(\d{2})\d*$/.exec(code.trim());
  return m?.[1];
}

export const industrialFarMinByIndustry: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'industrial-far-min-by-industry',
  scope: 'parcel',
  title: { zh: '工业用地容积率不得低于行业控制值', en: 'industrial FAR floor by industry' },
  basis: { document: '《工业项目建设用地控制指标》（国土资发〔2008〕24号）', confidence: 'secondary' },
  params,
  check({ supply: s }, p) {
    if (!useIn(s, p.useClasses)) return [];
    if (!s.industryCode) return [draft('error', '工业用地未填写行业分类（GB/T 4754）', 'industrial land states no GB/T 4754 industry code', ['industryCode'])];
    const div = industryDivision(s.industryCode);
    const floor = div ? p.floors[div] : undefined;
    if (!floor) return [draft('warning', `行业代码 ${s.industryCode} 在容积率控制值表中没有对应值`, `no FAR floor for industry ${s.industryCode}`, ['industryCode'])];
    const far = s.industrial?.far;
    if (far === undefined) return [draft('error', '工业用地出让条件未明确容积率', 'industrial grant conditions state no FAR', ['industrial.far'])];
    if (far.gte(floor)) return [];
    return [draft('error', `容积率 ${fmtRatio(far)} 低于行业（${div}）控制值 ${fmtRatio(floor)}`, `FAR ${fmtRatio(far)} is below the floor ${fmtRatio(floor)} for industry division ${div}`, ['industrial.far', 'industryCode'], { stated: fmtRatio(far), expected: `>= ${fmtRatio(floor)}` })];
  },
};
