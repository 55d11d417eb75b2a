/**
 * Supply decisions over the rules engine and the quota ledger (services/check-supply,
 * services/record-supply): check runs every supply rule of the plan version's rule set with the
 * ledger's balances and writes nothing; record re-checks, debits the ledger (binding caps
 * re-checked in the same transaction) and registers the parcel. Check is open to everyone who
 * works on the plan; recording to the bureau (editor) and admin.
 */
import type { FastifyRequest } from 'fastify';
import type { RuleSet } from '../../domain/rule-set.js';
import type { Lang } from '../../domain/finding.js';
import type { Store } from '../../store/database.js';
import type { ConstraintIndex } from '../../geo/overlay.js';
import { getPlan, getPlanVersion, inForceVersion, type PlanVersion } from '../../services/register.js';
import { createSupplyChecker, quotaStateFromStore, type QuotaImpactView, type SupplyChecker } from '../../services/check-supply.js';
import { recordSupply, ruleSetOfVersion } from '../../services/record-supply.js';
import { planDistricts } from '../../services/dashboard-plans.js';
import { ApiError } from '../errors.js';
import { rolesFor } from '../../domain/access.js';
import { requireAction } from '../auth/scope.js';
import type { SessionUser } from '../auth/sessions.js';
import { defineRoute, type AnyRoute } from '../route.js';
import { SUPPLY_BODY_LIMIT, supplyCheckSchema, supplyRecordRequestSchema, supplyOverrideRequestSchema, supplyRecordedSchema, supplyRequestSchema, type IndicatorImpactDto, type SupplyRecordedDto } from '../schemas.js';
import { findingDto } from './convert.js';

function impactDto(i: QuotaImpactView): IndicatorImpactDto {
  return { id: i.indicatorId, label: i.label, kind: i.kind, capHa: i.plannedHa, debitedHa: i.usedHa, afterHa: i.afterHa, exceeds: i.exceeds };
}

/** The supply JSON as sent: the services read it themselves (and report problems as findings). */
function rawSupply(request: FastifyRequest): Record<string, unknown> {
  return (request.body as { supply: Record<string, unknown> }).supply;
}

