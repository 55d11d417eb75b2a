/**
 * Schema migrations, one list for both databases. The applied version lives in schema_meta.
 * A database whose version is higher than this program knows was written by a newer landplan:
 * we refuse to touch it (SchemaTooNewError) rather than guess.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Dialect, Store } from './database.js';
import { SchemaTooNewError } from './errors.js';
import * as m001 from './migrations/001-initial.js';
import * as m002 from './migrations/002-parcel-rtree.js';
import * as m003 from './migrations/003-trust.js';
import * as m005 from './migrations/005-pipeline.js';
import * as m006 from './migrations/006-national.js';
import * as m007 from './migrations/007-lifecycle.js';
import * as m008 from './migrations/008-pipeline-watch.js';
import * as m009 from './migrations/009-deadline-facts.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: AnyDb, dialect: Dialect): Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', up: m001.up },
  { version: 2, name: 'parcel-rtree', up: m002.up },
  { version: 3, name: 'trust', up: m003.up },
  { version: 5, name: 'pipeline', up: m005.up },
  { version: 6, name: 'national', up: m006.up },
  { version: 7, name: 'lifecycle', up: m007.up },
  { version: 8, name: 'pipeline-watch', up: m008.up },
  { version: 9, name: 'deadline-facts', up: m009.up },
];
/** The schema version this program writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export async function schemaVersion(db: AnyDb): Promise<number> {
  const row = await db.selectFrom('schema_meta').select('value').where('key', '=', 'schema_version').executeTakeFirst();
  return row ? Number(row.value) : 0;
}

/** Applies pending migrations; returns the versions before and after. */
export async function migrate(store: Store, target: number = SCHEMA_VERSION): Promise<{ from: number; to: number }> {
  return store.write(async (tx) => {
    const db = tx as unknown as AnyDb;
    // Several processes may open a fresh database at once; on PostgreSQL an advisory lock makes
    // them migrate one after another (SQLite's BEGIN IMMEDIATE already does).
    if (store.dialect === 'postgres') await sql`select pg_advisory_xact_lock(6531302026)`.execute(db);
    await db.schema
      .createTable('schema_meta')
      .ifNotExists()
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
    const from = await schemaVersion(db);
    if (from > SCHEMA_VERSION) throw new SchemaTooNewError(from, SCHEMA_VERSION);
    const to = Math.max(from, target);
    for (const m of MIGRATIONS) {
      if (m.version <= from || m.version > to) continue;
      await m.up(db, store.dialect);
    }
    if (from < to) {
      if (from === 0) await db.insertInto('schema_meta').values({ key: 'schema_version', value: String(to) }).execute();
      else await db.updateTable('schema_meta').set({ value: String(to) }).where('key', '=', 'schema_version').execute();
    }
    return { from, to };
  });
}
