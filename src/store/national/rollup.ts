/**
 * Roll-up figures of the national store (nat_rollup, nat_rollup_unstarted, nat_extent), kept in
 * the transaction that writes the national ledger, as the county ledger keeps its balances: a
 * report import (or a bulk load) calls `refreshRollups` for the counties it touched, before it
 * commits. Dashboards read these rows only; nothing sums nat_supply or nat_parcel on a request.
 *
 * County rows are computed from that county's reported rows; prefecture and province rows are the
 * sums of their county rows; the nation is the sum of the province rows (read time, ≤ 34 × a few
 * dozen rows). Figures are integers of 0.0001 m² (units.ts), so every sum is exact. Every step is
 * one set-based statement, the same SQL on SQLite and PostgreSQL.
 *
 * Measures per unit and plan year:
 *   planned             the cap of the plan's current version: the total (category, method, source
 *                       all ''), each category, each method and each source stated on its own
 *   supplied            Σ supply areas (reversals negative) by category × method × source;
 *                       count = records − reversals
 *   plans               county-level units with a plan for the year (count; one plan a county a year)
 *   published_on_time   … first published by 31 March of the plan year, China Standard Time
 *                       (117号文: 每年3月31日前公布), i.e. before 1 April 00:00 UTC+8
 *   published_late      … first published after it
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from '../database.js';

export interface RollupScope {
  readonly provinceCode: string;
  /** The counties to recompute; undefined: every county of the province. */
  readonly counties?: readonly string[];
}

/** CST calendar date of an ISO instant: publication dates are Chinese dates (domain/calendar/cst). */
export { chinaDate } from '../../domain/calendar/cst.js';

/** How an indicator's key enters the roll-up: the total, one dimension, or not at all. */
export function indicatorDimension(key: Record<string, unknown>): { dimension: string; member: string } {
  const dims = Object.keys(key);
  if (dims.length === 0) return { dimension: '', member: '' };
  if (dims.length === 1 && ['category', 'method', 'source'].includes(dims[0]!)) return { dimension: dims[0]!, member: String(key[dims[0]!]) };
  return { dimension: 'other', member: '' };
}

const ROLLUP_COLUMNS = ['unit_code', 'level', 'parent_code', 'province_code', 'year', 'measure', 'category', 'method', 'source', 'area_e4', 'count'] as const;

