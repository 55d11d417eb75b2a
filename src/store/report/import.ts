/**
 * Applying a county's report at the province: verify first (verify.ts), then, in one transaction,
 * replay the journal: the audit entries after the head already held, and the rows they cover,
 * into the national tables, and refresh the county's roll-up figures before committing.
 *
 * Idempotent: a bundle whose head the province already holds (the same bundle again, or an older
 * one) changes nothing, provided it lies on the chain the province holds (a later report of the
 * same head only moves "last reported" forward); a newer one adds only the entries and rows that
 * are new or changed. A bundle that contradicts the chain already
 * reported (a different hash at the same seq: the county's register was replaced) is refused.
 */
import { sql, type Kysely } from 'kysely';
import { appendAudit } from '../audit-log.js';
import type { Db, Store } from '../database.js';
import { InputError } from '../errors.js';
import { indicatorDimension, refreshRollups } from '../national/rollup.js';
import { ensureProvincePartitions } from '../repos/national-partitions.js';
import { ancestry } from '../repos/jurisdictions.js';
import type { BundleEntry, BundleHeader } from './format.js';
import { bundleEntries, verifyBundle, BundleError, type VerifiedBundle } from './verify.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export type ImportStatus = 'applied' | 'unchanged' | 'older';

export interface ImportOutcome {
  readonly county: string;
  readonly countyName: string;
  readonly status: ImportStatus;
  readonly head: { readonly seq: number; readonly hash: string };
  readonly previousHeadSeq: number;
  /** Rows inserted or changed per table (audit_log: entries added). */
  readonly applied: Readonly<Record<string, number>>;
  readonly reportedAt: string;
  readonly importedAt: string;
  readonly sha256: string;
}

interface Sink {
  readonly table: string;
  readonly key: readonly string[];
  /** Columns an update may change (the rest are the key or computed at the province). */
  readonly update: readonly string[];
  values(r: Record<string, unknown>, ctx: SinkContext): Record<string, unknown>;
}

interface SinkContext {
  readonly provinceCode: string;
  readonly countyCode: string;
  /** plan id → year, from the bundle's plan rows (they precede the supply records). */
  readonly planYears: Map<number, number>;
}

const n = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Where the rows of each known table go at the province; any other table goes to nat_row. */
const SINKS: Readonly<Record<string, Sink>> = {
  plan: {
    table: 'nat_plan',
    key: ['plan_id'],
    update: ['year', 'name', 'created_at'],
    values: (r, c) => {
      c.planYears.set(Number(r.id), Number(r.year));
      return { plan_id: n(r.id), year: n(r.year), name: s(r.name), created_at: s(r.created_at) };
    },
  },
  plan_version: {
    table: 'nat_plan_version',
    key: ['version_id'],
    update: ['status', 'row_json'],
    values: (r) => ({ version_id: n(r.id), plan_id: n(r.plan_id), seq: n(r.seq), status: s(r.status), valid_from: s(r.valid_from), recorded_at: s(r.recorded_at), row_json: JSON.stringify(r) }),
  },
  indicator: {
    table: 'nat_indicator',
    key: ['plan_version_id', 'indicator_id'],
    update: ['kind', 'key_json', 'cap_e4', 'debited_e4'],
    values: (r) => ({ plan_version_id: n(r.plan_version_id), indicator_id: s(r.indicator_id), kind: s(r.kind), key_json: s(r.key_json), cap_e4: r.cap_e4, debited_e4: r.debited_e4, ...indicatorDimension(JSON.parse(String(r.key_json)) as Record<string, unknown>) }),
  },
  supply_record: {
    table: 'nat_supply',
    key: ['record_id'],
    update: [],
    values: (r, c) => {
      const year = c.planYears.get(Number(r.plan_id));
      if (year === undefined) throw new InputError('supply_record', `供地记录 ${String(r.id)} 所属计划 ${String(r.plan_id)} 不在上报文件中`, `supply record ${String(r.id)} belongs to plan ${String(r.plan_id)}, which the bundle does not carry`);
      return {
        record_id: n(r.id),
        plan_id: n(r.plan_id),
        year,
        category: s(r.category),
        method: s(r.method),
        source: s(r.source),
        district: s(r.district),
        area_e4: r.area_e4,
        parcel_id: n(r.parcel_id),
        reverses_id: n(r.reverses_id),
        supplied_on: s(r.supplied_on),
        recorded_at: s(r.recorded_at),
      };
    },
  },
  parcel: {
    table: 'nat_parcel',
    key: ['parcel_id'],
    update: ['parcel_number', 'project_name', 'use_code', 'supply_method', 'area_e4', 'agreed_start_date', 'actual_start_date', 'geometry_json', 'min_x', 'min_y', 'max_x', 'max_y', 'row_json'],
    values: (r) => {
      const { geometry_json, ...rest } = r;
      return {
        parcel_id: n(r.id),
        parcel_number: s(r.parcel_number),
        project_name: s(r.project_name),
        use_code: s(r.use_code),
        supply_method: s(r.supply_method),
        area_e4: r.area_e4 ?? null,
        agreed_start_date: s(r.agreed_start_date),
        actual_start_date: s(r.actual_start_date),
        geometry_json: s(geometry_json),
        min_x: n(r.min_x),
        min_y: n(r.min_y),
        max_x: n(r.max_x),
        max_y: n(r.max_y),
        row_json: JSON.stringify(rest),
      };
    },
  },
};

