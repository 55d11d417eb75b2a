/**
 * Drill-down into what counties reported: a county's plans and parcels, one plan with its
 * versions, indicators and supplies, one parcel with its geometry and supplies. Read-only: the
 * national tables are written by imports alone. Every query is keyed by province and county, so it
 * stays within one partition (and one shard, docs/scaling.md).
 */
import { sql } from 'kysely';
import type { Db } from '../database.js';
import { toBigInt } from '../units.js';
import { chinaDate } from './rollup.js';

export interface ReportedCounty {
  readonly code: string;
  readonly provinceCode: string;
  readonly headSeq: number;
  readonly reportedAt: string | null;
  readonly importedAt: string | null;
  readonly channel: string | null;
}

export async function reportedCounty(db: Db, county: string): Promise<ReportedCounty | undefined> {
  const r = await db.selectFrom('nat_reporter').selectAll().where('county_code', '=', county).executeTakeFirst();
  return r ? { code: r.county_code, provinceCode: r.province_code, headSeq: Number(r.head_seq), reportedAt: r.reported_at, importedAt: r.imported_at, channel: r.channel } : undefined;
}

/** Reporting state of the counties below a unit: how many reported, and the latest report. */
export async function reportingBelow(db: Db, provinceCode: string | null, countyCodes?: readonly string[]): Promise<{ reported: number; lastReportedAt: string | null; firstReportedAt: string | null }> {
  let q = db.selectFrom('nat_reporter').select([sql<string>`count(reported_at)`.as('n'), sql<string | null>`max(reported_at)`.as('last'), sql<string | null>`min(reported_at)`.as('first')]);
  if (provinceCode !== null) q = q.where('province_code', '=', provinceCode);
  if (countyCodes) q = q.where('county_code', 'in', countyCodes.length > 0 ? [...countyCodes] : ['']);
  const r = await q.executeTakeFirstOrThrow();
  return { reported: Number(r.n), lastReportedAt: r.last, firstReportedAt: r.first };
}

export interface ReportedPlan {
  readonly planId: number;
  readonly year: number;
  readonly name: string;
  readonly currentVersionId: number | null;
  readonly currentSeq: number | null;
  readonly status: string | null;
  /** First publication (an instant) and its China Standard Time date. */
  readonly publishedAt: string | null;
  readonly publishedOn: string | null;
}

function toPlan(r: { plan_id: unknown; year: number; name: string; current_version_id: unknown; current_seq: number | null; status: string | null; published_at: string | null }): ReportedPlan {
  return {
    planId: Number(r.plan_id),
    year: Number(r.year),
    name: r.name,
    currentVersionId: r.current_version_id === null ? null : Number(r.current_version_id),
    currentSeq: r.current_seq,
    status: r.status,
    publishedAt: r.published_at,
    publishedOn: r.published_at === null ? null : chinaDate(r.published_at),
  };
}

export async function reportedPlans(db: Db, provinceCode: string, county: string): Promise<ReportedPlan[]> {
  const rows = await db.selectFrom('nat_plan').selectAll().where('province_code', '=', provinceCode).where('county_code', '=', county).orderBy('year', 'desc').execute();
  return rows.map(toPlan);
}

export interface ReportedIndicator {
  readonly indicatorId: string;
  readonly kind: string;
  readonly key: Record<string, string>;
  readonly capE4: bigint;
  readonly debitedE4: bigint;
}

export interface ReportedSupply {
  readonly recordId: number;
  readonly category: string;
  readonly method: string | null;
  readonly source: string | null;
  readonly district: string | null;
  readonly areaE4: bigint;
  readonly parcelId: number | null;
  readonly reversesId: number | null;
  readonly suppliedOn: string;
}

function toSupply(r: { record_id: unknown; category: string; method: string | null; source: string | null; district: string | null; area_e4: unknown; parcel_id: unknown; reverses_id: unknown; supplied_on: string }): ReportedSupply {
  return {
    recordId: Number(r.record_id),
    category: r.category,
    method: r.method,
    source: r.source,
    district: r.district,
    areaE4: toBigInt(r.area_e4 as string),
    parcelId: r.parcel_id === null ? null : Number(r.parcel_id),
    reversesId: r.reverses_id === null ? null : Number(r.reverses_id),
    suppliedOn: r.supplied_on,
  };
}