/** Recomputes the county rows of the given counties, then their prefectures' and province's rows. */
export async function refreshRollups(tx: Db, scope: RollupScope): Promise<void> {
  const province = scope.provinceCode;
  const counties = scope.counties;
  if (counties !== undefined && counties.length === 0) return;
  // `where county in (…)` only when a few counties changed; a whole province needs no list.
  const countyFilter = (ref: string): Expression<SqlBool> =>
    counties === undefined ? sql<SqlBool>`1 = 1` : sql<SqlBool>`${sql.ref(ref)} in (${sql.join(counties.map((c) => sql`${c}`))})`;

  // Each plan's current version, its status and its first publication (from the county's audit log).
  const v = <T>(col: string) => sql<T>`(select ${sql.ref(`v.${col}`)} from nat_plan_version v where v.province_code = nat_plan.province_code and v.county_code = nat_plan.county_code and v.plan_id = nat_plan.plan_id order by v.seq desc limit 1)`;
  await tx
    .updateTable('nat_plan')
    .set({
      current_version_id: v<number | null>('version_id'),
      current_seq: v<number | null>('seq'),
      status: v<string | null>('status'),
      published_at: sql<string | null>`(select min(a.at) from nat_audit a inner join nat_plan_version pv on pv.province_code = a.province_code and pv.county_code = a.county_code and a.entity_id = cast(pv.version_id as text)
        where a.province_code = nat_plan.province_code and a.county_code = nat_plan.county_code and pv.plan_id = nat_plan.plan_id
          and a.entity = 'plan_version' and a.after_json like '%"status":"published"%')`,
    })
    .where('province_code', '=', province)
    .where(countyFilter('county_code'))
    .execute();

  for (const t of ['nat_rollup', 'nat_rollup_unstarted', 'nat_extent'] as const) {
    await tx.deleteFrom(t).where('province_code', '=', province).where('level', '=', 'county').where(countyFilter('unit_code')).execute();
  }

  // planned: the total and single-dimension indicators of each plan's current version.
  await tx
    .insertInto('nat_rollup')
    .columns(ROLLUP_COLUMNS)
    .expression(
      tx
        .selectFrom('nat_plan as p')
        .innerJoin('nat_indicator as i', (j) => j.onRef('i.province_code', '=', 'p.province_code').onRef('i.county_code', '=', 'p.county_code').onRef('i.plan_version_id', '=', 'p.current_version_id'))
        .innerJoin('jurisdiction as j', 'j.code', 'p.county_code')
        .select([
          'p.county_code',
          sql.lit('county').as('level'),
          'j.parent_code',
          'p.province_code',
          'p.year',
          sql.lit('planned').as('measure'),
          sql<string>`case when i.dimension = 'category' then i.member else '' end`.as('category'),
          sql<string>`case when i.dimension = 'method' then i.member else '' end`.as('method'),
          sql<string>`case when i.dimension = 'source' then i.member else '' end`.as('source'),
          sql`sum(i.cap_e4)`.as('area_e4'),
          sql`count(*)`.as('count'),
        ])
        .where('p.province_code', '=', province)
        .where(countyFilter('p.county_code'))
        .where('i.dimension', 'in', ['', 'category', 'method', 'source'])
        .groupBy(['p.county_code', 'j.parent_code', 'p.province_code', 'p.year', 'i.dimension', 'i.member']),
    )
    .execute();

  // supplied: Σ areas by full key; a reversal counts −1 record.
  await tx
    .insertInto('nat_rollup')
    .columns(ROLLUP_COLUMNS)
    .expression(
      tx
        .selectFrom('nat_supply as s')
        .innerJoin('jurisdiction as j', 'j.code', 's.county_code')
        .select([
          's.county_code',
          sql.lit('county').as('level'),
          'j.parent_code',
          's.province_code',
          's.year',
          sql.lit('supplied').as('measure'),
          's.category',
          sql<string>`coalesce(s.method, '')`.as('method'),
          sql<string>`coalesce(s.source, '')`.as('source'),
          sql`sum(s.area_e4)`.as('area_e4'),
          sql`sum(case when s.reverses_id is null then 1 else -1 end)`.as('count'),
        ])
        .where('s.province_code', '=', province)
        .where(countyFilter('s.county_code'))
        .groupBy(['s.county_code', 'j.parent_code', 's.province_code', 's.year', 's.category', sql`coalesce(s.method, '')`, sql`coalesce(s.source, '')`]),
    )
    .execute();

  // plans, published on time, published late.
  const cutoff = sql`cast(p.year as text) || '-03-31T16:00:00.000Z'`;
  for (const [measure, cond] of [
    ['plans', sql<SqlBool>`1 = 1`],
    ['published_on_time', sql<SqlBool>`p.published_at is not null and p.published_at < ${cutoff}`],
    ['published_late', sql<SqlBool>`p.published_at is not null and p.published_at >= ${cutoff}`],
  ] as const) {
    await tx
      .insertInto('nat_rollup')
      .columns(ROLLUP_COLUMNS)
      .expression(
        tx
          .selectFrom('nat_plan as p')
          .innerJoin('jurisdiction as j', 'j.code', 'p.county_code')
          .select(['p.county_code', sql.lit('county').as('level'), 'j.parent_code', 'p.province_code', 'p.year', sql.lit(measure).as('measure'), sql.lit('').as('category'), sql.lit('').as('method'), sql.lit('').as('source'), sql`0`.as('area_e4'), sql`count(*)`.as('count')])
          .where('p.province_code', '=', province)
          .where(countyFilter('p.county_code'))
          .where(cond)
          .groupBy(['p.county_code', 'j.parent_code', 'p.province_code', 'p.year']),
      )
      .execute();
  }

  // Supplied parcels not started, by agreed start date; and the extent of the county's parcels.
  await tx
    .insertInto('nat_rollup_unstarted')
    .columns(['unit_code', 'level', 'province_code', 'agreed_start_date', 'parcels', 'area_e4'])
    .expression(
      tx
        .selectFrom('nat_parcel')
        .select(['county_code', sql.lit('county').as('level'), 'province_code', 'agreed_start_date', sql`count(*)`.as('parcels'), sql`sum(coalesce(area_e4, 0))`.as('area_e4')])
        .where('province_code', '=', province)
        .where(countyFilter('county_code'))
        .where('agreed_start_date', 'is not', null)
        .where('actual_start_date', 'is', null)
        .groupBy(['county_code', 'province_code', 'agreed_start_date']),
    )
    .execute();
  await tx
    .insertInto('nat_extent')
    .columns(['unit_code', 'level', 'province_code', 'min_x', 'min_y', 'max_x', 'max_y'])
    .expression(
      tx
        .selectFrom('nat_parcel')
        .select(['county_code', sql.lit('county').as('level'), 'province_code', sql`min(min_x)`.as('min_x'), sql`min(min_y)`.as('min_y'), sql`max(max_x)`.as('max_x'), sql`max(max_y)`.as('max_y')])
        .where('province_code', '=', province)
        .where(countyFilter('county_code'))
        .where('min_x', 'is not', null)
        .groupBy(['county_code', 'province_code']),
    )
    .execute();

  await aggregateUp(tx, province, counties);
}

