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
export const CITES: Readonly<Record<DeadlineId, { readonly basis: string; readonly confidence: string }>> = Object.fromEntries(
  Object.values(DEADLINE_RULES).map((r) => [r.id, { basis: `${r.basis.document}${r.basis.article ? ` ${r.basis.article}` : ''}`, confidence: r.basis.confidence }]),
) as Record<DeadlineId, { basis: string; confidence: string }>;

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

/** The latest of ISO dates. */
function latest(...ds: string[]): string {
  return ds.reduce((a, b) => (b > a ? b : a));
}

function wan(d: Dec): string {
  return d.toDecimalPlaces(6).toFixed();
}

/** An item as the facts keep it: everything but the parcel and what the rule itself gives. */
export interface FactItem {
  readonly rule: DeadlineId;
  readonly kind: ItemKind;
  readonly dueDate?: string;
  readonly days: number;
  readonly amountWanYuan?: string;
  readonly instalmentNo?: number;
  readonly message: Bilingual;
  readonly ids: readonly number[];
}

/**
 * What a parcel's deadlines are, whatever the as-of date (JSON-safe: dates as ISO text, money as
 * decimal text). Each fact counts from `from` (the announcement, the end of trading, the deal or
 * the contract): before it, it reports nothing.
 * - `item`: an item fixed once it counts (a short period, a contract schedule outside the rule, a
 *   date the calendar does not cover);
 * - `step`: a step due on `due`, done on `done` (if recorded): late, due or overdue by the date;
 * - `instalments`: the schedule and the payments, compared by the date;
 * - `idle`: the idle-land clocks from the agreed start, stopped by a start recorded by the date.
 */
export type DeadlineFact =
  | { readonly t: 'item'; readonly from: string; readonly item: FactItem }
  /** `w`: what the step is, as `stepWhat` words it (the deal's date and period, or the agreed start). */
  | { readonly t: 'step'; readonly from: string; readonly rule: DeadlineId; readonly due: string; readonly done?: string; readonly ids: readonly number[]; readonly doneIds: readonly number[]; readonly w: readonly (string | number)[] }
  | {
      readonly t: 'instalments';
      readonly from: string;
      readonly instalments: readonly { readonly no: number; readonly dueDate: string; readonly amount: string }[];
      /** By payment date. */
      readonly payments: readonly { readonly paidOn: string; readonly amount: string; readonly eventId: number }[];
      readonly ids: readonly number[];
    }
  | { readonly t: 'idle'; readonly from: string; readonly startDone?: string; readonly start: string; readonly years: number; readonly recoveryYears: number; readonly feePercent: string; readonly fee?: string; readonly feeFrom: string; readonly recoveryFrom: string; readonly ids: readonly number[] };

/** The shape of `DeadlineFacts`: stored facts of another version are not read (services/pipeline-rules `factsSource` keys them by it). */
export const DEADLINE_FACTS_VERSION = 2;

export interface DeadlineFacts {
  readonly facts: readonly DeadlineFact[];
  /** The documents of every event the facts cite, by event id. */
  readonly documents: Readonly<Record<string, readonly PipelineDocument[]>>;
}

/**
 * Every deadline of a parcel, independent of the as-of date: computed once from the journal state,
 * the calendar and the rule set's numbers, then read for any date by `itemsAsOf`.
 */
