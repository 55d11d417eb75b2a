/**
 * One supply decision, one transaction: its parcel (with the supply id, unique per jurisdiction),
 * every ledger debit of the supply (新增 and 存量 parts) linked to that parcel, and the audit-log
 * entries are written together or not at all, on both databases. A crash at any point (even
 * SIGKILL) leaves either the whole supply or nothing of it.
 *
 * Idempotency: the parcel's supply id is unique per jurisdiction (migration 3). A supply id that
 * is already registered is not written again; the caller gets the existing parcel and records
 * (`{existing}`) and decides whether the retry is the same supply. Two concurrent posts of one id:
 * one commits, the other sees it (SQLite's write lock, PostgreSQL's unique index).
 */
import { sql } from 'kysely';
import type { Db, Store } from './database.js';
import { appendAudit, appendAuditNative, type AuditInput } from './audit-log.js';
import { InputError } from './errors.js';
import { prepareSupply, type PreparedSupply } from './ledger.js';
import type { IndicatorImpact, Refusal, SupplyInput, SupplyOutcome } from './ledger-core.js';
import { recordSupplyPostgres } from './ledger-postgres.js';
import { recordSupplySqlite } from './ledger-sqlite.js';
import { requireJurisdiction } from './repos/jurisdictions.js';
import { parcelRow, type NewParcel } from './repos/parcels.js';

export interface SupplyPosting {
  /** The supply decision's id in the register (supply JSON `id`). */
  readonly supplyId: string;
  readonly jurisdictionCode: string;
  readonly parcel: NewParcel;
  /** The debits (each names the plan version it is recorded against); parcelId and supplyId are set here. */
  readonly debits: readonly Omit<SupplyInput, 'parcelId' | 'supplyId'>[];
  readonly actor: string;
}

/** A supply already registered under this id. */
export interface ExistingSupply {
  readonly parcelId: number;
  readonly recordIds: readonly number[];
  readonly planIds: readonly number[];
  readonly attributes: Readonly<Record<string, unknown>>;
}

export type PostingOutcome =
  | { readonly accepted: true; readonly parcelId: number; readonly records: readonly { readonly recordId: number; readonly impacts: readonly IndicatorImpact[] }[] }
  | { readonly accepted: false; readonly existing: ExistingSupply }
  | (Refusal & { readonly index: number });

/** Carries a refusal out of a transaction so it rolls back. */
class Refused extends Error {
  constructor(
    readonly outcome: Extract<PostingOutcome, { accepted: false }>,
  ) {
    super('refused');
  }
}

/** The supply registered under `supplyId` in a jurisdiction, if any. */
export async function findSupply(db: Db, jurisdictionCode: string, supplyId: string): Promise<ExistingSupply | undefined> {
  const p = await db.selectFrom('parcel').select(['id', 'attributes_json']).where('jurisdiction_code', '=', jurisdictionCode).where('supply_id', '=', supplyId).executeTakeFirst();
  if (!p) return undefined;
  const recs = await db.selectFrom('supply_record').select(['id', 'plan_id']).where('parcel_id', '=', Number(p.id)).where('reverses_id', 'is', null).orderBy('id').execute();
  return {
    parcelId: Number(p.id),
    recordIds: recs.map((r) => Number(r.id)),
    planIds: [...new Set(recs.map((r) => Number(r.plan_id)))],
    attributes: JSON.parse(p.attributes_json) as Record<string, unknown>,
  };
}

function parcelAudit(at: string, actor: string, parcelId: number, posting: SupplyPosting, recordIds: readonly number[]): AuditInput {
  return {
    at,
    actor,
    action: 'supply.parcel',
    entity: 'parcel',
    entityId: String(parcelId),
    after: { supplyId: posting.supplyId, jurisdictionCode: posting.jurisdictionCode, recordIds },
  };
}

function isUniqueViolation(e: unknown): boolean {
  const x = e as { code?: string; message?: string };
  return x?.code === '23505' || x?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed: parcel\./.test(x?.message ?? '');
}

/**
 * Writes the supply's parcel, its debits and their audit entries in one transaction, or nothing.
 * Refusals (a binding cap, a superseded version, a category not in the plan) and an already
 * registered supply id come back as values; malformed input throws InputError naming the field.
 */
