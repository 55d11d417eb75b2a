/**
 * Use case: joint review (联审) of a plan version (issue 9 §4; docs/plan-life.md). The editor
 * names the departments and a deadline; each department's review approves or objects with a
 * reason; the editor answers each objection. `review → submitted` is gated by
 * store/repos/plan-reviews `reviewState` (domain/plan/lifecycle.ts).
 *
 * Who signs for a department: accounts carry roles per jurisdiction, not departments, so any
 * account that may review the version's jurisdiction (`plan.review`) may sign for any department
 * asked; the review is recorded under that account's user name, and the audit log names it.
 */
import { chinaDate } from '../domain/calendar/cst.js';
import { PLAN_STATE_NAMES, isPlanState } from '../domain/plan/lifecycle.js';
import type { Store } from '../store/database.js';
import { InputError } from '../store/errors.js';
import { versionHead } from '../store/repos/consultation.js';
import { addReview, answerReview, createReviewRequests, getReview, getReviewRequest, listReviewRequests, type ReviewRequestRecord } from '../store/repos/plan-reviews.js';

export type ReviewRefusal = { readonly ok: false; readonly status: 404 | 409; readonly code: string; readonly zh: string; readonly en: string };

/** States in which departments may be asked, and in which they review and objections are answered. */
const REQUEST_STATES = ['drafting', 'review'];
const REVIEW_STATES = ['review'];

function wrongState(state: string, allowed: readonly string[], what: { zh: string; en: string }): ReviewRefusal {
  const name = isPlanState(state) ? PLAN_STATE_NAMES[state] : { zh: state, en: state };
  const names = allowed.map((s) => (isPlanState(s) ? PLAN_STATE_NAMES[s] : { zh: s, en: s }));
  return { ok: false, status: 409, code: 'wrong-state', zh: `版本处于“${name.zh}”，${what.zh}须在${names.map((n) => `“${n.zh}”`).join('或')}阶段`, en: `the version is ${name.en}; ${what.en} only when it is ${names.map((n) => n.en).join(' or ')}` };
}

export interface ReviewView extends ReviewRequestRecord {
  /** The deadline has passed and the department has not reviewed. */
  readonly overdue: boolean;
}

export async function requestReviews(store: Store, versionId: number, departments: readonly string[], deadline: string, actor: string): Promise<ReviewView[] | ReviewRefusal> {
  const head = await versionHead(store.db, versionId);
  if (!head) return { ok: false, status: 404, code: 'not-found', zh: '未找到该计划版本', en: 'no such plan version' };
  if (!REQUEST_STATES.includes(head.status)) return wrongState(head.status, REQUEST_STATES, { zh: '请部门联审', en: 'departments are asked to review' });
  const names = departments.map((d) => d.trim());
  if (names.length === 0) throw new InputError('departments', '至少指定一个部门', 'name at least one department');
  if (new Set(names).size !== names.length) throw new InputError('departments', '部门重复', 'a department is named twice');
  const today = chinaDate(store.now());
  if (deadline < today) throw new InputError('deadline', `截止日期 ${deadline} 早于今天 ${today}`, `the deadline ${deadline} is before today ${today}`);
  await createReviewRequests(store, versionId, names, deadline, actor);
  return reviews(store, versionId);
}

export async function reviews(store: Store, versionId: number): Promise<ReviewView[]> {
  const today = chinaDate(store.now());
  return (await listReviewRequests(store.db, versionId)).map((q) => ({ ...q, overdue: q.reviews.length === 0 && today > q.deadline }));
}

export async function review(store: Store, requestId: number, r: { reviewer: string; decision: 'approve' | 'object'; reason: string | null }): Promise<{ ok: true; id: number } | ReviewRefusal> {
  const q = await getReviewRequest(store.db, requestId);
  if (!q) return { ok: false, status: 404, code: 'not-found', zh: `审查请求 ${requestId} 不存在`, en: `review request ${requestId} does not exist` };
  const head = (await versionHead(store.db, q.versionId))!;
  if (!REVIEW_STATES.includes(head.status)) return wrongState(head.status, REVIEW_STATES, { zh: '部门提出审查意见', en: 'a department reviews' });
  const reason = r.reason?.trim() ? r.reason : null;
  if (r.decision === 'object' && reason === null) throw new InputError('reason', '提出异议须说明理由', 'an objection needs its reason');
  return { ok: true, id: await addReview(store, requestId, { ...r, reason }) };
}

export async function answerObjection(store: Store, reviewId: number, answer: string, actor: string): Promise<{ ok: true } | ReviewRefusal> {
  const rv = await getReview(store.db, reviewId);
  if (!rv) return { ok: false, status: 404, code: 'not-found', zh: `审查意见 ${reviewId} 不存在`, en: `review ${reviewId} does not exist` };
  const head = (await versionHead(store.db, rv.versionId))!;
  if (!REVIEW_STATES.includes(head.status)) return wrongState(head.status, REVIEW_STATES, { zh: '答复部门异议', en: 'objections are answered' });
  if (rv.decision !== 'object') return { ok: false, status: 409, code: 'not-an-objection', zh: '只有异议需要答复', en: 'only an objection is answered' };
  if (rv.answered) return { ok: false, status: 409, code: 'already-answered', zh: '该异议已答复', en: 'this objection has been answered' };
  if (!answer.trim()) throw new InputError('answer', '答复内容为空', 'the answer is empty');
  await answerReview(store, reviewId, answer, actor);
  return { ok: true };
}
