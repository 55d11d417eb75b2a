/**
 * Plans, their versions, figures, attachment tables and findings. The public — and a user for a
 * jurisdiction outside their grants — sees only versions that have been issued publicly
 * (征求意见稿, published, adjusted, closed) and no findings; a user who may read the jurisdiction
 * sees every version, drafts included, with its findings.
 */
import type { PlanServices } from '../deps.js';
import { z } from 'zod';
import type { PlanVersion } from '../../store/repos/plans.js';
import type { Store } from '../../store/database.js';
import { listPlansWithVersions, pickVersion, planDistricts, planFigures, planItem } from '../../services/dashboard-plans.js';
import { PUBLIC_STATES } from '../../domain/plan/lifecycle.js';
import { inScope, readScope, requireAction } from '../auth/scope.js';
import type { SessionUser } from '../auth/sessions.js';
import { ApiError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../route.js';
import { STAFF } from '../auth/roles.js';
import { findingSchema, idParam, planDetailSchema, planSummarySchema, planVersionSchema, versionSummarySchema, type FindingDto, type TableDto } from '../schemas.js';
import { findingDto, flaggedFindings, planSummary, versionDto } from './convert.js';
import { planVersionSummaries, publicSummary } from '../../services/plan-lifecycle.js';


const planParams = z.object({ planId: idParam });
const versionQuery = z.object({ version: idParam.optional() });

interface VersionView {
  readonly figures: ReturnType<typeof planFigures>;
  readonly attachments: TableDto[];
  readonly findings: FindingDto[];
  readonly flagged: FindingDto[];
}

export function planRoutes(store: Store, services: PlanServices): AnyRoute[] {
  // Versions are immutable: what is derived from one is computed once.
  const views = new Map<number, VersionView>();
  const viewOf = (version: PlanVersion, warn?: (message: string) => void): VersionView => {
    let v = views.get(version.id);
    if (!v) {
      const figures = planFigures(version);
      v = {
        figures,
        attachments: services.attachmentTables ? [...services.attachmentTables(version, warn)] : [],
        findings: (services.checkPlan ? services.checkPlan(version) : figures.structuralFindings).map(findingDto),
        flagged: flaggedFindings(version.flagged),
      };
      views.set(version.id, v);
    }
    return v;
  };
  /** The plan as this user may see it: everything within their scope, public versions elsewhere. */
  const load = async (planId: number, versionId: number | undefined, user: SessionUser | undefined) => {
    const all = await planItem(store.db, planId, { publicOnly: false });
    const full = !!all && inScope(await readScope(store.db, user), all.jurisdictionCode);
    const item = full ? all : await planItem(store.db, planId, { publicOnly: true });
    const version = item ? await pickVersion(store.db, item, versionId) : undefined;
    if (!item || !version) throw new ApiError('not-found');
    return { item, version, full };
  };
  return [
    defineRoute({
      method: 'GET',
      url: '/api/plans',
      tag: 'plans',
      summary: { zh: '供应计划列表', en: 'supply plans' },
      access: 'public',
      response: z.object({ plans: z.array(planSummarySchema) }),
      handler: async ({ user }) => {
        const scope = await readScope(store.db, user);
        const plans = await listPlansWithVersions(store.db, { publicOnly: false });
        return {
          plans: plans
            .map((p) => ({ p, versions: inScope(scope, p.jurisdictionCode) ? p.versions : p.versions.filter((v) => PUBLIC_STATES.includes(v.status)) }))
            .filter((x) => x.versions.length > 0)
            .map((x) => planSummary(x.p, x.versions)),
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/plans/:planId',
      tag: 'plans',
      summary: { zh: '计划详情：指标、附表与审查意见', en: 'a plan version: figures, attachment tables and findings' },
      access: 'public',
      params: planParams,
      query: versionQuery,
      response: planDetailSchema,
      handler: async ({ params, query, user, request }) => {
        const { item, version, full } = await load(params.planId, query.version, user);
        const view = viewOf(version, (m) => request.log.warn(m));
        const figures = view.figures;
        return {
          plan: planSummary(item, item.versions),
          version: versionDto(version),
          totalHa: figures.totalHa,
          categories: figures.categories,
          cells: figures.cells,
          districts: await planDistricts(store.db, version),
          marginals: figures.marginals,
          attachments: view.attachments,
          // Findings are for those who may read the jurisdiction (as /findings is).
          findings: full ? view.findings : [],
          flagged: full ? view.flagged : [],
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/plans/:planId/versions',
      tag: 'plans',
      summary: { zh: '计划版本（调整历史）', en: 'plan versions (adjustment history)' },
      access: 'public',
      params: planParams,
      response: z.object({ versions: z.array(planVersionSchema.extend(versionSummarySchema.shape)) }),
      handler: async ({ params, user }) => {
        const { item, full } = await load(params.planId, undefined, user);
        // Each version with its life (docs/plan-life.md VersionSummary); the public sees public versions, without who moved them.
        const summaries = new Map((await planVersionSummaries(store.db, item.id)).map((s) => [s.id, s]));
        return {
          versions: item.versions.map((v) => {
            const s = summaries.get(v.id)!;
            const shown = full ? s : publicSummary(s);
            return { ...versionDto(v), ...shown, next: [...shown.next], transitions: [...shown.transitions] };
          }),
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/plans/:planId/findings',
      tag: 'findings',
      summary: { zh: '计划审查意见（含法规依据）', en: 'plan findings with their legal basis' },
      access: STAFF,
      params: planParams,
      query: versionQuery,
      response: z.object({ versionId: z.number(), findings: z.array(findingSchema), flagged: z.array(findingSchema) }),
      handler: async ({ params, query, user }) => {
        const item = await planItem(store.db, params.planId, { publicOnly: false });
        if (!item) throw new ApiError('not-found');
        await requireAction(store.db, user, 'register.read', item.jurisdictionCode);
        const { version } = await load(params.planId, query.version, user);
        const view = viewOf(version);
        return { versionId: version.id, findings: view.findings, flagged: view.flagged };
      },
    }),
  ];
}
