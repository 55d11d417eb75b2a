/**
 * Bitemporal questions. Valid time: "what did the plan say, and how much had been supplied, on
 * 2026-06-30?" (`asOf`, a date). Record time: "what did the register show at 10:00 on 1 July?"
 * (`asRecorded`, an instant): only versions and records written by then count. Both together:
 * "on 1 July, what did we believe the position on 30 June was?".
 */
import { keyMatches } from '../domain/plan/cube.js';
import type { Db } from './database.js';
import type { Balance } from './ledger.js';
import { keyOfRow } from './ledger.js';
import { indicatorRows, versionInForce, type HistoryPoint, type PlanVersion } from './repos/plans.js';
import { e4ToArea, toBigInt } from './units.js';

export { versionInForce, type HistoryPoint } from './repos/plans.js';

/**
 * Balances of plan `planId` at a point in history: the indicators of the version in force then,
 * debited by the records supplied on or before `asOf` and recorded by `asRecorded`.
 * With neither given it equals the current materialised balances.
 */
export async function balancesAt(db: Db, planId: number, at: HistoryPoint): Promise<{ version: PlanVersion; balances: Balance[] } | undefined> {
  const version = await versionInForce(db, planId, at);
  if (!version) return undefined;
  let q = db.selectFrom('supply_record').select(['category', 'method', 'source', 'district', 'quarter', 'housing_type', 'area_e4']).where('plan_id', '=', planId);
  if (at.asOf !== undefined) q = q.where('supplied_on', '<=', at.asOf);
  if (at.asRecorded !== undefined) q = q.where('recorded_at', '<=', at.asRecorded);
  const records = await q.execute();
  const inds = indicatorRows(version.cube);
  const debits = new Map<string, bigint>();
  for (const r of records) {
    const key = keyOfRow(r);
    for (const ind of inds) if (keyMatches(ind.key, key)) debits.set(ind.id, (debits.get(ind.id) ?? 0n) + toBigInt(r.area_e4));
  }
  const balances = inds.map((ind) => {
    const d = debits.get(ind.id) ?? 0n;
    return { indicatorId: ind.id, label: ind.label, kind: ind.kind, key: ind.key, cap: e4ToArea(ind.capE4), debited: e4ToArea(d), remaining: e4ToArea(ind.capE4 - d) };
  });
  balances.sort((a, b) => (a.indicatorId === 'total' ? -1 : b.indicatorId === 'total' ? 1 : a.indicatorId < b.indicatorId ? -1 : a.indicatorId > b.indicatorId ? 1 : 0));
  return { version, balances };
}
