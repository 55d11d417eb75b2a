/**
 * Migration 8: what supervision reads of each parcel's path, kept beside the journal (issue 14's
 * scale). `pipeline_watch` holds, per parcel with a journal, the part of its projected state that
 * the deadlines and the pipeline page read (domain/pipeline/supervise.ts `watchState`: no reserve
 * costs, 净地 checklist, 底价 or inspections) and the first date anything can be overdue
 * (`watchFrom`; null while no deadline runs). It is rewritten in the same transaction as the
 * event that changes the parcel, like `pipeline_parcel`; `db verify` recomputes both from the
 * journal. `pipeline_evidence` says which events (of which parcel, in which jurisdiction) cite
 * each uploaded attachment, so an evidence file is served only to those who may read a journal
 * citing it. Existing registers are filled here from their stored states and journals.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import { evidenceRows, stateFromJson, watchRow } from '../pipeline-json.js';

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

  await db.schema
    .createTable('pipeline_evidence')
    .addColumn('sha256', 'text', (c) => c.notNull().references('pipeline_attachment.sha256'))
    .addColumn('event_id', int64, (c) => c.notNull().references('pipeline_event.id'))
    .addColumn('parcel_id', int64, (c) => c.notNull().references('parcel.id'))
    .addColumn('jurisdiction_code', 'text', (c) => c.notNull().references('jurisdiction.code'))
    .addPrimaryKeyConstraint('pipeline_evidence_pk', ['sha256', 'event_id'])
    .execute();
  await db.schema.createIndex('pipeline_evidence_parcel').on('pipeline_evidence').columns(['parcel_id', 'event_id']).execute();

  let last = 0;
  for (;;) {
    const events = (await db
      .selectFrom('pipeline_event')
      .innerJoin('parcel', 'parcel.id', 'pipeline_event.parcel_id')
      .select(['pipeline_event.id', 'pipeline_event.parcel_id', 'parcel.jurisdiction_code', 'pipeline_event.documents_json'])
      .where('pipeline_event.id', '>', last)
      .where('pipeline_event.documents_json', 'like', '%"attachment"%')
      .orderBy('pipeline_event.id')
      .limit(2000)
      .execute()) as { id: number | string; parcel_id: number | string; jurisdiction_code: string; documents_json: string }[];
    if (events.length === 0) break;
    const rows = events.flatMap((e) => evidenceRows(Number(e.id), Number(e.parcel_id), e.jurisdiction_code, JSON.parse(e.documents_json) as { attachment?: string }[]));
    for (let i = 0; i < rows.length; i += 500) await db.insertInto('pipeline_evidence').values(rows.slice(i, i + 500)).execute();
    last = Number(events[events.length - 1]!.id);
  }

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

