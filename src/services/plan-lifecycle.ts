/**
 * The plan's life (issue 9; docs/plan-life.md): start a plan, move a version through its states,
 * edit a draft, revise, adjust, record an adjustment's decision, take a land demand in, and read a
 * plan's versions, history and diffs. The one place the API and the CLI go through; every write
 * resolves the actor's grants from the register (a user that does not exist, is disabled or holds
 * no role for the move is refused) and runs in one transaction (store/repos/plan-lifecycle.ts).
 *
 *   newPlan(store, {jurisdictionCode, year, fromVersionId?, actor})   → {planId, versionId, state}
 *   transition(store, versionId, {to, date?, until?, docNumber?, reason?}, actor) → VersionSummary
 *   editDraftCube(store, versionId, cells, actor, {note?, commentIds?})
 *   revise(store, versionId, reason, actor) / adjust(...)               → {versionId}
 *   recordDecision(store, versionId, {date, meeting}, actor)
 *   takeDemand(store, versionId, demandId, actor)
 *   versionSummary(db, id), planVersionSummaries(db, planId), planAsOf(db, planId, date), versionDiff(db, a, b)
 *
 * Refusals throw RefusedError (API 409, CLI exit 1); unusable input InputError (400 / exit 2).
 */
import { may, type Action, type Grant } from '../domain/access.js';
import { Area } from '../domain/area.js';
import { diffCubes, type CellChange } from '../domain/plan/diff.js';
import { isPlanState, nextStates, PLAN_STATE_NAMES, PUBLIC_STATES, isInForce, type PlanState } from '../domain/plan/lifecycle.js';
import type { CellKey, PlanCube } from '../domain/plan/cube.js';
import type { Db, Store } from '../store/database.js';
import { cubeFromJson, cubeToJson } from '../store/cube-json.js';
import { InputError, RefusedError } from '../store/errors.js';
import { lineage, requireJurisdiction } from '../store/repos/jurisdictions.js';
import { editVersionCube, newVersionFrom, recordVersionDecision, takeDemandInto, transitionVersion, type Mover } from '../store/repos/plan-lifecycle.js';
import { listTransitions, type Transition } from '../store/repos/plan-transitions.js';
import { createPlan, findPlan, getPlan, getPlanVersion, inForceVersion, listPlanVersions, listPlans, type PlanVersion } from '../store/repos/plans.js';
import { getUserByUsername } from '../store/repos/users.js';
import { ruleSetOfVersion, ruleSetSnapshot, nationalRuleSetIdFor, ruleSetById } from './rule-sets.js';

export { RefusedError };

/** The actor as the register knows them, for a jurisdiction: may they act, and with which role. */
export async function moverFor(db: Db, actor: string, jurisdictionCode: string): Promise<Mover> {
  const u = await getUserByUsername(db, actor);
  if (!u) throw new InputError('actor', `用户 "${actor}" 不存在`, `user "${actor}" does not exist`);
  if (u.disabled) throw new InputError('actor', `用户 "${actor}" 已停用`, `user "${actor}" is disabled`);
  const lin = await lineage(db, jurisdictionCode);
  const grants: readonly Grant[] = u.roles;
  return {
    actor: u.username,
    may: (a: Action) => may(grants, a, lin),
    roleFor: (a: Action) => grants.find((g) => may([g], a, lin))?.role ?? 'none',
  };
}

async function requireVersion(db: Db, versionId: number): Promise<PlanVersion> {
  const v = await getPlanVersion(db, versionId);
  if (!v) throw new InputError('versionId', `计划版本 ${versionId} 不存在`, `plan version ${versionId} does not exist`);
  return v;
}

const noRole = (): RefusedError => new RefusedError('wrong-role', '无权编制计划', 'your role may not compile plans');

/** An empty cube: categories and districts are added as the editor fills it in. */
function emptyCube(): PlanCube {
  return { dimensions: ['category'], cells: [], rows: [], districts: [], marginals: [] };
}

/**
 * Starts plan (jurisdiction, year): version 1 in `drafting`, empty or with the cube of another
 * version (normally last year's in force). Its rule set is the one in force for the jurisdiction
 * now (its latest plan in force), else the national one of the year, stored as a snapshot.
 */
