/**
 * Use case: the roll-up view of a prefecture, a province or the nation (and of one county) for a
 * plan year: plans published on time, plan totals against execution by category and method, idle
 * land and overdue starts, and each unit below with its execution rate (for the map), read from the
 * summary tables only (store/national/figures.ts). Areas are exact: m² as decimal text, hectares
 * rounded to 4 places for display; rates are computed here, never in the browser.
 */
import { Dec } from '../domain/decimal.js';
import type { Bilingual } from '../domain/finding.js';
import type { MethodGroup } from '../domain/plan/cube.js';
import { planCategory } from '../domain/classification/index.js';
import { METHOD_LABELS } from './dashboard.js';
import type { Db } from '../store/database.js';
import { childFigures, NATION, rollupYears, unitExtents, unitFigures, unstartedFigures, type UnitFigures } from '../store/national/figures.js';
import { reportingBelow } from '../store/national/drill.js';
import { ancestry, childUnits, countCountiesBelow, getJurisdictionUnit, type JurisdictionUnit } from '../store/repos/jurisdictions.js';
import { e4ToArea, e4ToM2Text } from '../store/units.js';

export interface AreaFigure {
  /** Exact square metres. */
  readonly m2: string;
  /** Exact hectares (the web rounds for display only). */
  readonly ha: string;
}

export function areaFigure(e4: bigint): AreaFigure {
  return { m2: e4ToM2Text(e4), ha: e4ToArea(e4).hectares.toFixed() };
}

/** supplied ÷ planned as a percentage with 2 decimals; null without a plan. */
export function executionRate(supplied: bigint, planned: bigint): string | null {
  if (planned === 0n) return null;
  return new Dec(supplied.toString()).div(planned.toString()).times(100).toFixed(2);
}

export interface BreakdownRow {
  readonly key: string;
  readonly label: Bilingual;
  readonly planned: AreaFigure;
  readonly supplied: AreaFigure;
  readonly rate: string | null;
}

const SOURCE_LABELS: Record<string, Bilingual> = { new: { zh: '新增建设用地', en: 'new construction land' }, existing: { zh: '存量建设用地', en: 'existing construction land' } };

function label(dimension: 'category' | 'method' | 'source', key: string): Bilingual {
  if (dimension === 'category') {
    const c = planCategory(key);
    return c ? { zh: c.zh, en: c.en } : { zh: key, en: key };
  }
  if (dimension === 'method') return METHOD_LABELS[key as MethodGroup] ?? { zh: key, en: key };
  return SOURCE_LABELS[key] ?? { zh: key, en: key };
}

function rows(dimension: 'category' | 'method' | 'source', planned: Map<string, bigint>, supplied: Map<string, bigint>): BreakdownRow[] {
  const keys = [...new Set([...planned.keys(), ...supplied.keys()])].sort();
  return keys.map((k) => {
    const p = planned.get(k) ?? 0n;
    const s = supplied.get(k) ?? 0n;
    return { key: k, label: label(dimension, k), planned: areaFigure(p), supplied: areaFigure(s), rate: planned.has(k) ? executionRate(s, p) : null };
  });
}

export interface UnitRef {
  readonly code: string;
  readonly name: string;
  readonly level: 'nation' | 'province' | 'prefecture' | 'county';
}

export interface ChildRow extends UnitRef {
  readonly planned: AreaFigure;
  readonly supplied: AreaFigure;
  readonly rate: string | null;
  readonly plans: number;
  readonly publishedOnTime: number;
  readonly publishedLate: number;
  /** Extent of the unit's reported parcels [minLon, minLat, maxLon, maxLat]; null: none reported. */
  readonly extent: [number, number, number, number] | null;
}

export interface RollupDashboard {
  readonly unit: UnitRef;
  /** From the nation down to the unit's parent. */
  readonly ancestry: UnitRef[];
  readonly year: number;
  readonly years: number[];
  readonly asOf: string;
  /** Current county-level units below (or the county itself). */
  readonly counties: number;
  readonly reporting: { readonly reported: number; readonly lastReportedAt: string | null; readonly firstReportedAt: string | null };
  readonly totals: { readonly planned: AreaFigure; readonly supplied: AreaFigure; readonly rate: string | null; readonly records: number };
  readonly byCategory: BreakdownRow[];
  readonly byMethod: BreakdownRow[];
  readonly bySource: BreakdownRow[];
  /** 117号文: published by 31 March. `missing` = county-level units with no plan reported for the year. */
  readonly publication: { readonly plans: number; readonly onTime: number; readonly late: number; readonly unpublished: number; readonly missing: number };
  readonly unstarted: { readonly overdue: { parcels: number; area: AreaFigure }; readonly idle: { parcels: number; area: AreaFigure }; readonly recoverable: { parcels: number; area: AreaFigure } };
  readonly children: ChildRow[];
}

