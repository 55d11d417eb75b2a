/**
 * The life of a plan version (issue 9; 国土资发〔2010〕117号; DOMAIN §1.4 with `review` added), as
 * data: which state may follow which, which access action (and so which roles) may move it, what
 * the move must carry, and when it is out of its dates. Pure: no clock, no database. The one
 * service that applies it (store/repos/plan-lifecycle.ts) passes in what it has read.
 *
 *   drafting ─┬─> consultation ──> review ──> submitted ──> approved ──> published ──> closed
 *             └──────────────────> review         │             │
 *   adjusting (a new version of a published plan) ──> submitted   (approved ──> closed)
 *   drafting | consultation | review | submitted | adjusting ──> withdrawn
 *
 * A version under revision is not moved back: revising (after consultation or an objection) or
 * adjusting creates the next version (seq + 1) from this one; the revised one is withdrawn
 * ("superseded by version N"), an adjusted published one stays published until its successor is
 * approved. Only versions `approved` or `published` are in force: supplies debit the latest of them.
 */

import type { Action } from '../access.js';

export const PLAN_STATES = ['drafting', 'consultation', 'review', 'submitted', 'approved', 'published', 'adjusting', 'withdrawn', 'closed'] as const;
export type PlanState = (typeof PLAN_STATES)[number];

export function isPlanState(s: string): s is PlanState {
  return (PLAN_STATES as readonly string[]).includes(s);
}

