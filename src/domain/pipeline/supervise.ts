/**
 * Supervision as a projection (hledger: reports are queries): from a parcel's journal state, the
 * calendar and the deadline numbers of the rule set, every deadline that has run out as of a date,
 * with its rule, its legal basis, the days and the evidence (the events and documents it rests on).
 *
 * kinds: `overdue` (the step has not happened and its due date has passed), `late` (it happened
 * after its due date), `short` (a period shorter than the minimum), `schedule` (contract terms
 * outside the rule), `idle` / `recovery` (the idle-land clocks), `uncomputable` (a date outside the
 * calendar's covered years: said, never guessed); with `dueWithinDays`, also `due` (not yet done,
 * due within that many days: the reminders of the notifications).
 *
 * Example: deal 2026-09-30, no contract, as of 2026-10-27 → contract due 2026-10-20 (10 working
 * days), item {rule: contract-deadline, kind: overdue, dueDate: 2026-10-20, days: 7}.
 */
import { Dec } from '../decimal.js';
import type { Bilingual } from '../finding.js';
import { addDays, addYears, daysBetween } from '../rules/dates.js';
import { addMonths, CalendarRangeError, type WorkingCalendar } from '../calendar/working-calendar.js';
import { DEADLINE_RULES, type DeadlineId, type DeadlineParams } from './deadlines.js';
import type { PipelineState } from './journal.js';
import type { PipelineDocument, StepKind } from './steps.js';

export type ItemKind = 'overdue' | 'late' | 'short' | 'schedule' | 'idle' | 'recovery' | 'uncomputable' | 'due';

export interface Evidence {
  readonly eventIds: readonly number[];
  readonly documents: readonly PipelineDocument[];
}

export interface SupervisionItem {
  readonly parcelId: number;
  readonly rule: DeadlineId;
  readonly kind: ItemKind;
  /** What the rule watches, in words (DEADLINE_RULES). */
  readonly title: Bilingual;
  readonly step: string;
  /** The date the step was due (or the date a clock ran out). */
  readonly dueDate?: string;
  /** Days overdue (overdue, idle), days late (late), days short (short). */
  readonly days: number;
  /** Money outstanding or the fee, 万元. */
  readonly amountWanYuan?: string;
  readonly instalmentNo?: number;
  readonly message: Bilingual;
  readonly basis: string;
  readonly confidence: string;
  readonly evidence: Evidence;
}

export interface SuperviseContext {
  readonly asOf: string;
  readonly calendar: WorkingCalendar;
  readonly params: DeadlineParams;
  /** Also report steps and instalments falling due within this many days (kind `due`). */
  readonly dueWithinDays?: number;
}

/** Each rule's citation, built once (every item of a rule shares the same strings). */
const CITES = Object.fromEntries(
  Object.values(DEADLINE_RULES).map((r) => [r.id, { basis: `${r.basis.document}${r.basis.article ? ` ${r.basis.article}` : ''}`, confidence: r.basis.confidence }]),
) as Record<DeadlineId, { basis: string; confidence: string }>;

function cite(rule: DeadlineId): { basis: string; confidence: string } {
  return CITES[rule];
}

/** The steps whose records supervision reads (dates, event ids and documents as evidence). */
const WATCHED_STEPS: readonly StepKind[] = ['announcement', 'tradingPeriod', 'deal', 'dealPublication', 'contract', 'allocationDecision', 'delivery', 'start', 'completion'];

/**
 * The part of a parcel's state that supervision (`superviseParcel`) and the pipeline page's
 * figures read: the path and its furthest step, the watched steps, the trading, deal, contract,
 * agreed dates, extensions, payments and idle-land case, and whether the parcel is in a reserve
 * project. Left out: the reserve's costs and 净地 checklist, the 底价, inspections and the list of
 * reversed events. Kept beside the journal (pipeline_watch) so a county's supervision reads a
 * fraction of the projected states; `superviseParcel(watchState(s))` equals `superviseParcel(s)`.
 */