export function deadlineFacts(s: PipelineState, cal: WorkingCalendar, p: DeadlineParams): DeadlineFacts {
  const facts: DeadlineFact[] = [];
  const cited = new Set<number>();
  const cite = (ids: readonly number[]): readonly number[] => {
    for (const id of ids) cited.add(id);
    return ids;
  };
  const idOf = (k: StepKind): number[] => (s.steps[k] ? [s.steps[k]!.eventId] : []);
  const item = (from: string, rule: DeadlineId, kind: ItemKind, fields: Omit<FactItem, 'rule' | 'kind'>) => {
    cite(fields.ids);
    facts.push({ t: 'item', from, item: { rule, kind, ...fields } });
  };
  const guarded = (from: string, rule: DeadlineId, ids: number[], f: () => void) => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof CalendarRangeError)) throw e;
      item(from, rule, 'uncomputable', { days: 0, message: e.text, ids });
    }
  };
  const dueStep = (from: string, rule: DeadlineId, step: StepKind, due: string, ids: number[], w: readonly (string | number)[]) => {
    const done = s.steps[step]?.on;
    facts.push({ t: 'step', from, rule, due, ...(done !== undefined ? { done } : {}), ids: cite(ids), doneIds: cite(idOf(step)), w });
  };

  // 出让公告 at least N days before trading starts.
  const ann = s.announcement;
  if (p.announcementLead && ann) {
    const start = s.trading?.start ?? ann.plannedTradingStart;
    const { minDays, unit } = p.announcementLead;
    guarded(ann.on, 'announcement-lead', idOf('announcement'), () => {
      const lead = unit === 'workingDays' ? cal.workingDaysAfter(ann.on, start) : daysBetween(ann.on, start);
      if (lead < minDays) {
        const u = unit === 'workingDays' ? { zh: '个工作日', en: 'working days' } : { zh: '日', en: 'days' };
        item(ann.on, 'announcement-lead', 'short', { dueDate: start, days: minDays - lead, message: { zh: `出让公告（${ann.on}）至交易开始（${start}）仅 ${lead} ${u.zh}，少于 ${minDays} ${u.zh}`, en: `announcement ${ann.on} only ${lead} ${u.en} before trading starts ${start}; at least ${minDays}` }, ids: idOf('announcement') });
      }
    });
  }
  // 挂牌 at least N days.
  const tr = s.trading;
  if (p.listing && tr && tr.form === 'listing') {
    const { minDays, unit } = p.listing;
    guarded(tr.end, 'listing-period', idOf('tradingPeriod'), () => {
      const days = unit === 'workingDays' ? cal.workingDaysAfter(addDays(tr.start, -1), tr.end) : daysBetween(tr.start, tr.end) + 1;
      if (days < minDays) {
        item(tr.end, 'listing-period', 'short', { dueDate: tr.end, days: minDays - days, message: { zh: `挂牌期 ${tr.start} 至 ${tr.end} 仅 ${days} ${unit === 'workingDays' ? '个工作日' : '日'}，少于 ${minDays}`, en: `listing ${tr.start} to ${tr.end} lasts ${days} ${unit === 'workingDays' ? 'working days' : 'days'}; at least ${minDays}` }, ids: idOf('tradingPeriod') });
      }
    });
  }
  const deal = s.deal;
  if (deal) {
    for (const [rule, step, n] of [
      ['result-publication', 'dealPublication', p.publication],
      ['contract-deadline', 'contract', p.contract],
    ] as const) {
      if (!n) continue;
      guarded(deal.on, rule, idOf('deal'), () => dueStep(deal.on, rule, step, dueAfter(cal, deal.on, n), idOf('deal'), [deal.on, n.maxDays, n.unit]));
    }
  }
  const c = s.contract;
  const contractIds = [...idOf('contract'), ...idOf('allocationDecision')];
  if (c) {
    if (c.price && c.instalments.length > 0) {
      if (p.payment) scheduleFacts(s, p.payment, cal, contractIds, item, guarded);
      const payments = [...s.payments].sort((a, b) => a.paidOn.localeCompare(b.paidOn));
      for (const x of payments) cited.add(x.eventId);
      facts.push({ t: 'instalments', from: c.on, instalments: c.instalments.map((i) => ({ no: i.no, dueDate: i.dueDate, amount: i.amount.toFixed() })), payments: payments.map((x) => ({ paidOn: x.paidOn, amount: x.amount.toFixed(), eventId: x.eventId })), ids: cite(contractIds) });
    }
    if (s.agreed.delivery) dueStep(c.on, 'delivery-due', 'delivery', s.agreed.delivery, contractIds, []);
    if (s.agreed.start && p.start) {
      const extIds = s.extensions.map((x) => x.eventId);
      dueStep(c.on, 'start-due', 'start', addDays(s.agreed.start, p.start.graceDays), [...contractIds, ...extIds], [s.agreed.start]);
    }
    if (s.agreed.completion) dueStep(c.on, 'completion-due', 'completion', s.agreed.completion, contractIds, []);
    if (s.agreed.start && p.idle) {
      const f = idleFact(s, c.on, p.idle, [...contractIds, ...s.extensions.map((x) => x.eventId)]);
      if (f) {
        cite(f.ids);
        facts.push(f);
      }
    }
  }
  const index = documentIndex(s);
  const documents: Record<string, readonly PipelineDocument[]> = {};
  for (const id of cited) documents[id] = index.get(id) ?? [];
  return { facts, documents };
}