export async function newPlan(store: Store, input: { jurisdictionCode: string; year: number; fromVersionId?: number; actor: string }): Promise<{ planId: number; versionId: number; state: PlanState }> {
  const j = await requireJurisdiction(store.db, input.jurisdictionCode, 'jurisdictionCode');
  const who = await moverFor(store.db, input.actor, j.code);
  if (!who.may('plan.edit')) throw noRole();
  let cube = emptyCube();
  if (input.fromVersionId !== undefined) {
    const from = await getPlanVersion(store.db, input.fromVersionId);
    if (!from || from.jurisdictionCode !== j.code) throw new InputError('fromVersionId', `${j.name}没有计划版本 ${input.fromVersionId}`, `${j.code} has no plan version ${input.fromVersionId}`);
    cube = from.cube;
  }
  const v = await createPlan(store, {
    jurisdictionCode: j.code,
    year: input.year,
    cube,
    ruleSet: ruleSetSnapshot(await ruleSetInForce(store.db, j.code, input.year)),
    validFrom: `${input.year}-01-01`,
    actor: who.actor,
    role: who.roleFor('plan.edit'),
    status: 'drafting',
  });
  return { planId: v.planId, versionId: v.id, state: 'drafting' };
}

async function ruleSetInForce(db: Db, jurisdictionCode: string, year: number) {
  const plans = (await listPlans(db)).filter((p) => p.jurisdictionCode === jurisdictionCode && p.year <= year).sort((a, b) => b.year - a.year);
  for (const p of plans) {
    const v = await inForceVersion(db, p.id);
    if (v) return ruleSetOfVersion(v.ruleSet, v.year);
  }
  return ruleSetById(nationalRuleSetIdFor(year));
}

export interface TransitionInput {
  readonly to: string;
  readonly date?: string;
  readonly until?: string;
  readonly docNumber?: string;
  readonly reason?: string;
}

/** Moves a version; refused (RefusedError) when the state machine does not allow it for this actor now. */
export async function transition(store: Store, versionId: number, req: TransitionInput, actor: string): Promise<VersionSummary> {
  if (!isPlanState(req.to)) throw new InputError('to', `未知状态 "${req.to}"`, `unknown state "${req.to}"`);
  const v = await requireVersion(store.db, versionId);
  const who = await moverFor(store.db, actor, v.jurisdictionCode);
  const fields = { ...opt('date', req.date), ...opt('until', req.until), ...opt('docNumber', req.docNumber), ...opt('reason', req.reason) };
  await transitionVersion(store, versionId, req.to, fields, who);
  return (await versionSummary(store.db, versionId))!;
}

function opt<K extends string>(k: K, v: string | undefined): { [P in K]?: string } {
  return (v === undefined ? {} : { [k]: v }) as { [P in K]?: string };
}

export interface CellInput {
  readonly key: Record<string, string | number>;
  /** Hectares, a decimal string. */
  readonly hectares: string;
}

/**
 * Replaces the cells of a draft (`drafting` or `adjusting`). Totals, shares, 亩 and the stated
 * marginals the cells determine are derived; a category new to the plan gets an indicative row.
 */
export async function editDraftCube(store: Store, versionId: number, cells: readonly CellInput[], actor: string, opts: { note?: string; commentIds?: readonly number[] } = {}): Promise<void> {
  const v = await requireVersion(store.db, versionId);
  const who = await moverFor(store.db, actor, v.jurisdictionCode);
  const parsed = cells.map((c, i) => {
    if (typeof c.hectares !== 'string' || !/^\d+(\.\d{1,4})?$/.test(c.hectares)) throw new InputError(`cells[${i}].hectares`, '面积应为公顷数，最多 4 位小数', 'the area is hectares with at most 4 decimals');
    return { key: c.key, area: Area.fromHectares(c.hectares).squareMetres.toFixed() };
  });
  await editVersionCube(
    store,
    versionId,
    (old) => {
      const j = cubeToJson(old);
      const cats = new Set(j.rows.map((r) => r.category));
      const rows = [...j.rows];
      for (const c of parsed) {
        const cat = c.key.category;
        if (typeof cat === 'string' && !cats.has(cat)) {
          cats.add(cat);
          rows.push({ category: cat, kind: 'indicative', allocation: 'pooled' });
        }
      }
      return cubeFromJson({ ...j, cells: parsed, rows });
    },
    who,
    opts,
  );
}