export function watchState(s: PipelineState): PipelineState {
  const steps: Partial<Record<StepKind, PipelineState['steps'][StepKind]>> = {};
  for (const k of WATCHED_STEPS) if (s.steps[k]) steps[k] = s.steps[k];
  const { reservePrice: _hidden, inspections: _i, reversed: _r, reserve, ...rest } = s;
  return {
    ...rest,
    steps,
    reserve: { ...(reserve.projectId !== undefined ? { projectId: reserve.projectId } : {}), ...(reserve.admittedOn !== undefined ? { admittedOn: reserve.admittedOn } : {}), costs: [], cleanLand: {} },
    inspections: [],
    reversed: new Set(),
  };
}

/**
 * The first as-of date on which `superviseParcel` can report anything for the parcel (with or
 * without a reminder horizon): every deadline runs from the announcement, the end of the trading
 * period, the deal or the contract (allocation decision), so before the earliest of them there is
 * nothing to watch. Undefined: none of them is recorded, and no deadline runs yet.
 */
export function watchFrom(s: PipelineState): string | undefined {
  const dates = [s.announcement?.on, s.trading?.end, s.deal?.on, s.contract?.on].filter((d): d is string => d !== undefined);
  return dates.length ? dates.reduce((a, b) => (b < a ? b : a)) : undefined;
}

function wan(d: Dec): string {
  return d.toDecimalPlaces(6).toFixed();
}

