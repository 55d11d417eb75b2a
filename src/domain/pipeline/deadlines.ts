/**
 * The deadlines of a parcel's path, as data: what each governs, its legal basis and confidence,
 * and which rule of the rule set holds its numbers. The numbers are read from the rule set in
 * force (data/rule-sets/), never from here, so the supply check and the pipeline use one copy:
 * the supply rules' own entries `announcement-lead-20d`, `listing-period-min`,
 * `grant-contract-deadline`, `deal-result-publication` and `grant-payment-schedule`; the idle
 * clocks are `idle-fee-1y`, the extension cap `idle-government-cause`. Working days are counted
 * on the calendar of mainland China (calendar/), not on the rule set's own holiday lists.
 * A deadline whose rule the rule set does not configure is not computed, and the report says so.
 */
import { z } from 'zod';
import type { Dec } from '../decimal.js';
import type { Bilingual } from '../finding.js';
import type { RuleSet } from '../rule-set.js';
import type { LegalBasis } from '../rules/rule.js';
import { decParam } from '../rules/params.js';
import type { EventKind } from './steps.js';

export type DeadlineId =
  | 'announcement-lead'
  | 'listing-period'
  | 'result-publication'
  | 'contract-deadline'
  | 'payment-terms'
  | 'instalment-due'
  | 'delivery-due'
  | 'start-due'
  | 'completion-due'
  | 'idle-fee'
  | 'idle-recovery';

export interface DeadlineRule {
  readonly id: DeadlineId;
  readonly step: EventKind;
  readonly title: Bilingual;
  readonly basis: LegalBasis;
  /** The rule-set entry whose parameters give the numbers (undefined: the contract's own dates). */
  readonly ruleSetRule?: string;
  readonly unit: Bilingual;
}

const L39 = '《招标拍卖挂牌出让国有建设用地使用权规定》（国土资源部令第39号）';
const N34 = '《关于加强房地产用地供应和监管有关问题的通知》（国土资发〔2010〕34号）';
const L53 = '《闲置土地处置办法》（国土资源部令第53号）';
const GF = '《国有建设用地使用权出让合同》示范文本（GF-2008-2601）';

export const DEADLINE_RULES: Readonly<Record<DeadlineId, DeadlineRule>> = {
  'announcement-lead': {
    id: 'announcement-lead', step: 'announcement', ruleSetRule: 'announcement-lead-20d',
    title: { zh: '出让公告期不足', en: 'announcement period too short' },
    basis: { document: L39, article: '第八条', confidence: 'secondary' }, unit: { zh: '日', en: 'days' },
  },
  'listing-period': {
    id: 'listing-period', step: 'tradingPeriod', ruleSetRule: 'listing-period-min',
    title: { zh: '挂牌期不足', en: 'listing period too short' },
    basis: { document: L39, article: '第十八条', confidence: 'secondary' }, unit: { zh: '日', en: 'days' },
  },
  'result-publication': {
    id: 'result-publication', step: 'dealPublication', ruleSetRule: 'deal-result-publication',
    title: { zh: '成交结果未按期公示', en: 'deal result not published in time' },
    basis: { document: L39, article: '第二十二条', confidence: 'unconfirmed' }, unit: { zh: '日', en: 'days' },
  },
  'contract-deadline': {
    id: 'contract-deadline', step: 'contract', ruleSetRule: 'grant-contract-deadline',
    title: { zh: '成交后未按期签订出让合同', en: 'contract not signed in time after the deal' },
    basis: { document: N34, confidence: 'secondary' }, unit: { zh: '个工作日', en: 'working days' },
  },
  'payment-terms': {
    id: 'payment-terms', step: 'contract', ruleSetRule: 'grant-payment-schedule',
    title: { zh: '分期缴款约定不符合首付与付清期限', en: 'instalment schedule outside the payment terms' },
    basis: { document: `${N34}；《关于进一步加强土地出让收支管理的通知》（财综〔2009〕74号）`, confidence: 'secondary' }, unit: { zh: '月', en: 'months' },
  },
  'instalment-due': {
    id: 'instalment-due', step: 'payment',
    title: { zh: '土地出让价款逾期未缴', en: 'instalment overdue' },
    basis: { document: GF, article: '第七条', confidence: 'secondary' }, unit: { zh: '日', en: 'days' },
  },
  'delivery-due': {
    id: 'delivery-due', step: 'delivery',
    title: { zh: '超过约定交地日期未交地', en: 'delivery overdue' },
    basis: { document: GF, article: '第五条', confidence: 'secondary' }, unit: { zh: '日', en: 'days' },
  },
  'start-due': {
    id: 'start-due', step: 'start', ruleSetRule: 'start-overdue-warning',
    title: { zh: '超过约定开工日期未动工', en: 'start overdue' },
    basis: { document: `${GF}；${L53}`, article: '第二条', confidence: 'secondary' }, unit: { zh: '日', en: 'days' },
  },
  'completion-due': {
    id: 'completion-due', step: 'completion',
    title: { zh: '超过约定竣工日期未竣工', en: 'completion overdue' },
    basis: { document: GF, article: '第十六条', confidence: 'secondary' }, unit: { zh: '日', en: 'days' },
  },
  'idle-fee': {
    id: 'idle-fee', step: 'start', ruleSetRule: 'idle-fee-1y',
    title: { zh: '满一年未动工：应启动闲置土地调查，可征缴土地闲置费', en: 'one year without a start: investigate as idle land; idle-land fee' },
    basis: { document: L53, article: '第二条、第十四条第（一）项', confidence: 'confirmed' }, unit: { zh: '日', en: 'days' },
  },
  'idle-recovery': {
    id: 'idle-recovery', step: 'start', ruleSetRule: 'idle-fee-1y',
    title: { zh: '满两年未动工：可无偿收回', en: 'two years without a start: recovery without compensation' },
    basis: { document: `${L53}；《土地管理法》第三十八条；《城市房地产管理法》第二十六条`, article: '第十四条第（二）项', confidence: 'confirmed' }, unit: { zh: '日', en: 'days' },
  },
};

