/** The working-day calendar of mainland China on real dates (chinese-days data), as a bureau counts them. */
import { describe, expect, it } from 'vitest';
import { chinaCalendar } from '../../src/domain/calendar/china.js';
import { addMonths, CalendarRangeError, WorkingCalendar } from '../../src/domain/calendar/working-calendar.js';

const cal = chinaCalendar();

describe('working days across 国庆 and 春节 with their 调休 weekends', () => {
  it('a contract due 10 working days after a deal on the eve of 国庆 2026 falls on 2026-10-20 (10-10, a Saturday, is a make-up working day)', () => {
    expect(cal.addWorkingDays('2026-09-30', 10)).toBe('2026-10-20');
  });

  it('the same deal a year earlier (国庆 2025: 10-01…10-08 off, 09-28 and 10-11 worked) gives 2025-10-21', () => {
    expect(cal.addWorkingDays('2025-09-30', 10)).toBe('2025-10-21');
  });

  it('a deal on the Friday before 春节 2026 counts the make-up Saturdays 02-14 and 02-28 and skips 02-15…02-23: due 2026-03-05', () => {
    expect(cal.addWorkingDays('2026-02-13', 10)).toBe('2026-03-05');
  });

  it('names each kind of day', () => {
    expect(cal.day('2026-10-01')).toEqual({ date: '2026-10-01', kind: 'holiday', working: false, holiday: '国庆节' });
    expect(cal.day('2026-10-10')).toEqual({ date: '2026-10-10', kind: 'makeUpWorkday', working: true, holiday: '国庆节' });
    expect(cal.day('2026-02-14')).toMatchObject({ kind: 'makeUpWorkday', holiday: '春节' });
    expect(cal.day('2026-10-11').kind).toBe('weekend');
    expect(cal.day('2026-10-09').kind).toBe('workday');
  });

  it('counts working days after a date up to and including another', () => {
    // 2026-09-30 → 2026-10-20: exactly the 10 working days of the contract period.
    expect(cal.workingDaysAfter('2026-09-30', '2026-10-20')).toBe(10);
    expect(cal.workingDaysAfter('2026-02-13', '2026-02-23')).toBe(1);
    expect(cal.workingDaysAfter('2026-05-01', '2026-05-01')).toBe(0);
  });

  it('a calendar-day period ending on a holiday ends on the next working day (民法典 第二百零三条)', () => {
    expect(cal.nextWorkingDayFrom(addMonths('2026-09-01', 1))).toBe('2026-10-08');
    expect(cal.nextWorkingDayFrom(addMonths('2026-01-07', 1))).toBe('2026-02-09');
    // 2026-02-28 is a Saturday but a make-up working day: the period ends on it.
    expect(cal.nextWorkingDayFrom(addMonths('2026-01-31', 1))).toBe('2026-02-28');
  });
});

describe('months (民法典 第二百零一条)', () => {
  it('ends on the corresponding day, or the last day of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-03-15', 12)).toBe('2027-03-15');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });
});

describe('coverage', () => {
  it('shows its source and the years it covers', () => {
    expect(cal.source.name).toBe('chinese-days');
    expect(cal.firstYear).toBe(2004);
    expect(cal.lastYear).toBeGreaterThanOrEqual(2026);
    expect(cal.describe().zh).toContain(`2004–${cal.lastYear} 年`);
  });

  it('refuses a date after the last covered year with a message naming the years and the source, not a guess', () => {
    const past = `${cal.lastYear + 1}-01-05`;
    let err: unknown;
    try {
      cal.isWorkingDay(past);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CalendarRangeError);
    expect((err as CalendarRangeError).text.zh).toContain(`仅覆盖 2004–${cal.lastYear} 年`);
    expect((err as CalendarRangeError).text.zh).toContain('chinese-days');
    expect((err as CalendarRangeError).text.en).toContain(past);
  });

  it('refuses a working-day period that runs past the last covered year', () => {
    expect(() => cal.addWorkingDays(`${cal.lastYear}-12-28`, 10)).toThrow(CalendarRangeError);
  });

  it('refuses calendar data where a day is both a holiday and a make-up working day', () => {
    const source = { name: 't', version: '0', url: '', maintenance: '' };
    expect(() => new WorkingCalendar({ source, holidays: { '2030-01-01': 'x' }, workdays: { '2030-01-01': 'x' } })).toThrow(/both/);
    const small = new WorkingCalendar({ source, holidays: { '2030-01-01': '元旦' }, workdays: { '2030-01-05': '元旦' } });
    expect([small.firstYear, small.lastYear]).toEqual([2030, 2030]);
    expect(small.addWorkingDays('2030-01-01', 3)).toBe('2030-01-04');
    expect(small.addWorkingDays('2030-01-03', 2)).toBe('2030-01-05');
  });
});
