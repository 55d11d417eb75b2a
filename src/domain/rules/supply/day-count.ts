/** Counting statutory periods in calendar or working days, as the rule set says. */
import { z } from 'zod';
import { daysBetween, workingDaysInclusive } from '../dates.js';

export const dayCountParams = {
  unit: z.enum(['calendarDays', 'workingDays']),
  /** Public holidays (State Council notice of the year) and make-up workdays; a bureau keeps them current. */
  holidays: z.array(z.string()),
  workdays: z.array(z.string()),
};

export interface DayCount {
  unit: 'calendarDays' | 'workingDays';
  holidays: string[];
  workdays: string[];
}

/**
 * Days from `from` to `to`: calendar days = to − from; working days = working days after `from`
 * up to and including `to` (the day of the announcement itself does not count).
 */
export function periodDays(from: string, to: string, p: DayCount): number {
  if (p.unit === 'calendarDays') return daysBetween(from, to);
  if (to <= from) return daysBetween(from, to);
  const next = new Date(Date.parse(`${from}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return workingDaysInclusive(next, to, new Set(p.holidays), new Set(p.workdays));
}

export function unitName(p: DayCount): { zh: string; en: string } {
  return p.unit === 'calendarDays' ? { zh: '日', en: 'calendar days' } : { zh: '个工作日', en: 'working days' };
}
