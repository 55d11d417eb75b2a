/**
 * What the compile context reads (services/plan-context.ts): a jurisdiction's plans of some years,
 * the last version of a plan that was in force, supplied area by plan and category (the ledger's
 * signed rows, so reversals count), parcels not yet supplied, and approval-batch parcels.
 */
import { sql } from 'kysely';
import type { Db } from '../database.js';
import { cubeFromJson } from '../cube-json.js';
import type { PlanCube } from '../../domain/plan/cube.js';
import { e4ToArea, toBigInt } from '../units.js';
import type { Area } from '../../domain/area.js';

export async function plansOfYears(db: Db, jurisdictionCode: string, years: readonly number[]): Promise<{ planId: number; year: number }[]> {
  if (years.length === 0) return [];
  const rows = await db.selectFrom('plan').select(['id', 'year']).where('jurisdiction_code', '=', jurisdictionCode).where('year', 'in', [...years]).orderBy('year').execute();
  return rows.map((r) => ({ planId: Number(r.id), year: r.year }));
}

/** The latest version (highest seq) of a plan in one of `states`, with its cube. */
export async function latestVersionIn(db: Db, planId: number, states: readonly string[]): Promise<{ id: number; status: string; cube: PlanCube } | undefined> {
  const r = await db.selectFrom('plan_version').select(['id', 'status', 'cube_json']).where('plan_id', '=', planId).where('status', 'in', [...states]).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return r ? { id: Number(r.id), status: r.status, cube: cubeFromJson(JSON.parse(r.cube_json)) } : undefined;
}

/** Supplied area by plan and category (signed sums: a reversal cancels its record). */
export async function suppliedByPlanAndCategory(db: Db, planIds: readonly number[]): Promise<{ planId: number; category: string; area: Area }[]> {
  if (planIds.length === 0) return [];
  const rows = await db
    .selectFrom('supply_record')
    .select(['plan_id', 'category', (eb) => eb.fn.sum<string | number | bigint>('area_e4').as('s')])
    .where('plan_id', 'in', [...planIds])
    .groupBy(['plan_id', 'category'])
    .execute();
  return rows.map((r) => ({ planId: Number(r.plan_id), category: r.category, area: e4ToArea(toBigInt(r.s)) }));
}

export interface OpenParcel {
  readonly parcelId: number;
  readonly useCode: string | null;
  /** Official area (e4 units), null when the register has none. */
  readonly area: Area | null;
}

/**
 * Parcels of a jurisdiction with no supply in the register: no contract date, no supply id, and no
 * (unreversed) supply record naming them.
 */
export async function parcelsWithoutSupply(db: Db, jurisdictionCode: string): Promise<OpenParcel[]> {
  const rows = await db
    .selectFrom('parcel as p')
    .select(['p.id', 'p.use_code', 'p.area_e4'])
    .where('p.jurisdiction_code', '=', jurisdictionCode)
    .where('p.contract_date', 'is', null)
    .where('p.supply_id', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('supply_record as s')
            .select(sql`1`.as('one'))
            .whereRef('s.parcel_id', '=', 'p.id')
            .where('s.reverses_id', 'is', null)
            .where(({ not: n, exists: e, selectFrom: sf }) => n(e(sf('supply_record as r').select(sql`1`.as('one')).whereRef('r.reverses_id', '=', 's.id')))),
        ),
      ),
    )
    .orderBy('p.id')
    .execute();
  return rows.map((r) => ({ parcelId: Number(r.id), useCode: r.use_code, area: r.area_e4 === null ? null : e4ToArea(r.area_e4) }));
}

/** The parcels linked to a jurisdiction's approval batches, with the batch's area for each, and their use codes. */
export async function approvalBatchParcels(db: Db, jurisdictionCode: string): Promise<{ batches: number; parcels: { parcelId: number; useCode: string | null; area: Area }[] }> {
  const n = await db.selectFrom('approval_batch').select((eb) => eb.fn.countAll<number | string>().as('n')).where('jurisdiction_code', '=', jurisdictionCode).executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('approval_batch_parcel as l')
    .innerJoin('approval_batch as b', 'b.id', 'l.batch_id')
    .innerJoin('parcel as p', 'p.id', 'l.parcel_id')
    .select(['l.parcel_id', 'l.area_e4', 'p.use_code'])
    .where('b.jurisdiction_code', '=', jurisdictionCode)
    .orderBy('l.parcel_id')
    .execute();
  return { batches: Number(n.n), parcels: rows.map((r) => ({ parcelId: Number(r.parcel_id), useCode: r.use_code, area: e4ToArea(r.area_e4) })) };
}
