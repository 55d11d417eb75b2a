/** Districts (片区 / 区块) of a jurisdiction, with optional GeoJSON geometry and a bbox. */
import type { ParcelGeometry } from '../../domain/parcel.js';
import type { Db, Store } from '../database.js';
import { appendAudit } from '../audit-log.js';
import { InputError } from '../errors.js';
import { bboxOf } from '../geometry.js';
import { requireJurisdiction } from './jurisdictions.js';

export interface DistrictRecord {
  readonly jurisdictionCode: string;
  /** The id plan cubes use (CellKey.district). */
  readonly code: string;
  readonly name: string;
  readonly geometry: ParcelGeometry | null;
}

export async function listDistricts(db: Db, jurisdictionCode: string): Promise<DistrictRecord[]> {
  const rows = await db.selectFrom('district').selectAll().where('jurisdiction_code', '=', jurisdictionCode).orderBy('code').execute();
  return rows.map((r) => ({ jurisdictionCode: r.jurisdiction_code, code: r.code, name: r.name, geometry: r.geometry_json ? (JSON.parse(r.geometry_json) as ParcelGeometry) : null }));
}

/** Adds or updates a district; unchanged input writes nothing (idempotent loads). */
export async function upsertDistrict(store: Store, d: DistrictRecord, actor: string): Promise<void> {
  if (!d.code.trim()) throw new InputError('district.code', '片区代码为空', 'district code is empty');
  if (!d.name.trim()) throw new InputError('district.name', '片区名称为空', 'district name is empty');
  await store.write(async (tx) => {
    await requireJurisdiction(tx, d.jurisdictionCode, 'district.jurisdictionCode');
    const existing = (await listDistricts(tx, d.jurisdictionCode)).find((x) => x.code === d.code);
    if (existing && JSON.stringify(existing) === JSON.stringify(d)) return;
    const bbox = d.geometry ? bboxOf(d.geometry) : null;
    const row = {
      jurisdiction_code: d.jurisdictionCode,
      code: d.code,
      name: d.name,
      geometry_json: d.geometry ? JSON.stringify(d.geometry) : null,
      min_x: bbox?.minX ?? null,
      min_y: bbox?.minY ?? null,
      max_x: bbox?.maxX ?? null,
      max_y: bbox?.maxY ?? null,
    };
    if (existing) await tx.updateTable('district').set(row).where('jurisdiction_code', '=', d.jurisdictionCode).where('code', '=', d.code).execute();
    else await tx.insertInto('district').values(row).execute();
    await appendAudit(tx, store.dialect, {
      at: store.now(),
      actor,
      action: existing ? 'district.update' : 'district.create',
      entity: 'district',
      entityId: `${d.jurisdictionCode}/${d.code}`,
      before: existing ? { name: existing.name, hasGeometry: existing.geometry !== null } : undefined,
      after: { name: d.name, hasGeometry: d.geometry !== null },
    });
  });
}
