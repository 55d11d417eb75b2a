/**
 * Backup and restore in one portable format, so a backup taken from SQLite restores into
 * PostgreSQL and the other way round. The file is JSON Lines:
 *
 *   {"format":"landplan-backup","formatVersion":1,"schemaVersion":1,"source":"sqlite",…}
 *   {"t":"jurisdiction","r":{…row…}}            one line per row, tables in dependency order
 *   {"end":true,"rows":1234}
 *   {"sha256":"…"}                               hash of every byte before this line
 *
 * SQLite is read from an online backup (better-sqlite3 `backup`, consistent while others write);
 * PostgreSQL from one REPEATABLE READ transaction. Restore refuses a file whose checksum does not
 * match, and replaces the target's content in one transaction (all or nothing).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openStore, type Db, type Store } from './database.js';
import { InputError } from './errors.js';
import { clearLedgerCache } from './ledger.js';
import { SCHEMA_VERSION, schemaVersion } from './migrate.js';
import { TABLES_IN_DEPENDENCY_ORDER, type Database } from './schema.js';

type Table = (typeof TABLES_IN_DEPENDENCY_ORDER)[number];

/** Primary-key columns, for a stable export order. */
const ORDER_BY: Record<Table, readonly string[]> = {
  jurisdiction: ['code'],
  plan: ['id'],
  plan_version: ['id'],
  indicator: ['plan_version_id', 'indicator_id'],
  district: ['id'],
  parcel_import: ['id'],
  parcel: ['id'],
  supply_record: ['id'],
  adjustment: ['id'],
  app_user: ['id'],
  user_role: ['user_id', 'role', 'jurisdiction_code'],
  comment: ['id'],
  audit_log: ['seq'],
  audit_head: ['id'],
  nat_reporter: ['county_code'],
  nat_audit: ['province_code', 'county_code', 'seq'],
  nat_plan: ['province_code', 'county_code', 'plan_id'],
  nat_plan_version: ['province_code', 'county_code', 'version_id'],
  nat_indicator: ['province_code', 'county_code', 'plan_version_id', 'indicator_id'],
  nat_supply: ['province_code', 'county_code', 'record_id'],
  nat_parcel: ['province_code', 'county_code', 'parcel_id'],
  nat_row: ['province_code', 'county_code', 'tbl', 'row_key'],
  nat_rollup: ['province_code', 'unit_code', 'year', 'measure', 'category', 'method', 'source'],
  nat_rollup_unstarted: ['province_code', 'unit_code', 'agreed_start_date'],
  nat_extent: ['province_code', 'unit_code'],
  reserve_project: ['id'],
  pipeline_event: ['id'],
  pipeline_parcel: ['parcel_id'],
  pipeline_watch: ['parcel_id'],
  pipeline_attachment: ['sha256'],
  pipeline_evidence: ['sha256', 'event_id'],
  approval_batch: ['id'],
  approval_batch_parcel: ['batch_id', 'parcel_id'],
  plan_transition: ['id'],
  version_change_comment: ['plan_version_id', 'comment_id', 'recorded_at'],
  review_request: ['id'],
  plan_review: ['id'],
  review_answer: ['id'],
  consultation_comment: ['id'],
  comment_answer: ['id'],
  land_demand: ['id'],
};
/** Tables whose id a PostgreSQL sequence generates: reset after a restore. */
const SERIAL_TABLES: readonly Table[] = ['plan', 'plan_version', 'district', 'parcel_import', 'parcel', 'supply_record', 'adjustment', 'app_user', 'comment', 'reserve_project', 'pipeline_event', 'approval_batch', 'plan_transition', 'review_request', 'plan_review', 'review_answer', 'consultation_comment', 'comment_answer', 'land_demand'];

