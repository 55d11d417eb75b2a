/**
 * A parcel's path, as data: the steps of 出让 (grant) and of 划拨 (allocation), their order, which
 * roles may record each, and the fields each requires. The journal (`journal.ts`) refuses a step
 * out of this order; supervision (`supervise.ts`) reads the dates it records.
 *
 * 出让: 供地方案 → 集体决策 (底价, confidential) → 出让公告 → 挂牌/拍卖/招标 → 成交 → 成交公示 →
 *       出让合同 (GF-2008-2601, 电子监管号) → 价款 (instalments, any time after the contract) →
 *       交地 → 开工 → 竣工 → 验收
 * 划拨: 供地方案 → 划拨决定书 → 交地 → 开工 → 竣工 → 验收
 * Before either, the land reserve (土地储备) records the parcel's costs and its 净地 evidence.
 */
import { z } from 'zod';
import { rolesFor, type Role } from '../access.js';
import { safeName } from '../text.js';

/** Roles as the access table (domain/access.ts) names them. */
export type PipelineRole = Role;

export const STEP_KINDS = [
  'supplyScheme',
  'collectiveDecision',
  'announcement',
  'tradingPeriod',
  'deal',
  'dealPublication',
  'contract',
  'allocationDecision',
  'delivery',
  'start',
  'completion',
  'acceptance',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** Events besides the linear steps: money, reserve, corrections, idle-land cases, inspections. */
export const OTHER_KINDS = [
  'reserveAdmission',
  'reserveCost',
  'cleanLandEvidence',
  'payment',
  'supplementaryAgreement',
  'inspection',
  'idleInvestigation',
  'idleDetermination',
  'idleDisposal',
  'reversal',
] as const;
export type OtherKind = (typeof OTHER_KINDS)[number];
export type EventKind = StepKind | OtherKind;
export const EVENT_KINDS: readonly EventKind[] = [...STEP_KINDS, ...OTHER_KINDS];

export type PathId = 'grant' | 'allocation';

export const PATHS: Record<PathId, readonly StepKind[]> = {
  grant: ['supplyScheme', 'collectiveDecision', 'announcement', 'tradingPeriod', 'deal', 'dealPublication', 'contract', 'delivery', 'start', 'completion', 'acceptance'],
  allocation: ['supplyScheme', 'allocationDecision', 'delivery', 'start', 'completion', 'acceptance'],
};

/**
 * A parcel's execution status as its path gives it (the dashboard's parcel list and map):
 * completed once 竣工 (or 验收) is recorded, started once 开工 is, supplied once the contract
 * (出让合同) or the allocation decision (划拨决定书) is, available before. The furthest step decides.
 */
export type ExecutionStatus = 'available' | 'supplied' | 'started' | 'completed';

export const EXECUTION_STATUS_STEPS: Readonly<Record<Exclude<ExecutionStatus, 'available'>, readonly StepKind[]>> = {
  completed: ['completion', 'acceptance'],
  started: ['start'],
  supplied: ['contract', 'allocationDecision', 'delivery'],
};

export function executionStatusOf(lastStep: StepKind | null | undefined): ExecutionStatus {
  for (const [status, steps] of Object.entries(EXECUTION_STATUS_STEPS) as [ExecutionStatus, readonly StepKind[]][]) if (lastStep && steps.includes(lastStep)) return status;
  return 'available';
}

/** The path of a supply method code: 1 划拨 → allocation; every other method is granted by contract. */
export function pathOfMethod(method: string): PathId {
  return method === '1' ? 'allocation' : 'grant';
}

export const STEP_LABELS: Record<EventKind, { zh: string; en: string }> = {
  supplyScheme: { zh: '供地方案', en: 'supply scheme' },
  collectiveDecision: { zh: '集体决策（底价）', en: 'collective decision (reserve price)' },
  announcement: { zh: '出让公告', en: 'grant announcement' },
  tradingPeriod: { zh: '挂牌/拍卖/招标', en: 'listing / auction / tender' },
  deal: { zh: '成交', en: 'deal' },
  dealPublication: { zh: '成交公示', en: 'deal publication' },
  contract: { zh: '出让合同', en: 'grant contract' },
  allocationDecision: { zh: '划拨决定书', en: 'allocation decision' },
  delivery: { zh: '交地', en: 'delivery' },
  start: { zh: '开工', en: 'start' },
  completion: { zh: '竣工', en: 'completion' },
  acceptance: { zh: '验收', en: 'acceptance' },
  reserveAdmission: { zh: '纳入土地储备', en: 'admitted to the land reserve' },
  reserveCost: { zh: '储备成本', en: 'reserve cost' },
  cleanLandEvidence: { zh: '净地核验', en: 'clean-land evidence' },
  payment: { zh: '价款缴纳', en: 'payment' },
  supplementaryAgreement: { zh: '补充协议', en: 'supplementary agreement' },
  inspection: { zh: '巡查记录', en: 'inspection' },
  idleInvestigation: { zh: '闲置土地调查', en: 'idle-land investigation' },
  idleDetermination: { zh: '闲置土地认定', en: 'idle-land determination' },
  idleDisposal: { zh: '闲置土地处置', en: 'idle-land disposal' },
  reversal: { zh: '更正（冲销）', en: 'correction (reversal)' },
};

const BUREAU: readonly PipelineRole[] = rolesFor('pipeline.record');
const BUREAU_AND_GOVERNMENT: readonly PipelineRole[] = rolesFor('pipeline.decide');

/** Who may record each kind of event (the 集体决策 and the 划拨决定书 are the county government's). */
export const RECORDERS: Record<EventKind, readonly PipelineRole[]> = {
  supplyScheme: BUREAU,
  collectiveDecision: BUREAU_AND_GOVERNMENT,
  announcement: BUREAU,
  tradingPeriod: BUREAU,
  deal: BUREAU,
  dealPublication: BUREAU,
  contract: BUREAU,
  allocationDecision: BUREAU_AND_GOVERNMENT,
  delivery: BUREAU,
  start: BUREAU,
  completion: BUREAU,
  acceptance: BUREAU,
  reserveAdmission: BUREAU,
  reserveCost: BUREAU,
  cleanLandEvidence: BUREAU,
  payment: BUREAU,
  supplementaryAgreement: BUREAU_AND_GOVERNMENT,
  inspection: BUREAU,
  idleInvestigation: BUREAU,
  idleDetermination: BUREAU_AND_GOVERNMENT,
  idleDisposal: BUREAU_AND_GOVERNMENT,
  reversal: BUREAU,
};

/** The roles that set the 底价 and may see it before the deal is public (39号令 第十条: 底价 kept secret). */
export const RESERVE_PRICE_ROLES: readonly PipelineRole[] = rolesFor('reservePrice.read');

/** 万元 with at most 6 decimals (0.01 元), as text: money is never a float. */
export const wanYuan = z.string().regex(/^\d{1,12}(\.\d{1,6})?$/, '金额应为不超过 6 位小数的非负数（万元） / an amount in 万元 with at most 6 decimals');
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD / a date is YYYY-MM-DD');
/** One line of safe text (no control, bidi or zero-width characters), 1…max characters. */
const text = (max: number) => safeName(max);

export const documentSchema = z.strictObject({
  /** e.g. 批复, 会议纪要, 公告, 合同, 收据, 交地确认书, 照片 */
  kind: text(40),
  /** 文号 / 编号 */
  number: text(80),
  date: isoDate,
  title: text(200).optional(),
  /** sha256 of an uploaded attachment (stored once, content-addressed). */
  attachment: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});
export type PipelineDocument = z.infer<typeof documentSchema>;

export const COST_CATEGORIES = ['compensation', 'resettlement', 'preparation', 'financing', 'other'] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];
export const COST_LABELS: Record<CostCategory, { zh: string; en: string }> = {
  compensation: { zh: '征收补偿', en: 'expropriation compensation' },
  resettlement: { zh: '安置', en: 'resettlement' },
  preparation: { zh: '前期开发', en: 'site preparation' },
  financing: { zh: '财务成本', en: 'financing cost' },
  other: { zh: '其他', en: 'other' },
};

