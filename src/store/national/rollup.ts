/**
 * Roll-up figures of the national store (nat_rollup, nat_rollup_unstarted, nat_extent), kept in
 * the transaction that writes the national ledger, as the county ledger keeps its balances: a
 * report import (or a bulk load) calls `refreshRollups` for the counties it touched, before it
 * commits. Dashboards read these rows only; nothing sums nat_supply or nat_parcel on a request.
 *
 * County rows are computed from that county's reported rows; prefecture and province rows are the
 * sums of their county rows; the nation is the sum of the province rows (read time, ≤ 34 × a few
 * dozen rows). Figures are integers of 0.0001 m² (units.ts), so every sum is exact.
 *
 * Measures per unit and plan year:
 *   planned             the cap of the plan's current version: the total (category, method, source
 *                       all ''), each category, each method and each source stated on its own
 *   supplied            Σ supply areas (reversals negative) by category × method × source;
 *                       count = records − reversals
 *   plans               county-level units with a plan for the year (count)
 *   published_on_time   … published by 31 March of the plan year (117号文: 每年3月31日前公布)
 *   published_late      … published after it
 */
import { sql } from 'kysely';
import type { Db } from '../database.js';
import { toBigInt } from '../units.js';

export interface RollupScope {
  readonly provinceCode: string;
  /** The counties to recompute; undefined: every county of the province that has reported rows. */
  readonly counties?: readonly string[];
}

interface CountyPlace {
  readonly code: string;
  readonly parentCode: string | null;
  readonly parentLevel: string | null;
}

async function places(tx: Db, provinceCode: string, counties: readonly string[] | undefined): Promise<CountyPlace[]> {
  let codes = counties;
  if (codes === undefined) {
    const rows = await tx
      .selectFrom('nat_plan')
      .select('county_code')
      .where('province_code', '=', provinceCode)
      .union(tx.selectFrom('nat_parcel').select('county_code').where('province_code', '=', provinceCode))
      .execute();
    codes = [...new Set(rows.map((r) => r.county_code))];
  }
  if (codes.length === 0) return [];
  const out: CountyPlace[] = [];
  for (let i = 0; i < codes.length; i += 500) {
    const rows = await tx
      .selectFrom('jurisdiction as j')
      .leftJoin('jurisdiction as p', 'p.code', 'j.parent_code')
      .select(['j.code', 'j.parent_code', 'p.level as parent_level'])
      .where('j.code', 'in', codes.slice(i, i + 500))
      .execute();
    out.push(...rows.map((r) => ({ code: r.code, parentCode: r.parent_code, parentLevel: r.parent_level })));
  }
  return out;
}

/** CST (UTC+8, no daylight saving) calendar date of an ISO instant: publication dates are Chinese dates. */
export function chinaDate(instant: string): string {
  return new Date(Date.parse(instant) + 8 * 3600_000).toISOString().slice(0, 10);
}

type RollupRow = { unit_code: string; level: string; parent_code: string | null; province_code: string; year: number; measure: string; category: string; method: string; source: string; area_e4: string | number; count: string | number };

async function insertRollup(tx: Db, rows: RollupRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await tx.insertInto('nat_rollup').values(rows.slice(i, i + 500)).execute();
}

/**
 * Sets each plan's current version, status and first publication date from its reported versions
 * and audit log (a version's move to "published", at the county's clock, as a China date).
 */
async function refreshPlans(tx: Db, provinceCode: string, counties: readonly string[]): Promise<void> {
  const versions = await tx
    .selectFrom('nat_plan_version')
    .select(['county_code', 'plan_id', 'version_id', 'seq', 'status'])
    .where('province_code', '=', provinceCode)
    .where('county_code', 'in', counties)
    .execute();
  const current = new Map<string, { version: number; seq: number; status: string }>();
  const planOfVersion = new Map<string, string>();
  for (const v of versions) {
    const k = `${v.county_code}|${v.plan_id}`;
    planOfVersion.set(`${v.county_code}|${v.version_id}`, k);
    const c = current.get(k);
    if (!c || c.seq < v.seq) current.set(k, { version: Number(v.version_id), seq: v.seq, status: v.status });
  }
  const published = new Map<string, string>();
  const entries = await tx
    .selectFrom('nat_audit')
    .select(['county_code', 'entity_id', 'at', 'after_json'])
    .where('province_code', '=', provinceCode)
    .where('county_code', 'in', counties)
    .where('entity', '=', 'plan_version')
    .where('after_json', 'like', '%"status":"published"%')
    .orderBy('seq')
    .execute();
  for (const e of entries) {
    const after = JSON.parse(e.after_json ?? 'null') as { status?: string } | null;
    if (after?.status !== 'published') continue;
    const plan = planOfVersion.get(`${e.county_code}|${e.entity_id}`);
    if (plan && !published.has(plan)) published.set(plan, chinaDate(e.at));
  }
  const plans = await tx.selectFrom('nat_plan').select(['county_code', 'plan_id', 'current_version_id', 'current_seq', 'status', 'published_on']).where('province_code', '=', provinceCode).where('county_code', 'in', counties).execute();
  for (const p of plans) {
    const k = `${p.county_code}|${p.plan_id}`;
    const c = current.get(k);
    const next = { current_version_id: c?.version ?? null, current_seq: c?.seq ?? null, status: c?.status ?? null, published_on: published.get(k) ?? null };
    if (Number(p.current_version_id ?? -1) === Number(next.current_version_id ?? -1) && p.current_seq === next.current_seq && p.status === next.status && p.published_on === next.published_on) continue;
    await tx.updateTable('nat_plan').set(next).where('province_code', '=', provinceCode).where('county_code', '=', p.county_code).where('plan_id', '=', p.plan_id).execute();
  }
}

