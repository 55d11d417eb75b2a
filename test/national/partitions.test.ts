/**
 * Province partitions on PostgreSQL: rows of a province that reached the default partition before
 * the province had one (a restored backup) move into the partition when it is made.
 */
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureProvincePartitions } from '../../src/store/repos/national-partitions.js';
import { BACKENDS, openFresh } from '../store/helpers.js';

const pgBackend = BACKENDS.find((b) => b.name === 'postgres');
const run = pgBackend ? describe : describe.skip;
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of closers) await c();
});

run('province partitions (PostgreSQL)', () => {
  it('moves rows waiting in the default partition into the province’s new partition', async () => {
    const { store, cleanup } = await openFresh(pgBackend!);
    closers.push(cleanup);
    await store.db.insertInto('nat_row').values([
      { province_code: '650000', county_code: '653130', tbl: 't', row_key: '1', row_json: '{}' },
      { province_code: '620000', county_code: '620102', tbl: 't', row_key: '1', row_json: '{}' },
    ]).execute();
    await store.write((tx) => ensureProvincePartitions(tx, ['650000']));
    const where = await sql<{ part: string; province_code: string }>`select tableoid::regclass::text as part, province_code from nat_row order by province_code`.execute(store.db);
    expect(where.rows.map((r) => [r.province_code, r.part.replace(/^.*\./, '')])).toEqual([
      ['620000', 'nat_row_default'],
      ['650000', 'nat_row_65'],
    ]);
    await store.write((tx) => ensureProvincePartitions(tx, ['650000', '620000']));
    const after = await sql<{ n: number }>`select count(*)::int as n from nat_row_default`.execute(store.db);
    expect(after.rows[0]!.n).toBe(0);
    expect(Number((await store.db.selectFrom('nat_row').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(2);
  });
});
