/**
 * Use case: record a supply decision. The supply is checked with every rule of the plan
 * version's rule set, then debited in the quota ledger (all debits of a supply in one transaction, the binding
 * caps re-checked inside it by store/ledger), then its parcel is registered with the supply JSON.
 *
 * A supply with an error finding is refused, unless an authorised user (role approver or admin
 * for the jurisdiction) records an override with a reason; the override is written with the
 * ledger record. An override never lifts input errors or a binding quota: the ledger refuses those
 * whatever the caller says.
 *
 *   recordSupply(store, {supply, planVersionId, jurisdictionCode, actor, override?, constraints?})
 *     → {accepted: true, recordIds, parcelId, check, overridden}
 *     | {accepted: false, reason, message, check}
 */
import { Area } from '../domain/area.js';
import type { Bilingual } from '../domain/finding.js';
import type { CellKey } from '../domain/plan/cube.js';
import type { RuleSet } from '../domain/rule-set.js';
import { ruleSetOfVersion } from './rule-sets.js';
import { supplyDebits, supplyDate, type Debit } from '../domain/rules/quota.js';
import { parseSupply } from '../domain/rules/supply-input.js';
import { parcelFieldsOf, SUPPLY_ATTRIBUTE } from '../domain/rules/supply-parcel.js';
import type { ConstraintIndex } from '../geo/overlay.js';
import { ellipsoidalArea } from '../geo/area.js';
import type { Store } from '../store/database.js';
import { InputError } from '../store/errors.js';
import { recordSupplies, reverseSupply, type SupplyKey } from '../store/ledger.js';
import { getPlanVersion } from '../store/repos/plans.js';
import { getUserByUsername } from '../store/repos/users.js';
import { importParcels } from './import-parcels.js';
import { createSupplyChecker, quotaStateFromBalances, type SupplyCheckResult } from './check-supply.js';
import { balances } from '../store/ledger.js';

/** Errors no override lifts: unreadable input, and the plan's quota (enforced by the ledger itself). */
export const NOT_OVERRIDABLE: readonly string[] = ['supply-input', 'supply-dates-order', 'plan-total-cap', 'plan-covers-all-supply', 'rule-set-invalid'];
const OVERRIDE_ROLES = ['approver', 'admin'];

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
  | { readonly accepted: true; readonly recordIds: readonly number[]; readonly parcelId: number; readonly check: SupplyCheckResult; readonly overridden: readonly string[] }
  | {
      readonly accepted: false;
      readonly reason: 'findings' | 'input' | 'override-not-authorised' | 'exceeds-indicator' | 'not-in-plan' | 'version-superseded';
      readonly message: Bilingual;
      readonly check?: SupplyCheckResult;
    };

export { ruleSetOfVersion, ruleSetSnapshot } from './rule-sets.js';

function refuse(reason: Extract<RecordSupplyOutcome, { accepted: false }>['reason'], zh: string, en: string, check?: SupplyCheckResult): RecordSupplyOutcome {
  return { accepted: false, reason, message: { zh, en }, ...(check ? { check } : {}) };
}

/** Debits as ledger keys: split by source only when the plan distinguishes it. */
function ledgerDebits(debits: readonly Debit[], dims: readonly string[]): { key: SupplyKey; area: Area }[] {
  const bySource = dims.includes('source');
  if (bySource) return debits.map((d) => ({ key: d.key as SupplyKey, area: d.area }));
  const { source: _s, ...key } = debits[0]!.key as CellKey & { category: string };
  return [{ key, area: Area.sum(debits.map((d) => d.area)) }];
}

