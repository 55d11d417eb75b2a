/**
 * The plan's life, its writes (issue 9; domain/plan/lifecycle.ts): every move of a version's
 * state, a new version (revision or adjustment), an edit of a draft's cube, an adjustment's
 * collective decision, a land demand taken into a draft. Each runs in ONE transaction that locks
 * the plan's versions (PostgreSQL: FOR UPDATE in seq order; SQLite: BEGIN IMMEDIATE), re-reads the
 * state under the lock, writes the plan_transition row, the projected `plan_version.status` and
 * the hash-chained audit entry together. A refusal throws `RefusedError` and writes nothing.
 *
 * The ledger (store/ledger.ts): a version's indicators carry the plan's records only from its
 * approval on. Approving (a first version or an adjustment) carries every supply record of the plan
 * into the version's indicators in the same transaction; a binding cap below what is already
 * supplied is refused, naming the indicator. Before approval a version's debits are zero.
 */
import { sql } from 'kysely';
import { chinaDate } from '../../domain/calendar/cst.js';
import { keyMatches, sumWhere, DIMENSIONS, type CellKey, type PlanCube } from '../../domain/plan/cube.js';
import { EDITABLE_STATES, TRANSITIONS, checkTransition, isPlanState, PLAN_STATE_NAMES, type PlanState, type TransitionRule } from '../../domain/plan/lifecycle.js';
import type { Action } from '../../domain/access.js';
import type { Db, Dialect, Store } from '../database.js';
import { appendAudit } from '../audit-log.js';
import { cubeFromJson, cubeToJson } from '../cube-json.js';
import { InputError, RefusedError } from '../errors.js';
import { keyOfRow } from '../ledger-core.js';
import { contentHash, indicatorRows, requireValidCube } from './plans.js';
import { consultationWindow } from './plan-transitions.js';
import { reviewState } from './plan-reviews.js';
import { bindInt, e4ToArea, toBigInt } from '../units.js';

/** Who makes a move: the user, whether their grants allow an action here, and which role does. */
export interface Mover {
  readonly actor: string;
  readonly may: (action: Action) => boolean;
  /** The role of the grant that allows `action` (recorded with the move). */
  readonly roleFor: (action: Action) => string;
}

export interface MoveFields {
  readonly date?: string;
  readonly until?: string;
  readonly docNumber?: string;
  readonly reason?: string;
}

export interface TransitionRow extends MoveFields {
  readonly versionId: number;
  readonly from: PlanState | null;
  readonly to: PlanState;
  readonly actor: string;
  readonly role: string;
}

/** The plan_transition row alone (a version's creation, whose audit entry is the creation's). */
export async function insertTransitionRow(tx: Db, at: string, t: TransitionRow): Promise<void> {
  await tx
    .insertInto('plan_transition')
    .values({
      plan_version_id: t.versionId,
      from_state: t.from,
      to_state: t.to,
      actor: t.actor,
      role: t.role,
      on_date: t.date ?? null,
      until: t.until ?? null,
      doc_number: t.docNumber ?? null,
      reason: t.reason ?? null,
      recorded_at: at,
    })
    .execute();
}

/**
 * A move inside `tx`: the row, the status (compared: the version must still be in `from`) and the
 * audit entry `{ entity: 'plan_version', after: { status, … } }` (the national roll-up finds
 * publication by `"status":"published"`).
 */
export async function moveTx(tx: Db, dialect: Dialect, at: string, t: TransitionRow & { readonly from: PlanState }): Promise<void> {
  const r = await tx.updateTable('plan_version').set({ status: t.to }).where('id', '=', t.versionId).where('status', '=', t.from).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw stateChanged(t.versionId);
  await insertTransitionRow(tx, at, t);
  await appendAudit(tx, dialect, {
    at,
    actor: t.actor,
    action: 'plan.transition',
    entity: 'plan_version',
    entityId: String(t.versionId),
    before: { status: t.from },
    after: { status: t.to, role: t.role, date: t.date ?? null, until: t.until ?? null, docNumber: t.docNumber ?? null, reason: t.reason ?? null },
  });
}

