/**
 * The ledger's shared parts: supply keys and outcomes, the per-store cache of (immutable) plan
 * versions, input checks, and the small steps both databases' write paths use.
 */
import type { Selectable } from 'kysely';
import type { SupplyRecordTable } from './schema.js';
import type { Area } from '../domain/area.js';
import type { Bilingual } from '../domain/finding.js';
import { planCategory } from '../domain/classification/index.js';
import { dimensionApplies, type CellKey, type Dimension, type LandSource, type MethodGroup } from '../domain/plan/cube.js';
import type { Db, Store } from './database.js';
import { InputError } from './errors.js';
import { getPlanVersion, indicatorRows, type IndicatorRow, type PlanVersion } from './repos/plans.js';
import { areaToE4, bindInt, e4ToArea, e4ToM2Text, toBigInt } from './units.js';

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
  /** The supply decision (its id in the register) this debit is part of. */
  readonly supplyId?: string;
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
  | { readonly accepted: false; readonly reason: 'not-in-force'; readonly currentVersionId: number | null; readonly message: Bilingual }
  | { readonly accepted: false; readonly reason: 'not-in-plan'; readonly message: Bilingual };

export type SupplyOutcome = { readonly accepted: true; readonly recordId: number; readonly impacts: readonly IndicatorImpact[] } | Refusal;

export interface VersionInfo {
  readonly planId: number;
  readonly seq: number;
  readonly dimensions: readonly string[];
  readonly categories: ReadonlySet<string>;
  /** The plan's districts (片区); a supply naming another one would slip past every block cap. */
  readonly districts: ReadonlySet<string>;
  readonly indicators: readonly IndicatorRow[];
}

// Versions are immutable, so what we derive from one can be cached per store.
export const versionCache = new WeakMap<Store, Map<number, VersionInfo>>();

/** Forget cached versions (after a restore replaces the database's content). */
export function clearLedgerCache(store: Store): void {
  versionCache.delete(store);
}

