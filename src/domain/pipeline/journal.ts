/**
 * A parcel's journal (ARCHITECTURE: "a parcel's path … is a journal of dated events, as in a
 * ledger"). Events are appended, never edited; a correction is a `reversal` event naming the one
 * it voids. `project(events)` folds the journal into the parcel's state; `decide(state, proposal)`
 * says whether a new event may be appended, and why not (out of order, paying more than the price,
 * selling below the 底价 …). Both are pure: the store appends what `decide` accepts.
 *
 * Example: a grant whose journal holds 供地方案 and 集体决策 accepts 出让公告 next and refuses 成交
 * ("应先记录：出让公告").
 */
import { Dec, sumDec } from '../decimal.js';
import type { Bilingual } from '../finding.js';
import { addYears, daysBetween } from '../rules/dates.js';
import {
  CLEAN_LAND_ITEMS,
  DOCUMENT_REQUIRED,
  EVENT_DATA,
  PATHS,
  RECORDERS,
  STEP_KINDS,
  STEP_LABELS,
  pathOfMethod,
  type CleanLandItem,
  type CostCategory,
  type EventData,
  type EventKind,
  type PathId,
  type PipelineDocument,
  type PipelineRole,
  type StepKind,
} from './steps.js';

export interface PipelineEvent {
  readonly id: number;
  readonly parcelId: number;
  /** 1, 2, … within the parcel's journal. */
  readonly seq: number;
  readonly kind: EventKind;
  /** Valid time: the day it happened (the deal, the payment, the hand-over …). */
  readonly occurredOn: string;
  /** Record time (ISO instant) and who recorded it, in which role. */
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly role: PipelineRole;
  readonly data: Readonly<Record<string, unknown>>;
  readonly documents: readonly PipelineDocument[];
}

export interface StepRecord {
  readonly eventId: number;
  readonly on: string;
  readonly documents: readonly PipelineDocument[];
}

export interface Instalment {
  /** 1-based, in due-date order. */
  readonly no: number;
  readonly dueDate: string;
  readonly amount: Dec;
}

export interface Payment {
  readonly eventId: number;
  readonly paidOn: string;
  readonly amount: Dec;
  readonly receiptNo: string;
  readonly documents: readonly PipelineDocument[];
}

export interface CostEntry {
  readonly eventId: number;
  readonly on: string;
  readonly category: CostCategory;
  readonly amount: Dec;
  readonly documents: readonly PipelineDocument[];
}

export interface IdleCaseState {
  readonly investigation?: StepRecord & { readonly noticeNo: string };
  readonly determination?: StepRecord & { readonly determinationNo: string; readonly cause: 'user' | 'government' | 'forceMajeure' };
  readonly disposal?: StepRecord & { readonly measure: 'fee' | 'recovery' | 'extension' | 'otherGovernmentMeasure' };
}

export interface PipelineState {
  readonly path?: PathId;
  readonly method?: string;
  /** Effective (not reversed) steps of the path, by kind. */
  readonly steps: Readonly<Partial<Record<StepKind, StepRecord>>>;
  /** The furthest step reached on the path. */
  readonly lastStep?: StepKind;
  readonly reserve: {
    readonly projectId?: number;
    readonly admittedOn?: string;
    readonly costs: readonly CostEntry[];
    readonly cleanLand: Readonly<Partial<Record<CleanLandItem, StepRecord>>>;
  };
  readonly reservePrice?: Dec;
  readonly announcement?: { readonly on: string; readonly plannedTradingStart: string };
  readonly trading?: { readonly form: 'listing' | 'auction' | 'tender'; readonly start: string; readonly end: string };
  readonly deal?: { readonly on: string; readonly price: Dec; readonly winner: string };
  /** The contract (出让) or the allocation decision (划拨): who holds the land, on which terms. */
  readonly contract?: {
    readonly on: string;
    readonly number: string;
    readonly supervisionNumber: string;
    readonly holder: string;
    readonly areaM2: string;
    readonly useCode: string;
    readonly termYears?: number;
    readonly price?: Dec;
    readonly instalments: readonly Instalment[];
  };
  /** Agreed dates, after any supplementary agreement. */
  readonly agreed: { readonly delivery?: string; readonly start?: string; readonly completion?: string };
  /** The agreed start of the contract itself (the one-year extension cap counts from it). */
  readonly originalAgreedStart?: string;
  readonly extensions: readonly (StepRecord & { readonly cause: 'government' | 'forceMajeure'; readonly agreedStart: string })[];
  readonly payments: readonly Payment[];
  readonly paid: Dec;
  readonly idle: IdleCaseState;
  readonly inspections: readonly (StepRecord & { readonly finding: string })[];
  /** Events voided by a reversal. */
  readonly reversed: ReadonlySet<number>;
  readonly eventCount: number;
}