/** Every item for one parcel, as of `ctx.asOf`, in deadline order. */
export function superviseParcel(parcelId: number, s: PipelineState, ctx: SuperviseContext): SupervisionItem[] {
  const out: SupervisionItem[] = [];
  const { asOf, calendar: cal, params: p } = ctx;
  let documentsOf: Map<number, readonly PipelineDocument[]> | undefined;
  const docs = (ids: readonly number[]): Evidence => {
    documentsOf ??= documentIndex(s);
    return { eventIds: ids, documents: ids.flatMap((id) => documentsOf!.get(id) ?? []) };
  };
  const doneOn = (k: StepKind): string | undefined => {
    const r = s.steps[k];
    return r && r.on <= asOf ? r.on : undefined;
  };
  const idOf = (k: StepKind): number[] => (s.steps[k] ? [s.steps[k]!.eventId] : []);
  const push = (rule: DeadlineId, kind: ItemKind, fields: Omit<SupervisionItem, 'parcelId' | 'rule' | 'kind' | 'title' | 'step' | 'basis' | 'confidence'>) =>
    out.push({ parcelId, rule, kind, title: DEADLINE_RULES[rule].title, step: DEADLINE_RULES[rule].step, ...cite(rule), ...fields });
  const guarded = (rule: DeadlineId, evidence: number[], f: () => void) => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof CalendarRangeError)) throw e;
      push(rule, 'uncomputable', { days: 0, message: e.text, evidence: docs(evidence) });
    }
  };
  /** A step due on `due`: overdue when missing after it, late when done after it. */
  const dueStep = (rule: DeadlineId, step: StepKind, due: string, evidence: number[], what: Bilingual) => {
    const on = doneOn(step);
    if (on !== undefined) {
      if (on > due) push(rule, 'late', { dueDate: due, days: daysBetween(due, on), message: { zh: `${what.zh}应于 ${due} 前完成，实际 ${on}，迟延 ${daysBetween(due, on)} 日`, en: `${what.en} was due by ${due}, done ${on}: ${daysBetween(due, on)} days late` }, evidence: docs([...evidence, ...idOf(step)]) });
    } else if (ctx.dueWithinDays !== undefined && due >= asOf && daysBetween(asOf, due) <= ctx.dueWithinDays) {
      push(rule, 'due', { dueDate: due, days: daysBetween(asOf, due), message: { zh: `${what.zh}：${due} 到期，尚余 ${daysBetween(asOf, due)} 日`, en: `${what.en}: due ${due}, ${daysBetween(asOf, due)} days left` }, evidence: docs(evidence) });
    } else if (asOf > due) {
      push(rule, 'overdue', { dueDate: due, days: daysBetween(due, asOf), message: { zh: `${what.zh}应于 ${due} 前完成，截至 ${asOf} 已逾期 ${daysBetween(due, asOf)} 日`, en: `${what.en} was due by ${due}: ${daysBetween(due, asOf)} days overdue as of ${asOf}` }, evidence: docs(evidence) });
    }
  };

  // 出让公告 at least N days before trading starts.
  const ann = s.announcement;
  if (p.announcementLead && ann && ann.on <= asOf) {
    const start = s.trading?.start ?? ann.plannedTradingStart;
    const { minDays, unit } = p.announcementLead;
    guarded('announcement-lead', idOf('announcement'), () => {
      const lead = unit === 'workingDays' ? cal.workingDaysAfter(ann.on, start) : daysBetween(ann.on, start);
      if (lead < minDays) {
        const u = unit === 'workingDays' ? { zh: '个工作日', en: 'working days' } : { zh: '日', en: 'days' };
        push('announcement-lead', 'short', { dueDate: start, days: minDays - lead, message: { zh: `出让公告（${ann.on}）至交易开始（${start}）仅 ${lead} ${u.zh}，少于 ${minDays} ${u.zh}`, en: `announcement ${ann.on} only ${lead} ${u.en} before trading starts ${start}; at least ${minDays}` }, evidence: docs(idOf('announcement')) });
      }
    });
  }
  // 挂牌 at least N days.
  const tr = s.trading;
  if (p.listing && tr && tr.form === 'listing' && tr.end <= asOf) {
    const { minDays, unit } = p.listing;
    guarded('listing-period', idOf('tradingPeriod'), () => {
      const days = unit === 'workingDays' ? cal.workingDaysAfter(addDays(tr.start, -1), tr.end) : daysBetween(tr.start, tr.end) + 1;
      if (days < minDays) {
        push('listing-period', 'short', { dueDate: tr.end, days: minDays - days, message: { zh: `挂牌期 ${tr.start} 至 ${tr.end} 仅 ${days} ${unit === 'workingDays' ? '个工作日' : '日'}，少于 ${minDays}`, en: `listing ${tr.start} to ${tr.end} lasts ${days} ${unit === 'workingDays' ? 'working days' : 'days'}; at least ${minDays}` }, evidence: docs(idOf('tradingPeriod')) });
      }
    });
  }
  const deal = s.deal;
  if (deal && deal.on <= asOf) {
    for (const [rule, step, n, what] of [
      ['result-publication', 'dealPublication', p.publication, { zh: '公示成交结果', en: 'publication of the result' }],
      ['contract-deadline', 'contract', p.contract, { zh: '签订出让合同', en: 'the grant contract' }],
    ] as const) {
      if (!n) continue;
      const unit = n.unit === 'workingDays' ? { zh: '个工作日', en: 'working days' } : { zh: '日', en: 'days' };
      guarded(rule, idOf('deal'), () => dueStep(rule, step, dueAfter(cal, deal.on, n), idOf('deal'), { zh: `成交（${deal.on}）后 ${n.maxDays} ${unit.zh}内${what.zh}`, en: `${what.en} within ${n.maxDays} ${unit.en} of the deal (${deal.on})` }));
    }
  }
  const c = s.contract;
  const contractIds = [...idOf('contract'), ...idOf('allocationDecision')];
  if (c && c.on <= asOf) {
    if (c.price && c.instalments.length > 0) {
      if (p.payment) scheduleItems(parcelId, s, p.payment, cal, contractIds, docs, push, guarded);
      instalmentItems(s, asOf, contractIds, docs, push, ctx.dueWithinDays);
    }
    if (s.agreed.delivery) dueStep('delivery-due', 'delivery', s.agreed.delivery, contractIds, { zh: '按合同约定交地', en: 'delivery as agreed' });
    if (s.agreed.start && p.start) {
      const extIds = s.extensions.map((x) => x.eventId);
      dueStep('start-due', 'start', addDays(s.agreed.start, p.start.graceDays), [...contractIds, ...extIds], { zh: `按约定（${s.agreed.start}）动工开发`, en: `start as agreed (${s.agreed.start})` });
    }
    if (s.agreed.completion) dueStep('completion-due', 'completion', s.agreed.completion, contractIds, { zh: '按约定竣工', en: 'completion as agreed' });
    if (s.agreed.start && p.idle && !doneOn('start')) idleItems(s, asOf, p.idle, [...contractIds, ...s.extensions.map((x) => x.eventId)], docs, push);
  }
  return out;
}

/**
 * The last day of a period of n days after `from`: the n-th working day, or (calendar days) the
 * n-th day, moved to the next working day when it is a holiday (民法典 第二百零三条).
 */
