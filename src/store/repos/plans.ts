/**
 * Plans and their immutable versions. A plan is (jurisdiction, year); version 1 is created with
 * it, and each adjustment (ledger.ts `adjustPlan`) adds the next version. A version's cube, rule
 * set and flagged figures never change after it is written: `content_hash` lets `db verify` prove
 * it, except while a version is a draft (store/repos/plan-lifecycle.ts edits it, audited). The
 * status moves only through store/repos/plan-lifecycle.ts, each move a plan_transition row.
 */
import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { PlanVersionTable } from '../schema.js';
import { hasErrors, type Finding } from '../../domain/finding.js';
import { indicators, validateCube, type CellKey, type IndicatorKind, type PlanCube } from '../../domain/plan/cube.js';
import type { Db, Store } from '../database.js';
import { appendAudit } from '../audit-log.js';
import { cubeFromJson, cubeToJson } from '../cube-json.js';
import { InputError } from '../errors.js';
import { areaToE4, bindInt } from '../units.js';
import { requireJurisdiction } from './jurisdictions.js';
import { importPath, insertTransitionRow, moveTx } from './plan-lifecycle.js';
import { IN_FORCE_STATES, PLAN_STATES as PLAN_STATUSES, type PlanState as PlanStatus } from '../../domain/plan/lifecycle.js';

/** Plan states: domain/plan/lifecycle.ts. */
export { PLAN_STATES as PLAN_STATUSES, type PlanState as PlanStatus } from '../../domain/plan/lifecycle.js';

export interface PlanVersion {
  readonly id: number;
  readonly planId: number;
  readonly jurisdictionCode: string;
  readonly year: number;
  readonly seq: number;
  readonly status: PlanStatus;
  readonly cube: PlanCube;
  readonly ruleSet: unknown;
  /** Figures the audit flagged (recorded as flagged, not fixed). */
  readonly flagged: readonly unknown[];
  readonly validFrom: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  /** The version this one revises or adjusts, and why (migration 7). */
  readonly basedOnVersionId: number | null;
  readonly changeReason: string | null;
  /** An adjustment's collective decision (集体决策). */
  readonly decision: { readonly date: string; readonly meeting: string } | null;
  /** When the answers to this version's consultation comments were made public. */
  readonly answersPublishedAt: string | null;
}

export interface NewPlanVersion {
  readonly jurisdictionCode: string;
  readonly year: number;
  readonly name?: string;
  readonly status?: PlanStatus;
  readonly cube: PlanCube;
  readonly ruleSet?: unknown;
  readonly flagged?: readonly unknown[];
  /** "YYYY-MM-DD": the date from which the version is in force. */
  readonly validFrom: string;
  readonly actor: string;
  /** The role recorded with the creation's plan_transition rows (default `import`: a plan loaded from a document). */
  readonly role?: string;
}

/** A stored indicator: the domain indicator with its cap in integer units. */
export interface IndicatorRow {
  readonly id: string;
  readonly key: CellKey;
  readonly kind: IndicatorKind;
  readonly label: string;
  readonly capE4: bigint;
}

export function contentHash(planId: number, seq: number, validFrom: string, cubeJson: string, ruleSetJson: string, flaggedJson: string): string {
  return createHash('sha256').update(JSON.stringify([planId, seq, validFrom, cubeJson, ruleSetJson, flaggedJson]), 'utf8').digest('hex');
}

export function checkDate(v: string, field: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) {
    throw new InputError(field, `日期应为 YYYY-MM-DD，实为 "${v}"`, `a date is YYYY-MM-DD, got "${v}"`);
  }
}

/** Refuses a cube with error findings, naming the first finding's field. */
export function requireValidCube(cube: PlanCube): void {
  const errors: Finding[] = validateCube(cube).filter((f) => f.severity === 'error');
  if (hasErrors(errors)) {
    const f = errors[0]!;
    const field = f.figures[0] ?? 'cube';
    // Findings prefix their message with the element ("cells[5]: …"); the field already says it.
    const strip = (m: string): string => m.replace(/^[a-z]+\[\d+\]:\s*/i, '');
    throw new InputError(field, strip(f.message.zh), strip(f.message.en));
  }
}

/** The domain indicators of a cube with unique ids and integer caps. */
export function indicatorRows(cube: PlanCube): IndicatorRow[] {
  const seen = new Map<string, number>();
  return indicators(cube).map((ind, i) => {
    const n = (seen.get(ind.id) ?? 0) + 1;
    seen.set(ind.id, n);
    return { id: n === 1 ? ind.id : `${ind.id}#${n}`, key: ind.key, kind: ind.kind, label: ind.label, capE4: areaToE4(ind.area, `indicators[${i}].area`) };
  });
}

/** A plan_version row with its plan's jurisdiction and year (the table is declared once, in schema.ts). */
type VersionRow = Omit<Selectable<PlanVersionTable>, 'content_hash'> & { jurisdiction_code: string; year: number };