export interface BackupResult {
  readonly rows: number;
  readonly sha256: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = import('kysely').Kysely<any>;

async function exportRows(db: Db, source: string, out: (line: string) => Promise<void>): Promise<number> {
  const header = { format: 'landplan-backup', formatVersion: 1, schemaVersion: await schemaVersion(db as unknown as AnyDb), source };
  await out(JSON.stringify(header));
  let rows = 0;
  const any = db as unknown as AnyDb;
  for (const t of TABLES_IN_DEPENDENCY_ORDER) {
    const page = 5000;
    for (let offset = 0; ; offset += page) {
      let q = any.selectFrom(t).selectAll();
      for (const c of ORDER_BY[t]) q = q.orderBy(c);
      const batch = (await q.limit(page).offset(offset).execute()) as Record<string, unknown>[];
      for (const r of batch) await out(JSON.stringify({ t, r: normalise(r) }));
      rows += batch.length;
      if (batch.length < page) break;
    }
  }
  await out(JSON.stringify({ end: true, rows }));
  return rows;
}

/** Same JSON from both drivers: bigint → number or decimal string. */
function normalise(r: Record<string, unknown>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) o[k] = typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()) : v;
  return o;
}

/**
 * Runs `fn` on one consistent view of the register while others may write: SQLite reads an online
 * backup of the file, PostgreSQL one REPEATABLE READ transaction.
 */
