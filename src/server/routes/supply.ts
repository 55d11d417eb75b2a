/**
 * Supply decisions: check (what would this supply do to the quotas, and what do the rules say)
 * and record (the ledger re-checks every binding cap in the same transaction and writes).
 * Check is open to everyone who works on the plan; recording to the bureau (editor) and admin.
 */
import { z } from 'zod';
import { Area } from '../../domain/area.js';
import type { Finding } from '../../domain/finding.js';
import type { MethodGroup } from '../../domain/plan/cube.js';
import type { Store } from '../../store/database.js';
import { currentVersion } from '../../store/repos/plans.js';
import { quotaImpact, recordSupply, type IndicatorImpact, type Refusal, type SupplyKey } from '../../services/ledger.js';
import { ApiError } from '../errors.js';
import { CHECKERS, WRITERS } from '../auth/roles.js';
import { defineRoute, type AnyRoute } from '../route.js';
import { supplyCheckSchema, supplyInputSchema, supplyRecordedSchema, type IndicatorImpactDto, type SupplyInputDto } from '../schemas.js';
import { findingDto } from './convert.js';

/** The rules engine's findings for a proposed supply (services/check-supply), when present. */
export type SupplyRules = (input: SupplyInputDto, planVersionId: number) => Promise<readonly Finding[]>;

export function methodGroup(code: SupplyInputDto['method']): MethodGroup {
  switch (code) {
    case '1':
      return 'allocation';
    case '4':
      return 'lease';
    case '5':
      return 'capitalContribution';
    case '6':
      return 'authorizedOperation';
    default:
      return 'grant';
  }
}

export function supplyKey(input: SupplyInputDto): { key: SupplyKey; area: Area } {
  const area = Area.fromHectares(input.areaHa);
  const existing = input.existingLandAreaHa === undefined ? Area.zero : Area.fromHectares(input.existingLandAreaHa);
  if (existing.compare(area) > 0) throw new ApiError('validation', undefined, [{ path: 'body.existingLandAreaHa', message: '存量面积不能大于供地面积 / exceeds the supply area' }]);
  if (!existing.squareMetres.isZero() && !existing.equals(area)) {
    throw new ApiError('validation', undefined, [{ path: 'body.existingLandAreaHa', message: '新增与存量部分请分别登记 / record the new and existing parts separately' }]);
  }
  const month = Number(input.suppliedOn.slice(5, 7));
  const quarter = Math.ceil(month / 3) as 1 | 2 | 3 | 4;
  const key: SupplyKey = {
    category: input.category,
    method: methodGroup(input.method),
    source: existing.squareMetres.isZero() ? 'new' : 'existing',
    quarter,
    ...(input.district !== undefined ? { district: input.district } : {}),
    ...(input.housingType !== undefined ? { housingType: input.housingType } : {}),
  };
  return { key, area };
}

function impactDto(i: IndicatorImpact): IndicatorImpactDto {
  return { id: i.indicatorId, label: i.label, kind: i.kind, capHa: i.cap.hectares.toFixed(), debitedHa: i.debitedBefore.hectares.toFixed(), afterHa: i.debitedAfter.hectares.toFixed(), exceeds: i.exceeds };
}

function refusalFinding(r: Refusal): Finding {
  return {
    rule: r.reason === 'exceeds-indicator' ? 'quota-binding-cap' : `quota-${r.reason}`,
    severity: 'error',
    message: r.message,
    figures: r.reason === 'exceeds-indicator' ? [r.indicator.indicatorId] : [],
    ...(r.reason === 'exceeds-indicator' ? { basis: '国土资发〔2010〕117号：供应计划指标实行总量控制，不得突破' } : {}),
  };
}

export function supplyRoutes(store: Store, rules: SupplyRules | undefined): AnyRoute[] {
  const prepare = async (input: SupplyInputDto) => {
    const version = await currentVersion(store.db, input.planId);
    if (!version) throw new ApiError('not-found');
    const { key, area } = supplyKey(input);
    // The ledger matches indicators by key; a district the plan does not know would slip past
    // every per-district cap, so it is refused here.
    const districts = version.cube.districts;
    if (input.district !== undefined && districts.length > 0 && !districts.some((d) => d.id === input.district)) {
      throw new ApiError('validation', undefined, [{ path: 'body.district', message: `计划中没有片区 "${input.district}" / the plan has no district "${input.district}"` }]);
    }
    const [quota, findings] = await Promise.all([quotaImpact(store, { planVersionId: version.id, key, area }), rules ? rules(input, version.id) : Promise.resolve([])]);
    const all = [...(quota.refusal ? [refusalFinding(quota.refusal)] : []), ...findings];
    return { version, key, area, quota, findings: all, allowed: quota.ok && !all.some((f) => f.severity === 'error') };
  };
  return [
    defineRoute({
      method: 'POST',
      url: '/api/supply/check',
      tag: 'supply',
      summary: { zh: '供地预审：规则审查与指标影响（不写入）', en: 'check a proposed supply: findings and quota impact (writes nothing)' },
      access: CHECKERS,
      body: supplyInputSchema,
      response: supplyCheckSchema,
      handler: async ({ body }) => {
        const p = await prepare(body);
        return { allowed: p.allowed, findings: p.findings.map(findingDto), impact: p.quota.impacts.map(impactDto) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/supply',
      tag: 'supply',
      summary: { zh: '登记供地（计划指标不得突破）', en: 'record a supply (binding caps may not be exceeded)' },
      access: WRITERS,
      body: supplyInputSchema,
      response: supplyRecordedSchema,
      status: 201,
      handler: async ({ body, user }) => {
        const p = await prepare(body);
        if (!p.allowed) {
          const first = p.findings.find((f) => f.severity === 'error');
          throw new ApiError('conflict', first?.message);
        }
        const note = [body.projectName, body.parcelNumber ? `宗地 ${body.parcelNumber}` : undefined, body.note].filter(Boolean).join(' · ');
        const out = await recordSupply(store, {
          planVersionId: p.version.id,
          key: p.key,
          area: p.area,
          suppliedOn: body.suppliedOn,
          ...(body.parcelId !== undefined ? { parcelId: body.parcelId } : {}),
          ...(note ? { note } : {}),
          actor: user?.username ?? 'unknown',
        });
        if (!out.accepted) throw new ApiError('conflict', out.message);
        return { id: out.recordId, allowed: true, findings: p.findings.map(findingDto), impact: out.impacts.map(impactDto) };
      },
    }),
  ];
}