export async function revise(store: Store, versionId: number, reason: string, actor: string): Promise<{ versionId: number }> {
  const v = await requireVersion(store.db, versionId);
  const r = await newVersionFrom(store, versionId, 'revise', reason, await moverFor(store.db, actor, v.jurisdictionCode));
  return { versionId: r.versionId };
}

export async function adjust(store: Store, versionId: number, reason: string, actor: string, opts: { validFrom?: string } = {}): Promise<{ versionId: number }> {
  const v = await requireVersion(store.db, versionId);
  const r = await newVersionFrom(store, versionId, 'adjust', reason, await moverFor(store.db, actor, v.jurisdictionCode), opts);
  return { versionId: r.versionId };
}

export async function recordDecision(store: Store, versionId: number, d: { date: string; meeting: string }, actor: string): Promise<void> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.date)) throw new InputError('date', '日期应为 YYYY-MM-DD', 'the date must be YYYY-MM-DD');
  if (!d.meeting.trim()) throw new InputError('meeting', '缺少会议名称', 'the meeting is missing');
  const v = await requireVersion(store.db, versionId);
  await recordVersionDecision(store, versionId, d, await moverFor(store.db, actor, v.jurisdictionCode));
}

export async function takeDemand(store: Store, versionId: number, demandId: number, actor: string): Promise<void> {
  const v = await requireVersion(store.db, versionId);
  await takeDemandInto(store, versionId, demandId, await moverFor(store.db, actor, v.jurisdictionCode));
}

// ---- reading ----

/** A move as the API shows it: the journal row without its keys; `actor` null on the public pages. */
export type TransitionView = Omit<Transition, 'id' | 'versionId' | 'actor'> & { readonly actor: string | null };

export interface VersionSummary {
  readonly id: number;
  readonly planId: number;
  readonly jurisdictionCode: string;
  readonly year: number;
  readonly seq: number;
  readonly state: PlanState;
  readonly stateName: { readonly zh: string; readonly en: string };
  readonly basedOn: number | null;
  readonly changeReason: string | null;
  readonly consultation: { readonly from: string; readonly until: string } | null;
  readonly docNumber: string | null;
  readonly approvedOn: string | null;
  readonly publishedOn: string | null;
  readonly decision: { readonly date: string; readonly meeting: string } | null;
  readonly answersPublishedAt: string | null;
  readonly inForce: boolean;
  readonly next: readonly PlanState[];
  readonly transitions: readonly TransitionView[];
}

function summarize(v: PlanVersion, moves: readonly Transition[], inForceId: number | undefined): VersionSummary {
  const last = (to: string): Transition | undefined => [...moves].reverse().find((t) => t.to === to);
  const c = last('consultation');
  const a = last('approved');
  const p = last('published');
  return {
    id: v.id,
    planId: v.planId,
    jurisdictionCode: v.jurisdictionCode,
    year: v.year,
    seq: v.seq,
    state: v.status,
    stateName: PLAN_STATE_NAMES[v.status],
    basedOn: v.basedOnVersionId,
    changeReason: v.changeReason,
    consultation: c?.date && c.until ? { from: c.date, until: c.until } : null,
    docNumber: a?.docNumber ?? null,
    approvedOn: a?.date ?? null,
    publishedOn: p?.date ?? null,
    decision: v.decision,
    answersPublishedAt: v.answersPublishedAt,
    inForce: inForceId === v.id,
    next: nextStates(v.status),
    transitions: moves.map((t) => ({ from: t.from, to: t.to, actor: t.actor, role: t.role, date: t.date, until: t.until, docNumber: t.docNumber, reason: t.reason, recordedAt: t.recordedAt })),
  };
}

export async function versionSummary(db: Db, versionId: number): Promise<VersionSummary | undefined> {
  const v = await getPlanVersion(db, versionId);
  if (!v) return undefined;
  return summarize(v, await listTransitions(db, v.id), (await inForceVersion(db, v.planId))?.id);
}

