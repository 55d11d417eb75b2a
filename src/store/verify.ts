/**
 * `db verify`: recompute everything that is derived and check it against what is stored.
 * - each plan version's content hash (cube, rule set, flagged figures are immutable);
 * - each version's indicators equal those its cube defines;
 * - ledger: each indicator's stored debit of an approved version v (approved, published, closed)
 *   equals the sum of the plan's records recorded against versions ≤ v whose key matches it, and
 *   a version never approved carries none and has no record; no binding indicator is over its
 *   cap; a reversal negates its original;
 * - the plan's life: each version's status is the state its last plan_transition row moved it
 *   to, and the moves chain (each from the state the one before reached);
 * - the audit chain (audit-log.ts).
 * The report is deterministic (no times, no paths) so a restored database reports the same.
 */
import { verifyPipeline, type FactsCheck } from './pipeline.js';
import { keyMatches } from '../domain/plan/cube.js';
import type { Db } from './database.js';
import { verifyAuditChain } from './audit-log.js';
import { keyOfRow } from './ledger.js';
import { contentHash, indicatorRows } from './repos/plans.js';
import { cubeFromJson } from './cube-json.js';
import { e4ToM2Text, toBigInt } from './units.js';

/** States of a version that has been approved: its indicators carry the plan's records. */
const APPROVED_STATES: readonly string[] = ['approved', 'published', 'closed'];

export interface VerifyReport {
  readonly ok: boolean;
  /** One line per checked thing, deterministic. */
  readonly lines: readonly string[];
  readonly problems: readonly string[];
}

