/**
 * Parcel read model for the app's table and map: filters by district, plan category (via the
 * 土地用途 code), status and text, with a count; GeoJSON features in CGCS2000. The status of a
 * parcel with a journal is what its path says (domain/pipeline/steps.ts executionStatusOf, from
 * pipeline_parcel.last_step), so the list, the map and the pipeline never disagree; a parcel
 * imported with its supply results and no journal keeps what its own fields say:
 *   completed (实际竣工) · started (实际开工) · supplied (合同签订 or a 供地方式) · available.
 */
import { sql, type ExpressionBuilder, type Selectable, type SelectQueryBuilder } from 'kysely';
import { planCategories, planCategory } from '../../domain/classification/index.js';
import { planCategoryOfUse, planRowFor } from '../../domain/supply.js';
import { supplyMethod } from '../../domain/supply-method.js';
import { EXECUTION_STATUS_STEPS, executionStatusOf } from '../../domain/pipeline/steps.js';
import type { StepKind } from '../../domain/pipeline/steps.js';
import type { Db } from '../database.js';
import { auditHeadSeq } from '../audit-log.js';
import type { Database, ParcelTable } from '../schema.js';
import { e4ToArea } from '../units.js';

export type ParcelStatus = 'available' | 'supplied' | 'started' | 'completed';

export interface ParcelFilter {
  /** Only parcels of these jurisdictions ('all': no restriction); the caller's read scope. */
  readonly jurisdictions?: 'all' | readonly string[];
  readonly district?: string;
  readonly category?: string;
  readonly status?: ParcelStatus;
  readonly q?: string;
  readonly bbox?: readonly [number, number, number, number];
}

export interface ParcelListItem {
  readonly id: number;
  readonly jurisdictionCode: string;
  readonly parcelNumber: string | null;
  readonly projectName: string | null;
  readonly location: string | null;
  readonly district: string | null;
  readonly areaHa: string | null;
  readonly useCode: string | null;
  readonly category: string | null;
  readonly categoryName: { zh: string; en: string } | null;
  readonly supplyMethod: string | null;
  readonly supplyMethodName: { zh: string; en: string } | null;
  readonly status: ParcelStatus;
  readonly contractDate: string | null;
  readonly demo: boolean;
  /** GeoJSON text as stored (not re-parsed). */
  readonly geometryJson: string | null;
}

/** An import is demo data when its source says so ("demo …" / "演示…"). */
export const DEMO_SOURCE = /^(demo|演示)/i;

type Q = SelectQueryBuilder<Database, 'parcel', object>;

/**
 * The plan category a use code falls in. Codes are read as 用地用海分类 2023, the scheme the rules
 * engine reads parcels with (domain/rules/supply-parcel).
 */
export function categoryOfUse(code: string | null): string | null {
  if (!code) return null;
  return planCategoryOfUse('lu2023', code, planCategories()) ?? null;
}

/** use_code prefixes of a category, minus those of more specific categories nested in them. */
function categoryPrefixes(category: string): { include: string[]; exclude: string[] } | undefined {
  const c = planCategory(category);
  if (!c) return undefined;
  const include = [...c.lu2023];
  const exclude = planCategories()
    .filter((o) => o.id !== c.id && planRowFor(o.id, new Set([c.id])) !== c.id)
    .flatMap((o) => o.lu2023)
    .filter((code) => include.some((p) => code.length > p.length && code.startsWith(p)));
  return { include, exclude };
}

function names(useCode: string | null, method: string | null) {
  const category = categoryOfUse(useCode);
  const c = category ? planCategory(category) : undefined;
  const m = method ? supplyMethod(method) : undefined;
  return { category, categoryName: c ? { zh: c.zh, en: c.en } : null, supplyMethodName: m ? { zh: m.zh, en: m.en } : null };
}

function like(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}

/** The status as the parcel's journal gives it, when it has one; else as its own fields say. */
function statusWhere(eb: ExpressionBuilder<Database, 'parcel'>, s: ParcelStatus) {
  const journal = eb.exists(eb.selectFrom('pipeline_parcel').select('pipeline_parcel.parcel_id').whereRef('pipeline_parcel.parcel_id', '=', 'parcel.id'));
  const steps = s === 'available' ? Object.values(EXECUTION_STATUS_STEPS).flat() : [...EXECUTION_STATUS_STEPS[s]];
  const reached = eb.exists(eb.selectFrom('pipeline_parcel').select('pipeline_parcel.parcel_id').whereRef('pipeline_parcel.parcel_id', '=', 'parcel.id').where('pipeline_parcel.last_step', 'in', steps));
  return eb.or([eb.and([journal, s === 'available' ? eb.not(reached) : reached]), eb.and([eb.not(journal), fieldStatusWhere(eb, s)])]);
}

