/**
 * The grant contract within 10 working days of the deal (成交) (国土资发〔2010〕34号). Working days as
 * the rule set counts them (holidays, make-up workdays); the day of the deal does not count.
 * Input: `dates.deal`, `dates.contract`; without them the rule reports that it cannot check.
 * Example: deal 2026-05-08 (Friday), contract 2026-05-25 → 11 working days → error.
 */
import { z } from 'zod';
import { isGrant } from '../../supply-method.js';
import { cannotCheck, draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { NOTICE_34 } from '../bases.js';
import { dayCountParams, periodDays, unitName } from './day-count.js';

const params = z.object({ maxDays: z.number().int().positive(), ...dayCountParams });

export const grantContractDeadline: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'grant-contract-deadline',
  scope: 'supply',
  title: { zh: '成交后10个工作日内签订出让合同', en: 'contract within 10 working days of the deal' },
  basis: { document: NOTICE_34, confidence: 'secondary' },
  severity: 'error',
  params,
  directions: { maxDays: 'maximum' },
  check({ supply: s }, p) {
    if (!isGrant(s.method)) return [];
    const { deal, contract } = s.dates;
    if (!deal) return [cannotCheck('dates.deal', '成交日期', 'the deal date')];
    if (!contract) return [cannotCheck('dates.contract', '出让合同签订日期', 'the contract date')];
    const days = periodDays(deal, contract, p);
    if (days <= p.maxDays) return [];
    const u = unitName(p);
    return [draft('error', `成交（${deal}）后 ${days} ${u.zh}才签订出让合同（${contract}），超过 ${p.maxDays} ${u.zh}`, `contract ${contract} signed ${days} ${u.en} after the deal ${deal}; at most ${p.maxDays}`, ['dates.deal', 'dates.contract'], { stated: String(days), expected: `<= ${p.maxDays}` })];
  },
};
