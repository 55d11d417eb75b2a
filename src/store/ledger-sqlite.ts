/**
 * The supply check-and-write on SQLite's native handle (see postDebit in ledger.ts).
 */
import { appendAuditNative, type AuditInput } from './audit-log.js';
import { exceedRefusal, impact, inForceRefusal, IN_FORCE_SQL, type IndicatorImpact, type SupplyOutcome, type VersionInfo } from './ledger-core.js';
import type { IndicatorRow } from './repos/plans.js';
import { bindInt } from './units.js';

type Native = import('better-sqlite3').Database;

type Stmt = import('better-sqlite3').Statement;

const sqliteStatements = new WeakMap<Native, Record<'inForce' | 'debit' | 'insertRecord' | 'addDebit', Stmt>>();

/**
 * The same check-and-write as the Kysely path, on SQLite's native handle with prepared statements
 * (runs inside BEGIN IMMEDIATE, see Store.sqliteWriteNative). Kept statement-for-statement parallel
 * to the path above; the shared test suite runs both.
 */
export function recordSupplySqlite(
  native: Native,
  now: () => string,
  info: VersionInfo,
  matched: readonly IndicatorRow[],
  e4: bigint,
  row: Record<string, string | number | null>,
  audit: (recordId: number, now: string, impacts: readonly IndicatorImpact[]) => AuditInput,
): SupplyOutcome {
  let st = sqliteStatements.get(native);
  if (!st) {
    st = {
      inForce: native.prepare(`select id, seq from plan_version where plan_id = ? and ${IN_FORCE_SQL} order by seq desc limit 1`),
      debit: native.prepare('select debited_e4 from indicator where plan_version_id = ? and indicator_id = ?'),
      insertRecord: native.prepare(
        'insert into supply_record (plan_id, plan_version_id, category, method, source, district, quarter, housing_type, area_e4, parcel_id, reverses_id, supplied_on, recorded_at, recorded_by, note, override_json, supply_id) ' +
          'values (@plan_id, @plan_version_id, @category, @method, @source, @district, @quarter, @housing_type, @area_e4, @parcel_id, @reverses_id, @supplied_on, @recorded_at, @recorded_by, @note, @override_json, @supply_id)',
      ),
      addDebit: native.prepare('update indicator set debited_e4 = debited_e4 + ? where plan_version_id = ? and indicator_id = ?'),
    };
    sqliteStatements.set(native, st);
  }
  const versionId = row.plan_version_id as number;
  const current = st.inForce.get(info.planId) as { id: number; seq: number } | undefined;
  const refused = inForceRefusal(current && { id: Number(current.id), seq: Number(current.seq) }, versionId, info.seq);
  if (refused) return refused;
  const impacts = matched.map((m) => impact(m, BigInt((st.debit.get(versionId, m.id) as { debited_e4: number }).debited_e4), e4));
  const over = impacts.find((i) => i.exceeds && i.kind === 'binding');
  if (over) return exceedRefusal(over);
  const at = now();
  const recordId = Number(st.insertRecord.run({ ...row, recorded_at: at }).lastInsertRowid);
  const amount = bindInt(e4);
  for (const m of matched) st.addDebit.run(amount, versionId, m.id);
  appendAuditNative(native, audit(recordId, at, impacts));
  return { accepted: true, recordId, impacts };
}