/**
 * Prefecture and province rows: the sums of their county rows. Only the prefectures of the
 * counties that changed are recomputed (all of them for a whole province).
 */
async function aggregateUp(tx: Db, province: string, counties: readonly string[] | undefined): Promise<void> {
  const prefectureRows = await tx
    .selectFrom('jurisdiction as j')
    .innerJoin('jurisdiction as p', 'p.code', 'j.parent_code')
    .select('p.code')
    .distinct()
    .where('p.level', '=', 'prefecture')
    .where('j.level', '=', 'county')
    .where('j.code', 'like', `${province.slice(0, 2)}%`)
    .$if(counties !== undefined, (q) => q.where('j.code', 'in', counties!))
    .execute();
  const prefectures = prefectureRows.map((r) => r.code);
  const units: [string, 'prefecture' | 'province'][] = [...prefectures.map((p) => [p, 'prefecture'] as [string, 'prefecture']), [province, 'province']];
  const unitList = units.map(([u]) => u);
  for (const t of ['nat_rollup', 'nat_rollup_unstarted', 'nat_extent'] as const) {
    for (let i = 0; i < unitList.length; i += 500) await tx.deleteFrom(t).where('province_code', '=', province).where('unit_code', 'in', unitList.slice(i, i + 500)).execute();
  }
  // One statement per level: a county row's parent is its prefecture (or, under a municipality, the province).
  const parentOfCounty = sql<string>`(select jc.parent_code from jurisdiction jc where jc.code = r.unit_code)`;
  for (const [level, unitExpr, parentExpr, filter] of [
    ['prefecture', sql<string>`r.parent_code`, sql<string | null>`${sql.lit(province)}`, sql<SqlBool>`r.parent_code in (select code from jurisdiction where level = 'prefecture')`],
    ['province', sql<string>`${sql.lit(province)}`, sql<string | null>`null`, sql<SqlBool>`1 = 1`],
  ] as const) {
    if (level === 'prefecture' && prefectures.length === 0) continue;
    const scoped = level === 'prefecture' ? sql<SqlBool>`${filter} and r.parent_code in (${sql.join(prefectures.map((p) => sql`${p}`))})` : filter;
    await tx
      .insertInto('nat_rollup')
      .columns(ROLLUP_COLUMNS)
      .expression(
        tx
          .selectFrom('nat_rollup as r')
          .select([
            unitExpr.as('unit_code'),
            sql.lit(level).as('level'),
            parentExpr.as('parent_code'),
            'r.province_code',
            'r.year',
            'r.measure',
            'r.category',
            'r.method',
            'r.source',
            sql`sum(r.area_e4)`.as('area_e4'),
            sql`sum(r.count)`.as('count'),
          ])
          .where('r.province_code', '=', province)
          .where('r.level', '=', 'county')
          .where(scoped)
          .groupBy([...(level === 'prefecture' ? [unitExpr] : []), 'r.province_code', 'r.year', 'r.measure', 'r.category', 'r.method', 'r.source']),
      )
      .execute();
    const unitOf = level === 'prefecture' ? parentOfCounty : sql<string>`${sql.lit(province)}`;
    const byUnit = level === 'prefecture' ? [unitOf] : [];
    const keep = level === 'prefecture' ? sql<SqlBool>`${parentOfCounty} in (${sql.join(prefectures.map((p) => sql`${p}`))})` : sql<SqlBool>`1 = 1`;
    await tx
      .insertInto('nat_rollup_unstarted')
      .columns(['unit_code', 'level', 'province_code', 'agreed_start_date', 'parcels', 'area_e4'])
      .expression(
        tx
          .selectFrom('nat_rollup_unstarted as r')
          .select([unitOf.as('unit_code'), sql.lit(level).as('level'), 'r.province_code', 'r.agreed_start_date', sql`sum(r.parcels)`.as('parcels'), sql`sum(r.area_e4)`.as('area_e4')])
          .where('r.province_code', '=', province)
          .where('r.level', '=', 'county')
          .where(keep)
          .groupBy([...byUnit, 'r.province_code', 'r.agreed_start_date']),
      )
      .execute();
    await tx
      .insertInto('nat_extent')
      .columns(['unit_code', 'level', 'province_code', 'min_x', 'min_y', 'max_x', 'max_y'])
      .expression(
        tx
          .selectFrom('nat_extent as r')
          .select([unitOf.as('unit_code'), sql.lit(level).as('level'), 'r.province_code', sql`min(r.min_x)`.as('min_x'), sql`min(r.min_y)`.as('min_y'), sql`max(r.max_x)`.as('max_x'), sql`max(r.max_y)`.as('max_y')])
          .where('r.province_code', '=', province)
          .where('r.level', '=', 'county')
          .where(keep)
          .groupBy([...byUnit, 'r.province_code']),
      )
      .execute();
  }
}
