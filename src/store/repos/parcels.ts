/**
 * Parcels (宗地) with the national supply-result fields (DOMAIN §7) and GeoJSON geometry plus bbox
 * columns. Rows map to `ParcelFields` domain values in both directions here and nowhere else.
 */
import { Dec } from '../../domain/decimal.js';
import type { ParcelFields, ParcelGeometry } from '../../domain/parcel.js';
import { isSupplyMethodCode, type SupplyMethodCode } from '../../domain/supply-method.js';
import { Area } from '../../domain/area.js';
import type { Db } from '../database.js';
import { InputError } from '../errors.js';
import { bboxOf } from '../geometry.js';
import type { ParcelTable } from '../schema.js';
import { areaToE4, bindInt, e4ToArea } from '../units.js';
import { SqliteAdapter, sql, type Insertable, type Selectable } from 'kysely';

export interface Parcel {
  readonly id: number;
  readonly jurisdictionCode: string;
  readonly importId: number | null;
  readonly fields: ParcelFields;
  readonly geometry: ParcelGeometry | null;
  readonly measuredAreaM2: number | null;
  readonly attributes: Readonly<Record<string, unknown>>;
}

export interface NewParcel {
  readonly fields: ParcelFields;
  readonly geometry: ParcelGeometry | null;
  readonly measuredAreaM2: number | null;
  readonly attributes: Readonly<Record<string, unknown>>;
}

const DATE_FIELDS = ['agreedDeliveryDate', 'agreedStartDate', 'agreedCompletionDate', 'actualStartDate', 'actualCompletionDate', 'contractDate'] as const;

function decText(v: Dec | undefined, field: string): string | null {
  if (v === undefined) return null;
  if (!(v instanceof Dec) || !v.isFinite()) throw new InputError(field, '不是有限数值', 'is not a finite number');
  return v.toFixed();
}

/**
 * Checks one parcel's fields and returns its row. `where` prefixes field names in messages
 * ("records[12]"), so a refusal names the record and the field.
 */
export function parcelRow(p: NewParcel, jurisdictionCode: string, importId: number | null, createdAt: string, where: string): Insertable<ParcelTable> {
  const f = p.fields;
  const area = (a: Area | undefined, name: string): number | null => {
    if (a === undefined) return null;
    const field = `${where}.${name}`;
    if (!(a instanceof Area)) throw new InputError(field, '面积不是数值', 'area is not a number');
    if (a.squareMetres.isNaN()) throw new InputError(field, '面积为 NaN', 'area is NaN');
    if (a.isNegative()) throw new InputError(field, `面积为负 (${a.squareMetres.toFixed()})`, `area is negative (${a.squareMetres.toFixed()})`);
    return bindInt(areaToE4(a, field));
  };
  const areaE4 = area(f.area, 'area');
  const existingE4 = area(f.existingLandArea, 'existingLandArea');
  if (areaE4 !== null && existingE4 !== null && existingE4 > areaE4) {
    throw new InputError(`${where}.existingLandArea`, '存量面积大于宗地面积', 'existing-land area exceeds the parcel area');
  }
  if (f.supplyMethod !== undefined && !isSupplyMethodCode(f.supplyMethod)) {
    throw new InputError(`${where}.supplyMethod`, `未知供地方式代码 "${f.supplyMethod}"`, `unknown supply method code "${f.supplyMethod}"`);
  }
  if (f.termYears !== undefined && (!Number.isInteger(f.termYears) || f.termYears <= 0 || f.termYears > 70)) {
    throw new InputError(`${where}.termYears`, `使用年限应为 1–70 的整数，实为 ${f.termYears}`, `term must be an integer 1–70, got ${f.termYears}`);
  }
  for (const d of DATE_FIELDS) {
    const v = f[d];
    if (v !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))) {
      throw new InputError(`${where}.${d}`, `日期应为 YYYY-MM-DD，实为 "${v}"`, `a date is YYYY-MM-DD, got "${v}"`);
    }
  }
  if (p.measuredAreaM2 !== null && !Number.isFinite(p.measuredAreaM2)) throw new InputError(`${where}.areaM2`, '量算面积不是有限数值', 'measured area is not finite');
  const bbox = p.geometry ? bboxOf(p.geometry) : null;
  return {
    jurisdiction_code: jurisdictionCode,
    import_id: importId,
    parcel_number: f.parcelNumber ?? null,
    supervision_number: f.supervisionNumber ?? null,
    project_name: f.projectName ?? null,
    location: f.location ?? null,
    district: f.district ?? null,
    area_e4: areaE4,
    existing_land_area_e4: existingE4,
    use_code: f.useCode ?? null,
    supply_method: f.supplyMethod ?? null,
    term_years: f.termYears ?? null,
    industry_code: f.industryCode ?? null,
    land_grade: f.landGrade ?? null,
    price_wan_yuan: decText(f.priceWanYuan, `${where}.priceWanYuan`),
    assignee: f.assignee ?? null,
    far_min: decText(f.farMin, `${where}.farMin`),
    far_max: decText(f.farMax, `${where}.farMax`),
    agreed_delivery_date: f.agreedDeliveryDate ?? null,
    agreed_start_date: f.agreedStartDate ?? null,
    agreed_completion_date: f.agreedCompletionDate ?? null,
    actual_start_date: f.actualStartDate ?? null,
    actual_completion_date: f.actualCompletionDate ?? null,
    contract_date: f.contractDate ?? null,
    approval_unit: f.approvalUnit ?? null,
    approval_number: f.approvalNumber ?? null,
    geometry_json: p.geometry ? JSON.stringify(p.geometry) : null,
    min_x: bbox?.minX ?? null,
    min_y: bbox?.minY ?? null,
    max_x: bbox?.maxX ?? null,
    max_y: bbox?.maxY ?? null,
    measured_area_m2: p.measuredAreaM2,
    attributes_json: JSON.stringify(p.attributes),
    created_at: createdAt,
  };
}