/**
 * The facts that can give an item without reminders (`dueWithinDays`), for some as-of date, and
 * the documents they cite: what a county's supervision stores and reads. Left out:
 * - a step done by its due date (never late, never overdue: only a reminder before it was done);
 * - instalments each covered by payments made by its due date (likewise);
 * - idle clocks stopped by a start before the first of them runs out.
 * `itemsAsOf(supervisedFacts(f), {asOf})` equals `itemsAsOf(f, {asOf})` for every date.
 */
export function supervisedFacts(f: DeadlineFacts): DeadlineFacts {
  const facts = f.facts.filter((x) => {
    switch (x.t) {
      case 'item':
        return true;
      case 'step':
        return x.done === undefined || x.done > x.due;
      case 'instalments': {
        let cumulative = new Dec(0);
        for (const inst of x.instalments) {
          cumulative = cumulative.plus(new Dec(inst.amount));
          const paid = x.payments.filter((p) => p.paidOn <= inst.dueDate).reduce((a, p) => a.plus(new Dec(p.amount)), new Dec(0));
          if (paid.lt(cumulative)) return true;
        }
        return false;
      }
      case 'idle':
        return x.startDone === undefined || x.startDone > x.feeFrom;
    }
  });
  return { facts, documents: documentsCited(f.documents, facts) };
}

/** The documents of `documents` that the facts cite, by event id. */
export function documentsCited(documents: DeadlineFacts['documents'], facts: readonly DeadlineFact[]): Record<string, readonly PipelineDocument[]> {
  const cited = new Set<number>();
  for (const x of facts) {
    const ids = x.t === 'item' ? x.item.ids : x.t === 'step' ? [...x.ids, ...x.doneIds] : x.t === 'instalments' ? [...x.ids, ...x.payments.map((p) => p.eventId)] : x.ids;
    for (const id of ids) cited.add(id);
  }
  const out: Record<string, readonly PipelineDocument[]> = {};
  for (const id of cited) out[id] = documents[id] ?? [];
  return out;
}

/** Every item of a parcel's deadline facts as of `ctx.asOf`, in deadline order. */
export function itemsAsOf(parcelId: number, f: DeadlineFacts, ctx: { readonly asOf: string; readonly dueWithinDays?: number }): SupervisionItem[];
/** …each item with `extra`'s fields (the parcel's number and name in a report). */
export function itemsAsOf<T extends object>(parcelId: number, f: DeadlineFacts, ctx: { readonly asOf: string; readonly dueWithinDays?: number }, extra: T): (SupervisionItem & T)[];
export function itemsAsOf(parcelId: number, f: DeadlineFacts, ctx: { readonly asOf: string; readonly dueWithinDays?: number }, extra?: object): SupervisionItem[] {
  const out: SupervisionItem[] = [];
  factItemsAsOf(f, ctx, (i) => {
    const { ids, ...rest } = i;
    out.push({ parcelId, ...rest, title: DEADLINE_RULES[i.rule].title, step: DEADLINE_RULES[i.rule].step, ...CITES[i.rule], evidence: evidenceOf(f, ids), ...extra });
  });
  return out;
}