function fieldStatusWhere(eb: ExpressionBuilder<Database, 'parcel'>, s: ParcelStatus) {
  switch (s) {
    case 'completed':
      return eb('actual_completion_date', 'is not', null);
    case 'started':
      return eb.and([eb('actual_start_date', 'is not', null), eb('actual_completion_date', 'is', null)]);
    case 'supplied':
      return eb.and([eb.or([eb('contract_date', 'is not', null), eb('supply_method', 'is not', null)]), eb('actual_start_date', 'is', null), eb('actual_completion_date', 'is', null)]);
    case 'available':
      return eb.and([eb('contract_date', 'is', null), eb('supply_method', 'is', null), eb('actual_start_date', 'is', null), eb('actual_completion_date', 'is', null)]);
  }
}

function applyFilter(q: Q, f: ParcelFilter, extent?: { w: number; h: number }): Q {
  if (f.jurisdictions !== undefined && f.jurisdictions !== 'all') {
    if (f.jurisdictions.length === 0) return q.where(sql<boolean>`1 = 0`);
    q = q.where('jurisdiction_code', 'in', [...f.jurisdictions]);
  }
  if (f.district !== undefined) q = q.where('district', '=', f.district);
  if (f.category !== undefined) {
    const p = categoryPrefixes(f.category);
    if (!p) return q.where(sql<boolean>`1 = 0`);
    const inc = p.include;
    q = q.where((eb) => eb.or(inc.map((x) => eb('use_code', 'like', `${like(x)}%`))));
    for (const x of p.exclude) q = q.where('use_code', 'not like', `${like(x)}%`);
  }
  if (f.status !== undefined) {
    const s = f.status;
    q = q.where((eb) => statusWhere(eb, s));
  }
  if (f.q !== undefined && f.q.trim() !== '') {
    const pattern = `%${like(f.q.trim())}%`;
    q = q.where((eb) => eb.or([eb('parcel_number', 'like', pattern), eb('project_name', 'like', pattern)]));
  }
  if (f.bbox) {
    const [x0, y0, x1, y1] = f.bbox;
    q = q.where('max_x', '>=', x0).where('min_x', '<=', x1).where('max_y', '>=', y0).where('min_y', '<=', y1);
    if (extent) q = q.where('min_x', '>=', x0 - extent.w).where('min_y', '>=', y0 - extent.h);
  }
  return q;
}

/** `journal`: the parcel's furthest step when it has a journal (null: a journal without a step yet). */
function statusOf(r: { actual_completion_date: string | null; actual_start_date: string | null; contract_date: string | null; supply_method: string | null }, journal: { lastStep: string | null } | undefined): ParcelStatus {
  if (journal) return executionStatusOf(journal.lastStep as StepKind | null);
  if (r.actual_completion_date) return 'completed';
  if (r.actual_start_date) return 'started';
  if (r.contract_date || r.supply_method) return 'supplied';
  return 'available';
}

async function demoImports(db: Db): Promise<Set<number>> {
  const rows = await db.selectFrom('parcel_import').select(['id', 'source']).execute();
  return new Set(rows.filter((r) => DEMO_SOURCE.test(r.source)).map((r) => Number(r.id)));
}

// Counting a filter over 100 000 parcels scans them; parcels are only ever added, so a count
// holds until the largest parcel id (and, filtering by status, the audit head) changes.
const countsByDb = new WeakMap<Db, Map<string, { stamp: string; n: number }>>();
async function countParcelsWhere(db: Db, f: ParcelFilter, extent?: { w: number; h: number }): Promise<number> {
  const key = JSON.stringify(f);
  let counts = countsByDb.get(db);
  if (!counts) countsByDb.set(db, (counts = new Map()));
  const top = await db.selectFrom('parcel').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow();
  // A status filter follows the journals too: the count holds until the next write (the audit
  // head grows in commit order; the journal's highest id may be committed before a lower one).
  const stamp = `${Number(top.m ?? 0)}|${f.status !== undefined ? await auditHeadSeq(db) : ''}`;
  const hit = counts.get(key);
  if (hit && hit.stamp === stamp) return hit.n;
  const r = await applyFilter(db.selectFrom('parcel'), f, extent).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  const n = Number(r.n);
  if (counts.size > 1000) counts.clear();
  counts.set(key, { stamp, n });
  return n;
}

