/**
 * Post-supply clocks (《闲置土地处置办法》, 国土资源部令第53号; articles as cited, texts not quoted in data/):
 * - start-overdue-warning: the contract's agreed start has passed with no actual start (第二条).
 * - idle-fee-1y: ≥ 1 year past the agreed start with no start: the 闲置土地 investigation
 *   (调查认定) must start; once the land is found idle, the fee is 20% of the price (第二条, 第十四条(一)).
 * - idle-recovery-2y: ≥ 2 years: candidate for recovery without compensation after the procedure
 *   (第十四条(二); 土地管理法 第三十八条; 城市房地产管理法 第二十六条).
 * - idle-partial-start: started, but developed < 1/3 of required or invested < 25%, and halted ≥ 1 year (第二条).
 * - idle-government-cause: a recorded government cause or force majeure suspends the clocks (第八条);
 *   the start moves by a supplementary agreement of at most one year (第十二条); unknown causes are flagged.
 * Where the contract agrees no start, the clock counts from delivery + 1 year (第三十条).
 * Periods, shares and the cause list come from the rule set.
 * Example: agreed start 2025-03-01, no start, as of 2026-03-01 → idle-fee-1y with fee 0.20 × price.
 */
import { z } from 'zod';
import { addYears, addDays, daysBetween } from '../dates.js';
import { draft, type Citation, type Draft, type Rule } from '../rule.js';
import type { PostSupplyContext } from '../context.js';
import { LAND_ADMINISTRATION_LAW, ORDER_53, URBAN_REAL_ESTATE_LAW } from '../bases.js';
import { decParam, fmtWan } from '../params.js';
import { idleClock, startedBy } from './clock.js';

const NOTE = 'DOMAIN.md rates 53号令 confirmed [L53]; the article texts are not quoted in data/';
const FROM_DELIVERY: Citation = { document: ORDER_53, article: '第三十条', confidence: 'unconfirmed', note: 'no agreed start: delivery + 1 year (article recalled)' };

function startLabel(c: { fromDelivery: boolean }): { zh: string; en: string } {
  return c.fromDelivery ? { zh: '（合同未约定开工日期，按交付土地之日起满一年计）', en: ' (no agreed start: one year after delivery)' } : { zh: '', en: '' };
}

const overdueParams = z.object({ graceDays: z.number().int().nonnegative() });
export const startOverdueWarning: Rule<PostSupplyContext, z.infer<typeof overdueParams>> = {
  id: 'start-overdue-warning',
  scope: 'post-supply',
  title: { zh: '超过约定开工日期未开工预警', en: 'agreed start passed with no start' },
  basis: { document: '国有建设用地使用权出让合同约定的开工日期', confidence: 'secondary', also: [{ document: ORDER_53, article: '第二条', confidence: 'secondary', note: NOTE }] },
  severity: 'warning',
  params: overdueParams,
  directions: { graceDays: 'maximum' },
  localParams: ['graceDays'],
  check({ supply: s, asOf }, p) {
    const c = idleClock(s, asOf);
    if (!c || startedBy(s, asOf)) return [];
    const due = addDays(c.effectiveStart, p.graceDays);
    if (asOf <= due) return [];
    const late = daysBetween(c.effectiveStart, asOf);
    const l = startLabel(c);
    return [draft('warning', `约定开工日期 ${c.effectiveStart}${l.zh} 已过 ${late} 日，尚未开工`, `agreed start ${c.effectiveStart}${l.en} passed ${late} days ago with no start`, ['dates.agreedStart', 'dates.actualStart'], { stated: c.effectiveStart, expected: `actualStart <= ${c.effectiveStart}` })];
  },
};