/** `facts`: also recompute the deadline facts stored with the journals (the CLI passes services/pipeline-rules `storedFactsCheck`). */
export async function verifyStore(db: Db, o: { facts?: FactsCheck } = {}): Promise<VerifyReport> {
  const lines: string[] = [];
  const problems: string[] = [];
  const plans = await db.selectFrom('plan').select(['id', 'jurisdiction_code', 'year']).orderBy('id').execute();
  for (const p of plans) {
    const planId = Number(p.id);
    const versions = await db.selectFrom('plan_version').selectAll().where('plan_id', '=', planId).orderBy('seq').execute();
    const records = await db.selectFrom('supply_record').selectAll().where('plan_id', '=', planId).orderBy('id').execute();
    const seqOfVersion = new Map(versions.map((v) => [Number(v.id), Number(v.seq)]));
    const transitions = new Map<number, { id: unknown; from_state: string | null; to_state: string }[]>();
    if (versions.length) {
      const rows = await db.selectFrom('plan_transition').select(['id', 'plan_version_id', 'from_state', 'to_state']).where('plan_version_id', 'in', versions.map((v) => Number(v.id))).orderBy('id').execute();
      for (const r of rows) {
        const k = Number(r.plan_version_id);
        if (!transitions.has(k)) transitions.set(k, []);
        transitions.get(k)!.push(r);
      }
    }
    const byId = new Map(records.map((r) => [Number(r.id), r]));
    for (const r of records) {
      if (!seqOfVersion.has(Number(r.plan_version_id))) problems.push(`supply_record ${r.id}: plan version ${r.plan_version_id} is not a version of plan ${planId}`);
      if (r.reverses_id !== null) {
        const o = byId.get(Number(r.reverses_id));
        if (!o) problems.push(`supply_record ${r.id}: reverses unknown record ${r.reverses_id}`);
        else if (toBigInt(o.area_e4) !== -toBigInt(r.area_e4) || JSON.stringify(keyOfRow(o)) !== JSON.stringify(keyOfRow(r))) {
          problems.push(`supply_record ${r.id}: does not negate record ${r.reverses_id}`);
        }
      } else if (toBigInt(r.area_e4) <= 0n) problems.push(`supply_record ${r.id}: non-positive area`);
    }
    for (const v of versions) {
      const vid = Number(v.id);
      const seq = Number(v.seq);
      const tag = `plan ${planId} (${p.jurisdiction_code} ${p.year}) version ${seq}`;
      const approved = APPROVED_STATES.includes(v.status);
      const moves = transitions.get(vid) ?? [];
      if (moves.length === 0) problems.push(`${tag}: no state transition recorded (status ${v.status})`);
      else {
        const last = moves[moves.length - 1]!;
        if (last.to_state !== v.status) problems.push(`${tag}: status ${v.status} but its last transition moved it to ${last.to_state}`);
        moves.forEach((m, i) => {
          if (i > 0 && m.from_state !== moves[i - 1]!.to_state) problems.push(`${tag}: transition ${m.id} starts from ${m.from_state ?? 'nothing'}, not ${moves[i - 1]!.to_state}`);
        });
      }
      if (!approved && records.some((r) => Number(r.plan_version_id) === vid)) problems.push(`${tag}: supply recorded against a version never approved (${v.status})`);
      if (contentHash(planId, seq, v.valid_from, v.cube_json, v.rule_set_json, v.flagged_json) !== v.content_hash) problems.push(`${tag}: content edited (hash mismatch)`);
      let inds;
      try {
        inds = indicatorRows(cubeFromJson(JSON.parse(v.cube_json)));
      } catch (e) {
        problems.push(`${tag}: cube unreadable (${(e as Error).message})`);
        continue;
      }
      const stored = await db.selectFrom('indicator').selectAll().where('plan_version_id', '=', vid).execute();
      const storedById = new Map(stored.map((s) => [s.indicator_id, s]));
      const expected = new Map<string, bigint>();
      for (const r of records) {
        const rs = seqOfVersion.get(Number(r.plan_version_id));
        if (!approved || rs === undefined || rs > seq) continue;
        const key = keyOfRow(r);
        for (const ind of inds) {
          if (!keyMatches(ind.key, key)) continue;
          expected.set(ind.id, (expected.get(ind.id) ?? 0n) + toBigInt(r.area_e4));
        }
      }
      let over = 0;
      for (const ind of inds) {
        const s = storedById.get(ind.id);
        if (!s) {
          problems.push(`${tag}: indicator ${ind.id} missing`);
          continue;
        }
        if (toBigInt(s.cap_e4) !== ind.capE4 || s.kind !== ind.kind) problems.push(`${tag}: indicator ${ind.id} cap or kind differs from the cube`);
        const exp = expected.get(ind.id) ?? 0n;
        const deb = toBigInt(s.debited_e4);
        if (deb !== exp) problems.push(`${tag}: indicator ${ind.id} debited ${deb} ≠ recomputed ${exp} (0.0001 m²)`);
        if (ind.kind === 'binding' && exp > ind.capE4) {
          over++;
          problems.push(`${tag}: binding indicator ${ind.id} exceeded (${exp} > ${ind.capE4})`);
        }
      }
      if (stored.length !== inds.length) problems.push(`${tag}: ${stored.length} indicators stored, cube defines ${inds.length}`);
      const nRec = approved ? records.filter((r) => (seqOfVersion.get(Number(r.plan_version_id)) ?? Infinity) <= seq).length : 0;
      const total = expected.get('total') ?? 0n;
      lines.push(`${tag}: ${v.status}, ${moves.length} transitions, ${inds.length} indicators, ${nRec} records, total debited ${total} of ${inds.find((i) => i.id === 'total')?.capE4 ?? 0n} (0.0001 m²), ${over === 0 ? 'within caps' : `${over} over cap`}`);
    }
  }
  const parcels = await db.selectFrom('parcel').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  lines.push(`parcels: ${Number(parcels.n)}`);
  for (const p of await crossCheckSupplyParcels(db)) problems.push(p);
  const pipeline = await verifyPipeline(db, o.facts);
  lines.push(pipeline.line);
  for (const p of pipeline.problems) problems.push(p);
  for (const p of await crossCheckAudit(db)) problems.push(p);
  const audit = await verifyAuditChain(db);
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).executeTakeFirst();
  lines.push(`audit log: ${head ? Number(head.seq) : 0} entries, head ${head?.hash.slice(0, 16) ?? '-'}`);
  for (const p of audit) problems.push(p);
  return { ok: problems.length === 0, lines, problems };
}

