/**
 * The plan's life (docs/plan-life.md): start a plan, read and edit its versions, move them through
 * their states, revise, adjust, record the collective decision, take a land demand in, diff two
 * versions; and the public view of a plan's versions and of the plan as it stood on a date. Thin:
 * services/plan-lifecycle does the work and refuses what the state machine does not allow (409,
 * or 403 for a role that may not; the app's error handler maps RefusedError).
 */
import { z } from 'zod';
import { rolesFor, type Role } from '../../domain/access.js';
import { chinaDate } from '../../domain/calendar/cst.js';
import type { PlanServices } from '../deps.js';
import type { Store } from '../../store/database.js';
import { getJurisdiction } from '../../store/repos/jurisdictions.js';
import { getPlan, getPlanVersion, listPlans, type PlanVersion } from '../../store/repos/plans.js';
import {
  adjust,
  editDraftCube,
  isPublic,
  newPlan,
  planVersionSummaries,
  publicSummary,
  recordDecision,
  revise,
  standingOn,
  takeDemand,
  transition,
  versionDiff,
  versionSummary,
  type VersionSummary,
} from '../../services/plan-lifecycle.js';
import { planFigures } from '../../services/dashboard-plans.js';
import { inScope, readScope, requireAction } from '../auth/scope.js';
import type { SessionUser } from '../auth/sessions.js';
import { ApiError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../route.js';
import {
  cubeEditSchema,
  decisionRequestSchema,
  diffSchema,
  idParam,
  isoDate,
  newPlanRequestSchema,
  publicPlanSchema,
  reasonRequestSchema,
  transitionRequestSchema,
  versionDetailSchema,
  versionSummarySchema,
  type VersionSummaryDto,
} from '../schemas.js';
import { findingDto } from './convert.js';

const idParams = z.object({ id: idParam });
const planParams = z.object({ planId: idParam });
const diffParams = z.object({ a: idParam, b: idParam });
const demandParams = z.object({ id: idParam, demandId: idParam });
const newVersionSchema = z.object({ versionId: z.number() });
const okSchema = z.object({ ok: z.literal(true) });

/** Who may move a version at all: the service checks the move's own action (approve, publish, edit). */
const MOVERS: readonly Role[] = [...new Set([...rolesFor('plan.edit'), ...rolesFor('plan.approve'), ...rolesFor('plan.publish')])];

const dto = (s: VersionSummary): VersionSummaryDto => ({ ...s, next: [...s.next], transitions: [...s.transitions] });

export function planLifeRoutes(store: Store, services: PlanServices = {}): AnyRoute[] {
  /** The version if the user may read its jurisdiction; 404 otherwise (a draft elsewhere does not exist for them). */
  const readable = async (versionId: number, user: SessionUser | undefined): Promise<PlanVersion> => {
    const v = await getPlanVersion(store.db, versionId);
    if (!v || !inScope(await readScope(store.db, user), v.jurisdictionCode)) throw new ApiError('not-found');
    return v;
  };
  const editable = async (versionId: number, user: SessionUser | undefined): Promise<PlanVersion> => {
    const v = await readable(versionId, user);
    await requireAction(store.db, user, 'plan.edit', v.jurisdictionCode);
    return v;
  };
  const detail = async (v: PlanVersion): Promise<z.input<typeof versionDetailSchema>> => {
    const s = (await versionSummary(store.db, v.id))!;
    const fresh = (await getPlanVersion(store.db, v.id))!;
    const figures = planFigures(fresh);
    return {
      ...dto(s),
      cube: {
        dimensions: [...fresh.cube.dimensions],
        districts: fresh.cube.districts.map((d) => ({ id: d.id, name: d.name })),
        cells: fresh.cube.cells.map((c) => ({ key: { ...c.key } as Record<string, string | number>, hectares: c.area.hectares.toFixed(), mu: c.area.mu.toFixed(2) })),
        totalHectares: figures.totalHa,
      },
      tables: services.attachmentTables ? [...services.attachmentTables(fresh)] : [],
      findings: (services.checkPlan ? services.checkPlan(fresh) : figures.structuralFindings).map(findingDto),
    };
  };
  const username = (user: SessionUser | undefined): string => {
    if (!user) throw new ApiError('unauthenticated');
    return user.username;
  };
  /** Revise and adjust: a new version from this one, with the reason for it. */
  const newVersionRoute = (verb: 'revise' | 'adjust', summary: { zh: string; en: string }, make: typeof revise) =>
    defineRoute({
      method: 'POST',
      url: `/api/plan-versions/:id/${verb}`,
      tag: 'plan-life',
      summary,
      access: rolesFor('plan.edit'),
      params: idParams,
      body: reasonRequestSchema,
      response: newVersionSchema,
      status: 201,
      handler: async ({ params, body, user }) => {
        await editable(params.id, user);
        return make(store, params.id, body.reason, username(user));
      },
    });

  return [
    defineRoute({
      method: 'POST',
      url: '/api/plans',
      tag: 'plan-life',
      summary: { zh: '新建年度计划（空白或以某版本为底稿）', en: 'start a plan for a year (empty or from a version)' },
      access: rolesFor('plan.edit'),
      body: newPlanRequestSchema,
      response: z.object({ planId: z.number(), versionId: z.number(), state: z.string() }),
      status: 201,
      handler: async ({ body, user }) => {
        await requireAction(store.db, user, 'plan.edit', body.jurisdictionCode);
        if (body.fromVersionId !== undefined) await readable(body.fromVersionId, user);
        return newPlan(store, { jurisdictionCode: body.jurisdictionCode, year: body.year, ...(body.fromVersionId !== undefined ? { fromVersionId: body.fromVersionId } : {}), actor: username(user) });
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/plan-versions/:id',
      tag: 'plan-life',
      summary: { zh: '计划版本：状态、流转记录、指标与审查意见', en: 'a plan version: state, moves, cube and findings' },
      access: rolesFor('register.read'),
      params: idParams,
      response: versionDetailSchema,
      handler: async ({ params, user }) => detail(await readable(params.id, user)),
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/plan-versions/:id/cube',
      tag: 'plan-life',
      summary: { zh: '修改编制中或调整中版本的指标（合计、占比与亩数自动计算）', en: 'edit the cells of a draft or an adjustment (totals, shares and 亩 are derived)' },
      access: rolesFor('plan.edit'),
      params: idParams,
      body: cubeEditSchema,
      response: versionDetailSchema,
      handler: async ({ params, body, user }) => {
        const v = await editable(params.id, user);
        await editDraftCube(store, v.id, body.cells, username(user), { ...(body.note !== undefined ? { note: body.note } : {}), ...(body.commentIds ? { commentIds: body.commentIds } : {}) });
        return detail(v);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/plan-versions/:id/transitions',
      tag: 'plan-life',
      summary: { zh: '版本状态流转（征求意见、联审、报批、批准、公布、撤回、关闭）', en: 'move a version (consultation, review, submission, approval, publication, withdrawal, closing)' },
      access: MOVERS,
      params: idParams,
      body: transitionRequestSchema,
      response: versionSummarySchema,
      handler: async ({ params, body, user }) => {
        await readable(params.id, user);
        return dto(await transition(store, params.id, body, username(user)));
      },
    }),
    newVersionRoute('revise', { zh: '修订：由本版本生成下一版草稿，本版本撤回', en: 'revise: the next version as a draft; this one is withdrawn' }, revise),
    newVersionRoute('adjust', { zh: '调整现行版本（新版本，批准后生效）', en: 'adjust the version in force (a new version, in force once approved)' }, adjust),
    defineRoute({
      method: 'POST',
      url: '/api/plan-versions/:id/decision',
      tag: 'plan-life',
      summary: { zh: '记录调整的集体决策（日期、会议）', en: 'record an adjustment’s collective decision (date, meeting)' },
      access: rolesFor('plan.edit'),
      params: idParams,
      body: decisionRequestSchema,
      response: versionSummarySchema,
      handler: async ({ params, body, user }) => {
        await editable(params.id, user);
        await recordDecision(store, params.id, body, username(user));
        return dto((await versionSummary(store.db, params.id))!);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/plan-versions/:a/diff/:b',
      tag: 'plan-life',
      summary: { zh: '两个版本逐单元对比，含修改理由与相关意见', en: 'two versions compared cell by cell, with the reason and the comments behind the change' },
      access: rolesFor('register.read'),
      params: diffParams,
      response: diffSchema,
      handler: async ({ params, user }) => {
        await readable(params.a, user);
        await readable(params.b, user);
        const d = await versionDiff(store.db, params.a, params.b);
        return {
          ...d,
          cells: d.cells.map((c) => ({ key: { ...c.key } as Record<string, string | number>, label: c.label, before: c.before, after: c.after, delta: c.delta, ...(c.marginal ? { marginal: true } : {}) })),
          comments: d.comments.map((c) => ({ ...c, cellKey: c.cellKey ? ({ ...c.cellKey } as Record<string, string | number>) : null })),
        };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/plan-versions/:id/demands/:demandId/take',
      tag: 'plan-life',
      summary: { zh: '将用地需求纳入编制中的版本', en: 'take a land demand into a draft' },
      access: rolesFor('plan.edit'),
      params: demandParams,
      body: z.strictObject({}).optional(),
      response: versionDetailSchema,
      handler: async ({ params, user }) => {
        const v = await editable(params.id, user);
        await takeDemand(store, v.id, params.demandId, username(user));
        return detail(v);
      },
    }),
    // ---- public ----
    defineRoute({
      method: 'GET',
      url: '/api/public/plans',
      tag: 'plan-life',
      summary: { zh: '公开：各计划及其公开版本（状态、日期、文号）', en: 'public: plans and their public versions (state, dates, 文号)' },
      access: 'public',
      response: z.object({ plans: z.array(publicPlanSchema) }),
      handler: async () => {
        const out: z.input<typeof publicPlanSchema>[] = [];
        for (const p of await listPlans(store.db)) {
          const versions = (await planVersionSummaries(store.db, p.id)).filter(isPublic).map((s) => dto(publicSummary(s)));
          if (versions.length === 0) continue;
          out.push({ planId: p.id, jurisdictionCode: p.jurisdictionCode, jurisdictionName: (await getJurisdiction(store.db, p.jurisdictionCode))?.name ?? p.jurisdictionCode, year: p.year, name: p.name, versions });
        }
        return { plans: out };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/public/plans/:planId',
      tag: 'plan-life',
      summary: { zh: '公开：某日的计划（当日现行版本或征求意见稿）与全部公开版本', en: 'public: the plan as it stood on a date (the version in force then, or under consultation) and every public version' },
      access: 'public',
      params: planParams,
      query: z.object({ asOf: isoDate.optional() }),
      response: publicPlanSchema.extend({
        asOf: z.string(),
        inForce: versionSummarySchema.nullable(),
        consultation: versionSummarySchema.nullable(),
        /** The version shown (in force then, else under consultation then) with its cells. */
        shown: versionDetailSchema.omit({ findings: true }).nullable(),
      }),
      handler: async ({ params, query }) => {
        const p = await getPlan(store.db, params.planId);
        if (!p) throw new ApiError('not-found');
        const versions = (await planVersionSummaries(store.db, p.id)).filter(isPublic).map(publicSummary);
        if (versions.length === 0) throw new ApiError('not-found');
        const asOf = query.asOf ?? chinaDate(store.now());
        const standing = standingOn(versions, asOf);
        const show = standing.inForce ?? standing.consultation;
        let shown = null;
        if (show) {
          const { findings: _omit, ...rest } = await detail((await getPlanVersion(store.db, show.id))!);
          shown = { ...rest, ...dto(publicSummary((await versionSummary(store.db, show.id))!)) };
        }
        return {
          planId: p.id,
          jurisdictionCode: p.jurisdictionCode,
          jurisdictionName: (await getJurisdiction(store.db, p.jurisdictionCode))?.name ?? p.jurisdictionCode,
          year: p.year,
          name: p.name,
          versions: versions.map(dto),
          asOf,
          inForce: standing.inForce ? dto(standing.inForce) : null,
          consultation: standing.consultation ? dto(standing.consultation) : null,
          shown,
        };
      },
    }),
  ];
}
