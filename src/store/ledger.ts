/**
 * The quota ledger (ARCHITECTURE decision 5). Plan indicators are credits; a supply record is a
 * debit on every indicator whose key it matches (the total, its category, category × district,
 * method and source marginals …). A binding indicator — and the plan total, always binding — can
 * never be exceeded: the check and the write happen in one transaction (`store.write`).
 *
 * Entries: the supply records themselves (signed areas; a reversal is a negative record). The
 * records that count against version v are the plan's records recorded against versions ≤ v (an
 * adjustment carries every earlier record into the new version). `indicator.debited_e4` is a
 * materialised sum that makes the check one indexed read per indicator; `db verify` recomputes it
 * from the records.
 */
import type { Bilingual } from '../domain/finding.js';
import type { Area } from '../domain/area.js';
import { keyMatches, type CellKey, type LandSource, type MethodGroup, type PlanCube } from '../domain/plan/cube.js';
import { planCategory } from '../domain/classification/index.js';
import type { Db, Store } from './database.js';
import { sql } from 'kysely';
import { appendAudit, appendAuditNative, auditRow, type AuditInput } from './audit-log.js';
import { cubeToJson } from './cube-json.js';
import { InputError } from './errors.js';
import { checkDate, indicatorRows, insertVersionTx, requireValidCube, type IndicatorRow, type PlanStatus, type PlanVersion, getPlanVersion } from './repos/plans.js';
import { areaToE4, bindInt, e4ToArea, toBigInt } from './units.js';

export interface SupplyKey {
  readonly category: string;
  readonly method?: MethodGroup;
  readonly source?: LandSource;
  readonly district?: string;
  readonly quarter?: 1 | 2 | 3 | 4;
  readonly housingType?: string;
}

export interface SupplyInput {
  readonly planVersionId: number;
  readonly key: SupplyKey;
  /** Positive area supplied. */
  readonly area: Area;
  /** Valid time: date of the supply decision, "YYYY-MM-DD". */
  readonly suppliedOn: string;
  readonly parcelId?: number;
  readonly note?: string;
  /** A rules-engine finding the caller chose to override, with who and why. Never lifts a binding cap. */
  readonly override?: { readonly reason: string; readonly by: string };
  readonly actor: string;
}

export interface IndicatorImpact {
  readonly indicatorId: string;
  readonly label: string;
  readonly kind: 'binding' | 'indicative';
  readonly cap: Area;
  readonly debitedBefore: Area;
  readonly debitedAfter: Area;
  /** cap − debitedAfter (negative when an indicative indicator is overrun). */
  readonly remainingAfter: Area;
  /** debitedAfter > cap. Refuses the supply only when kind is binding. */
  readonly exceeds: boolean;
}

export type Refusal =
  | { readonly accepted: false; readonly reason: 'exceeds-indicator'; readonly indicator: IndicatorImpact; readonly message: Bilingual }
  | { readonly accepted: false; readonly reason: 'version-superseded'; readonly currentVersionId: number; readonly message: Bilingual }
  | { readonly accepted: false; readonly reason: 'not-in-plan'; readonly message: Bilingual };

export type SupplyOutcome = { readonly accepted: true; readonly recordId: number; readonly impacts: readonly IndicatorImpact[] } | Refusal;

interface VersionInfo {
  readonly planId: number;
  readonly seq: number;
  readonly dimensions: readonly string[];
  readonly categories: ReadonlySet<string>;
  readonly indicators: readonly IndicatorRow[];
}

// Versions are immutable, so what we derive from one can be cached per store.
const versionCache = new WeakMap<Store, Map<number, VersionInfo>>();

/** Forget cached versions (after a restore replaces the database's content). */
export function clearLedgerCache(store: Store): void {
  versionCache.delete(store);
}

async function versionInfo(store: Store, db: Db, versionId: number): Promise<VersionInfo | undefined> {
  let m = versionCache.get(store);
  if (!m) versionCache.set(store, (m = new Map()));
  const hit = m.get(versionId);
  if (hit) return hit;
  const v = await getPlanVersion(db, versionId);
  if (!v) return undefined;
  const info = infoOf(v);
  m.set(versionId, info);
  return info;
}