function genericSink(table: string, key: readonly string[]): Sink {
  return {
    table: 'nat_row',
    key: ['tbl', 'row_key'],
    update: ['row_json'],
    values: (r) => ({ tbl: table, row_key: key.map((k) => String(r[k])).join('|'), row_json: JSON.stringify(r) }),
  };
}

/** Upserts a batch: new rows are inserted, rows whose update columns differ are updated. Returns how many were written. */
async function upsert(tx: Db, dialect: Store['dialect'], sink: Sink, rows: Record<string, unknown>[]): Promise<number> {
  if (rows.length === 0) return 0;
  const any = tx as unknown as AnyDb;
  const pk = ['province_code', 'county_code', ...sink.key];
  const distinct = sql.raw(dialect === 'postgres' ? 'is distinct from' : 'is not');
  const r = await any
    .insertInto(sink.table)
    .values(rows)
    .onConflict((oc) => {
      const c = oc.columns(pk);
      if (sink.update.length === 0) return c.doNothing();
      return c
        .doUpdateSet(Object.fromEntries(sink.update.map((col) => [col, sql.ref(`excluded.${col}`)])))
        .where(sql<boolean>`${sql.join(
          sink.update.map((col) => sql`${sql.ref(`${sink.table}.${col}`)} ${distinct} ${sql.ref(`excluded.${col}`)}`),
          sql` or `,
        )}`);
    })
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n);
}

/** The county's registered key, or a refusal telling the province how to register it. */
async function registeredKey(db: Db, header: BundleHeader): Promise<string> {
  const r = await db.selectFrom('nat_reporter').select('public_key').where('county_code', '=', header.county).executeTakeFirst();
  if (!r?.public_key) {
    throw new BundleError(1, 'header', `${header.county} ${header.countyName} 尚未登记上报密钥：请核实后执行 landplan report trust ${header.county} ${header.publicKey}`, `${header.county} ${header.countyName} has no registered report key: check it with the county, then run landplan report trust ${header.county} ${header.publicKey}`);
  }
  return r.public_key;
}

/** Where a county sits: its province (and that the hierarchy knows it). */
export async function provinceOf(db: Db, county: string): Promise<string> {
  const line = await ancestry(db, county);
  const province = line.find((u) => u.level === 'province');
  if (line.length === 0 || line[0]!.level !== 'county' || !province) {
    throw new InputError('county', `行政区划中没有县级单位 ${county}（先执行 landplan jurisdictions load）`, `the hierarchy has no county-level unit ${county} (run landplan jurisdictions load first)`);
  }
  return province.code;
}