export async function reportedPlan(
  db: Db,
  provinceCode: string,
  county: string,
  planId: number,
  page: { limit: number; offset: number },
): Promise<{ plan: ReportedPlan; versions: { versionId: number; seq: number; status: string; validFrom: string; recordedAt: string }[]; indicators: ReportedIndicator[]; supplies: ReportedSupply[]; supplyCount: number } | undefined> {
  const p = await db.selectFrom('nat_plan').selectAll().where('province_code', '=', provinceCode).where('county_code', '=', county).where('plan_id', '=', planId).executeTakeFirst();
  if (!p) return undefined;
  const plan = toPlan(p);
  const versions = await db.selectFrom('nat_plan_version').select(['version_id', 'seq', 'status', 'valid_from', 'recorded_at']).where('province_code', '=', provinceCode).where('county_code', '=', county).where('plan_id', '=', planId).orderBy('seq').execute();
  const indicators =
    plan.currentVersionId === null
      ? []
      : await db.selectFrom('nat_indicator').selectAll().where('province_code', '=', provinceCode).where('county_code', '=', county).where('plan_version_id', '=', plan.currentVersionId).orderBy('indicator_id').execute();
  const base = db.selectFrom('nat_supply').where('province_code', '=', provinceCode).where('county_code', '=', county).where('plan_id', '=', planId);
  const supplies = await base.selectAll().orderBy('record_id').limit(page.limit).offset(page.offset).execute();
  const count = await base.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return {
    plan,
    versions: versions.map((v) => ({ versionId: Number(v.version_id), seq: v.seq, status: v.status, validFrom: v.valid_from, recordedAt: v.recorded_at })),
    indicators: indicators.map((i) => ({ indicatorId: i.indicator_id, kind: i.kind, key: JSON.parse(i.key_json) as Record<string, string>, capE4: toBigInt(i.cap_e4), debitedE4: toBigInt(i.debited_e4) })),
    supplies: supplies.map(toSupply),
    supplyCount: Number(count.n),
  };
}

export interface ReportedParcel {
  readonly parcelId: number;
  readonly parcelNumber: string | null;
  readonly projectName: string | null;
  readonly useCode: string | null;
  readonly supplyMethod: string | null;
  readonly areaE4: bigint | null;
  readonly agreedStartDate: string | null;
  readonly actualStartDate: string | null;
  readonly bbox: [number, number, number, number] | null;
}

function toParcel(r: {
  parcel_id: unknown;
  parcel_number: string | null;
  project_name: string | null;
  use_code: string | null;
  supply_method: string | null;
  area_e4: unknown;
  agreed_start_date: string | null;
  actual_start_date: string | null;
  min_x: number | null;
  min_y: number | null;
  max_x: number | null;
  max_y: number | null;
}): ReportedParcel {
  return {
    parcelId: Number(r.parcel_id),
    parcelNumber: r.parcel_number,
    projectName: r.project_name,
    useCode: r.use_code,
    supplyMethod: r.supply_method,
    areaE4: r.area_e4 === null ? null : toBigInt(r.area_e4 as string),
    agreedStartDate: r.agreed_start_date,
    actualStartDate: r.actual_start_date,
    bbox: r.min_x === null ? null : [r.min_x, r.min_y!, r.max_x!, r.max_y!],
  };
}

const PARCEL_LIST_COLUMNS = ['parcel_id', 'parcel_number', 'project_name', 'use_code', 'supply_method', 'area_e4', 'agreed_start_date', 'actual_start_date', 'min_x', 'min_y', 'max_x', 'max_y'] as const;

export async function reportedParcels(db: Db, provinceCode: string, county: string, q: { limit: number; offset: number; parcelNumber?: string }): Promise<{ parcels: ReportedParcel[]; total: number }> {
  let base = db.selectFrom('nat_parcel').where('province_code', '=', provinceCode).where('county_code', '=', county);
  if (q.parcelNumber !== undefined) base = base.where('parcel_number', '=', q.parcelNumber);
  const rows = await base.select([...PARCEL_LIST_COLUMNS]).orderBy('parcel_id').limit(q.limit).offset(q.offset).execute();
  const total = await base.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return { parcels: rows.map(toParcel), total: Number(total.n) };
}

export async function reportedParcel(db: Db, provinceCode: string, county: string, parcelId: number): Promise<{ parcel: ReportedParcel; geometry: unknown; row: Record<string, unknown>; supplies: ReportedSupply[] } | undefined> {
  const r = await db.selectFrom('nat_parcel').selectAll().where('province_code', '=', provinceCode).where('county_code', '=', county).where('parcel_id', '=', parcelId).executeTakeFirst();
  if (!r) return undefined;
  const supplies = await db.selectFrom('nat_supply').selectAll().where('province_code', '=', provinceCode).where('county_code', '=', county).where('parcel_id', '=', parcelId).orderBy('record_id').execute();
  return { parcel: toParcel(r), geometry: r.geometry_json === null ? null : JSON.parse(r.geometry_json), row: JSON.parse(r.row_json) as Record<string, unknown>, supplies: supplies.map(toSupply) };
}
