/**
 * `npm run bench -- national [--scale F] [--runs N] [--keep]`: the national store on PostgreSQL.
 * Run by hand, not in CI (a 1/20 size runs in the suite: test/national/scale.test.ts).
 *
 * 1. A fresh schema `bench_national` in LANDPLAN_BENCH_DATABASE_URL (else LANDPLAN_TEST_DATABASE_URL,
 *    else postgres://postgres@127.0.0.1:5432/test) gets the GB/T 2260 hierarchy and the synthetic
 *    national data set: every county-level unit, 10 plan years, about 3,000,000 × F parcels with
 *    geometry and one supply each, loaded by COPY one province per transaction, roll-up figures
 *    computed in each province's transaction.
 * 2. The national view and one province's view (the province with the most county-level units) are
 *    asked for N times each (default 200) through the same service the API route calls.
 *
 * Prints generation and load time, the schema's size on disk, p50/p99 of both views, the load
 * average (the machine is shared), and last the JSON line
 * {"parcels", "load_s", "national_p99_ms", "province_p99_ms", …}. Target: p99 < 1000 ms.
 * The schema is dropped afterwards unless --keep.
 */
import { loadavg } from 'node:os';
import pg from 'pg';
import { sql } from 'kysely';
import { openStore } from '../src/store/database.js';
import { loadSyntheticNational } from '../src/services/load-synthetic-national.js';
import { rollupDashboard } from '../src/services/rollup-dashboard.js';
import { NATION } from '../src/store/national/figures.js';

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : dflt;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (v: number, d = 1): number => Number(v.toFixed(d));

export async function main(args: string[]): Promise<Record<string, unknown>> {
  const scale = arg(args, 'scale', 1);
  const runs = arg(args, 'runs', 200);
  const keep = args.includes('--keep');
  const url = process.env.LANDPLAN_BENCH_DATABASE_URL ?? process.env.LANDPLAN_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = 'bench_national';
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();

  const store = await openStore({ databaseUrl: url, pgSchema: schema });
  try {
    const t0 = performance.now();
    const loaded = await loadSyntheticNational(store, {
      databaseUrl: url,
      pgSchema: schema,
      firstYear: 2017,
      years: 10,
      // 3,000,000 parcels / (2,846 county-level units × 10 years)
      parcelsPerCountyYear: 105.4 * scale,
      seed: 2026,
      onProvince: (code, r) => process.stderr.write(`  ${code}: ${r.parcels} parcels so far, ${round((performance.now() - t0) / 1000)} s\n`),
    });
    const wallS = (performance.now() - t0) / 1000;
    await sql`analyze`.execute(store.db);
    const size = await sql<{ bytes: string }>`
      select coalesce(sum(pg_total_relation_size(c.oid)), 0)::text as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${schema} and c.relkind = 'r'`.execute(store.db);
    const bytes = Number(size.rows[0]!.bytes);

    const big = await store.db
      .selectFrom('jurisdiction')
      .select(['code', sql<string>`(select count(*) from jurisdiction c where c.level = 'county' and c.valid_to is null and c.code like substr(jurisdiction.code, 1, 2) || '%')`.as('n')])
      .where('level', '=', 'province')
      .where('valid_to', 'is', null)
      .execute();
    const province = big.sort((a, b) => Number(b.n) - Number(a.n))[0]!.code;

    const measure = async (unit: string): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const s = performance.now();
        await rollupDashboard(store.db, { unit, year: 2017 + (i % 10), asOf: '2027-06-30' });
        times.push(performance.now() - s);
      }
      return times.sort((a, b) => a - b);
    };
    await measure(NATION).then(() => undefined); // warm-up pass, not counted
    const national = await measure(NATION);
    const prov = await measure(province);
    const out = {
      parcels: loaded.parcels,
      load_s: round(loaded.loadMs / 1000),
      generate_s: round(loaded.generateMs / 1000),
      wall_s: round(wallS),
      database_mb: round(bytes / 1048576, 0),
      counties: loaded.counties,
      plans: loaded.plans,
      supplies: loaded.supplies,
      national_p50_ms: round(percentile(national, 50), 2),
      national_p99_ms: round(percentile(national, 99), 2),
      province,
      province_p50_ms: round(percentile(prov, 50), 2),
      province_p99_ms: round(percentile(prov, 99), 2),
      load_average: loadavg().map((l) => round(l, 2)),
    };
    process.stdout.write(
      [
        `national store: ${out.counties} county-level units, ${out.plans} plans, ${out.parcels} parcels, ${out.supplies} supplies`,
        `generation ${out.generate_s} s, load (COPY + roll-ups) ${out.load_s} s, database ${out.database_mb} MB`,
        `national view p50 ${out.national_p50_ms} ms, p99 ${out.national_p99_ms} ms (${runs} runs)`,
        `province ${province} view p50 ${out.province_p50_ms} ms, p99 ${out.province_p99_ms} ms`,
        `load average ${out.load_average.join(' ')}`,
      ].join('\n') + '\n',
    );
    return out;
  } finally {
    await store.close();
    if (!keep) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    }
  }
}