/** Verifies and applies a bundle file. Throws BundleError (naming the first bad line) or InputError. */
export async function importBundle(store: Store, file: string, opts: { channel?: 'file' | 'connection'; actor?: string; verified?: VerifiedBundle } = {}): Promise<ImportOutcome> {
  const verified = opts.verified ?? (await verifyBundle(file, (h) => registeredKey(store.db, h)));
  const { header } = verified;
  const provinceCode = await provinceOf(store.db, header.county);
  const importedAt = store.now();
  return store.write(async (tx) => {
    if (store.dialect === 'postgres') {
      // One import per province at a time: each refreshes the province's roll-up rows.
      await sql`select pg_advisory_xact_lock(${7_000_000_000 + Number(provinceCode)}::bigint)`.execute(tx);
      await ensureProvincePartitions(tx, [provinceCode]);
    }
    const rep = await tx.selectFrom('nat_reporter').selectAll().where('county_code', '=', header.county).executeTakeFirst();
    const heldSeq = Number(rep?.head_seq ?? 0);
    const heldHash = rep?.head_hash ?? '';
    const outcome = (status: ImportStatus, applied: Record<string, number>): ImportOutcome => ({
      county: header.county,
      countyName: header.countyName,
      status,
      head: header.head,
      previousHeadSeq: heldSeq,
      applied,
      reportedAt: status === 'applied' ? header.createdAt : (rep?.reported_at ?? header.createdAt),
      importedAt: status === 'applied' ? importedAt : (rep?.imported_at ?? importedAt),
      sha256: verified.sha256,
    });
    if (header.head.seq <= heldSeq) {
      if (header.head.seq > 0) {
        const held = await tx.selectFrom('nat_audit').select('hash').where('province_code', '=', provinceCode).where('county_code', '=', header.county).where('seq', '=', header.head.seq).executeTakeFirst();
        if (held?.hash !== header.head.hash) throw forked(header.head.seq);
      }
      if (header.head.seq === heldSeq && rep && (rep.reported_at ?? '') < header.createdAt) {
        // The same head reported again later: nothing to apply, but the county did report then.
        await tx.updateTable('nat_reporter').set({ reported_at: header.createdAt, imported_at: importedAt, bundle_sha256: verified.sha256, channel: opts.channel ?? 'file' }).where('county_code', '=', header.county).execute();
        return { ...outcome('unchanged', {}), reportedAt: header.createdAt, importedAt };
      }
      return outcome(header.head.seq === heldSeq ? 'unchanged' : 'older', {});
    }
    const ctx: SinkContext = { provinceCode, countyCode: header.county, planYears: new Map() };
    const keys = new Map(header.tables.map((t) => [t.table, t.key]));
    const applied: Record<string, number> = {};
    let batch: Record<string, unknown>[] = [];
    let batchSink: Sink | undefined;
    let batchTable = '';
    const flush = async (): Promise<void> => {
      if (batchSink && batch.length > 0) applied[batchTable] = (applied[batchTable] ?? 0) + (await upsert(tx, store.dialect, batchSink, batch));
      batch = [];
    };
    const audit: Record<string, unknown>[] = [];
    const flushAudit = async (): Promise<void> => {
      for (let i = 0; i < audit.length; i += 200) await tx.insertInto('nat_audit').values(audit.slice(i, i + 200) as never).execute();
      applied.audit_log = (applied.audit_log ?? 0) + audit.length;
      audit.length = 0;
    };
    for await (const e of bundleEntries(file, verified.trailer.hash) as AsyncGenerator<BundleEntry>) {
      if (e.t === 'audit_log') {
        const seq = Number(e.r.seq);
        if (seq === heldSeq && e.r.hash !== heldHash) throw forked(seq);
        if (seq <= heldSeq) continue;
        const r = e.r;
        audit.push({ province_code: provinceCode, county_code: header.county, seq, at: r.at, actor: r.actor, action: r.action, entity: r.entity, entity_id: r.entity_id, before_json: r.before_json, after_json: r.after_json, prev_hash: r.prev_hash, hash: r.hash });
        if (audit.length >= 1000) await flushAudit();
        continue;
      }
      if (e.t !== batchTable) {
        await flush();
        batchTable = e.t;
        batchSink = SINKS[e.t] ?? genericSink(e.t, keys.get(e.t) ?? ['id']);
      }
      batch.push({ province_code: provinceCode, county_code: header.county, ...batchSink!.values(e.r, ctx) });
      // Rows of up to 18 columns: 40 rows a statement stay under SQLite's 999 bound parameters.
      if (batch.length >= 40) await flush();
    }
    await flushAudit();
    await flush();
    await refreshRollups(tx, { provinceCode, counties: [header.county] });
    const state = {
      province_code: provinceCode,
      head_seq: header.head.seq,
      head_hash: header.head.hash,
      reported_at: header.createdAt,
      imported_at: importedAt,
      channel: opts.channel ?? 'file',
      bundle_sha256: verified.sha256,
    };
    if (rep) await tx.updateTable('nat_reporter').set(state).where('county_code', '=', header.county).execute();
    else await tx.insertInto('nat_reporter').values({ county_code: header.county, public_key: null, key_registered_at: null, key_registered_by: null, ...state }).execute();
    await appendAudit(tx, store.dialect, {
      at: importedAt,
      actor: opts.actor ?? 'report',
      action: 'report.import',
      entity: 'nat_reporter',
      entityId: header.county,
      before: { headSeq: heldSeq },
      after: { headSeq: header.head.seq, headHash: header.head.hash, reportedAt: header.createdAt, channel: state.channel, sha256: verified.sha256, applied },
    });
    return outcome('applied', applied);
  });
}

function forked(seq: number): BundleError {
  return new BundleError(1, 'header', `与已上报的审计链在第 ${seq} 条处不一致（县级登记簿被替换或回滚？），拒绝导入`, `contradicts the audit chain already reported at seq ${seq} (was the county's register replaced or rolled back?); refused`);
}

/** Registers (or replaces) a county's report key at the province. */
export async function trustCounty(store: Store, county: string, publicKey: string, actor: string): Promise<void> {
  const raw = Buffer.from(publicKey, 'base64');
  if (raw.length !== 32 || raw.toString('base64') !== publicKey) throw new InputError('publicKey', '公钥应为 32 字节 Ed25519 公钥的 base64', 'the public key is the base64 of a 32-byte Ed25519 key');
  const provinceCode = await provinceOf(store.db, county);
  await store.write(async (tx) => {
    const now = store.now();
    const existing = await tx.selectFrom('nat_reporter').select(['public_key']).where('county_code', '=', county).executeTakeFirst();
    if (existing) await tx.updateTable('nat_reporter').set({ public_key: publicKey, key_registered_at: now, key_registered_by: actor }).where('county_code', '=', county).execute();
    else await tx.insertInto('nat_reporter').values({ county_code: county, province_code: provinceCode, public_key: publicKey, key_registered_at: now, key_registered_by: actor, head_seq: 0, head_hash: '', reported_at: null, imported_at: null, channel: null, bundle_sha256: null }).execute();
    await appendAudit(tx, store.dialect, { at: now, actor, action: 'report.trust', entity: 'nat_reporter', entityId: county, before: existing ? { publicKey: existing.public_key } : undefined, after: { publicKey } });
  });
}
