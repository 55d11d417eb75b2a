/**
 * Use case: drill down into what a county reported — the county with its plans side by side, one
 * plan (versions, indicators, supplies), its parcels, one parcel. Read-only views of the national
 * tables, with exact areas (rollup-dashboard.ts `areaFigure`) and execution rates computed here.
 */
import type { Db } from '../store/database.js';
import { unitFiguresByYear } from '../store/national/figures.js';
import { reportedCounty, reportedParcel, reportedParcels, reportedPlan, reportedPlans, type ReportedParcel, type ReportedSupply } from '../store/national/drill.js';
import { ancestry } from '../store/repos/jurisdictions.js';
import { areaFigure, executionRate, type AreaFigure, type UnitRef } from './rollup-dashboard.js';

export interface CountyView {
  readonly unit: UnitRef;
  readonly ancestry: UnitRef[];
  readonly reporting: { readonly headSeq: number; readonly reportedAt: string | null; readonly importedAt: string | null; readonly channel: string | null } | null;
  readonly plans: {
    readonly planId: number;
    readonly year: number;
    readonly name: string;
    readonly status: string | null;
    readonly versions: number | null;
    readonly publishedOn: string | null;
    readonly onTime: boolean | null;
    readonly planned: AreaFigure;
    readonly supplied: AreaFigure;
    readonly rate: string | null;
  }[];
}

/** A county's view; undefined when the hierarchy does not know the code. */
export async function countyView(db: Db, county: string): Promise<CountyView | undefined> {
  const line = await ancestry(db, county);
  if (line.length === 0) return undefined;
  const rep = await reportedCounty(db, county);
  const province = line.find((u) => u.level === 'province')?.code ?? `${county.slice(0, 2)}0000`;
  const [plans, figures] = await Promise.all([reportedPlans(db, province, county), unitFiguresByYear(db, county)]);
  const [self, ...up] = line;
  return {
    unit: { code: self!.code, name: self!.name, level: self!.level },
    ancestry: [{ code: '000000', name: '全国', level: 'nation' as const }, ...up.reverse().map((u) => ({ code: u.code, name: u.name, level: u.level }))],
    reporting: rep ? { headSeq: rep.headSeq, reportedAt: rep.reportedAt, importedAt: rep.importedAt, channel: rep.channel } : null,
    plans: plans.map((p) => {
      const f = figures.get(p.year);
      const planned = f?.planned.total ?? 0n;
      const supplied = f?.supplied.total ?? 0n;
      return {
        planId: p.planId,
        year: p.year,
        name: p.name,
        status: p.status,
        versions: p.currentSeq,
        publishedOn: p.publishedOn,
        onTime: p.publishedOn === null ? null : p.publishedOn <= `${p.year}-03-31`,
        planned: areaFigure(planned),
        supplied: areaFigure(supplied),
        rate: executionRate(supplied, planned),
      };
    }),
  };
}

function supplyDto(s: ReportedSupply) {
  return { recordId: s.recordId, category: s.category, method: s.method, source: s.source, district: s.district, area: areaFigure(s.areaE4), parcelId: s.parcelId, reversesId: s.reversesId, suppliedOn: s.suppliedOn };
}

function parcelDto(p: ReportedParcel) {
  return {
    parcelId: p.parcelId,
    parcelNumber: p.parcelNumber,
    projectName: p.projectName,
    useCode: p.useCode,
    supplyMethod: p.supplyMethod,
    area: p.areaE4 === null ? null : areaFigure(p.areaE4),
    agreedStartDate: p.agreedStartDate,
    actualStartDate: p.actualStartDate,
    bbox: p.bbox,
  };
}

export async function planView(db: Db, county: string, planId: number, page: { limit: number; offset: number }) {
  const province = `${county.slice(0, 2)}0000`;
  const r = await reportedPlan(db, province, county, planId, page);
  if (!r) return undefined;
  return {
    plan: r.plan,
    versions: r.versions,
    indicators: r.indicators.map((i) => ({ indicatorId: i.indicatorId, kind: i.kind, key: i.key, cap: areaFigure(i.capE4), debited: areaFigure(i.debitedE4), rate: executionRate(i.debitedE4, i.capE4) })),
    supplies: r.supplies.map(supplyDto),
    supplyCount: r.supplyCount,
  };
}

export async function parcelsView(db: Db, county: string, q: { limit: number; offset: number; parcelNumber?: string }) {
  const r = await reportedParcels(db, `${county.slice(0, 2)}0000`, county, q);
  return { total: r.total, parcels: r.parcels.map(parcelDto) };
}

export async function parcelView(db: Db, county: string, parcelId: number) {
  const r = await reportedParcel(db, `${county.slice(0, 2)}0000`, county, parcelId);
  if (!r) return undefined;
  return { parcel: parcelDto(r.parcel), geometry: r.geometry, row: r.row, supplies: r.supplies.map(supplyDto) };
}
