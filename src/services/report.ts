/**
 * Use cases of upward reporting (上报):
 *
 *   reportKey(path)                       the county's Ed25519 key: generated on first use, kept in
 *                                         a file outside the database (mode 0600); the public key is
 *                                         what the province registers
 *   exportReport(store, {out, keyPath})   writes the county's signed bundle (store/report/export.ts)
 *   trustCounty(store, county, key)       the province registers a county's public key
 *   importReport(store, file)             verifies and applies a bundle (store/report/import.ts)
 *   reportStatus(db)                      each reporting county: its key, last report, head
 *   publishRegister / subscribeCounty     logical replication set-up (store/report/replication.ts)
 *   pullReplica(store, {schema})          replays a county's replicated schema into the national
 *                                         tables, like a file (channel "connection")
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { openStore, type Db, type Store } from '../store/database.js';
import { createPublication, createSubscription, dropSubscription, subscriptionReady } from '../store/report/replication.js';
import { verifyBundle } from '../store/report/verify.js';
import { exportBundle, type ExportOutcome } from '../store/report/export.js';
import { privateKeyFromPem, publicKeyToBase64 } from '../store/report/format.js';
import { importBundle, trustCounty, type ImportOutcome } from '../store/report/import.js';

export { trustCounty, type ImportOutcome };

/** LANDPLAN_REPORT_KEY, else report-key.pem in LANDPLAN_DATA_DIR (default ./data): beside the database, never in it. */
export function defaultKeyPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.LANDPLAN_REPORT_KEY ?? join(resolve(env.LANDPLAN_DATA_DIR ?? './data'), 'report-key.pem');
}

export interface ReportKey {
  readonly path: string;
  readonly privateKey: KeyObject;
  /** base64 of the raw 32-byte Ed25519 public key: give this to the province. */
  readonly publicKey: string;
  readonly created: boolean;
}

/** Reads the county's key, generating it (exclusively, mode 0600) when the file does not exist. */
export function reportKey(path: string = defaultKeyPath()): ReportKey {
  let created = false;
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      writeFileSync(path, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
      created = true;
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw e; // made meanwhile by another process
    }
  }
  const privateKey = privateKeyFromPem(readFileSync(path, 'utf8'));
  return { path, privateKey, publicKey: publicKeyToBase64(privateKey), created };
}

/** Writes the bundle to `out` (through a temporary file renamed at the end, so `out` is never half-written). */
export async function exportReport(store: Store, opts: { out: string; county?: string; keyPath?: string }): Promise<ExportOutcome & { file: string; key: ReportKey }> {
  const key = reportKey(opts.keyPath);
  const tmp = `${opts.out}.partial`;
  const fh = await open(tmp, 'w');
  let buf: string[] = [];
  let size = 0;
  try {
    const r = await exportBundle(store, {
      ...(opts.county !== undefined ? { county: opts.county } : {}),
      privateKey: key.privateKey,
      out: async (text) => {
        buf.push(text);
        size += text.length;
        if (size > 1 << 20) {
          await fh.write(buf.join(''));
          buf = [];
          size = 0;
        }
      },
    });
    await fh.write(buf.join(''));
    await fh.close();
    renameSync(tmp, opts.out);
    return { ...r, file: opts.out, key };
  } catch (e) {
    await fh.close().catch(() => undefined);
    rmSync(tmp, { force: true });
    throw e;
  }
}

export async function importReport(store: Store, file: string, opts: { actor?: string; channel?: 'file' | 'connection' } = {}): Promise<ImportOutcome> {
  return importBundle(store, file, opts);
}

export interface ReporterStatus {
  readonly county: string;
  readonly name: string;
  readonly provinceCode: string;
  readonly publicKey: string | null;
  readonly headSeq: number;
  readonly reportedAt: string | null;
  readonly importedAt: string | null;
  readonly channel: string | null;
}

export async function reportStatus(db: Db, opts: { below?: readonly string[] } = {}): Promise<ReporterStatus[]> {
  let q = db
    .selectFrom('nat_reporter as r')
    .innerJoin('jurisdiction as j', 'j.code', 'r.county_code')
    .select(['r.county_code', 'j.name', 'r.province_code', 'r.public_key', 'r.head_seq', 'r.reported_at', 'r.imported_at', 'r.channel'])
    .orderBy('r.county_code');
  if (opts.below) q = q.where('r.county_code', 'in', opts.below.length > 0 ? [...opts.below] : ['']);
  return (await q.execute()).map((r) => ({
    county: r.county_code,
    name: r.name,
    provinceCode: r.province_code,
    publicKey: r.public_key,
    headSeq: Number(r.head_seq),
    reportedAt: r.reported_at,
    importedAt: r.imported_at,
    channel: r.channel,
  }));
}

export { createPublication as publishRegister, dropSubscription, subscriptionReady };

/** At the province: a replica schema for the county and the subscription to its publication. */
export async function subscribeCounty(store: Store, opts: { databaseUrl: string; schema: string; conninfo: string }): Promise<{ subscription: string; tables: string[] }> {
  if (store.dialect !== 'postgres') throw new Error('logical replication needs PostgreSQL');
  return createSubscription(opts.databaseUrl, opts.schema, opts.conninfo, () => openStore({ databaseUrl: opts.databaseUrl, pgSchema: opts.schema }));
}

/**
 * Replays a county's replicated schema into the national tables. The replica is read through one
 * REPEATABLE READ snapshot (logical replication applies each county transaction atomically, so the
 * snapshot is a state the county had), written as a bundle signed with a key made for this pull,
 * verified (the county's audit chain from genesis) and imported. Idempotent like a file.
 */
export async function pullReplica(store: Store, opts: { databaseUrl: string; schema: string; actor?: string }): Promise<ImportOutcome> {
  const replica = await openStore({ databaseUrl: opts.databaseUrl, pgSchema: opts.schema, migrate: false });
  const dir = mkdtempSync(join(tmpdir(), 'landplan-pull-'));
  try {
    const keyPath = join(dir, 'pull-key.pem');
    const key = reportKey(keyPath);
    const file = join(dir, 'replica.bundle');
    await exportReport(replica, { out: file, keyPath });
    const verified = await verifyBundle(file, async () => key.publicKey);
    return await importBundle(store, file, { channel: 'connection', actor: opts.actor ?? 'report.pull', verified });
  } finally {
    await replica.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