function stateChanged(versionId: number): RefusedError {
  return new RefusedError('state-changed', `计划版本 ${versionId} 的状态已被他人变更，请刷新后重试`, `plan version ${versionId} was moved by someone else meanwhile; reload and retry`);
}

/** The states a version passes through when a plan is imported in `status` (shortest legal path from drafting). */
export function importPath(status: PlanState): PlanState[] {
  if (status === 'drafting') return [];
  const prev = new Map<PlanState, PlanState>();
  const queue: PlanState[] = ['drafting'];
  while (queue.length) {
    const s = queue.shift()!;
    for (const t of TRANSITIONS.filter((x) => x.from === s)) {
      if (t.to === 'drafting' || prev.has(t.to)) continue;
      prev.set(t.to, s);
      queue.push(t.to);
    }
  }
  if (!prev.has(status)) {
    throw new InputError('status', `导入的计划不能处于“${PLAN_STATE_NAMES[status].zh}”状态`, `an imported plan cannot be ${PLAN_STATE_NAMES[status].en}`);
  }
  const path: PlanState[] = [];
  for (let s: PlanState | undefined = status; s && s !== 'drafting'; s = prev.get(s)) path.unshift(s);
  return path;
}

interface LockedVersion {
  readonly id: number;
  readonly planId: number;
  readonly seq: number;
  readonly status: PlanState;
  readonly year: number;
  readonly jurisdictionCode: string;
  readonly validFrom: string;
  readonly cube: PlanCube;
  readonly cubeJson: string;
  readonly ruleSetJson: string;
  readonly flaggedJson: string;
  readonly decisionOn: string | null;
}

/** Locks every version of the version's plan (seq order, so writers cannot deadlock) and reads it. */
async function lockAndRead(store: Store, tx: Db, versionId: number): Promise<LockedVersion> {
  const head = await tx.selectFrom('plan_version').select(['plan_id']).where('id', '=', versionId).executeTakeFirst();
  if (!head) throw new InputError('versionId', `计划版本 ${versionId} 不存在`, `plan version ${versionId} does not exist`);
  if (store.dialect === 'postgres') await sql`select id from plan_version where plan_id = ${head.plan_id} order by seq for update`.execute(tx);
  const r = await tx
    .selectFrom('plan_version as v')
    .innerJoin('plan as p', 'p.id', 'v.plan_id')
    .select(['v.id', 'v.plan_id', 'v.seq', 'v.status', 'v.valid_from', 'v.cube_json', 'v.rule_set_json', 'v.flagged_json', 'v.decision_on', 'p.year', 'p.jurisdiction_code'])
    .where('v.id', '=', versionId)
    .executeTakeFirstOrThrow();
  if (!isPlanState(r.status)) throw new RefusedError('unknown-state', `计划版本 ${versionId} 的状态 "${r.status}" 未知`, `plan version ${versionId} has an unknown state "${r.status}"`);
  return {
    id: Number(r.id),
    planId: Number(r.plan_id),
    seq: Number(r.seq),
    status: r.status,
    year: Number(r.year),
    jurisdictionCode: r.jurisdiction_code,
    validFrom: r.valid_from,
    cube: cubeFromJson(JSON.parse(r.cube_json)),
    cubeJson: r.cube_json,
    ruleSetJson: r.rule_set_json,
    flaggedJson: r.flagged_json,
    decisionOn: r.decision_on,
  };
}

/** Every supply record of the plan carried into this version's indicators: the debits and any binding cap they exceed. */
async function carriedDebits(tx: Db, v: LockedVersion): Promise<{ debits: Map<string, bigint>; over: string[] }> {
  const inds = indicatorRows(v.cube);
  const records = await tx
    .selectFrom('supply_record as r')
    .innerJoin('plan_version as pv', 'pv.id', 'r.plan_version_id')
    .select(['r.category', 'r.method', 'r.source', 'r.district', 'r.quarter', 'r.housing_type', 'r.area_e4'])
    .where('r.plan_id', '=', v.planId)
    .where('pv.seq', '<=', v.seq)
    .execute();
  const debits = new Map<string, bigint>();
  for (const r of records) {
    const key = keyOfRow(r) as CellKey;
    const a = toBigInt(r.area_e4);
    for (const ind of inds) if (keyMatches(ind.key, key)) debits.set(ind.id, (debits.get(ind.id) ?? 0n) + a);
  }
  const over = inds
    .filter((i) => i.kind === 'binding' && (debits.get(i.id) ?? 0n) > i.capE4)
    .map((i) => `${i.label}（${e4ToArea(i.capE4).formatHectares(4)} < ${e4ToArea(debits.get(i.id)!).formatHectares(4)} 公顷）`);
  return { debits, over };
}

