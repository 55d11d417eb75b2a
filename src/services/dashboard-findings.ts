/**
 * Findings the app shows beside a parcel and on the dashboard: the post-supply clocks (idle land,
 * 闲置土地处置办法) of the rule set in force for the parcel's jurisdiction and year, as of a date.
 */
import { agreedStartOf } from '../domain/rules/post-supply/clock.js';
import { bySeverity, type Finding } from '../domain/finding.js';
import type { ConstraintIndex } from '../geo/overlay.js';
import { createSupplyChecker } from './check-supply.js';
import { supplyFromParcel } from '../domain/rules/supply-parcel.js';
import type { Db, Store } from '../store/database.js';
import { getParcel, parcelIdsWithAgreedStart } from '../store/repos/parcels.js';
import { idleScan, type IdleScanResult } from './idle-scan.js';
import type { Supply } from '../domain/supply.js';
import { ruleSetFor } from './rule-set-for.js';
export { ruleSetFor } from './rule-set-for.js';


/** Rules about where a parcel lies (farmland, red line, urban boundary, overlaps, area). */
const SPATIAL_RULES = new Set(['no-permanent-basic-farmland', 'no-ecological-red-line', 'inside-urban-development-boundary', 'parcels-no-overlap', 'parcel-area-vs-registered']);

/**
 * A parcel's findings: its post-supply clocks (idle land) and, when constraint layers are
 * loaded and the parcel has a geometry, the spatial rules. Supply rules about the decision
 * itself (prices, dates …) belong to the supply check, not to the parcel view.
 */
export async function parcelFindings(db: Db, parcelId: number, asOf: string, constraints?: ConstraintIndex): Promise<Finding[] | undefined> {
  const p = await getParcel(db, parcelId);
  if (!p) return undefined;
  const { supply, findings } = supplyFromParcel(p);
  if (!supply) return findings;
  const rs = await ruleSetFor(db, p.jurisdictionCode, Number(asOf.slice(0, 4)));
  const out = [...findings];
  if (constraints && supply.geometry) {
    const check = createSupplyChecker(rs).checkSupply(supply, { constraints, selfParcelId: String(p.id) });
    out.push(...check.findings.filter((f) => SPATIAL_RULES.has(f.rule)));
  }
  if (agreedStartOf(supply)) out.push(...(idleScan([supply], asOf, rs).rows[0]?.findings ?? []));
  return out.sort(bySeverity);
}

/**
 * Idle scan of a jurisdiction's register for the dashboard: only parcels with an agreed start
 * can be on a post-supply clock, so only those are read (the register may
 * hold 100 000 parcels). Results are cached for `ttlMs` and refreshed in the background, so no
 * request waits for a scan after the first. A refresh that fails is reported to `onError` (the
 * server logs it), and the earlier result is served marked `stale` (when, and why) until a refresh
 * succeeds: never silently.
 */
export function cachedIdleScan(ttlMs = 60_000, onError?: (e: unknown, jurisdictionCode: string) => void): (store: Store, jurisdictionCode: string, asOf: string) => Promise<IdleScanResult> {
  const cache = new Map<string, { at: number; computedAt: string; result: Promise<IdleScanResult>; failure?: string }>();
  const run = async (store: Store, jurisdictionCode: string, asOf: string): Promise<IdleScanResult> => {
    const ids = await parcelIdsWithAgreedStart(store.db, jurisdictionCode);
    const supplies: Supply[] = [];
    const findings: Finding[] = [];
    for (const id of ids) {
      const p = await getParcel(store.db, id);
      if (!p) continue;
      const s = supplyFromParcel(p);
      if (s.supply && agreedStartOf(s.supply)) supplies.push(s.supply);
      findings.push(...s.findings);
    }
    return idleScan(supplies, asOf, await ruleSetFor(store.db, jurisdictionCode, Number(asOf.slice(0, 4))), findings);
  };
  const marked = (e: { computedAt: string; result: Promise<IdleScanResult>; failure?: string }): Promise<IdleScanResult> =>
    e.failure === undefined ? e.result : e.result.then((r) => ({ ...r, stale: { computedAt: e.computedAt, reason: e.failure! } }));
  return async (store, jurisdictionCode, asOf) => {
    const key = `${jurisdictionCode}|${asOf}`;
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return marked(hit);
    const result = run(store, jurisdictionCode, asOf);
    if (hit) {
      // Due for a refresh: answer with the last result while the new one is computed.
      hit.at = Date.now();
      result.then(
        () => cache.set(key, { at: Date.now(), computedAt: new Date().toISOString(), result }),
        (e: unknown) => {
          hit.failure = e instanceof Error ? e.message : String(e);
          onError?.(e, jurisdictionCode);
        },
      );
      return marked(hit);
    }
    cache.set(key, { at: Date.now(), computedAt: new Date().toISOString(), result });
    result.catch(() => cache.delete(key));
    return result;
  };
}
