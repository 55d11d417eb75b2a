/**
 * The report bundle (上报文件): what a county sends upward, as one file of lines.
 *
 *   <h1> {"format":"landplan-report","formatVersion":1,"county":"653130",…,"head":{"seq":n,"hash":"…"}}
 *   <h2> {"t":"audit_log","r":{…}}          the county's audit log, seq 1 … head, in order
 *   <hk> {"t":"plan","r":{…}}               then the rows it covers, table by table (tables.ts)
 *   end {"lines":K,"hash":"<hK>","signature":"<base64 Ed25519>"}
 *
 * Every line but the last is `<hash> <content>\n`, where hash = sha256(previous hash + "\n" +
 * content) in hex (the first line's previous hash is 64 zeros): the lines form a hash chain over
 * their exact bytes, so a changed byte or a dropped line is found at the first line it breaks.
 * The last line signs the chain's final hash with the county's Ed25519 key; a bundle without it
 * was truncated. Nothing may follow it.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

export const BUNDLE_FORMAT = 'landplan-report';
export const BUNDLE_FORMAT_VERSION = 1;
export const CHAIN_START = '0'.repeat(64);
/** A line longer than this is refused (a parcel with a very detailed boundary stays well below). */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;

export interface BundleHeader {
  readonly format: typeof BUNDLE_FORMAT;
  readonly formatVersion: number;
  readonly county: string;
  readonly countyName: string;
  readonly schemaVersion: number;
  /** When the county wrote the bundle (its clock). */
  readonly createdAt: string;
  /** The county's audit-chain head the bundle covers. */
  readonly head: { readonly seq: number; readonly hash: string };
  /** The signing key (base64 of the raw 32 bytes), for information: the province checks the key it registered. */
  readonly publicKey: string;
  /** The tables whose rows follow the audit log, in order, with their key columns. */
  readonly tables: readonly { readonly table: string; readonly key: readonly string[] }[];
}

export interface BundleEntry {
  readonly t: string;
  readonly r: Record<string, unknown>;
}

export interface BundleTrailer {
  readonly lines: number;
  readonly hash: string;
  readonly signature: string;
}

export function chainHash(prev: string, content: string): string {
  return createHash('sha256').update(prev, 'utf8').update('\n', 'utf8').update(content, 'utf8').digest('hex');
}

function signedMessage(lines: number, hash: string): Buffer {
  return Buffer.from(`${BUNDLE_FORMAT}\n${lines}\n${hash}`, 'utf8');
}

/** Writes lines of a bundle, keeping the chain. */
export class BundleWriter {
  private hash = CHAIN_START;
  private count = 0;
  constructor(private readonly out: (text: string) => Promise<void> | void) {}

  async line(content: unknown): Promise<void> {
    const text = JSON.stringify(content);
    this.hash = chainHash(this.hash, text);
    this.count++;
    await this.out(`${this.hash} ${text}\n`);
  }

  async end(privateKey: KeyObject): Promise<BundleTrailer> {
    const signature = sign(null, signedMessage(this.count, this.hash), privateKey).toString('base64');
    const trailer = { lines: this.count, hash: this.hash, signature };
    await this.out(`end ${JSON.stringify(trailer)}\n`);
    return trailer;
  }
}

export function verifySignature(trailer: BundleTrailer, publicKeyBase64: string): boolean {
  try {
    return verify(null, signedMessage(trailer.lines, trailer.hash), publicKeyFromBase64(publicKeyBase64), Buffer.from(trailer.signature, 'base64'));
  } catch {
    return false;
  }
}

// An Ed25519 SubjectPublicKeyInfo is this 12-byte prefix followed by the 32-byte key.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function publicKeyFromBase64(b64: string): KeyObject {
  const raw = Buffer.from(b64, 'base64');
  if (raw.length !== 32) throw new RangeError(`an Ed25519 public key has 32 bytes, got ${raw.length}`);
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

export function publicKeyToBase64(key: KeyObject): string {
  const der = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'der', type: 'spki' });
  return der.subarray(ED25519_SPKI_PREFIX.length).toString('base64');
}

export function privateKeyFromPem(pem: string): KeyObject {
  const k = createPrivateKey(pem);
  if (k.asymmetricKeyType !== 'ed25519') throw new RangeError(`the report key must be Ed25519, got ${k.asymmetricKeyType}`);
  return k;
}

/** What a line holds, in words, for an error message: "audit_log seq 12", "parcel 57". */
export function describeEntry(content: string): string | undefined {
  try {
    const v = JSON.parse(content) as Partial<BundleEntry> & { format?: string };
    if (v.format === BUNDLE_FORMAT) return 'header';
    if (typeof v.t !== 'string' || typeof v.r !== 'object' || v.r === null) return undefined;
    const r = v.r as Record<string, unknown>;
    const id = r.seq ?? r.id ?? Object.values(r).slice(0, 2).join('|');
    return `${v.t} ${v.t === 'audit_log' ? 'seq ' : ''}${String(id)}`;
  } catch {
    return undefined;
  }
}
