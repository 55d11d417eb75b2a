import { describe, expect, it } from 'vitest';
import { addYears, workingDaysInclusive } from '../../src/domain/rules/dates.js';
import { idleClock } from '../../src/domain/rules/post-supply/clock.js';
import { industrialListing, patch, runRule, supplyOf } from './helpers.js';

const recorded = patch(industrialListing, { prices: { transaction: '250' } });

describe('idle-land clocks', () => {
  it('the idle fee is 20% of the price, exactly', () => {
    const fs = runRule('idle-fee-1y', { supply: supplyOf(recorded), asOf: '2027-09-01' });
    expect(fs.map((f) => f.expected)).toEqual(['50']);
  });
  it('a closed government delay moves the clock by its length', () => {
    const s = supplyOf({ ...recorded, governmentCauses: [{ code: 'late-delivery', from: '2026-09-01', to: '2026-12-01' }] });
    expect(idleClock(s, '2027-10-01')).toEqual({ effectiveStart: '2026-12-01', agreedStart: '2026-09-01', fromDelivery: false, delayDays: 91, capped: false, suspended: false });
    expect(runRule('idle-fee-1y', { supply: s, asOf: '2027-11-30' })).toEqual([]);
    expect(runRule('idle-fee-1y', { supply: s, asOf: '2027-12-01' }).map((f) => f.rule)).toEqual(['idle-fee-1y']);
  });
  it('an open government cause suspends the idle rules but not the start-overdue warning', () => {
    const s = supplyOf({ ...recorded, governmentCauses: [{ code: 'plan-change', from: '2026-10-01' }] });
    expect(runRule('idle-recovery-2y', { supply: s, asOf: '2029-01-01' })).toEqual([]);
    expect(runRule('start-overdue-warning', { supply: s, asOf: '2029-01-01' }).map((f) => f.severity)).toEqual(['warning']);
  });
  it('an actual start stops every clock', () => {
    const s = supplyOf(patch(recorded, { dates: { actualStart: '2026-09-20' } }));
    for (const id of ['start-overdue-warning', 'idle-fee-1y', 'idle-recovery-2y']) expect(runRule(id, { supply: s, asOf: '2029-01-01' }), id).toEqual([]);
  });
  it('a start recorded after the scan date does not count at that date', () => {
    const s = supplyOf(patch(recorded, { dates: { actualStart: '2027-10-01' } }));
    expect(runRule('idle-fee-1y', { supply: s, asOf: '2027-09-15' }).map((f) => f.rule)).toEqual(['idle-fee-1y']);
  });
});

describe('dates', () => {
  it('29 February plus one year is 28 February', () => {
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
  });
  it('working days skip weekends, holidays, and count make-up workdays', () => {
    expect(workingDaysInclusive('2026-05-04', '2026-05-15')).toBe(10);
    expect(workingDaysInclusive('2026-05-04', '2026-05-15', new Set(['2026-05-05']))).toBe(9);
    expect(workingDaysInclusive('2026-05-04', '2026-05-16', new Set(), new Set(['2026-05-16']))).toBe(11);
  });
});
