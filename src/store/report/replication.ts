/**
 * Upward reporting over a connection: PostgreSQL logical replication. The county's register lives
 * in a schema named for it (LANDPLAN_DATABASE_SCHEMA=county_653130) on a server with
 * wal_level = logical; it publishes its audit log and the reported tables (tables.ts). The
 * province subscribes into a schema of the same name (logical replication keeps schema-qualified
 * names), which then holds a read-only copy of the county's register, kept current by PostgreSQL.
 * `pullReplica` replays that copy into the national tables exactly as a file would be (same
 * verification of the county's audit chain, same import), with channel "connection".
 */
import { sql } from 'kysely';
import pg from 'pg';
import type { Store } from '../database.js';
import { InputError } from '../errors.js';
import { REPORTED_TABLES } from './tables.js';

/** The tables replicated: the reported ones, the audit chain and the jurisdictions they refer to. */
export const REPLICATED_TABLES: readonly string[] = ['jurisdiction', 'audit_log', 'audit_head', ...REPORTED_TABLES.map((t) => t.table)];

function checkSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,50}$/.test(schema)) throw new InputError('schema', `模式名无效："${schema}"`, `invalid schema name "${schema}"`);
  return schema;
}

export function publicationName(schema: string): string {
  return `landplan_${checkSchema(schema)}`;
}

async function presentTables(store: Store, schema: string): Promise<string[]> {
  const r = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = ${schema}`.execute(store.db);
  const present = new Set(r.rows.map((x) => x.table_name));
  return REPLICATED_TABLES.filter((t) => present.has(t));
}

/** At the county: publishes the register's schema (idempotent). Needs wal_level = logical. */
export async function createPublication(store: Store, schema: string): Promise<{ publication: string; tables: string[] }> {
  if (store.dialect !== 'postgres') throw new InputError('database', '逻辑复制需要 PostgreSQL', 'logical replication needs PostgreSQL');
  const level = await sql<{ wal_level: string }>`show wal_level`.execute(store.db);
  if (level.rows[0]?.wal_level !== 'logical') {
    throw new InputError('wal_level', `县级数据库的 wal_level 为 ${level.rows[0]?.wal_level}，发布需要 logical（改 postgresql.conf 后重启）`, `the county server has wal_level = ${level.rows[0]?.wal_level}; publishing needs logical (set it in postgresql.conf and restart)`);
  }
  const name = publicationName(schema);
  const tables = await presentTables(store, schema);
  const exists = await sql<{ n: number }>`select count(*)::int as n from pg_publication where pubname = ${name}`.execute(store.db);
  const list = sql.join(tables.map((t) => sql.table(`${schema}.${t}`)));
  if (exists.rows[0]!.n === 0) await sql`create publication ${sql.id(name)} for table ${list}`.execute(store.db);
  else await sql`alter publication ${sql.id(name)} set table ${list}`.execute(store.db);
  return { publication: name, tables };
}

/**
 * At the province: creates the replica schema (the register's tables, emptied so the initial copy
 * does not collide with the rows a new register starts with) and the subscription to the county's
 * publication. `conninfo` is a libpq connection string to the county's database.
 * CREATE SUBSCRIPTION cannot run in a transaction, so this uses its own connection.
 */
export async function createSubscription(databaseUrl: string, schema: string, conninfo: string, openReplica: () => Promise<Store>): Promise<{ subscription: string; tables: string[] }> {
  const name = publicationName(schema);
  const replica = await openReplica();
  let tables: string[];
  try {
    tables = await presentTables(replica, schema);
    await sql`truncate ${sql.join(tables.map((t) => sql.table(`${schema}.${t}`)))} cascade`.execute(replica.db);
  } finally {
    await replica.close();
  }
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const exists = await c.query('select 1 from pg_subscription where subname = $1', [name]);
    if (exists.rowCount === 0) await c.query(`create subscription ${name} connection ${pg.escapeLiteral(conninfo)} publication ${name}`);
  } finally {
    await c.end();
  }
  return { subscription: name, tables };
}

/** At the province: drops the subscription (and with it the replication slot at the county). */
export async function dropSubscription(databaseUrl: string, schema: string): Promise<void> {
  const name = publicationName(schema);
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const exists = await c.query('select 1 from pg_subscription where subname = $1', [name]);
    if (exists.rowCount !== 0) {
      await c.query(`alter subscription ${name} disable`);
      await c.query(`drop subscription ${name}`);
    }
  } finally {
    await c.end();
  }
}

/** Whether every table of the subscription finished its initial copy ('r' = ready). */
export async function subscriptionReady(store: Store, schema: string): Promise<boolean> {
  const r = await sql<{ n: number }>`
    select count(*)::int as n from pg_subscription_rel sr join pg_subscription s on s.oid = sr.srsubid
    where s.subname = ${publicationName(schema)} and sr.srsubstate <> 'r'`.execute(store.db);
  const any = await sql<{ n: number }>`select count(*)::int as n from pg_subscription_rel sr join pg_subscription s on s.oid = sr.srsubid where s.subname = ${publicationName(schema)}`.execute(store.db);
  return any.rows[0]!.n > 0 && r.rows[0]!.n === 0;
}
