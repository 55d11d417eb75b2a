/**
 * Reading a report bundle (format.ts) with bounded memory: lines are streamed, each checked
 * against the chain as it arrives, and nothing but counters is kept. `verifyBundle` reads the
 * whole file and either returns its header and trailer or throws a BundleError naming the first
 * bad entry; `bundleEntries` reads it again for applying, after it verified.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { entryHash, GENESIS_HASH } from '../audit-log.js';
import { InputError } from '../errors.js';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, CHAIN_START, MAX_LINE_BYTES, describeEntry, verifySignature, type BundleEntry, type BundleHeader, type BundleTrailer } from './format.js';

/** A refused bundle: which line, what it holds (when that can be read), what is wrong. */
export class BundleError extends InputError {
  constructor(
    readonly line: number,
    readonly entry: string | undefined,
    zh: string,
    en: string,
  ) {
    super(`line ${line}${entry ? ` (${entry})` : ''}`, `第 ${line} 行${entry ? `（${entry}）` : ''}：${zh}`, `line ${line}${entry ? ` (${entry})` : ''}: ${en}`);
    this.name = 'BundleError';
  }
}

/** Splits a file into lines (without the "\n"), refusing a line longer than MAX_LINE_BYTES. */
async function* rawLines(file: string, maxLine: number): AsyncGenerator<{ bytes: Buffer; terminated: boolean }> {
  let pending: Buffer[] = [];
  let pendingLength = 0;
  let lineNo = 1;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl < 0) break;
      const part = chunk.subarray(start, nl);
      if (pendingLength + part.length > maxLine) throw new BundleError(lineNo, undefined, `行长超过 ${maxLine} 字节`, `longer than ${maxLine} bytes`);
      const bytes = pending.length === 0 ? part : Buffer.concat([...pending, part]);
      pending = [];
      pendingLength = 0;
      yield { bytes, terminated: true };
      lineNo++;
      start = nl + 1;
    }
    const rest = chunk.subarray(start);
    if (pendingLength + rest.length > maxLine) throw new BundleError(lineNo, undefined, `行长超过 ${maxLine} 字节`, `longer than ${maxLine} bytes`);
    if (rest.length > 0) {
      pending.push(Buffer.from(rest));
      pendingLength += rest.length;
    }
  }
  if (pendingLength > 0) yield { bytes: Buffer.concat(pending), terminated: false };
}

export interface VerifiedBundle {
  readonly header: BundleHeader;
  readonly trailer: BundleTrailer;
  /** sha256 of the file's bytes. */
  readonly sha256: string;
  readonly rows: Readonly<Record<string, number>>;
}

const HASH_LINE = /^[0-9a-f]{64} /;

/**
 * Checks everything a province must before applying a bundle: every line's chain hash, the JSON,
 * the county's audit chain from genesis to the stated head, the order of tables, the signed end
 * line with the key `publicKeyFor(county)` returns, and that nothing follows it.
 */
