/**
 * PostgreSQL partitions of the national tables, one per province (migration 6 creates the
 * partitioned parents and a default partition). Created when a province is loaded into the
 * hierarchy or first reported. Rows of a province that arrived while it had no partition (a
 * restored backup, say) sit in the default partition; they are moved into the new partition, since
 * PostgreSQL refuses to create a partition whose rows the default partition holds.
 */
import { sql } from 'kysely';
import type { Db } from '../database.js';
import { PARTITIONED_TABLES } from '../migrations/006-national.js';

export async function ensureProvincePartitions(tx: Db, provinceCodes: readonly string[]): Promise<void> {
  for (const code of new Set(provinceCodes)) {
    if (!/^\d{2}0000$/.test(code)) throw new RangeError(`not a province code: ${code}`);
    for (const t of PARTITIONED_TABLES) {
      const name = `${t}_${code.slice(0, 2)}`;
      const exists = await sql<{ n: number }>`select count(*)::int as n from pg_class c where c.relname = ${name} and c.relnamespace = (select oid from pg_namespace where nspname = current_schema())`.execute(tx);
      if (exists.rows[0]!.n > 0) continue;
      const waiting = await sql<{ n: number }>`select count(*)::int as n from ${sql.id(`${t}_default`)} where province_code = ${code}`.execute(tx);
      if (waiting.rows[0]!.n === 0) {
        await sql`create table ${sql.id(name)} partition of ${sql.id(t)} for values in (${sql.lit(code)})`.execute(tx);
        continue;
      }
      await sql`create table ${sql.id(name)} (like ${sql.id(t)} including defaults including constraints)`.execute(tx);
      await sql`insert into ${sql.id(name)} select * from ${sql.id(`${t}_default`)} where province_code = ${code}`.execute(tx);
      await sql`delete from ${sql.id(`${t}_default`)} where province_code = ${code}`.execute(tx);
      await sql`alter table ${sql.id(t)} attach partition ${sql.id(name)} for values in (${sql.lit(code)})`.execute(tx);
    }
  }
}
