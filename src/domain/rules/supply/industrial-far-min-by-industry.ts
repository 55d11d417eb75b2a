/**
 * Industrial FAR ≥ the floor for the industry (《工业项目建设用地控制指标》 of the edition in force;
 * storeys above 8 m count twice). Each edition's table is keyed by the GB/T 4754 edition it was
 * written for (2008: GB/T 4754-2002); the supply's code is crosswalked from its own edition
 * (data/classification/industry-gbt4754.json), so 2017's 30 非金属矿物 gets 2002's 31 (0.7), not
 * 2002's 30 塑料 (1.0). A code whose edition is not stated is refused.
 * Example: 2017 C3012 (非金属矿物, → 2002 division 31, floor 0.7) with FAR 0.6 → error.
 */
import { z } from 'zod';
import { draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { fmtRatio, useClassList, useIn } from '../params.js';
import { industryCodeIn, industryDivisionName, industryStandard, type IndustryEdition } from '../../classification/industry.js';
import { editionBasis, editionFor } from '../standards.js';
import { indicatorsParam, INDICATORS_BASIS } from './industrial-indicators.js';

const params = z.object({ indicators: indicatorsParam, useClasses: useClassList });

/** The 2-digit divisions of `tableEdition` a code of `codeEdition` falls in. */
export function divisionsIn(code: string, codeEdition: IndustryEdition, tableEdition: IndustryEdition): string[] {
  return [...new Set(industryCodeIn(code, codeEdition, tableEdition).map((c) => c.slice(0, 2)))];
}

export const industrialFarMinByIndustry: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'industrial-far-min-by-industry',
  scope: 'parcel',
  title: { zh: '工业用地容积率不得低于行业控制值', en: 'industrial FAR floor by industry' },
  basis: INDICATORS_BASIS,
  severity: 'error',
  params,
  check({ supply: s }, p) {
    if (!useIn(s, p.useClasses)) return [];
    const e = editionFor(p.indicators, s, 'industrial.far');
    if ('info' in e) return [e.info];
    const basis = editionBasis(e.edition);
    if (!s.industryCode) return [draft('error', '工业用地未填写行业分类（GB/T 4754）', 'industrial land states no GB/T 4754 industry code', ['industryCode'], { basis })];
    if (!s.industryCodeEdition) {
      return [draft('error', `行业代码 ${s.industryCode} 未注明 GB/T 4754 版本（2002、2011 或 2017），不予核验`, `industry code ${s.industryCode} does not say which GB/T 4754 edition it is from (2002, 2011 or 2017): refused`, ['industryCodeEdition'], { basis })];
    }
    const table = e.edition.entries?.farFloors;
    if (!table) return [draft('info', `无法核验容积率：《工业项目建设用地控制指标》${e.edition.edition}年版的行业容积率控制值未载入`, `FAR not checked: the ${e.edition.edition} edition's floors by industry are not loaded`, ['industrial.far'], { basis })];
    const divisions = divisionsIn(s.industryCode, s.industryCodeEdition, table.industryCodeEdition);
    const floors = [...new Set(divisions.map((d) => table.byDivision[d]?.toFixed()).filter((f): f is string => f !== undefined))];
    const code = `${s.industryCode}（${industryStandard(s.industryCodeEdition)}）`;
    if (floors.length === 0) {
      return [draft('warning', `行业代码 ${code} 在容积率控制值表（按 ${industryStandard(table.industryCodeEdition)}）中没有对应值`, `no FAR floor for industry ${s.industryCode} (${s.industryCodeEdition}) in the table keyed by GB/T 4754-${table.industryCodeEdition}`, ['industryCode'], { basis })];
    }
    if (floors.length > 1) {
      return [draft('warning', `行业代码 ${code} 对应 ${industryStandard(table.industryCodeEdition)} 的多个大类（${divisions.join('、')}），控制值不同，请填写到中类或小类`, `industry ${s.industryCode} (${s.industryCodeEdition}) spans several ${table.industryCodeEdition} divisions (${divisions.join(', ')}) with different floors: give a group or class code`, ['industryCode'], { basis })];
    }
    const div = divisions.find((d) => table.byDivision[d] !== undefined)!;
    const floor = table.byDivision[div]!;
    const far = s.industrial?.far;
    if (far === undefined) return [draft('error', '工业用地出让条件未明确容积率', 'industrial grant conditions state no FAR', ['industrial.far'], { basis })];
    if (far.gte(floor)) return [];
    const name = industryDivisionName(div, table.industryCodeEdition) ?? div;
    return [
      draft('error', `容积率 ${fmtRatio(far)} 低于行业控制值 ${fmtRatio(floor)}（${code} → ${table.industryCodeEdition}版 ${div} ${name}）`, `FAR ${fmtRatio(far)} is below the floor ${fmtRatio(floor)} for ${s.industryCode} (${s.industryCodeEdition}) → ${table.industryCodeEdition} division ${div}`, ['industrial.far', 'industryCode'], {
        stated: fmtRatio(far),
        expected: `>= ${fmtRatio(floor)}`,
        basis,
      }),
    ];
  },
};
