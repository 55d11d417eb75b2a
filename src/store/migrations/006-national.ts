/**
 * Migration 6: the hierarchy's editions and the national store.
 *
 * - jurisdiction gains valid_from / valid_to / source: GB/T 2260 codes that changed are kept with
 *   the editions that listed them (`landplan jurisdictions load`).
 * - nat_*: what counties report upward (report bundles or logical replication), and the roll-up
 *   figures kept beside them. The county register's own tables are untouched: a county on one
 *   laptop never uses these, a province's or the Ministry's database holds them.
 *
 * Every nat_ key starts with province_code. On PostgreSQL the large tables are partitioned by list
 * of province code (one partition per province, created when the province is loaded or first
 * reported: `ensureProvincePartitions`; a default partition catches the rest), which is also the
 * distribution column a sharded PostgreSQL (Citus) would use (docs/scaling.md). SQLite gets the
 * same tables unpartitioned.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** The tables partitioned by province on PostgreSQL. */
export const PARTITIONED_TABLES = ['nat_audit', 'nat_supply', 'nat_parcel', 'nat_row'] as const;

export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  const s = db.schema;
  const pg = dialect === 'postgres';
  const partitioned = <T extends { modifyEnd(e: ReturnType<typeof sql>): T }>(b: T): T => (pg ? b.modifyEnd(sql`partition by list (province_code)`) : b);

  await s.alterTable('jurisdiction').addColumn('valid_from', 'text').execute();
  await s.alterTable('jurisdiction').addColumn('valid_to', 'text').execute();
  await s.alterTable('jurisdiction').addColumn('source', 'text').execute();
  await s.createIndex('jurisdiction_parent').on('jurisdiction').column('parent_code').execute();

  await s
    .createTable('nat_reporter')
    .addColumn('county_code', 'text', (c) => c.primaryKey().references('jurisdiction.code'))
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text')
    .addColumn('key_registered_at', 'text')
    .addColumn('key_registered_by', 'text')
    .addColumn('head_seq', int64, (c) => c.notNull())
    .addColumn('head_hash', 'text', (c) => c.notNull())
    .addColumn('reported_at', 'text')
    .addColumn('imported_at', 'text')
    .addColumn('channel', 'text')
    .addColumn('bundle_sha256', 'text')
    .execute();

  await partitioned(
    s
      .createTable('nat_audit')
      .addColumn('province_code', 'text', (c) => c.notNull())
      .addColumn('county_code', 'text', (c) => c.notNull())
      .addColumn('seq', int64, (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('before_json', 'text')
      .addColumn('after_json', 'text')
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('nat_audit_pk', ['province_code', 'county_code', 'seq']),
  ).execute();

  await s
    .createTable('nat_plan')
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('plan_id', int64, (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('current_version_id', int64)
    .addColumn('current_seq', 'integer')
    .addColumn('status', 'text')
    .addColumn('published_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('nat_plan_pk', ['province_code', 'county_code', 'plan_id'])
    .execute();
  await s.createIndex('nat_plan_year').on('nat_plan').columns(['province_code', 'year', 'county_code']).execute();

  await s
    .createTable('nat_plan_version')
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('version_id', int64, (c) => c.notNull())
    .addColumn('plan_id', int64, (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('row_json', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('nat_plan_version_pk', ['province_code', 'county_code', 'version_id'])
    .execute();

  await s
    .createTable('nat_indicator')
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addColumn('county_code', 'text', (c) => c.notNull())
    .addColumn('plan_version_id', int64, (c) => c.notNull())
    .addColumn('indicator_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key_json', 'text', (c) => c.notNull())
    .addColumn('cap_e4', int64, (c) => c.notNull())
    .addColumn('debited_e4', int64, (c) => c.notNull())
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('member', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('nat_indicator_pk', ['province_code', 'county_code', 'plan_version_id', 'indicator_id'])
    .execute();

  await partitioned(
    s
      .createTable('nat_supply')
      .addColumn('province_code', 'text', (c) => c.notNull())
      .addColumn('county_code', 'text', (c) => c.notNull())
      .addColumn('record_id', int64, (c) => c.notNull())
      .addColumn('plan_id', int64, (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('method', 'text')
      .addColumn('source', 'text')
      .addColumn('district', 'text')
      .addColumn('area_e4', int64, (c) => c.notNull())
      .addColumn('parcel_id', int64)
      .addColumn('reverses_id', int64)
      .addColumn('supplied_on', 'text', (c) => c.notNull())
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('nat_supply_pk', ['province_code', 'county_code', 'record_id']),
  ).execute();
  await s.createIndex('nat_supply_plan').on('nat_supply').columns(['province_code', 'county_code', 'plan_id']).execute();
  await s.createIndex('nat_supply_parcel').on('nat_supply').columns(['province_code', 'county_code', 'parcel_id']).execute();

  await partitioned(
    s
      .createTable('nat_parcel')
      .addColumn('province_code', 'text', (c) => c.notNull())
      .addColumn('county_code', 'text', (c) => c.notNull())
      .addColumn('parcel_id', int64, (c) => c.notNull())
      .addColumn('parcel_number', 'text')
      .addColumn('project_name', 'text')
      .addColumn('use_code', 'text')
      .addColumn('supply_method', 'text')
      .addColumn('area_e4', int64)
      .addColumn('agreed_start_date', 'text')
      .addColumn('actual_start_date', 'text')
      .addColumn('geometry_json', 'text')
      .addColumn('min_x', 'double precision')
      .addColumn('min_y', 'double precision')
      .addColumn('max_x', 'double precision')
      .addColumn('max_y', 'double precision')
      .addColumn('row_json', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('nat_parcel_pk', ['province_code', 'county_code', 'parcel_id']),
  ).execute();

  await partitioned(
    s
      .createTable('nat_row')
      .addColumn('province_code', 'text', (c) => c.notNull())
      .addColumn('county_code', 'text', (c) => c.notNull())
      .addColumn('tbl', 'text', (c) => c.notNull())
      .addColumn('row_key', 'text', (c) => c.notNull())
      .addColumn('row_json', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('nat_row_pk', ['province_code', 'county_code', 'tbl', 'row_key']),
  ).execute();

  await s
    .createTable('nat_rollup')
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('parent_code', 'text')
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('area_e4', int64, (c) => c.notNull())
    .addColumn('count', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('nat_rollup_pk', ['province_code', 'unit_code', 'year', 'measure', 'category', 'method', 'source'])
    .execute();
  await s.createIndex('nat_rollup_parent').on('nat_rollup').columns(['parent_code', 'year', 'measure']).execute();
  await s.createIndex('nat_rollup_level').on('nat_rollup').columns(['level', 'year', 'measure']).execute();

  await s
    .createTable('nat_rollup_unstarted')
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addColumn('agreed_start_date', 'text', (c) => c.notNull())
    .addColumn('parcels', int64, (c) => c.notNull())
    .addColumn('area_e4', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('nat_rollup_unstarted_pk', ['province_code', 'unit_code', 'agreed_start_date'])
    .execute();
  await s.createIndex('nat_rollup_unstarted_level').on('nat_rollup_unstarted').columns(['level', 'agreed_start_date']).execute();

  await s
    .createTable('nat_extent')
    .addColumn('unit_code', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('province_code', 'text', (c) => c.notNull())
    .addColumn('min_x', 'double precision', (c) => c.notNull())
    .addColumn('min_y', 'double precision', (c) => c.notNull())
    .addColumn('max_x', 'double precision', (c) => c.notNull())
    .addColumn('max_y', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('nat_extent_pk', ['province_code', 'unit_code'])
    .execute();

  if (pg) {
    for (const t of PARTITIONED_TABLES) await sql`create table ${sql.id(`${t}_default`)} partition of ${sql.id(t)} default`.execute(db);
  }
}
