/**
 * The parcel journal in the register (migration 5). `appendPipelineEvent` runs one write
 * transaction: it locks the parcel (PostgreSQL: parcel row → audit head, the same order as the
 * ledger's plan_version → audit head), reads the parcel's journal, asks the caller's `decide`
 * whether the new event may follow (the domain's rules), appends it, rewrites the projected state
 * and what supervision reads of it (pipeline_watch, migration 8) and appends an audit entry. Events are never updated or deleted.
 */
import { SqliteAdapter, sql, type Selectable } from 'kysely';
import { project, type PipelineEvent, type PipelineState } from '../domain/pipeline/journal.js';
import type { EventKind, PipelineDocument, PipelineRole } from '../domain/pipeline/steps.js';
import { appendAudit } from './audit-log.js';
import type { Db, Store } from './database.js';
import { InputError } from './errors.js';
import type { FactsQuery, FactsRow } from './facts-reader.js';
import type { PipelineEventTable } from './schema.js';
import { evidenceRows, stateFromJson, stateToJson, watchRow } from './pipeline-json.js';

export interface NewPipelineEvent {
  readonly parcelId: number;
  readonly kind: EventKind;
  readonly occurredOn: string;
  readonly role: PipelineRole;
  readonly actor: string;
  readonly documents: readonly PipelineDocument[];
}

/** What the caller's decision returns: the event's data and how to project the journal with it, or a refusal. */
export type JournalDecision<R> =
  | { readonly ok: true; readonly data: Readonly<Record<string, unknown>>; readonly reversesId?: number; readonly stateWith: (event: PipelineEvent) => PipelineState }
  | { readonly ok: false; readonly refusal: R };

export type AppendResult<R> = { readonly ok: true; readonly event: PipelineEvent; readonly state: PipelineState } | { readonly ok: false; readonly refusal: R };

export function eventFromRow(r: Selectable<PipelineEventTable>): PipelineEvent {
  return {
    id: Number(r.id),
    parcelId: Number(r.parcel_id),
    seq: Number(r.seq),
    kind: r.kind as EventKind,
    occurredOn: r.occurred_on,
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
    role: r.role as PipelineRole,
    data: JSON.parse(r.data_json) as Record<string, unknown>,
    documents: JSON.parse(r.documents_json) as PipelineDocument[],
  };
}

export async function listPipelineEvents(db: Db, parcelId: number): Promise<PipelineEvent[]> {
  const rows = await db.selectFrom('pipeline_event').selectAll().where('parcel_id', '=', parcelId).orderBy('seq').execute();
  return rows.map(eventFromRow);
}

/**
 * Appends one event if `decide(journal)` accepts it. `decide` gets the parcel's journal so far and
 * returns the event's parsed data and the projection with it (or a refusal, returned as is).
 */
/** Deadline facts to store with the state (services/pipeline-rules `factsSource`): their key and how to compute them. */
export interface FactsWriter {
  readonly key: string;
  /** The text to store. */
  readonly text: (state: PipelineState) => string;
}