/**
 * 净地 (clean land): the five conditions of 《闲置土地处置办法》(国土资源部令第53号) 第二十一条 —
 * 土地权利清晰, 安置补偿落实到位, 没有法律经济纠纷, 地块位置、使用性质、容积率等规划条件明确,
 * 具备动工开发所必需的其他基本条件. The ids match the rule `clean-land-precondition`.
 */
export const CLEAN_LAND_ITEMS = ['titleClear', 'compensationSettled', 'noDisputes', 'planningConditionsClear', 'readyToStart'] as const;
export type CleanLandItem = (typeof CLEAN_LAND_ITEMS)[number];
export const CLEAN_LAND_LABELS: Record<CleanLandItem, { zh: string; en: string }> = {
  titleClear: { zh: '土地权利清晰', en: 'clear title' },
  compensationSettled: { zh: '安置补偿落实到位', en: 'compensation settled' },
  noDisputes: { zh: '没有法律经济纠纷', en: 'no legal or economic disputes' },
  planningConditionsClear: { zh: '规划条件明确', en: 'planning conditions clear' },
  readyToStart: { zh: '具备动工开发的基本条件', en: 'ready to start construction' },
};

const instalment = z.strictObject({ dueDate: isoDate, amountWanYuan: wanYuan });

/** The fields each event requires (its `data`). Unknown fields are refused. */
export const EVENT_DATA = {
  supplyScheme: z.strictObject({ method: z.enum(['1', '2', '21', '22', '23', '3', '4', '5', '6']), useCode: z.string().regex(/^\d{2,6}$/).optional(), termYears: z.number().int().min(1).max(70).optional() }),
  collectiveDecision: z.strictObject({ reservePriceWanYuan: wanYuan, startingPriceWanYuan: wanYuan.optional(), bidDepositWanYuan: wanYuan.optional() }),
  announcement: z.strictObject({ announcementNo: text(80), plannedTradingStart: isoDate, plannedTradingEnd: isoDate.optional() }),
  /** Recorded when the period closes: `occurredOn` is the closing day, `start` the first day. */
  tradingPeriod: z.strictObject({ form: z.enum(['listing', 'auction', 'tender']), start: isoDate }),
  deal: z.strictObject({ priceWanYuan: wanYuan, winner: text(120) }),
  dealPublication: z.strictObject({ publicationNo: text(80) }),
  contract: z.strictObject({
    contractNo: text(80),
    /** 电子监管号 (monitoring-system number, 19 characters in the national schema). */
    supervisionNumber: z.string().regex(/^[0-9A-Za-z]{10,24}$/),
    assignee: text(120),
    areaM2: z.string().regex(/^\d{1,10}(\.\d{1,2})?$/),
    useCode: z.string().regex(/^\d{2,6}$/),
    termYears: z.number().int().min(1).max(70),
    priceWanYuan: wanYuan,
    farMin: z.string().regex(/^\d{1,2}(\.\d{1,2})?$/).optional(),
    farMax: z.string().regex(/^\d{1,2}(\.\d{1,2})?$/).optional(),
    agreedDelivery: isoDate,
    agreedStart: isoDate,
    agreedCompletion: isoDate,
    instalments: z.array(instalment).min(1).max(24),
  }),
  allocationDecision: z.strictObject({
    decisionNo: text(80),
    supervisionNumber: z.string().regex(/^[0-9A-Za-z]{10,24}$/),
    user: text(120),
    areaM2: z.string().regex(/^\d{1,10}(\.\d{1,2})?$/),
    useCode: z.string().regex(/^\d{2,6}$/),
    agreedDelivery: isoDate,
    agreedStart: isoDate,
    agreedCompletion: isoDate,
  }),
  delivery: z.strictObject({}),
  start: z.strictObject({}),
  completion: z.strictObject({}),
  acceptance: z.strictObject({ passed: z.boolean() }),
  reserveAdmission: z.strictObject({ projectId: z.number().int().positive() }),
  reserveCost: z.strictObject({ category: z.enum(COST_CATEGORIES), amountWanYuan: wanYuan }),
  cleanLandEvidence: z.strictObject({ item: z.enum(CLEAN_LAND_ITEMS) }),
  payment: z.strictObject({ amountWanYuan: wanYuan, receiptNo: text(80) }),
  supplementaryAgreement: z.strictObject({ agreementNo: text(80), cause: z.enum(['government', 'forceMajeure']), agreedStart: isoDate, agreedCompletion: isoDate.optional() }),
  inspection: z.strictObject({ finding: z.enum(['notStarted', 'underConstruction', 'halted', 'completed', 'other']), note: text(500).optional() }),
  idleInvestigation: z.strictObject({ noticeNo: text(80) }),
  idleDetermination: z.strictObject({ determinationNo: text(80), cause: z.enum(['user', 'government', 'forceMajeure']) }),
  idleDisposal: z.strictObject({ measure: z.enum(['fee', 'recovery', 'extension', 'otherGovernmentMeasure']) }),
  reversal: z.strictObject({ reverses: z.number().int().positive(), reason: text(300) }),
} satisfies Record<EventKind, z.ZodType>;

export type EventData<K extends EventKind> = z.infer<(typeof EVENT_DATA)[K]>;

/** Steps that need at least one document (a 批复, minutes, the announcement, the contract …). */
export const DOCUMENT_REQUIRED: ReadonlySet<EventKind> = new Set<EventKind>([
  'supplyScheme', 'collectiveDecision', 'announcement', 'deal', 'dealPublication', 'contract', 'allocationDecision', 'delivery',
  'reserveCost', 'cleanLandEvidence', 'payment', 'supplementaryAgreement', 'idleInvestigation', 'idleDetermination', 'idleDisposal',
]);