export async function planVersionSummaries(db: Db, planId: number): Promise<VersionSummary[]> {
  const inForceId = (await inForceVersion(db, planId))?.id;
  const versions = await listPlanVersions(db, planId);
  return Promise.all(versions.map(async (v) => summarize(v, await listTransitions(db, v.id), inForceId)));
}

/**
 * Whether the public may see a version: one in a public state, or one that was put out for
 * consultation (a 征求意见稿 stays a public record once issued, even when superseded). A draft never.
 */
export function isPublic(s: VersionSummary): boolean {
  return PUBLIC_STATES.includes(s.state) || s.transitions.some((t) => t.to === 'consultation');
}

/** A summary as the public sees it: who in the bureau made each move is not published, their role is. */
export function publicSummary(s: VersionSummary): VersionSummary {
  return { ...s, transitions: s.transitions.map((t) => ({ ...t, actor: null })), next: [] };
}

/**
 * The plan as it stood on `asOf`: the version in force then (the latest approved on or before that
 * date, by its approval date) and the one under consultation then, if any.
 */
export function standingOn(versions: readonly VersionSummary[], asOf: string): { inForce: VersionSummary | null; consultation: VersionSummary | null } {
  const approvedBy = (s: VersionSummary): boolean => s.transitions.some((t) => t.to === 'approved' && (t.date ?? t.recordedAt.slice(0, 10)) <= asOf);
  const inForce = [...versions].filter(approvedBy).sort((a, b) => b.seq - a.seq)[0] ?? null;
  const consultation = [...versions].reverse().find((s) => s.transitions.some((t) => t.to === 'consultation' && t.date !== null && t.until !== null && t.date <= asOf && asOf <= t.until)) ?? null;
  return { inForce, consultation };
}

export interface DiffView {
  readonly from: number;
  readonly to: number;
  readonly reason: string | null;
  readonly cells: readonly (CellChange & { readonly cellKey: CellKey })[];
  readonly comments: readonly { id: number; item: { kind: string; key: string | null }; body: string; answer: { kind: string; reason: string } | null; cellKey: CellKey | null }[];
}

/**
 * Versions `a` → `b` of one plan, cell by cell, with `b`'s reason and the consultation comments
 * linked to the change (version_change_comment), each with its latest answer.
 */
export async function versionDiff(db: Db, a: number, b: number): Promise<DiffView> {
  const va = await requireVersion(db, a);
  const vb = await requireVersion(db, b);
  if (va.planId !== vb.planId) throw new InputError('b', `版本 ${a} 与 ${b} 不属于同一计划`, `versions ${a} and ${b} are not of the same plan`);
  const cells = diffCubes(va.cube, vb.cube).map((c) => ({ ...c, cellKey: c.key }));
  const later = va.seq < vb.seq ? vb : va;
  const links = await db
    .selectFrom('version_change_comment as l')
    .innerJoin('consultation_comment as c', 'c.id', 'l.comment_id')
    .select(['c.id', 'c.item_kind', 'c.item_key', 'c.body', 'l.cell_key_json'])
    .where('l.plan_version_id', '=', later.id)
    .orderBy('c.id')
    .execute();
  const comments = [];
  for (const l of links) {
    const ans = await db.selectFrom('comment_answer').select(['kind', 'reason']).where('comment_id', '=', l.id).orderBy('id', 'desc').limit(1).executeTakeFirst();
    comments.push({ id: Number(l.id), item: { kind: l.item_kind, key: l.item_key }, body: l.body, answer: ans ? { kind: ans.kind, reason: ans.reason } : null, cellKey: l.cell_key_json ? (JSON.parse(l.cell_key_json) as CellKey) : null });
  }
  return { from: a, to: b, reason: later.changeReason, cells, comments };
}

/** The plan of (jurisdiction, year), or an InputError. */
export async function requirePlanOf(db: Db, jurisdictionCode: string, year: number): Promise<{ id: number; name: string }> {
  const p = await findPlan(db, jurisdictionCode, year);
  if (!p) throw new InputError('year', `${jurisdictionCode} 没有 ${year} 年度计划`, `${jurisdictionCode} has no ${year} plan`);
  return p;
}

export { getPlan, isInForce };