/**
 * Moves a version to `to` if the state machine allows it for this mover now. The context (the
 * consultation window, the joint review, the decision, for an approval the caps against what is
 * already supplied, today from `store.now()`) is read under the lock.
 */
export async function transitionVersion(store: Store, versionId: number, to: PlanState, fields: MoveFields, who: Mover): Promise<TransitionRule> {
  return store.write(async (tx) => {
    const v = await lockAndRead(store, tx, versionId);
    const now = store.now();
    const carry = to === 'approved' ? await carriedDebits(tx, v) : undefined;
    const verdict = checkTransition(
      { from: v.status, to, actorMay: who.may, ...fields },
      {
        today: chinaDate(now),
        year: v.year,
        ...optional('consultation', await consultationWindow(tx, versionId)),
        review: await reviewState(tx, versionId),
        decisionRecorded: v.decisionOn !== null,
        ...(carry ? { capBelowUsed: carry.over } : {}),
      },
    );
    if (!verdict.ok) throw new RefusedError(verdict.code, verdict.message.zh, verdict.message.en);
    const rule = verdict.rule;
    const keep = (f: keyof MoveFields): MoveFields => (rule.needs.includes(f) || (f === 'reason' && fields.reason?.trim()) ? optional(f, fields[f]) : {});
    await moveTx(tx, store.dialect, now, { versionId, from: v.status, to, actor: who.actor, role: who.roleFor(rule.action), ...keep('date'), ...keep('until'), ...keep('docNumber'), ...keep('reason') });
    if (carry) {
      for (const [id, d] of carry.debits) {
        await tx.updateTable('indicator').set({ debited_e4: bindInt(d) }).where('plan_version_id', '=', versionId).where('indicator_id', '=', id).execute();
      }
    }
    return rule;
  });
}

function optional<K extends string, T>(k: K, v: T | undefined): { [P in K]?: T } {
  return (v === undefined ? {} : { [k]: v }) as { [P in K]?: T };
}

