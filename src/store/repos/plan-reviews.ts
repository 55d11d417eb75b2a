/**
 * Joint review (联审) of a version: which departments were asked, which have answered, and which
 * objections still wait for the editor's answer. The state machine's gate `review → submitted`
 * reads `reviewState` (domain/plan/lifecycle.ts `TransitionContext.review`).
 */
import type { Db, Store } from '../database.js';
import { appendAudit } from '../audit-log.js';
import { InputError } from '../errors.js';

export interface ReviewState {
  /** Departments asked to review this version. */
  readonly requested: number;
  /** Of them, those with no review yet. */
  readonly pending: number;
  /** Departments whose latest review is an objection with no answer. */
  readonly unansweredObjections: number;
}

export async function reviewState(db: Db, versionId: number): Promise<ReviewState> {
  const requests = await db.selectFrom('review_request').select(['id']).where('plan_version_id', '=', versionId).execute();
  if (requests.length === 0) return { requested: 0, pending: 0, unansweredObjections: 0 };
  const reviews = await db
    .selectFrom('plan_review as r')
    .innerJoin('review_request as q', 'q.id', 'r.request_id')
    .select(['r.id', 'r.request_id', 'r.decision'])
    .where('q.plan_version_id', '=', versionId)
    .orderBy('r.id')
    .execute();
  const answered = new Set(
    (await db.selectFrom('review_answer as a').innerJoin('plan_review as r', 'r.id', 'a.review_id').innerJoin('review_request as q', 'q.id', 'r.request_id').select('a.review_id').where('q.plan_version_id', '=', versionId).execute()).map((a) => Number(a.review_id)),
  );
  // The latest review of each department counts (it may object, then approve).
  const latest = new Map<number, { decision: string; answered: boolean }>();
  for (const r of reviews) latest.set(Number(r.request_id), { decision: r.decision, answered: answered.has(Number(r.id)) });
  let pending = 0;
  let unansweredObjections = 0;
  for (const q of requests) {
    const l = latest.get(Number(q.id));
    if (!l) pending++;
    else if (l.decision === 'object' && !l.answered) unansweredObjections++;
  }
  return { requested: requests.length, pending, unansweredObjections };
}

export interface ReviewRecord {
  readonly id: number;
  readonly reviewer: string;
  readonly decision: 'approve' | 'object';
  readonly reason: string | null;
  readonly decidedAt: string;
  readonly answer: { readonly text: string; readonly by: string; readonly at: string } | null;
}

export interface ReviewRequestRecord {
  readonly requestId: number;
  readonly versionId: number;
  readonly department: string;
  readonly deadline: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly reviews: readonly ReviewRecord[];
}

/** Asks departments to review a version by a deadline (one request per department and version); audited. */
export async function createReviewRequests(store: Store, versionId: number, departments: readonly string[], deadline: string, actor: string): Promise<number[]> {
  return store.write(async (tx) => {
    const have = new Set((await tx.selectFrom('review_request').select('department').where('plan_version_id', '=', versionId).execute()).map((r) => r.department));
    const dup = departments.find((d) => have.has(d));
    if (dup !== undefined) throw new InputError('departments', `已请“${dup}”审查该版本`, `"${dup}" has already been asked to review this version`);
    const at = store.now();
    const ids: number[] = [];
    for (const department of departments) {
      const r = await tx.insertInto('review_request').values({ plan_version_id: versionId, department, deadline, created_at: at, created_by: actor }).returning('id').executeTakeFirstOrThrow();
      ids.push(Number(r.id));
    }
    await appendAudit(tx, store.dialect, { at, actor, action: 'plan.review.request', entity: 'plan_version', entityId: String(versionId), after: { departments, deadline, requestIds: ids } });
    return ids;
  });
}

export async function getReviewRequest(db: Db, requestId: number): Promise<{ id: number; versionId: number; department: string; deadline: string } | undefined> {
  const r = await db.selectFrom('review_request').select(['id', 'plan_version_id', 'department', 'deadline']).where('id', '=', requestId).executeTakeFirst();
  return r ? { id: Number(r.id), versionId: Number(r.plan_version_id), department: r.department, deadline: r.deadline } : undefined;
}

