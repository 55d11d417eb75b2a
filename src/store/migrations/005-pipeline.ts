/**
 * Migration 5: a parcel's path (issue 14). `pipeline_event` is the append-only journal of each
 * parcel (a correction is a `reversal` event, at most one per event: unique index);
 * `pipeline_parcel` holds each parcel's projected state, rewritten in the same transaction as
 * the event that changes it (like ledger balances; `db verify` recomputes it from the journal);
 * `reserve_project` groups reserve parcels; `pipeline_attachment` keeps uploaded evidence by its
 * sha256; `approval_batch` (农转用/征收 批次) and its parcels give 供地率 and 批而未供.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  const idType = dialect === 'postgres' ? 'bigserial' : 'integer';
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  const s = db.schema;

  await s
    .createTable('reserve_project')
    .addColumn('id', idType, (c) => c.primaryKey())
    .addColumn('jurisdiction_code', 'text', (c) => c.notNull().references('jurisdiction.code'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('approval_ref', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('reserve_project_code', ['jurisdiction_code', 'code'])
    .execute();

  await s
    .createTable('pipeline_event')
    .addColumn('id', idType, (c) => c.primaryKey())
    .addColumn('parcel_id', int64, (c) => c.notNull().references('parcel.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('data_json', 'text', (c) => c.notNull())
    .addColumn('documents_json', 'text', (c) => c.notNull())
    .addColumn('reverses_id', int64, (c) => c.references('pipeline_event.id'))
    .addUniqueConstraint('pipeline_event_parcel_seq', ['parcel_id', 'seq'])
    .execute();
  await s.createIndex('pipeline_event_reverses').on('pipeline_event').column('reverses_id').unique().where('reverses_id', 'is not', null).execute();

  await s
    .createTable('pipeline_parcel')
    .addColumn('parcel_id', int64, (c) => c.primaryKey().references('parcel.id'))
    .addColumn('jurisdiction_code', 'text', (c) => c.notNull().references('jurisdiction.code'))
    .addColumn('path', 'text')
    .addColumn('last_step', 'text')
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .addColumn('state_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('pipeline_parcel_jurisdiction').on('pipeline_parcel').columns(['jurisdiction_code', 'parcel_id']).execute();

  await s
    .createTable('pipeline_attachment')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('byte_size', 'integer', (c) => c.notNull())
    .addColumn('content_base64', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text')
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .execute();

  await s
    .createTable('approval_batch')
    .addColumn('id', idType, (c) => c.primaryKey())
    .addColumn('jurisdiction_code', 'text', (c) => c.notNull().references('jurisdiction.code'))
    .addColumn('batch_no', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('approved_on', 'text', (c) => c.notNull())
    .addColumn('approval_ref', 'text', (c) => c.notNull())
    .addColumn('area_e4', int64, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('approval_batch_no', ['jurisdiction_code', 'batch_no'])
    .execute();

  await s
    .createTable('approval_batch_parcel')
    .addColumn('batch_id', int64, (c) => c.notNull().references('approval_batch.id'))
    .addColumn('parcel_id', int64, (c) => c.notNull().references('parcel.id'))
    .addColumn('area_e4', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('approval_batch_parcel_pk', ['batch_id', 'parcel_id'])
    .execute();
}
