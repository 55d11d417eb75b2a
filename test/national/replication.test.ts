/**
 * Upward reporting over a connection: a county register on one PostgreSQL cluster (wal_level =
 * logical, LANDPLAN_TEST_PUBLISHER_URL, made by scripts/pg-county-cluster.sh) publishes; the
 * province on another (LANDPLAN_TEST_DATABASE_URL) subscribes into the county's own schema and
 * replays it into the national tables. Skipped unless both clusters are configured.
 */
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { pullReplica, publishRegister, subscribeCounty, subscriptionReady, dropSubscription } from '../../src/services/report.js';
import { openStore, type Store } from '../../src/store/database.js';
import { unitFigures } from '../../src/store/national/figures.js';
import { postDebit } from '../../src/store/ledger.js';
import { latestVersion as currentVersion, findPlan } from '../../src/store/repos/plans.js';
import { Area } from '../../src/domain/area.js';
import { PG_URL } from '../store/helpers.js';
import { countyOwnFigures, playHistory, seedHierarchy, TestClock, tempDir, type Op } from './county-history.js';

const PUBLISHER = process.env.LANDPLAN_TEST_PUBLISHER_URL;
const run = PUBLISHER && PG_URL ? describe : describe.skip;
if (!PUBLISHER) process.stderr.write('replication test: skipped (set LANDPLAN_TEST_PUBLISHER_URL, e.g. from scripts/pg-county-cluster.sh)\n');
// CI starts the second cluster and sets LANDPLAN_REQUIRE_TOOLS: there a missing publisher fails.
if (!PUBLISHER && process.env.LANDPLAN_REQUIRE_TOOLS) throw new Error('LANDPLAN_TEST_PUBLISHER_URL is required (scripts/pg-county-cluster.sh)');

const schema = `county_653130_t${process.pid}`;
const provinceSchema = `t_prov_${process.pid}_${Date.now().toString(36)}`;
const closers: (() => Promise<void>)[] = [];

async function waitFor(what: string, check: () => Promise<boolean>, seconds = 60): Promise<void> {
  for (let i = 0; i < seconds * 4; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function headSeq(store: Store): Promise<number> {
  return Number((await store.db.selectFrom('audit_head').select('seq').executeTakeFirst())?.seq ?? -1);
}

run('logical replication from a county cluster to the province', () => {
  afterAll(async () => {
    await dropSubscription(PG_URL!, schema).catch(() => undefined);
    for (const c of closers.reverse()) await c().catch(() => undefined);
    for (const [url, names] of [
      [PUBLISHER!, [schema]],
      [PG_URL!, [schema, provinceSchema]],
    ] as const) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      if (url === PUBLISHER) await c.query(`drop publication if exists landplan_${schema}`);
      for (const s of names) await c.query(`drop schema if exists ${s} cascade`);
      await c.end();
    }
  });

  it('replicates the county’s register into its own schema at the province, and a pull gives the county’s own figures; a second pull adds only what is new', async () => {
    const clock = new TestClock();
    const county = await openStore({ databaseUrl: PUBLISHER!, pgSchema: schema, clock: clock.now });
    closers.push(() => county.close());
    await seedHierarchy(county, ['653130']);
    const ops: Op[] = [
      { k: 'publish', year: 2026, day: 60 },
      { k: 'supply', year: 2026, category: 0, district: 0, method: 0, hundredthsHa: 250 },
      { k: 'supply', year: 2025, category: 1, district: 1, method: 1, hundredthsHa: 125 },
      { k: 'parcels', n: 2, startDay: 30, started: false },
      { k: 'reverse', pick: 0 },
    ];
    await playHistory(county, clock, '653130', ops, tempDir(), join(tempDir(), 'k.pem'));
    const pub = await publishRegister(county, schema);
    expect(pub.tables).toEqual(['jurisdiction', 'audit_log', 'audit_head', 'plan', 'plan_version', 'indicator', 'adjustment', 'district', 'parcel_import', 'parcel', 'supply_record', 'plan_transition', 'review_request', 'land_demand', 'reserve_project', 'pipeline_event', 'pipeline_parcel', 'approval_batch', 'approval_batch_parcel']);

    const province = await openStore({ databaseUrl: PG_URL!, pgSchema: provinceSchema, clock: new TestClock().now });
    closers.push(() => province.close());
    await seedHierarchy(province);
    const u = new URL(PUBLISHER!);
    await subscribeCounty(province, { databaseUrl: PG_URL!, schema, conninfo: `host=${u.hostname} port=${u.port} dbname=${u.pathname.slice(1)} user=${u.username}` });
    const replica = await openStore({ databaseUrl: PG_URL!, pgSchema: schema, migrate: false });
    closers.push(() => replica.close());
    await waitFor('the initial copy', () => subscriptionReady(province, schema));
    await waitFor('the county head', async () => (await headSeq(replica)) === (await headSeq(county)));

    const first = await pullReplica(province, { databaseUrl: PG_URL!, schema });
    expect(first.status).toBe('applied');
    expect(first.head.seq).toBe(await headSeq(county));
    for (const year of [2025, 2026]) {
      const own = await countyOwnFigures(county, '653130', year);
      const f = await unitFigures(province.db, '653130', year);
      expect([f.planned.total, f.supplied.total]).toEqual(own.get('total'));
    }
    const channel = await province.db.selectFrom('nat_reporter').select(['channel', 'head_seq']).executeTakeFirstOrThrow();
    expect(channel.channel).toBe('connection');

    // The county goes on working; the next pull brings only the new supply and its audit entry.
    const plan = (await findPlan(county.db, '653130', 2026))!;
    const v = (await currentVersion(county.db, plan.id))!;
    const r = await postDebit(county, { planVersionId: v.id, key: { category: 'commercial', district: 'A', method: 'grant' }, area: Area.fromHectares('1.5'), suppliedOn: '2026-08-01', actor: 'editor' });
    expect(r.accepted).toBe(true);
    await waitFor('the new supply', async () => (await headSeq(replica)) === (await headSeq(county)));
    const second = await pullReplica(province, { databaseUrl: PG_URL!, schema });
    expect(second.status).toBe('applied');
    expect(second.applied.audit_log).toBe(1);
    expect(second.applied.supply_record).toBe(1);
    const f = await unitFigures(province.db, '653130', 2026);
    expect(f.supplied.total).toBe((await countyOwnFigures(county, '653130', 2026)).get('total')![1]);
    expect((await pullReplica(province, { databaseUrl: PG_URL!, schema })).status).toBe('unchanged');
  });
});