export const EMPTY_STATE: PipelineState = {
  steps: {},
  reserve: { costs: [], cleanLand: {} },
  agreed: {},
  extensions: [],
  payments: [],
  paid: new Dec(0),
  idle: {},
  inspections: [],
  reversed: new Set(),
  eventCount: 0,
};

const STEP_SET: ReadonlySet<string> = new Set(STEP_KINDS);
export function isStep(kind: EventKind): kind is StepKind {
  return STEP_SET.has(kind);
}

/** Folds the journal into the parcel's state (events in seq order; reversed events are skipped). */
export function project(events: readonly PipelineEvent[]): PipelineState {
  const reversed = new Set<number>();
  for (const e of events) if (e.kind === 'reversal') reversed.add(Number(e.data['reverses']));
  let s: PipelineState = { ...EMPTY_STATE, reversed };
  for (const e of events) {
    if (e.kind !== 'reversal' && !reversed.has(e.id)) s = apply(s, e);
  }
  return { ...s, eventCount: events.length };
}

/** Applies one accepted, effective event (no checks: `decide` made them). */
export function apply(s: PipelineState, e: PipelineEvent): PipelineState {
  const d = e.data;
  const rec: StepRecord = { eventId: e.id, on: e.occurredOn, documents: e.documents };
  const step = (kind: StepKind, extra: Partial<PipelineState> = {}): PipelineState => ({ ...s, ...extra, steps: { ...s.steps, [kind]: rec }, lastStep: kind });
  switch (e.kind) {
    case 'supplyScheme': {
      const method = String(d['method']);
      return step('supplyScheme', { method, path: pathOfMethod(method) });
    }
    case 'collectiveDecision':
      return step('collectiveDecision', { reservePrice: new Dec(String(d['reservePriceWanYuan'])) });
    case 'announcement':
      return step('announcement', { announcement: { on: e.occurredOn, plannedTradingStart: String(d['plannedTradingStart']) } });
    case 'tradingPeriod':
      return step('tradingPeriod', { trading: { form: d['form'] as 'listing', start: String(d['start']), end: e.occurredOn } });
    case 'deal':
      return step('deal', { deal: { on: e.occurredOn, price: new Dec(String(d['priceWanYuan'])), winner: String(d['winner']) } });
    case 'dealPublication':
      return step('dealPublication');
    case 'contract': {
      const c = d as EventData<'contract'>;
      const instalments = [...c.instalments].sort((a, b) => a.dueDate.localeCompare(b.dueDate)).map((x, i) => ({ no: i + 1, dueDate: x.dueDate, amount: new Dec(x.amountWanYuan) }));
      return step('contract', {
        contract: { on: e.occurredOn, number: c.contractNo, supervisionNumber: c.supervisionNumber, holder: c.assignee, areaM2: c.areaM2, useCode: c.useCode, termYears: c.termYears, price: new Dec(c.priceWanYuan), instalments },
        agreed: { delivery: c.agreedDelivery, start: c.agreedStart, completion: c.agreedCompletion },
        originalAgreedStart: c.agreedStart,
      });
    }
    case 'allocationDecision': {
      const c = d as EventData<'allocationDecision'>;
      return step('allocationDecision', {
        contract: { on: e.occurredOn, number: c.decisionNo, supervisionNumber: c.supervisionNumber, holder: c.user, areaM2: c.areaM2, useCode: c.useCode, instalments: [] },
        agreed: { delivery: c.agreedDelivery, start: c.agreedStart, completion: c.agreedCompletion },
        originalAgreedStart: c.agreedStart,
      });
    }
    case 'delivery':
    case 'start':
    case 'completion':
    case 'acceptance':
      return step(e.kind);
    case 'reserveAdmission':
      return { ...s, reserve: { ...s.reserve, projectId: Number(d['projectId']), admittedOn: e.occurredOn } };
    case 'reserveCost':
      return { ...s, reserve: { ...s.reserve, costs: [...s.reserve.costs, { eventId: e.id, on: e.occurredOn, category: d['category'] as CostCategory, amount: new Dec(String(d['amountWanYuan'])), documents: e.documents }] } };
    case 'cleanLandEvidence':
      return { ...s, reserve: { ...s.reserve, cleanLand: { ...s.reserve.cleanLand, [String(d['item'])]: rec } } };
    case 'payment': {
      const amount = new Dec(String(d['amountWanYuan']));
      return { ...s, payments: [...s.payments, { eventId: e.id, paidOn: e.occurredOn, amount, receiptNo: String(d['receiptNo']), documents: e.documents }], paid: s.paid.plus(amount) };
    }
    case 'supplementaryAgreement': {
      const a = d as EventData<'supplementaryAgreement'>;
      return {
        ...s,
        agreed: { ...s.agreed, start: a.agreedStart, ...(a.agreedCompletion ? { completion: a.agreedCompletion } : {}) },
        extensions: [...s.extensions, { ...rec, cause: a.cause, agreedStart: a.agreedStart }],
      };
    }
    case 'inspection':
      return { ...s, inspections: [...s.inspections, { ...rec, finding: String(d['finding']) }] };
    case 'idleInvestigation':
      return { ...s, idle: { investigation: { ...rec, noticeNo: String(d['noticeNo']) } } };
    case 'idleDetermination':
      return { ...s, idle: { ...s.idle, determination: { ...rec, determinationNo: String(d['determinationNo']), cause: d['cause'] as 'user' } } };
    case 'idleDisposal':
      return { ...s, idle: { ...s.idle, disposal: { ...rec, measure: d['measure'] as 'fee' } } };
    case 'reversal':
      return s;
  }
}