export async function appendPipelineEvent<R>(store: Store, e: NewPipelineEvent, decide: (journal: readonly PipelineEvent[]) => JournalDecision<R>, facts?: FactsWriter): Promise<AppendResult<R>> {
  return store.write(async (tx) => {
    let q = tx.selectFrom('parcel').select(['id', 'jurisdiction_code']).where('id', '=', e.parcelId);
    if (store.dialect === 'postgres') q = q.forUpdate();
    const parcel = await q.executeTakeFirst();
    if (!parcel) throw new InputError('parcelId', `没有编号为 ${e.parcelId} 的宗地`, `no parcel ${e.parcelId}`);
    const journal = (await tx.selectFrom('pipeline_event').selectAll().where('parcel_id', '=', e.parcelId).orderBy('seq').execute()).map(eventFromRow);
    const seq = (journal[journal.length - 1]?.seq ?? 0) + 1;
    const recordedAt = store.now();
    const d = decide(journal);
    if (!d.ok) return { ok: false as const, refusal: d.refusal };
    const row = {
      parcel_id: e.parcelId,
      seq,
      kind: e.kind,
      occurred_on: e.occurredOn,
      recorded_at: recordedAt,
      recorded_by: e.actor,
      role: e.role,
      data_json: JSON.stringify(d.data),
      documents_json: JSON.stringify(e.documents),
      reverses_id: d.reversesId ?? null,
    };
    const { id } = await tx.insertInto('pipeline_event').values(row).returning('id').executeTakeFirstOrThrow();
    const event: PipelineEvent = { id: Number(id), parcelId: e.parcelId, seq, kind: e.kind, occurredOn: e.occurredOn, recordedAt, recordedBy: e.actor, role: e.role, data: d.data, documents: e.documents };
    const state = d.stateWith(event);
    const stateRow = { jurisdiction_code: parcel.jurisdiction_code, path: state.path ?? null, last_step: state.lastStep ?? null, last_seq: seq, state_json: stateToJson(state), updated_at: recordedAt };
    const evidence = evidenceRows(Number(id), e.parcelId, parcel.jurisdiction_code, e.documents);
    if (evidence.length) await tx.insertInto('pipeline_evidence').values(evidence).execute();
    const watch = { ...watchRow(state), facts_key: facts?.key ?? null, facts_json: facts ? facts.text(state) : null };
    if (seq === 1) {
      await tx.insertInto('pipeline_parcel').values({ parcel_id: e.parcelId, ...stateRow }).execute();
      await tx.insertInto('pipeline_watch').values({ parcel_id: e.parcelId, jurisdiction_code: parcel.jurisdiction_code, ...watch }).execute();
    } else {
      await tx.updateTable('pipeline_parcel').set(stateRow).where('parcel_id', '=', e.parcelId).execute();
      await tx.updateTable('pipeline_watch').set(watch).where('parcel_id', '=', e.parcelId).execute();
    }
    await appendAudit(tx, store.dialect, { at: recordedAt, actor: e.actor, action: `pipeline.${e.kind}`, entity: 'parcel', entityId: String(e.parcelId), after: { eventId: Number(id), ...row } });
    return { ok: true as const, event, state };
  });
}

export async function getPipelineState(db: Db, parcelId: number): Promise<PipelineState | undefined> {
  const r = await db.selectFrom('pipeline_parcel').select('state_json').where('parcel_id', '=', parcelId).executeTakeFirst();
  return r ? stateFromJson(r.state_json) : undefined;
}

export interface ParcelStateRow {
  readonly parcelId: number;
  readonly state: PipelineState;
}

/** Which parcels a page holds: the next `limit` after `after` in register order, or exactly `ids`. */
type PageOf = { readonly after: number; readonly limit: number } | { readonly ids: readonly number[] };

/** Pages of rows in register order: every parcel after `from` (keyset pages), or only `parcelIds` (pages of ids). */
async function* parcelPages<T>(parcelIds: readonly number[] | undefined, pageSize: number, fetch: (page: PageOf) => Promise<T[]>, idOf: (row: T) => number, from = 0): AsyncGenerator<T[]> {
  if (parcelIds) {
    const ids = [...parcelIds].sort((a, b) => a - b);
    for (let i = 0; i < ids.length; i += pageSize) {
      const rows = await fetch({ ids: ids.slice(i, i + pageSize) });
      if (rows.length > 0) yield rows;
    }
    return;
  }
  let after = from;
  for (;;) {
    const rows = await fetch({ after, limit: pageSize });
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    after = idOf(rows[rows.length - 1]!);
  }
}

/** The projected states of a jurisdiction's parcels (or only of `parcelIds`), in parcel order, a page at a time. */
export async function* pipelineStates(db: Db, q: { jurisdictionCode: string; parcelIds?: readonly number[] }, pageSize = 5000): AsyncGenerator<ParcelStateRow[]> {
  const pages = parcelPages(q.parcelIds, pageSize, (page) => {
    const b = db.selectFrom('pipeline_parcel').select(['parcel_id', 'state_json']).where('jurisdiction_code', '=', q.jurisdictionCode).orderBy('parcel_id');
    return ('ids' in page ? b.where('parcel_id', 'in', page.ids) : b.where('parcel_id', '>', page.after).limit(page.limit)).execute();
  }, (r) => Number(r.parcel_id));
  for await (const rows of pages) yield rows.map((r) => ({ parcelId: Number(r.parcel_id), state: stateFromJson(r.state_json) }));
}