/**
 * Largest parcel extent in each axis, so a bbox query can bound min_x and min_y from both sides
 * and walk a narrow range of the (min_x, max_x, min_y, max_y) index instead of half the table.
 */
const extents = new WeakMap<Db, { maxId: number; w: number; h: number }>();
async function maxExtent(db: Db): Promise<{ w: number; h: number }> {
  const top = await db.selectFrom('parcel').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow();
  const maxId = Number(top.m ?? 0);
  const hit = extents.get(db);
  if (hit && hit.maxId === maxId) return hit;
  const r = await db
    .selectFrom('parcel')
    .select([sql<number | null>`max(max_x - min_x)`.as('w'), sql<number | null>`max(max_y - min_y)`.as('h')])
    .executeTakeFirstOrThrow();
  const e = { maxId, w: Number(r.w ?? 0), h: Number(r.h ?? 0) };
  extents.set(db, e);
  return e;
}

export async function queryParcels(
  db: Db,
  f: ParcelFilter,
  page: { limit: number; offset: number; geometry: boolean },
): Promise<{ total: number; items: ParcelListItem[] }> {
  const extent = f.bbox ? await maxExtent(db) : undefined;
  const q = applyFilter(db.selectFrom('parcel'), f, extent);
  // Ids first, in register order (宗地编号 within jurisdiction): the (jurisdiction_code,
  // parcel_number) index gives that order and a deep page walks the index, not the rows.
  const idRows = await q.select('id').orderBy('jurisdiction_code').orderBy('parcel_number').orderBy('id').limit(page.limit).offset(page.offset).execute();
  const ids = idRows.map((r) => Number(r.id));
  const cols = [
    'id', 'jurisdiction_code', 'parcel_number', 'project_name', 'location', 'district', 'area_e4', 'use_code', 'supply_method', 'contract_date',
    'actual_start_date', 'actual_completion_date', 'import_id',
  ] as const;
  const [rows, total, demo, journals] = await Promise.all([
    ids.length === 0 ? Promise.resolve([]) : db.selectFrom('parcel').select(cols).$if(page.geometry, (x) => x.select('geometry_json')).where('id', 'in', ids).execute(),
    countParcelsWhere(db, f, extent),
    demoImports(db),
    journalSteps(db, ids),
  ]);
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return {
    total,
    items: ids
      .map((id) => byId.get(id))
      .filter((r): r is NonNullable<typeof r> => r !== undefined)
      .map((r) => listItem(r, demo, journals.get(Number(r.id)))),
  };
}

/** The furthest step of each of these parcels that has a journal. */
async function journalSteps(db: Db, ids: readonly number[]): Promise<Map<number, { lastStep: string | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('pipeline_parcel').select(['parcel_id', 'last_step']).where('parcel_id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [Number(r.parcel_id), { lastStep: r.last_step }]));
}

type ListRow = Pick<
  Selectable<ParcelTable>,
  'id' | 'jurisdiction_code' | 'parcel_number' | 'project_name' | 'location' | 'district' | 'area_e4' | 'use_code' | 'supply_method' | 'contract_date' | 'actual_start_date' | 'actual_completion_date' | 'import_id'
> & { geometry_json?: string | null };

function listItem(r: ListRow, demoImportIds: ReadonlySet<number>, journal: { lastStep: string | null } | undefined): ParcelListItem {
  return {
    id: Number(r.id),
    jurisdictionCode: r.jurisdiction_code,
    parcelNumber: r.parcel_number,
    projectName: r.project_name,
    location: r.location,
    district: r.district,
    areaHa: r.area_e4 === null ? null : e4ToArea(r.area_e4).hectares.toFixed(),
    useCode: r.use_code,
    ...names(r.use_code, r.supply_method),
    supplyMethod: r.supply_method,
    status: statusOf(r, journal),
    contractDate: r.contract_date,
    demo: r.import_id !== null && demoImportIds.has(Number(r.import_id)),
    geometryJson: r.geometry_json ?? null,
  };
}

export async function parcelById(db: Db, id: number): Promise<ParcelListItem | undefined> {
  const row = await db.selectFrom('parcel').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? listItem(row, await demoImports(db), (await journalSteps(db, [id])).get(id)) : undefined;
}