function dueAfter(cal: WorkingCalendar, from: string, n: { maxDays: number; unit: 'calendarDays' | 'workingDays' }): string {
  return n.unit === 'workingDays' ? cal.addWorkingDays(from, n.maxDays) : cal.nextWorkingDayFrom(addDays(from, n.maxDays));
}

function documentIndex(s: PipelineState): Map<number, readonly PipelineDocument[]> {
  const m = new Map<number, readonly PipelineDocument[]>();
  for (const r of Object.values(s.steps)) if (r) m.set(r.eventId, r.documents);
  for (const x of s.payments) m.set(x.eventId, x.documents);
  for (const x of s.extensions) m.set(x.eventId, x.documents);
  return m;
}

type Push = (rule: DeadlineId, kind: ItemKind, fields: Omit<SupervisionItem, 'parcelId' | 'rule' | 'kind' | 'title' | 'step' | 'basis' | 'confidence'>) => void;

/** The schedule itself: the first share within the first months, everything within the balance months. */
function scheduleItems(_parcelId: number, s: PipelineState, pay: NonNullable<DeadlineParams['payment']>, cal: WorkingCalendar, ids: number[], docs: (ids: readonly number[]) => Evidence, push: Push, guarded: (rule: DeadlineId, ids: number[], f: () => void) => void): void {
  const c = s.contract!;
  const price = c.price!;
  guarded('payment-terms', ids, () => {
    // A period in months ends on the corresponding day, or on the next working day when that day
    // is a holiday (民法典 第二百零一条、第二百零三条): the calendar is consulted only when an
    // instalment falls after the corresponding day, so a schedule inside it needs no holiday data.
    const required = price.times(pay.firstShare);
    const firstDay = addMonths(c.on, pay.firstMonths);
    const scheduledBy = (d: string) => c.instalments.filter((i) => i.dueDate <= d).reduce((a, i) => a.plus(i.amount), new Dec(0));
    if (scheduledBy(firstDay).lt(required)) {
      const firstDue = cal.nextWorkingDayFrom(firstDay);
      const byFirst = scheduledBy(firstDue);
      if (byFirst.lt(required)) {
        push('payment-terms', 'schedule', { dueDate: firstDue, days: 0, amountWanYuan: wan(required.minus(byFirst)), message: { zh: `合同约定 ${firstDue} 前缴纳 ${wan(byFirst)} 万元，少于价款的 ${pay.firstShare.times(100).toFixed()}%（${wan(required)} 万元）`, en: `the contract schedules ${wan(byFirst)} by ${firstDue}, less than ${pay.firstShare.times(100).toFixed()}% of the price (${wan(required)})` }, evidence: docs(ids) });
      }
    }
    const lastDay = addMonths(c.on, pay.balanceMonths);
    const final = c.instalments[c.instalments.length - 1]!;
    if (final.dueDate > lastDay) {
      const lastDue = cal.nextWorkingDayFrom(lastDay);
      const late = c.instalments.filter((i) => i.dueDate > lastDue);
      if (late.length > 0) {
        const amount = late.reduce((a, i) => a.plus(i.amount), new Dec(0));
        push('payment-terms', 'schedule', { dueDate: lastDue, days: daysBetween(lastDue, final.dueDate), amountWanYuan: wan(amount), message: { zh: `合同约定的最后一期缴款日 ${final.dueDate} 晚于 ${lastDue}（签订后 ${pay.balanceMonths} 个月）`, en: `the last instalment (${final.dueDate}) falls after ${lastDue} (${pay.balanceMonths} months after signing)` }, evidence: docs(ids) });
      }
    }
  });
}