/** Recomputes the county rows of the given counties, then their prefectures' and province's rows. */
export async function refreshRollups(tx: Db, scope: RollupScope): Promise<void> {
  const province = scope.provinceCode;
  const counties = await places(tx, province, scope.counties);
  const parentOf = new Map(counties.map((c) => [c.code, c.parentCode]));
  for (let i = 0; i < counties.length; i += 500) {
    const codes = counties.slice(i, i + 500).map((c) => c.code);
    await refreshPlans(tx, province, codes);
    await tx.deleteFrom('nat_rollup').where('province_code', '=', province).where('unit_code', 'in', codes).execute();
    await tx.deleteFrom('nat_rollup_unstarted').where('province_code', '=', province).where('unit_code', 'in', codes).execute();
    await tx.deleteFrom('nat_extent').where('province_code', '=', province).where('unit_code', 'in', codes).execute();
    const rows: RollupRow[] = [];
    const base = (county: string) => ({ unit_code: county, level: 'county', parent_code: parentOf.get(county) ?? null, province_code: province });

    // planned: the single-dimension indicators (and the total) of each plan's current version.
    const planned = await tx
      .selectFrom('nat_plan as p')
      .innerJoin('nat_indicator as i', (j) => j.onRef('i.province_code', '=', 'p.province_code').onRef('i.county_code', '=', 'p.county_code').onRef('i.plan_version_id', '=', 'p.current_version_id'))
      .select(['p.county_code', 'p.year', 'i.key_json', 'i.cap_e4'])
      .where('p.province_code', '=', province)
      .where('p.county_code', 'in', codes)
      .execute();
    const plannedSums = new Map<string, bigint>();
    for (const r of planned) {
      const key = JSON.parse(r.key_json) as Record<string, string>;
      const dims = Object.keys(key);
      if (dims.length > 1 || (dims.length === 1 && !['category', 'method', 'source'].includes(dims[0]!))) continue;
      const k = JSON.stringify([r.county_code, r.year, key.category ?? '', key.method ?? '', key.source ?? '']);
      plannedSums.set(k, (plannedSums.get(k) ?? 0n) + toBigInt(r.cap_e4));
    }
    for (const [k, v] of plannedSums) {
      const [county, year, category, method, source] = JSON.parse(k) as [string, number, string, string, string];
      rows.push({ ...base(county), year, measure: 'planned', category, method, source, area_e4: v.toString(), count: 1 });
    }

    const supplied = await tx
      .selectFrom('nat_supply')
      .select([
        'county_code',
        'year',
        'category',
        sql<string>`coalesce(method, '')`.as('m'),
        sql<string>`coalesce(source, '')`.as('s'),
        sql<string>`sum(area_e4)`.as('area'),
        sql<string>`sum(case when reverses_id is null then 1 else -1 end)`.as('n'),
      ])
      .where('province_code', '=', province)
      .where('county_code', 'in', codes)
      .groupBy(['county_code', 'year', 'category', sql`coalesce(method, '')`, sql`coalesce(source, '')`])
      .execute();
    for (const r of supplied) rows.push({ ...base(r.county_code), year: Number(r.year), measure: 'supplied', category: r.category, method: r.m, source: r.s, area_e4: toBigInt(r.area).toString(), count: Number(r.n) });

    const plans = await tx.selectFrom('nat_plan').select(['county_code', 'year', 'published_on']).where('province_code', '=', province).where('county_code', 'in', codes).execute();
    const perYear = new Map<string, { plans: number; onTime: number; late: number }>();
    for (const p of plans) {
      const k = `${p.county_code}|${p.year}`;
      const c = perYear.get(k) ?? { plans: 0, onTime: 0, late: 0 };
      // A county has at most one plan a year; count the unit once.
      c.plans = 1;
      if (p.published_on !== null) {
        if (p.published_on <= `${p.year}-03-31`) c.onTime = 1;
        else if (c.onTime === 0) c.late = 1;
      }
      perYear.set(k, c);
    }
    for (const [k, c] of perYear) {
      const [county, y] = k.split('|') as [string, string];
      const year = Number(y);
      const add = (measure: string, n: number) => n > 0 && rows.push({ ...base(county), year, measure, category: '', method: '', source: '', area_e4: 0, count: n });
      add('plans', c.plans);
      add('published_on_time', c.onTime);
      add('published_late', c.late);
    }
    await insertRollup(tx, rows);

    const unstarted = await tx
      .selectFrom('nat_parcel')
      .select(['county_code', 'agreed_start_date', sql<string>`count(*)`.as('n'), sql<string>`sum(coalesce(area_e4, 0))`.as('area')])
      .where('province_code', '=', province)
      .where('county_code', 'in', codes)
      .where('agreed_start_date', 'is not', null)
      .where('actual_start_date', 'is', null)
      .groupBy(['county_code', 'agreed_start_date'])
      .execute();
    const u = unstarted.map((r) => ({ unit_code: r.county_code, level: 'county', province_code: province, agreed_start_date: r.agreed_start_date!, parcels: Number(r.n), area_e4: toBigInt(r.area).toString() }));
    for (let j = 0; j < u.length; j += 500) await tx.insertInto('nat_rollup_unstarted').values(u.slice(j, j + 500)).execute();

    const extents = await tx
      .selectFrom('nat_parcel')
      .select(['county_code', sql<number>`min(min_x)`.as('a'), sql<number>`min(min_y)`.as('b'), sql<number>`max(max_x)`.as('c'), sql<number>`max(max_y)`.as('d')])
      .where('province_code', '=', province)
      .where('county_code', 'in', codes)
      .where('min_x', 'is not', null)
      .groupBy('county_code')
      .execute();
    const e = extents.map((r) => ({ unit_code: r.county_code, level: 'county', province_code: province, min_x: Number(r.a), min_y: Number(r.b), max_x: Number(r.c), max_y: Number(r.d) }));
    if (e.length > 0) await tx.insertInto('nat_extent').values(e).execute();
  }
  const prefectures = [...new Set(counties.filter((c) => c.parentLevel === 'prefecture').map((c) => c.parentCode!))];
  for (const p of prefectures) await aggregate(tx, province, p, 'prefecture', province);
  if (counties.length > 0) await aggregate(tx, province, province, 'province', null);
}

