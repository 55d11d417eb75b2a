/**
 * Public consultation comments on a plan version and the bureau's answers (tables
 * consultation_comment, comment_answer, plan_version.answers_published_at; migration 7).
 *
 * A comment row is the record of what the public said: kept as given, hidden with a reason, never
 * deleted or edited. The hash-chained audit log holds one entry per comment with the sha256 of its
 * body and its length, not the body a second time: the chain proves the row was not altered, the
 * row holds the words. Hiding, answering and publishing the answers are audited in full.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Store } from '../database.js';
import { appendAudit } from '../audit-log.js';
import { InputError } from '../errors.js';
import type { AnswerKind, CommentItemKind } from '../../domain/plan/consultation.js';

/** What the routes need to know about a version to scope and gate a request. */
export interface VersionHead {
  readonly id: number;
  readonly planId: number;
  readonly jurisdictionCode: string;
  readonly year: number;
  readonly seq: number;
  readonly status: string;
  readonly answersPublishedAt: string | null;
}

export async function versionHead(db: Db, versionId: number): Promise<VersionHead | undefined> {
  const r = await db
    .selectFrom('plan_version as v')
    .innerJoin('plan as p', 'p.id', 'v.plan_id')
    .select(['v.id', 'v.plan_id', 'v.seq', 'v.status', 'v.answers_published_at', 'p.jurisdiction_code', 'p.year'])
    .where('v.id', '=', versionId)
    .executeTakeFirst();
  return r ? { id: Number(r.id), planId: Number(r.plan_id), jurisdictionCode: r.jurisdiction_code, year: r.year, seq: r.seq, status: r.status, answersPublishedAt: r.answers_published_at } : undefined;
}

/** A version's cube as stored (JSON text): the item checks read its categories and districts. */
export async function versionCubeJson(db: Db, versionId: number): Promise<string | undefined> {
  const r = await db.selectFrom('plan_version').select('cube_json').where('id', '=', versionId).executeTakeFirst();
  return r?.cube_json;
}

export async function parcelInJurisdiction(db: Db, parcelId: number, jurisdictionCode: string): Promise<boolean> {
  const r = await db.selectFrom('parcel').select('id').where('id', '=', parcelId).where('jurisdiction_code', '=', jurisdictionCode).executeTakeFirst();
  return !!r;
}

const CLIENT_KEY = 'comment_client_key';

/**
 * The key of the client-address hash: random, made once and kept in the register (schema_meta), so
 * the daily count per client survives a restart; the address itself is never stored.
 */
export async function commentClientKey(store: Store): Promise<Buffer> {
  const read = async (db: Db) => (await db.selectFrom('schema_meta').select('value').where('key', '=', CLIENT_KEY).executeTakeFirst())?.value;
  const have = await read(store.db);
  if (have) return Buffer.from(have, 'base64');
  const made = await store.write(async (tx) => {
    const again = await read(tx);
    if (again) return again;
    const v = randomBytes(32).toString('base64');
    await tx.insertInto('schema_meta').values({ key: CLIENT_KEY, value: v }).execute();
    return v;
  });
  return Buffer.from(made, 'base64');
}

export interface CommentAnswer {
  readonly id: number;
  readonly kind: AnswerKind;
  readonly reason: string;
  readonly by: string;
  readonly at: string;
}

export interface ConsultationComment {
  readonly id: number;
  readonly versionId: number;
  readonly item: { readonly kind: CommentItemKind; readonly key: string | null };
  readonly name: string | null;
  readonly body: string;
  readonly createdAt: string;
  readonly hidden: { readonly reason: string; readonly by: string; readonly at: string } | null;
  /** The latest answer (an answer is never edited: a new one supersedes it). */
  readonly answer: CommentAnswer | null;
  /** How many answers were given (the latest counts). */
  readonly answerCount: number;
}

export interface NewComment {
  readonly versionId: number;
  readonly item: { readonly kind: CommentItemKind; readonly key: string | null };
  readonly name: string | null;
  readonly body: string;
  readonly clientHash: string;
}

export type InsertCommentResult = { readonly ok: true; readonly id: number; readonly createdAt: string } | { readonly ok: false; readonly today: number };

/**
 * Keeps a comment unless the client has already posted `perDay` since `dayStart` (counted from the
 * table, in the same transaction, so a restart or a second server process does not reset it).
 */
