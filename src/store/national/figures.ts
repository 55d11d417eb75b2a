/**
 * Reading roll-up figures (rollup.ts keeps them): for a county, a prefecture, a province or the
 * nation (unit "000000"), for one plan year. Reads only summary rows: a unit's own rows, or for the
 * nation the province rows, or for a unit's children their rows. Areas stay integers of 0.0001 m².
 */
import { sql } from 'kysely';
import type { Db } from '../database.js';
import { toBigInt } from '../units.js';

/** The code that stands for the whole country in roll-up requests. */
export const NATION = '000000';

/** The province a unit lies in: every summary key starts with it, so a unit's rows are one index range. */
function provinceOf(unit: string): string {
  return `${unit.slice(0, 2)}0000`;
}

export interface AreaBreakdown {
  total: bigint;
  readonly byCategory: Map<string, bigint>;
  readonly byMethod: Map<string, bigint>;
  readonly bySource: Map<string, bigint>;
}

export interface UnitFigures {
  readonly unit: string;
  readonly year: number;
  readonly planned: AreaBreakdown;
  readonly supplied: AreaBreakdown;
  /** Supply records less reversals. */
  suppliedRecords: number;
  plans: number;
  publishedOnTime: number;
  publishedLate: number;
}

const breakdown = (): AreaBreakdown => ({ total: 0n, byCategory: new Map(), byMethod: new Map(), bySource: new Map() });
const add = (m: Map<string, bigint>, k: string, v: bigint): void => {
  m.set(k, (m.get(k) ?? 0n) + v);
};

function emptyFigures(unit: string, year: number): UnitFigures {
  return { unit, year, planned: breakdown(), supplied: breakdown(), suppliedRecords: 0, plans: 0, publishedOnTime: 0, publishedLate: 0 };
}

interface RollupRead {
  unit_code: string;
  measure: string;
  category: string;
  method: string;
  source: string;
  area: string | number;
  n: string | number;
}

function fold(f: UnitFigures, r: RollupRead): void {
  const area = toBigInt(r.area);
  const n = Number(r.n);
  if (r.measure === 'planned') {
    if (r.category === '' && r.method === '' && r.source === '') f.planned.total += area;
    else if (r.category !== '') add(f.planned.byCategory, r.category, area);
    else if (r.method !== '') add(f.planned.byMethod, r.method, area);
    else add(f.planned.bySource, r.source, area);
  } else if (r.measure === 'supplied') {
    f.supplied.total += area;
    add(f.supplied.byCategory, r.category, area);
    if (r.method !== '') add(f.supplied.byMethod, r.method, area);
    if (r.source !== '') add(f.supplied.bySource, r.source, area);
    f.suppliedRecords += n;
  } else if (r.measure === 'plans') f.plans += n;
  else if (r.measure === 'published_on_time') f.publishedOnTime += n;
  else if (r.measure === 'published_late') f.publishedLate += n;
}

function rollupRows(db: Db, year: number) {
  return db
    .selectFrom('nat_rollup')
    .select(['unit_code', 'measure', 'category', 'method', 'source', sql<string>`sum(area_e4)`.as('area'), sql<string>`sum(count)`.as('n')])
    .where('year', '=', year)
    .groupBy(['unit_code', 'measure', 'category', 'method', 'source']);
}

/** A unit's figures for every plan year it has (a county's plans side by side). */
export async function unitFiguresByYear(db: Db, unit: string): Promise<Map<number, UnitFigures>> {
  const rows = await db
    .selectFrom('nat_rollup')
    .select(['year', 'unit_code', 'measure', 'category', 'method', 'source', sql<string>`area_e4`.as('area'), sql<string>`count`.as('n')])
    .where('province_code', '=', provinceOf(unit))
    .where('unit_code', '=', unit)
    .execute();
  const out = new Map<number, UnitFigures>();
  for (const r of rows) {
    const year = Number(r.year);
    let f = out.get(year);
    if (!f) out.set(year, (f = emptyFigures(unit, year)));
    fold(f, r as RollupRead);
  }
  return out;
}

