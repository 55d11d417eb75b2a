/**
 * Use case: record a supply decision. The supply is checked with every rule of the plan
 * version's rule set, then its parcel (geometry validated with the import's validity rules), every
 * ledger debit (binding caps re-checked inside the transaction by store/) linked to that parcel, and
 * the audit entries are written in ONE transaction (store/supply-posting): all of it or nothing.
 *
 * A supply id is recorded once per jurisdiction (the database's unique key): posting the same
 * supply again returns the existing record (`replayed: true`), posting a different supply under a
 * used id is refused (`duplicate`). So a client that retries after a crash cannot spend twice.
 *
 * A supply with an error finding is refused, unless an authorised user (role approver or admin
 * for the jurisdiction) records an override with a reason; the override is written with the
 * ledger record. An override never lifts input errors or a binding quota, and needs an error
 * finding to override.
 *
 *   recordSupply(store, {supply, planVersionId, jurisdictionCode, actor, override?, constraints?})
 *     → {accepted: true, replayed, recordIds, parcelId, check?, overridden}
 *     | {accepted: false, reason, message, field?, check?}
 */
import { createHash } from 'node:crypto';
import type { Bilingual, Finding } from '../domain/finding.js';
import type { CellKey } from '../domain/plan/cube.js';
import type { RuleSet } from '../domain/rule-set.js';
import { ruleSetOfVersion } from './rule-sets.js';
import { supplyDebits, supplyDate, type Debit } from '../domain/rules/quota.js';
import { MIN_SUPPLY_AREA_M2, parseSupply } from '../domain/rules/supply-input.js';
import { parcelFieldsOf, SUPPLY_ATTRIBUTE } from '../domain/rules/supply-parcel.js';
import type { Supply } from '../domain/supply.js';
import { Area } from '../domain/area.js';
import type { ConstraintIndex } from '../geo/overlay.js';
import { ellipsoidalArea } from '../geo/area.js';
import { checkParcelGeometry } from '../geo/validity.js';
import type { Store } from '../store/database.js';
import { InputError } from '../store/errors.js';
import { balances, type SupplyKey } from '../store/ledger.js';
import { findSupply, postSupplyWithParcel, type ExistingSupply } from '../store/supply-posting.js';
import { getPlanVersion, inForceVersion, type PlanVersion } from '../store/repos/plans.js';
import { notInForce, superseded } from '../store/ledger-core.js';
import { getUserByUsername } from '../store/repos/users.js';
import { createSupplyChecker, quotaStateFromBalances, type SupplyCheckResult } from './check-supply.js';
import { mayOverride } from '../domain/access.js';

/** Errors no override lifts: unreadable input, and the plan's quota (enforced by the ledger itself). */
export const NOT_OVERRIDABLE: readonly string[] = ['supply-input', 'supply-dates-order', 'plan-total-cap', 'plan-covers-all-supply', 'rule-set-invalid'];

export interface RecordSupplyInput {
  /** The supply JSON (src/domain/rules/supply-input.ts). */
  readonly supply: unknown;
  readonly planVersionId: number;
  readonly jurisdictionCode: string;
  /** Username of the clerk recording. */
  readonly actor: string;
  /** Username of the approver who authorises recording despite error findings, and why. */
  readonly override?: { readonly by: string; readonly reason: string };
  readonly constraints?: ConstraintIndex;
  /** Rule set to use instead of the one stored with the plan version (tests, what-if). */
  readonly ruleSet?: RuleSet;
}

export type RecordSupplyOutcome =
  | { readonly accepted: true; readonly replayed: false; readonly recordIds: readonly number[]; readonly parcelId: number; readonly check: SupplyCheckResult; readonly overridden: readonly string[] }
  /** The same supply was recorded before (a retry): nothing written, the existing record returned. */
  | { readonly accepted: true; readonly replayed: true; readonly recordIds: readonly number[]; readonly parcelId: number; readonly overridden: readonly string[]; readonly check?: undefined }
  | {
      readonly accepted: false;
      readonly reason: RefusalReason;
      readonly message: Bilingual;
      /** The supply JSON field at fault (e.g. "dates.contract"), for input refusals. */
      readonly field?: string;
      readonly check?: SupplyCheckResult;
    };

export type RefusalReason =
  | 'findings'
  | 'input'
  | 'override-not-authorised'
  | 'override-not-needed'
  | 'duplicate'
  | 'exceeds-indicator'
  | 'not-in-plan'
  | 'version-superseded'
  | 'not-in-force';

export { ruleSetOfVersion, ruleSetSnapshot } from './rule-sets.js';