export async function verifyBundle(file: string, publicKeyFor: (header: BundleHeader) => Promise<string>, opts: { maxLineBytes?: number } = {}): Promise<VerifiedBundle> {
  const fileHash = createHash('sha256');
  let chain = CHAIN_START;
  let lineNo = 0;
  let header: BundleHeader | undefined;
  let trailer: BundleTrailer | undefined;
  let auditSeq = 0;
  let auditHash = GENESIS_HASH;
  let tableIndex = -1;
  let lastEntry: string | undefined;
  const rows: Record<string, number> = {};
  for await (const { bytes, terminated } of rawLines(file, opts.maxLineBytes ?? MAX_LINE_BYTES)) {
    lineNo++;
    fileHash.update(bytes);
    if (terminated) fileHash.update('\n');
    if (trailer) throw new BundleError(lineNo, undefined, '签名结束行之后还有内容', 'content after the signed end line');
    const text = bytes.toString('utf8');
    if (text.startsWith('end ')) {
      if (!terminated) throw new BundleError(lineNo, 'end', '结束行不完整（文件被截断）', 'the end line is incomplete (the file was truncated)');
      trailer = parseTrailer(lineNo, text.slice(4));
      continue;
    }
    if (!terminated) throw new BundleError(lineNo, describeEntry(text.slice(65)), '行不完整（文件被截断）', 'the line is incomplete (the file was truncated)');
    if (!HASH_LINE.test(text)) throw new BundleError(lineNo, undefined, '不是上报文件的行（应为 64 位散列、空格、内容）', 'not a report line (expected a 64-digit hash, a space, the content)');
    const content = bytes.subarray(65);
    chain = createHash('sha256').update(chain, 'utf8').update('\n', 'utf8').update(content).digest('hex');
    const entryText = content.toString('utf8');
    if (chain !== text.slice(0, 64)) {
      throw new BundleError(lineNo, describeEntry(entryText), '散列链断裂：本行被改动，或其前有行被删改', 'the hash chain breaks here: this line was altered, or a line before it was removed or altered');
    }
    let value: unknown;
    try {
      value = JSON.parse(entryText);
    } catch {
      throw new BundleError(lineNo, undefined, '内容不是 JSON', 'the content is not JSON');
    }
    if (lineNo === 1) {
      header = checkHeader(value);
      continue;
    }
    const e = value as BundleEntry;
    if (typeof e?.t !== 'string' || typeof e.r !== 'object' || e.r === null) throw new BundleError(lineNo, undefined, '条目应有 t 与 r', 'an entry has t and r');
    lastEntry = describeEntry(entryText);
    rows[e.t] = (rows[e.t] ?? 0) + 1;
    if (e.t === 'audit_log') {
      if (tableIndex >= 0) throw new BundleError(lineNo, lastEntry, '审计日志条目出现在数据表之后', 'an audit entry after the tables');
      const r = e.r as { seq: number; prev_hash: string; hash: string };
      if (Number(r.seq) !== auditSeq + 1) throw new BundleError(lineNo, lastEntry, `审计日志缺少第 ${auditSeq + 1} 条`, `audit_log seq ${auditSeq + 1} is missing`);
      if (r.prev_hash !== auditHash) throw new BundleError(lineNo, lastEntry, '审计日志链断裂（prev_hash 不符）', 'the audit chain breaks (prev_hash does not match)');
      if (entryHash(r as never) !== r.hash) throw new BundleError(lineNo, lastEntry, '审计日志条目的散列与内容不符', 'the audit entry’s hash does not match its content');
      auditSeq++;
      auditHash = r.hash;
      continue;
    }
    if (tableIndex < 0) {
      if (auditSeq !== header!.head.seq || auditHash !== header!.head.hash) throw new BundleError(lineNo, lastEntry, `审计日志止于第 ${auditSeq} 条，与文件头所述链头 ${header!.head.seq} 不符`, `the audit log ends at seq ${auditSeq}, not at the head ${header!.head.seq} the header states`);
    }
    const idx = header!.tables.findIndex((t) => t.table === e.t);
    if (idx < 0) throw new BundleError(lineNo, lastEntry, `文件头未列出表 ${e.t}`, `table ${e.t} is not listed in the header`);
    if (idx < tableIndex) throw new BundleError(lineNo, lastEntry, `表 ${e.t} 的顺序与文件头不符`, `table ${e.t} is out of the header’s order`);
    tableIndex = idx;
  }
  if (!header) throw new BundleError(1, undefined, '文件为空', 'the file is empty');
  if (!trailer) throw new BundleError(lineNo + 1, undefined, `文件被截断：第 ${lineNo} 行${lastEntry ? `（${lastEntry}）` : ''}之后没有签名结束行`, `truncated: no signed end line after line ${lineNo}${lastEntry ? ` (${lastEntry})` : ''}`);
  if (tableIndex < 0 && (auditSeq !== header.head.seq || auditHash !== header.head.hash)) {
    throw new BundleError(lineNo, 'end', `审计日志止于第 ${auditSeq} 条，与文件头所述链头 ${header.head.seq} 不符`, `the audit log ends at seq ${auditSeq}, not at the head ${header.head.seq} the header states`);
  }
  if (trailer.lines !== lineNo - 1 || trailer.hash !== chain) {
    throw new BundleError(lineNo, 'end', `结束行所述（${trailer.lines} 行）与文件内容（${lineNo - 1} 行）不符`, `the end line states ${trailer.lines} lines and a final hash that do not match the ${lineNo - 1} lines before it`);
  }
  const key = await publicKeyFor(header);
  if (!verifySignature(trailer, key)) throw new BundleError(lineNo, 'end', `签名无效：不是 ${header.county} 登记的密钥所签`, `bad signature: not signed with the key registered for ${header.county}`);
  return { header, trailer, sha256: fileHash.digest('hex'), rows };
}