/** pipeline_watch.facts_json as UTF-8 bytes. */
function factsBytes(db: Db) {
  return db.getExecutor().adapter instanceof SqliteAdapter ? sql<Uint8Array | null>`cast(pipeline_watch.facts_json as blob)` : sql<Uint8Array | null>`convert_to(pipeline_watch.facts_json, 'UTF8')`;
}

/** The stored facts as UTF-8 bytes when stored under `factsKey`, else null; the watch state otherwise. */
function factsColumns(db: Db, factsKey: string) {
  const bytes = factsBytes(db);
  return db
    .selectFrom('pipeline_watch')
    .innerJoin('parcel', 'parcel.id', 'pipeline_watch.parcel_id')
    .select((eb) => [
      'pipeline_watch.parcel_id',
      eb.case().when('pipeline_watch.facts_key', '=', factsKey).then(bytes).else(null).end().as('facts'),
      eb.case().when('pipeline_watch.facts_key', '=', factsKey).then(null).else(eb.ref('pipeline_watch.watch_json')).end().as('watch_json'),
      'parcel.parcel_number',
      'parcel.project_name',
    ]);
}

function factsRow(r: { parcel_id: number | bigint | string; facts: Uint8Array | null; watch_json: string | null; parcel_number: string | null; project_name: string | null }): FactsRow {
  return { parcelId: Number(r.parcel_id), facts: r.facts, watchJson: r.watch_json, parcelNumber: r.parcel_number, projectName: r.project_name };
}

/**
 * What store/facts-reader.ts reads, through Kysely (for the thread that has the store open): the
 * stored facts (as UTF-8 bytes) of a jurisdiction's watched parcels under `factsKey`, else their
 * watch state, with each parcel's number and project.
 */
export async function* factsPages(db: Db, q: FactsQuery, pageSize = 5000): AsyncGenerator<FactsRow[]> {
  const pages = parcelPages(undefined, pageSize, (page) => {
    let b = factsColumns(db, q.factsKey).where('pipeline_watch.jurisdiction_code', '=', q.jurisdictionCode).where('pipeline_watch.watch_from', '<=', q.watchedBy).orderBy('pipeline_watch.parcel_id');
    if (q.upTo !== undefined) b = b.where('pipeline_watch.parcel_id', '<=', q.upTo);
    return ('ids' in page ? b.where('pipeline_watch.parcel_id', 'in', page.ids) : b.where('pipeline_watch.parcel_id', '>', page.after).limit(page.limit)).execute();
  }, (r) => Number(r.parcel_id), q.after ?? 0);
  for await (const rows of pages) yield rows.map(factsRow);
}

/** The same columns as `factsPages` for the given parcels (with a journal), watched or not yet. */
export async function factsOf(db: Db, parcelIds: readonly number[], factsKey: string): Promise<FactsRow[]> {
  const out: FactsRow[] = [];
  const pages = parcelPages(parcelIds, 5000, (page) => factsColumns(db, factsKey).where('pipeline_watch.parcel_id', 'in', 'ids' in page ? page.ids : []).execute(), (r) => Number(r.parcel_id));
  for await (const rows of pages) for (const r of rows) out.push(factsRow(r));
  return out;
}

/** A parcel as the kept views read it (services/kept-view.ts): its watch state, its stored facts under a key, and its district. */
export interface WatchRow {
  readonly parcelId: number;
  readonly state: PipelineState;
  /** The stored facts' UTF-8 bytes when stored under the key asked for, else null. */
  readonly facts: Uint8Array | null;
  readonly district: string | null;
}

/**
 * A jurisdiction's parcels with a journal (only those of `parcelIds` when given; only those on
 * which some deadline runs by `watchedBy` when given), in register order, a page at a time; the
 * stored facts are read only when a `factsKey` is given.
 */