function infoOf(v: PlanVersion): VersionInfo {
  return {
    planId: v.planId,
    seq: v.seq,
    // Every dimension some indicator is keyed by: a supply must name them all (checkSupplyKey).
    dimensions: [...new Set([...v.cube.dimensions, ...v.cube.marginals.flatMap((m) => Object.keys(m.key))])],
    categories: new Set(v.cube.cells.map((c) => c.key.category!).filter((c) => c !== undefined)),
    indicators: indicatorRows(v.cube),
  };
}

const METHODS: readonly MethodGroup[] = ['grant', 'allocation', 'lease', 'capitalContribution', 'authorizedOperation'];
const SOURCES: readonly LandSource[] = ['new', 'existing'];

/** The full key of a supply, refusing (InputError naming the field) what cannot be posted. */
export function checkSupplyKey(key: SupplyKey, dimensions: readonly string[]): CellKey {
  if (typeof key?.category !== 'string' || !planCategory(key.category)) {
    throw new InputError('key.category', `未知用途类别 "${String(key?.category)}"`, `unknown category "${String(key?.category)}"`);
  }
  if (key.method !== undefined && !METHODS.includes(key.method)) throw new InputError('key.method', `未知供应方式 "${key.method}"`, `unknown method "${key.method}"`);
  if (key.source !== undefined && !SOURCES.includes(key.source)) throw new InputError('key.source', `未知土地来源 "${key.source}"`, `unknown source "${key.source}"`);
  if (key.quarter !== undefined && ![1, 2, 3, 4].includes(key.quarter)) throw new InputError('key.quarter', '季度应为 1–4', 'quarter must be 1–4');
  // A supply must name every dimension the plan is broken down by; otherwise it would slip past
  // the finer (e.g. per-district) caps.
  for (const d of dimensions) {
    if ((key as unknown as Record<string, unknown>)[d] === undefined) throw new InputError(`key.${d}`, `计划按 ${d} 分解，供地记录必须给出 ${d}`, `the plan is broken down by ${d}; the supply must give its ${d}`);
  }
  return key;
}

export function checkSupplyArea(area: Area, field = 'area'): bigint {
  const e4 = areaToE4(area, field);
  if (e4 <= 0n) throw new InputError(field, `供地面积应为正数，实为 ${area.squareMetres.toFixed()} 平方米`, `supply area must be positive, got ${area.squareMetres.toFixed()} m²`);
  return e4;
}

function impact(ind: IndicatorRow, before: bigint, delta: bigint): IndicatorImpact {
  const after = before + delta;
  return {
    indicatorId: ind.id,
    label: ind.label,
    kind: ind.kind,
    cap: e4ToArea(ind.capE4),
    debitedBefore: e4ToArea(before),
    debitedAfter: e4ToArea(after),
    remainingAfter: e4ToArea(ind.capE4 - after),
    exceeds: after > ind.capE4,
  };
}

function exceedRefusal(i: IndicatorImpact): Refusal {
  return {
    accepted: false,
    reason: 'exceeds-indicator',
    indicator: i,
    message: {
      zh: `突破约束性指标「${i.label}」: 计划 ${i.cap.formatHectares(4)} 公顷，已供 ${i.debitedBefore.formatHectares(4)} 公顷，本次后 ${i.debitedAfter.formatHectares(4)} 公顷`,
      en: `exceeds binding indicator "${i.label}" (${i.indicatorId}): plan ${i.cap.formatHectares(4)} ha, supplied ${i.debitedBefore.formatHectares(4)} ha, after this ${i.debitedAfter.formatHectares(4)} ha`,
    },
  };
}

async function debitsOf(db: Db, versionId: number, ids: readonly string[]): Promise<Map<string, bigint>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('indicator').select(['indicator_id', 'debited_e4']).where('plan_version_id', '=', versionId).where('indicator_id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.indicator_id, toBigInt(r.debited_e4)]));
}

