/**
 * Overlay benchmark: landplan's geo/overlay against PostGIS (GiST indexes) on the same synthetic
 * data and the same question — every intersecting (parcel, farmland) pair and its ellipsoidal
 * intersection area — timed in the same run.
 *
 *   npm run bench -- overlay                 county 5 000 × 200 000, province 50 000 × 2 000 000,
 *                                            cadastre ≈ 20 000 × 200 000
 *   npm run bench -- overlay --quick         a tenth of each
 *   npm run bench -- overlay cadastre …      only the cases named (county, province, cadastre)
 *
 * The county and the province keep parcels and farmland in general position (generateCounty).
 * The cadastre cuts both from one survey (generateCadastre): neighbours share vertices and edges
 * exactly, and fringe fields reach over built cells, so most pairs only touch and the rest
 * overlap through shared vertices — the case real registers are made of.
 *
 * landplan's time includes packing the parcels (county, province) and building the farmland
 * R-tree; PostGIS's time is the query only (its load and GiST build are reported separately), so
 * the ratio is, if anything, unfair to landplan. single_parcel_p99_ms: one parcel checked against
 * all the county's layers (farmland, red line, urban boundary, supplied parcels), loaded and
 * indexed once; cadastre_single_parcel_p99_ms: the same against the cadastre's farmland and
 * parcels, which it shares edges with.
 *
 * Last line: {"ratio" (county), "province_ratio", "cadastre_ratio", "pairs_equal" (every case run),
 * …, one object per case with its pair counts and area differences}.
 */
import { featureGeometry, packLayer, type PackedLayer } from '../src/geo/packed.js';
import { checkParcel, createConstraintIndex, indexLayer, intersectingPairs } from '../src/geo/overlay.js';
import { generateCounty, type SyntheticFeature } from '../src/geo/synthetic.js';
import { generateCadastre } from '../src/geo/synthetic-cadastre.js';
import { loadavg } from 'node:os';
import { createRng } from '../src/geo/random.js';
import { loadLayer, openYardstick, postgisPairs, type PgPair } from './_geo-postgis.js';

const log = (s: string) => process.stderr.write(`[overlay] ${s}\n`);

