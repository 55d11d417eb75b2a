/**
 * Use case: check a proposed supply ("what if"). Every supply- and parcel-scope rule of the rule
 * set in force runs on the supply, with the ledger's quota state and the spatial overlay as
 * inputs; the result lists every finding and the quota impact. Nothing is written.
 *
 *   checkSupply(json, {ruleSet?, quota?, spatial?, constraints?}) → SupplyCheckResult
 *   createSupplyChecker(ruleSet).check(json, ctx)   (parameters parsed once: for batches and benches)
 *   checkBatch(checker, [json…], ctx)                 (a programme: each sees the quota the earlier ones leave)
 *   quotaStateFromStore(store, planVersionId)        (the real ledger's balances as a QuotaState)
 *   spatialFromCheck(geo checkParcel result)          (geo/overlay.ts → SpatialResult)
 */
import type { Area } from '../domain/area.js';
import { bySeverity, type Finding } from '../domain/finding.js';
import { prepareRules, runPrepared, type Prepared, type RuleSet } from '../domain/rule-set.js';
import { ruleSetById, DEFAULT_RULE_SET_ID } from './rule-sets.js';
import { SUPPLY_RULES } from '../domain/rules/index.js';
import type { QuotaState, SpatialResult, SupplyContext } from '../domain/rules/context.js';
import { quotaImpact, supplyDebits, type QuotaImpact } from '../domain/rules/quota.js';
import { parseSupply } from '../domain/rules/supply-input.js';
import type { Supply } from '../domain/supply.js';
import type { PlanCube } from '../domain/plan/cube.js';
import { checkParcel, type ConstraintIndex, type ParcelCheck } from '../geo/overlay.js';
import type { Store } from '../store/database.js';
import { balances, type Balance } from '../store/ledger.js';
import { getPlanVersion } from '../store/repos/plans.js';
import { InputError } from '../store/errors.js';

export interface QuotaImpactView {
  readonly indicatorId: string;
  readonly label: string;
  readonly kind: 'binding' | 'indicative';
  /** Hectares, exact decimal strings. */
  readonly plannedHa: string;
  readonly usedHa: string;
  readonly debitHa: string;
  readonly afterHa: string;
  readonly remainingHa: string;
  readonly exceeds: boolean;
}

export interface SupplyCheckResult {
  readonly supply?: Supply;
  readonly ruleSet: { readonly id: string; readonly chain: readonly string[] };
  /** Sorted error → warning → info. */
  readonly findings: readonly Finding[];
  readonly quotaImpact: readonly QuotaImpactView[];
  /** "refuse" when any finding is an error. */
  readonly verdict: 'pass' | 'refuse';
  /** Ids of the rules with error findings, sorted, unique. */
  readonly errorRules: readonly string[];
}

export interface SupplyCheckContext {
  readonly quota?: QuotaState;
  /** Overlay result, when already computed. */
  readonly spatial?: SpatialResult;
  /** Constraint layers: the overlay is computed from the supply's geometry. */
  readonly constraints?: ConstraintIndex;
  /** The supply's own id in the `parcels` layer, excluded from overlaps. */
  readonly selfParcelId?: string;
}

const ha = (a: Area): string => a.hectares.toFixed();

export function impactView(i: QuotaImpact): QuotaImpactView {
  return { indicatorId: i.indicatorId, label: i.label, kind: i.kind, plannedHa: ha(i.planned), usedHa: ha(i.used), debitHa: ha(i.debit), afterHa: ha(i.after), remainingHa: ha(i.remaining), exceeds: i.exceeds };
}

/** The overlay of geo/overlay.ts as the spatial rules read it. */
export function spatialFromCheck(c: ParcelCheck, selfParcelId?: string): SpatialResult {
  const l = c.layers;
  return {
    parcelAreaM2: c.parcelAreaM2,
    farmlandM2: l['farmland']?.areaM2 ?? 0,
    redLineM2: l['redLine']?.areaM2 ?? 0,
    outsideUrbanBoundaryM2: l['urbanBoundary'] ? (l['urbanBoundary'].outsideAreaM2 ?? 0) : 0,
    overlaps: (l['parcels']?.hits ?? []).filter((h) => h.id !== selfParcelId && h.areaM2 > 0).map((h) => ({ parcelId: h.id, areaM2: h.areaM2 })),
  };
}

