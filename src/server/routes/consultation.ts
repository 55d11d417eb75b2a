/**
 * Public consultation, joint review (联审), land demands (用地需求) and the compile context of a
 * plan (docs/plan-life.md). Thin: services/consultation, services/joint-review,
 * services/land-demands and services/plan-context do the work.
 *
 * Comments are text: every answer is JSON (never HTML), the app's CSP forbids inline script, and
 * the web app renders a comment as a text node. The public POST has its own small body limit and,
 * before the per-client comment limits, a per-address request limit that also covers refused posts.
 */
import { z } from 'zod';
import { rolesFor, ROLES } from '../../domain/access.js';
import { ANSWER_KINDS, COMMENT_BODY_MAX, COMMENT_ITEM_KINDS, COMMENT_NAME_MAX, MODERATION_REASON_MAX, type RateLimits } from '../../domain/plan/consultation.js';
import { safeName, safeText } from '../../domain/text.js';
import type { Store } from '../../store/database.js';
import { versionHead, type ConsultationComment, type VersionHead } from '../../store/repos/consultation.js';
import { listLandDemands, DEMAND_PRIORITIES, type LandDemand } from '../../store/repos/land-demands.js';
import { getComment } from '../../store/repos/consultation.js';
import { getReview, getReviewRequest } from '../../store/repos/plan-reviews.js';
import { answer, CommentDesk, COMMENT_PAGE_MAX, hide, publicComments, publishAnswers, staffComments, type Refusal } from '../../services/consultation.js';
import { answerObjection, requestReviews, review, reviews, type ReviewRefusal } from '../../services/joint-review.js';
import { submitDemand } from '../../services/land-demands.js';
import { cachedJournalMarks, planContext } from '../../services/plan-context.js';
import { getPlan } from '../../store/repos/plans.js';
import { inScope, readScope, requireAction } from '../auth/scope.js';
import type { SessionUser } from '../auth/sessions.js';
import { ApiError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../route.js';
import { idParam, isoDate } from '../schemas.js';
import type { FastifyReply } from 'fastify';

export interface ConsultationOptions {
  /** Per-client comment limits (default 5 a minute, 50 a day). */
  readonly limits?: RateLimits;
  /** Requests a minute per client address to the public comment POST, refused ones included (default 10). */
  readonly postsPerMinutePerAddress?: number;
}

const idParams = z.object({ id: idParam });
const planParams = z.object({ planId: idParam });
/** The public comment request: 2000 characters may be 12 KB of JSON escapes; nothing needs more. */
const COMMENT_BODY_LIMIT = 16 * 1024;

const itemSchema = z.object({ kind: z.enum(COMMENT_ITEM_KINDS), key: z.string().max(64).nullable() });
const answerSchema = z.object({ kind: z.enum(ANSWER_KINDS), kindName: z.object({ zh: z.string(), en: z.string() }), reason: z.string(), at: z.string() });
const publicCommentsSchema = z.object({
  versionId: z.number(),
  state: z.string(),
  consultation: z.object({ from: z.string(), until: z.string() }).nullable(),
  open: z.boolean(),
  answersPublishedAt: z.string().nullable(),
  total: z.number(),
  nextAfter: z.number().nullable(),
  comments: z.array(z.object({ id: z.number(), item: itemSchema, createdAt: z.string(), name: z.string().nullable(), body: z.string().nullable(), hidden: z.object({ reason: z.string() }).nullable(), answer: answerSchema.nullable() })).readonly(),
});
const staffCommentSchema = z.object({
  id: z.number(),
  versionId: z.number(),
  item: itemSchema,
  name: z.string().nullable(),
  body: z.string(),
  createdAt: z.string(),
  hidden: z.object({ reason: z.string(), by: z.string(), at: z.string() }).nullable(),
  answer: z.object({ id: z.number(), kind: z.enum(ANSWER_KINDS), reason: z.string(), by: z.string(), at: z.string() }).nullable(),
  answerCount: z.number(),
});
const reviewsSchema = z.array(
  z.object({
    requestId: z.number(),
    department: z.string(),
    deadline: z.string(),
    overdue: z.boolean(),
    createdAt: z.string(),
    createdBy: z.string(),
    reviews: z.array(z.object({ id: z.number(), reviewer: z.string(), decision: z.enum(['approve', 'object']), reason: z.string().nullable(), decidedAt: z.string(), answer: z.object({ text: z.string(), by: z.string(), at: z.string() }).nullable() })).readonly(),
  }),
);
const demandSchema = z.object({
  id: z.number(),
  jurisdictionCode: z.string(),
  year: z.number(),
  department: z.string(),
  project: z.string(),
  category: z.string(),
  hectares: z.string(),
  mu: z.string(),
  district: z.string().nullable(),
  quarter: z.number().nullable(),
  priority: z.enum(DEMAND_PRIORITIES),
  note: z.string().nullable(),
  submittedBy: z.string(),
  submittedAt: z.string(),
  takenIntoVersionId: z.number().nullable(),
});
const hectaresOrNull = z.string().nullable();
const contextSchema = z.object({
  planId: z.number(),
  jurisdictionCode: z.string(),
  year: z.number(),
  lastYear: z.object({ year: z.number(), planId: z.number().nullable(), versionId: z.number().nullable(), state: z.string().nullable() }),
  fiveYearAverage: z.object({ years: z.array(z.number()), count: z.number() }),
  readyParcelsBasis: z.enum(['clean-land', 'unsupplied']),
  approvedUnsuppliedKnown: z.boolean(),
  rows: z.array(
    z.object({
      category: z.string(),
      label: z.object({ zh: z.string(), en: z.string() }),
      lastYearPlan: hectaresOrNull,
      lastYearSupplied: hectaresOrNull,
      fiveYearAverage: hectaresOrNull,
      readyParcels: z.object({ count: z.number(), hectares: z.string() }),
      approvedUnsupplied: hectaresOrNull,
    }),
  ),
});

function demandDto(d: LandDemand): z.input<typeof demandSchema> {
  return {
    id: d.id,
    jurisdictionCode: d.jurisdictionCode,
    year: d.year,
    department: d.department,
    project: d.project,
    category: d.category,
    hectares: d.area.hectares.toFixed(),
    mu: d.area.mu.toFixed(2),
    district: d.district,
    quarter: d.quarter,
    priority: d.priority,
    note: d.note,
    submittedBy: d.submittedBy,
    submittedAt: d.submittedAt,
    takenIntoVersionId: d.takenIntoVersionId,
  };
}

function staffCommentDto(c: ConsultationComment): z.input<typeof staffCommentSchema> {
  return { ...c, item: { kind: c.item.kind, key: c.item.key } };
}

/** A service refusal as the API answers it (Retry-After on 429). */
function refused(reply: FastifyReply, r: Refusal | ReviewRefusal): never {
  if (r.status === 404) throw new ApiError('not-found', { zh: r.zh, en: r.en });
  if (r.status === 429) {
    void reply.header('retry-after', String('retryAfterSeconds' in r && r.retryAfterSeconds ? r.retryAfterSeconds : 60));
    throw new ApiError('rate-limited', { zh: r.zh, en: r.en });
  }
  throw new ApiError('conflict', { zh: r.zh, en: r.en }, [{ path: 'reason', message: r.code }]);
}

export function consultationRoutes(store: Store, o: ConsultationOptions = {}): AnyRoute[] {
  const journalMarks = cachedJournalMarks();
  const desk = new CommentDesk(store, o.limits ? { limits: o.limits } : {});

  /** The version, if the user may read its jurisdiction (else 404: a draft elsewhere does not exist for them). */
  const readable = async (versionId: number, user: SessionUser | undefined): Promise<VersionHead> => {
    const head = await versionHead(store.db, versionId);
    if (!head || !inScope(await readScope(store.db, user), head.jurisdictionCode)) throw new ApiError('not-found');
    return head;
  };
  /** The version, if the user may take `action` on its jurisdiction (404 when unreadable, 403 when read-only). */
  const actable = async (versionId: number, user: SessionUser | undefined, action: Parameters<typeof requireAction>[2]): Promise<VersionHead> => {
    const head = await readable(versionId, user);
    await requireAction(store.db, user, action, head.jurisdictionCode);
    return head;
  };

  return [
    // ---- public consultation ----
    defineRoute({
      method: 'GET',
      url: '/api/public/plan-versions/:id/comments',
      tag: 'consultation',
      summary: { zh: '公开：某版本的公众意见（隐藏的只显示隐藏理由；答复公布后显示答复）', en: 'public: the comments on a version (hidden ones as their reason only; answers once published)' },
      access: 'public',
      params: idParams,
      query: z.object({ after: idParam.optional(), limit: z.coerce.number().int().min(1).max(COMMENT_PAGE_MAX).optional() }),
      response: publicCommentsSchema,
      handler: async ({ params, query }) => {
        const r = await publicComments(store, params.id, { ...(query.after !== undefined ? { after: query.after } : {}), ...(query.limit !== undefined ? { limit: query.limit } : {}) });
        if (!r) throw new ApiError('not-found');
        return r;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/public/plan-versions/:id/comments',
      tag: 'consultation',
      summary: { zh: '公开：对征求意见稿提出意见（无需登录；限长、限频）', en: 'public: comment on a draft under consultation (no account; length and rate limits)' },
      access: 'public',
      params: idParams,
      body: z.strictObject({
        item: z.strictObject({ kind: z.enum(COMMENT_ITEM_KINDS), key: z.string().max(64).nullable().optional() }),
        body: z.string().min(1).max(COMMENT_BODY_MAX),
        name: z.string().max(COMMENT_NAME_MAX).nullable().optional(),
      }),
      response: z.object({ id: z.number() }),
      status: 201,
      bodyLimit: COMMENT_BODY_LIMIT,
      rateLimit: { max: o.postsPerMinutePerAddress ?? 10, timeWindowMs: 60_000 },
      handler: async ({ params, body, request, reply }) => {
        const r = await desk.post(params.id, { item: body.item, body: body.body, name: body.name ?? null }, request.ip);
        if (!r.ok) refused(reply, r);
        return { id: r.id };
      },
    }),

    // ---- staff: moderation and answers ----
    defineRoute({
      method: 'GET',
      url: '/api/plan-versions/:id/comments',
      tag: 'consultation',
      summary: { zh: '某版本的全部公众意见（含隐藏的）及答复', en: 'every comment on a version (hidden ones too) with its answer' },
      access: ROLES,
      params: idParams,
      response: z.array(staffCommentSchema),
      handler: async ({ params, user }) => {
        await readable(params.id, user);
        return (await staffComments(store, params.id)).map(staffCommentDto);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/comments/:id/hide',
      tag: 'consultation',
      summary: { zh: '隐藏一条意见（须说明理由，不删除）', en: 'hide a comment with a reason (never deleted)' },
      access: rolesFor('comment.moderate'),
      params: idParams,
      body: z.strictObject({ reason: safeText({ min: 1, max: MODERATION_REASON_MAX, multiline: true }) }),
      response: staffCommentSchema,
      handler: async ({ params, body, user }) => {
        const c = await getComment(store.db, params.id);
        if (!c) throw new ApiError('not-found');
        await actable(c.versionId, user, 'comment.moderate');
        if (c.hidden) throw new ApiError('conflict', { zh: `该意见已于 ${c.hidden.at} 隐藏`, en: `this comment was hidden at ${c.hidden.at}` });
        return staffCommentDto(await hide(store, params.id, body.reason, user!.username));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/comments/:id/answer',
      tag: 'consultation',
      summary: { zh: '答复一条意见：采纳 / 部分采纳 / 不采纳，并说明理由（以最新答复为准）', en: 'answer a comment: adopted / partly / rejected, with a reason (the latest counts)' },
      access: rolesFor('plan.edit'),
      params: idParams,
      body: z.strictObject({ kind: z.enum(ANSWER_KINDS), reason: safeText({ min: 1, max: MODERATION_REASON_MAX, multiline: true }) }),
      response: staffCommentSchema,
      handler: async ({ params, body, user, reply }) => {
        const c = await getComment(store.db, params.id);
        if (!c) throw new ApiError('not-found');
        await actable(c.versionId, user, 'plan.edit');
        const r = await answer(store, params.id, body.kind, body.reason, user!.username);
        if ('ok' in r) refused(reply, r);
        return staffCommentDto(r);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/plan-versions/:id/answers/publish',
      tag: 'consultation',
      summary: { zh: '征求意见期满后统一公布答复', en: 'publish the answers together once the consultation has closed' },
      access: rolesFor('comment.moderate'),
      params: idParams,
      response: z.object({ at: z.string(), comments: z.number(), answered: z.number() }),
      handler: async ({ params, user, reply }) => {
        await actable(params.id, user, 'comment.moderate');
        const r = await publishAnswers(store, params.id, user!.username);
        if (!r.ok) refused(reply, r);
        return { at: r.at, comments: r.comments, answered: r.answered };
      },
    }),

    // ---- joint review (联审) ----
    defineRoute({
      method: 'POST',
      url: '/api/plan-versions/:id/review-requests',
      tag: 'review',
      summary: { zh: '请部门联审：部门名单与截止日期', en: 'ask departments to review a version by a deadline' },
      access: rolesFor('plan.edit'),
      params: idParams,
      body: z.strictObject({ departments: z.array(safeName(60)).min(1).max(30), deadline: isoDate }),
      response: reviewsSchema,
      status: 201,
      handler: async ({ params, body, user, reply }) => {
        await actable(params.id, user, 'plan.edit');
        const r = await requestReviews(store, params.id, body.departments, body.deadline, user!.username);
        if (!Array.isArray(r)) refused(reply, r);
        return r;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/plan-versions/:id/reviews',
      tag: 'review',
      summary: { zh: '联审情况：各部门的审查意见、答复与是否逾期', en: 'joint review: each department’s reviews, answers and whether it is overdue' },
      access: ROLES,
      params: idParams,
      response: reviewsSchema,
      handler: async ({ params, user }) => {
        await readable(params.id, user);
        return reviews(store, params.id);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/review-requests/:id/reviews',
      tag: 'review',
      summary: { zh: '部门审查意见：同意，或提出异议并说明理由', en: 'a department’s review: approve, or object with a reason' },
      access: rolesFor('plan.review'),
      params: idParams,
      body: z.strictObject({ decision: z.enum(['approve', 'object']), reason: safeText({ max: MODERATION_REASON_MAX, multiline: true }).optional() }),
      response: z.object({ id: z.number() }),
      status: 201,
      handler: async ({ params, body, user, reply }) => {
        const q = await getReviewRequest(store.db, params.id);
        if (!q) throw new ApiError('not-found');
        await actable(q.versionId, user, 'plan.review');
        const r = await review(store, params.id, { reviewer: user!.username, decision: body.decision, reason: body.reason ?? null });
        if (!r.ok) refused(reply, r);
        return { id: r.id };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/reviews/:id/answer',
      tag: 'review',
      summary: { zh: '答复部门异议', en: 'answer a department’s objection' },
      access: rolesFor('plan.edit'),
      params: idParams,
      body: z.strictObject({ answer: safeText({ min: 1, max: MODERATION_REASON_MAX, multiline: true }) }),
      response: z.object({ ok: z.literal(true) }),
      handler: async ({ params, body, user, reply }) => {
        const rv = await getReview(store.db, params.id);
        if (!rv) throw new ApiError('not-found');
        await actable(rv.versionId, user, 'plan.edit');
        const r = await answerObjection(store, params.id, body.answer, user!.username);
        if (!r.ok) refused(reply, r);
        return { ok: true as const };
      },
    }),

    // ---- land demands (用地需求) ----
    defineRoute({
      method: 'POST',
      url: '/api/demands',
      tag: 'demands',
      summary: { zh: '提交年度用地需求', en: 'submit a land demand for a year' },
      access: rolesFor('demand.submit'),
      body: z.strictObject({
        jurisdictionCode: z.string().regex(/^\d{6}$/),
        year: z.number().int(),
        department: safeName(60),
        project: safeName(120),
        category: z.string().regex(/^[A-Za-z0-9]{1,40}$/),
        hectares: z.string().max(20),
        district: safeName(60).nullable().optional(),
        quarter: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).nullable().optional(),
        priority: z.enum(DEMAND_PRIORITIES),
        note: safeText({ max: MODERATION_REASON_MAX, multiline: true }).nullable().optional(),
      }),
      response: demandSchema,
      status: 201,
      handler: async ({ body, user }) => {
        await requireAction(store.db, user, 'demand.submit', body.jurisdictionCode);
        return demandDto(await submitDemand(store, body, user!.username));
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/demands',
      tag: 'demands',
      summary: { zh: '用地需求清单（本账号可读的辖区）', en: 'land demands (of the jurisdictions this account reads)' },
      access: ROLES,
      query: z.object({ jurisdiction: z.string().regex(/^\d{6}$/).optional(), year: z.coerce.number().int().min(2000).max(2999).optional() }),
      response: z.array(demandSchema),
      handler: async ({ query, user }) => {
        const scope = await readScope(store.db, user);
        if (query.jurisdiction !== undefined && !inScope(scope, query.jurisdiction)) throw new ApiError('forbidden', { zh: `当前账号无权查看 ${query.jurisdiction} 的数据`, en: `your account may not read jurisdiction ${query.jurisdiction}` });
        const codes = query.jurisdiction !== undefined ? [query.jurisdiction] : scope;
        return (await listLandDemands(store.db, { jurisdictionCodes: codes, ...(query.year !== undefined ? { year: query.year } : {}) })).map(demandDto);
      },
    }),

    // ---- compile context ----
    defineRoute({
      method: 'GET',
      url: '/api/plans/:planId/context',
      tag: 'plans',
      summary: { zh: '编制参考：上年计划与实际供应、近五年平均供应、可供宗地、批而未供', en: 'what informs each row: last year’s plan and supply, the five-year average, ready parcels, approved-but-unsupplied land' },
      access: ROLES,
      params: planParams,
      response: contextSchema,
      handler: async ({ params, user }) => {
        const plan = await getPlan(store.db, params.planId);
        if (!plan || !inScope(await readScope(store.db, user), plan.jurisdictionCode)) throw new ApiError('not-found');
        return planContext(store, params.planId, journalMarks);
      },
    }),
  ];
}