/** The evidence of an item: its events and their documents. */
export function evidenceOf(f: Pick<DeadlineFacts, 'documents'>, ids: readonly number[]): Evidence {
  const documents: PipelineDocument[] = [];
  for (const id of ids) {
    const d = f.documents[id];
    if (d) for (const x of d) documents.push(x);
  }
  return { eventIds: ids, documents };
}

/**
 * The items as the facts give them (no parcel, no rule fields, evidence as event ids), in
 * deadline order, each handed to `emit`: what `itemsAsOf` dresses, and what a county-wide report
 * serialises without building the full items.
 */
export function factItemsAsOf(f: DeadlineFacts, ctx: { readonly asOf: string; readonly dueWithinDays?: number }, push: (i: FactItem) => void): void {
  for (const x of f.facts) factItems(x, ctx, push);
}

/** The items of one fact as of `ctx.asOf` (see `factItemsAsOf`). */
export function factItems(x: DeadlineFact, ctx: { readonly asOf: string; readonly dueWithinDays?: number }, push: (i: FactItem) => void): void {
  const { asOf } = ctx;
  if (x.from > asOf) return;
  switch (x.t) {
    case 'item':
      push(x.item);
      break;
    case 'step': {
      const { rule, due } = x;
      const what = stepWhat(rule, x.w);
      const on = x.done !== undefined && x.done <= asOf ? x.done : undefined;
      if (on !== undefined) {
        if (on > due) push({ rule, kind: 'late', dueDate: due, days: daysBetween(due, on), message: { zh: `${what.zh}应于 ${due} 前完成，实际 ${on}，迟延 ${daysBetween(due, on)} 日`, en: `${what.en} was due by ${due}, done ${on}: ${daysBetween(due, on)} days late` }, ids: [...x.ids, ...x.doneIds] });
      } else if (ctx.dueWithinDays !== undefined && due >= asOf && daysBetween(asOf, due) <= ctx.dueWithinDays) {
        push({ rule, kind: 'due', dueDate: due, days: daysBetween(asOf, due), message: { zh: `${what.zh}：${due} 到期，尚余 ${daysBetween(asOf, due)} 日`, en: `${what.en}: due ${due}, ${daysBetween(asOf, due)} days left` }, ids: x.ids });
      } else if (asOf > due) {
        push(runningItem(runningItems(x)[0]!, asOf));
      }
      break;
    }
    case 'instalments':
      instalmentItems(x, asOf, push, ctx.dueWithinDays);
      break;
    case 'idle': {
      const running = runningItems(x).find((r) => r.from <= asOf && (r.until === null || asOf < r.until));
      if (running) push(runningItem(running, asOf));
      break;
    }
  }
}

/** Text with the as-of date (0) and the days (1) left to fill in. */
export type Template = readonly (string | 0 | 1)[];

export function fill(t: Template, asOf: string, days: number): string {
  let out = '';
  for (const p of t) out += p === 0 ? asOf : p === 1 ? String(days) : p;
  return out;
}

/**
 * An item a fact gives on every date from `from` until `until` (excluded; null: no end), the same
 * but for the date and the days counted from its due date: a step overdue, an idle clock run out.
 */
export interface RunningItem {
  readonly from: string;
  readonly until: string | null;
  readonly rule: DeadlineId;
  readonly kind: ItemKind;
  readonly dueDate: string;
  readonly amountWanYuan?: string;
  readonly message: { readonly zh: Template; readonly en: Template };
  readonly ids: readonly number[];
}

/** The item of a running item on a date of its window. */
function runningItem(r: RunningItem, asOf: string): FactItem {
  const days = daysBetween(r.dueDate, asOf);
  const { from: _f, until: _u, message, ...rest } = r;
  return { ...rest, days, message: { zh: fill(message.zh, asOf, days), en: fill(message.en, asOf, days) } };
}

