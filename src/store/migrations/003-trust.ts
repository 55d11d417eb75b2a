/**
 * Migration 3: what makes the register safe to deploy.
 * - One supply, one parcel: `parcel.supply_id` names the supply decision a parcel was registered
 *   for, unique per jurisdiction, so a retried supply cannot be recorded twice (the database
 *   refuses the second parcel inside the same transaction as the debits). `supply_record.supply_id`
 *   names it on each ledger record, so `db verify` can tell a supply's record that lost its parcel.
 *   Records written before this migration by the old two-transaction path are recognised by their
 *   note "supply <id>".
 * - Sessions in the database (`app_session`), so they survive a restart and can be revoked: only a
 *   sha256 of the token is stored, never the token.
 * - Login lockout per account: failed attempts and the time the account is locked until.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  const s = db.schema;
  await s.alterTable('parcel').addColumn('supply_id', 'text').execute();
  await s.createIndex('parcel_supply').on('parcel').columns(['jurisdiction_code', 'supply_id']).unique().where('supply_id', 'is not', null).execute();
  await s.alterTable('supply_record').addColumn('supply_id', 'text').execute();
  await sql`update supply_record set supply_id = substr(note, 8) where reverses_id is null and note like 'supply %'`.execute(db);
  await s.createIndex('supply_record_supply').on('supply_record').columns(['plan_id', 'supply_id']).where('supply_id', 'is not', null).execute();

  await s
    .createTable('app_session')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', int64, (c) => c.notNull().references('app_user.id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('app_session_user').on('app_session').column('user_id').execute();

  await s.alterTable('app_user').addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await s.alterTable('app_user').addColumn('locked_until', 'text').execute();
}
