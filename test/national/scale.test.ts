/**
 * The national store at 1/20 of national size on PostgreSQL: every county-level unit, 10 plan
 * years, about 150,000 parcels with geometry and their supplies, loaded by COPY. Checks that the
 * roll-up figures of a random sample of units equal the sums over their counties computed straight
 * from the national ledger (nat_supply, nat_indicator, nat_parcel), and that the large tables are
 * partitioned by province. Skipped without PostgreSQL or with less than 3 GB of free disk.
 */
import { statfsSync } from 'node:fs';
import { sql } from 'kysely';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSyntheticNational, type SyntheticLoadResult } from '../../src/services/load-synthetic-national.js';
import { rollupDashboard } from '../../src/services/rollup-dashboard.js';
import type { Store } from '../../src/store/database.js';
import { NATION, unitFigures, unstartedFigures } from '../../src/store/national/figures.js';
import { chinaDate } from '../../src/store/national/rollup.js';
import { unitsBelow } from '../../src/store/repos/jurisdictions.js';
import { toBigInt } from '../../src/store/units.js';
import { Dec } from '../../src/domain/decimal.js';
import { SYNTHETIC_CATEGORIES } from '../../src/services/synthetic-national.js';
import { openFresh, PG_URL, BACKENDS } from '../store/helpers.js';

const freeBytes = (() => {
  const s = statfsSync('/tmp');
  return s.bavail * s.bsize;
})();
const run = PG_URL && freeBytes > 3e9 ? describe : describe.skip;