export async function postSupplyWithParcel(store: Store, posting: SupplyPosting): Promise<PostingOutcome> {
  if (!posting.supplyId.trim()) throw new InputError('supplyId', '缺少供地编号', 'the supply id is missing');
  if (posting.debits.length === 0) throw new InputError('debits', '供地没有可记账的面积', 'the supply has nothing to debit');
  const prepared: PreparedSupply[] = [];
  for (const [i, d] of posting.debits.entries()) {
    let p: PreparedSupply | Refusal;
    try {
      p = await prepareSupply(store, { ...d, supplyId: posting.supplyId });
    } catch (e) {
      if (e instanceof InputError) throw new InputError(`supplies[${i}].${e.field}`, e.zh, e.en);
      throw e;
    }
    if ('accepted' in p) return { ...p, index: i };
    prepared.push(p);
  }
  const refuse = (i: number, out: SupplyOutcome): { recordId: number; impacts: readonly IndicatorImpact[] } => {
    if (!out.accepted) throw new Refused({ ...out, index: i });
    return { recordId: out.recordId, impacts: out.impacts };
  };
  try {
    if (store.sqliteWriteNative) return await postSqlite(store, posting, prepared, refuse);
    return await postPostgres(store, posting, prepared, refuse);
  } catch (e) {
    if (e instanceof Refused) return e.outcome;
    if (isUniqueViolation(e)) {
      const existing = await findSupply(store.db, posting.jurisdictionCode, posting.supplyId);
      if (existing) return { accepted: false, existing };
    }
    throw e;
  }
}

type Accept = (i: number, out: SupplyOutcome) => { recordId: number; impacts: readonly IndicatorImpact[] };

/** The record's audit entry names the parcel it is linked to. */
function withParcel(p: PreparedSupply, parcelId: number): PreparedSupply['audit'] {
  return (recordId, at, impacts) => {
    const a = p.audit(recordId, at, impacts);
    return { ...a, after: { ...(a.after as Record<string, unknown>), parcelId, supplyId: p.row.supply_id } };
  };
}

type Native = import('better-sqlite3').Database;

function insertNative(native: Native, table: string, row: Record<string, unknown>): number {
  const cols = Object.keys(row).filter((k) => row[k] !== undefined);
  const stmt = native.prepare(`insert into ${table} (${cols.join(', ')}) values (${cols.map((c) => `@${c}`).join(', ')})`);
  return Number(stmt.run(Object.fromEntries(cols.map((c) => [c, row[c]]))).lastInsertRowid);
}

async function postSqlite(store: Store, posting: SupplyPosting, prepared: readonly PreparedSupply[], accept: Accept): Promise<PostingOutcome> {
  // Validate the parcel before taking the write lock (it needs no database).
  const now = store.now();
  const j = await requireJurisdiction(store.db, posting.jurisdictionCode, 'jurisdictionCode');
  const row = parcelRow(posting.parcel, j.code, null, now, 'parcel');
  return store.sqliteWriteNative!((native) => {
    const existing = native.prepare('select id from parcel where jurisdiction_code = ? and supply_id = ?').get(j.code, posting.supplyId) as { id: number } | undefined;
    if (existing) throw Object.assign(new Error('UNIQUE constraint failed: parcel.supply_id'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
    const importId = insertNative(native, 'parcel_import', { jurisdiction_code: j.code, source: `record-supply ${posting.supplyId}`, parcel_count: 1, created_at: now, created_by: posting.actor });
    const parcelId = insertNative(native, 'parcel', { ...row, import_id: importId, supply_id: posting.supplyId });
    const records = prepared.map((p, i) => accept(i, recordSupplySqlite(native, store.now, p.info, p.matched, p.e4, { ...p.row, parcel_id: parcelId }, withParcel(p, parcelId))));
    appendAuditNative(native, parcelAudit(now, posting.actor, parcelId, posting, records.map((r) => r.recordId)));
    return { accepted: true as const, parcelId, records };
  });
}

async function postPostgres(store: Store, posting: SupplyPosting, prepared: readonly PreparedSupply[], accept: Accept): Promise<PostingOutcome> {
  const now = store.now();
  // Lock every version involved up front, in id order (plan_version before audit_head, as everywhere).
  const versions = [...new Set(prepared.map((p) => p.row.plan_version_id as number))].sort((a, b) => a - b);
  return store.write(async (tx) => {
    for (const v of versions) await sql`select id from plan_version where id = ${v} for update`.execute(tx);
    const j = await requireJurisdiction(tx, posting.jurisdictionCode, 'jurisdictionCode');
    const row = parcelRow(posting.parcel, j.code, null, now, 'parcel');
    const imp = await tx
      .insertInto('parcel_import')
      .values({ jurisdiction_code: j.code, source: `record-supply ${posting.supplyId}`, parcel_count: 1, created_at: now, created_by: posting.actor })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A concurrent post of the same supply id waits here on the unique index, then fails with 23505.
    const p = await tx.insertInto('parcel').values({ ...row, import_id: Number(imp.id), supply_id: posting.supplyId }).returning('id').executeTakeFirstOrThrow();
    const parcelId = Number(p.id);
    const records: { recordId: number; impacts: readonly IndicatorImpact[] }[] = [];
    for (const [i, x] of prepared.entries()) records.push(accept(i, await recordSupplyPostgres(tx, store.now, x.info, x.matched, x.e4, { ...x.row, parcel_id: parcelId }, withParcel(x, parcelId))));
    await appendAudit(tx, store.dialect, parcelAudit(now, posting.actor, parcelId, posting, records.map((r) => r.recordId)));
    return { accepted: true as const, parcelId, records };
  });
}
