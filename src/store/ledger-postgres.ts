/**
 * The supply check-and-write on PostgreSQL (see postDebit in ledger.ts).
 */
import { sql } from 'kysely';
import type { Db } from './database.js';
import { auditRow, type AuditInput } from './audit-log.js';
import { exceedRefusal, impact, inForceRefusal, type IndicatorImpact, type SupplyOutcome, type VersionInfo } from './ledger-core.js';
import type { IndicatorRow } from './repos/plans.js';
import { bindInt } from './units.js';

/**
 * The PostgreSQL check-and-write in three round trips inside the transaction (a round trip, not
 * SQL work, is what a supply costs on PostgreSQL): (1) lock the version row; (2) read the current
 * version and the debits, lock the audit head and draw the record id; (3) one statement whose
 * data-modifying CTEs insert the record, add the debits, append the audit entry and move the head.
 * Lock order is plan_version → audit_head, as everywhere, so writers cannot deadlock.
 */
export async function recordSupplyPostgres(
  tx: Db,
  now: () => string,
  info: VersionInfo,
  matched: readonly IndicatorRow[],
  e4: bigint,
  row: Record<string, string | number | null>,
  audit: (recordId: number, now: string, impacts: readonly IndicatorImpact[]) => AuditInput,
): Promise<SupplyOutcome> {
  const versionId = row.plan_version_id as number;
  const ids = matched.map((m) => m.id);
  // The lock must be its own statement: a statement that waits for a row lock re-reads only the
  // locked row afterwards, and its subqueries would still see the snapshot from before the wait.
  await sql`select id from plan_version where id = ${versionId} for update`.execute(tx);
  // One statement reads the plan's state and locks the audit head. If it waits for the head, its
  // subqueries keep the snapshot from before the wait; that is safe because the debits and the
  // current version of this plan only change under the version lock we already hold, while the
  // locked head row itself is re-read at its newest version.
  const read = await sql<{ cur_id: number | null; cur_seq: number | null; debits: Record<string, string> | null; seq: number; hash: string; rid: number }>`
    select (select id from plan_version where plan_id = ${info.planId} and status in ('approved', 'published') order by seq desc limit 1) as cur_id,
           (select max(seq) from plan_version where plan_id = ${info.planId} and status in ('approved', 'published')) as cur_seq,
           (select json_object_agg(indicator_id, debited_e4::text) from indicator where plan_version_id = ${versionId} and indicator_id = any(${ids})) as debits,
           h.seq, h.hash, nextval(pg_get_serial_sequence('supply_record', 'id')) as rid
    from audit_head h where h.id = 1 for update of h`.execute(tx);
  const cur = read.rows[0]!;
  const refused = inForceRefusal(cur.cur_id === null ? undefined : { id: Number(cur.cur_id), seq: Number(cur.cur_seq) }, versionId, info.seq);
  if (refused) return refused;
  const impacts = matched.map((m) => impact(m, BigInt(cur.debits?.[m.id] ?? '0'), e4));
  const over = impacts.find((i) => i.exceeds && i.kind === 'binding');
  if (over) return exceedRefusal(over);
  const head = cur;
  const at = now();
  const recordId = Number(head.rid);
  const a = auditRow(Number(head.seq), head.hash, audit(recordId, at, impacts));
  const amount = bindInt(e4);
  await sql`
    with r as (
      insert into supply_record (id, plan_id, plan_version_id, category, method, source, district, quarter, housing_type, area_e4, parcel_id, reverses_id, supplied_on, recorded_at, recorded_by, note, override_json, supply_id)
      values (${recordId}, ${row.plan_id}, ${versionId}, ${row.category}, ${row.method}, ${row.source}, ${row.district}, ${row.quarter}, ${row.housing_type}, ${amount}, ${row.parcel_id}, ${row.reverses_id}, ${row.supplied_on}, ${at}, ${row.recorded_by}, ${row.note}, ${row.override_json}, ${row.supply_id ?? null})
    ), u as (
      update indicator set debited_e4 = debited_e4 + ${amount} where plan_version_id = ${versionId} and indicator_id = any(${ids})
    ), l as (
      insert into audit_log (seq, at, actor, action, entity, entity_id, before_json, after_json, prev_hash, hash)
      values (${a.seq}, ${a.at}, ${a.actor}, ${a.action}, ${a.entity}, ${a.entity_id}, ${a.before_json}, ${a.after_json}, ${a.prev_hash}, ${a.hash})
    )
    update audit_head set seq = ${a.seq}, hash = ${a.hash} where id = 1`.execute(tx);
  return { accepted: true, recordId, impacts };
}
