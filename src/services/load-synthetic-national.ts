/**
 * Use case: fill a PostgreSQL national store with the synthetic national data set
 * (synthetic-national.ts), one province per transaction, by COPY (store/national/bulk-load.ts);
 * each province's roll-up figures are computed in its transaction. Loads the hierarchy first.
 */
import pg from 'pg';
import type { Store } from '../store/database.js';
import { loadProvince } from '../store/national/bulk-load.js';
import { countiesByProvince, provinceRows, type SyntheticOptions } from './synthetic-national.js';
import { divisionUnits, loadDivisions } from './load-jurisdictions.js';

export interface SyntheticLoadResult {
  readonly provinces: number;
  readonly counties: number;
  readonly plans: number;
  readonly parcels: number;
  readonly supplies: number;
  /** Time spent making rows, and loading them (COPY and roll-ups), in milliseconds. */
  readonly generateMs: number;
  readonly loadMs: number;
}

export async function loadSyntheticNational(
  store: Store,
  opts: SyntheticOptions & { readonly databaseUrl: string; readonly pgSchema?: string; readonly onProvince?: (code: string, done: SyntheticLoadResult) => void },
): Promise<SyntheticLoadResult> {
  if (store.dialect !== 'postgres') throw new Error('the national bulk load needs PostgreSQL (COPY)');
  await loadDivisions(store, { actor: 'synthetic' });
  const byProvince = countiesByProvince(divisionUnits());
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 1, ...(opts.pgSchema ? { options: `-c search_path=${opts.pgSchema}` } : {}) });
  const r = { provinces: 0, counties: 0, plans: 0, parcels: 0, supplies: 0, generateMs: 0, loadMs: 0 };
  try {
    for (const [code, counties] of [...byProvince].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const t0 = performance.now();
      const rows = provinceRows(code, counties, opts);
      const t1 = performance.now();
      await loadProvince(pool, {
        provinceCode: code,
        tables: [
          ['nat_reporter', rows.nat_reporter],
          ['nat_plan', rows.nat_plan],
          ['nat_plan_version', rows.nat_plan_version],
          ['nat_indicator', rows.nat_indicator],
          ['nat_audit', rows.nat_audit],
          ['nat_parcel', rows.nat_parcel],
          ['nat_supply', rows.nat_supply],
        ],
      });
      r.generateMs += t1 - t0;
      r.loadMs += performance.now() - t1;
      r.provinces++;
      r.counties += rows.counties;
      r.plans += rows.nat_plan.length;
      r.parcels += rows.nat_parcel.length;
      r.supplies += rows.nat_supply.length;
      opts.onProvince?.(code, { ...r });
    }
  } finally {
    await pool.end();
  }
  return r;
}