export async function* watchRows(db: Db, q: { jurisdictionCode: string; factsKey?: string; watchedBy?: string; parcelIds?: readonly number[] }, pageSize = 5000): AsyncGenerator<WatchRow[]> {
  const factsKey = q.factsKey;
  const pages = parcelPages(q.parcelIds, pageSize, (page) => {
    let b = db
      .selectFrom('pipeline_watch')
      .innerJoin('parcel', 'parcel.id', 'pipeline_watch.parcel_id')
      .select((eb) => ['pipeline_watch.parcel_id', 'pipeline_watch.watch_json', factsKey === undefined ? sql<Uint8Array | null>`null`.as('facts') : eb.case().when('pipeline_watch.facts_key', '=', factsKey).then(factsBytes(db)).else(null).end().as('facts'), 'parcel.district'])
      .where('pipeline_watch.jurisdiction_code', '=', q.jurisdictionCode)
      .orderBy('pipeline_watch.parcel_id');
    if (q.watchedBy !== undefined) b = b.where('pipeline_watch.watch_from', '<=', q.watchedBy);
    return ('ids' in page ? b.where('pipeline_watch.parcel_id', 'in', page.ids) : b.where('pipeline_watch.parcel_id', '>', page.after).limit(page.limit)).execute();
  }, (r) => Number(r.parcel_id));
  for await (const rows of pages) yield rows.map((r) => ({ parcelId: Number(r.parcel_id), state: stateFromJson(r.watch_json), facts: r.facts, district: r.district }));
}

/** The parcels of a jurisdiction on which some deadline runs by `watchedBy`. */
export async function watchedParcelIds(db: Db, jurisdictionCode: string, watchedBy: string): Promise<number[]> {
  const rows = await db.selectFrom('pipeline_watch').select('parcel_id').where('jurisdiction_code', '=', jurisdictionCode).where('watch_from', '<=', watchedBy).orderBy('parcel_id').execute();
  return rows.map((r) => Number(r.parcel_id));
}