export interface Proposal {
  readonly kind: EventKind;
  readonly occurredOn: string;
  readonly role: PipelineRole;
  readonly data: unknown;
  readonly documents: readonly PipelineDocument[];
}

/** The rule-set values `decide` needs (53号令: idle after 1 year, recovery after 2, extension ≤ 1 year). */
export interface DecideParams {
  readonly idleYears: number;
  readonly recoveryYears: number;
  readonly maxExtensionYears: number;
}

export type Decision =
  | { readonly ok: true; readonly data: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly code: RefusalCode; readonly message: Bilingual; readonly field?: string };

export type RefusalCode = 'role' | 'data' | 'documents' | 'order' | 'date' | 'price' | 'overpaid' | 'checklist' | 'reversal' | 'idle';

const refuse = (code: RefusalCode, zh: string, en: string, field?: string): Decision => ({ ok: false, code, message: { zh, en }, ...(field ? { field } : {}) });

function label(k: EventKind): string {
  return STEP_LABELS[k].zh;
}

/** The next step the path expects, or undefined when the path is complete. */
export function nextStep(s: PipelineState): StepKind | undefined {
  if (!s.path) return 'supplyScheme';
  const path = PATHS[s.path];
  const i = s.lastStep ? path.indexOf(s.lastStep) : -1;
  return path[i + 1];
}

export function cleanLandComplete(s: PipelineState): boolean {
  return CLEAN_LAND_ITEMS.every((i) => s.reserve.cleanLand[i] !== undefined);
}

/** The date the last step happened on (steps never go back in time). */
function lastStepDate(s: PipelineState): string | undefined {
  return s.lastStep ? s.steps[s.lastStep]?.on : undefined;
}

/** The effective start (after supplementary agreements) the idle clocks run from. */
export function effectiveAgreedStart(s: PipelineState): string | undefined {
  return s.agreed.start;
}

/**
 * Whether `p` may be appended to the journal whose state is `s` (and the parsed data if so).
 * `events` is the journal itself, needed only to judge reversals.
 */
