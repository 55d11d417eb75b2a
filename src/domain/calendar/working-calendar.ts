/**
 * The working-day calendar of mainland China: Monday to Friday, minus the public holidays of the
 * State Council's annual notice (国务院办公厅关于部分节假日安排的通知), plus its make-up working days
 * (调休上班). The data come from a maintained source (see `china.ts`), never from a list typed in
 * code; the calendar knows which years its source covers and refuses a date outside them rather
 * than guess (a holiday notice for next year is published only in the autumn).
 *
 * Periods follow 《民法典》 第二百零一条 (the first day does not count; a period in months or years
 * ends on the corresponding day, or the month's last day when there is none) and 第二百零三条 (a
 * period whose last day is a public holiday ends on the next working day).
 *
 * Example: a deal on 2026-09-30 (the eve of 国庆), contract within 10 working days →
 * `addWorkingDays('2026-09-30', 10)` = 2026-10-20 (10-01…10-07 off; 10-10, a Saturday, is a
 * make-up working day).
 */
import { isIsoDate } from '../rules/dates.js';
import type { Bilingual } from '../finding.js';

export interface CalendarSource {
  /** e.g. "chinese-days" */
  readonly name: string;
  readonly version: string;
  readonly url: string;
  /** Who keeps it current and how (shown to users beside the last covered year). */
  readonly maintenance: string;
}

