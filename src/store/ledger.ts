/**
 * The quota ledger (ARCHITECTURE decision 5). Plan indicators are credits; a supply record is a
 * debit on every indicator whose key it matches (the total, its category, category × district,
 * method and source marginals …). A binding indicator — and the plan total, always binding — can
 * never be exceeded: the check and the write happen in one transaction (`store.write`).
 *
 * Entries: the supply records themselves (signed areas; a reversal is a negative record). Records
 * are written only against the version in force (the latest approved or published one). The
 * records that count against an approved version v are the plan's records recorded against
 * versions ≤ v (approving an adjustment carries every earlier record into it, store/repos/
 * plan-lifecycle.ts); a version never approved carries none. `indicator.debited_e4` is a
 * materialised sum that makes the check one indexed read per indicator; `db verify` recomputes it
 * from the records.
 */
import { sql } from 'kysely';
import type { Area } from '../domain/area.js';
import { keyMatches, type CellKey } from '../domain/plan/cube.js';
import type { Db, Store } from './database.js';
import { appendAudit, type AuditInput } from './audit-log.js';
import { InputError } from './errors.js';
import {
  checkSupplyArea,
  checkSupplyKey,
  debitText,
  debitsOf,
  exceedRefusal,
  impact,
  keyColumns,
  keyOfRow,
  inForceOf,
  lockVersion,
  notInForce,
  post,
  versionInfo,
  type IndicatorImpact,
  type RecordRow,
  type Refusal,
  type SupplyInput,
  type SupplyKey,
  type SupplyOutcome,
  type VersionInfo,
} from './ledger-core.js';
import { recordSupplyPostgres } from './ledger-postgres.js';
import { recordSupplySqlite } from './ledger-sqlite.js';
import { checkDate, type IndicatorRow } from './repos/plans.js';
import { areaToE4, bindInt, e4ToArea, toBigInt } from './units.js';

export { checkSupplyArea, checkSupplyKey, clearLedgerCache, keyOfRow, type IndicatorImpact, type Refusal, type SupplyInput, type SupplyKey, type SupplyOutcome } from './ledger-core.js';

/**
 * Records one supply against the version in force of its plan, or refuses it. Refusals (would
 * exceed a binding indicator, a version not in force or superseded, category not in the plan) are returned, not
 * thrown, and write nothing. Malformed input throws InputError naming the field.
 */
export async function postDebit(store: Store, input: SupplyInput): Promise<SupplyOutcome> {
  const p = await prepareSupply(store, input);
  if ('accepted' in p) return p;
  try {
    if (store.sqliteWriteNative) return await store.sqliteWriteNative((native) => recordSupplySqlite(native, store.now, p.info, p.matched, p.e4, p.row, p.audit));
    return await store.write((tx) => recordSupplyPostgres(tx, store.now, p.info, p.matched, p.e4, p.row, p.audit));
  } catch (e) {
    throw parcelError(e, input, 'parcelId');
  }
}

/**
 * The only foreign key a caller can get wrong is the parcel: the database refuses it (checking it
 * ourselves would cost a read per supply); say so by field instead of passing a driver error on.
 */
function parcelError(e: unknown, input: SupplyInput, field: string): unknown {
  const msg = e instanceof Error ? e.message : '';
  if (input.parcelId !== undefined && /foreign key/i.test(msg)) {
    return new InputError(field, `宗地 ${input.parcelId} 不存在`, `parcel ${input.parcelId} does not exist`);
  }
  return e;
}

export interface PreparedSupply {
  readonly info: VersionInfo;
  readonly matched: readonly IndicatorRow[];
  readonly e4: bigint;
  readonly row: Record<string, string | number | null>;
  readonly audit: (recordId: number, now: string, impacts: readonly IndicatorImpact[]) => AuditInput;
}

/** Everything about a supply that needs no lock: validation, matching indicators, the row to write. */
export async function prepareSupply(store: Store, input: SupplyInput): Promise<PreparedSupply | Refusal> {
  const info = await versionInfo(store, store.db, input.planVersionId);
  if (!info) throw new InputError('planVersionId', `计划版本 ${input.planVersionId} 不存在`, `plan version ${input.planVersionId} does not exist`);
  const key = checkSupplyKey(input.key, info.dimensions, info.districts);
  const e4 = checkSupplyArea(input.area);
  checkDate(input.suppliedOn, 'suppliedOn');
  if (!info.categories.has(key.category!)) {
    return { accepted: false, reason: 'not-in-plan', message: { zh: `计划中没有用途类别 "${key.category}" 的指标`, en: `the plan has no indicator for category "${key.category}"` } };
  }
  const matched = info.indicators.filter((ind) => keyMatches(ind.key, key));
  const row = {
    plan_id: info.planId,
    plan_version_id: input.planVersionId,
    ...keyColumns(key),
    area_e4: bindInt(e4),
    parcel_id: input.parcelId ?? null,
    reverses_id: null,
    supplied_on: input.suppliedOn,
    recorded_at: '',
    recorded_by: input.actor,
    note: input.note ?? null,
    override_json: input.override ? JSON.stringify(input.override) : null,
    supply_id: input.supplyId ?? null,
  };
  const audit = (recordId: number, now: string, impacts: readonly IndicatorImpact[]): AuditInput => ({
    at: now,
    actor: input.actor,
    action: 'supply.record',
    entity: 'supply_record',
    entityId: String(recordId),
    before: Object.fromEntries(impacts.map((i) => [i.indicatorId, debitText(i, 'before')])),
    after: {
      planVersionId: input.planVersionId,
      key,
      area: input.area,
      suppliedOn: input.suppliedOn,
      parcelId: input.parcelId ?? null,
      override: input.override ?? null,
      debited: Object.fromEntries(impacts.map((i) => [i.indicatorId, debitText(i, 'after')])),
    },
  });
  return { info, matched, e4, row, audit };
}