export function decide(s: PipelineState, p: Proposal, params: DecideParams, events: readonly PipelineEvent[] = []): Decision {
  if (!RECORDERS[p.kind].includes(p.role)) {
    return refuse('role', `角色 ${p.role} 不能记录「${label(p.kind)}」`, `role ${p.role} may not record "${STEP_LABELS[p.kind].en}"`);
  }
  if (isStep(p.kind)) {
    const expected = nextStep(s);
    if (s.steps[p.kind]) return refuse('order', `「${label(p.kind)}」已记录；如需更正，请先冲销原记录`, `"${STEP_LABELS[p.kind].en}" is already recorded; reverse it first to correct it`);
    if (expected !== p.kind) {
      const onPath = s.path ? PATHS[s.path].includes(p.kind) : p.kind === 'supplyScheme';
      if (!onPath) return refuse('order', `${s.path === 'allocation' ? '划拨' : '出让'}流程中没有「${label(p.kind)}」这一步`, `the ${s.path ?? 'grant'} path has no step "${STEP_LABELS[p.kind].en}"`);
      return refuse('order', expected ? `应先记录：${label(expected)}` : '流程已全部完成', expected ? `record "${STEP_LABELS[expected].en}" first` : 'the path is complete');
    }
    const prev = lastStepDate(s);
    if (prev && p.occurredOn < prev) return refuse('date', `「${label(p.kind)}」日期 ${p.occurredOn} 早于上一步（${prev}）`, `"${STEP_LABELS[p.kind].en}" on ${p.occurredOn} is before the previous step (${prev})`, 'occurredOn');
  }

  const parsed = EVENT_DATA[p.kind].safeParse(p.data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = `data${issue && issue.path.length ? '.' + issue.path.join('.') : ''}`;
    return refuse('data', `「${label(p.kind)}」的数据有误：${field} ${issue?.message ?? ''}`, `"${STEP_LABELS[p.kind].en}": ${field} ${issue?.message ?? 'invalid'}`, field);
  }
  if (DOCUMENT_REQUIRED.has(p.kind) && p.documents.length === 0) {
    return refuse('documents', `「${label(p.kind)}」须附至少一份文件（文号、日期）`, `"${STEP_LABELS[p.kind].en}" needs at least one document (number and date)`, 'documents');
  }
  const data = parsed.data as Record<string, unknown>;
  const on = p.occurredOn;
  const ok: Decision = { ok: true, data };

  switch (p.kind) {
    case 'announcement':
      if (!cleanLandComplete(s)) {
        const missing = CLEAN_LAND_ITEMS.filter((i) => !s.reserve.cleanLand[i]);
        return refuse('checklist', `净地核验未完成，不得发布出让公告：缺 ${missing.length} 项证明`, `the clean-land checklist is incomplete (${missing.join(', ')}): the parcel may not be listed`, 'cleanLand');
      }
      if (String(data['plannedTradingStart']) < on) return refuse('date', '计划交易开始日期早于公告日期', 'the planned trading start is before the announcement', 'data.plannedTradingStart');
      return ok;
    case 'tradingPeriod': {
      const start = String(data['start']);
      if (s.announcement && start < s.announcement.on) return refuse('date', `交易开始日期 ${start} 早于出让公告（${s.announcement.on}）`, `trading starts ${start}, before the announcement (${s.announcement.on})`, 'data.start');
      if (start > on) return refuse('date', `交易开始日期 ${start} 晚于结束日期 ${on}`, `trading start ${start} is after its end ${on}`, 'data.start');
      return ok;
    }
    case 'deal': {
      const price = new Dec(String(data['priceWanYuan']));
      if (s.reservePrice && price.lt(s.reservePrice)) {
        // 39号令: a bid below the 底价 does not make a deal. The message names no figure: the 底价 stays confidential.
        return refuse('price', '成交价低于底价，依法不得成交', 'the price is below the reserve price: no deal may be made', 'data.priceWanYuan');
      }
      return ok;
    }
    case 'contract': {
      const c = data as EventData<'contract'>;
      const price = new Dec(c.priceWanYuan);
      if (s.deal && !price.eq(s.deal.price)) return refuse('price', `合同价款 ${c.priceWanYuan} 万元与成交价 ${s.deal.price.toFixed()} 万元不一致`, `contract price ${c.priceWanYuan} differs from the deal price ${s.deal.price.toFixed()}`, 'data.priceWanYuan');
      const sum = sumDec(c.instalments.map((i) => i.amountWanYuan));
      if (!sum.eq(price)) return refuse('price', `分期价款合计 ${sum.toFixed()} 万元不等于合同价款 ${price.toFixed()} 万元`, `instalments add up to ${sum.toFixed()}, not the price ${price.toFixed()}`, 'data.instalments');
      const early = c.instalments.findIndex((i) => i.dueDate < on);
      if (early >= 0) return refuse('date', '分期缴款日期早于合同签订日期', 'an instalment falls due before the contract is signed', `data.instalments.${early}.dueDate`);
      return agreedDatesOk(c, on);
    }
    case 'allocationDecision':
      return agreedDatesOk(data as EventData<'allocationDecision'>, on);
    case 'reserveAdmission':
      if (s.reserve.projectId !== undefined) return refuse('order', '该宗地已纳入土地储备', 'the parcel is already in the land reserve');
      return ok;
    case 'payment': {
      if (!s.contract?.price) return refuse('order', '尚无出让合同，不能记录价款', 'no grant contract yet: no payment can be recorded');
      if (on < s.contract.on) return refuse('date', `缴款日期 ${on} 早于合同签订日期 ${s.contract.on}`, `payment on ${on} is before the contract (${s.contract.on})`, 'occurredOn');
      const after = s.paid.plus(new Dec(String(data['amountWanYuan'])));
      if (after.gt(s.contract.price)) return refuse('overpaid', `累计缴款 ${after.toFixed()} 万元将超过合同价款 ${s.contract.price.toFixed()} 万元`, `payments would total ${after.toFixed()}, more than the price ${s.contract.price.toFixed()}`, 'data.amountWanYuan');
      return ok;
    }
    case 'supplementaryAgreement': {
      if (!s.contract || !s.originalAgreedStart || !s.agreed.start) return refuse('order', '尚无出让合同或划拨决定书', 'no contract or allocation decision yet');
      if (s.steps.start) return refuse('order', '已开工，不再延长动工期限', 'already started: the start date is not extended');
      const a = data as EventData<'supplementaryAgreement'>;
      if (a.agreedStart <= s.agreed.start) return refuse('date', `新的约定开工日期应晚于现约定 ${s.agreed.start}`, `the new agreed start must be after ${s.agreed.start}`, 'data.agreedStart');
      const cap = addYears(s.originalAgreedStart, params.maxExtensionYears);
      if (a.agreedStart > cap) {
        return refuse('date', `延长动工开发期限最长不得超过 ${params.maxExtensionYears} 年（至 ${cap}）（《闲置土地处置办法》第十二条）`, `the start may be extended by at most ${params.maxExtensionYears} year(s), to ${cap} (53号令 art. 12)`, 'data.agreedStart');
      }
      if (on < s.contract.on) return refuse('date', '补充协议日期早于合同', 'the agreement predates the contract', 'occurredOn');
      return ok;
    }
    case 'idleInvestigation': {
      if (!s.agreed.start) return refuse('idle', '尚无约定开工日期，不能启动闲置土地调查', 'no agreed start date: no idle-land investigation');
      if (s.steps.start) return refuse('idle', '已开工，不属于未动工闲置', 'already started');
      if (s.idle.investigation && !s.idle.disposal) return refuse('idle', '已有未结的闲置土地调查', 'an idle-land case is already open');
      if (on <= s.agreed.start) return refuse('idle', `约定开工日期 ${s.agreed.start} 未到，不能调查`, `the agreed start ${s.agreed.start} has not passed`, 'occurredOn');
      return ok;
    }
    case 'idleDetermination':
      if (!s.idle.investigation || s.idle.determination) return refuse('idle', '应先进行闲置土地调查', 'investigate first');
      if (on < s.idle.investigation.on) return refuse('date', '认定日期早于调查', 'determination before the investigation', 'occurredOn');
      return ok;
    case 'idleDisposal': {
      const det = s.idle.determination;
      if (!det || s.idle.disposal) return refuse('idle', '应先作出闲置土地认定', 'determine first');
      if (on < det.on) return refuse('date', '处置日期早于认定', 'disposal before the determination', 'occurredOn');
      const measure = String(data['measure']);
      const userCause = det.cause === 'user';
      if ((measure === 'fee' || measure === 'recovery') !== userCause) {
        return refuse('idle', userCause ? '因受让人原因闲置的，按第十四条征缴闲置费或无偿收回' : '因政府原因或不可抗力闲置的，按第十二条协商延期或采取其他处置方式，不征缴闲置费、不无偿收回', userCause ? 'idle through the holder: fee or recovery (art. 14)' : 'government cause or force majeure: extension or another measure (art. 12), no fee, no recovery', 'data.measure');
      }
      const start = s.agreed.start!;
      const years = measure === 'recovery' ? params.recoveryYears : params.idleYears;
      if (userCause && on < addYears(start, years)) {
        return refuse('idle', `距约定开工日期 ${start} 不满 ${years} 年（${daysBetween(start, on)} 日），不能${measure === 'recovery' ? '无偿收回' : '征缴闲置费'}`, `less than ${years} year(s) since the agreed start ${start}`, 'data.measure');
      }
      return ok;
    }
    case 'reversal':
      return decideReversal(s, Number(data['reverses']), events);
    default:
      return ok;
  }
}