export async function versionInfo(store: Store, db: Db, versionId: number): Promise<VersionInfo | undefined> {
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

export function infoOf(v: PlanVersion): VersionInfo {
  return {
    planId: v.planId,
    seq: v.seq,
    // Every dimension some indicator is keyed by: a supply must name them all (checkSupplyKey).
    dimensions: [...new Set([...v.cube.dimensions, ...v.cube.marginals.flatMap((m) => Object.keys(m.key))])],
    categories: new Set(v.cube.cells.map((c) => c.key.category!).filter((c) => c !== undefined)),
    districts: new Set(v.cube.districts.map((d) => d.id)),
    indicators: indicatorRows(v.cube),
  };
}

export const METHODS: readonly MethodGroup[] = ['grant', 'allocation', 'lease', 'capitalContribution', 'authorizedOperation'];

export const SOURCES: readonly LandSource[] = ['new', 'existing'];

/** The full key of a supply, refusing (InputError naming the field) what cannot be posted. */
export function checkSupplyKey(key: SupplyKey, dimensions: readonly string[], districts?: ReadonlySet<string>): CellKey {
  if (typeof key?.category !== 'string' || !planCategory(key.category)) {
    throw new InputError('key.category', `未知用途类别 "${String(key?.category)}"`, `unknown category "${String(key?.category)}"`);
  }
  if (key.method !== undefined && !METHODS.includes(key.method)) throw new InputError('key.method', `未知供应方式 "${key.method}"`, `unknown method "${key.method}"`);
  if (key.source !== undefined && !SOURCES.includes(key.source)) throw new InputError('key.source', `未知土地来源 "${key.source}"`, `unknown source "${key.source}"`);
  if (key.quarter !== undefined && ![1, 2, 3, 4].includes(key.quarter)) throw new InputError('key.quarter', '季度应为 1–4', 'quarter must be 1–4');
  if (key.district !== undefined && districts && districts.size > 0 && !districts.has(key.district)) {
    throw new InputError('key.district', `计划中没有片区 "${key.district}"`, `the plan has no district "${key.district}"`);
  }
  // A supply must name every dimension the plan is broken down by; otherwise it would slip past
  // the finer (e.g. per-district) caps.
  for (const d of dimensions) {
    if (!dimensionApplies(d as Dimension, key.category)) continue;
    if ((key as unknown as Record<string, unknown>)[d] === undefined) throw new InputError(`key.${d}`, `计划按 ${d} 分解，供地记录必须给出 ${d}`, `the plan is broken down by ${d}; the supply must give its ${d}`);
  }
  return key;
}

export function checkSupplyArea(area: Area, field = 'area'): bigint {
  const e4 = areaToE4(area, field);
  if (e4 <= 0n) throw new InputError(field, `供地面积应为正数，实为 ${area.squareMetres.toFixed()} 平方米`, `supply area must be positive, got ${area.squareMetres.toFixed()} m²`);
  return e4;
}

/**
 * One indicator's before/after for a supply. Areas are built on first access: the write path only
 * needs the integers, and building Decimals for every indicator of every record was a measurable
 * share of a supply's cost.
 */
class Impact implements IndicatorImpact {
  readonly indicatorId: string;
  readonly label: string;
  readonly kind: 'binding' | 'indicative';
  readonly exceeds: boolean;
  constructor(
    ind: IndicatorRow,
    readonly beforeE4: bigint,
    readonly afterE4: bigint,
    private readonly capE4: bigint,
  ) {
    this.indicatorId = ind.id;
    this.label = ind.label;
    this.kind = ind.kind;
    this.exceeds = afterE4 > capE4;
  }
  get cap(): Area {
    return e4ToArea(this.capE4);
  }
  get debitedBefore(): Area {
    return e4ToArea(this.beforeE4);
  }
  get debitedAfter(): Area {
    return e4ToArea(this.afterE4);
  }
  get remainingAfter(): Area {
    return e4ToArea(this.capE4 - this.afterE4);
  }
  /** The same JSON a plain object of Areas would give (m² decimal text). */
  toJSON(): Record<string, unknown> {
    return {
      indicatorId: this.indicatorId,
      label: this.label,
      kind: this.kind,
      cap: e4ToM2Text(this.capE4),
      debitedBefore: e4ToM2Text(this.beforeE4),
      debitedAfter: e4ToM2Text(this.afterE4),
      remainingAfter: e4ToM2Text(this.capE4 - this.afterE4),
      exceeds: this.exceeds,
    };
  }
}

/** An impact's debit before or after, as audit-log text (m²), cheaply when it is ours. */
export function debitText(i: IndicatorImpact, which: 'before' | 'after'): string {
  if (i instanceof Impact) return e4ToM2Text(which === 'before' ? i.beforeE4 : i.afterE4);
  return (which === 'before' ? i.debitedBefore : i.debitedAfter).toJSON();
}

export function impact(ind: IndicatorRow, before: bigint, delta: bigint): IndicatorImpact & { readonly beforeE4: bigint; readonly afterE4: bigint } {
  return new Impact(ind, before, before + delta, ind.capE4);
}

export function exceedRefusal(i: IndicatorImpact): Refusal {
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

export async function debitsOf(db: Db, versionId: number, ids: readonly string[]): Promise<Map<string, bigint>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('indicator').select(['indicator_id', 'debited_e4']).where('plan_version_id', '=', versionId).where('indicator_id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.indicator_id, toBigInt(r.debited_e4)]));
}

/** SQL for the version in force (domain/plan/lifecycle.ts IN_FORCE_STATES): the latest approved or published. */
export const IN_FORCE_SQL = "status in ('approved', 'published')";

/** The version in force of a plan, if any: supplies are debited against it and nothing else. */
export async function inForceOf(db: Db, planId: number): Promise<{ seq: number; id: number } | undefined> {
  const r = await db.selectFrom('plan_version').select(['seq', 'id']).where('plan_id', '=', planId).where('status', 'in', ['approved', 'published']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return r ? { seq: Number(r.seq), id: Number(r.id) } : undefined;
}

/** Whether a supply may debit version (planId, seq, id) given the version in force; a refusal if not. */
export function inForceRefusal(current: { seq: number; id: number } | undefined, versionId: number, seq: number): Refusal | undefined {
  if (current && current.id === versionId) return undefined;
  if (current && current.seq > seq) return superseded(current.id);
  return notInForce(versionId, current?.id ?? null);
}

export function notInForce(versionId: number, currentVersionId: number | null): Refusal {
  return {
    accepted: false,
    reason: 'not-in-force',
    currentVersionId,
    message:
      currentVersionId === null
        ? { zh: `计划版本 ${versionId} 未经批准，计划尚无现行版本，不能据以供地`, en: `plan version ${versionId} has not been approved and the plan has no version in force: nothing can be supplied against it` }
        : { zh: `计划版本 ${versionId} 不是现行版本（现行版本为 ${currentVersionId}），不能据以供地`, en: `plan version ${versionId} is not in force (version ${currentVersionId} is): nothing can be supplied against it` },
  };
}

/** Locks the version row on PostgreSQL (SQLite's BEGIN IMMEDIATE already excludes other writers). */
export async function lockVersion(store: Store, tx: Db, versionId: number): Promise<void> {
  if (store.dialect === 'postgres') await tx.selectFrom('plan_version').select('id').where('id', '=', versionId).forUpdate().execute();
}

export function keyColumns(k: CellKey) {
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
export async function post(tx: Db, versionId: number, matched: readonly IndicatorRow[], delta: bigint): Promise<void> {
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

export function superseded(currentVersionId: number): Refusal {
  return {
    accepted: false,
    reason: 'version-superseded',
    currentVersionId,
    message: { zh: `计划版本已被调整，现行版本为 ${currentVersionId}`, en: `the plan version was superseded by version ${currentVersionId}` },
  };
}

/** A supply_record row as read (the table is declared once, in schema.ts). */
export type RecordRow = Omit<Selectable<SupplyRecordTable>, 'override_json'>;

export function keyOfRow(r: Pick<RecordRow, 'category' | 'method' | 'source' | 'district' | 'quarter' | 'housing_type'>): SupplyKey {
  const k: { -readonly [P in keyof SupplyKey]: SupplyKey[P] } = { category: r.category };
  if (r.method !== null) k.method = r.method as MethodGroup;
  if (r.source !== null) k.source = r.source as LandSource;
  if (r.district !== null) k.district = r.district;
  if (r.quarter !== null) k.quarter = Number(r.quarter) as 1 | 2 | 3 | 4;
  if (r.housing_type !== null) k.housingType = r.housing_type;
  return k;
}