const feeParams = z.object({ years: z.number().int().positive(), recoveryYears: z.number().int().positive(), feeShare: decParam });
export const idleFee1y: Rule<PostSupplyContext, z.infer<typeof feeParams>> = {
  id: 'idle-fee-1y',
  scope: 'post-supply',
  title: { zh: '满一年未动工开发：启动闲置土地调查认定，认定后征缴土地闲置费', en: 'one year unstarted: start the idle-land investigation; fee once found idle' },
  basis: { document: ORDER_53, article: '第二条、第十四条第（一）项', confidence: 'secondary', note: NOTE, also: [FROM_DELIVERY] },
  severity: 'error',
  params: feeParams,
  directions: { years: 'maximum', recoveryYears: 'maximum', feeShare: 'fixed' },
  check({ supply: s, asOf }, p) {
    const c = idleClock(s, asOf);
    if (!c || c.suspended || startedBy(s, asOf)) return [];
    const from = addYears(c.effectiveStart, p.years);
    if (asOf < from || asOf >= addYears(c.effectiveStart, p.recoveryYears)) return [];
    const price = s.prices.transactionWanYuan;
    const fee = price?.times(p.feeShare);
    const l = startLabel(c);
    return [
      draft(
        'error',
        `自约定开工日期${c.delayDays ? `（顺延 ${c.delayDays} 日）` : ''} ${c.effectiveStart}${l.zh} 起满 ${p.years} 年未动工开发，涉嫌闲置土地：应启动闲置土地调查和认定程序；经认定为闲置土地的，按出让或划拨价款的 ${p.feeShare.times(100).toFixed()}% 征缴土地闲置费${fee ? ` ${fmtWan(fee)} 万元` : '（价款未填写，无法计算）'}`,
        `${p.years} year(s) past the agreed start ${c.effectiveStart}${l.en} with no start: suspected idle land. The idle-land investigation must start; once the land is found idle, the fee is ${p.feeShare.times(100).toFixed()}% of the price${fee ? ` = ${fmtWan(fee)} wan yuan` : ' (price not given)'}`,
        ['dates.agreedStart', 'prices.transaction'],
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
  basis: {
    document: ORDER_53,
    article: '第十四条第（二）项',
    confidence: 'secondary',
    note: NOTE,
    also: [
      { document: LAND_ADMINISTRATION_LAW, article: '第三十八条', confidence: 'secondary', note: 'idle land since the 2019 revision (in force 2020-01-01)' },
      { document: URBAN_REAL_ESTATE_LAW, article: '第二十六条', confidence: 'secondary' },
      FROM_DELIVERY,
    ],
  },
  severity: 'error',
  params: recParams,
  directions: { years: 'maximum' },
  check({ supply: s, asOf }, p) {
    const c = idleClock(s, asOf);
    if (!c || c.suspended || startedBy(s, asOf)) return [];
    if (asOf < addYears(c.effectiveStart, p.years)) return [];
    const l = startLabel(c);
    return [
      draft('error', `自约定开工日期 ${c.effectiveStart}${l.zh} 起满 ${p.years} 年未动工开发：经调查认定后可无偿收回国有建设用地使用权（应通知抵押权人）`, `${p.years} years past the agreed start ${c.effectiveStart}${l.en} with no start: after the investigation, a candidate for recovery without compensation (notify the mortgagee)`, ['dates.agreedStart', 'dates.actualStart']),
    ];
  },
};

const partialParams = z.object({ developedShareBelow: decParam, investedShareBelow: decParam, haltedYears: z.number().int().positive() });
export const idlePartialStart: Rule<PostSupplyContext, z.infer<typeof partialParams>> = {
  id: 'idle-partial-start',
  scope: 'post-supply',
  title: { zh: '已动工但开发不足且中止满一年', en: 'started, under-developed and halted one year' },
  basis: { document: ORDER_53, article: '第二条', confidence: 'secondary', note: NOTE },
  severity: 'error',
  params: partialParams,
  directions: { developedShareBelow: 'minimum', investedShareBelow: 'minimum', haltedYears: 'maximum' },
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
    return [draft('error', `已动工开发但${why}，且自 ${pr.haltedSince} 中止开发建设满 ${p.haltedYears} 年，涉嫌闲置土地，应启动调查认定`, `started but under-developed or under-invested, halted since ${pr.haltedSince} for ${p.haltedYears} year(s): suspected idle land, investigate`, ['progress.developedShare', 'progress.investedShare', 'progress.haltedSince'])];
  },
};

const causeParams = z.object({ causes: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() }).passthrough()), maxExtensionYears: z.number().int().positive() });
export const idleGovernmentCause: Rule<PostSupplyContext, z.infer<typeof causeParams>> = {
  id: 'idle-government-cause',
  scope: 'post-supply',
  title: { zh: '政府原因或不可抗力造成的动工延迟', en: 'delay caused by government or force majeure' },
  basis: { document: ORDER_53, article: '第八条、第十二条', confidence: 'unconfirmed', note: 'causes and the one-year extension recalled (RULES-REVIEW.md)' },
  severity: 'warning',
  params: causeParams,
  directions: { maxExtensionYears: 'maximum' },
  check({ supply: s, asOf }, p) {
    const out: Draft[] = [];
    for (const [i, c] of (s.governmentCauses ?? []).entries()) {
      const known = p.causes.find((x) => x.code === c.code);
      if (!known) {
        out.push(draft('warning', `延迟原因"${c.code}"不在规则集列明的政府原因或不可抗力情形中，需核实后方可中止闲置认定期限`, `cause "${c.code}" is not a government cause or force majeure the rule set lists: verify before suspending the idle clocks`, [`governmentCauses[${i}].code`]));
        continue;
      }
      if (c.from > asOf) continue;
      const open = !c.to || c.to > asOf;
      const sa = c.supplementaryAgreement;
      if (open) {
        out.push(draft('info', `因${known.zh}（${c.from} 起，尚未消除），闲置认定期限中止计算`, `${known.en} since ${c.from}, still in effect: idle clocks suspended`, [`governmentCauses[${i}]`]));
      } else if (!sa) {
        out.push(draft('warning', `因${known.zh}（${c.from} 至 ${c.to}）延迟动工，应签订补充协议重新约定开工日期（延长不超过 ${p.maxExtensionYears} 年）；未录入补充协议前按实际延迟天数顺延，最多 ${p.maxExtensionYears} 年`, `${known.en} from ${c.from} to ${c.to}: a supplementary agreement must fix a new start (at most ${p.maxExtensionYears} year(s) later); until it is recorded the clock moves day for day, at most ${p.maxExtensionYears} year(s)`, [`governmentCauses[${i}].supplementaryAgreement`]));
      }
    }
    const clock = idleClock(s, asOf, p.maxExtensionYears);
    if (clock?.capped) {
      out.push(draft('warning', `开工日期顺延超过 ${p.maxExtensionYears} 年，按原约定开工日期 ${clock.agreedStart} 起最多顺延至 ${clock.effectiveStart}`, `the start is moved by more than ${p.maxExtensionYears} year(s): capped at ${clock.effectiveStart} (agreed start ${clock.agreedStart})`, ['governmentCauses']));
    }
    return out;
  },
};