/** Carries a refusal out of a transaction so the transaction rolls back. */
class BatchRefused extends Error {
  constructor(
    readonly index: number,
    readonly refusal: Refusal,
  ) {
    super(refusal.message.en);
  }
}

export type BatchOutcome =
  | { readonly accepted: true; readonly records: readonly { readonly recordId: number; readonly impacts: readonly IndicatorImpact[] }[] }
  | (Refusal & { readonly index: number });

/**
 * Records several supplies all or nothing, in one transaction: e.g. one parcel's 新增 and 存量
 * parts. Each is checked against the debits the earlier ones left; if any is refused nothing is
 * written and the refusal says which (`index`). Malformed input throws InputError naming
 * `supplies[i].field`.
 */
export async function postDebits(store: Store, inputs: readonly SupplyInput[]): Promise<BatchOutcome> {
  const prepared: PreparedSupply[] = [];
  for (const [i, input] of inputs.entries()) {
    let p: PreparedSupply | Refusal;
    try {
      p = await prepareSupply(store, input);
    } catch (e) {
      if (e instanceof InputError) throw new InputError(`supplies[${i}].${e.field}`, e.zh, e.en);
      throw e;
    }
    if ('accepted' in p) return { ...p, index: i };
    prepared.push(p);
  }
  const records: { recordId: number; impacts: readonly IndicatorImpact[] }[] = [];
  const accept = (i: number, out: SupplyOutcome): void => {
    if (!out.accepted) throw new BatchRefused(i, out);
    records.push({ recordId: out.recordId, impacts: out.impacts });
  };
  try {
    if (store.sqliteWriteNative) {
      await store.sqliteWriteNative((native) => prepared.forEach((p, i) => accept(i, recordSupplySqlite(native, store.now, p.info, p.matched, p.e4, p.row, p.audit))));
    } else {
      // Lock every version involved up front, in id order, so two batches cannot deadlock.
      const versions = [...new Set(prepared.map((p) => p.row.plan_version_id as number))].sort((a, b) => a - b);
      await store.write(async (tx) => {
        for (const v of versions) await sql`select id from plan_version where id = ${v} for update`.execute(tx);
        for (const [i, p] of prepared.entries()) accept(i, await recordSupplyPostgres(tx, store.now, p.info, p.matched, p.e4, p.row, p.audit));
      });
    }
  } catch (e) {
    if (e instanceof BatchRefused) return { ...e.refusal, index: e.index };
    const withParcel = inputs.findIndex((x) => x.parcelId !== undefined);
    throw withParcel >= 0 ? parcelError(e, inputs[withParcel]!, `supplies[${withParcel}].parcelId`) : e;
  }
  return { accepted: true, records };
}

/**
 * What recording this supply would do to each indicator it draws on, without writing: the
 * "what if" the rules engine and the UI show before a decision.
 */
export async function quotaImpactOf(store: Store, q: { planVersionId: number; key: SupplyKey; area: Area }): Promise<{ ok: boolean; impacts: IndicatorImpact[]; refusal?: Refusal }> {
  const info = await versionInfo(store, store.db, q.planVersionId);
  if (!info) throw new InputError('planVersionId', `计划版本 ${q.planVersionId} 不存在`, `plan version ${q.planVersionId} does not exist`);
  const key = checkSupplyKey(q.key, info.dimensions, info.districts);
  const e4 = checkSupplyArea(q.area);
  if (!info.categories.has(key.category!)) {
    return { ok: false, impacts: [], refusal: { accepted: false, reason: 'not-in-plan', message: { zh: `计划中没有用途类别 "${key.category}" 的指标`, en: `the plan has no indicator for category "${key.category}"` } } };
  }
  const matched = info.indicators.filter((ind) => keyMatches(ind.key, key));
  const before = await debitsOf(
    store.db,
    q.planVersionId,
    matched.map((m) => m.id),
  );
  const impacts = matched.map((m) => impact(m, before.get(m.id) ?? 0n, e4));
  const over = impacts.find((i) => i.exceeds && i.kind === 'binding');
  return over ? { ok: false, impacts, refusal: exceedRefusal(over) } : { ok: true, impacts };
}