function toParcel(r: Selectable<ParcelTable>): Parcel {
  const f: Record<string, unknown> = {};
  const put = (k: keyof ParcelFields, v: unknown): void => {
    if (v !== null && v !== undefined) f[k] = v;
  };
  put('parcelNumber', r.parcel_number);
  put('supervisionNumber', r.supervision_number);
  put('projectName', r.project_name);
  put('location', r.location);
  put('district', r.district);
  if (r.area_e4 !== null) f.area = e4ToArea(r.area_e4);
  if (r.existing_land_area_e4 !== null) f.existingLandArea = e4ToArea(r.existing_land_area_e4);
  put('useCode', r.use_code);
  put('supplyMethod', r.supply_method as SupplyMethodCode | null);
  put('termYears', r.term_years === null ? null : Number(r.term_years));
  put('industryCode', r.industry_code);
  put('landGrade', r.land_grade);
  if (r.price_wan_yuan !== null) f.priceWanYuan = new Dec(r.price_wan_yuan);
  put('assignee', r.assignee);
  if (r.far_min !== null) f.farMin = new Dec(r.far_min);
  if (r.far_max !== null) f.farMax = new Dec(r.far_max);
  put('agreedDeliveryDate', r.agreed_delivery_date);
  put('agreedStartDate', r.agreed_start_date);
  put('agreedCompletionDate', r.agreed_completion_date);
  put('actualStartDate', r.actual_start_date);
  put('actualCompletionDate', r.actual_completion_date);
  put('contractDate', r.contract_date);
  put('approvalUnit', r.approval_unit);
  put('approvalNumber', r.approval_number);
  return {
    id: Number(r.id),
    jurisdictionCode: r.jurisdiction_code,
    importId: r.import_id === null ? null : Number(r.import_id),
    fields: f as ParcelFields,
    geometry: r.geometry_json === null ? null : (JSON.parse(r.geometry_json) as ParcelGeometry),
    measuredAreaM2: r.measured_area_m2,
    attributes: JSON.parse(r.attributes_json) as Record<string, unknown>,
  };
}