/**
 * The running items of a step or idle fact (without reminders), each with its window: a step is
 * overdue from the day after its due date until it is done; an idle clock gives the fee from the
 * first period's end, recovery from the second's, until a start stops it. Empty for the other facts
 * (their items are fixed, or depend on payments).
 */
export function runningItems(x: DeadlineFact): RunningItem[] {
  const windowed = (from: string, until: string | null, r: Omit<RunningItem, 'from' | 'until'>): RunningItem[] => (until === null || from < until ? [{ from, until, ...r }] : []);
  switch (x.t) {
    case 'step': {
      const what = stepWhat(x.rule, x.w);
      const due = x.due;
      return windowed(latest(x.from, addDays(due, 1)), x.done ?? null, { rule: x.rule, kind: 'overdue', dueDate: due, message: { zh: [`${what.zh}应于 ${due} 前完成，截至 `, 0, ' 已逾期 ', 1, ' 日'], en: [`${what.en} was due by ${due}: `, 1, ' days overdue as of ', 0] }, ids: x.ids });
    }
    case 'idle': {
      const stop = x.startDone ?? null;
      const feeUntil = stop !== null && stop < x.recoveryFrom ? stop : x.recoveryFrom;
      const fee = x.fee;
      return [
        ...windowed(latest(x.from, x.recoveryFrom), stop, { rule: 'idle-recovery', kind: 'recovery', dueDate: x.recoveryFrom, message: { zh: [`自约定开工日期 ${x.start} 起满 ${x.recoveryYears} 年未动工开发，可无偿收回（应通知抵押权人）`], en: [`${x.recoveryYears} years since the agreed start ${x.start} without a start: recovery without compensation`] }, ids: x.ids }),
        ...windowed(latest(x.from, x.feeFrom), feeUntil, {
          rule: 'idle-fee',
          kind: 'idle',
          dueDate: x.feeFrom,
          ...(fee ? { amountWanYuan: fee } : {}),
          message: { zh: [`自约定开工日期 ${x.start} 起满 ${x.years} 年未动工开发，应启动闲置土地调查认定；属受让人原因的，按价款的 ${x.feePercent}% 征缴土地闲置费${fee ? ` ${fee} 万元` : ''}`], en: [`${x.years} year(s) since the agreed start ${x.start} without a start: investigate as idle land; fee ${x.feePercent}% of the price${fee ? ` = ${fee} wan yuan` : ''} if the holder is the cause`] },
          ids: x.ids,
        }),
      ];
    }
    default:
      return [];
  }
}

/**
 * The date from which a fact's items no longer change, whatever later date they are asked for
 * (with or without reminders): `factItems(x, {asOf: d})` equals `factItems(x, {asOf: settledFrom(x)})`
 * for every d on or after it. Undefined while some item may still change (a step not done, an
 * instalment not paid, an idle clock running).
 * - a fixed item: from the fact's start;
 * - a step: from when it was done (late or in time, it stays so);
 * - instalments paid in full: the day after the last due date, once every payment is made;
 * - an idle clock: from the start that stopped it.
 */
export function settledFrom(x: DeadlineFact): string | undefined {
  switch (x.t) {
    case 'item':
      return x.from;
    case 'step':
      return x.done === undefined ? undefined : latest(x.from, x.done);
    case 'idle':
      return x.startDone === undefined ? undefined : latest(x.from, x.startDone);
    case 'instalments': {
      const scheduled = x.instalments.reduce((a, i) => a.plus(new Dec(i.amount)), new Dec(0));
      const paid = x.payments.reduce((a, p) => a.plus(new Dec(p.amount)), new Dec(0));
      if (paid.lt(scheduled)) return undefined;
      return latest(x.from, ...x.instalments.map((i) => addDays(i.dueDate, 1)), ...x.payments.map((p) => p.paidOn));
    }
  }
}

/**
 * The first date on which a fact can give an item without reminders: before it, `factItems(x,
 * {asOf})` is empty. A step is late or overdue only after its due date, an instalment only after
 * its due date, an idle clock once the first of its periods has run out.
 */
