/**
 * Bulk loading the national tables on PostgreSQL with COPY (pg-copy-streams), one province per
 * transaction: its partitions, its rows, and its roll-up figures (rollup.ts) commit together, so
 * the summary tables are never out of step with the rows, as with an import.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '../schema.js';
import { ensureProvincePartitions } from '../repos/national-partitions.js';
import { refreshRollups } from './rollup.js';

export type CopyRow = Record<string, string | number | null>;

/** COPY text format: tab-separated, \N for null, backslash escapes. */
function copyValue(v: string | number | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v);
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** COPYs rows into `table` on `client` (inside the caller's transaction). */
export async function copyRows(client: pg.PoolClient | pg.Client, table: string, rows: readonly CopyRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = Object.keys(rows[0]!);
  const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
  function* lines(): Generator<string> {
    let buf: string[] = [];
    for (const r of rows) {
      buf.push(`${columns.map((c) => copyValue(r[c] ?? null)).join('\t')}\n`);
      if (buf.length >= 2000) {
        yield buf.join('');
        buf = [];
      }
    }
    if (buf.length > 0) yield buf.join('');
  }
  await pipeline(Readable.from(lines()), stream);
  return rows.length;
}

export interface ProvinceLoad {
  readonly provinceCode: string;
  /** Table → rows, in an order that keeps the tables' meaning (plans before their supplies). */
  readonly tables: readonly (readonly [string, readonly CopyRow[]])[];
}

/**
 * Loads one province in one transaction on a connection of `pool` (search_path set by the pool):
 * COPY every table, then refresh the province's roll-ups through Kysely on the same connection.
 */
export async function loadProvince(pool: pg.Pool, load: ProvinceLoad): Promise<{ rows: number }> {
  const client = await pool.connect();
  // Kysely on this one connection, so the roll-up refresh runs inside the COPY's transaction.
  const connection = { query: (...args: unknown[]) => (client.query as (...a: unknown[]) => unknown)(...args), release: () => undefined };
  const single = { connect: async () => connection, end: async () => undefined };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: single as unknown as pg.Pool }) });
  let rows = 0;
  try {
    await client.query('begin');
    await ensureProvincePartitions(db, [load.provinceCode]);
    for (const [table, list] of load.tables) rows += await copyRows(client, table, list);
    await refreshRollups(db, { provinceCode: load.provinceCode });
    await client.query('commit');
    return { rows };
  } catch (e) {
    await client.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
