/**
 * What `landplan plan export` and the download routes hand out for a plan version: the plan
 * document (.docx, .pdf), the attachment tables (.xlsx), the 宗地表's parcels as GeoJSON
 * (EPSG:4490) and as a GBK shapefile, and the plan's rows in the land-market system's layout.
 * Reads the version from the register and hands plain data to reports/ (pure); the PDF goes
 * through the converter service.
 *
 * The plan's parcels (宗地表): today the register links a parcel to a plan only through the supply
 * records drawn on it, so the schedule is the jurisdiction's parcels supplied under this plan plus
 * those not yet supplied (no contract, no supply method). When plan versions carry their own
 * parcel schedule, `planParcels` reads that instead.
 */
import { planCategories } from '../domain/classification/index.js';
import { marginal, type MethodGroup } from '../domain/plan/cube.js';
import type { ParcelGeometry } from '../domain/parcel.js';
import { planCategoryOfUse, planRowFor } from '../domain/supply.js';
import { supplyMethod } from '../domain/supply-method.js';
import type { Db } from '../store/database.js';
import { getPlanVersion, type PlanVersion } from '../store/repos/plans.js';
import { getJurisdiction } from '../store/repos/jurisdictions.js';
import { e4ToArea, toBigInt } from '../store/units.js';
import type { DocumentMeta, DocumentStatus, MapLayerFeature, ReportInput, ReportParcel } from '../reports/index.js';
import { ruleSetOfVersion } from './record-supply.js';
import { DEMO_SOURCE } from './dashboard-parcels.js';
import { demoLayers } from './demo-county.js';

export const DEMO_PARCEL_NOTE = '宗地及图层为演示数据（合成），非实测';

function methodGroupOf(code: string | null): MethodGroup | undefined {
  if (!code) return undefined;
  const m = supplyMethod(code);
  if (!m) return undefined;
  if (m.code === '1') return 'allocation';
  if (m.grant) return 'grant';
  return ({ '4': 'lease', '5': 'capitalContribution', '6': 'authorizedOperation' } as const)[m.code as '4' | '5' | '6'];
}

export interface PlanParcels {
  readonly parcels: ReportParcel[];
  /** True when any of them comes from a demo import. */
  readonly demo: boolean;
}

/** The 宗地表 of a version (see the module note), in parcel-number order. */
export async function planParcels(db: Db, v: PlanVersion): Promise<PlanParcels> {
  const supplied = await db.selectFrom('supply_record').select(['parcel_id', 'quarter', 'area_e4']).where('plan_id', '=', v.planId).where('parcel_id', 'is not', null).execute();
  const quarterOf = new Map<number, number>();
  const net = new Map<number, bigint>();
  for (const s of supplied) {
    const id = Number(s.parcel_id);
    net.set(id, (net.get(id) ?? 0n) + toBigInt(s.area_e4));
    if (s.quarter !== null) quarterOf.set(id, Number(s.quarter));
  }
  const rows = await db
    .selectFrom('parcel as p')
    .leftJoin('parcel_import as i', 'i.id', 'p.import_id')
    .select(['p.id', 'p.parcel_number', 'p.project_name', 'p.location', 'p.district', 'p.area_e4', 'p.existing_land_area_e4', 'p.use_code', 'p.supply_method', 'p.contract_date', 'p.supervision_number', 'p.geometry_json', 'i.source'])
    .where('p.jurisdiction_code', '=', v.jurisdictionCode)
    .orderBy('p.parcel_number')
    .orderBy('p.id')
    .execute();
  const planRows = new Set(marginal(v.cube, 'category').keys());
  const all = planCategories();
  let demo = false;
  const parcels: ReportParcel[] = [];
  for (const r of rows) {
    const id = Number(r.id);
    const suppliedHere = (net.get(id) ?? 0n) > 0n;
    const available = r.contract_date === null && r.supply_method === null;
    if (!suppliedHere && !available) continue;
    if (r.area_e4 === null) continue;
    const use = r.use_code ? planCategoryOfUse('lu2023', r.use_code, all) : undefined;
    const category = (use && (planRowFor(use, planRows) ?? use)) ?? 'other';
    const area = e4ToArea(r.area_e4);
    const existing = r.existing_land_area_e4 === null ? undefined : e4ToArea(r.existing_land_area_e4);
    const method = methodGroupOf(r.supply_method);
    const quarter = quarterOf.get(id);
    if (r.source && DEMO_SOURCE.test(r.source)) demo = true;
    parcels.push({
      number: r.parcel_number ?? `#${id}`,
      category,
      area,
      ...(r.project_name ? { name: r.project_name } : {}),
      ...(r.location ? { location: r.location } : {}),
      ...(r.district ? { district: r.district } : {}),
      ...(method ? { method } : {}),
      ...(existing ? { newLand: area.minus(existing) } : {}),
      ...(quarter ? { quarter: quarter as 1 | 2 | 3 | 4 } : {}),
      ...(r.use_code ? { useCode: r.use_code } : {}),
      ...(r.supply_method ? { methodCode: r.supply_method } : {}),
      ...(r.supervision_number ? { supervisionNumber: r.supervision_number } : {}),
      geometry: r.geometry_json ? (JSON.parse(r.geometry_json) as ParcelGeometry) : null,
    });
  }
  return { parcels, demo };
}