export async function getReview(db: Db, reviewId: number): Promise<{ id: number; requestId: number; versionId: number; decision: string; answered: boolean } | undefined> {
  const r = await db
    .selectFrom('plan_review as r')
    .innerJoin('review_request as q', 'q.id', 'r.request_id')
    .select(['r.id', 'r.request_id', 'r.decision', 'q.plan_version_id'])
    .where('r.id', '=', reviewId)
    .executeTakeFirst();
  if (!r) return undefined;
  const a = await db.selectFrom('review_answer').select('id').where('review_id', '=', reviewId).executeTakeFirst();
  return { id: Number(r.id), requestId: Number(r.request_id), versionId: Number(r.plan_version_id), decision: r.decision, answered: !!a };
}

/** Records a department's review, signed by the reviewer's name; audited. */
export async function addReview(store: Store, requestId: number, review: { reviewer: string; decision: 'approve' | 'object'; reason: string | null }): Promise<number> {
  return store.write(async (tx) => {
    const q = await tx.selectFrom('review_request').select(['plan_version_id', 'department']).where('id', '=', requestId).executeTakeFirst();
    if (!q) throw new InputError('requestId', `审查请求 ${requestId} 不存在`, `review request ${requestId} does not exist`);
    const at = store.now();
    const r = await tx.insertInto('plan_review').values({ request_id: requestId, reviewer: review.reviewer, decision: review.decision, reason: review.reason, decided_at: at }).returning('id').executeTakeFirstOrThrow();
    await appendAudit(tx, store.dialect, { at, actor: review.reviewer, action: 'plan.review', entity: 'plan_review', entityId: String(r.id), after: { requestId, versionId: Number(q.plan_version_id), department: q.department, decision: review.decision, reason: review.reason } });
    return Number(r.id);
  });
}

/** Answers an objection (once); audited. */
export async function answerReview(store: Store, reviewId: number, answer: string, actor: string): Promise<void> {
  await store.write(async (tx) => {
    const r = await tx.selectFrom('plan_review').select(['decision', 'request_id']).where('id', '=', reviewId).executeTakeFirst();
    if (!r) throw new InputError('reviewId', `审查意见 ${reviewId} 不存在`, `review ${reviewId} does not exist`);
    if (r.decision !== 'object') throw new InputError('reviewId', '只有异议需要答复', 'only an objection is answered');
    if (await tx.selectFrom('review_answer').select('id').where('review_id', '=', reviewId).executeTakeFirst()) throw new InputError('reviewId', '该异议已答复', 'this objection has been answered');
    const at = store.now();
    const a = await tx.insertInto('review_answer').values({ review_id: reviewId, answer, answered_by: actor, answered_at: at }).returning('id').executeTakeFirstOrThrow();
    await appendAudit(tx, store.dialect, { at, actor, action: 'plan.review.answer', entity: 'review_answer', entityId: String(a.id), after: { reviewId, requestId: Number(r.request_id), answer } });
  });
}

/** A version's review requests, each with its reviews (oldest first) and their answers. */
export async function listReviewRequests(db: Db, versionId: number): Promise<ReviewRequestRecord[]> {
  const requests = await db.selectFrom('review_request').selectAll().where('plan_version_id', '=', versionId).orderBy('id').execute();
  if (requests.length === 0) return [];
  const reviews = await db
    .selectFrom('plan_review as r')
    .innerJoin('review_request as q', 'q.id', 'r.request_id')
    .select(['r.id', 'r.request_id', 'r.reviewer', 'r.decision', 'r.reason', 'r.decided_at'])
    .where('q.plan_version_id', '=', versionId)
    .orderBy('r.id')
    .execute();
  const answers = await db
    .selectFrom('review_answer as a')
    .innerJoin('plan_review as r', 'r.id', 'a.review_id')
    .innerJoin('review_request as q', 'q.id', 'r.request_id')
    .select(['a.review_id', 'a.answer', 'a.answered_by', 'a.answered_at'])
    .where('q.plan_version_id', '=', versionId)
    .execute();
  const answerOf = new Map(answers.map((a) => [Number(a.review_id), { text: a.answer, by: a.answered_by, at: a.answered_at }]));
  return requests.map((q) => ({
    requestId: Number(q.id),
    versionId,
    department: q.department,
    deadline: q.deadline,
    createdAt: q.created_at,
    createdBy: q.created_by,
    reviews: reviews
      .filter((r) => Number(r.request_id) === Number(q.id))
      .map((r) => ({ id: Number(r.id), reviewer: r.reviewer, decision: r.decision as 'approve' | 'object', reason: r.reason, decidedAt: r.decided_at, answer: answerOf.get(Number(r.id)) ?? null })),
  }));
}