function ref(u: JurisdictionUnit): UnitRef {
  return { code: u.code, name: u.name, level: u.level };
}

const NATION_REF: UnitRef = { code: NATION, name: '全国', level: 'nation' };

function childRow(u: UnitRef, f: UnitFigures | undefined, extent: [number, number, number, number] | undefined): ChildRow {
  const planned = f ? f.planned.total : 0n;
  const supplied = f ? f.supplied.total : 0n;
  return { ...u, planned: areaFigure(planned), supplied: areaFigure(supplied), rate: executionRate(supplied, planned), plans: f?.plans ?? 0, publishedOnTime: f?.publishedOnTime ?? 0, publishedLate: f?.publishedLate ?? 0, extent: extent ?? null };
}

export class UnknownUnitError extends Error {
  constructor(readonly code: string) {
    super(`unknown unit ${code}`);
  }
}

/** The roll-up view of `unit` (NATION for the whole country) for `year` (default: the latest with figures). */
export async function rollupDashboard(db: Db, q: { unit: string; year?: number; asOf: string }): Promise<RollupDashboard> {
  const isNation = q.unit === NATION;
  const unitRow = isNation ? undefined : await getJurisdictionUnit(db, q.unit);
  if (!isNation && !unitRow) throw new UnknownUnitError(q.unit);
  const unit = isNation ? NATION_REF : ref(unitRow!);
  const years = await rollupYears(db, q.unit);
  const year = q.year ?? years[0] ?? Number(q.asOf.slice(0, 4));
  const [f, unstarted, kids, childRows, counties, lineage] = await Promise.all([
    unitFigures(db, q.unit, year),
    unstartedFigures(db, q.unit, q.asOf),
    childFigures(db, q.unit, year),
    isNation ? db.selectFrom('jurisdiction').selectAll().where('level', '=', 'province').where('valid_to', 'is', null).orderBy('code').execute() : childUnits(db, q.unit),
    countCountiesBelow(db, q.unit),
    isNation ? Promise.resolve([]) : ancestry(db, q.unit),
  ]);
  const provinceCode = isNation ? null : `${q.unit.slice(0, 2)}0000`;
  const below = unit.level === 'county' ? [q.unit] : unit.level === 'prefecture' ? (await childUnits(db, q.unit, { includeRetired: true })).map((c) => c.code) : undefined;
  const reporting = await reportingBelow(db, provinceCode, below);
  const byCode = new Map(kids.map((k) => [k.unit, k]));
  const list = childRows as { code: string; name: string; level: string }[];
  const extents = await unitExtents(db, list.map((c) => c.code));
  const children = list.map((c) => childRow({ code: c.code, name: c.name, level: c.level as UnitRef['level'] }, byCode.get(c.code), extents.get(c.code)));
  const area = (x: { parcels: number; area: bigint }) => ({ parcels: x.parcels, area: areaFigure(x.area) });
  return {
    unit,
    ancestry: [NATION_REF, ...lineage.slice(1).reverse().map(ref)].filter((u) => u.code !== unit.code),
    year,
    years,
    asOf: q.asOf,
    counties,
    reporting,
    totals: { planned: areaFigure(f.planned.total), supplied: areaFigure(f.supplied.total), rate: executionRate(f.supplied.total, f.planned.total), records: f.suppliedRecords },
    byCategory: rows('category', f.planned.byCategory, f.supplied.byCategory),
    byMethod: rows('method', f.planned.byMethod, f.supplied.byMethod),
    bySource: rows('source', f.planned.bySource, f.supplied.bySource),
    publication: { plans: f.plans, onTime: f.publishedOnTime, late: f.publishedLate, unpublished: f.plans - f.publishedOnTime - f.publishedLate, missing: Math.max(0, counties - f.plans) },
    unstarted: { overdue: area(unstarted.overdue), idle: area(unstarted.idle), recoverable: area(unstarted.recoverable) },
    children,
  };
}

/** The units a set of grants opens (null: every jurisdiction, i.e. the nation), widest first. */
export async function grantUnits(db: Db, codes: readonly (string | null)[]): Promise<UnitRef[]> {
  const out: UnitRef[] = [];
  if (codes.includes(null)) out.push(NATION_REF);
  for (const c of [...new Set(codes.filter((x): x is string => x !== null))].sort()) {
    const u = await getJurisdictionUnit(db, c);
    if (u) out.push(ref(u));
  }
  const rank: Record<UnitRef['level'], number> = { nation: 0, province: 1, prefecture: 2, county: 3 };
  return out.sort((a, b) => rank[a.level] - rank[b.level] || (a.code < b.code ? -1 : 1));
}