export async function insertComment(store: Store, c: NewComment, limit: { readonly perDay: number; readonly dayStart: string }): Promise<InsertCommentResult> {
  return store.write(async (tx) => {
    // PostgreSQL READ COMMITTED: serialise one client's posts so two cannot both see 49.
    if (store.dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${c.clientHash}))`.execute(tx);
    const n = await tx
      .selectFrom('consultation_comment')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('client_hash', '=', c.clientHash)
      .where('created_at', '>=', limit.dayStart)
      .executeTakeFirstOrThrow();
    if (Number(n.n) >= limit.perDay) return { ok: false, today: Number(n.n) };
    const at = store.now();
    const r = await tx
      .insertInto('consultation_comment')
      .values({ plan_version_id: c.versionId, item_kind: c.item.kind, item_key: c.item.key, author_name: c.name, body: c.body, client_hash: c.clientHash, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(r.id);
    await appendAudit(tx, store.dialect, {
      at,
      actor: `public:${c.clientHash.slice(0, 16)}`,
      action: 'consultation.comment',
      entity: 'consultation_comment',
      entityId: String(id),
      after: { versionId: c.versionId, item: c.item, nameSha256: c.name === null ? null : sha256(c.name), bodySha256: sha256(c.body), bodyLength: c.body.length, clientHash: c.clientHash },
    });
    return { ok: true, id, createdAt: at };
  });
}

export function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/** Comments a client has posted since an instant (the daily limit). */
export async function commentsSince(db: Db, clientHash: string, since: string): Promise<number> {
  const n = await db.selectFrom('consultation_comment').select((eb) => eb.fn.countAll<number | string>().as('n')).where('client_hash', '=', clientHash).where('created_at', '>=', since).executeTakeFirstOrThrow();
  return Number(n.n);
}

export async function countComments(db: Db, versionId?: number): Promise<number> {
  let q = db.selectFrom('consultation_comment').select((eb) => eb.fn.countAll<number | string>().as('n'));
  if (versionId !== undefined) q = q.where('plan_version_id', '=', versionId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/**
 * A version's comments in order, each with its latest answer; a page of at most `limit` after the
 * comment `afterId` when given (a public list must stay bounded however many comments come in).
 */
export async function listComments(db: Db, versionId: number, o: { includeHidden: boolean; afterId?: number; limit?: number }): Promise<ConsultationComment[]> {
  let q = db.selectFrom('consultation_comment').selectAll().where('plan_version_id', '=', versionId);
  if (!o.includeHidden) q = q.where('hidden_at', 'is', null);
  if (o.afterId !== undefined) q = q.where('id', '>', o.afterId);
  q = q.orderBy('id');
  if (o.limit !== undefined) q = q.limit(o.limit);
  const rows = await q.execute();
  const ids = rows.map((r) => Number(r.id));
  const answers = ids.length ? await db.selectFrom('comment_answer').select(['id', 'comment_id', 'kind', 'reason', 'answered_by', 'answered_at']).where('comment_id', 'in', ids).orderBy('id').execute() : [];
  const latest = new Map<number, { a: CommentAnswer; n: number }>();
  for (const a of answers) {
    const cid = Number(a.comment_id);
    latest.set(cid, { a: { id: Number(a.id), kind: a.kind as AnswerKind, reason: a.reason, by: a.answered_by, at: a.answered_at }, n: (latest.get(cid)?.n ?? 0) + 1 });
  }
  return rows.map((r) => toComment(r, latest.get(Number(r.id))));
}

export async function getComment(db: Db, id: number): Promise<ConsultationComment | undefined> {
  const r = await db.selectFrom('consultation_comment').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  const answers = await db.selectFrom('comment_answer').selectAll().where('comment_id', '=', id).orderBy('id').execute();
  const a = answers.at(-1);
  return toComment(r, a ? { a: { id: Number(a.id), kind: a.kind as AnswerKind, reason: a.reason, by: a.answered_by, at: a.answered_at }, n: answers.length } : undefined);
}

function toComment(
  r: { id: number | string | bigint; plan_version_id: number; item_kind: string; item_key: string | null; author_name: string | null; body: string; created_at: string; hidden_reason: string | null; hidden_by: string | null; hidden_at: string | null },
  answer: { a: CommentAnswer; n: number } | undefined,
): ConsultationComment {
  return {
    id: Number(r.id),
    versionId: Number(r.plan_version_id),
    item: { kind: r.item_kind as CommentItemKind, key: r.item_key },
    name: r.author_name,
    body: r.body,
    createdAt: r.created_at,
    hidden: r.hidden_at ? { reason: r.hidden_reason ?? '', by: r.hidden_by ?? '', at: r.hidden_at } : null,
    answer: answer?.a ?? null,
    answerCount: answer?.n ?? 0,
  };
}

/** Hides a comment with a reason (never deletes it); audited. A hidden comment stays hidden. */
export async function hideComment(store: Store, id: number, reason: string, actor: string): Promise<void> {
  await store.write(async (tx) => {
    const r = await tx.selectFrom('consultation_comment').select(['hidden_at', 'plan_version_id']).where('id', '=', id).executeTakeFirst();
    if (!r) throw new InputError('commentId', `意见 ${id} 不存在`, `comment ${id} does not exist`);
    if (r.hidden_at) throw new InputError('commentId', `意见 ${id} 已于 ${r.hidden_at} 隐藏`, `comment ${id} was hidden at ${r.hidden_at}`);
    const at = store.now();
    await tx.updateTable('consultation_comment').set({ hidden_reason: reason, hidden_by: actor, hidden_at: at }).where('id', '=', id).execute();
    await appendAudit(tx, store.dialect, { at, actor, action: 'consultation.comment.hide', entity: 'consultation_comment', entityId: String(id), before: { hidden: false }, after: { hidden: true, reason, versionId: Number(r.plan_version_id) } });
  });
}

/** Adds an answer (the latest counts); audited. */
export async function answerComment(store: Store, id: number, kind: AnswerKind, reason: string, actor: string): Promise<CommentAnswer> {
  return store.write(async (tx) => {
    const r = await tx.selectFrom('consultation_comment').select(['id', 'plan_version_id']).where('id', '=', id).executeTakeFirst();
    if (!r) throw new InputError('commentId', `意见 ${id} 不存在`, `comment ${id} does not exist`);
    const at = store.now();
    const ins = await tx.insertInto('comment_answer').values({ comment_id: id, kind, reason, answered_by: actor, answered_at: at }).returning('id').executeTakeFirstOrThrow();
    await appendAudit(tx, store.dialect, { at, actor, action: 'consultation.comment.answer', entity: 'comment_answer', entityId: String(ins.id), after: { commentId: id, versionId: Number(r.plan_version_id), kind, reason } });
    return { id: Number(ins.id), kind, reason, by: actor, at };
  });
}

/**
 * Marks a version's answers as published (once); audited. The caller has checked the period; the
 * transaction re-reads the flag so two publishers cannot both publish.
 */
export async function markAnswersPublished(store: Store, versionId: number, actor: string): Promise<{ ok: true; at: string; answered: number; comments: number } | { ok: false; at: string }> {
  return store.write(async (tx) => {
    const v = await tx.selectFrom('plan_version').select('answers_published_at').where('id', '=', versionId).executeTakeFirstOrThrow();
    if (v.answers_published_at) return { ok: false, at: v.answers_published_at };
    const at = store.now();
    await tx.updateTable('plan_version').set({ answers_published_at: at }).where('id', '=', versionId).execute();
    const comments = Number((await tx.selectFrom('consultation_comment').select((eb) => eb.fn.countAll<number | string>().as('n')).where('plan_version_id', '=', versionId).executeTakeFirstOrThrow()).n);
    const answered = Number(
      (
        await tx
          .selectFrom('consultation_comment as c')
          .select((eb) => eb.fn.count<number | string>('c.id').distinct().as('n'))
          .innerJoin('comment_answer as a', 'a.comment_id', 'c.id')
          .where('c.plan_version_id', '=', versionId)
          .executeTakeFirstOrThrow()
      ).n,
    );
    await appendAudit(tx, store.dialect, { at, actor, action: 'consultation.answers.publish', entity: 'plan_version', entityId: String(versionId), before: { answersPublishedAt: null }, after: { answersPublishedAt: at, comments, answered } });
    return { ok: true, at, answered, comments };
  });
}
