/** Supervision items from a journal, on the real calendar and the national rule set's numbers. */
import { describe, expect, it } from 'vitest';
import { chinaCalendar } from '../../src/domain/calendar/china.js';
import { deadlineParams } from '../../src/domain/pipeline/deadlines.js';
import { deadlineFacts, itemsAsOf, superviseParcel, supervisedFacts, type DeadlineFacts, type SupervisionItem } from '../../src/domain/pipeline/supervise.js';
import { ruleSetById } from '../../src/services/rule-sets.js';
import { StoredBytes, storedFacts } from '../../src/services/stored-facts.js';
import { grantToContract, MemoryJournal, p, type GrantDates } from './walk.js';

const resolved = deadlineParams(ruleSetById('cn-2026'));
const params = resolved.params;
const calendar = chinaCalendar();
/** The items as of a date; the deadline facts the register stores for supervision (JSON) give the same. */
const at = (j: MemoryJournal, asOf: string) => {
  const items = superviseParcel(1, j.state, { asOf, calendar, params });
  const stored = JSON.parse(JSON.stringify(supervisedFacts(deadlineFacts(j.state, calendar, params)))) as DeadlineFacts;
  expect(itemsAsOf(1, stored, { asOf })).toStrictEqual(items);
  expect(canonical(StoredBytes.of(storedFacts(stored)).items(1, asOf, {}))).toStrictEqual(canonical(items));
  return items;
};
/** Items in one order whatever order a parcel's facts gave them in. */
const canonical = (items: readonly SupervisionItem[]) => [...items].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
const brief = (items: ReturnType<typeof at>) => items.map((i) => [i.rule, i.kind, i.dueDate, i.days, i.amountWanYuan ?? null]);

const EVE_OF_NATIONAL_DAY: GrantDates = { scheme: '2026-08-03', decision: '2026-08-10', announcement: '2026-08-17', tradingStart: '2026-09-07', tradingEnd: '2026-09-30', deal: '2026-09-30', publication: '2026-10-09', contract: '2026-10-22' };

describe('deadlines counted on the working-day calendar', () => {
  it('reads every number from the national rule set', () => {
    expect(resolved.missing).toEqual([]);
    expect(params.contract).toEqual({ maxDays: 10, unit: 'workingDays' });
    expect(params.payment?.firstShare.toFixed()).toBe('0.5');
  });

  it('a deal on the eve of 国庆 with no contract by 2026-10-27 is 7 days past its 2026-10-20 deadline', () => {
    const j = new MemoryJournal().addAll(grantToContract(EVE_OF_NATIONAL_DAY).slice(0, 10)); // up to the deal
    expect(brief(at(j, '2026-10-27'))).toEqual([
      ['result-publication', 'overdue', '2026-10-20', 7, null],
      ['contract-deadline', 'overdue', '2026-10-20', 7, null],
    ]);
    expect(brief(at(j, '2026-10-20'))).toEqual([]);
  });

  it('a contract signed on 2026-10-22 is 2 days late, with the deal and the contract as evidence', () => {
    const j = new MemoryJournal().addAll(grantToContract(EVE_OF_NATIONAL_DAY, { instalments: [{ dueDate: '2026-11-20', amountWanYuan: '1000' }], agreed: ['2026-12-01', '2027-03-01', '2028-12-31'] }));
    const items = at(j, '2026-10-23');
    expect(brief(items)).toEqual([['contract-deadline', 'late', '2026-10-20', 2, null]]);
    expect(items[0]!.evidence.eventIds).toEqual([10, 12]);
    expect(items[0]!.evidence.documents.map((d) => d.number)).toEqual(['deal-1', 'contract-1']);
    expect(items[0]!.basis).toContain('国土资发〔2010〕34号');
  });

  it('flags an announcement 17 days before trading and a listing of 7 days (calendar days nationally, 39号令): 3 short of 10', () => {
    const d: GrantDates = { scheme: '2026-03-02', decision: '2026-03-10', announcement: '2026-03-16', tradingStart: '2026-04-02', tradingEnd: '2026-04-08', deal: '2026-04-08', publication: '2026-04-10', contract: '2026-04-15' };
    const j = new MemoryJournal().addAll(grantToContract(d).slice(0, 9));
    expect(brief(at(j, '2026-04-09'))).toEqual([
      ['announcement-lead', 'short', '2026-04-02', 3, null],
      ['listing-period', 'short', '2026-04-08', 3, null],
    ]);
  });
});

