/**
 * Sums over a plan's supply records for the dashboard: by category, district or method, by month
 * (of the supply date), the record count, and a stamp that changes whenever a record or a version
 * is added (the dashboard's cache key). Integer e4 sums in SQL, Areas out.
 */
import type { Area } from '../../domain/area.js';
import { versionStatusStamp } from './plans.js';
import type { Db } from '../database.js';
import { e4ToArea, toBigInt } from '../units.js';

export async function suppliedBy(db: Db, planId: number, column: 'category' | 'district' | 'method'): Promise<Map<string | null, Area>> {
  const rows = await db
    .selectFrom('supply_record')
    .select([column, (eb) => eb.fn.sum<string | number | bigint>('area_e4').as('s')])
    .where('plan_id', '=', planId)
    .groupBy(column)
    .execute();
  return new Map(rows.map((r) => [r[column] as string | null, e4ToArea(toBigInt(r.s))]));
}

/** Supplied area per month ("YYYY-MM" of the supply date), in month order. */
export async function suppliedByMonth(db: Db, planId: number): Promise<{ month: string; area: Area }[]> {
  const rows = await db
    .selectFrom('supply_record')
    .select([(eb) => eb.fn('substr', ['supplied_on', eb.val(1), eb.val(7)]).as('month'), (eb) => eb.fn.sum<string | number | bigint>('area_e4').as('s')])
    .where('plan_id', '=', planId)
    .groupBy('month')
    .orderBy('month')
    .execute();
  return rows.map((r) => ({ month: String(r.month), area: e4ToArea(toBigInt(r.s)) }));
}

export async function supplyRecordCount(db: Db, planId: number): Promise<number> {
  const r = await db.selectFrom('supply_record').select((eb) => eb.fn.countAll<string | number>().as('n')).where('plan_id', '=', planId).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Changes when a supply record is added to the plan or any of its versions is added or moves (one indexed read each). */
export async function planActivityStamp(db: Db, planId: number): Promise<string> {
  const [r, v] = await Promise.all([
    db
      .selectFrom('supply_record')
      .select([(eb) => eb.fn.max('id').as('maxId'), (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('plan_id', '=', planId)
      .executeTakeFirstOrThrow(),
    // Every version's state, not just the newest id: approving an adjustment changes which
    // version is in force without adding a version or a supply record.
    versionStatusStamp(db, planId),
  ]);
  return `${String(r.maxId)}:${String(r.n)}:${v}`;
}

/** How many of a plan's records have a note matching `pattern` (the demo's generated ones). */
export async function recordsWithNote(db: Db, planId: number, pattern: RegExp): Promise<number> {
  const rows = await db.selectFrom('supply_record').select('note').where('plan_id', '=', planId).where('note', 'is not', null).execute();
  return rows.filter((r) => r.note !== null && pattern.test(r.note)).length;
}
