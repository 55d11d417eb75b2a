/**
 * Quota available in the ledger: a supply may not exceed a binding indicator (the plan total, a
 * binding row, a zone-allocated block, the 新增 cap): "对供应计划指标实行总量控制，不得突破" (plan
 * clauses; national article not found). Indicative rows are reported, not enforced. A
 * zone-allocated row's quota lives in its blocks, so the supply must name a district that has one;
 * a pooled row is drawn county-wide.
 * Example: 工矿仓储 block with 3 ha left and a 5 ha supply → error.
 */
import { z } from 'zod';
import { draft, type Draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { districtsWithQuota, quotaImpact, supplyDebits } from '../quota.js';
import { planRowFor } from '../../supply.js';
import { STANDARD_117 } from '../bases.js';

const params = z.object({ indicativeSeverity: z.enum(['info', 'warning']) });

export const planTotalCap: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'plan-total-cap',
  scope: 'supply',
  title: { zh: '供应不得突破计划约束性指标', en: 'supply within the plan’s binding indicators' },
  basis: {
    document: '年度国有建设用地供应计划',
    article: '总量控制条款',
    confidence: 'confirmed',
    note: 'the plan in force says so itself (quoted in data/rules/quotes.json); no national article was found',
    also: [{ document: STANDARD_117, confidence: 'secondary' }],
  },
  severity: 'error',
  params,
  check({ supply: s, quota: q }, p) {
    if (!q) return [draft('info', '未提供计划指标台账，未核验计划指标余量', 'no plan ledger given: quota not checked', ['quota'])];
    const debits = supplyDebits(s, q);
    if (!debits) return []; // plan-covers-all-supply reports it
    const out: Draft[] = [];
    const row = planRowFor(s.category, new Set(q.categories))!;
    const blocks = districtsWithQuota(q, row);
    if (blocks.length > 0 && (!s.district || !blocks.includes(s.district))) {
      out.push(
        draft(
          'error',
          s.district ? `该用途指标已分解落实到区块，片区"${s.district}"没有该用途指标（有指标的片区：${blocks.join('、')}）` : `该用途指标已分解落实到区块，供地须填写所在片区（${blocks.join('、')}）`,
          s.district ? `this row is zone-allocated and district "${s.district}" holds no quota for it (districts with quota: ${blocks.join(', ')})` : `this row is zone-allocated: the supply must name its district (${blocks.join(', ')})`,
          ['district'],
        ),
      );
    }
    for (const i of quotaImpact(debits, q)) {
      if (!i.exceeds) continue;
      const binding = i.kind === 'binding';
      out.push(
        draft(
          binding ? 'error' : p.indicativeSeverity,
          `${i.label}${binding ? '（约束性）' : '（指导性）'}：计划 ${i.planned.formatHectares(4)} 公顷，已供 ${i.used.formatHectares(4)} 公顷，本宗 ${i.debit.formatHectares(4)} 公顷，将超出 ${i.remaining.times(-1).formatHectares(4)} 公顷${binding ? '，不得突破' : ''}`,
          `${i.label} (${i.kind}): planned ${i.planned.formatHectares(4)} ha, used ${i.used.formatHectares(4)} ha, this supply ${i.debit.formatHectares(4)} ha, exceeding by ${i.remaining.times(-1).formatHectares(4)} ha`,
          [`quota.${i.indicatorId}`, 'area'],
          { stated: i.after.hectares.toFixed(), expected: `<= ${i.planned.hectares.toFixed()}` },
        ),
      );
    }
    return out;
  },
};