function checkHeader(v: unknown): BundleHeader {
  const h = v as Partial<BundleHeader>;
  if (h?.format !== BUNDLE_FORMAT) throw new BundleError(1, 'header', '不是 landplan 上报文件', 'not a landplan report bundle');
  if (h.formatVersion !== BUNDLE_FORMAT_VERSION) throw new BundleError(1, 'header', `格式版本 ${String(h.formatVersion)} 不受支持`, `format version ${String(h.formatVersion)} is not supported`);
  if (typeof h.county !== 'string' || !/^\d{6}$/.test(h.county)) throw new BundleError(1, 'header', '文件头缺少县级代码', 'the header has no county code');
  if (typeof h.head?.seq !== 'number' || typeof h.head.hash !== 'string' || !Array.isArray(h.tables)) throw new BundleError(1, 'header', '文件头不完整', 'the header is incomplete');
  return h as BundleHeader;
}

function parseTrailer(lineNo: number, text: string): BundleTrailer {
  try {
    const t = JSON.parse(text) as Partial<BundleTrailer>;
    // Only the exact bytes the writer produces: a lenient reader (base64 ignores stray characters,
    // JSON ignores spaces) would let a changed byte through.
    if (typeof t.lines === 'number' && typeof t.hash === 'string' && typeof t.signature === 'string' && JSON.stringify({ lines: t.lines, hash: t.hash, signature: t.signature }) === text && Buffer.from(t.signature, 'base64').toString('base64') === t.signature) {
      return t as BundleTrailer;
    }
  } catch {
    // fall through
  }
  throw new BundleError(lineNo, 'end', '签名结束行无法读取', 'the signed end line cannot be read');
}

/**
 * The entries of a verified bundle, in order (the header skipped). The chain is checked again as
 * the lines are read, and must end at `finalHash` (the verified, signed one): a file changed
 * between verifying and applying throws, and the caller's transaction rolls back.
 */
export async function* bundleEntries(file: string, finalHash: string, opts: { maxLineBytes?: number } = {}): AsyncGenerator<BundleEntry> {
  let lineNo = 0;
  let chain = CHAIN_START;
  for await (const { bytes } of rawLines(file, opts.maxLineBytes ?? MAX_LINE_BYTES)) {
    lineNo++;
    const text = bytes.toString('utf8');
    if (text.startsWith('end ')) {
      if (chain !== finalHash) throw new BundleError(lineNo, 'end', '文件在校验之后被改动', 'the file changed after it was verified');
      return;
    }
    const content = bytes.subarray(65);
    chain = createHash('sha256').update(chain, 'utf8').update('\n', 'utf8').update(content).digest('hex');
    if (chain !== text.slice(0, 64)) throw new BundleError(lineNo, describeEntry(content.toString('utf8')), '文件在校验之后被改动', 'the file changed after it was verified');
    if (lineNo === 1) continue;
    yield JSON.parse(content.toString('utf8')) as BundleEntry;
  }
  throw new BundleError(lineNo + 1, undefined, '文件在校验之后被截断', 'the file was truncated after it was verified');
}