export interface SupplyChecker {
  readonly ruleSet: RuleSet;
  check(input: unknown, ctx?: SupplyCheckContext): SupplyCheckResult;
  /** Checks an already parsed supply. */
  checkSupply(supply: Supply, ctx?: SupplyCheckContext, inputFindings?: readonly Finding[]): SupplyCheckResult;
}

export function createSupplyChecker(ruleSet: RuleSet): SupplyChecker {
  const prepared: Prepared<SupplyContext> = prepareRules(SUPPLY_RULES, ruleSet);
  const rs = { id: ruleSet.id, chain: ruleSet.chain };
  const finish = (findings: Finding[], supply: Supply | undefined, impacts: QuotaImpactView[]): SupplyCheckResult => {
    findings.sort(bySeverity);
    const errorRules = [...new Set(findings.filter((f) => f.severity === 'error').map((f) => f.rule))].sort();
    return { ...(supply ? { supply } : {}), ruleSet: rs, findings, quotaImpact: impacts, verdict: errorRules.length ? 'refuse' : 'pass', errorRules };
  };
  const checkParsed = (supply: Supply, ctx: SupplyCheckContext = {}, inputFindings: readonly Finding[] = []): SupplyCheckResult => {
    let spatial = ctx.spatial;
    if (!spatial && ctx.constraints && supply.geometry) spatial = spatialFromCheck(checkParcel(ctx.constraints, supply.geometry), ctx.selfParcelId ?? supply.id);
    const rctx: SupplyContext = { supply, ...(ctx.quota ? { quota: ctx.quota } : {}), ...(spatial ? { spatial } : {}) };
    const findings = [...inputFindings, ...runPrepared(prepared, rctx)];
    const debits = ctx.quota ? supplyDebits(supply, ctx.quota) : undefined;
    const impacts = ctx.quota && debits ? quotaImpact(debits, ctx.quota).map(impactView) : [];
    return finish(findings, supply, impacts);
  };
  return {
    ruleSet,
    checkSupply: checkParsed,
    check(input, ctx = {}) {
      const parsed = parseSupply(input);
      if (!parsed.supply) return finish([...parsed.findings], undefined, []);
      return checkParsed(parsed.supply, ctx, parsed.findings);
    },
  };
}

/** One-off check; `ruleSet` is a rule set or its id (default: the national default). */
export function checkSupply(input: unknown, opts: SupplyCheckContext & { ruleSet?: RuleSet | string } = {}): SupplyCheckResult {
  const rs = typeof opts.ruleSet === 'object' ? opts.ruleSet : ruleSetById(opts.ruleSet ?? DEFAULT_RULE_SET_ID);
  return createSupplyChecker(rs).check(input, opts);
}

/** A plan version's quota state from the ledger's balances. */
export function quotaStateFromBalances(cube: PlanCube, bal: readonly Balance[]): QuotaState {
  return {
    categories: [...new Set(cube.cells.map((c) => c.key.category).filter((c): c is string => c !== undefined))],
    dimensions: [...new Set([...cube.dimensions, ...cube.marginals.flatMap((m) => Object.keys(m.key))])],
    indicators: bal.map((b) => ({ id: b.indicatorId, key: b.key, label: b.label, kind: b.kind, planned: b.cap, used: b.debited })),
  };
}

export async function quotaStateFromStore(store: Store, planVersionId: number): Promise<QuotaState> {
  const v = await getPlanVersion(store.db, planVersionId);
  if (!v) throw new InputError('planVersionId', `计划版本 ${planVersionId} 不存在`, `plan version ${planVersionId} does not exist`);
  return { planId: String(v.planId), year: v.year, ...quotaStateFromBalances(v.cube, await balances(store.db, planVersionId)) };
}

/**
 * "What if" for a batch: supplies checked in order, each against the quota left by the ones
 * before it that would pass, so a bureau sees where a programme of supplies runs out. Nothing is written.
 */
export function checkBatch(checker: SupplyChecker, inputs: readonly unknown[], ctx: SupplyCheckContext = {}): SupplyCheckResult[] {
  let quota = ctx.quota;
  return inputs.map((input) => {
    const r = checker.check(input, { ...ctx, ...(quota ? { quota } : {}) });
    if (quota && r.supply && r.verdict === 'pass') {
      const q: QuotaState = quota;
      const debitOf = new Map(quotaImpact(supplyDebits(r.supply, q) ?? [], q).map((i) => [i.indicatorId, i.debit]));
      quota = { ...q, indicators: q.indicators.map((i) => { const d = debitOf.get(i.id); return d ? { ...i, used: i.used.plus(d) } : i; }) };
    }
    return r;
  });
}
