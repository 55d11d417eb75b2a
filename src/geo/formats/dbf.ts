/**
 * dBASE III/IV attribute tables (.dbf) as shapefiles use them. Field names and text values are in
 * the file's code page (GBK for most county data), so the header is decoded only after the
 * encoding is decided. The header's record count is checked against the file size before any
 * record is read.
 */
import { GeoFormatError } from './errors.js';
import { SequentialReader, type ByteSource } from './source.js';

export interface DbfField {
  readonly name: string;
  readonly type: string;
  readonly length: number;
  readonly decimals: number;
  /** The file cut the name inside a character: `name` holds the whole characters before the cut. */
  readonly cut?: boolean;
  /** The name as read, when another field had it too and this one was renamed (`name` + "_2"). */
  readonly duplicateOf?: string;
}

/** dBASE keeps 10 bytes of a field name (11 with its terminator); writers cut longer names there. */
const NAME_BYTES = 10;

export interface DbfHeader {
  readonly recordCount: number;
  readonly headerLength: number;
  readonly recordLength: number;
  readonly ldid: number;
  /** Raw field name bytes (decoded once the encoding is known). */
  readonly rawFields: readonly { readonly nameBytes: Uint8Array; readonly type: string; readonly length: number; readonly decimals: number }[];
}

export type DbfValue = string | number | boolean | null;

export async function readDbfHeader(src: ByteSource): Promise<DbfHeader> {
  const head = await src.read(0, 32);
  if (head.byteLength < 32) throw new GeoFormatError(src.name, 'DBF 文件头不完整', 'DBF header is truncated');
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const recordCount = dv.getUint32(4, true);
  const headerLength = dv.getUint16(8, true);
  const recordLength = dv.getUint16(10, true);
  const ldid = head[29]!;
  const desc = await src.read(32, Math.max(0, headerLength - 32));
  const rawFields: { nameBytes: Uint8Array; type: string; length: number; decimals: number }[] = [];
  for (let o = 0; o + 32 <= desc.byteLength && desc[o] !== 0x0d; o += 32) {
    const nameRaw = desc.subarray(o, o + 11);
    const end = nameRaw.indexOf(0);
    rawFields.push({
      nameBytes: nameRaw.subarray(0, end < 0 ? 11 : end),
      type: String.fromCharCode(desc[o + 11]!),
      length: desc[o + 16]!,
      decimals: desc[o + 17]!,
    });
  }
  const sum = 1 + rawFields.reduce((s, f) => s + f.length, 0);
  if (sum !== recordLength) {
    throw new GeoFormatError(src.name, `DBF 字段长度之和 ${sum} 与记录长度 ${recordLength} 不符`, `DBF field lengths sum to ${sum}, record length says ${recordLength}`);
  }
  const expected = headerLength + recordCount * recordLength;
  // A trailing 0x1A end-of-file marker is optional.
  if (src.size !== expected && src.size !== expected + 1) {
    const held = Math.floor((src.size - headerLength) / Math.max(1, recordLength));
    throw new GeoFormatError(
      src.name,
      `DBF 文件头记录数为 ${recordCount}，但文件大小 ${src.size} 字节对应 ${held} 条记录（文件被截断或记录数错误）`,
      `DBF header says ${recordCount} records but its ${src.size} bytes hold ${held} (truncated file or wrong record count)`,
    );
  }
  return { recordCount, headerLength, recordLength, ldid, rawFields };
}

/**
 * The bytes of all text (C) fields, for encoding detection. Reads at most `maxBytes`, copied into
 * one buffer (not one small array per value: a million records would cost hundreds of MB of heap).
 */
export async function dbfTextSample(src: ByteSource, header: DbfHeader, maxBytes = 8 << 20): Promise<Uint8Array> {
  let out = new Uint8Array(64 << 10);
  let n = 0;
  const put = (b: Uint8Array) => {
    if (n + b.byteLength + 1 > out.byteLength) {
      const bigger = new Uint8Array(Math.max(out.byteLength * 2, n + b.byteLength + 1));
      bigger.set(out.subarray(0, n));
      out = bigger;
    }
    out.set(b, n);
    n += b.byteLength;
    out[n++] = 0x20;
  };
  // Field names count too: a GBK name with ASCII values must still be detected as GBK. A UTF-8
  // name cut inside a character must not make the file look like GBK: its broken tail is left out.
  for (const f of header.rawFields) put(f.nameBytes.byteLength >= NAME_BYTES ? wholeUtf8(f.nameBytes) : f.nameBytes);
  const text = header.rawFields.map((f, i) => ({ f, offset: 1 + header.rawFields.slice(0, i).reduce((a, g) => a + g.length, 0) })).filter((x) => x.f.type === 'C');
  if (text.length === 0) return out.subarray(0, n);
  const reader = new SequentialReader(src, header.headerLength);
  for (let r = 0; r < header.recordCount && n < maxBytes; r++) {
    const rec = await reader.take(header.recordLength);
    for (const { f, offset } of text) put(rec.subarray(offset, offset + f.length));
  }
  return out.subarray(0, n);
}