/** Each instalment whose due date has passed while the payments so far fall short of the cumulative schedule. */
function instalmentItems(s: PipelineState, asOf: string, ids: number[], docs: (ids: readonly number[]) => Evidence, push: Push, dueWithinDays?: number): void {
  const c = s.contract!;
  const payments = s.payments.filter((x) => x.paidOn <= asOf).sort((a, b) => a.paidOn.localeCompare(b.paidOn));
  const paidBy = (d: string) => payments.filter((x) => x.paidOn <= d).reduce((a, x) => a.plus(x.amount), new Dec(0));
  const paidNow = paidBy(asOf);
  let cumulative = new Dec(0);
  for (const inst of c.instalments) {
    cumulative = cumulative.plus(inst.amount);
    if (inst.dueDate >= asOf) {
      const left = daysBetween(asOf, inst.dueDate);
      if (dueWithinDays === undefined || left > dueWithinDays) break;
      if (paidNow.lt(cumulative)) {
        const outstanding = Dec.min(inst.amount, cumulative.minus(paidNow));
        push('instalment-due', 'due', { dueDate: inst.dueDate, days: left, instalmentNo: inst.no, amountWanYuan: wan(outstanding), message: { zh: `第 ${inst.no} 期价款 ${wan(outstanding)} 万元于 ${inst.dueDate} 到期，尚余 ${left} 日`, en: `instalment ${inst.no}: ${wan(outstanding)} wan yuan due ${inst.dueDate}, ${left} days left` }, evidence: docs(ids) });
      }
      continue;
    }
    if (paidBy(inst.dueDate).gte(cumulative)) continue;
    // Not covered on its due date: late if covered since, overdue otherwise.
    let running = new Dec(0);
    let coveredOn: string | undefined;
    for (const x of payments) {
      running = running.plus(x.amount);
      if (running.gte(cumulative)) {
        coveredOn = x.paidOn;
        break;
      }
    }
    const evidence = docs([...ids, ...payments.map((x) => x.eventId)]);
    if (coveredOn) {
      const days = daysBetween(inst.dueDate, coveredOn);
      push('instalment-due', 'late', { dueDate: inst.dueDate, days, instalmentNo: inst.no, amountWanYuan: wan(inst.amount), message: { zh: `第 ${inst.no} 期价款应于 ${inst.dueDate} 前缴清，${coveredOn} 缴清，迟延 ${days} 日`, en: `instalment ${inst.no} was due ${inst.dueDate}, paid up ${coveredOn}: ${days} days late` }, evidence });
    } else {
      const outstanding = Dec.min(inst.amount, cumulative.minus(paidNow));
      const days = daysBetween(inst.dueDate, asOf);
      push('instalment-due', 'overdue', { dueDate: inst.dueDate, days, instalmentNo: inst.no, amountWanYuan: wan(outstanding), message: { zh: `第 ${inst.no} 期价款应于 ${inst.dueDate} 前缴纳，尚欠 ${wan(outstanding)} 万元，逾期 ${days} 日`, en: `instalment ${inst.no} was due ${inst.dueDate}: ${wan(outstanding)} wan yuan outstanding, ${days} days overdue` }, evidence });
    }
  }
}

/** The idle clocks from the (extended) agreed start; suspended while a government cause is determined and undisposed. */
function idleItems(s: PipelineState, asOf: string, idle: NonNullable<DeadlineParams['idle']>, ids: number[], docs: (ids: readonly number[]) => Evidence, push: Push): void {
  const start = s.agreed.start!;
  const det = s.idle.determination;
  if (det && det.cause !== 'user' && !s.idle.disposal) return;
  const feeFrom = addYears(start, idle.years);
  const recoveryFrom = addYears(start, idle.recoveryYears);
  if (asOf >= recoveryFrom) {
    push('idle-recovery', 'recovery', { dueDate: recoveryFrom, days: daysBetween(recoveryFrom, asOf), message: { zh: `自约定开工日期 ${start} 起满 ${idle.recoveryYears} 年未动工开发，可无偿收回（应通知抵押权人）`, en: `${idle.recoveryYears} years since the agreed start ${start} without a start: recovery without compensation` }, evidence: docs(ids) });
  } else if (asOf >= feeFrom) {
    const price = s.contract?.price;
    const fee = price ? wan(price.times(idle.feeShare)) : undefined;
    push('idle-fee', 'idle', { dueDate: feeFrom, days: daysBetween(feeFrom, asOf), ...(fee ? { amountWanYuan: fee } : {}), message: { zh: `自约定开工日期 ${start} 起满 ${idle.years} 年未动工开发，应启动闲置土地调查认定；属受让人原因的，按价款的 ${idle.feeShare.times(100).toFixed()}% 征缴土地闲置费${fee ? ` ${fee} 万元` : ''}`, en: `${idle.years} year(s) since the agreed start ${start} without a start: investigate as idle land; fee ${idle.feeShare.times(100).toFixed()}% of the price${fee ? ` = ${fee} wan yuan` : ''} if the holder is the cause` }, evidence: docs(ids) });
  }
}
