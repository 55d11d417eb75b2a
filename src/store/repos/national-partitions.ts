/**
 * PostgreSQL partitions of the national tables, one per province (migration 6 creates the
 * partitioned parents and a default partition). Created when a province is loaded into the
 * hierarchy or first reported, before any of its rows arrive: a row that had gone to the default
 * partition would stop its province's partition from being created.
 */
import { sql } from 'kysely';
import type { Db } from '../database.js';
import { PARTITIONED_TABLES } from '../migrations/006-national.js';

export async function ensureProvincePartitions(tx: Db, provinceCodes: readonly string[]): Promise<void> {
  for (const code of new Set(provinceCodes)) {
    if (!/^\d{2}0000$/.test(code)) throw new RangeError(`not a province code: ${code}`);
    for (const t of PARTITIONED_TABLES) {
      await sql`create table if not exists ${sql.id(`${t}_${code.slice(0, 2)}`)} partition of ${sql.id(t)} for values in (${sql.lit(code)})`.execute(tx);
    }
  }
}
