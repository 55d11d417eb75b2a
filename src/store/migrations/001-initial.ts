/**
 * Migration 1: the whole register. Written once with Kysely's schema builder so SQLite and
 * PostgreSQL get the same tables; the only dialect difference is how an id is generated.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { GENESIS_HASH } from '../audit-log.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  const idType = dialect === 'postgres' ? 'bigserial' : 'integer';
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  const s = db.schema;

  await s
    .createTable('jurisdiction')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('parent_code', 'text', (c) => c.references('jurisdiction.code'))
    .execute();

  await s
    .createTable('plan')
    .addColumn('id', idType, (c) => c.primaryKey())
    .addColumn('jurisdiction_code', 'text', (c) => c.notNull().references('jurisdiction.code'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('plan_jurisdiction_year', ['jurisdiction_code', 'year'])
    .execute();

  await s
    .createTable('plan_version')
    .addColumn('id', idType, (c) => c.primaryKey())
    .addColumn('plan_id', int64, (c) => c.notNull().references('plan.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cube_json', 'text', (c) => c.notNull())
    .addColumn('rule_set_json', 'text', (c) => c.notNull())
    .addColumn('flagged_json', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addUniqueConstraint('plan_version_plan_seq', ['plan_id', 'seq'])
    .execute();

  await s
    .createTable('indicator')
    .addColumn('plan_version_id', int64, (c) => c.notNull().references('plan_version.id'))
    .addColumn('indicator_id', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key_json', 'text', (c) => c.notNull())
    .addColumn('cap_e4', int64, (c) => c.notNull())
    .addColumn('debited_e4', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('indicator_pk', ['plan_version_id', 'indicator_id'])
    .execute();

  await s
    .createTable('district')
    .addColumn('id', idType, (c) => c.primaryKey())
    .addColumn('jurisdiction_code', 'text', (c) => c.notNull().references('jurisdiction.code'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('geometry_json', 'text')
    .addColumn('min_x', 'double precision')
    .addColumn('min_y', 'double precision')
    .addColumn('max_x', 'double precision')
    .addColumn('max_y', 'double precision')
    .addUniqueConstraint('district_jurisdiction_code', ['jurisdiction_code', 'code'])
    .execute();

  await s
    .createTable('parcel_import')
    .addColumn('id', idType, (c) => c.primaryKey())
    .addColumn('jurisdiction_code', 'text', (c) => c.notNull().references('jurisdiction.code'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('parcel_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();

  let parcel = s
    .createTable('parcel')
    .addColumn('id', idType, (c) => c.primaryKey())
    .addColumn('jurisdiction_code', 'text', (c) => c.notNull().references('jurisdiction.code'))
    .addColumn('import_id', int64, (c) => c.references('parcel_import.id'));
  for (const col of ['parcel_number', 'supervision_number', 'project_name', 'location', 'district']) parcel = parcel.addColumn(col, 'text');
  parcel = parcel.addColumn('area_e4', int64).addColumn('existing_land_area_e4', int64);
  for (const col of ['use_code', 'supply_method']) parcel = parcel.addColumn(col, 'text');
  parcel = parcel.addColumn('term_years', 'integer');
  for (const col of [
    'industry_code',
    'land_grade',
    'price_wan_yuan',
    'assignee',
    'far_min',
    'far_max',
    'agreed_delivery_date',
    'agreed_start_date',
    'agreed_completion_date',
    'actual_start_date',
    'actual_completion_date',
    'contract_date',
    'approval_unit',
    'approval_number',
    'geometry_json',
  ]) {
    parcel = parcel.addColumn(col, 'text');
  }
  for (const col of ['min_x', 'min_y', 'max_x', 'max_y', 'measured_area_m2']) parcel = parcel.addColumn(col, 'double precision');
  await parcel.addColumn('attributes_json', 'text', (c) => c.notNull()).addColumn('created_at', 'text', (c) => c.notNull()).execute();
  await s.createIndex('parcel_bbox').on('parcel').columns(['min_x', 'max_x', 'min_y', 'max_y']).execute();
  await s.createIndex('parcel_number_idx').on('parcel').columns(['jurisdiction_code', 'parcel_number']).execute();

  await s
    .createTable('supply_record')
    .addColumn('id', idType, (c) => c.primaryKey())
    .addColumn('plan_id', int64, (c) => c.notNull().references('plan.id'))
    .addColumn('plan_version_id', int64, (c) => c.notNull().references('plan_version.id'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('method', 'text')
    .addColumn('source', 'text')
    .addColumn('district', 'text')
    .addColumn('quarter', 'integer')
    .addColumn('housing_type', 'text')
    .addColumn('area_e4', int64, (c) => c.notNull())
    .addColumn('parcel_id', int64, (c) => c.references('parcel.id'))
    .addColumn('reverses_id', int64, (c) => c.references('supply_record.id'))
    .addColumn('supplied_on', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('override_json', 'text')
    .execute();
  await s.createIndex('supply_record_plan').on('supply_record').columns(['plan_id', 'id']).execute();
  // A record is reversed at most once. Partial, so the NULLs of ordinary records cost no index pages.
  await s.createIndex('supply_record_reverses').on('supply_record').column('reverses_id').unique().where('reverses_id', 'is not', null).execute();

  await s
    .createTable('adjustment')
    .addColumn('id', idType, (c) => c.primaryKey())
    .addColumn('plan_id', int64, (c) => c.notNull().references('plan.id'))
    .addColumn('from_version_id', int64, (c) => c.notNull().references('plan_version.id'))
    .addColumn('to_version_id', int64, (c) => c.notNull().references('plan_version.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('decision_ref', 'text')
    .addColumn('approval_ref', 'text')
    .addColumn('publication_ref', 'text')
    .addColumn('diff_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('app_user')
    .addColumn('id', idType, (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('disabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('user_role')
    .addColumn('user_id', int64, (c) => c.notNull().references('app_user.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('jurisdiction_code', 'text', (c) => c.references('jurisdiction.code'))
    .addUniqueConstraint('user_role_unique', ['user_id', 'role', 'jurisdiction_code'])
    .execute();

  await s
    .createTable('comment')
    .addColumn('id', idType, (c) => c.primaryKey())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('audit_log')
    .addColumn('seq', int64, (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', int64, (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.insertInto('audit_head').values({ id: 1, seq: 0, hash: GENESIS_HASH }).execute();
}