function toVersion(r: VersionRow): PlanVersion {
  return {
    id: Number(r.id),
    planId: Number(r.plan_id),
    jurisdictionCode: r.jurisdiction_code,
    year: Number(r.year),
    seq: Number(r.seq),
    status: r.status as PlanStatus,
    cube: cubeFromJson(JSON.parse(r.cube_json)),
    ruleSet: JSON.parse(r.rule_set_json),
    flagged: JSON.parse(r.flagged_json) as unknown[],
    validFrom: r.valid_from,
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
    basedOnVersionId: r.based_on_version_id === null ? null : Number(r.based_on_version_id),
    changeReason: r.change_reason,
    decision: r.decision_on !== null && r.decision_meeting !== null ? { date: r.decision_on, meeting: r.decision_meeting } : null,
    answersPublishedAt: r.answers_published_at,
  };
}

function versionQuery(db: Db) {
  return db
    .selectFrom('plan_version as v')
    .innerJoin('plan as p', 'p.id', 'v.plan_id')
    .select(['v.id', 'v.plan_id', 'v.seq', 'v.status', 'v.cube_json', 'v.rule_set_json', 'v.flagged_json', 'v.valid_from', 'v.recorded_at', 'v.recorded_by', 'v.based_on_version_id', 'v.change_reason', 'v.decision_on', 'v.decision_meeting', 'v.answers_published_at', 'p.jurisdiction_code', 'p.year']);
}

export async function getPlanVersion(db: Db, id: number): Promise<PlanVersion | undefined> {
  const r = await versionQuery(db).where('v.id', '=', id).executeTakeFirst();
  return r ? toVersion(r as VersionRow) : undefined;
}

export async function listPlanVersions(db: Db, planId: number): Promise<PlanVersion[]> {
  const rows = await versionQuery(db).where('v.plan_id', '=', planId).orderBy('v.seq').execute();
  return rows.map((r) => toVersion(r as VersionRow));
}

export async function findPlan(db: Db, jurisdictionCode: string, year: number): Promise<{ id: number; name: string } | undefined> {
  const r = await db.selectFrom('plan').select(['id', 'name']).where('jurisdiction_code', '=', jurisdictionCode).where('year', '=', year).executeTakeFirst();
  return r ? { id: Number(r.id), name: r.name } : undefined;
}

/** The newest version of a plan, whatever its state (a draft included): what is being worked on. */
export async function latestVersion(db: Db, planId: number): Promise<PlanVersion | undefined> {
  const r = await versionQuery(db).where('v.plan_id', '=', planId).orderBy('v.seq', 'desc').limit(1).executeTakeFirst();
  return r ? toVersion(r as VersionRow) : undefined;
}

/**
 * The version in force now: the latest `approved` or `published` one (domain/plan/lifecycle.ts).
 * Supplies are recorded against it and nothing else; undefined while no version has been approved.
 */
export async function inForceVersion(db: Db, planId: number): Promise<PlanVersion | undefined> {
  const r = await versionQuery(db).where('v.plan_id', '=', planId).where('v.status', 'in', [...IN_FORCE_STATES]).orderBy('v.seq', 'desc').limit(1).executeTakeFirst();
  return r ? toVersion(r as VersionRow) : undefined;
}

export interface HistoryPoint {
  /** Valid time: the version in force on this date ("YYYY-MM-DD"). */
  readonly asOf?: string;
  /** Record time: what the register knew at this instant (ISO). */
  readonly asRecorded?: string;
}

/**
 * The version in force on `asOf` as the register knew it at `asRecorded`: among versions recorded
 * by then that have been approved (approved, published, closed), the one with the latest
 * valid_from on or before `asOf` (ties: the later version).
 */
export async function versionInForce(db: Db, planId: number, at: HistoryPoint = {}): Promise<PlanVersion | undefined> {
  let q = versionQuery(db).where('v.plan_id', '=', planId).where('v.status', 'in', [...IN_FORCE_STATES, 'closed']);
  if (at.asRecorded !== undefined) q = q.where('v.recorded_at', '<=', at.asRecorded);
  if (at.asOf !== undefined) q = q.where('v.valid_from', '<=', at.asOf);
  const r = await q.orderBy('v.valid_from', 'desc').orderBy('v.seq', 'desc').limit(1).executeTakeFirst();
  return r ? toVersion(r as VersionRow) : undefined;
}

/**
 * Inserts a version row and its indicators (debits given per indicator id) inside `tx`.
 * Callers have validated the cube and locked what they must.
 */