export interface CalendarData {
  readonly source: CalendarSource;
  /** ISO date → the holiday's name (e.g. 国庆节). */
  readonly holidays: Readonly<Record<string, string>>;
  /** ISO date → the holiday the make-up working day belongs to. */
  readonly workdays: Readonly<Record<string, string>>;
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeUpWorkday';

export interface DayInfo {
  readonly date: string;
  readonly kind: DayKind;
  readonly working: boolean;
  /** The holiday (or the holiday a make-up day belongs to). */
  readonly holiday?: string;
}

/** A date the calendar's source does not cover: refused, with a message a clerk can act on. */
export class CalendarRangeError extends RangeError {
  override readonly name = 'CalendarRangeError';
  readonly text: Bilingual;
  constructor(
    readonly date: string,
    readonly firstYear: number,
    readonly lastYear: number,
    source: CalendarSource,
  ) {
    const zh = `工作日历（${source.name} ${source.version}）仅覆盖 ${firstYear}–${lastYear} 年的法定节假日与调休安排，无法计算 ${date} 所在年份的工作日；请在国务院公布该年节假日安排后更新日历数据（npm 包 ${source.name}），不作推测`;
    const en = `the working-day calendar (${source.name} ${source.version}) covers public holidays and make-up working days for ${firstYear}–${lastYear} only, so working days cannot be counted for ${date}; update the calendar data (npm package ${source.name}) once the State Council publishes that year's holidays. Nothing is guessed.`;
    super(en);
    this.text = { zh, en };
  }
}

const YEAR = /^(\d{4})-/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export class WorkingCalendar {
  readonly source: CalendarSource;
  readonly firstYear: number;
  readonly lastYear: number;
  private readonly holidays: ReadonlyMap<string, string>;
  private readonly workdays: ReadonlyMap<string, string>;
  /** Epoch day of firstYear-01-01, and one flag per covered day (1 = working): O(1) look-ups. */
  private readonly day0: number;
  private readonly working: Uint8Array;

  constructor(data: CalendarData) {
    this.source = data.source;
    const hol = new Map<string, string>();
    const work = new Map<string, string>();
    const years: number[] = [];
    for (const [d, name] of Object.entries(data.holidays)) {
      if (!isIsoDate(d)) throw new RangeError(`calendar data: not a date: ${d}`);
      hol.set(d, name);
      years.push(Number(d.slice(0, 4)));
    }
    for (const [d, name] of Object.entries(data.workdays)) {
      if (!isIsoDate(d)) throw new RangeError(`calendar data: not a date: ${d}`);
      if (hol.has(d)) throw new RangeError(`calendar data: ${d} is both a holiday and a make-up working day`);
      work.set(d, name);
    }
    if (years.length === 0) throw new RangeError('calendar data holds no holidays');
    this.holidays = hol;
    this.workdays = work;
    this.firstYear = Math.min(...years);
    this.lastYear = Math.max(...years);
    this.day0 = epochDay(`${this.firstYear}-01-01`);
    const end = epochDay(`${this.lastYear}-12-31`);
    this.working = new Uint8Array(end - this.day0 + 1);
    for (let i = 0; i < this.working.length; i++) {
      const iso = isoOfEpochDay(this.day0 + i);
      const dow = (this.day0 + i + 4) % 7; // 1970-01-01 was a Thursday
      const weekday = dow !== 0 && dow !== 6;
      this.working[i] = (weekday && !hol.has(iso)) || work.has(iso) ? 1 : 0;
    }
  }

  /** The day's slot in `working` (hot path: no Date objects beyond one Date.parse). */
  private index(date: string): number {
    const ms = ISO_DAY.test(date) ? Date.parse(`${date}T00:00:00Z`) : NaN;
    if (Number.isNaN(ms)) throw new RangeError(`not an ISO date: ${date}`);
    const i = Math.round(ms / DAY_MS) - this.day0;
    if (i < 0 || i >= this.working.length) throw new CalendarRangeError(date, this.firstYear, this.lastYear, this.source);
    return i;
  }

  /** The source and the last covered year, as shown to users. */
  describe(): Bilingual {
    return {
      zh: `工作日历：${this.source.name} ${this.source.version}（${this.source.maintenance}），覆盖 ${this.firstYear}–${this.lastYear} 年`,
      en: `working-day calendar: ${this.source.name} ${this.source.version} (${this.source.maintenance}), covering ${this.firstYear}–${this.lastYear}`,
    };
  }

  covers(date: string): boolean {
    const y = Number(YEAR.exec(date)?.[1]);
    return y >= this.firstYear && y <= this.lastYear;
  }

  /** Throws CalendarRangeError for a date outside the covered years. */
  assertCovered(date: string): void {
    if (!isIsoDate(date)) throw new RangeError(`not an ISO date: ${date}`);
    if (!this.covers(date)) throw new CalendarRangeError(date, this.firstYear, this.lastYear, this.source);
  }

  day(date: string): DayInfo {
    this.assertCovered(date);
    const h = this.holidays.get(date);
    if (h !== undefined) return { date, kind: 'holiday', working: false, holiday: h };
    const w = this.workdays.get(date);
    if (w !== undefined) return { date, kind: 'makeUpWorkday', working: true, holiday: w };
    const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
    return dow === 0 || dow === 6 ? { date, kind: 'weekend', working: false } : { date, kind: 'workday', working: true };
  }

  isWorkingDay(date: string): boolean {
    return this.working[this.index(date)] === 1;
  }

  /** The n-th working day after `date` (the day itself does not count); n ≥ 1. */
  addWorkingDays(date: string, n: number): string {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`working days must be a positive integer, got ${n}`);
    let i = this.index(date);
    for (let left = n; left > 0; ) {
      i += 1;
      if (i >= this.working.length) throw new CalendarRangeError(isoOfEpochDay(this.day0 + i), this.firstYear, this.lastYear, this.source);
      left -= this.working[i]!;
    }
    return isoOfEpochDay(this.day0 + i);
  }

  /** Working days after `from` up to and including `to` (0 when `to` ≤ `from`). */
  workingDaysAfter(from: string, to: string): number {
    const a = this.index(from);
    const b = this.index(to);
    let n = 0;
    for (let i = a + 1; i <= b; i++) n += this.working[i]!;
    return n;
  }

  /** `date` itself when it is a working day, else the next working day (民法典 第二百零三条). */
  nextWorkingDayFrom(date: string): string {
    let i = this.index(date);
    while (this.working[i] !== 1) {
      i += 1;
      if (i >= this.working.length) throw new CalendarRangeError(isoOfEpochDay(this.day0 + i), this.firstYear, this.lastYear, this.source);
    }
    return isoOfEpochDay(this.day0 + i);
  }
}

const DAY_MS = 86_400_000;

function epochDay(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

function isoOfEpochDay(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** Same day n months later; the month's last day when there is no such day (民法典 第二百零一条). */
export function addMonths(date: string, months: number): string {
  if (!isIsoDate(date)) throw new RangeError(`not an ISO date: ${date}`);
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const ty = y + Math.floor(m / 12);
  const tm = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  const day = Math.min(Number(date.slice(8, 10)), last);
  return `${String(ty).padStart(4, '0')}-${String(tm + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