/**
 * What the register knows today of a version as a document: its state, its number in the plan and,
 * for an adjusted version, the reason. The plan lifecycle adds 文号, dates and the issuing
 * authority; `overrides` (the CLI's --authority, --doc-number, --date) win.
 */
export async function documentMeta(db: Db, v: PlanVersion, overrides: Partial<DocumentMeta> = {}): Promise<DocumentMeta> {
  const adj = await db.selectFrom('adjustment').select(['reason']).where('to_version_id', '=', v.id).executeTakeFirst();
  return { status: v.status as DocumentStatus, versionSeq: v.seq, ...(adj ? { adjustmentReason: adj.reason } : {}), ...overrides };
}

export interface ExportContext {
  /**
   * Map layers beyond the register's districts (城镇开发边界, 永久基本农田, 生态保护红线) for a
   * jurisdiction; `demo` says whether its parcels are demonstration data.
   */
  readonly layers?: (j: { code: string; demo: boolean }) => Promise<readonly MapLayerFeature[]> | readonly MapLayerFeature[];
  readonly meta?: Partial<DocumentMeta>;
}

export class ExportNotFound extends Error {
  constructor(readonly versionId: number) {
    super(`计划版本 ${versionId} 不存在 / plan version ${versionId} does not exist`);
    this.name = 'ExportNotFound';
  }
}

/** The report input of a version: plan data, parcels, document meta, rule set and map layers. */
export async function reportInput(db: Db, versionId: number, ctx: ExportContext = {}): Promise<{ input: ReportInput; version: PlanVersion }> {
  const v = await getPlanVersion(db, versionId);
  if (!v) throw new ExportNotFound(versionId);
  const j = await getJurisdiction(db, v.jurisdictionCode);
  const plan = await db.selectFrom('plan').select(['name']).where('id', '=', v.planId).executeTakeFirst();
  const { parcels, demo } = await planParcels(db, v);
  const districtRows = await db.selectFrom('district').select(['code', 'name', 'geometry_json']).where('jurisdiction_code', '=', v.jurisdictionCode).orderBy('code').execute();
  const districts = v.cube.districts.length ? v.cube.districts : districtRows.map((d) => ({ id: d.code, name: d.name }));
  const layers: MapLayerFeature[] = districtRows.filter((d) => d.geometry_json).map((d) => ({ layer: 'district', name: d.name, geometry: JSON.parse(d.geometry_json!) as ParcelGeometry }));
  if (ctx.layers) layers.push(...(await ctx.layers({ code: v.jurisdictionCode, demo })).filter((l) => l.layer !== 'district' || layers.length === 0));
  const input: ReportInput = {
    plan: { region: j?.name ?? v.jurisdictionCode, year: v.year, ...(plan?.name ? { title: plan.name } : {}), cube: { ...v.cube, districts }, parcels },
    meta: await documentMeta(db, v, ctx.meta),
    ruleSet: ruleSetOfVersion(v.ruleSet, v.year),
    layers,
    ...(districts.length && !v.cube.dimensions.includes('district') ? { layoutDistricts: districts.map((d) => d.name) } : {}),
    ...(demo ? { parcelNote: DEMO_PARCEL_NOTE } : {}),
  };
  return { input, version: v };
}

/** The demo county's synthetic layers, for a jurisdiction whose parcels are the demo's. */
export function demoMapLayers(j: { demo: boolean }): MapLayerFeature[] {
  if (!j.demo) return [];
  return demoLayers()
    .features.filter((f) => f.properties.layer !== 'district')
    .map((f) => ({ layer: f.properties.layer as MapLayerFeature['layer'], name: f.properties.name, geometry: f.geometry }));
}