/** The rules in the order reports list them (DEADLINE_RULES' order). */
export const DEADLINE_ORDER = Object.keys(DEADLINE_RULES) as DeadlineId[];

/** Each rule's place in DEADLINE_ORDER (sort keys of report items). */
export const DEADLINE_RANK: ReadonlyMap<DeadlineId, number> = new Map(DEADLINE_ORDER.map((r, i) => [r, i]));

const unit = z.enum(['calendarDays', 'workingDays']);
const paramSchemas = {
  announcementLead: z.object({ minDays: z.number().int().positive(), unit }),
  listing: z.object({ minDays: z.number().int().positive(), unit }),
  contract: z.object({ maxDays: z.number().int().positive(), unit }),
  publication: z.object({ maxDays: z.number().int().positive(), unit }),
  payment: z.object({ firstShare: decParam, firstMonths: z.number().int().positive(), balanceMonths: z.number().int().positive() }),
  start: z.object({ graceDays: z.number().int().nonnegative() }),
  idle: z.object({ years: z.number().int().positive(), recoveryYears: z.number().int().positive(), feeShare: decParam }),
  extension: z.object({ maxExtensionYears: z.number().int().positive() }),
};

export interface DeadlineParams {
  readonly announcementLead?: { minDays: number; unit: 'calendarDays' | 'workingDays' };
  readonly listing?: { minDays: number; unit: 'calendarDays' | 'workingDays' };
  readonly contract?: { maxDays: number; unit: 'calendarDays' | 'workingDays' };
  readonly publication?: { maxDays: number; unit: 'calendarDays' | 'workingDays' };
  readonly payment?: { firstShare: Dec; firstMonths: number; balanceMonths: number };
  readonly start?: { graceDays: number };
  readonly idle?: { years: number; recoveryYears: number; feeShare: Dec };
  readonly extension?: { maxExtensionYears: number };
}

export interface ResolvedDeadlineParams {
  readonly params: DeadlineParams;
  /** Rule-set entries that are missing, disabled or unreadable: their deadlines are not computed. */
  readonly missing: readonly string[];
}

const SOURCES: readonly [keyof DeadlineParams, string][] = [
  ['announcementLead', 'announcement-lead-20d'],
  ['listing', 'listing-period-min'],
  ['contract', 'grant-contract-deadline'],
  ['publication', 'deal-result-publication'],
  ['payment', 'grant-payment-schedule'],
  ['start', 'start-overdue-warning'],
  ['idle', 'idle-fee-1y'],
  ['extension', 'idle-government-cause'],
];

/** Reads the deadline numbers from the rule set in force. */
export function deadlineParams(ruleSet: RuleSet): ResolvedDeadlineParams {
  const params: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const [key, ruleId] of SOURCES) {
    const entry = ruleSet.rules[ruleId];
    const parsed = entry?.enabled ? paramSchemas[key].safeParse(entry.params) : undefined;
    if (parsed?.success) params[key] = parsed.data;
    else missing.push(ruleId);
  }
  return { params: params as DeadlineParams, missing };
}