/** One unit's figures for a year (the nation: NATION). */
export async function unitFigures(db: Db, unit: string, year: number): Promise<UnitFigures> {
  const f = emptyFigures(unit, year);
  const q = unit === NATION ? rollupRows(db, year).where('level', '=', 'province') : rollupRows(db, year).where('province_code', '=', provinceOf(unit)).where('unit_code', '=', unit);
  for (const r of (await q.execute()) as RollupRead[]) fold(f, r);
  return f;
}

/** The figures of every unit directly below `unit` that has reported anything, by code. */
export async function childFigures(db: Db, unit: string, year: number): Promise<UnitFigures[]> {
  const q = unit === NATION ? rollupRows(db, year).where('level', '=', 'province') : rollupRows(db, year).where('province_code', '=', provinceOf(unit)).where('parent_code', '=', unit);
  const byUnit = new Map<string, UnitFigures>();
  for (const r of (await q.execute()) as RollupRead[]) {
    let f = byUnit.get(r.unit_code);
    if (!f) byUnit.set(r.unit_code, (f = emptyFigures(r.unit_code, year)));
    fold(f, r);
  }
  return [...byUnit.values()].sort((a, b) => (a.unit < b.unit ? -1 : 1));
}

export interface UnstartedFigures {
  /** Agreed start passed, not started (动工逾期). */
  readonly overdue: { parcels: number; area: bigint };
  /** Not started a full year after the agreed start (闲置土地, 国土资源部令第53号 第二条). */
  readonly idle: { parcels: number; area: bigint };
  /** Not started two full years after it (可无偿收回, 第十四条). */
  readonly recoverable: { parcels: number; area: bigint };
}

/** `date` minus `years` whole years, "YYYY-MM-DD" (29 Feb → 28 Feb). */
export function yearsBefore(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) - years;
  const md = date.slice(5);
  return md === '02-29' ? `${y}-02-28` : `${y}-${md}`;
}

/** Overdue and idle land of a unit as of a date, from the unstarted-parcels summary. */
export async function unstartedFigures(db: Db, unit: string, asOf: string): Promise<UnstartedFigures> {
  const bucket = (before: string) => {
    let q = db.selectFrom('nat_rollup_unstarted').select([sql<string>`coalesce(sum(parcels), 0)`.as('n'), sql<string>`coalesce(sum(area_e4), 0)`.as('area')]).where('agreed_start_date', '<', before);
    q = unit === NATION ? q.where('level', '=', 'province') : q.where('province_code', '=', provinceOf(unit)).where('unit_code', '=', unit);
    return q.executeTakeFirstOrThrow().then((r) => ({ parcels: Number(r.n), area: toBigInt(r.area) }));
  };
  // Overdue: the agreed start date has passed (is before asOf). Idle: a year has passed, i.e. the
  // agreed start is on or before asOf − 1 year; "< the next day" keeps one comparison operator.
  const [overdue, idle, recoverable] = await Promise.all([bucket(asOf), bucket(nextDay(yearsBefore(asOf, 1))), bucket(nextDay(yearsBefore(asOf, 2)))]);
  return { overdue, idle, recoverable };
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The plan years a unit has figures for, newest first. */
export async function rollupYears(db: Db, unit: string): Promise<number[]> {
  let q = db.selectFrom('nat_rollup').select('year').distinct().orderBy('year', 'desc');
  q = unit === NATION ? q.where('level', '=', 'province') : q.where('province_code', '=', provinceOf(unit)).where('unit_code', '=', unit);
  return (await q.execute()).map((r) => Number(r.year));
}

/** The extent of each unit's reported parcels (CGCS2000 lon/lat), for the map. */
export async function unitExtents(db: Db, codes: readonly string[]): Promise<Map<string, [number, number, number, number]>> {
  if (codes.length === 0) return new Map();
  const rows = await db.selectFrom('nat_extent').selectAll().where('province_code', 'in', [...new Set(codes.map(provinceOf))]).where('unit_code', 'in', [...codes]).execute();
  return new Map(rows.map((r) => [r.unit_code, [r.min_x, r.min_y, r.max_x, r.max_y]]));
}
