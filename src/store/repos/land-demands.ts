/**
 * Departments' land demands for a year (用地需求; table land_demand, migration 7). Areas in e4
 * units (store/units.ts), exact. Taking a demand into a plan version is the lifecycle service's.
 */
import type { Area } from '../../domain/area.js';
import type { Db, Store } from '../database.js';
import { appendAudit } from '../audit-log.js';
import { areaToE4, bindInt, e4ToArea } from '../units.js';

export const DEMAND_PRIORITIES = ['high', 'normal', 'low'] as const;
export type DemandPriority = (typeof DEMAND_PRIORITIES)[number];

export interface NewLandDemand {
  readonly jurisdictionCode: string;
  readonly year: number;
  readonly department: string;
  readonly project: string;
  /** A plan category id (domain/classification plan categories). */
  readonly category: string;
  readonly area: Area;
  readonly district: string | null;
  readonly quarter: 1 | 2 | 3 | 4 | null;
  readonly priority: DemandPriority;
  readonly note: string | null;
  readonly actor: string;
}

export interface LandDemand extends Omit<NewLandDemand, 'actor'> {
  readonly id: number;
  readonly submittedBy: string;
  readonly submittedAt: string;
  readonly takenIntoVersionId: number | null;
  readonly takenBy: string | null;
  readonly takenAt: string | null;
}

export async function insertLandDemand(store: Store, d: NewLandDemand): Promise<LandDemand> {
  const areaE4 = bindInt(areaToE4(d.area, 'hectares'));
  return store.write(async (tx) => {
    const at = store.now();
    const row = {
      jurisdiction_code: d.jurisdictionCode,
      year: d.year,
      department: d.department,
      project: d.project,
      category: d.category,
      area_e4: areaE4,
      district: d.district,
      quarter: d.quarter,
      priority: d.priority,
      note: d.note,
      submitted_by: d.actor,
      submitted_at: at,
    };
    const r = await tx.insertInto('land_demand').values(row).returning('id').executeTakeFirstOrThrow();
    await appendAudit(tx, store.dialect, { at, actor: d.actor, action: 'land-demand.submit', entity: 'land_demand', entityId: String(r.id), after: row });
    return (await getLandDemand(tx, Number(r.id)))!;
  });
}

type Row = Awaited<ReturnType<typeof demandRows>>[number];
function demandRows(db: Db) {
  return db.selectFrom('land_demand').selectAll().orderBy('id').execute();
}

function toDemand(r: Row): LandDemand {
  return {
    id: Number(r.id),
    jurisdictionCode: r.jurisdiction_code,
    year: r.year,
    department: r.department,
    project: r.project,
    category: r.category,
    area: e4ToArea(r.area_e4),
    district: r.district,
    quarter: r.quarter as LandDemand['quarter'],
    priority: r.priority as DemandPriority,
    note: r.note,
    submittedBy: r.submitted_by,
    submittedAt: r.submitted_at,
    takenIntoVersionId: r.taken_into_version_id === null ? null : Number(r.taken_into_version_id),
    takenBy: r.taken_by,
    takenAt: r.taken_at,
  };
}

export async function getLandDemand(db: Db, id: number): Promise<LandDemand | undefined> {
  const r = await db.selectFrom('land_demand').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toDemand(r) : undefined;
}

/** Demands of some jurisdictions (and a year), oldest first. */
export async function listLandDemands(db: Db, q: { jurisdictionCodes: readonly string[] | 'all'; year?: number }): Promise<LandDemand[]> {
  if (q.jurisdictionCodes !== 'all' && q.jurisdictionCodes.length === 0) return [];
  let s = db.selectFrom('land_demand').selectAll();
  if (q.jurisdictionCodes !== 'all') s = s.where('jurisdiction_code', 'in', [...q.jurisdictionCodes]);
  if (q.year !== undefined) s = s.where('year', '=', q.year);
  return (await s.orderBy('id').execute()).map(toDemand);
}