/**
 * A supply decision is its ledger records and its parcel, written together (store/supply-posting):
 * a record of a supply without its parcel (left by a crash between two transactions, as before
 * migration 3, and not reversed since), a parcel of a supply without any record, or a record
 * linked to another supply's parcel, is a problem.
 */
async function crossCheckSupplyParcels(db: Db): Promise<string[]> {
  const problems: string[] = [];
  const orphans = await db
    .selectFrom('supply_record as r')
    .select(['r.id', 'r.supply_id'])
    .where('r.supply_id', 'is not', null)
    .where('r.reverses_id', 'is', null)
    .where('r.parcel_id', 'is', null)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('supply_record as x').select('x.id').whereRef('x.reverses_id', '=', 'r.id'))))
    .orderBy('r.id')
    .execute();
  for (const r of orphans) problems.push(`supply_record ${r.id} (supply ${r.supply_id}): no parcel (the supply was half written)`);
  const mismatched = await db
    .selectFrom('supply_record as r')
    .innerJoin('parcel as p', 'p.id', 'r.parcel_id')
    .select(['r.id', 'r.supply_id', 'p.id as parcel_id', 'p.supply_id as parcel_supply'])
    .where('r.supply_id', 'is not', null)
    .where('p.supply_id', 'is not', null)
    .whereRef('r.supply_id', '!=', 'p.supply_id')
    .orderBy('r.id')
    .execute();
  for (const r of mismatched) problems.push(`supply_record ${r.id} (supply ${r.supply_id}): linked to parcel ${r.parcel_id} of supply ${r.parcel_supply}`);
  const lonely = await db
    .selectFrom('parcel as p')
    .select(['p.id', 'p.supply_id'])
    .where('p.supply_id', 'is not', null)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('supply_record as r').select('r.id').whereRef('r.parcel_id', '=', 'p.id'))))
    .orderBy('p.id')
    .execute();
  for (const p of lonely) problems.push(`parcel ${p.id} (supply ${p.supply_id}): no ledger record`);
  return problems;
}

/**
 * Every supply record and plan version must have its audit entry, and a record's area and key must
 * be what its (hash-chained) entry says: so a row inserted or edited behind the register's back
 * is caught even when the balances were "fixed" to match.
 */
async function crossCheckAudit(db: Db): Promise<string[]> {
  const problems: string[] = [];
  const entries = await db
    .selectFrom('audit_log')
    .select(['entity', 'entity_id', 'action', 'after_json'])
    .where('entity', 'in', ['supply_record', 'plan_version'])
    .where('action', 'in', ['supply.record', 'supply.reverse', 'plan.create', 'plan.adjust', 'plan.revise'])
    .execute();
  const byRecord = new Map<string, { area?: string; key?: unknown }>();
  const versions = new Set<string>();
  for (const e of entries) {
    if (e.entity === 'plan_version') versions.add(e.entity_id);
    else {
      const after = e.after_json ? (JSON.parse(e.after_json) as { area?: string; key?: unknown }) : {};
      byRecord.set(e.entity_id, after);
    }
  }
  const records = await db.selectFrom('supply_record').selectAll().orderBy('id').execute();
  for (const r of records) {
    const a = byRecord.get(String(r.id));
    if (!a) {
      problems.push(`supply_record ${r.id}: no audit entry (written outside the register)`);
      continue;
    }
    if (a.area !== undefined && a.area !== e4ToM2Text(toBigInt(r.area_e4))) problems.push(`supply_record ${r.id}: area differs from its audit entry (${a.area} m²)`);
    if (a.key !== undefined && !sameKey(a.key as Record<string, unknown>, keyOfRow(r) as unknown as Record<string, unknown>)) problems.push(`supply_record ${r.id}: key differs from its audit entry`);
  }
  const vs = await db.selectFrom('plan_version').select('id').orderBy('id').execute();
  for (const v of vs) if (!versions.has(String(v.id))) problems.push(`plan_version ${v.id}: no audit entry (written outside the register)`);
  return problems;
}

function sameKey(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const dims = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...dims].every((d) => a[d] === b[d]);
}