async function maxSeq(db: Db, planId: number): Promise<{ seq: number; id: number }> {
  const r = await db.selectFrom('plan_version').select(['seq', 'id']).where('plan_id', '=', planId).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
  return { seq: Number(r.seq), id: Number(r.id) };
}

/** Locks the version row on PostgreSQL (SQLite's BEGIN IMMEDIATE already excludes other writers). */
async function lockVersion(store: Store, tx: Db, versionId: number): Promise<void> {
  if (store.dialect === 'postgres') await tx.selectFrom('plan_version').select('id').where('id', '=', versionId).forUpdate().execute();
}

function keyColumns(k: CellKey) {
  return {
    category: k.category!,
    method: k.method ?? null,
    source: k.source ?? null,
    district: k.district ?? null,
    quarter: k.quarter ?? null,
    housing_type: k.housingType ?? null,
  };
}

/** Adds `delta` to the debits of the matching indicators of `versionId` (inside tx). */
async function post(tx: Db, versionId: number, matched: readonly IndicatorRow[], delta: bigint): Promise<void> {
  if (matched.length === 0) return;
  const amount = bindInt(delta);
  await tx
    .updateTable('indicator')
    .set((eb) => ({ debited_e4: eb('debited_e4', '+', amount) }))
    .where('plan_version_id', '=', versionId)
    .where(
      'indicator_id',
      'in',
      matched.map((m) => m.id),
    )
    .execute();
}

/**
 * Records one supply against the current version of its plan, or refuses it. Refusals (would
 * exceed a binding indicator, version superseded, category not in the plan) are returned, not
 * thrown, and write nothing. Malformed input throws InputError naming the field.
 */
export async function recordSupply(store: Store, input: SupplyInput): Promise<SupplyOutcome> {
  const p = await prepareSupply(store, input);
  if ('accepted' in p) return p;
  if (store.sqliteWriteNative) return store.sqliteWriteNative((native) => recordSupplySqlite(native, store.now, p.info, p.matched, p.e4, p.row, p.audit));
  return store.write((tx) => recordSupplyPostgres(tx, store.now, p.info, p.matched, p.e4, p.row, p.audit));
}

interface PreparedSupply {
  readonly info: VersionInfo;
  readonly matched: readonly IndicatorRow[];
  readonly e4: bigint;
  readonly row: Record<string, string | number | null>;
  readonly audit: (recordId: number, now: string, impacts: readonly IndicatorImpact[]) => AuditInput;
}

