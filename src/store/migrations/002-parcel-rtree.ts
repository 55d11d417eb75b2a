/**
 * Migration 2: a spatial index for parcel bounding boxes on SQLite (ARCHITECTURE decision 6: "an
 * R*Tree in SQLite"). Triggers keep it in step with the parcel table, so no write path (import,
 * restore, a future edit) can forget it. PostgreSQL keeps the B-tree on the bbox columns from
 * migration 1; PostGIS stays optional.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql`create virtual table parcel_rtree using rtree(id, min_x, max_x, min_y, max_y)`.execute(db);
  await sql`insert into parcel_rtree (id, min_x, max_x, min_y, max_y)
            select id, min_x, max_x, min_y, max_y from parcel where min_x is not null`.execute(db);
  await sql`create trigger parcel_rtree_insert after insert on parcel when new.min_x is not null begin
              insert into parcel_rtree (id, min_x, max_x, min_y, max_y) values (new.id, new.min_x, new.max_x, new.min_y, new.max_y);
            end`.execute(db);
  await sql`create trigger parcel_rtree_update after update of min_x, max_x, min_y, max_y on parcel begin
              delete from parcel_rtree where id = old.id;
              insert into parcel_rtree (id, min_x, max_x, min_y, max_y) select new.id, new.min_x, new.max_x, new.min_y, new.max_y where new.min_x is not null;
            end`.execute(db);
  await sql`create trigger parcel_rtree_delete after delete on parcel begin
              delete from parcel_rtree where id = old.id;
            end`.execute(db);
}