function refuse(reason: RefusalReason, zh: string, en: string, check?: SupplyCheckResult, field?: string): RecordSupplyOutcome {
  return { accepted: false, reason, message: { zh, en }, ...(field !== undefined ? { field } : {}), ...(check ? { check } : {}) };
}

/** An input refusal from the first input finding (its `figures[0]` is the field). */
function inputRefusal(findings: readonly Finding[], check?: SupplyCheckResult): RecordSupplyOutcome {
  const errors = findings.filter((f) => f.severity === 'error');
  return refuse(
    'input',
    `供地数据不完整或有误：${errors.map((f) => f.message.zh).join('；')}`,
    `the supply cannot be read: ${errors.map((f) => f.message.en).join('; ')}`,
    check,
    errors[0]?.figures[0],
  );
}

/** Debits as ledger keys: split by source only when the plan distinguishes it. */
function ledgerDebits(debits: readonly Debit[], dims: readonly string[]): { key: SupplyKey; area: Area }[] {
  const bySource = dims.includes('source');
  if (bySource) return debits.map((d) => ({ key: d.key as SupplyKey, area: d.area }));
  const { source: _s, ...key } = debits[0]!.key as CellKey & { category: string };
  return [{ key, area: Area.sum(debits.map((d) => d.area)) }];
}

/** JSON with its object keys sorted, so the same supply always serialises the same way. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  return v;
}

/** The fingerprint a retry must match: the supply as validated (strict schema) and the plan. */
export function supplyFingerprint(supply: unknown, planId: number): string {
  return createHash('sha256').update(JSON.stringify([planId, canonical(supply)])).digest('hex');
}

/** A retry of the same supply, or a different supply under a used id. */
function replayOf(existing: ExistingSupply, fingerprint: string, supplyId: string): RecordSupplyOutcome {
  if (existing.attributes['fingerprint'] !== fingerprint) {
    return refuse(
      'duplicate',
      `供地编号 ${supplyId} 已登记（宗地 ${existing.parcelId}），且与本次提交的内容不同；更正请先冲正原记录`,
      `supply ${supplyId} is already recorded (parcel ${existing.parcelId}) with different content; reverse it first to correct it`,
      undefined,
      'id',
    );
  }
  const o = existing.attributes['overridden'];
  return { accepted: true, replayed: true, recordIds: existing.recordIds, parcelId: existing.parcelId, overridden: Array.isArray(o) ? o.map(String) : [] };
}

/** The supply's own checks that need the plan or geometry: date within the plan year, a valid parcel. */
function supplyRefusal(supply: Supply, version: PlanVersion): RecordSupplyOutcome | undefined {
  const suppliedOn = supplyDate(supply);
  const field = supply.dates.contract ? 'dates.contract' : supply.dates.announcement ? 'dates.announcement' : 'dates.agreedDelivery';
  if (!suppliedOn) return refuse('input', '字段 dates.contract：登记供地须填写合同签订（或公告、交地）日期', 'field dates.contract: recording needs the contract (or announcement, delivery) date', undefined, 'dates.contract');
  if (!suppliedOn.startsWith(`${version.year}-`)) {
    return refuse('input', `字段 ${field}：供地日期 ${suppliedOn} 不在计划年度 ${version.year} 年内`, `field ${field}: the supply date ${suppliedOn} is outside the plan year ${version.year}`, undefined, field);
  }
  if (supply.geometry) {
    // The register's one geometry rule, as `landplan import` applies it (geo/validity.ts).
    const bad = checkParcelGeometry(supply.id, supply.geometry, { minAreaM2: MIN_SUPPLY_AREA_M2 }).errors[0];
    if (bad) return refuse('input', `字段 geometry：${bad.message.zh}`, `field geometry: ${bad.message.en}`, undefined, 'geometry');
  }
  return undefined;
}