export interface SupplyRecord {
  readonly id: number;
  readonly planId: number;
  readonly planVersionId: number;
  readonly key: SupplyKey;
  /** Signed: negative for a reversal. */
  readonly area: Area;
  readonly parcelId: number | null;
  readonly reversesId: number | null;
  readonly suppliedOn: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly note: string | null;
}

function toRecord(r: RecordRow): SupplyRecord {
  return {
    id: Number(r.id),
    planId: Number(r.plan_id),
    planVersionId: Number(r.plan_version_id),
    key: keyOfRow(r),
    area: e4ToArea(r.area_e4),
    parcelId: r.parcel_id === null ? null : Number(r.parcel_id),
    reversesId: r.reverses_id === null ? null : Number(r.reverses_id),
    suppliedOn: r.supplied_on,
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
    note: r.note,
  };
}

export async function getSupplyRecord(db: Db, id: number): Promise<SupplyRecord | undefined> {
  const r = await db.selectFrom('supply_record').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toRecord(r as RecordRow) : undefined;
}

export async function listSupplyRecords(db: Db, planId: number): Promise<SupplyRecord[]> {
  const rows = await db.selectFrom('supply_record').selectAll().where('plan_id', '=', planId).orderBy('id').execute();
  return rows.map((r) => toRecord(r as RecordRow));
}

/**
 * Reverses a record (a correction, as in double-entry bookkeeping): a new record with the negated
 * area posted to the current version. A record can be reversed once; a reversal cannot be reversed
 * (record the supply again instead).
 */
export async function reverseSupply(
  store: Store,
  input: { recordId: number; suppliedOn: string; reason: string; actor: string },
): Promise<{ accepted: true; recordId: number } | Refusal> {
  checkDate(input.suppliedOn, 'suppliedOn');
  if (!input.reason.trim()) throw new InputError('reason', '冲正须说明理由', 'a reversal needs a reason');
  const orig = await getSupplyRecord(store.db, input.recordId);
  if (!orig) throw new InputError('recordId', `供地记录 ${input.recordId} 不存在`, `supply record ${input.recordId} does not exist`);
  if (orig.reversesId !== null) throw new InputError('recordId', `记录 ${input.recordId} 本身是冲正记录`, `record ${input.recordId} is itself a reversal`);
  return store.write(async (tx) => {
    const current = await inForceOf(tx, orig.planId);
    if (!current) return notInForce(orig.planVersionId, null);
    await lockVersion(store, tx, current.id);
    const cur = await inForceOf(tx, orig.planId); // re-read after the lock: an approval may have committed
    if (!cur) return notInForce(orig.planVersionId, null);
    const info = (await versionInfo(store, tx, cur.id))!;
    const already = await tx.selectFrom('supply_record').select('id').where('reverses_id', '=', input.recordId).executeTakeFirst();
    if (already) throw new InputError('recordId', `记录 ${input.recordId} 已由记录 ${already.id} 冲正`, `record ${input.recordId} was already reversed by record ${already.id}`);
    const e4 = -areaToE4(orig.area, 'area');
    const key = orig.key as CellKey;
    const matched = info.indicators.filter((ind) => keyMatches(ind.key, key));
    const now = store.now();
    const rec = await tx
      .insertInto('supply_record')
      .values({
        plan_id: orig.planId,
        plan_version_id: cur.id,
        ...keyColumns(key),
        area_e4: bindInt(e4),
        parcel_id: orig.parcelId,
        reverses_id: orig.id,
        supplied_on: input.suppliedOn,
        recorded_at: now,
        recorded_by: input.actor,
        note: input.reason,
        override_json: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const recordId = Number(rec.id);
    await post(tx, cur.id, matched, e4);
    await appendAudit(tx, store.dialect, {
      at: now,
      actor: input.actor,
      action: 'supply.reverse',
      entity: 'supply_record',
      entityId: String(recordId),
      before: { recordId: orig.id, area: orig.area },
      after: { reverses: orig.id, area: e4ToArea(e4), planVersionId: cur.id, reason: input.reason },
    });
    return { accepted: true, recordId };
  });
}

export interface Balance {
  readonly indicatorId: string;
  readonly label: string;
  readonly kind: 'binding' | 'indicative';
  readonly key: CellKey;
  readonly cap: Area;
  readonly debited: Area;
  readonly remaining: Area;
}

/** Current balances of a version, from the materialised debits (verified by `verifyLedger`). */
export async function balances(db: Db, planVersionId: number): Promise<Balance[]> {
  const rows = await db.selectFrom('indicator').selectAll().where('plan_version_id', '=', planVersionId).execute();
  const out = rows.map((r) => {
    const cap = toBigInt(r.cap_e4);
    const deb = toBigInt(r.debited_e4);
    return { indicatorId: r.indicator_id, label: r.label, kind: r.kind as 'binding' | 'indicative', key: JSON.parse(r.key_json) as CellKey, cap: e4ToArea(cap), debited: e4ToArea(deb), remaining: e4ToArea(cap - deb) };
  });
  return out.sort((a, b) => (a.indicatorId === 'total' ? -1 : b.indicatorId === 'total' ? 1 : a.indicatorId < b.indicatorId ? -1 : a.indicatorId > b.indicatorId ? 1 : 0));
}