export const PLAN_STATE_NAMES: Record<PlanState, { readonly zh: string; readonly en: string }> = {
  drafting: { zh: '编制中', en: 'drafting' },
  consultation: { zh: '征求意见', en: 'public consultation' },
  review: { zh: '部门联审', en: 'joint review' },
  submitted: { zh: '报批', en: 'submitted for approval' },
  approved: { zh: '已批准', en: 'approved' },
  published: { zh: '已公布', en: 'published' },
  adjusting: { zh: '调整中', en: 'being adjusted' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
  closed: { zh: '已关闭', en: 'closed' },
};

/** A version in one of these states is in force: supplies are recorded against it. */
export const IN_FORCE_STATES: readonly PlanState[] = ['approved', 'published'];
/** The public sees versions in these states (a draft is the bureau's own). */
export const PUBLIC_STATES: readonly PlanState[] = ['consultation', 'approved', 'published', 'closed'];
/** The cube of a version in these states may still be edited (every edit audited). */
export const EDITABLE_STATES: readonly PlanState[] = ['drafting', 'adjusting'];

export function isInForce(s: string): boolean {
  return (IN_FORCE_STATES as readonly string[]).includes(s);
}

/** What a transition must carry. */
export type TransitionField = 'date' | 'until' | 'docNumber' | 'reason';

export interface TransitionRule {
  readonly from: PlanState;
  readonly to: PlanState;
  /** The access action (domain/access.ts) whose roles may make this move. */
  readonly action: Action;
  readonly needs: readonly TransitionField[];
}

/** Every legal move. Anything not listed is refused. */
export const TRANSITIONS: readonly TransitionRule[] = [
  { from: 'drafting', to: 'consultation', action: 'plan.edit', needs: ['date', 'until'] },
  { from: 'drafting', to: 'review', action: 'plan.edit', needs: [] },
  { from: 'consultation', to: 'review', action: 'plan.edit', needs: [] },
  { from: 'review', to: 'submitted', action: 'plan.edit', needs: [] },
  { from: 'adjusting', to: 'submitted', action: 'plan.edit', needs: [] },
  { from: 'submitted', to: 'approved', action: 'plan.approve', needs: ['docNumber', 'date'] },
  { from: 'approved', to: 'published', action: 'plan.publish', needs: ['date'] },
  { from: 'approved', to: 'closed', action: 'plan.edit', needs: [] },
  { from: 'published', to: 'closed', action: 'plan.edit', needs: [] },
  ...(['drafting', 'consultation', 'review', 'submitted', 'adjusting'] as const).map((from) => ({ from, to: 'withdrawn' as const, action: 'plan.edit' as const, needs: ['reason'] as const })),
];

/** What the service has read about the version, the plan and the request, for the checks. */
export interface TransitionContext {
  /** Today, "YYYY-MM-DD" (the register's clock). */
  readonly today: string;
  /** The plan's year. */
  readonly year: number;
  /** The consultation window of this version, when it has been opened. */
  readonly consultation?: { readonly from: string; readonly until: string };
  /** Joint review of this version: reviews still awaited and objections not yet answered. */
  readonly review?: { readonly requested: number; readonly pending: number; readonly unansweredObjections: number };
  /** For an adjustment: the collective decision (集体决策) has been recorded. */
  readonly decisionRecorded?: boolean;
  /** For approval of an adjustment: binding indicators that would fall below what is already supplied. */
  readonly capBelowUsed?: readonly string[];
}

export interface TransitionRequest {
  readonly from: PlanState;
  readonly to: PlanState;
  /** The actor's roles that hold the needed action on this jurisdiction (the service computes it). */
  readonly actorMay: (action: Action) => boolean;
  readonly date?: string;
  readonly until?: string;
  readonly docNumber?: string;
  readonly reason?: string;
}

export type TransitionVerdict = { readonly ok: true; readonly rule: TransitionRule } | { readonly ok: false; readonly code: string; readonly message: { readonly zh: string; readonly en: string } };

const refuse = (code: string, zh: string, en: string): TransitionVerdict => ({ ok: false, code, message: { zh, en } });
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a move is legal; if not, why (wrong state, wrong role, missing field, out of its dates). */
export function checkTransition(req: TransitionRequest, ctx: TransitionContext): TransitionVerdict {
  const rule = TRANSITIONS.find((t) => t.from === req.from && t.to === req.to);
  const name = (s: PlanState): { zh: string; en: string } => PLAN_STATE_NAMES[s];
  if (!rule) {
    const legal = TRANSITIONS.filter((t) => t.from === req.from).map((t) => t.to);
    return refuse(
      'wrong-state',
      `“${name(req.from).zh}”的版本不能转为“${name(req.to).zh}”${legal.length ? `（可转为：${legal.map((s) => name(s).zh).join('、')}）` : '（此状态为终态）'}`,
      `a version that is ${name(req.from).en} cannot become ${name(req.to).en}${legal.length ? ` (it may become: ${legal.join(', ')})` : ' (this state is final)'}`,
    );
  }
  if (!req.actorMay(rule.action)) {
    return refuse('wrong-role', `无权将版本转为“${name(req.to).zh}”`, `your role may not make a version ${name(req.to).en}`);
  }
  for (const f of rule.needs) {
    const v = req[f];
    if (v === undefined || !v.trim()) return refuse(`missing-${f}`, `缺少${FIELD_ZH[f]}`, `the ${FIELD_EN[f]} is missing`);
    if ((f === 'date' || f === 'until') && !DATE.test(v)) return refuse(`bad-${f}`, `${FIELD_ZH[f]}应为 YYYY-MM-DD`, `the ${FIELD_EN[f]} must be YYYY-MM-DD`);
  }
  if (req.date !== undefined && rule.needs.includes('date') && req.date > ctx.today) {
    return refuse('future-date', `${FIELD_ZH.date} ${req.date} 晚于今天 ${ctx.today}`, `the date ${req.date} is after today ${ctx.today}`);
  }
  switch (rule.to) {
    case 'consultation':
      if (req.until! < req.date!) return refuse('bad-period', '征求意见截止日期早于开始日期', 'the consultation closes before it opens');
      if (req.until! < ctx.today) return refuse('bad-period', `征求意见截止日期 ${req.until} 已过`, `the consultation closing date ${req.until} has passed`);
      break;
    case 'review':
      if (rule.from === 'consultation' && ctx.consultation && ctx.today <= ctx.consultation.until) {
        return refuse('consultation-open', `征求意见期至 ${ctx.consultation.until}，期满后方可转入部门联审`, `the consultation runs until ${ctx.consultation.until}; joint review follows when it has closed`);
      }
      break;
    case 'submitted':
      if (rule.from === 'review') {
        const r = ctx.review;
        if (!r || r.requested === 0) return refuse('no-review', '尚未指定联审部门', 'no department has been asked to review');
        if (r.pending > 0) return refuse('review-pending', `尚有 ${r.pending} 个部门未提出审查意见`, `${r.pending} department(s) have not reviewed yet`);
        if (r.unansweredObjections > 0) return refuse('objection-open', `尚有 ${r.unansweredObjections} 条部门异议未答复`, `${r.unansweredObjections} objection(s) have not been answered`);
      } else if (!ctx.decisionRecorded) {
        return refuse('no-decision', '调整须先记录集体决策（日期、会议）', 'an adjustment needs its collective decision (date, meeting) first');
      }
      break;
    case 'approved':
      if (ctx.capBelowUsed && ctx.capBelowUsed.length > 0) {
        return refuse('cap-below-used', `调整后指标低于已供应面积：${ctx.capBelowUsed.join('、')}`, `the adjusted caps fall below what is already supplied: ${ctx.capBelowUsed.join(', ')}`);
      }
      break;
    case 'closed':
      if (ctx.today < `${ctx.year}-12-31`) return refuse('not-year-end', `${ctx.year} 年度计划于年末（${ctx.year}-12-31 起）方可关闭`, `the ${ctx.year} plan can be closed from its year end (${ctx.year}-12-31)`);
      break;
    default:
      break;
  }
  return { ok: true, rule };
}

const FIELD_ZH: Record<TransitionField, string> = { date: '日期', until: '截止日期', docNumber: '文号', reason: '理由' };
const FIELD_EN: Record<TransitionField, string> = { date: 'date', until: 'closing date', docNumber: 'document number (文号)', reason: 'reason' };

/** The states a version may move to from `from` (for menus). */
export function nextStates(from: PlanState): PlanState[] {
  return TRANSITIONS.filter((t) => t.from === from).map((t) => t.to);
}

/** 117号: the plan of the year is published by 31 March. */
export function publicationDeadline(year: number): string {
  return `${year}-03-31`;
}