export async function recordSupply(store: Store, input: RecordSupplyInput): Promise<RecordSupplyOutcome> {
  const version = await getPlanVersion(store.db, input.planVersionId);
  if (!version) return refuse('input', `计划版本 ${input.planVersionId} 不存在`, `plan version ${input.planVersionId} does not exist`);
  const ruleSet = input.ruleSet ?? ruleSetOfVersion(version.ruleSet, version.year);
  const quota = { planId: String(version.planId), year: version.year, ...quotaStateFromBalances(version.cube, await balances(store.db, input.planVersionId)) };
  const parsed = parseSupply(input.supply);
  const checker = createSupplyChecker(ruleSet);
  if (!parsed.supply) {
    const check = checker.check(input.supply);
    return refuse('input', `供地数据不完整或有误：${parsed.findings.map((f) => f.message.zh).join('；')}`, `the supply cannot be read: ${parsed.findings.map((f) => f.message.en).join('; ')}`, check);
  }
  const supply = parsed.supply;
  const check = checker.checkSupply(supply, { quota, ...(input.constraints ? { constraints: input.constraints } : {}) }, parsed.findings);
  const errors = check.findings.filter((f) => f.severity === 'error');
  let overridden: string[] = [];
  if (errors.length) {
    const hard = [...new Set(errors.filter((f) => NOT_OVERRIDABLE.includes(f.rule)).map((f) => f.rule))];
    if (hard.length || !input.override) {
      return refuse('findings', `供地未通过规则核验（${check.errorRules.join('、')}），不予登记`, `the supply breaks rules (${check.errorRules.join(', ')}) and is refused`, check);
    }
    if (!input.override.reason.trim()) return refuse('override-not-authorised', '越权登记须说明理由', 'an override needs a reason', check);
    const user = await getUserByUsername(store.db, input.override.by);
    const ok = user && !user.disabled && user.roles.some((g) => OVERRIDE_ROLES.includes(g.role) && (g.jurisdictionCode === null || g.jurisdictionCode === input.jurisdictionCode));
    if (!ok) return refuse('override-not-authorised', `用户 ${input.override.by} 无权批准越规登记（需审批人或管理员角色）`, `user ${input.override.by} may not authorise an override (approver or admin role required)`, check);
    overridden = check.errorRules.slice();
  }
  const suppliedOn = supplyDate(supply);
  if (!suppliedOn) return refuse('input', '字段 dates.contract：登记供地须填写合同签订（或公告、交地）日期', 'field dates.contract: recording needs the contract (or announcement, delivery) date', check);
  const debits = supplyDebits(supply, quota);
  if (!debits || debits.length === 0) return refuse('not-in-plan', '计划中没有该用途的指标', 'the plan has no row for this use', check);
  const override = input.override && overridden.length ? { by: input.override.by, reason: `${input.override.reason}（越过规则：${overridden.join('、')}）` } : undefined;
  // The 新增 and 存量 debits of one supply are written all or nothing, in one transaction.
  let recordIds: number[] = [];
  const undo = async (why: string): Promise<void> => {
    for (const id of recordIds) await reverseSupply(store, { recordId: id, suppliedOn, reason: why, actor: input.actor });
  };
  try {
    const inputs = ledgerDebits(debits, quota.dimensions).map((d) => ({ planVersionId: input.planVersionId, key: d.key, area: d.area, suppliedOn, note: `supply ${supply.id}`, actor: input.actor, ...(override ? { override } : {}) }));
    const out = await recordSupplies(store, inputs);
    if (!out.accepted) return refuse(out.reason, out.message.zh, out.message.en, check);
    recordIds = out.records.map((r) => r.recordId);
  } catch (e) {
    if (e instanceof InputError) return refuse('input', e.message, e.message, check);
    throw e;
  }
  const json = input.supply as Record<string, unknown>;
  let imported: { importId: number };
  try {
    imported = await importParcels(store, {
    jurisdictionCode: input.jurisdictionCode,
    source: `record-supply ${supply.id}`,
    actor: input.actor,
    features: [
      {
        recordIndex: 0,
        geometry: supply.geometry ?? null,
        fields: parcelFieldsOf(supply),
        attributes: { [SUPPLY_ATTRIBUTE]: json, ledgerRecordIds: recordIds, ruleSet: ruleSet.id, ...(override ? { override } : {}) },
        areaM2: supply.geometry ? ellipsoidalArea(supply.geometry) : null,
      },
    ],
    });
  } catch (e) {
    await undo(`供地 ${supply.id} 宗地登记失败，冲正`);
    if (e instanceof InputError) return refuse('input', e.message, e.message, check);
    throw e;
  }
  const row = await store.db.selectFrom('parcel').select('id').where('import_id', '=', imported.importId).executeTakeFirstOrThrow();
  return { accepted: true, recordIds, parcelId: Number(row.id), check, overridden };
}