/** A revision (`drafting`) or an adjustment (`adjusting`) of a version: the next seq, from its cube. */
export async function newVersionFrom(
  store: Store,
  fromVersionId: number,
  kind: 'revise' | 'adjust',
  reason: string,
  who: Mover,
  opts: { validFrom?: string } = {},
): Promise<{ versionId: number; seq: number }> {
  if (!reason.trim()) throw new InputError('reason', kind === 'revise' ? '修订须说明理由' : '调整须说明理由', kind === 'revise' ? 'a revision needs a reason' : 'an adjustment needs a reason');
  return store.write(async (tx) => {
    const v = await lockAndRead(store, tx, fromVersionId);
    if (!who.may('plan.edit')) throw new RefusedError('wrong-role', '无权编制计划', 'your role may not compile plans');
    const now = store.now();
    const today = chinaDate(now);
    const versions = await tx.selectFrom('plan_version').select(['id', 'seq', 'status']).where('plan_id', '=', v.planId).orderBy('seq').execute();
    const last = versions[versions.length - 1]!;
    if (kind === 'revise') {
      const ok = v.status === 'review' || v.status === 'submitted' || v.status === 'consultation';
      if (!ok) throw new RefusedError('wrong-state', `“${PLAN_STATE_NAMES[v.status].zh}”的版本不能修订（征求意见期满后、部门联审或报批中方可）`, `a version that is ${PLAN_STATE_NAMES[v.status].en} cannot be revised (after consultation, in joint review or submitted)`);
      if (v.status === 'consultation') {
        const w = await consultationWindow(tx, v.id);
        if (w && today <= w.until) throw new RefusedError('consultation-open', `征求意见期至 ${w.until}，期满后方可修订`, `the consultation runs until ${w.until}; revise it when it has closed`);
      }
    } else {
      const inForce = versions.filter((x) => x.status === 'approved' || x.status === 'published').pop();
      if (!inForce || Number(inForce.id) !== v.id) throw new RefusedError('not-in-force', '只能调整现行（已批准或已公布）版本', 'only the version in force (approved or published) can be adjusted');
      const open = versions.find((x) => Number(x.seq) > v.seq && (x.status === 'adjusting' || x.status === 'submitted'));
      if (open) throw new RefusedError('adjustment-open', `已有进行中的调整（版本 ${open.id}）`, `an adjustment is already under way (version ${open.id})`);
    }
    const seq = Number(last.seq) + 1;
    const status: PlanState = kind === 'revise' ? 'drafting' : 'adjusting';
    // A revision replaces its draft from the same date; an adjustment is in force from today (or the date given).
    const validFrom = kind === 'revise' ? v.validFrom : (opts.validFrom ?? (today > v.validFrom ? today : v.validFrom));
    if (!/^\d{4}-\d{2}-\d{2}$/.test(validFrom)) throw new InputError('validFrom', '日期应为 YYYY-MM-DD', 'the date must be YYYY-MM-DD');
    const role = who.roleFor('plan.edit');
    const ins = await tx
      .insertInto('plan_version')
      .values({
        plan_id: v.planId,
        seq,
        status,
        cube_json: v.cubeJson,
        rule_set_json: v.ruleSetJson,
        flagged_json: v.flaggedJson,
        valid_from: validFrom,
        recorded_at: now,
        recorded_by: who.actor,
        content_hash: contentHash(v.planId, seq, validFrom, v.cubeJson, v.ruleSetJson, v.flaggedJson),
        based_on_version_id: v.id,
        change_reason: reason,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(ins.id);
    await insertIndicators(tx, id, v.cube);
    await insertTransitionRow(tx, now, { versionId: id, from: null, to: status, actor: who.actor, role, reason });
    await appendAudit(tx, store.dialect, {
      at: now,
      actor: who.actor,
      action: kind === 'revise' ? 'plan.revise' : 'plan.adjust',
      entity: 'plan_version',
      entityId: String(id),
      before: { versionId: v.id, status: v.status },
      after: { versionId: id, seq, status, basedOn: v.id, reason, validFrom, cube: cubeToJson(v.cube) },
    });
    if (kind === 'revise') {
      // The departments asked to review, and their deadlines, go on; their reviews start afresh.
      const requests = await tx.selectFrom('review_request').select(['department', 'deadline']).where('plan_version_id', '=', v.id).orderBy('id').execute();
      for (const q of requests) {
        await tx.insertInto('review_request').values({ plan_version_id: id, department: q.department, deadline: q.deadline, created_at: now, created_by: who.actor }).execute();
      }
      await moveTx(tx, store.dialect, now, { versionId: v.id, from: v.status, to: 'withdrawn', actor: who.actor, role, reason: `由第 ${seq} 版取代：${reason} / superseded by version ${seq}` });
    }
    return { versionId: id, seq };
  });
}

async function insertIndicators(tx: Db, versionId: number, cube: PlanCube): Promise<void> {
  const rows = indicatorRows(cube);
  if (rows.length === 0) return;
  await tx
    .insertInto('indicator')
    .values(rows.map((r) => ({ plan_version_id: versionId, indicator_id: r.id, label: r.label, kind: r.kind, key_json: JSON.stringify(r.key), cap_e4: bindInt(r.capE4), debited_e4: bindInt(0n) })))
    .execute();
}

/** Stated marginals the cells determine are derived: recomputed from the cells, never typed. */
export function deriveMarginals(cube: PlanCube): PlanCube {
  return {
    ...cube,
    marginals: cube.marginals.map((m) => (DIMENSIONS.filter((d) => m.key[d] !== undefined).every((d) => cube.dimensions.includes(d)) ? { ...m, area: sumWhere(cube, m.key) } : m)),
  };
}

function requireEditable(v: LockedVersion): void {
  if (!EDITABLE_STATES.includes(v.status)) {
    throw new RefusedError('not-editable', `“${PLAN_STATE_NAMES[v.status].zh}”的版本不能修改，请先修订或调整`, `a version that is ${PLAN_STATE_NAMES[v.status].en} cannot be edited; revise or adjust it`);
  }
}

/** Rewrites an editable version's cube inside tx: cube_json, content hash, indicators (no debits before approval). */
async function rewriteCubeTx(tx: Db, v: LockedVersion, cube: PlanCube): Promise<void> {
  const cubeJson = JSON.stringify(cubeToJson(cube));
  await tx
    .updateTable('plan_version')
    .set({ cube_json: cubeJson, content_hash: contentHash(v.planId, v.seq, v.validFrom, cubeJson, v.ruleSetJson, v.flaggedJson) })
    .where('id', '=', v.id)
    .execute();
  await tx.deleteFrom('indicator').where('plan_version_id', '=', v.id).execute();
  await insertIndicators(tx, v.id, cube);
}

/**
 * Replaces the cells of a version in `drafting` or `adjusting` (validated; derived marginals
 * recomputed), links the consultation comments that led to the change, audits the edit.
 * `makeCube` gets the cube under the lock and returns the new one.
 */
export async function editVersionCube(
  store: Store,
  versionId: number,
  makeCube: (old: PlanCube) => PlanCube,
  who: Mover,
  opts: { note?: string; commentIds?: readonly number[]; action?: string; extra?: Record<string, unknown>; inTx?: (tx: Db, v: { id: number; planId: number; year: number; jurisdictionCode: string }) => Promise<void> } = {},
): Promise<void> {
  await store.write(async (tx) => {
    const v = await lockAndRead(store, tx, versionId);
    if (!who.may('plan.edit')) throw new RefusedError('wrong-role', '无权编制计划', 'your role may not compile plans');
    requireEditable(v);
    const cube = deriveMarginals(makeCube(v.cube));
    requireValidCube(cube);
    indicatorRows(cube); // areas finer than the store keeps are refused before writing
    const now = store.now();
    await opts.inTx?.(tx, v);
    await rewriteCubeTx(tx, v, cube);
    const ids = [...new Set(opts.commentIds ?? [])];
    for (const [i, cid] of ids.entries()) {
      const c = await tx
        .selectFrom('consultation_comment as c')
        .innerJoin('plan_version as pv', 'pv.id', 'c.plan_version_id')
        .select(['c.id', 'c.item_kind', 'c.item_key', 'pv.plan_id'])
        .where('c.id', '=', cid)
        .executeTakeFirst();
      if (!c || Number(c.plan_id) !== v.planId) throw new InputError(`commentIds[${i}]`, `意见 ${cid} 不是本计划的意见`, `comment ${cid} is not a comment on this plan`);
      const cell = c.item_kind === 'category' && c.item_key ? { category: c.item_key } : c.item_kind === 'district' && c.item_key ? { district: c.item_key } : null;
      await tx.insertInto('version_change_comment').values({ plan_version_id: v.id, comment_id: cid, cell_key_json: cell ? JSON.stringify(cell) : null, recorded_at: now, recorded_by: who.actor }).execute();
    }
    await appendAudit(tx, store.dialect, {
      at: now,
      actor: who.actor,
      action: opts.action ?? 'plan.edit',
      entity: 'plan_version',
      entityId: String(v.id),
      before: { cube: JSON.parse(v.cubeJson) as unknown },
      after: { status: v.status, cube: cubeToJson(cube), note: opts.note ?? null, commentIds: ids, ...(opts.extra ?? {}) },
    });
  });
}

/** An adjustment's collective decision (集体决策): its date and meeting, needed before `submitted`. */
export async function recordVersionDecision(store: Store, versionId: number, d: { date: string; meeting: string }, who: Mover): Promise<void> {
  await store.write(async (tx) => {
    const v = await lockAndRead(store, tx, versionId);
    if (!who.may('plan.edit')) throw new RefusedError('wrong-role', '无权编制计划', 'your role may not compile plans');
    if (v.status !== 'adjusting') throw new RefusedError('wrong-state', '集体决策只记录于调整中的版本', 'a collective decision is recorded on a version being adjusted');
    if (d.date > chinaDate(store.now())) throw new RefusedError('future-date', `决策日期 ${d.date} 晚于今天`, `the decision date ${d.date} is after today`);
    await tx.updateTable('plan_version').set({ decision_on: d.date, decision_meeting: d.meeting }).where('id', '=', versionId).execute();
    await appendAudit(tx, store.dialect, {
      at: store.now(),
      actor: who.actor,
      action: 'plan.decision',
      entity: 'plan_version',
      entityId: String(versionId),
      before: { decision: v.decisionOn },
      after: { status: v.status, decision: { date: d.date, meeting: d.meeting } },
    });
  });
}

/** Adds a land demand's area to its cell (category, district, quarter) of an editable version and marks it taken. */
export async function takeDemandInto(store: Store, versionId: number, demandId: number, who: Mover): Promise<void> {
  const demand = await store.db.selectFrom('land_demand').selectAll().where('id', '=', demandId).executeTakeFirst();
  if (!demand) throw new InputError('demandId', `用地需求 ${demandId} 不存在`, `land demand ${demandId} does not exist`);
  await editVersionCube(
    store,
    versionId,
    (cube) => {
      const key: Record<string, unknown> = { category: demand.category };
      for (const d of cube.dimensions) {
        if (d === 'category') continue;
        if (d === 'district' && demand.district !== null) key.district = demand.district;
        else if (d === 'quarter' && demand.quarter !== null) key.quarter = Number(demand.quarter);
        else if (d === 'district' || d === 'quarter') {
          throw new RefusedError('demand-incomplete', `计划按${d === 'district' ? '片区' : '季度'}分解，该用地需求未给出${d === 'district' ? '片区' : '季度'}`, `the plan is broken down by ${d}; the demand gives none`);
        } else {
          throw new RefusedError('demand-incomplete', `计划按 ${d} 分解，用地需求无法确定单元，请手工录入`, `the plan is broken down by ${d}; a demand cannot say which cell, enter it by hand`);
        }
      }
      const k = key as CellKey;
      const add = e4ToArea(toBigInt(demand.area_e4));
      const i = cube.cells.findIndex((c) => JSON.stringify(c.key) === JSON.stringify(k) || (keyMatches(c.key, k) && keyMatches(k, c.key)));
      const cells = i >= 0 ? cube.cells.map((c, j) => (j === i ? { ...c, area: c.area.plus(add) } : c)) : [...cube.cells, { key: k, area: add }];
      const rows = cube.rows.some((r) => r.category === demand.category) ? cube.rows : [...cube.rows, { category: demand.category, kind: 'indicative' as const, allocation: 'pooled' as const }];
      return { ...cube, cells, rows };
    },
    who,
    {
      action: 'plan.take-demand',
      extra: { demandId },
      inTx: async (tx, v) => {
        const d = await tx.selectFrom('land_demand').select(['jurisdiction_code', 'year', 'taken_into_version_id']).where('id', '=', demandId).executeTakeFirstOrThrow();
        if (d.jurisdiction_code !== v.jurisdictionCode || Number(d.year) !== v.year) throw new RefusedError('demand-elsewhere', `用地需求 ${demandId} 不属于本计划（${d.jurisdiction_code} ${d.year}）`, `land demand ${demandId} is for ${d.jurisdiction_code} ${d.year}, not this plan`);
        if (d.taken_into_version_id !== null) throw new RefusedError('demand-taken', `用地需求 ${demandId} 已纳入版本 ${d.taken_into_version_id}`, `land demand ${demandId} was already taken into version ${d.taken_into_version_id}`);
        await tx.updateTable('land_demand').set({ taken_into_version_id: v.id, taken_by: who.actor, taken_at: store.now() }).where('id', '=', demandId).execute();
      },
    },
  );
}