/** A prefecture's or province's rows: the sums of its county rows. */
async function aggregate(tx: Db, province: string, unit: string, level: 'prefecture' | 'province', parent: string | null): Promise<void> {
  await tx.deleteFrom('nat_rollup').where('province_code', '=', province).where('unit_code', '=', unit).execute();
  await tx.deleteFrom('nat_rollup_unstarted').where('province_code', '=', province).where('unit_code', '=', unit).execute();
  await tx.deleteFrom('nat_extent').where('province_code', '=', province).where('unit_code', '=', unit).execute();
  const countiesOf = (q: Db) => q.selectFrom('jurisdiction').select('code').where('parent_code', '=', unit);
  await tx
    .insertInto('nat_rollup')
    .columns(['unit_code', 'level', 'parent_code', 'province_code', 'year', 'measure', 'category', 'method', 'source', 'area_e4', 'count'])
    .expression(
      tx
        .selectFrom('nat_rollup')
        .select([
          sql.lit(unit).as('unit_code'),
          sql.lit(level).as('level'),
          (parent === null ? sql`null` : sql.lit(parent)).as('parent_code'),
          sql.lit(province).as('province_code'),
          'year',
          'measure',
          'category',
          'method',
          'source',
          sql`sum(area_e4)`.as('area_e4'),
          sql`sum(count)`.as('count'),
        ])
        .where('province_code', '=', province)
        .where('level', '=', 'county')
        .$if(level === 'prefecture', (q) => q.where('parent_code', '=', unit))
        .groupBy(['year', 'measure', 'category', 'method', 'source']),
    )
    .execute();
  await tx
    .insertInto('nat_rollup_unstarted')
    .columns(['unit_code', 'level', 'province_code', 'agreed_start_date', 'parcels', 'area_e4'])
    .expression(
      tx
        .selectFrom('nat_rollup_unstarted')
        .select([sql.lit(unit).as('unit_code'), sql.lit(level).as('level'), sql.lit(province).as('province_code'), 'agreed_start_date', sql`sum(parcels)`.as('parcels'), sql`sum(area_e4)`.as('area_e4')])
        .where('province_code', '=', province)
        .where('level', '=', 'county')
        .$if(level === 'prefecture', (q) => q.where('unit_code', 'in', countiesOf(tx)))
        .groupBy('agreed_start_date'),
    )
    .execute();
  const ext = await tx
    .selectFrom('nat_extent')
    .select([sql<number>`min(min_x)`.as('a'), sql<number>`min(min_y)`.as('b'), sql<number>`max(max_x)`.as('c'), sql<number>`max(max_y)`.as('d'), sql<string>`count(*)`.as('n')])
    .where('province_code', '=', province)
    .where('level', '=', 'county')
    .$if(level === 'prefecture', (q) => q.where('unit_code', 'in', countiesOf(tx)))
    .executeTakeFirst();
  if (ext && Number(ext.n) > 0) await tx.insertInto('nat_extent').values({ unit_code: unit, level, province_code: province, min_x: Number(ext.a), min_y: Number(ext.b), max_x: Number(ext.c), max_y: Number(ext.d) }).execute();
}
