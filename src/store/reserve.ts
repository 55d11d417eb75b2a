/**
 * Land-reserve projects (土地储备项目) and approval batches (农转用/征收 批次) with their parcels.
 * Written once, audited; a parcel joins a reserve project through its journal (`reserveAdmission`).
 */
import { Area } from '../domain/area.js';
import { appendAudit } from './audit-log.js';
import type { Db, Store } from './database.js';
import { InputError } from './errors.js';
import { areaToE4, bindInt, e4ToArea } from './units.js';

export interface ReserveProject {
  readonly id: number;
  readonly jurisdictionCode: string;
  readonly code: string;
  readonly name: string;
  readonly approvalRef: string | null;
  readonly createdAt: string;
}

export async function createReserveProject(store: Store, p: { jurisdictionCode: string; code: string; name: string; approvalRef?: string; actor: string }): Promise<ReserveProject> {
  return store.write(async (tx) => {
    const dup = await tx.selectFrom('reserve_project').select('id').where('jurisdiction_code', '=', p.jurisdictionCode).where('code', '=', p.code).executeTakeFirst();
    if (dup) throw new InputError('code', `储备项目编号 ${p.code} 已存在`, `reserve project ${p.code} already exists`);
    const at = store.now();
    const row = { jurisdiction_code: p.jurisdictionCode, code: p.code, name: p.name, approval_ref: p.approvalRef ?? null, created_at: at, created_by: p.actor };
    const { id } = await tx.insertInto('reserve_project').values(row).returning('id').executeTakeFirstOrThrow();
    await appendAudit(tx, store.dialect, { at, actor: p.actor, action: 'reserve.project.create', entity: 'reserve_project', entityId: String(id), after: row });
    return { id: Number(id), jurisdictionCode: p.jurisdictionCode, code: p.code, name: p.name, approvalRef: p.approvalRef ?? null, createdAt: at };
  });
}

export async function listReserveProjects(db: Db, jurisdictionCode: string): Promise<ReserveProject[]> {
  const rows = await db.selectFrom('reserve_project').selectAll().where('jurisdiction_code', '=', jurisdictionCode).orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), jurisdictionCode: r.jurisdiction_code, code: r.code, name: r.name, approvalRef: r.approval_ref, createdAt: r.created_at }));
}

export async function getReserveProject(db: Db, id: number): Promise<ReserveProject | undefined> {
  const r = await db.selectFrom('reserve_project').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? { id: Number(r.id), jurisdictionCode: r.jurisdiction_code, code: r.code, name: r.name, approvalRef: r.approval_ref, createdAt: r.created_at } : undefined;
}

import type { BatchKind } from '../domain/pipeline/report.js';
export type { BatchKind };

export interface ApprovalBatch {
  readonly id: number;
  readonly jurisdictionCode: string;
  readonly batchNo: string;
  readonly kind: BatchKind;
  readonly approvedOn: string;
  readonly approvalRef: string;
  readonly area: Area;
  readonly parcels: readonly { readonly parcelId: number; readonly area: Area }[];
}

export async function createApprovalBatch(store: Store, b: { jurisdictionCode: string; batchNo: string; kind: BatchKind; approvedOn: string; approvalRef: string; area: Area; parcels: readonly { parcelId: number; area: Area }[]; actor: string }): Promise<number> {
  return store.write(async (tx) => {
    const at = store.now();
    const areaE4 = bindInt(areaToE4(b.area, 'area'));
    let sum = 0;
    const links = b.parcels.map((p, i) => {
      const e4 = bindInt(areaToE4(p.area, `parcels[${i}].area`));
      sum += e4;
      return { parcel_id: p.parcelId, area_e4: e4 };
    });
    if (sum > areaE4) throw new InputError('parcels', '批次内宗地面积之和超过批准面积', 'the parcels exceed the approved area of the batch');
    const row = { jurisdiction_code: b.jurisdictionCode, batch_no: b.batchNo, kind: b.kind, approved_on: b.approvedOn, approval_ref: b.approvalRef, area_e4: areaE4, created_at: at, created_by: b.actor };
    const { id } = await tx.insertInto('approval_batch').values(row).returning('id').executeTakeFirstOrThrow();
    if (links.length) await tx.insertInto('approval_batch_parcel').values(links.map((l) => ({ ...l, batch_id: Number(id) }))).execute();
    await appendAudit(tx, store.dialect, { at, actor: b.actor, action: 'approval-batch.create', entity: 'approval_batch', entityId: String(id), after: { ...row, parcels: links } });
    return Number(id);
  });
}

export async function listApprovalBatches(db: Db, jurisdictionCode: string): Promise<ApprovalBatch[]> {
  const rows = await db.selectFrom('approval_batch').selectAll().where('jurisdiction_code', '=', jurisdictionCode).orderBy('id').execute();
  const links = rows.length ? await db.selectFrom('approval_batch_parcel').selectAll().where('batch_id', 'in', rows.map((r) => Number(r.id))).execute() : [];
  return rows.map((r) => ({
    id: Number(r.id),
    jurisdictionCode: r.jurisdiction_code,
    batchNo: r.batch_no,
    kind: r.kind as BatchKind,
    approvedOn: r.approved_on,
    approvalRef: r.approval_ref,
    area: e4ToArea(r.area_e4),
    parcels: links.filter((l) => Number(l.batch_id) === Number(r.id)).map((l) => ({ parcelId: Number(l.parcel_id), area: e4ToArea(l.area_e4) })),
  }));
}
