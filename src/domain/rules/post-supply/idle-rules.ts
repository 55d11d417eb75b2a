/**
 * Post-supply clocks (《闲置土地处置办法》, 国土资源部令第53号):
 * - start-overdue-warning: the agreed start has passed with no actual start (monitoring system red line).
 * - idle-fee-1y: ≥ 1 year past the agreed start with no start ⇒ idle; fee 20% of the price (第二条, 第十四条(一)).
 * - idle-recovery-2y: ≥ 2 years ⇒ candidate for recovery without compensation (第十四条(二); 土地管理法 第三十七条).
 * - idle-partial-start: started, but developed < 1/3 of required or invested < 25%, and halted ≥ 1 year (第二条).
 * - idle-government-cause: a recorded government cause suspends the clocks (第八条); unknown causes are flagged.
 * Periods, shares and the cause list come from the rule set.
 * Example: agreed start 2025-03-01, no start, as of 2026-03-01 → idle-fee-1y with fee 0.20 × price.
 */
import { z } from 'zod';
import { addYears, addDays, daysBetween } from '../dates.js';
import { draft, type Rule } from '../rule.js';
import type { PostSupplyContext } from '../context.js';
import { decParam, fmtWan } from '../params.js';
import { idleClock, startedBy } from './clock.js';

const BASIS_53 = { document: '《闲置土地处置办法》（国土资源部令第53号）', confidence: 'confirmed' as const };

const overdueParams = z.object({ graceDays: z.number().int().nonnegative() });
export const startOverdueWarning: Rule<PostSupplyContext, z.infer<typeof overdueParams>> = {
  id: 'start-overdue-warning',
  scope: 'post-supply',
  title: { zh: '超过约定开工日期未开工预警', en: 'agreed start passed with no start' },
  basis: { document: '土地市场动态监测与监管系统 批后监管（红色预警）', confidence: 'confirmed' },
  params: overdueParams,
  check({ supply: s, asOf }, p) {
    const start = s.dates.agreedStart;
    if (!start || startedBy(s, asOf)) return [];
    const due = addDays(start, p.graceDays);
    if (asOf <= due) return [];
    const late = daysBetween(start, asOf);
    return [draft('warning', `约定开工日期 ${start} 已过 ${late} 日，尚未开工`, `agreed start ${start} passed ${late} days ago with no start`, ['dates.agreedStart', 'dates.actualStart'], { stated: start, expected: `actualStart <= ${start}` })];
  },
};

const feeParams = z.object({ years: z.number().int().positive(), recoveryYears: z.number().int().positive(), feeShare: decParam });
export const idleFee1y: Rule<PostSupplyContext, z.infer<typeof feeParams>> = {
  id: 'idle-fee-1y',
  scope: 'post-supply',
  title: { zh: '满一年未动工开发：征缴土地闲置费', en: 'idle one year: idle-land fee' },
  basis: { ...BASIS_53, article: '第二条、第十四条第（一）项' },
  params: feeParams,
  check({ supply: s, asOf }, p) {
    const c = idleClock(s, asOf);
    if (!c || c.suspended || startedBy(s, asOf)) return [];
    const from = addYears(c.effectiveStart, p.years);
    if (asOf < from || asOf >= addYears(c.effectiveStart, p.recoveryYears)) return [];
    const price = s.prices.transactionWanYuan;
    const fee = price?.times(p.feeShare);
    return [
      draft(
        'error',
        `自约定开工日期${c.delayDays ? `（顺延政府原因 ${c.delayDays} 日）` : ''} ${c.effectiveStart} 起满 ${p.years} 年未动工开发，构成闲置土地，按土地出让或划拨价款的 ${p.feeShare.times(100).toFixed()}% 征缴土地闲置费${fee ? ` ${fmtWan(fee)} 万元` : '（价款未填写，无法计算）'}`,
        `${p.years} year(s) past the agreed start ${c.effectiveStart} with no start: idle land; fee ${p.feeShare.times(100).toFixed()}% of the price${fee ? ` = ${fmtWan(fee)} wan yuan` : ' (price not given)'}`,
        fee ? ['dates.agreedStart', 'prices.transaction'] : ['dates.agreedStart', 'prices.transaction'],
        fee ? { expected: fee.toFixed() } : {},
      ),
    ];
  },
};