export async function readConsistently<T>(store: Store, fn: (db: Db) => Promise<T>): Promise<T> {
  if (store.dialect === 'sqlite' && store.sqliteOnlineBackup) {
    const dir = mkdtempSync(join(tmpdir(), 'landplan-snapshot-'));
    try {
      const snap = join(dir, 'snapshot.db');
      await store.sqliteOnlineBackup(snap);
      const s = await openStore({ sqlitePath: snap, migrate: false, readonly: true });
      try {
        return await fn(s.db);
      } finally {
        await s.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return store.db.transaction().setIsolationLevel('repeatable read').execute(fn);
}

export async function backupStore(store: Store, file: string): Promise<BackupResult> {
  const fh = await open(file, 'w');
  const hash = createHash('sha256');
  let buf: string[] = [];
  const out = async (line: string): Promise<void> => {
    const s = `${line}\n`;
    hash.update(s, 'utf8');
    buf.push(s);
    if (buf.length >= 2000) {
      await fh.write(buf.join(''));
      buf = [];
    }
  };
  try {
    const rows = await readConsistently(store, (db) => exportRows(db, store.dialect, out));
    const sha256 = hash.digest('hex');
    buf.push(`${JSON.stringify({ sha256 })}\n`);
    await fh.write(buf.join(''));
    return { rows, sha256 };
  } finally {
    await fh.close();
  }
}

/** Reads and checks a backup file; throws InputError naming the file on a bad checksum or format. */
export function readBackup(file: string): { header: { schemaVersion: number; source: string }; rows: { t: Table; r: Record<string, unknown> }[] } {
  const bytes = readFileSync(file);
  const text = bytes.toString('utf8');
  const trimmed = text.endsWith('\n') ? text.slice(0, -1) : text;
  const cut = trimmed.lastIndexOf('\n');
  if (cut < 0) throw new InputError(file, '不是 landplan 备份文件', 'not a landplan backup file');
  const body = trimmed.slice(0, cut + 1);
  let stated: string | undefined;
  try {
    stated = (JSON.parse(trimmed.slice(cut + 1)) as { sha256?: string }).sha256;
  } catch {
    stated = undefined;
  }
  if (!stated) throw new InputError(`${file}: checksum`, '备份文件缺少校验和（可能被截断）', 'the backup has no checksum line (truncated?)');
  const actual = createHash('sha256').update(body, 'utf8').digest('hex');
  if (actual !== stated) {
    throw new InputError(`${file}: checksum`, `校验和不符（文件记载 ${stated.slice(0, 16)}…，内容为 ${actual.slice(0, 16)}…），拒绝恢复`, `checksum mismatch (file says ${stated.slice(0, 16)}…, content hashes to ${actual.slice(0, 16)}…); refusing to restore`);
  }
  const lines = body.split('\n').filter((l) => l.length > 0);
  const header = JSON.parse(lines[0]!) as { format?: string; schemaVersion: number; source: string };
  if (header.format !== 'landplan-backup') throw new InputError(file, '不是 landplan 备份文件', 'not a landplan backup file');
  if (header.schemaVersion > SCHEMA_VERSION) {
    throw new InputError(`${file}: schemaVersion`, `备份来自更新版本的 landplan（结构版本 ${header.schemaVersion} > ${SCHEMA_VERSION}），请升级`, `the backup was written by a newer landplan (schema ${header.schemaVersion} > ${SCHEMA_VERSION}); upgrade landplan`);
  }
  const rows = lines.slice(1, -1).map((l) => JSON.parse(l) as { t: Table; r: Record<string, unknown> });
  const end = JSON.parse(lines[lines.length - 1]!) as { end?: boolean; rows?: number };
  if (!end.end || end.rows !== rows.length) throw new InputError(file, '备份文件不完整', 'the backup is incomplete');
  return { header, rows };
}

/** Parents before children within the self-referencing jurisdiction table. */
function parentsFirst(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const done = new Set<unknown>();
  let pending = rows;
  while (pending.length > 0) {
    const next = pending.filter((r) => r.parent_code !== null && !done.has(r.parent_code));
    const ready = pending.filter((r) => r.parent_code === null || done.has(r.parent_code));
    if (ready.length === 0) return [...out, ...next];
    for (const r of ready) {
      out.push(r);
      done.add(r.code);
    }
    pending = next;
  }
  return out;
}

/**
 * Replaces the store's content with a backup. Refuses a non-empty target unless `force`.
 * Not itself audited: the restored audit chain must verify exactly as it did when backed up.
 */
export async function restoreStore(store: Store, file: string, opts: { force?: boolean } = {}): Promise<{ rows: number }> {
  const { rows } = readBackup(file);
  const byTable = new Map<Table, Record<string, unknown>[]>();
  for (const { t, r } of rows) {
    if (!(TABLES_IN_DEPENDENCY_ORDER as readonly string[]).includes(t)) throw new InputError(`${file}: table`, `未知表 "${t}"`, `unknown table "${t}"`);
    (byTable.get(t) ?? byTable.set(t, []).get(t)!).push(r);
  }
  await store.write(async (tx) => {
    const any = tx as unknown as AnyDb;
    if (!opts.force) {
      const n = await any.selectFrom('audit_log').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      if (Number(n.n) > 0) throw new InputError('target', '目标数据库非空；如确需覆盖请加 --force', 'the target database is not empty; use --force to replace it');
    }
    // Sessions are not backed up (they hold login state, not register data): a restore ends them.
    await any.deleteFrom('app_session').execute();
    for (const t of [...TABLES_IN_DEPENDENCY_ORDER].reverse()) await any.deleteFrom(t).execute();
    for (const t of TABLES_IN_DEPENDENCY_ORDER) {
      let list = byTable.get(t) ?? [];
      if (t === 'jurisdiction') list = parentsFirst(list);
      const width = Math.max(1, Object.keys(list[0] ?? {}).length);
      const chunk = Math.max(1, Math.floor(30000 / width));
      for (let i = 0; i < list.length; i += chunk) await any.insertInto(t).values(list.slice(i, i + chunk)).execute();
    }
    if (store.dialect === 'postgres') {
      for (const t of SERIAL_TABLES) {
        await sql`select setval(pg_get_serial_sequence(${t}, 'id'), coalesce((select max(id) from ${sql.table(t)}), 1), (select max(id) from ${sql.table(t)}) is not null)`.execute(any);
      }
    }
  });
  clearLedgerCache(store);
  return { rows: rows.length };
}

export type { Database };