/** How many parcels of a jurisdiction have a journal. */
export async function countPipelineParcels(db: Db, jurisdictionCode: string): Promise<number> {
  const r = await db.selectFrom('pipeline_watch').select((eb) => eb.fn.countAll().as('n')).where('jurisdiction_code', '=', jurisdictionCode).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** The years a jurisdiction's journal events were dated in or recorded in (the rules their deadline facts may have been stored under). */
export async function journalYears(db: Db, jurisdictionCode: string): Promise<number[]> {
  const rows = await db.selectFrom('pipeline_event').innerJoin('parcel', 'parcel.id', 'pipeline_event.parcel_id').select(['pipeline_event.occurred_on', 'pipeline_event.recorded_at']).distinct().where('parcel.jurisdiction_code', '=', jurisdictionCode).execute();
  return [...new Set(rows.flatMap((r) => [Number(r.occurred_on.slice(0, 4)), Number(r.recorded_at.slice(0, 4))]))].sort((a, b) => a - b);
}

/**
 * How to recompute the deadline facts stored with a jurisdiction's journals: the stored text under
 * each facts key the register's rules can give (services/pipeline-rules.ts `storedFactsCheck`).
 */
export type FactsCheck = (jurisdictionCode: string) => Promise<ReadonlyMap<string, (state: PipelineState) => string>>;

/**
 * `db verify`: every parcel's stored state equals the projection of its journal, seqs run 1…n,
 * and each reversal names an earlier event of the same parcel; with `factsCheck`, its stored
 * deadline facts equal those recomputed under their key. Returns a summary line and problems.
 */
export async function verifyPipeline(db: Db, factsCheck?: FactsCheck): Promise<{ line: string; problems: string[] }> {
  const problems: string[] = [];
  let parcels = 0;
  let events = 0;
  let factsChecked = 0;
  let factsOther = 0;
  let after = 0;
  for (;;) {
    const states = await db
      .selectFrom('pipeline_parcel')
      .leftJoin('pipeline_watch', 'pipeline_watch.parcel_id', 'pipeline_parcel.parcel_id')
      .select(['pipeline_parcel.parcel_id', 'pipeline_parcel.jurisdiction_code', 'state_json', 'last_seq', 'watch_json', 'watch_from', 'pipeline_watch.jurisdiction_code as watch_jurisdiction', 'facts_key', 'facts_json'])
      .where('pipeline_parcel.parcel_id', '>', after)
      .orderBy('pipeline_parcel.parcel_id')
      .limit(500)
      .execute();
    if (states.length === 0) break;
    const ids = states.map((s) => Number(s.parcel_id));
    const rows = await db.selectFrom('pipeline_event').selectAll().where('parcel_id', 'in', ids).orderBy('parcel_id').orderBy('seq').execute();
    const byParcel = new Map<number, PipelineEvent[]>();
    for (const r of rows) (byParcel.get(Number(r.parcel_id)) ?? byParcel.set(Number(r.parcel_id), []).get(Number(r.parcel_id))!).push(eventFromRow(r));
    const cited = new Map<number, Set<string>>();
    for (const r of await db.selectFrom('pipeline_evidence').select(['sha256', 'event_id', 'parcel_id', 'jurisdiction_code']).where('parcel_id', 'in', ids).execute()) {
      const set = cited.get(Number(r.parcel_id)) ?? cited.set(Number(r.parcel_id), new Set()).get(Number(r.parcel_id))!;
      set.add(`${r.sha256}|${Number(r.event_id)}|${r.jurisdiction_code}`);
    }
    for (const s of states) {
      const id = Number(s.parcel_id);
      const journal = byParcel.get(id) ?? [];
      parcels += 1;
      events += journal.length;
      journal.forEach((e, i) => {
        if (e.seq !== i + 1) problems.push(`parcel ${id}: journal seq ${e.seq} at position ${i + 1}`);
        if (e.kind === 'reversal') {
          const target = journal.find((x) => x.id === Number(e.data['reverses']));
          if (!target || target.seq >= e.seq) problems.push(`parcel ${id}: reversal ${e.id} names no earlier event of the parcel`);
        }
      });
      const projected = project(journal);
      if (stateToJson(projected) !== stateToJson(stateFromJson(s.state_json)) || Number(s.last_seq) !== journal.length) problems.push(`parcel ${id}: stored pipeline state differs from its journal`);
      const expected = journal.flatMap((e) => evidenceRows(e.id, id, s.jurisdiction_code, e.documents)).map((r) => `${r.sha256}|${r.event_id}|${r.jurisdiction_code}`);
      const stored = cited.get(id) ?? new Set<string>();
      if (expected.length !== stored.size || expected.some((k) => !stored.has(k))) problems.push(`parcel ${id}: the attachments its journal cites (pipeline_evidence) differ from its documents`);
      const watch = watchRow(projected);
      if (s.watch_json === null || s.watch_json === undefined) problems.push(`parcel ${id}: no supervision row (pipeline_watch) beside its journal`);
      else if (stateToJson(stateFromJson(s.watch_json)) !== watch.watch_json || (s.watch_from ?? null) !== watch.watch_from || s.watch_jurisdiction !== s.jurisdiction_code) problems.push(`parcel ${id}: stored supervision figures (pipeline_watch) differ from its journal`);
      // The stored deadline facts, recomputed under the rules their key names (facts under rules the
      // register no longer gives are never read: supervision recomputes those).
      if (factsCheck && s.facts_key) {
        const text = (await factsCheck(s.jurisdiction_code)).get(s.facts_key);
        if (!text) factsOther += 1;
        else {
          factsChecked += 1;
          if (text(projected) !== s.facts_json) problems.push(`parcel ${id}: stored deadline facts (pipeline_watch.facts_json) differ from its journal`);
        }
      }
    }
    after = ids[ids.length - 1]!;
  }
  const orphans = await db.selectFrom('pipeline_watch').select('parcel_id').where(({ not, exists, selectFrom }) => not(exists(selectFrom('pipeline_parcel').select('parcel_id').whereRef('pipeline_parcel.parcel_id', '=', 'pipeline_watch.parcel_id')))).limit(20).execute();
  for (const o of orphans) problems.push(`parcel ${Number(o.parcel_id)}: supervision row (pipeline_watch) without a journal`);
  const facts = factsCheck ? `, deadline facts of ${factsChecked} recomputed${factsOther ? ` (${factsOther} stored under rules no longer given, not read)` : ''}` : '';
  return { line: `pipeline: ${parcels} parcels, ${events} journal events${facts}`, problems };
}
