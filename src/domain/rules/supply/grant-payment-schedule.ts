/**
 * The contract's 分期支付约定: at least 50% of the price within one month of signing, the balance
 * within one year (国土资发〔2010〕34号; 财综〔2009〕74号, recalled).
 * Input: `paymentSchedule` [{dueDate, amount 万元}], `dates.contract`, `prices.transaction`;
 * without them the rule reports that it cannot check.
 * Example: price 1000 万元, contract 2026-05-20, 400 万元 due 2026-06-20 and 600 万元 2027-05-20 → error (40% < 50%).
 */
import { z } from 'zod';
import { Dec } from '../../decimal.js';
import { isGrant } from '../../supply-method.js';
import { addMonths } from '../dates.js';
import { cannotCheck, draft, type Draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { FINANCE_74, NOTICE_34 } from '../bases.js';
import { decParam, fmtWan } from '../params.js';

const params = z.object({ firstShare: decParam, firstMonths: z.number().int().positive(), balanceMonths: z.number().int().positive() });

export const grantPaymentSchedule: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'grant-payment-schedule',
  scope: 'supply',
  title: { zh: '出让价款：一个月内缴纳50%，余款一年内缴清', en: 'price: 50% within a month, the balance within a year' },
  basis: { document: NOTICE_34, confidence: 'secondary', also: [{ document: FINANCE_74, confidence: 'unconfirmed', note: 'recalled' }] },
  severity: 'error',
  params,
  directions: { firstShare: 'minimum', firstMonths: 'maximum', balanceMonths: 'maximum' },
  check({ supply: s }, p) {
    if (!isGrant(s.method)) return [];
    const contract = s.dates.contract;
    const price = s.prices.transactionWanYuan;
    const schedule = s.paymentSchedule;
    if (!contract) return [cannotCheck('dates.contract', '出让合同签订日期', 'the contract date')];
    if (!price) return [cannotCheck('prices.transaction', '成交价款', 'the transaction price')];
    if (!schedule || schedule.length === 0) return [cannotCheck('paymentSchedule', '出让合同分期支付约定', 'the contract\'s payment schedule')];
    const out: Draft[] = [];
    const firstBy = addMonths(contract, p.firstMonths);
    const lastBy = addMonths(contract, p.balanceMonths);
    const sum = (xs: typeof schedule): Dec => xs.reduce((a, x) => a.plus(x.amountWanYuan), new Dec(0));
    const first = sum(schedule.filter((x) => x.dueDate <= firstBy));
    const need = price.times(p.firstShare);
    if (first.lt(need)) {
      out.push(draft('error', `合同签订（${contract}）后 ${p.firstMonths} 个月内（至 ${firstBy}）约定缴纳 ${fmtWan(first)} 万元，少于成交价款的 ${p.firstShare.times(100).toFixed()}%（${fmtWan(need)} 万元）`, `${fmtWan(first)} wan yuan due within ${p.firstMonths} month(s) of the contract (by ${firstBy}), less than ${p.firstShare.times(100).toFixed()}% of the price (${fmtWan(need)})`, ['paymentSchedule', 'prices.transaction'], { stated: first.toFixed(), expected: `>= ${need.toFixed()}` }));
    }
    const late = schedule.filter((x) => x.dueDate > lastBy);
    if (late.length) {
      out.push(draft('error', `余款约定缴纳日期晚于合同签订后 ${p.balanceMonths} 个月（${lastBy}）：${late.map((x) => `${x.dueDate} ${fmtWan(x.amountWanYuan)} 万元`).join('、')}`, `instalments due after ${lastBy} (${p.balanceMonths} months after the contract): ${late.map((x) => x.dueDate).join(', ')}`, ['paymentSchedule'], { expected: `dueDate <= ${lastBy}` }));
    }
    const total = sum(schedule);
    if (!total.eq(price)) {
      out.push(draft('warning', `分期支付约定合计 ${fmtWan(total)} 万元，与成交价款 ${fmtWan(price)} 万元不符`, `the schedule totals ${fmtWan(total)} wan yuan, not the price ${fmtWan(price)}`, ['paymentSchedule', 'prices.transaction'], { stated: total.toFixed(), expected: price.toFixed() }));
    }
    return out;
  },
};
