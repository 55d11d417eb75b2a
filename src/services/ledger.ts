/**
 * Use case: record supply decisions against a plan's quotas (ARCHITECTURE decision 5).
 *
 * The intended flow for a supply decision (services/record-supply or the server route):
 *   1. `quotaImpactOf(store, {planVersionId, key, area})` — read-only "what if": every indicator the
 *      supply draws on, before and after, and whether a binding one would be exceeded;
 *   2. the rules engine runs its checks (method, housing share, FAR …) and decides;
 *   3. `postDebit(store, {planVersionId, key, area, suppliedOn, parcelId?, override?, actor})`
 *      re-checks every binding indicator and writes, in one transaction. It returns
 *      `{accepted: true, recordId, impacts}` or a refusal `{accepted: false, reason, …, message}`;
 *      malformed input throws InputError naming the field.
 *   Several debits of one decision (e.g. a parcel's 新增 and 存量 parts): `postDebits`, all or
 *   nothing in one transaction.
 *   Corrections: `reverseSupply`. Plan changes: services/plan-lifecycle.ts (`adjust`, then approval
 *   carries the records into the new version).
 *   Balances: `balances(store.db, versionId)` now; `balancesAt(store.db, planId, {asOf, asRecorded})`
 *   for history.
 */
export {
  balances,
  getSupplyRecord,
  listSupplyRecords,
  quotaImpactOf,
  postDebits,
  postDebit,
  reverseSupply,
  type BatchOutcome,
  type Balance,
  type IndicatorImpact,
  type Refusal,
  type SupplyInput,
  type SupplyKey,
  type SupplyOutcome,
  type SupplyRecord,
} from '../store/ledger.js';
export { balancesAt, versionInForce, type HistoryPoint } from '../store/history.js';
