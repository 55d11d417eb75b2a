/**
 * The audit log: every write records who, when, what, the value before and the value after.
 * Entries form a hash chain: entry n stores the hash of entry n − 1 and its own hash over its
 * content, so editing an entry breaks its own hash and deleting one breaks the link after it.
 * The head row (audit_head) holds the last seq and hash, so deleting the newest entry is caught too.
 *
 * The hash covers the stored text exactly (JSON kept as text, never jsonb), so it is identical on
 * SQLite and PostgreSQL and survives backup/restore across them.
 */
import { createHash } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { Db, Dialect } from './database.js';
import type { AuditLogTable } from './schema.js';
import { toBigInt } from './units.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  readonly at: string;
  readonly actor: string;
  /** e.g. "plan.version.create", "supply.record", "parcel.import" */
  readonly action: string;
  readonly entity: string;
  readonly entityId: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly prevHash: string;
  readonly hash: string;
}

/** An audit_log row as read back (the table is declared once, in schema.ts). */
type StoredEntry = Selectable<AuditLogTable>;

export function entryHash(e: Omit<StoredEntry, 'hash'>): string {
  const content = JSON.stringify([String(e.seq), e.at, e.actor, e.action, e.entity, e.entity_id, e.before_json, e.after_json, e.prev_hash]);
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

/** The row that follows a chain head (seq, hash): content, link and hash. */
export function auditRow(headSeq: number, headHash: string, input: AuditInput): StoredEntry & { seq: number } {
  const seq = headSeq + 1;
  const row = {
    seq,
    at: input.at,
    actor: input.actor,
    action: input.action,
    entity: input.entity,
    entity_id: input.entityId,
    before_json: input.before === undefined ? null : JSON.stringify(input.before),
    after_json: input.after === undefined ? null : JSON.stringify(input.after),
    prev_hash: headHash,
  };
  return { ...row, hash: entryHash(row) };
}

/** Appends one entry inside the caller's write transaction. */
export async function appendAudit(tx: Db, dialect: Dialect, input: AuditInput): Promise<number> {
  let q = tx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1);
  if (dialect === 'postgres') q = q.forUpdate();
  const head = await q.executeTakeFirstOrThrow();
  const row = auditRow(Number(toBigInt(head.seq)), head.hash, input);
  await tx.insertInto('audit_log').values(row).execute();
  await tx.updateTable('audit_head').set({ seq: row.seq, hash: row.hash }).where('id', '=', 1).execute();
  return row.seq;
}

function toEntry(r: StoredEntry): AuditEntry {
  return {
    seq: Number(r.seq),
    at: r.at,
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: r.before_json === null ? null : JSON.parse(r.before_json),
    after: r.after_json === null ? null : JSON.parse(r.after_json),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export interface AuditQuery {
  readonly entity?: string;
  readonly entityId?: string;
  readonly afterSeq?: number;
  readonly limit?: number;
}

/** Audit entries in chain order, optionally for one entity. */
export async function listAudit(db: Db, q: AuditQuery = {}): Promise<AuditEntry[]> {
  let query = db.selectFrom('audit_log').selectAll().orderBy('seq');
  if (q.entity !== undefined) query = query.where('entity', '=', q.entity);
  if (q.entityId !== undefined) query = query.where('entity_id', '=', q.entityId);
  if (q.afterSeq !== undefined) query = query.where('seq', '>', q.afterSeq);
  query = query.limit(q.limit ?? 1000);
  return (await query.execute()).map(toEntry);
}

/**
 * Walks the whole chain and returns one problem line per edited or deleted entry (empty = intact).
 * Reads in pages so a long log does not have to fit in memory.
 */
export async function verifyAuditChain(db: Db): Promise<string[]> {
  const problems: string[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let after = 0;
  for (;;) {
    const page = (await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(5000).execute()) as StoredEntry[];
    if (page.length === 0) break;
    for (const r of page) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) {
        const missing = seq - expectedSeq === 1 ? `${expectedSeq}` : `${expectedSeq}–${seq - 1}`;
        problems.push(`audit_log seq ${missing}: deleted (entry ${seq} follows ${expectedSeq - 1})`);
      } else if (r.prev_hash !== prevHash) {
        problems.push(`audit_log seq ${seq}: chain broken (prev_hash does not match entry ${seq - 1})`);
      }
      const recomputed = entryHash(r);
      if (recomputed !== r.hash) problems.push(`audit_log seq ${seq}: edited (${r.action} ${r.entity} ${r.entity_id}; stored hash does not match its content)`);
      prevHash = r.hash;
      expectedSeq = seq + 1;
      after = seq;
    }
  }
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  if (!head) problems.push('audit_head: missing');
  else {
    const headSeq = Number(head.seq);
    if (headSeq > expectedSeq - 1) {
      const missing = headSeq === expectedSeq ? `${headSeq}` : `${expectedSeq}–${headSeq}`;
      problems.push(`audit_log seq ${missing}: deleted (the chain head is at ${headSeq})`);
    } else if (headSeq === expectedSeq - 1 && head.hash !== prevHash) {
      problems.push(`audit_log seq ${headSeq}: edited (does not match the chain head)`);
    } else if (headSeq < expectedSeq - 1) {
      problems.push(`audit_head: behind the log (head ${headSeq}, log ${expectedSeq - 1})`);
    }
  }
  return problems;
}

/** Number of entries (for reports). */
export async function auditCount(db: Db): Promise<number> {
  const r = await db.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

type Native = import('better-sqlite3').Database;
const nativeStatements = new WeakMap<Native, { head: import('better-sqlite3').Statement; insert: import('better-sqlite3').Statement; setHead: import('better-sqlite3').Statement }>();

/**
 * `appendAudit` for the SQLite hot path (inside `store.sqliteWriteNative`): same rows, same hash,
 * prepared statements instead of built queries.
 */
export function appendAuditNative(native: Native, input: AuditInput): number {
  let st = nativeStatements.get(native);
  if (!st) {
    st = {
      head: native.prepare('select seq, hash from audit_head where id = 1'),
      insert: native.prepare(
        'insert into audit_log (seq, at, actor, action, entity, entity_id, before_json, after_json, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      setHead: native.prepare('update audit_head set seq = ?, hash = ? where id = 1'),
    };
    nativeStatements.set(native, st);
  }
  const head = st.head.get() as { seq: number; hash: string };
  const r = auditRow(Number(head.seq), head.hash, input);
  st.insert.run(r.seq, r.at, r.actor, r.action, r.entity, r.entity_id, r.before_json, r.after_json, r.prev_hash, r.hash);
  st.setHead.run(r.seq, r.hash);
  return r.seq;
}

/**
 * The audit chain's head seq. Every write appends an entry under the head's lock, so the seq grows
 * in commit order (unlike a table's id on PostgreSQL, which concurrent writers may commit out of
 * order): a cache keyed by it sees every write committed up to it.
 */
export async function auditHeadSeq(db: Db): Promise<number> {
  const r = await db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirst();
  return r ? Number(toBigInt(r.seq)) : 0;
}

/** The ids of the entities of a kind written after `afterSeq` (distinct; at most `limit`, then undefined: too many to list). */
export async function entitiesWrittenSince(db: Db, entity: string, afterSeq: number, limit: number): Promise<string[] | undefined> {
  const rows = await db.selectFrom('audit_log').select('entity_id').distinct().where('seq', '>', afterSeq).where('entity', '=', entity).limit(limit + 1).execute();
  return rows.length > limit ? undefined : rows.map((r) => r.entity_id);
}