export async function insertVersionTx(
  tx: Db,
  planId: number,
  seq: number,
  v: Pick<NewPlanVersion, 'cube' | 'ruleSet' | 'flagged' | 'validFrom' | 'actor' | 'status'>,
  recordedAt: string,
  debits: ReadonlyMap<string, bigint> = new Map(),
): Promise<{ id: number; indicators: IndicatorRow[] }> {
  const cubeJson = JSON.stringify(cubeToJson(v.cube));
  const ruleSetJson = JSON.stringify(v.ruleSet ?? null);
  const flaggedJson = JSON.stringify(v.flagged ?? []);
  const ins = await tx
    .insertInto('plan_version')
    .values({
      plan_id: planId,
      seq,
      status: v.status ?? 'drafting',
      cube_json: cubeJson,
      rule_set_json: ruleSetJson,
      flagged_json: flaggedJson,
      valid_from: v.validFrom,
      recorded_at: recordedAt,
      recorded_by: v.actor,
      content_hash: contentHash(planId, seq, v.validFrom, cubeJson, ruleSetJson, flaggedJson),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(ins.id);
  const rows = indicatorRows(v.cube);
  await tx
    .insertInto('indicator')
    .values(
      rows.map((r) => ({
        plan_version_id: id,
        indicator_id: r.id,
        label: r.label,
        kind: r.kind,
        key_json: JSON.stringify(r.key),
        cap_e4: bindInt(r.capE4),
        debited_e4: bindInt(debits.get(r.id) ?? 0n),
      })),
    )
    .execute();
  return { id, indicators: rows };
}

/**
 * Creates plan (jurisdiction, year) with its version 1. Refuses, naming the field, an unknown
 * jurisdiction, a cube that does not validate (unknown category, negative area, cells that do not
 * sum to a stated marginal …) or a plan that already exists. Nothing is written on refusal.
 */
export async function createPlan(store: Store, input: NewPlanVersion): Promise<PlanVersion> {
  requireValidCube(input.cube);
  checkDate(input.validFrom, 'validFrom');
  if (!Number.isInteger(input.year) || input.year < 1949 || input.year > 2999) throw new InputError('year', `年度无效: ${input.year}`, `invalid year: ${input.year}`);
  if (input.status !== undefined && !PLAN_STATUSES.includes(input.status)) throw new InputError('status', `未知状态 "${input.status}"`, `unknown status "${input.status}"`);
  indicatorRows(input.cube); // refuses areas finer than the store keeps, before the transaction
  const path = importPath(input.status ?? 'drafting');
  const id = await store.write(async (tx) => {
    const j = await requireJurisdiction(tx, input.jurisdictionCode, 'jurisdictionCode');
    if (await findPlan(tx, j.code, input.year)) {
      throw new InputError('year', `${j.name}${input.year}年度计划已存在，请用调整生成新版本`, `${j.name} already has a ${input.year} plan; adjust it to make a new version`);
    }
    const now = store.now();
    const plan = await tx
      .insertInto('plan')
      .values({ jurisdiction_code: j.code, year: input.year, name: input.name ?? `${j.name}${input.year}年度国有建设用地供应计划`, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const planId = Number(plan.id);
    const v = await insertVersionTx(tx, planId, 1, { ...input, status: 'drafting' }, now);
    const role = input.role ?? 'import';
    await insertTransitionRow(tx, now, { versionId: v.id, from: null, to: 'drafting', actor: input.actor, role });
    await appendAudit(tx, store.dialect, {
      at: now,
      actor: input.actor,
      action: 'plan.create',
      entity: 'plan_version',
      entityId: String(v.id),
      after: { planId, jurisdictionCode: j.code, year: input.year, seq: 1, status: 'drafting', validFrom: input.validFrom, cube: cubeToJson(input.cube), flagged: input.flagged ?? [] },
    });
    // A plan imported in a later state (a published plan loaded from its document): each step of
    // the shortest legal path is recorded as a move by the importing actor (role `import`).
    let from: PlanStatus = 'drafting';
    for (const to of path) {
      await moveTx(tx, store.dialect, now, { versionId: v.id, from, to, actor: input.actor, role, reason: '导入既有计划 / imported plan' });
      from = to;
    }
    return v.id;
  });
  return (await getPlanVersion(store.db, id))!;
}

export interface PlanRow {
  readonly id: number;
  readonly jurisdictionCode: string;
  readonly year: number;
  readonly name: string;
}

/** Every plan, newest year first. */
export async function listPlans(db: Db): Promise<PlanRow[]> {
  const rows = await db.selectFrom('plan').select(['id', 'jurisdiction_code', 'year', 'name']).orderBy('year', 'desc').orderBy('id').execute();
  return rows.map((p) => ({ id: Number(p.id), jurisdictionCode: p.jurisdiction_code, year: p.year, name: p.name }));
}

export async function getPlan(db: Db, id: number): Promise<PlanRow | undefined> {
  const p = await db.selectFrom('plan').select(['id', 'jurisdiction_code', 'year', 'name']).where('id', '=', id).executeTakeFirst();
  return p ? { id: Number(p.id), jurisdictionCode: p.jurisdiction_code, year: p.year, name: p.name } : undefined;
}

/** Changes when a version is added to the plan or a version's status moves (a cache key). */
export async function versionStatusStamp(db: Db, planId: number): Promise<string> {
  const rows = await db.selectFrom('plan_version').select(['id', 'status']).where('plan_id', '=', planId).orderBy('seq').execute();
  return rows.map((r) => `${String(r.id)}:${r.status}`).join(',');
}