describe('money', () => {
  it('an instalment part-paid is overdue for what is outstanding; paid later it is late', () => {
    const j = new MemoryJournal().addAll(grantToContract()).addAll([p('payment', '2026-05-20', { amountWanYuan: '300', receiptNo: 'R1' })]);
    expect(brief(at(j, '2026-06-15'))).toEqual([['instalment-due', 'overdue', '2026-05-29', 17, '200']]);
    j.addAll([p('payment', '2026-06-20', { amountWanYuan: '200', receiptNo: 'R2' })]);
    expect(brief(at(j, '2026-06-25'))).toEqual([['instalment-due', 'late', '2026-05-29', 22, '500']]);
  });

  it('flags a schedule with less than half within a month (the day after 2026-05-30, a Saturday, counts)', () => {
    const j = new MemoryJournal().addAll(grantToContract(undefined, { instalments: [{ dueDate: '2026-06-01', amountWanYuan: '400' }, { dueDate: '2026-12-31', amountWanYuan: '600' }] }));
    expect(brief(at(j, '2026-05-01'))).toEqual([['payment-terms', 'schedule', '2026-06-01', 0, '100']]);
  });
});

describe('reminders', () => {
  it('with a horizon, lists what falls due within it (the notifications), and nothing beyond', () => {
    const j = new MemoryJournal().addAll(grantToContract());
    const due = superviseParcel(1, j.state, { asOf: '2026-05-20', calendar, params, dueWithinDays: 14 });
    expect(brief(due)).toEqual([['instalment-due', 'due', '2026-05-29', 9, '500']]);
    const later = superviseParcel(1, j.state, { asOf: '2026-06-20', calendar, params, dueWithinDays: 14 });
    expect(brief(later)).toEqual([['instalment-due', 'overdue', '2026-05-29', 22, '500'], ['delivery-due', 'due', '2026-06-30', 10, null]]);
  });
});

describe('after the contract', () => {
  it('delivery, start and completion overdue, then the idle-land fee at 20% of the price after a year', () => {
    const j = new MemoryJournal().addAll(grantToContract()).addAll([p('payment', '2026-05-20', { amountWanYuan: '1000', receiptNo: 'R1' })]);
    expect(brief(at(j, '2026-07-10'))).toEqual([['delivery-due', 'overdue', '2026-06-30', 10, null]]);
    j.addAll([p('delivery', '2026-07-11')]);
    expect(brief(at(j, '2027-10-08'))).toEqual([
      ['delivery-due', 'late', '2026-06-30', 11, null],
      ['start-due', 'overdue', '2026-09-30', 373, null],
      ['idle-fee', 'idle', '2027-09-30', 8, '200'],
    ]);
    expect(brief(at(j, '2028-10-31')).map((x) => x[0])).toEqual(['delivery-due', 'start-due', 'completion-due', 'idle-recovery']);
    // A start after the fee clock ran out: the fee stands before it, not after.
    j.addAll([p('start', '2027-11-15')]);
    expect(brief(at(j, '2027-10-08')).map((x) => x[0])).toEqual(['delivery-due', 'start-due', 'idle-fee']);
    expect(brief(at(j, '2027-11-20')).map((x) => x[0])).toEqual(['delivery-due', 'start-due']);
  });

  it('a government cause under determination suspends the idle clocks; an extension moves the start', () => {
    const j = new MemoryJournal().addAll(grantToContract()).addAll([
      p('payment', '2026-05-20', { amountWanYuan: '1000', receiptNo: 'R1' }),
      p('delivery', '2026-06-30'),
      p('idleInvestigation', '2027-10-08', { noticeNo: 'N1' }),
      p('idleDetermination', '2027-10-20', { determinationNo: 'D1', cause: 'government' }, 'approver'),
    ]);
    expect(at(j, '2027-11-01').map((i) => i.rule)).toEqual(['start-due']);
    j.addAll([
      p('supplementaryAgreement', '2027-10-25', { agreementNo: 'S1', cause: 'government', agreedStart: '2027-09-30' }, 'approver'),
      p('idleDisposal', '2027-10-25', { measure: 'extension' }, 'approver'),
    ]);
    expect(brief(at(j, '2027-11-01'))).toEqual([['start-due', 'overdue', '2027-09-30', 32, null]]);
    expect(brief(at(j, '2028-09-30')).map((x) => x[0])).toEqual(['start-due', 'idle-fee']);
  });

  it('says a deadline cannot be computed when the calendar does not cover its year, instead of guessing', () => {
    const last = calendar.lastYear;
    const d: GrantDates = { scheme: `${last}-11-02`, decision: `${last}-11-03`, announcement: `${last}-11-04`, tradingStart: `${last}-11-30`, tradingEnd: `${last}-12-28`, deal: `${last}-12-28`, publication: `${last}-12-29`, contract: `${last}-12-30` };
    const j = new MemoryJournal().addAll(grantToContract(d).slice(0, 10));
    const items = at(j, `${last}-12-31`);
    expect(items.map((i) => [i.rule, i.kind])).toEqual([['result-publication', 'uncomputable'], ['contract-deadline', 'uncomputable']]);
    expect(items[0]!.message.zh).toContain(`仅覆盖 2004–${last} 年`);
  });
});