const recParams = z.object({ years: z.number().int().positive() });
export const idleRecovery2y: Rule<PostSupplyContext, z.infer<typeof recParams>> = {
  id: 'idle-recovery-2y',
  scope: 'post-supply',
  title: { zh: '满两年未动工开发：无偿收回', en: 'idle two years: recovery without compensation' },
  basis: { ...BASIS_53, article: '第十四条第（二）项; 《土地管理法》第三十七条' },
  params: recParams,
  check({ supply: s, asOf }, p) {
    const c = idleClock(s, asOf);
    if (!c || c.suspended || startedBy(s, asOf)) return [];
    if (asOf < addYears(c.effectiveStart, p.years)) return [];
    return [
      draft('error', `自约定开工日期 ${c.effectiveStart} 起满 ${p.years} 年未动工开发，可无偿收回国有建设用地使用权（应通知抵押权人）`, `${p.years} years past the agreed start ${c.effectiveStart} with no start: candidate for recovery without compensation (notify the mortgagee)`, ['dates.agreedStart', 'dates.actualStart']),
    ];
  },
};

const partialParams = z.object({ developedShareBelow: decParam, investedShareBelow: decParam, haltedYears: z.number().int().positive() });
export const idlePartialStart: Rule<PostSupplyContext, z.infer<typeof partialParams>> = {
  id: 'idle-partial-start',
  scope: 'post-supply',
  title: { zh: '已动工但开发不足且中止满一年', en: 'started, under-developed and halted one year' },
  basis: { ...BASIS_53, article: '第二条' },
  params: partialParams,
  check({ supply: s, asOf }, p) {
    if (!startedBy(s, asOf)) return [];
    const pr = s.progress;
    if (!pr?.haltedSince || pr.haltedSince > asOf) return [];
    if (asOf < addYears(pr.haltedSince, p.haltedYears)) return [];
    const lowDev = pr.developedShare !== undefined && pr.developedShare.lt(p.developedShareBelow);
    const lowInv = pr.investedShare !== undefined && pr.investedShare.lt(p.investedShareBelow);
    if (!lowDev && !lowInv) return [];
    const why = [lowDev ? `已开发面积占应动工开发面积 ${pr.developedShare!.times(100).toDecimalPlaces(2).toFixed()}%（不足${p.developedShareBelow.times(100).toDecimalPlaces(2).toFixed()}%）` : '', lowInv ? `已投资额占总投资额 ${pr.investedShare!.times(100).toDecimalPlaces(2).toFixed()}%（不足${p.investedShareBelow.times(100).toFixed()}%）` : '']
      .filter(Boolean)
      .join('，');
    return [draft('error', `已动工开发但${why}，且自 ${pr.haltedSince} 中止开发建设满 ${p.haltedYears} 年，构成闲置土地`, `started but under-developed or under-invested, halted since ${pr.haltedSince} for ${p.haltedYears} year(s): idle land`, ['progress.developedShare', 'progress.investedShare', 'progress.haltedSince'])];
  },
};

const causeParams = z.object({ causes: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() }).passthrough()) });
export const idleGovernmentCause: Rule<PostSupplyContext, z.infer<typeof causeParams>> = {
  id: 'idle-government-cause',
  scope: 'post-supply',
  title: { zh: '政府原因造成的动工延迟', en: 'delay caused by government' },
  basis: { ...BASIS_53, article: '第八条', confidence: 'secondary' },
  params: causeParams,
  check({ supply: s, asOf }, p) {
    const out = [];
    for (const [i, c] of (s.governmentCauses ?? []).entries()) {
      const known = p.causes.find((x) => x.code === c.code);
      if (!known) {
        out.push(draft('warning', `政府原因"${c.code}"不在规则集列明的情形中，需核实后方可顺延闲置认定`, `government cause "${c.code}" is not one the rule set lists: verify before suspending the idle clocks`, [`governmentCauses[${i}].code`]));
        continue;
      }
      if (c.from > asOf) continue;
      const open = !c.to || c.to > asOf;
      out.push(draft('info', `因${known.zh}（${c.from} 起${open ? '，尚未消除' : `至 ${c.to}`}），闲置认定期限${open ? '中止计算' : '相应顺延'}`, `${known.en} from ${c.from}${open ? ', still in effect: idle clocks suspended' : ` to ${c.to}: idle clocks extended`}`, [`governmentCauses[${i}]`]));
    }
    return out;
  },
};
