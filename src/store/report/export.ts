/**
 * Writes a county's report bundle (format.ts) from one consistent view of its register: the whole
 * audit log up to its head, then the rows of every reported table (tables.ts) that belong to the
 * county. The same history gives the same bytes from SQLite and PostgreSQL, apart from the header's
 * createdAt and the signature.
 */
import type { Kysely } from 'kysely';
import type { KeyObject } from 'node:crypto';
import type { Db, Store } from '../database.js';
import { InputError } from '../errors.js';
import { readConsistently } from '../backup.js';
import { schemaVersion } from '../migrate.js';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, BundleWriter, publicKeyToBase64, type BundleHeader, type BundleTrailer } from './format.js';
import { REPORTED_TABLES, type ReportedTable } from './tables.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const PAGE = 5000;

export interface ExportOutcome {
  readonly header: BundleHeader;
  readonly trailer: BundleTrailer;
  /** Rows per table, audit_log included. */
  readonly rows: Readonly<Record<string, number>>;
}

/** Same JSON from both drivers: bigint → number (or decimal text beyond 2^53). */
function normalise(r: Record<string, unknown>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) o[k] = typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()) : v;
  return o;
}

function scoped(db: AnyDb, t: ReportedTable, county: string) {
  let q = db.selectFrom(t.table).selectAll();
  const s = t.scope;
  if (s.by === 'jurisdiction') q = q.where('jurisdiction_code', '=', county);
  else if (s.by === 'plan') q = q.where(s.column, 'in', db.selectFrom('plan').select('id').where('jurisdiction_code', '=', county));
  else if (s.by === 'parcel') q = q.where(s.column, 'in', db.selectFrom('parcel').select('id').where('jurisdiction_code', '=', county));
  else q = q.where(s.column, 'in', db.selectFrom('plan_version as v').innerJoin('plan as p', 'p.id', 'v.plan_id').select('v.id').where('p.jurisdiction_code', '=', county));
  for (const k of t.key) q = q.orderBy(k);
  return q;
}

/** The county a register reports for: the one given, else the only county with plans or parcels. */
export async function reportingCounty(db: Db, given?: string): Promise<{ code: string; name: string }> {
  if (given !== undefined) {
    const j = await db.selectFrom('jurisdiction').select(['code', 'name', 'level']).where('code', '=', given).executeTakeFirst();
    if (!j) throw new InputError('county', `未知行政区 "${given}"`, `unknown jurisdiction "${given}"`);
    if (j.level !== 'county') throw new InputError('county', `${given} ${j.name} 不是县级单位，县级单位才上报`, `${given} ${j.name} is not a county-level unit; counties report`);
    return { code: j.code, name: j.name };
  }
  const codes = await db
    .selectFrom('plan')
    .select('jurisdiction_code as code')
    .union(db.selectFrom('parcel').select('jurisdiction_code as code'))
    .execute();
  const distinct = [...new Set(codes.map((c) => c.code))];
  if (distinct.length !== 1) {
    throw new InputError('county', distinct.length === 0 ? '登记簿中没有任何县的计划或宗地' : `登记簿中有多个县（${distinct.join('、')}），请用 --county 指明`, distinct.length === 0 ? 'the register holds no county’s plans or parcels' : `the register holds several counties (${distinct.join(', ')}); name one with --county`);
  }
  return reportingCounty(db, distinct[0]);
}

/**
 * Streams the bundle to `out`, signed with `privateKey`. Reads one consistent view (backup.ts
 * `readConsistently`), so the rows are exactly those the audit head covers.
 */
export async function exportBundle(
  store: Store,
  opts: { county?: string; privateKey: KeyObject; out: (text: string) => Promise<void> | void },
): Promise<ExportOutcome> {
  return readConsistently(store, async (db) => {
    const any = db as unknown as AnyDb;
    const county = await reportingCounty(db, opts.county);
    const present = new Set((await db.introspection.getTables()).map((t) => t.name));
    const tables = REPORTED_TABLES.filter((t) => present.has(t.table));
    const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
    const header: BundleHeader = {
      format: BUNDLE_FORMAT,
      formatVersion: BUNDLE_FORMAT_VERSION,
      county: county.code,
      countyName: county.name,
      schemaVersion: await schemaVersion(any),
      createdAt: store.now(),
      head: { seq: Number(head.seq), hash: head.hash },
      publicKey: publicKeyToBase64(opts.privateKey),
      tables: tables.map((t) => ({ table: t.table, key: t.key })),
    };
    const w = new BundleWriter(opts.out);
    await w.line(header);
    const rows: Record<string, number> = { audit_log: 0 };
    for (let after = 0; after < header.head.seq; ) {
      const page = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).where('seq', '<=', header.head.seq).orderBy('seq').limit(PAGE).execute();
      if (page.length === 0) break;
      for (const r of page) await w.line({ t: 'audit_log', r: normalise(r as unknown as Record<string, unknown>) });
      rows.audit_log! += page.length;
      after = Number(page[page.length - 1]!.seq);
    }
    for (const t of tables) {
      rows[t.table] = 0;
      for (let offset = 0; ; offset += PAGE) {
        const page = (await scoped(any, t, county.code).limit(PAGE).offset(offset).execute()) as Record<string, unknown>[];
        for (const r of page) await w.line({ t: t.table, r: normalise(r) });
        rows[t.table]! += page.length;
        if (page.length < PAGE) break;
      }
    }
    const trailer = await w.end(opts.privateKey);
    return { header, trailer, rows };
  });
}
