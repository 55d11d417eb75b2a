/**
 * Joint review (联审) of a version: which departments were asked, which have answered, and which
 * objections still wait for the editor's answer. The state machine's gate `review → submitted`
 * reads `reviewState` (domain/plan/lifecycle.ts `TransitionContext.review`).
 */
import type { Db } from '../database.js';

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
