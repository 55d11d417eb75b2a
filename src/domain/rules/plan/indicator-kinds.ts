/**
 * Binding and indicative indicators used consistently (DOMAIN §1.3): every row with figures has
 * its kind and allocation declared; a zone-allocated row has block figures; a stated marginal
 * about one row carries that row's kind; a binding cap is not declared over indicative rows only.
 * Basis: the plan's own clauses ("实行全县统筹 / 分解落实到区块"), 117号.
 * Example: 住宅用地 declared 分解落实到区块 but the plan has no district breakdown → warning.
 */
import { z } from 'zod';
import { marginal, rowOf } from '../../plan/cube.js';
import { planCategory } from '../../classification/index.js';
import { draft, type Draft, type Rule } from '../rule.js';
import type { PlanContext } from '../context.js';
import { empty } from '../params.js';

export const planIndicatorKinds: Rule<PlanContext, Record<string, never>> = {
  id: 'plan-indicator-kinds',
  scope: 'plan',
  title: { zh: '约束性与指导性指标、全县统筹与分解落实一致', en: 'binding/indicative and pooled/zone-allocated used consistently' },
  basis: { document: '《国有建设用地供应计划编制规范（试行）》（国土资发〔2010〕117号）; 计划"保障措施"条款', confidence: 'secondary' },
  severity: 'error',
  params: empty as never,
  check({ plan }) {
    const cube = plan.cube;
    const out: Draft[] = [];
    const name = (c: string): string => planCategory(c)?.zh ?? c;
    for (const cat of marginal(cube, 'category').keys()) {
      const row = rowOf(cube, cat);
      if (!row) {
        out.push(draft('warning', `${name(cat)}未声明为约束性或指导性指标、全县统筹或分解落实到区块，按约束性、全县统筹处理`, `${cat}: kind and allocation not declared; treated as binding and pooled`, [`rows.${cat}`]));
        continue;
      }
      if (row.allocation === 'zoneAllocated' && !cube.dimensions.includes('district')) {
        out.push(draft('warning', `${name(cat)}规定分解落实到区块，但计划未列出各区块的指标`, `${cat} is zone-allocated but the plan gives no block figures`, [`rows.${cat}`, 'dimensions']));
      }
      if (row.allocation === 'pooled' && row.kind === 'binding' && cube.dimensions.includes('district')) {
        out.push(draft('info', `${name(cat)}为全县统筹的约束性指标：按全县合计控制，各区块数字仅作参考`, `${cat} is pooled: capped county-wide; block figures are for reference`, [`rows.${cat}`]));
      }
    }
    for (const r of cube.rows) {
      if (!marginal(cube, 'category').has(r.category)) out.push(draft('info', `${name(r.category)}已声明指标属性但没有安排面积`, `${r.category} is declared but has no area`, [`rows.${r.category}`]));
    }
    cube.marginals.forEach((m, i) => {
      if (m.key.category === undefined) return;
      const row = rowOf(cube, m.key.category);
      if (row && row.kind !== m.kind) {
        out.push(draft('error', `"${m.label}"标为${m.kind === 'binding' ? '约束性' : '指导性'}，与${name(m.key.category)}的${row.kind === 'binding' ? '约束性' : '指导性'}属性不一致`, `"${m.label}" is ${m.kind} but its row ${m.key.category} is ${row.kind}`, [`marginals[${i}].kind`]));
      }
    });
    return out;
  },
};
