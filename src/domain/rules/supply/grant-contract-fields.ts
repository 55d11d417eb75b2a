/**
 * A signed grant contract carries the fields of the model contract (《国有建设用地使用权出让合同》示范文本
 * GF-2008-2601) the monitoring system records (DOMAIN §7), and its 电子监管号 (supervisionNumber).
 * Which fields are required is a rule-set parameter. Runs once a contract date is recorded; before
 * that it says the contract is not yet checked.
 * Example: contract dated, no supervisionNumber → warning naming supervisionNumber.
 */
import { z } from 'zod';
import { isGrant } from '../../supply-method.js';
import type { Supply } from '../../supply.js';
import { draft, type Rule } from '../rule.js';
import type { SupplyContext } from '../context.js';
import { MODEL_CONTRACT } from '../bases.js';

const FIELDS: Record<string, { zh: string; en: string; present: (s: Supply) => boolean }> = {
  supervisionNumber: { zh: '电子监管号', en: 'supervision number', present: (s) => !!s.supervisionNumber?.trim() },
  contractNumber: { zh: '合同编号', en: 'contract number', present: (s) => !!s.contractNumber?.trim() },
  assignee: { zh: '受让人（土地使用权人）', en: 'assignee', present: (s) => !!s.assignee?.trim() },
  termYears: { zh: '出让年限', en: 'term', present: (s) => s.termYears !== undefined },
  'prices.transaction': { zh: '出让价款', en: 'price', present: (s) => s.prices.transactionWanYuan !== undefined },
  paymentSchedule: { zh: '分期支付约定', en: 'payment schedule', present: (s) => (s.paymentSchedule?.length ?? 0) > 0 },
  'dates.agreedDelivery': { zh: '约定交地时间', en: 'agreed delivery', present: (s) => !!s.dates.agreedDelivery },
  'dates.agreedStart': { zh: '约定开工时间', en: 'agreed start', present: (s) => !!s.dates.agreedStart },
  'dates.agreedCompletion': { zh: '约定竣工时间', en: 'agreed completion', present: (s) => !!s.dates.agreedCompletion },
  'far.min': { zh: '约定容积率下限', en: 'FAR lower bound', present: (s) => s.farMin !== undefined },
  'far.max': { zh: '约定容积率上限', en: 'FAR upper bound', present: (s) => s.farMax !== undefined },
};
type Field = keyof typeof FIELDS;

const params = z.object({ required: z.array(z.enum(Object.keys(FIELDS) as [Field, ...Field[]])) });

export const grantContractFields: Rule<SupplyContext, z.infer<typeof params>> = {
  id: 'grant-contract-fields',
  scope: 'supply',
  title: { zh: '出让合同须载明示范文本要素和电子监管号', en: 'grant contract carries the model fields and the supervision number' },
  basis: { document: MODEL_CONTRACT, confidence: 'secondary', note: 'fields as the monitoring system records them (DOMAIN.md §7); the rule requiring the 电子监管号 is not quoted in data/' },
  severity: 'warning',
  params,
  check({ supply: s }, p) {
    if (!isGrant(s.method)) return [];
    if (!s.dates.contract) return [draft('info', '尚未签订出让合同（无合同日期），未核验合同要素', 'no contract date yet: contract fields not checked', ['dates.contract'])];
    const missing = p.required.filter((f) => !FIELDS[f]!.present(s));
    if (missing.length === 0) return [];
    return [draft('warning', `出让合同缺少：${missing.map((f) => FIELDS[f]!.zh).join('、')}`, `the grant contract lacks: ${missing.map((f) => FIELDS[f]!.en).join(', ')}`, missing)];
  },
};
