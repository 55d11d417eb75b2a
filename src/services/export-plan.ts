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
import { versionDocumentRecord, type VersionDocumentRecord } from '../store/repos/plan-document.js';
import type { Transition } from '../store/repos/plan-transitions.js';
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

/** States in which a version is an issued document: it carries the approval's 文号, 成文日期 and 版头. */
const ISSUED_STATES: readonly string[] = ['approved', 'published', 'closed'];
/** A version made from one in these states is an adjustment (调整); from any other, a revision. */
const ADJUSTED_FROM: readonly string[] = ['approved', 'published', 'closed'];

/** One line of user text as the document prints it: whitespace runs (newlines too) become one space. */
function oneLine(s: string | null | undefined): string | undefined {
  const t = s?.replace(/\s+/g, ' ').trim();
  return t ? t : undefined;
}

/**
 * A version's document metadata from its record (pure): the state; the consultation period (the
 * latest move into consultation); the approval's 文号 and date (成文日期) and the publication date
 * (the latest such moves); for an adjustment its reason; and the issuing authority of an issued
 * version. The plan is compiled by the county's 自然资源局 and approved by the county's 人民政府
 * (国土资发〔2010〕117号: 报同级人民政府批准); the approval's 文号 is the government's, so an approved,
 * published or closed version with that 文号 is issued as "<jurisdiction>人民政府" over it. A draft, a
 * consultation draft or a version under review is not an issued document: no 版头, no 署名.
 */
export function metaFromRecord(v: { status: string; seq: number }, r: VersionDocumentRecord | undefined, jurisdictionName: string | undefined): DocumentMeta {
  const latest = (to: string): Transition | undefined => r?.transitions.filter((t) => t.to === to).at(-1);
  const approval = latest('approved');
  const publication = latest('published');
  const consultation = latest('consultation');
  const adjustment =
    !!r && (r.transitions.some((t) => t.to === 'adjusting') || (r.basedOn !== null && ADJUSTED_FROM.includes(r.basedOn.status)) || r.decision !== null || r.journalAdjustmentReason !== null);
  const reason = adjustment ? oneLine(r?.changeReason) ?? oneLine(r?.journalAdjustmentReason) ?? '' : undefined;
  const issued = ISSUED_STATES.includes(v.status);
  const docNumber = issued ? oneLine(approval?.docNumber) : undefined;
  return {
    status: v.status as DocumentStatus,
    versionSeq: v.seq,
    ...(consultation?.date || consultation?.until ? { consultation: { ...(consultation.date ? { from: consultation.date } : {}), ...(consultation.until ? { until: consultation.until } : {}) } } : {}),
    ...(issued && approval?.date ? { signedOn: approval.date } : {}),
    ...(docNumber ? { documentNumber: docNumber } : {}),
    ...((v.status === 'published' || v.status === 'closed') && publication?.date ? { publishedOn: publication.date } : {}),
    // The 版头 and 署名 are the approving government's when the register knows its 文号; a version
    // recorded as approved without the move (an imported plan) names no authority (the CLI's --authority may).
    ...(docNumber && jurisdictionName ? { issuingAuthority: `${jurisdictionName}人民政府` } : {}),
    ...(reason !== undefined ? { adjustment: true, ...(reason ? { adjustmentReason: reason } : {}) } : {}),
  };
}

/** A version's document metadata from the register; `overrides` (the CLI's --authority, --doc-number, --date) win. */
export async function documentMeta(db: Db, v: PlanVersion, overrides: Partial<DocumentMeta> = {}, jurisdictionName?: string): Promise<DocumentMeta> {
  return { ...metaFromRecord(v, await versionDocumentRecord(db, v.id), jurisdictionName), ...overrides };
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
    meta: await documentMeta(db, v, ctx.meta, j?.name),
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
