/**
 * Overlay benchmark: landplan's geo/overlay against PostGIS (GiST indexes) on the same synthetic
 * data and the same question — every intersecting (parcel, farmland) pair and its ellipsoidal
 * intersection area — timed in the same run.
 *
 *   npm run bench -- overlay            county 5 000 × 200 000, province 50 000 × 2 000 000
 *   npm run bench -- overlay --quick    county 500 × 20 000, province 5 000 × 200 000
 *
 * landplan's time includes packing the parcels and building the farmland R-tree; PostGIS's time
 * is the query only (its load and GiST build are reported separately), so the ratio is, if
 * anything, unfair to landplan. single_parcel_p99_ms: one parcel checked against all the county's
 * layers (farmland, red line, urban boundary, supplied parcels), loaded and indexed once.
 */
import { packLayer, type PackedLayer } from '../src/geo/packed.js';
import { checkParcel, createConstraintIndex, indexLayer, intersectingPairs } from '../src/geo/overlay.js';
import { generateCounty, type SyntheticCounty } from '../src/geo/synthetic.js';
import { createRng } from '../src/geo/random.js';
import { loadLayer, openYardstick, postgisPairs, type PgPair } from './_geo-postgis.js';

const log = (s: string) => process.stderr.write(`[overlay] ${s}\n`);

interface CaseResult {
  parcels: number;
  farmland: number;
  pairs: number;
  landplan_s: number;
  postgis_s: number | null;
  ratio: number | null;
  pairs_equal: boolean | null;
  max_area_diff_m2: number | null;
  /** Over pairs of at least 1 m². */
  max_area_rel_diff: number | null;
  /** Every common pair within max(1e-6 relative, 0.01 m²) of PostGIS. */
  areas_within_tolerance: boolean | null;
  postgis_load_s?: number;
  postgis_gist_s?: number;
}

async function runCase(name: string, county: SyntheticCounty): Promise<CaseResult> {
  log(`${name}: ${county.parcels.length} parcels × ${county.farmland.size} farmland polygons`);
  // landplan: pack parcels, build the R-tree over farmland, compute all pairs with areas.
  const t0 = performance.now();
  const parcels: PackedLayer = packLayer(county.parcels);
  const farmland = indexLayer(county.farmland);
  const pairs = intersectingPairs(parcels, farmland);
  const landplanS = (performance.now() - t0) / 1000;
  log(`${name}: landplan ${landplanS.toFixed(3)} s, ${pairs.length} pairs`);
  const schema = `landplan_bench_overlay_${name}`;
  const y = await openYardstick(schema);
  if (!y) {
    log(`${name}: PostGIS unavailable, yardstick skipped`);
    return { parcels: parcels.size, farmland: county.farmland.size, pairs: pairs.length, landplan_s: landplanS, postgis_s: null, ratio: null, pairs_equal: null, max_area_diff_m2: null, max_area_rel_diff: null, areas_within_tolerance: null };
  }
  try {
    const lp = await loadLayer(y, 'parcels', parcels);
    const lf = await loadLayer(y, 'farmland', county.farmland);
    log(`${name}: PostGIS loaded in ${(lp.loadS + lf.loadS).toFixed(1)} s, GiST ${(lp.indexS + lf.indexS).toFixed(1)} s`);
    const t1 = performance.now();
    const pgPairs = await postgisPairs(y, 'parcels', 'farmland');
    const postgisS = (performance.now() - t1) / 1000;
    log(`${name}: PostGIS ${postgisS.toFixed(3)} s, ${pgPairs.length} pairs`);
    const cmp = comparePairs(pairs.map((p) => ({ a: p.a, b: p.b, areaM2: p.areaM2 })), pgPairs);
    return {
      parcels: parcels.size,
      farmland: county.farmland.size,
      pairs: pairs.length,
      landplan_s: round(landplanS),
      postgis_s: round(postgisS),
      ratio: round(landplanS / postgisS),
      pairs_equal: cmp.equal,
      max_area_diff_m2: cmp.maxDiff,
      max_area_rel_diff: cmp.maxRel,
      areas_within_tolerance: cmp.withinTolerance,
      postgis_load_s: round(lp.loadS + lf.loadS),
      postgis_gist_s: round(lp.indexS + lf.indexS),
    };
  } finally {
    await y.close();
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Same pair sets? and the largest area difference among them. */
export function comparePairs(mine: readonly PgPair[], theirs: readonly PgPair[]): { equal: boolean; maxDiff: number; maxRel: number; withinTolerance: boolean } {
  const key = (p: PgPair) => `${p.a}:${p.b}`;
  const m = new Map(mine.map((p) => [key(p), p.areaM2]));
  let equal = mine.length === theirs.length;
  let maxDiff = 0;
  let maxRel = 0;
  let withinTolerance = true;
  for (const p of theirs) {
    const v = m.get(key(p));
    if (v === undefined) {
      equal = false;
      continue;
    }
    const d = Math.abs(v - p.areaM2);
    maxDiff = Math.max(maxDiff, d);
    if (d > Math.max(1e-6 * p.areaM2, 0.01)) withinTolerance = false;
    // Relative differences are only meaningful above 1 m²: below, both sides are ~1e-5 m² apart
    // (PostGIS's ST_Area(geography) and GeographicLib-JS differ at that level on the same polygon).
    if (p.areaM2 >= 1) maxRel = Math.max(maxRel, d / p.areaM2);
  }
  return { equal, maxDiff, maxRel, withinTolerance };
}

function singleParcelP99(county: SyntheticCounty, samples: number): number {
  const index = createConstraintIndex([
    { kind: 'farmland', features: county.farmland },
    { kind: 'redLine', features: county.redLines },
    { kind: 'urbanBoundary', features: county.urbanBoundaries },
    { kind: 'parcels', features: county.parcels },
  ]);
  const rng = createRng(7);
  // Warm up (JIT), as a running server would be; these calls are not timed.
  for (let i = 0; i < 200; i++) checkParcel(index, county.parcels[rng.int(0, county.parcels.length - 1)]!.geometry);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const p = county.parcels[rng.int(0, county.parcels.length - 1)]!;
    const t = performance.now();
    checkParcel(index, p.geometry);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return round(times[Math.min(times.length - 1, Math.floor(times.length * 0.99))]!);
}

/**
 * JIT warm-up on a small, different county, so the first timed case does not pay V8's compile
 * time (PostGIS is compiled C in a server that is already running). Not timed, not reported.
 */
function warmUp(): void {
  const small = generateCounty({ seed: 1, parcels: 300, farmland: 5000 });
  intersectingPairs(packLayer(small.parcels), indexLayer(small.farmland));
}

export async function main(args: string[]): Promise<Record<string, unknown>> {
  const quick = args.includes('--quick');
  warmUp();
  const scale = quick ? 0.1 : 1;
  const countyData = generateCounty({ seed: 2026, parcels: 5000 * scale, farmland: 200_000 * scale });
  const county = await runCase('county', countyData);
  const p99 = singleParcelP99(countyData, 2000);
  log(`single parcel p99 ${p99} ms`);
  const provinceData = generateCounty({ seed: 2027, parcels: 50_000 * scale, farmland: 2_000_000 * scale, towns: 10 });
  const province = await runCase('province', provinceData);
  return { quick, county, province, single_parcel_p99_ms: p99 };
}