export async function recordSupply(store: Store, input: RecordSupplyInput): Promise<RecordSupplyOutcome> {
  const version = await getPlanVersion(store.db, input.planVersionId);
  if (!version) return refuse('input', `计划版本 ${input.planVersionId} 不存在`, `plan version ${input.planVersionId} does not exist`, undefined, 'planVersionId');
  if (version.jurisdictionCode !== input.jurisdictionCode) {
    return refuse('input', `计划版本 ${version.id} 属于 ${version.jurisdictionCode}，不属于 ${input.jurisdictionCode}`, `plan version ${version.id} belongs to ${version.jurisdictionCode}, not ${input.jurisdictionCode}`, undefined, 'jurisdictionCode');
  }
  const ruleSet = input.ruleSet ?? ruleSetOfVersion(version.ruleSet, version.year);
  const checker = createSupplyChecker(ruleSet);
  const parsed = parseSupply(input.supply);
  if (!parsed.supply) return inputRefusal(parsed.findings, checker.check(input.supply));
  const supply = parsed.supply;
  const stored = canonical(input.supply) as Record<string, unknown>;
  const fingerprint = supplyFingerprint(stored, version.planId);
  // A retry is answered before any check: the first attempt's debits are already in the balances.
  const existing = await findSupply(store.db, input.jurisdictionCode, supply.id);
  if (existing) return replayOf(existing, fingerprint, supply.id);
  // Supplies are recorded only against the version in force (the ledger re-checks under its lock).
  const inForce = await inForceVersion(store.db, version.planId);
  if (inForce?.id !== version.id) {
    const r = inForce && inForce.seq > version.seq ? superseded(inForce.id) : notInForce(version.id, inForce?.id ?? null);
    return refuse(r.reason, r.message.zh, r.message.en, checker.check(input.supply), 'planVersionId');
  }
  const own = supplyRefusal(supply, version);
  if (own) return own;
  const quota = { planId: String(version.planId), year: version.year, ...quotaStateFromBalances(version.cube, await balances(store.db, input.planVersionId)) };
  const check = checker.checkSupply(supply, { quota, ...(input.constraints ? { constraints: input.constraints } : {}) }, parsed.findings);
  const errors = check.findings.filter((f) => f.severity === 'error');
  if (errors.some((f) => f.rule === 'supply-input' || f.rule === 'supply-dates-order')) return inputRefusal(errors.filter((f) => f.rule === 'supply-input' || f.rule === 'supply-dates-order'), check);
  let overridden: string[] = [];
  if (input.override && errors.length === 0) {
    return refuse('override-not-needed', '该供地没有错误级审查意见，无需越规登记，请按常规登记', 'the supply has no error finding to override; record it the ordinary way', check);
  }
  if (errors.length) {
    const hard = [...new Set(errors.filter((f) => NOT_OVERRIDABLE.includes(f.rule)).map((f) => f.rule))];
    if (hard.length || !input.override) {
      return refuse('findings', `供地未通过规则核验（${check.errorRules.join('、')}），不予登记`, `the supply breaks rules (${check.errorRules.join(', ')}) and is refused`, check);
    }
    if (!input.override.reason.trim()) return refuse('override-not-authorised', '越权登记须说明理由', 'an override needs a reason', check);
    const user = await getUserByUsername(store.db, input.override.by);
    const ok = user && !user.disabled && mayOverride(user.roles, input.jurisdictionCode);
    if (!ok) return refuse('override-not-authorised', `用户 ${input.override.by} 无权批准越规登记（需审批人或管理员角色）`, `user ${input.override.by} may not authorise an override (approver or admin role required)`, check);
    overridden = check.errorRules.slice();
  }
  const suppliedOn = supplyDate(supply)!;
  const debits = supplyDebits(supply, quota);
  if (!debits || debits.length === 0) return refuse('not-in-plan', '计划中没有该用途的指标', 'the plan has no row for this use', check);
  const override = input.override && overridden.length ? { by: input.override.by, reason: `${input.override.reason}（越过规则：${overridden.join('、')}）` } : undefined;
  try {
    const out = await postSupplyWithParcel(store, {
      supplyId: supply.id,
      jurisdictionCode: input.jurisdictionCode,
      actor: input.actor,
      debits: ledgerDebits(debits, quota.dimensions).map((d) => ({ planVersionId: input.planVersionId, key: d.key, area: d.area, suppliedOn, note: `supply ${supply.id}`, actor: input.actor, ...(override ? { override } : {}) })),
      parcel: {
        geometry: supply.geometry ?? null,
        fields: parcelFieldsOf(supply),
        // Only the supply as validated (strict schema: nothing unknown), never the raw request.
        attributes: { [SUPPLY_ATTRIBUTE]: stored, fingerprint, ruleSet: ruleSet.id, ...(override ? { override, overridden } : {}) },
        measuredAreaM2: supply.geometry ? ellipsoidalArea(supply.geometry) : null,
      },
    });
    if (out.accepted) return { accepted: true, replayed: false, recordIds: out.records.map((r) => r.recordId), parcelId: out.parcelId, check, overridden };
    if ('existing' in out) return replayOf(out.existing, fingerprint, supply.id);
    return refuse(out.reason, out.message.zh, out.message.en, check);
  } catch (e) {
    if (e instanceof InputError) return refuse('input', e.zh, e.en, check, e.field);
    throw e;
  }
}
