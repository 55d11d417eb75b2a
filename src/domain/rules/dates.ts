/**
 * Calendar arithmetic on ISO dates ("2026-03-31"), in UTC so a date never shifts with the
 * machine's time zone. Statutory clocks (idle land, announcement periods) count calendar days
 * unless a rule set says working days.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = ISO.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** Digits at positions i, i+1, … of `s` as a number; NaN unless all are digits. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

/** Hot path of supervision (every deadline of every parcel): no regular expression. */
function toUtc(s: string): number {
  const t = s.length === 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 ? Date.UTC(digits(s, 0, 4), digits(s, 5, 7) - 1, digits(s, 8, 10)) : NaN;
  if (Number.isNaN(t)) throw new RangeError(`not an ISO date: ${s}`);
  return t;
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** b − a in calendar days. */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS);
}

export function addDays(a: string, days: number): string {
  return fromUtc(toUtc(a) + days * DAY_MS);
}

/** Same month and day n years later; 29 February becomes 28 February in a common year. */
export function addYears(a: string, years: number): string {
  const m = ISO.exec(a);
  if (!m) throw new RangeError(`not an ISO date: ${a}`);
  const y = Number(m[1]) + years;
  const month = Number(m[2]);
  let day = Number(m[3]);
  const last = new Date(Date.UTC(y, month, 0)).getUTCDate();
  if (day > last) day = last;
  return fromUtc(Date.UTC(y, month - 1, day));
}

/** Working days from a to b, both included: Monday–Friday, minus the listed holidays, plus the listed make-up workdays. */
export function workingDaysInclusive(a: string, b: string, holidays: ReadonlySet<string> = new Set(), workdays: ReadonlySet<string> = new Set()): number {
  let n = 0;
  for (let t = toUtc(a), end = toUtc(b); t <= end; t += DAY_MS) {
    const iso = fromUtc(t);
    const dow = new Date(t).getUTCDay();
    const weekday = dow !== 0 && dow !== 6;
    if ((weekday && !holidays.has(iso)) || workdays.has(iso)) n += 1;
  }
  return n;
}

export function compareDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Quarter (1–4) of an ISO date. */
export function quarterOf(a: string): 1 | 2 | 3 | 4 {
  const month = Number(a.slice(5, 7));
  return (Math.floor((month - 1) / 3) + 1) as 1 | 2 | 3 | 4;
}

/** Same day n months later; a day the month lacks becomes its last day (31 January + 1 month = 28/29 February). */
export function addMonths(a: string, months: number): string {
  const m = ISO.exec(a);
  if (!m) throw new RangeError(`not an ISO date: ${a}`);
  const total = Number(m[1]) * 12 + (Number(m[2]) - 1) + months;
  const y = Math.floor(total / 12);
  const month = (total % 12) + 1;
  let day = Number(m[3]);
  const last = new Date(Date.UTC(y, month, 0)).getUTCDate();
  if (day > last) day = last;
  return fromUtc(Date.UTC(y, month - 1, day));
}