const rtreeKnown = new WeakMap<object, boolean>();
async function hasRtree(db: Db): Promise<boolean> {
  const hit = rtreeKnown.get(db);
  if (hit !== undefined) return hit;
  // Only SQLite has sqlite_master (asking PostgreSQL would abort the caller's transaction).
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return false;
  const r = await sql<{ n: number }>`select count(*) as n from sqlite_master where name = 'parcel_rtree'`.execute(db);
  const has = Number(r.rows[0]?.n ?? 0) > 0;
  rtreeKnown.set(db, has);
  return has;
}

export async function getParcel(db: Db, id: number): Promise<Parcel | undefined> {
  const r = await db.selectFrom('parcel').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toParcel(r) : undefined;
}

export interface ParcelQuery {
  readonly jurisdictionCode?: string;
  readonly parcelNumber?: string;
  /** Parcels whose bbox intersects [minX, minY, maxX, maxY] (EPSG:4490 degrees). */
  readonly bbox?: readonly [number, number, number, number];
  readonly limit?: number;
  readonly offset?: number;
}

export async function listParcels(db: Db, q: ParcelQuery = {}): Promise<Parcel[]> {
  let query = db.selectFrom('parcel').selectAll().orderBy('id');
  if (q.jurisdictionCode !== undefined) query = query.where('jurisdiction_code', '=', q.jurisdictionCode);
  if (q.parcelNumber !== undefined) query = query.where('parcel_number', '=', q.parcelNumber);
  if (q.bbox) {
    const [x0, y0, x1, y1] = q.bbox;
    if (await hasRtree(db)) {
      // SQLite: the R*Tree (migration 2) answers the bbox test; the join keeps the row filters.
      query = query.where('id', 'in', sql<number>`(select id from parcel_rtree where max_x >= ${x0} and min_x <= ${x1} and max_y >= ${y0} and min_y <= ${y1})`);
    } else {
      query = query.where('max_x', '>=', x0).where('min_x', '<=', x1).where('max_y', '>=', y0).where('min_y', '<=', y1);
    }
  }
  query = query.limit(q.limit ?? 1000).offset(q.offset ?? 0);
  return (await query.execute()).map(toParcel);
}

export async function countParcels(db: Db, jurisdictionCode?: string): Promise<number> {
  let q = db.selectFrom('parcel').select((eb) => eb.fn.countAll<number>().as('n'));
  if (jurisdictionCode !== undefined) q = q.where('jurisdiction_code', '=', jurisdictionCode);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Ids of a jurisdiction's parcels that have an agreed start (the only ones on a post-supply clock). */
export async function parcelIdsWithAgreedStart(db: Db, jurisdictionCode: string): Promise<number[]> {
  const rows = await db.selectFrom('parcel').select('id').where('jurisdiction_code', '=', jurisdictionCode).where('agreed_start_date', 'is not', null).execute();
  return rows.map((r) => Number(r.id));
}

/** The first import batch with this source, if any. */
export async function findImportBySource(db: Db, source: string): Promise<{ id: number } | undefined> {
  const r = await db.selectFrom('parcel_import').select('id').where('source', '=', source).executeTakeFirst();
  return r ? { id: Number(r.id) } : undefined;
}

/** The lowest parcel id of an import batch (its parcels have consecutive ids from it). */
export async function firstParcelIdOfImport(db: Db, importId: number): Promise<number> {
  const r = await db.selectFrom('parcel').select('id').where('import_id', '=', importId).orderBy('id').limit(1).executeTakeFirstOrThrow();
  return Number(r.id);
}

/** Whether the register holds any plan, parcel, account or jurisdiction. */
export async function registerHoldsData(db: Db): Promise<boolean> {
  for (const t of ['plan', 'parcel', 'app_user', 'jurisdiction'] as const) {
    if (await db.selectFrom(t).select((eb) => eb.lit(1).as('x')).limit(1).executeTakeFirst()) return true;
  }
  return false;
}