function agreedDatesOk(c: { agreedDelivery: string; agreedStart: string; agreedCompletion: string }, on: string): Decision {
  if (c.agreedDelivery < on) return refuse('date', '约定交地日期早于签订日期', 'agreed delivery before signing', 'data.agreedDelivery');
  if (c.agreedStart < c.agreedDelivery) return refuse('date', '约定开工日期早于约定交地日期', 'agreed start before agreed delivery', 'data.agreedStart');
  if (c.agreedCompletion < c.agreedStart) return refuse('date', '约定竣工日期早于约定开工日期', 'agreed completion before agreed start', 'data.agreedCompletion');
  return { ok: true, data: c as unknown as Record<string, unknown> };
}

/**
 * A correction voids one event. Steps come off the top only (the last step, and a contract only
 * once its payments and agreements are voided), so the remaining journal stays in order; money,
 * costs, evidence and inspections may be voided at any time; an idle case from its last stage.
 */
function decideReversal(s: PipelineState, target: number, events: readonly PipelineEvent[]): Decision {
  const e = events.find((x) => x.id === target);
  if (!e) return refuse('reversal', `没有编号为 ${target} 的记录`, `no event ${target}`, 'data.reverses');
  if (e.kind === 'reversal') return refuse('reversal', '不能冲销更正记录本身', 'a reversal cannot be reversed', 'data.reverses');
  if (s.reversed.has(target)) return refuse('reversal', '该记录已冲销', 'already reversed', 'data.reverses');
  const okData: Decision = { ok: true, data: { reverses: target } };
  if (isStep(e.kind)) {
    if (s.lastStep !== e.kind) return refuse('reversal', `只能冲销最后一步（${s.lastStep ? label(s.lastStep) : '无'}）`, 'only the last step can be reversed', 'data.reverses');
    if ((e.kind === 'contract' || e.kind === 'allocationDecision') && (s.payments.length > 0 || s.extensions.length > 0 || s.idle.investigation)) {
      return refuse('reversal', '请先冲销该合同下的缴款、补充协议和闲置土地案件记录', 'reverse the payments, agreements and idle-land case under this contract first', 'data.reverses');
    }
    return okData;
  }
  if (e.kind === 'reserveAdmission' && s.path) return refuse('reversal', '已进入供地流程，不能撤出储备', 'the parcel is already in the supply path', 'data.reverses');
  if (e.kind === 'supplementaryAgreement' && s.extensions[s.extensions.length - 1]?.eventId !== target) return refuse('reversal', '只能冲销最近一份补充协议', 'only the latest agreement can be reversed', 'data.reverses');
  if (e.kind === 'idleInvestigation' && s.idle.determination) return refuse('reversal', '请先冲销认定', 'reverse the determination first', 'data.reverses');
  if (e.kind === 'idleDetermination' && s.idle.disposal) return refuse('reversal', '请先冲销处置', 'reverse the disposal first', 'data.reverses');
  return okData;
}