/** Everything about a supply that needs no lock: validation, matching indicators, the row to write. */
async function prepareSupply(store: Store, input: SupplyInput): Promise<PreparedSupply | Refusal> {
  const info = await versionInfo(store, store.db, input.planVersionId);
  if (!info) throw new InputError('planVersionId', `计划版本 ${input.planVersionId} 不存在`, `plan version ${input.planVersionId} does not exist`);
  const key = checkSupplyKey(input.key, info.dimensions);
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
  };
  const audit = (recordId: number, now: string, impacts: readonly IndicatorImpact[]): AuditInput => ({
    at: now,
    actor: input.actor,
    action: 'supply.record',
    entity: 'supply_record',
    entityId: String(recordId),
    before: Object.fromEntries(impacts.map((i) => [i.indicatorId, i.debitedBefore])),
    after: {
      planVersionId: input.planVersionId,
      key,
      area: input.area,
      suppliedOn: input.suppliedOn,
      parcelId: input.parcelId ?? null,
      override: input.override ?? null,
      debited: Object.fromEntries(impacts.map((i) => [i.indicatorId, i.debitedAfter])),
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
export async function recordSupplies(store: Store, inputs: readonly SupplyInput[]): Promise<BatchOutcome> {
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
    throw e;
  }
  return { accepted: true, records };
}

/**
 * The PostgreSQL check-and-write in four round trips inside the transaction (a round trip, not
 * SQL work, is what a supply costs on PostgreSQL): (1) lock the version row; (2) read the current
 * version and the debits; (3) lock the audit head and draw the record id; (4) one statement whose
 * data-modifying CTEs insert the record, add the debits, append the audit entry and move the head.
 * Lock order is plan_version → audit_head, as everywhere, so writers cannot deadlock.
 */
async function recordSupplyPostgres(
  tx: Db,
  now: () => string,
  info: VersionInfo,
  matched: readonly IndicatorRow[],
  e4: bigint,
  row: Record<string, string | number | null>,
  audit: (recordId: number, now: string, impacts: readonly IndicatorImpact[]) => AuditInput,
): Promise<SupplyOutcome> {
  const versionId = row.plan_version_id as number;
  const ids = matched.map((m) => m.id);
  // The lock must be its own statement: a statement that waits for a row lock re-reads only the
  // locked row afterwards, and its subqueries would still see the snapshot from before the wait.
  await sql`select id from plan_version where id = ${versionId} for update`.execute(tx);
  const read = await sql<{ cur_id: number; cur_seq: number; debits: Record<string, string> | null }>`
    select (select id from plan_version where plan_id = ${info.planId} order by seq desc limit 1) as cur_id,
           (select max(seq) from plan_version where plan_id = ${info.planId}) as cur_seq,
           (select json_object_agg(indicator_id, debited_e4::text) from indicator where plan_version_id = ${versionId} and indicator_id = any(${ids})) as debits`.execute(tx);
  const cur = read.rows[0]!;
  if (Number(cur.cur_seq) !== info.seq) return superseded(Number(cur.cur_id));
  const impacts = matched.map((m) => impact(m, BigInt(cur.debits?.[m.id] ?? '0'), e4));
  const over = impacts.find((i) => i.exceeds && i.kind === 'binding');
  if (over) return exceedRefusal(over);
  // Locking the head row re-fetches its latest version, so seq and hash are current.
  const head = (
    await sql<{ seq: number; hash: string; rid: number }>`
      select seq, hash, nextval(pg_get_serial_sequence('supply_record', 'id')) as rid from audit_head where id = 1 for update`.execute(tx)
  ).rows[0]!;
  const at = now();
  const recordId = Number(head.rid);
  const a = auditRow(Number(head.seq), head.hash, audit(recordId, at, impacts));
  const amount = bindInt(e4);
  await sql`
    with r as (
      insert into supply_record (id, plan_id, plan_version_id, category, method, source, district, quarter, housing_type, area_e4, parcel_id, reverses_id, supplied_on, recorded_at, recorded_by, note, override_json)
      values (${recordId}, ${row.plan_id}, ${versionId}, ${row.category}, ${row.method}, ${row.source}, ${row.district}, ${row.quarter}, ${row.housing_type}, ${amount}, ${row.parcel_id}, ${row.reverses_id}, ${row.supplied_on}, ${at}, ${row.recorded_by}, ${row.note}, ${row.override_json})
    ), u as (
      update indicator set debited_e4 = debited_e4 + ${amount} where plan_version_id = ${versionId} and indicator_id = any(${ids})
    ), l as (
      insert into audit_log (seq, at, actor, action, entity, entity_id, before_json, after_json, prev_hash, hash)
      values (${a.seq}, ${a.at}, ${a.actor}, ${a.action}, ${a.entity}, ${a.entity_id}, ${a.before_json}, ${a.after_json}, ${a.prev_hash}, ${a.hash})
    )
    update audit_head set seq = ${a.seq}, hash = ${a.hash} where id = 1`.execute(tx);
  return { accepted: true, recordId, impacts };
}

function superseded(currentVersionId: number): Refusal {
  return {
    accepted: false,
    reason: 'version-superseded',
    currentVersionId,
    message: { zh: `计划版本已被调整，现行版本为 ${currentVersionId}`, en: `the plan version was superseded by version ${currentVersionId}` },
  };
}

type Native = import('better-sqlite3').Database;
type Stmt = import('better-sqlite3').Statement;
const sqliteStatements = new WeakMap<Native, Record<'maxSeq' | 'debit' | 'insertRecord' | 'addDebit', Stmt>>();

/**
 * The same check-and-write as the Kysely path, on SQLite's native handle with prepared statements
 * (runs inside BEGIN IMMEDIATE, see Store.sqliteWriteNative). Kept statement-for-statement parallel
 * to the path above; the shared test suite runs both.
 */
function recordSupplySqlite(
  native: Native,
  now: () => string,
  info: VersionInfo,
  matched: readonly IndicatorRow[],
  e4: bigint,
  row: Record<string, string | number | null>,
  audit: (recordId: number, now: string, impacts: readonly IndicatorImpact[]) => AuditInput,
): SupplyOutcome {
  let st = sqliteStatements.get(native);
  if (!st) {
    st = {
      maxSeq: native.prepare('select id, seq from plan_version where plan_id = ? order by seq desc limit 1'),
      debit: native.prepare('select debited_e4 from indicator where plan_version_id = ? and indicator_id = ?'),
      insertRecord: native.prepare(
        'insert into supply_record (plan_id, plan_version_id, category, method, source, district, quarter, housing_type, area_e4, parcel_id, reverses_id, supplied_on, recorded_at, recorded_by, note, override_json) ' +
          'values (@plan_id, @plan_version_id, @category, @method, @source, @district, @quarter, @housing_type, @area_e4, @parcel_id, @reverses_id, @supplied_on, @recorded_at, @recorded_by, @note, @override_json)',
      ),
      addDebit: native.prepare('update indicator set debited_e4 = debited_e4 + ? where plan_version_id = ? and indicator_id = ?'),
    };
    sqliteStatements.set(native, st);
  }
  const versionId = row.plan_version_id as number;
  const current = st.maxSeq.get(info.planId) as { id: number; seq: number };
  if (Number(current.seq) !== info.seq) return superseded(Number(current.id));
  const impacts = matched.map((m) => impact(m, BigInt((st.debit.get(versionId, m.id) as { debited_e4: number }).debited_e4), e4));
  const over = impacts.find((i) => i.exceeds && i.kind === 'binding');
  if (over) return exceedRefusal(over);
  const at = now();
  const recordId = Number(st.insertRecord.run({ ...row, recorded_at: at }).lastInsertRowid);
  const amount = bindInt(e4);
  for (const m of matched) st.addDebit.run(amount, versionId, m.id);
  appendAuditNative(native, audit(recordId, at, impacts));
  return { accepted: true, recordId, impacts };
}

/**
 * What recording this supply would do to each indicator it draws on, without writing: the
 * "what if" the rules engine and the UI show before a decision.
 */
export async function quotaImpact(store: Store, q: { planVersionId: number; key: SupplyKey; area: Area }): Promise<{ ok: boolean; impacts: IndicatorImpact[]; refusal?: Refusal }> {
  const info = await versionInfo(store, store.db, q.planVersionId);
  if (!info) throw new InputError('planVersionId', `计划版本 ${q.planVersionId} 不存在`, `plan version ${q.planVersionId} does not exist`);
  const key = checkSupplyKey(q.key, info.dimensions);
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

type RecordRow = {
  id: number;
  plan_id: number;
  plan_version_id: number;
  category: string;
  method: string | null;
  source: string | null;
  district: string | null;
  quarter: number | null;
  housing_type: string | null;
  area_e4: number | string | bigint;
  parcel_id: number | null;
  reverses_id: number | null;
  supplied_on: string;
  recorded_at: string;
  recorded_by: string;
  note: string | null;
};

export function keyOfRow(r: Pick<RecordRow, 'category' | 'method' | 'source' | 'district' | 'quarter' | 'housing_type'>): SupplyKey {
  const k: { -readonly [P in keyof SupplyKey]: SupplyKey[P] } = { category: r.category };
  if (r.method !== null) k.method = r.method as MethodGroup;
  if (r.source !== null) k.source = r.source as LandSource;
  if (r.district !== null) k.district = r.district;
  if (r.quarter !== null) k.quarter = Number(r.quarter) as 1 | 2 | 3 | 4;
  if (r.housing_type !== null) k.housingType = r.housing_type;
  return k;
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
    const current = await maxSeq(tx, orig.planId);
    await lockVersion(store, tx, current.id);
    const cur = await maxSeq(tx, orig.planId); // re-read after the lock: an adjustment may have committed
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

export interface AdjustmentInput {
  readonly fromVersionId: number;
  readonly cube: PlanCube;
  readonly ruleSet?: unknown;
  readonly flagged?: readonly unknown[];
  readonly status?: PlanStatus;
  readonly validFrom: string;
  readonly reason: string;
  readonly decisionRef?: string;
  readonly approvalRef?: string;
  readonly publicationRef?: string;
  readonly actor: string;
}

export type AdjustmentOutcome = { readonly accepted: true; readonly versionId: number; readonly adjustmentId: number } | Refusal;

/**
 * Adjusts a plan (DOMAIN §1.5): a new version with its approval record and a diff. Every record of
 * the plan counts against the new version's indicators from the same transaction on; an adjustment that
 * would leave a binding indicator below what has already been supplied is refused.
 */
export async function adjustPlan(store: Store, input: AdjustmentInput): Promise<AdjustmentOutcome> {
  requireValidCube(input.cube);
  checkDate(input.validFrom, 'validFrom');
  if (!input.reason.trim()) throw new InputError('reason', '调整须说明理由', 'an adjustment needs a reason');
  const newIndicators = indicatorRows(input.cube);
  const from = await versionInfo(store, store.db, input.fromVersionId);
  if (!from) throw new InputError('fromVersionId', `计划版本 ${input.fromVersionId} 不存在`, `plan version ${input.fromVersionId} does not exist`);
  return store.write(async (tx) => {
    await lockVersion(store, tx, input.fromVersionId);
    const current = await maxSeq(tx, from.planId);
    if (current.seq !== from.seq) {
      return { accepted: false, reason: 'version-superseded', currentVersionId: current.id, message: { zh: `计划版本已被调整，现行版本为 ${current.id}`, en: `the plan version was superseded by version ${current.id}` } } as const;
    }
    const records = await tx
      .selectFrom('supply_record')
      .select(['id', 'category', 'method', 'source', 'district', 'quarter', 'housing_type', 'area_e4'])
      .where('plan_id', '=', from.planId)
      .orderBy('id')
      .execute();
    const debits = new Map<string, bigint>();
    for (const r of records) {
      const key = keyOfRow(r) as CellKey;
      const a = toBigInt(r.area_e4);
      for (const ind of newIndicators) if (keyMatches(ind.key, key)) debits.set(ind.id, (debits.get(ind.id) ?? 0n) + a);
    }
    for (const ind of newIndicators) {
      const d = debits.get(ind.id) ?? 0n;
      if (ind.kind === 'binding' && d > ind.capE4) return exceedRefusal(impact(ind, d, 0n));
    }
    const now = store.now();
    const v = await insertVersionTx(tx, from.planId, from.seq + 1, input, now, debits);
    const oldCaps = new Map(from.indicators.map((i) => [i.id, i.capE4]));
    const diff = [...new Set([...from.indicators.map((i) => i.id), ...newIndicators.map((i) => i.id)])]
      .map((id) => {
        const a = oldCaps.get(id);
        const b = newIndicators.find((i) => i.id === id)?.capE4;
        return { indicatorId: id, before: a === undefined ? null : e4ToArea(a), after: b === undefined ? null : e4ToArea(b) };
      })
      .filter((d) => d.before === null || d.after === null || !d.before.equals(d.after));
    const adj = await tx
      .insertInto('adjustment')
      .values({
        plan_id: from.planId,
        from_version_id: input.fromVersionId,
        to_version_id: v.id,
        reason: input.reason,
        decision_ref: input.decisionRef ?? null,
        approval_ref: input.approvalRef ?? null,
        publication_ref: input.publicationRef ?? null,
        diff_json: JSON.stringify(diff),
        created_at: now,
        created_by: input.actor,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(tx, store.dialect, {
      at: now,
      actor: input.actor,
      action: 'plan.adjust',
      entity: 'plan_version',
      entityId: String(v.id),
      before: { versionId: input.fromVersionId },
      after: { versionId: v.id, seq: from.seq + 1, validFrom: input.validFrom, reason: input.reason, diff, cube: cubeToJson(input.cube) },
    });
    return { accepted: true, versionId: v.id, adjustmentId: Number(adj.id) };
  });
}