export function activeFrom(x: DeadlineFact): string {
  switch (x.t) {
    case 'item':
      return x.from;
    case 'step':
      return latest(x.from, addDays(x.due, 1));
    case 'idle':
      return latest(x.from, x.feeFrom < x.recoveryFrom ? x.feeFrom : x.recoveryFrom);
    case 'instalments':
      return latest(x.from, addDays(x.instalments.reduce((a, i) => (i.dueDate < a ? i.dueDate : a), x.instalments[0]!.dueDate), 1));
  }
}

/** Every item for one parcel, as of `ctx.asOf`, in deadline order. */
export function superviseParcel(parcelId: number, s: PipelineState, ctx: SuperviseContext): SupervisionItem[] {
  return itemsAsOf(parcelId, deadlineFacts(s, ctx.calendar, ctx.params), ctx);
}

/** What a watched step is, in words, from a step fact's `w`. */
function stepWhat(rule: DeadlineId, w: readonly (string | number)[]): Bilingual {
  switch (rule) {
    case 'result-publication':
    case 'contract-deadline': {
      const [dealOn, maxDays, unitId] = w;
      const unit = unitId === 'workingDays' ? { zh: '个工作日', en: 'working days' } : { zh: '日', en: 'days' };
      const what = rule === 'result-publication' ? { zh: '公示成交结果', en: 'publication of the result' } : { zh: '签订出让合同', en: 'the grant contract' };
      return { zh: `成交（${dealOn}）后 ${maxDays} ${unit.zh}内${what.zh}`, en: `${what.en} within ${maxDays} ${unit.en} of the deal (${dealOn})` };
    }
    case 'start-due':
      return { zh: `按约定（${w[0]}）动工开发`, en: `start as agreed (${w[0]})` };
    case 'completion-due':
      return { zh: '按约定竣工', en: 'completion as agreed' };
    default:
      return { zh: '按合同约定交地', en: 'delivery as agreed' };
  }
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

type AddItem = (from: string, rule: DeadlineId, kind: ItemKind, fields: Omit<FactItem, 'rule' | 'kind'>) => void;

/** The schedule itself: the first share within the first months, everything within the balance months. */
function scheduleFacts(s: PipelineState, pay: NonNullable<DeadlineParams['payment']>, cal: WorkingCalendar, ids: number[], item: AddItem, guarded: (from: string, rule: DeadlineId, ids: number[], f: () => void) => void): void {
  const c = s.contract!;
  const price = c.price!;
  guarded(c.on, 'payment-terms', ids, () => {
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
        item(c.on, 'payment-terms', 'schedule', { dueDate: firstDue, days: 0, amountWanYuan: wan(required.minus(byFirst)), message: { zh: `合同约定 ${firstDue} 前缴纳 ${wan(byFirst)} 万元，少于价款的 ${pay.firstShare.times(100).toFixed()}%（${wan(required)} 万元）`, en: `the contract schedules ${wan(byFirst)} by ${firstDue}, less than ${pay.firstShare.times(100).toFixed()}% of the price (${wan(required)})` }, ids });
      }
    }
    const lastDay = addMonths(c.on, pay.balanceMonths);
    const final = c.instalments[c.instalments.length - 1]!;
    if (final.dueDate > lastDay) {
      const lastDue = cal.nextWorkingDayFrom(lastDay);
      const late = c.instalments.filter((i) => i.dueDate > lastDue);
      if (late.length > 0) {
        const amount = late.reduce((a, i) => a.plus(i.amount), new Dec(0));
        item(c.on, 'payment-terms', 'schedule', { dueDate: lastDue, days: daysBetween(lastDue, final.dueDate), amountWanYuan: wan(amount), message: { zh: `合同约定的最后一期缴款日 ${final.dueDate} 晚于 ${lastDue}（签订后 ${pay.balanceMonths} 个月）`, en: `the last instalment (${final.dueDate}) falls after ${lastDue} (${pay.balanceMonths} months after signing)` }, ids });
      }
    }
  });
}

