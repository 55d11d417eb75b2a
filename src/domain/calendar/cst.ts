/**
 * China Standard Time (UTC+8, no daylight saving): the calendar dates of the register's instants.
 * A plan's dates (consultation period, publication) are Chinese calendar dates, while the register
 * records instants in UTC.
 *
 *   chinaDate('2026-03-31T16:30:00.000Z')   → '2026-04-01'
 *   chinaDayStart('2026-04-01')             → '2026-03-31T16:00:00.000Z'
 */

const OFFSET_MS = 8 * 3600_000;

/** The CST calendar date ("YYYY-MM-DD") of an ISO instant. */
export function chinaDate(instant: string): string {
  return new Date(Date.parse(instant) + OFFSET_MS).toISOString().slice(0, 10);
}

/** The ISO instant (UTC, as `Date.toISOString` writes it) at which a CST calendar date begins. */
export function chinaDayStart(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS).toISOString();
}