/** The bytes without a UTF-8 sequence cut short at the end (unchanged when the last character is whole). */
export function wholeUtf8(b: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(4, b.byteLength); back++) {
    const c = b[b.byteLength - back]!;
    if ((c & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > back ? b.subarray(0, b.byteLength - back) : b;
  }
  return b;
}

/**
 * Decodes the field names. A name of the full 10 bytes that does not decode only because its last
 * character was cut (GDAL cuts UTF-8 names at 10 bytes, splitting a 3-byte character) is read up
 * to its last whole character and marked `cut`. Names that repeat (two names cut to the same
 * start) get "_2", "_3" … so no column's values overwrite another's.
 */
export function decodeFields(src: ByteSource, header: DbfHeader, decode: (b: Uint8Array) => string): DbfField[] {
  const seen = new Set<string>();
  return header.rawFields.map((f, i) => {
    let name: string | undefined;
    let cut = false;
    try {
      name = decode(f.nameBytes).trim();
    } catch {
      for (let drop = 1; drop <= 3 && name === undefined && f.nameBytes.byteLength >= NAME_BYTES; drop++) {
        try {
          name = decode(f.nameBytes.subarray(0, f.nameBytes.byteLength - drop)).trim();
          cut = true;
        } catch {
          // not a cut character: try a shorter tail, then give up
        }
      }
      if (name === undefined) {
        throw new GeoFormatError(src.name, `第 ${i + 1} 个字段名不能按所选编码解码（编码不一致？）`, `field name ${i + 1} cannot be decoded in the chosen encoding (mismatched encoding?)`);
      }
    }
    let unique = name;
    for (let k = 2; seen.has(unique); k++) unique = `${name}_${k}`;
    seen.add(unique);
    return { name: unique, type: f.type, length: f.length, decimals: f.decimals, ...(cut ? { cut } : {}), ...(unique !== name ? { duplicateOf: name } : {}) };
  });
}

/** Up to 15 significant digits a double holds exactly (its shortest form gives them back). */
function fitsDouble(t: string): boolean {
  const digits = t.replace(/^[-+]?0*/, '').replace(/[eE].*$/, '').replace('.', '').replace(/^0+/, '');
  return digits.length <= 15;
}

function trimRight(b: Uint8Array): Uint8Array {
  let e = b.byteLength;
  while (e > 0 && (b[e - 1] === 0x20 || b[e - 1] === 0x00)) e--;
  let s = 0;
  while (s < e && b[s] === 0x20) s++;
  return b.subarray(s, e);
}

/** Parses one record into values keyed by field name. */
export function parseDbfRecord(
  src: ByteSource,
  fields: readonly DbfField[],
  rec: Uint8Array,
  index: number,
  decode: (b: Uint8Array) => string,
): Record<string, DbfValue> {
  const out: Record<string, DbfValue> = {};
  let o = 1;
  for (const f of fields) {
    const raw = trimRight(rec.subarray(o, o + f.length));
    o += f.length;
    if (f.type === 'C' || f.type === 'M') {
      try {
        out[f.name] = decode(raw);
      } catch {
        throw new GeoFormatError(src.name, '文本不能按所选编码解码（.cpg、LDID 与实际编码不一致？可用 --encoding 指定）', 'text cannot be decoded in the chosen encoding (.cpg/LDID disagree with the bytes? use --encoding)', index, f.name);
      }
    } else if (f.type === 'N' || f.type === 'F') {
      const t = String.fromCharCode(...raw);
      if (t === '' || /^\*+$/.test(t)) out[f.name] = null;
      else {
        const v = Number(t);
        if (!Number.isFinite(v)) throw new GeoFormatError(src.name, `数值 "${t}" 无效`, `invalid number "${t}"`, index, f.name);
        // More digits than a double holds (an N(19,11) area): keep the text, so nothing is rounded.
        out[f.name] = fitsDouble(t) ? v : t.trim();
      }
    } else if (f.type === 'D') {
      const t = String.fromCharCode(...raw);
      out[f.name] = /^\d{8}$/.test(t) ? `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}` : t === '' ? null : t;
    } else if (f.type === 'L') {
      const t = String.fromCharCode(...raw).toUpperCase();
      out[f.name] = 'YT'.includes(t) && t !== '' ? true : 'NF'.includes(t) && t !== '' ? false : null;
    } else {
      out[f.name] = String.fromCharCode(...raw);
    }
  }
  return out;
}