run('the national store at 1/20 size on PostgreSQL', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let loaded: SyntheticLoadResult;
  let schema: string;
  beforeAll(async () => {
    const backend = BACKENDS.find((b) => b.name === 'postgres')!;
    const f = await openFresh(backend);
    store = f.store;
    cleanup = f.cleanup;
    schema = f.opts.pgSchema!;
    // 3,000,000 parcels / (2,846 counties × 10 years) ≈ 105 a county a year; 1/20 of that.
    loaded = await loadSyntheticNational(store, { databaseUrl: PG_URL!, pgSchema: schema, firstYear: 2017, years: 10, parcelsPerCountyYear: 105.4 / 20, seed: 2026 });
  }, 600_000);
  afterAll(async () => cleanup?.());

  it('loads every county-level unit for 10 years, about 150,000 parcels, into province partitions', async () => {
    expect(loaded.counties).toBe(2846);
    expect(loaded.plans).toBe(28460);
    expect(loaded.parcels).toBe(loaded.supplies);
    expect(loaded.parcels).toBeGreaterThan(140_000);
    expect(loaded.parcels).toBeLessThan(160_000);
    const n = await store.db.selectFrom('nat_parcel').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(loaded.parcels);
    const parts = await sql<{ n: number }>`select count(*)::int as n from pg_inherits i join pg_class c on c.oid = i.inhparent join pg_namespace s on s.oid = c.relnamespace where c.relname = 'nat_parcel' and s.nspname = ${schema}`.execute(store.db);
    expect(parts.rows[0]!.n).toBe(35); // one per province loaded into the hierarchy, and the default partition
    const inDefault = await sql<{ n: string }>`select count(*) as n from nat_parcel_default`.execute(store.db);
    expect(Number(inDefault.rows[0]!.n)).toBe(0);
  });

  it('every roll-up figure of a random sample of units equals the sum over its counties, straight from the ledger', async () => {
    const provinces = (await store.db.selectFrom('jurisdiction').select('code').where('level', '=', 'province').where('valid_to', 'is', null).execute()).map((r) => r.code).filter((c) => !['710000', '810000', '820000'].includes(c));
    const prefectures = (await store.db.selectFrom('jurisdiction').select('code').where('level', '=', 'prefecture').where('valid_to', 'is', null).execute()).map((r) => r.code);
    const counties = (await store.db.selectFrom('jurisdiction').select('code').where('level', '=', 'county').where('valid_to', 'is', null).execute()).map((r) => r.code);
    const unitArb = fc.oneof(fc.constant(NATION), fc.constantFrom(...provinces), fc.constantFrom(...prefectures), fc.constantFrom(...counties));
    await fc.assert(
      fc.asyncProperty(unitArb, fc.integer({ min: 2017, max: 2026 }), fc.integer({ min: 0, max: 3650 }), async (unit, year, day) => {
        const below = unit === NATION ? counties : unit.endsWith('00') ? (await unitsBelow(store.db, unit, { level: 'county' })).map((u) => u.code) : [unit];
        const f = await unitFigures(store.db, unit, year);
        const supplied = await store.db
          .selectFrom('nat_supply')
          .select(['category', sql<string>`sum(area_e4)`.as('a')])
          .where('county_code', 'in', below)
          .where('year', '=', year)
          .groupBy('category')
          .execute();
        const byCat = new Map(supplied.map((r) => [r.category, toBigInt(r.a)]));
        expect(f.supplied.total).toBe([...byCat.values()].reduce((a, b) => a + b, 0n));
        for (const c of SYNTHETIC_CATEGORIES) expect(f.supplied.byCategory.get(c) ?? 0n).toBe(byCat.get(c) ?? 0n);
        const planned = await store.db
          .selectFrom('nat_indicator as i')
          .innerJoin('nat_plan as p', (j) => j.onRef('p.county_code', '=', 'i.county_code').onRef('p.current_version_id', '=', 'i.plan_version_id'))
          .select(['i.key_json', sql<string>`sum(i.cap_e4)`.as('a')])
          .where('p.county_code', 'in', below)
          .where('p.year', '=', year)
          .groupBy('i.key_json')
          .execute();
        const cap = new Map(planned.map((r) => [r.key_json, toBigInt(r.a)]));
        expect(f.planned.total).toBe(cap.get('{}') ?? 0n);
        for (const c of SYNTHETIC_CATEGORIES) expect(f.planned.byCategory.get(c) ?? 0n).toBe(cap.get(JSON.stringify({ category: c })) ?? 0n);
        expect(f.planned.byMethod.get('grant') ?? 0n).toBe(cap.get('{"method":"grant"}') ?? 0n);
        const plans = await store.db.selectFrom('nat_plan').select(['published_at']).where('county_code', 'in', below).where('year', '=', year).execute();
        expect(f.plans).toBe(plans.length);
        const on = plans.map((p) => (p.published_at === null ? null : chinaDate(p.published_at)));
        expect(f.publishedOnTime).toBe(on.filter((d) => d !== null && d <= `${year}-03-31`).length);
        expect(f.publishedLate).toBe(on.filter((d) => d !== null && d > `${year}-03-31`).length);
        const asOf = new Date(Date.UTC(2017, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
        const u = await unstartedFigures(store.db, unit, asOf);
        const overdue = await store.db
          .selectFrom('nat_parcel')
          .select([sql<string>`count(*)`.as('n'), sql<string>`coalesce(sum(area_e4), 0)`.as('a')])
          .where('county_code', 'in', below)
          .where('agreed_start_date', '<', asOf)
          .where('actual_start_date', 'is', null)
          .executeTakeFirstOrThrow();
        expect([u.overdue.parcels, u.overdue.area]).toEqual([Number(overdue.n), toBigInt(overdue.a)]);
      }),
      { numRuns: 12 },
    );
  }, 300_000);

  it('serves the national view: 31 provinces with figures, each a child with its execution rate', async () => {
    const d = await rollupDashboard(store.db, { unit: NATION, year: 2026, asOf: '2027-06-30' });
    expect(d.counties).toBe(2846);
    expect(d.children.filter((c) => c.plans > 0)).toHaveLength(31);
    expect(d.publication.plans).toBe(2846);
    expect(d.publication.missing).toBe(0);
    expect(d.reporting.reported).toBe(2846);
    const sum = d.children.reduce((a, c) => a.plus(c.supplied.m2), new Dec(0));
    expect(sum.toFixed()).toBe(new Dec(d.totals.supplied.m2).toFixed());
    const xj = await rollupDashboard(store.db, { unit: '650000', year: 2026, asOf: '2027-06-30' });
    expect(xj.ancestry.map((u) => u.code)).toEqual([NATION]);
    expect(xj.children.find((c) => c.code === '653100')?.name).toBe('喀什地区');
    expect(Number(xj.totals.rate)).toBeGreaterThan(55);
    expect(Number(xj.totals.rate)).toBeLessThan(100);
  });
});