interface CaseResult {
  parcels: number;
  farmland: number;
  pairs: number;
  /** Pairs that only touch (area 0): shared edges or vertices, no overlap. */
  touching_pairs: number;
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

async function runCase(name: string, parcelsInput: readonly SyntheticFeature[] | PackedLayer, farmlandLayer: PackedLayer): Promise<CaseResult> {
  const packed = !Array.isArray(parcelsInput);
  log(`${name}: ${packed ? (parcelsInput as PackedLayer).size : parcelsInput.length} parcels × ${farmlandLayer.size} farmland polygons`);
  // landplan: pack parcels, build the R-tree over farmland, compute all pairs with areas.
  const t0 = performance.now();
  const parcels: PackedLayer = packed ? (parcelsInput as PackedLayer) : packLayer(parcelsInput as readonly SyntheticFeature[]);
  const farmland = indexLayer(farmlandLayer);
  const pairs = intersectingPairs(parcels, farmland);
  const landplanS = (performance.now() - t0) / 1000;
  const touching = pairs.filter((p) => p.areaM2 === 0).length;
  log(`${name}: landplan ${landplanS.toFixed(3)} s, ${pairs.length} pairs (${touching} only touch)`);
  const schema = `landplan_bench_overlay_${name}`;
  const y = await openYardstick(schema);
  if (!y) {
    log(`${name}: PostGIS unavailable, yardstick skipped`);
    return { parcels: parcels.size, farmland: farmlandLayer.size, pairs: pairs.length, touching_pairs: touching, landplan_s: round(landplanS), postgis_s: null, ratio: null, pairs_equal: null, max_area_diff_m2: null, max_area_rel_diff: null, areas_within_tolerance: null };
  }
  try {
    const lp = await loadLayer(y, 'parcels', parcels);
    const lf = await loadLayer(y, 'farmland', farmlandLayer);
    log(`${name}: PostGIS loaded in ${(lp.loadS + lf.loadS).toFixed(1)} s, GiST ${(lp.indexS + lf.indexS).toFixed(1)} s`);
    const t1 = performance.now();
    const pgPairs = await postgisPairs(y, 'parcels', 'farmland');
    const postgisS = (performance.now() - t1) / 1000;
    log(`${name}: PostGIS ${postgisS.toFixed(3)} s, ${pgPairs.length} pairs`);
    const cmp = comparePairs(pairs.map((p) => ({ a: p.a, b: p.b, areaM2: p.areaM2 })), pgPairs);
    return {
      parcels: parcels.size,
      farmland: farmlandLayer.size,
      pairs: pairs.length,
      touching_pairs: touching,
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

function singleParcelP99(layers: Parameters<typeof createConstraintIndex>[0], parcels: PackedLayer, samples: number): number {
  const index = createConstraintIndex(layers);
  const rng = createRng(7);
  const pick = () => featureGeometry(parcels, rng.int(0, parcels.size - 1))!;
  // Warm up (JIT), as a running server would be; these calls are not timed.
  for (let i = 0; i < 200; i++) checkParcel(index, pick());
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const g = pick();
    const t = performance.now();
    checkParcel(index, g);
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
  const survey = generateCadastre({ seed: 1, parcels: 1000, farmland: 5000 });
  intersectingPairs(survey.parcels, indexLayer(survey.farmland));
}

const CASES = ['county', 'province', 'cadastre'] as const;

export async function main(args: string[]): Promise<Record<string, unknown>> {
  const quick = args.includes('--quick');
  const named = CASES.filter((c) => args.includes(c));
  const run = new Set(named.length > 0 ? named : CASES);
  warmUp();
  const scale = quick ? 0.1 : 1;
  const out: Record<string, unknown> = { quick };
  const results: CaseResult[] = [];
  if (run.has('county')) {
    const countyData = generateCounty({ seed: 2026, parcels: 5000 * scale, farmland: 200_000 * scale });
    const county = await runCase('county', countyData.parcels, countyData.farmland);
    const p99 = singleParcelP99(
      [
        { kind: 'farmland', features: countyData.farmland },
        { kind: 'redLine', features: countyData.redLines },
        { kind: 'urbanBoundary', features: countyData.urbanBoundaries },
        { kind: 'parcels', features: countyData.parcels },
      ],
      packLayer(countyData.parcels),
      2000,
    );
    log(`single parcel p99 ${p99} ms`);
    Object.assign(out, { ratio: county.ratio, county, single_parcel_p99_ms: p99 });
    results.push(county);
  }
  if (run.has('province')) {
    const provinceData = generateCounty({ seed: 2027, parcels: 50_000 * scale, farmland: 2_000_000 * scale, towns: 10 });
    const province = await runCase('province', provinceData.parcels, provinceData.farmland);
    Object.assign(out, { province_ratio: province.ratio, province });
    results.push(province);
  }
  if (run.has('cadastre')) {
    const survey = generateCadastre({ seed: 2028, parcels: 20_000 * scale, farmland: 200_000 * scale });
    const cadastre = await runCase('cadastre', survey.parcels, survey.farmland);
    const p99 = singleParcelP99(
      [
        { kind: 'farmland', features: survey.farmland },
        { kind: 'parcels', features: survey.parcels },
      ],
      survey.parcels,
      2000,
    );
    log(`cadastre: single parcel p99 ${p99} ms`);
    Object.assign(out, { cadastre_ratio: cadastre.ratio, cadastre, cadastre_single_parcel_p99_ms: p99 });
    results.push(cadastre);
  }
  const load = loadavg()[0]!;
  log(`machine load average (1 min) at the end: ${load.toFixed(2)}`);
  const { county, province, cadastre, ...figures } = out;
  return {
    ...figures,
    pairs_equal: results.every((r) => r.pairs_equal === true) ? true : results.some((r) => r.pairs_equal === false) ? false : null,
    load_average_1m: round(load),
    ...(county ? { county } : {}),
    ...(province ? { province } : {}),
    ...(cadastre ? { cadastre } : {}),
  };
}