/** Each instalment whose due date has passed while the payments so far fall short of the cumulative schedule. */
function instalmentItems(f: Extract<DeadlineFact, { t: 'instalments' }>, asOf: string, push: (i: FactItem) => void, dueWithinDays?: number): void {
  const payments = f.payments.filter((x) => x.paidOn <= asOf).map((x) => ({ ...x, amount: new Dec(x.amount) }));
  const paidBy = (d: string) => payments.filter((x) => x.paidOn <= d).reduce((a, x) => a.plus(x.amount), new Dec(0));
  const paidNow = paidBy(asOf);
  let cumulative = new Dec(0);
  for (const inst of f.instalments) {
    const amount = new Dec(inst.amount);
    cumulative = cumulative.plus(amount);
    if (inst.dueDate >= asOf) {
      const left = daysBetween(asOf, inst.dueDate);
      if (dueWithinDays === undefined || left > dueWithinDays) break;
      if (paidNow.lt(cumulative)) {
        const outstanding = Dec.min(amount, cumulative.minus(paidNow));
        push({ rule: 'instalment-due', kind: 'due', dueDate: inst.dueDate, days: left, instalmentNo: inst.no, amountWanYuan: wan(outstanding), message: { zh: `第 ${inst.no} 期价款 ${wan(outstanding)} 万元于 ${inst.dueDate} 到期，尚余 ${left} 日`, en: `instalment ${inst.no}: ${wan(outstanding)} wan yuan due ${inst.dueDate}, ${left} days left` }, ids: f.ids });
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
    const ids = [...f.ids, ...payments.map((x) => x.eventId)];
    if (coveredOn) {
      const days = daysBetween(inst.dueDate, coveredOn);
      push({ rule: 'instalment-due', kind: 'late', dueDate: inst.dueDate, days, instalmentNo: inst.no, amountWanYuan: wan(amount), message: { zh: `第 ${inst.no} 期价款应于 ${inst.dueDate} 前缴清，${coveredOn} 缴清，迟延 ${days} 日`, en: `instalment ${inst.no} was due ${inst.dueDate}, paid up ${coveredOn}: ${days} days late` }, ids });
    } else {
      const outstanding = Dec.min(amount, cumulative.minus(paidNow));
      const days = daysBetween(inst.dueDate, asOf);
      push({ rule: 'instalment-due', kind: 'overdue', dueDate: inst.dueDate, days, instalmentNo: inst.no, amountWanYuan: wan(outstanding), message: { zh: `第 ${inst.no} 期价款应于 ${inst.dueDate} 前缴纳，尚欠 ${wan(outstanding)} 万元，逾期 ${days} 日`, en: `instalment ${inst.no} was due ${inst.dueDate}: ${wan(outstanding)} wan yuan outstanding, ${days} days overdue` }, ids });
    }
  }
}

/** The idle clocks from the (extended) agreed start; none while a government cause is determined and undisposed. */
function idleFact(s: PipelineState, from: string, idle: NonNullable<DeadlineParams['idle']>, ids: number[]): Extract<DeadlineFact, { t: 'idle' }> | undefined {
  const start = s.agreed.start!;
  const det = s.idle.determination;
  if (det && det.cause !== 'user' && !s.idle.disposal) return undefined;
  const feeFrom = addYears(start, idle.years);
  const recoveryFrom = addYears(start, idle.recoveryYears);
  const price = s.contract?.price;
  const fee = price ? wan(price.times(idle.feeShare)) : undefined;
  const startDone = s.steps.start?.on;
  return { t: 'idle', from, ...(startDone !== undefined ? { startDone } : {}), start, years: idle.years, recoveryYears: idle.recoveryYears, feePercent: idle.feeShare.times(100).toFixed(), ...(fee ? { fee } : {}), feeFrom, recoveryFrom, ids };
}
