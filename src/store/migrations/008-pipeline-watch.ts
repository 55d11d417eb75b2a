/**
 * Migration 8: what supervision reads of each parcel's path, kept beside the journal (issue 14's
 * scale). `pipeline_watch` holds, per parcel with a journal, the part of its projected state that
 * the deadlines and the pipeline page read (domain/pipeline/supervise.ts `watchState`: no reserve
 * costs, 净地 checklist, 底价 or inspections) and the first date anything can be overdue
 * (`watchFrom`; null while no deadline runs). It is rewritten in the same transaction as the
 * event that changes the parcel, like `pipeline_parcel`; `db verify` recomputes both from the
 * journal. Existing registers are filled here from their stored states.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { stateFromJson, watchRow } from '../pipeline-json.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, dialect: Dialect): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('pipeline_watch')
    .addColumn('parcel_id', int64, (c) => c.primaryKey().references('parcel.id'))
    .addColumn('jurisdiction_code', 'text', (c) => c.notNull().references('jurisdiction.code'))
    .addColumn('watch_from', 'text')
    .addColumn('watch_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pipeline_watch_jurisdiction').on('pipeline_watch').columns(['jurisdiction_code', 'parcel_id', 'watch_from']).execute();

  let after = 0;
  for (;;) {
    const rows = (await db.selectFrom('pipeline_parcel').select(['parcel_id', 'jurisdiction_code', 'state_json']).where('parcel_id', '>', after).orderBy('parcel_id').limit(2000).execute()) as { parcel_id: number | string; jurisdiction_code: string; state_json: string }[];
    if (rows.length === 0) break;
    const values = rows.map((r) => {
      const w = watchRow(stateFromJson(r.state_json));
      return { parcel_id: Number(r.parcel_id), jurisdiction_code: r.jurisdiction_code, ...w };
    });
    for (let i = 0; i < values.length; i += 500) await db.insertInto('pipeline_watch').values(values.slice(i, i + 500)).execute();
    after = Number(rows[rows.length - 1]!.parcel_id);
  }
}