export function supplyRoutes(store: Store, constraints?: () => ConstraintIndex): AnyRoute[] {
  const checkers = new Map<string, SupplyChecker>();
  const checkerFor = (rs: RuleSet): SupplyChecker => {
    let c = checkers.get(rs.id);
    if (!c) checkers.set(rs.id, (c = createSupplyChecker(rs)));
    return c;
  };
  /** The version in force of the plan; the caller's right to `action` on its jurisdiction is checked first. */
  const versionOf = async (planId: number, user: SessionUser | undefined, action: 'supply.check' | 'supply.record' | 'supply.override'): Promise<PlanVersion> => {
    // Supplies are checked and recorded against the version in force only (approved or published).
    const plan = await getPlan(store.db, planId);
    if (!plan) throw new ApiError('not-found');
    await requireAction(store.db, user, action, plan.jurisdictionCode);
    const v = await inForceVersion(store.db, planId);
    if (!v) {
      throw new ApiError('conflict', { zh: `计划 ${planId} 尚无现行（已批准或已公布）版本，不能据以供地`, en: `plan ${planId} has no version in force (approved or published) to supply against` });
    }
    return v;
  };
  /** A write (or a check) names the version it means: refused unless that is the version in force. */
  const inForce = (v: PlanVersion, planVersionId: number | undefined): void => {
    if (planVersionId === undefined || planVersionId === v.id) return;
    throw new ApiError('conflict', {
      zh: `计划版本 ${planVersionId} 不是现行版本（现行版本为 ${v.id}，第 ${v.seq} 版），请刷新后重试`,
      en: `plan version ${planVersionId} is not the version in force (${v.id}, seq ${v.seq}); reload and retry`,
    });
  };
  /** A district the plan does not know would slip past every per-district cap: refused here. */
  const checkDistrict = async (v: PlanVersion, supply: Record<string, unknown>): Promise<void> => {
    const d = supply.district;
    if (typeof d !== 'string') return;
    const known = await planDistricts(store.db, v);
    if (known.length > 0 && !known.some((x) => x.id === d)) {
      throw new ApiError('validation', undefined, [{ path: 'body.supply.district', message: `计划中没有片区 "${d}" / the plan has no district "${d}"` }]);
    }
  };
  /**
   * Records a supply through services/record-supply for a caller holding one of `roles` in the
   * plan's jurisdiction; with a `reason`, as that caller's authorised override. A retry of a
   * supply already recorded answers 200 with the existing record (`replayed`).
   */
  const record = async (planId: number, planVersionId: number, request: FastifyRequest, user: SessionUser | undefined, action: 'supply.record' | 'supply.override', setStatus: (s: 200 | 201) => void, lang: Lang, reason?: string): Promise<SupplyRecordedDto> => {
    const v = await versionOf(planId, user, action);
    await requireAction(store.db, user, action, v.jurisdictionCode);
    inForce(v, planVersionId);
    const supply = rawSupply(request);
    await checkDistrict(v, supply);
    const actor = user?.username ?? 'unknown';
    const out = await recordSupply(store, {
      supply,
      planVersionId: v.id,
      jurisdictionCode: v.jurisdictionCode,
      actor,
      ...(reason !== undefined ? { override: { by: actor, reason } } : {}),
      ...(constraints ? { constraints: constraints() } : {}),
    });
    if (!out.accepted) {
      if (out.reason === 'input') throw new ApiError('validation', out.message, [{ path: `body.supply.${out.field ?? '(root)'}`, message: lang === 'en' ? out.message.en : out.message.zh }]);
      const details = (out.check?.findings ?? []).filter((f) => f.severity === 'error').map((f) => ({ path: f.rule, message: f.message.zh }));
      throw new ApiError('conflict', out.message, details);
    }
    if (out.replayed) {
      setStatus(200);
      return { recordIds: [...out.recordIds], parcelId: out.parcelId, allowed: true, replayed: true, ...(out.overridden.length ? { overridden: [...out.overridden] } : {}), findings: [], impact: [] };
    }
    return {
      recordIds: [...out.recordIds],
      parcelId: out.parcelId,
      allowed: true,
      ...(out.overridden.length ? { overridden: [...out.overridden] } : {}),
      findings: out.check.findings.map(findingDto),
      impact: out.check.quotaImpact.map(impactDto),
    };
  };
  return [
    defineRoute({
      method: 'POST',
      url: '/api/supply/check',
      tag: 'supply',
      summary: { zh: '供地预审：规则审查与指标影响（不写入）', en: 'check a proposed supply: findings and quota impact (writes nothing)' },
      access: rolesFor('supply.check'),
      body: supplyRequestSchema,
      response: supplyCheckSchema,
      bodyLimit: SUPPLY_BODY_LIMIT,
      handler: async ({ body, request, user }) => {
        // A what-if: on the version named (a draft or one under consultation too), else the one in force.
        const named = body.planVersionId !== undefined ? await getPlanVersion(store.db, body.planVersionId) : undefined;
        if (named && named.planId !== body.planId) throw new ApiError('not-found');
        const v = named ?? (await versionOf(body.planId, user, 'supply.check'));
        await requireAction(store.db, user, 'supply.check', v.jurisdictionCode);
        const supply = rawSupply(request);
        await checkDistrict(v, supply);
        const r = checkerFor(ruleSetOfVersion(v.ruleSet, v.year)).check(supply, { quota: await quotaStateFromStore(store, v.id), ...(constraints ? { constraints: constraints() } : {}) });
        return { allowed: r.verdict === 'pass', findings: r.findings.map(findingDto), impact: r.quotaImpact.map(impactDto) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/supply',
      tag: 'supply',
      summary: { zh: '登记供地（规则复核；计划指标不得突破）', en: 'record a supply (rules re-checked; binding caps may not be exceeded)' },
      access: rolesFor('supply.record'),
      body: supplyRecordRequestSchema,
      response: supplyRecordedSchema,
      status: 201,
      bodyLimit: SUPPLY_BODY_LIMIT,
      handler: async ({ body, request, user, setStatus, lang }) => record(body.planId, body.planVersionId, request, user, 'supply.record', setStatus, lang),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/supply/override',
      tag: 'supply',
      summary: {
        zh: '越规登记供地：审批人说明理由后登记有错误级审查意见的供地（计划约束性指标仍不得突破）',
        en: 'record a supply despite error findings, by an approver with a reason (binding caps still hold)',
      },
      access: rolesFor('supply.override'),
      body: supplyOverrideRequestSchema,
      response: supplyRecordedSchema,
      status: 201,
      bodyLimit: SUPPLY_BODY_LIMIT,
      handler: async ({ body, request, user, setStatus, lang }) => record(body.planId, body.planVersionId, request, user, 'supply.override', setStatus, lang, body.reason),
    }),
  ];
}
