/**
 * Attribute encodings of county files (DOMAIN §8): commonly GBK, sometimes GB18030 or UTF-8; the
 * .cpg is often missing or odd. Precedence: explicit option > .cpg > DBF language id (LDID, except
 * 87 "ANSI", which says nothing) > detection (valid UTF-8 else GBK). The decision and its source
 * are reported to the user.
 */
import iconv from 'iconv-lite';

export type TextEncodingName = 'utf-8' | 'gbk' | 'gb18030' | 'big5' | 'windows-1252' | 'ibm437' | 'ibm850';
export type EncodingSource = 'explicit' | 'cpg' | 'ldid' | 'detected';

export interface EncodingDecision {
  readonly encoding: TextEncodingName;
  readonly source: EncodingSource;
  readonly detail: string;
}

/** Normalises a label ("CP936", "936", "GB2312", "UTF8", "65001", "ANSI 936" …) or returns undefined. */
export function normaliseEncodingLabel(label: string): TextEncodingName | undefined {
  const l = label.trim().toLowerCase().replace(/^ansi[\s_]*/, '').replace(/[\s_-]/g, '');
  if (['utf8', '65001', 'utf'].includes(l)) return 'utf-8';
  if (['gbk', 'cp936', '936', 'gb2312', 'euccn', 'chinese', 'windows936', 'ms936', 'x-gbk', 'xgbk'].includes(l)) return 'gbk';
  if (['gb18030', '54936'].includes(l)) return 'gb18030';
  if (['big5', 'cp950', '950'].includes(l)) return 'big5';
  if (['1252', 'cp1252', 'windows1252', 'latin1', 'iso88591'].includes(l)) return 'windows-1252';
  if (['437', 'cp437', 'ibm437'].includes(l)) return 'ibm437';
  if (['850', 'cp850', 'ibm850'].includes(l)) return 'ibm850';
  return undefined;
}

/** DBF language driver ids (byte 29) that name a code page. 0x57 (87) is ESRI's "ANSI": ignored. */
const LDID: Readonly<Record<number, TextEncodingName>> = {
  0x01: 'ibm437',
  0x02: 'ibm850',
  0x03: 'windows-1252',
  0x4d: 'gbk',
  0x4f: 'big5',
  0x7a: 'gbk',
};

export function encodingFromLdid(ldid: number): TextEncodingName | undefined {
  return LDID[ldid];
}

/** Whether the bytes are valid UTF-8 (pure ASCII counts as valid). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function hasNonAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return true;
  return false;
}

export interface EncodingInputs {
  readonly explicit?: string;
  readonly cpg?: string;
  /** Which file the code page came from: ".cpg" (default) or ".cst". */
  readonly cpgFile?: string;
  readonly ldid?: number;
  /** Lazily gives the text bytes for detection (only read when needed). */
  readonly sample?: () => Promise<Uint8Array>;
}

export async function decideEncoding(file: string, inputs: EncodingInputs): Promise<EncodingDecision> {
  if (inputs.explicit !== undefined) {
    const e = normaliseEncodingLabel(inputs.explicit);
    if (!e) throw new Error(`${file}: 不支持的编码 "${inputs.explicit}" / unsupported encoding "${inputs.explicit}"`);
    return { encoding: e, source: 'explicit', detail: `--encoding ${inputs.explicit}` };
  }
  if (inputs.cpg !== undefined && inputs.cpg.trim() !== '') {
    const e = normaliseEncodingLabel(inputs.cpg);
    if (e) return { encoding: e, source: 'cpg', detail: `${inputs.cpgFile ?? '.cpg'} "${inputs.cpg.trim()}"` };
  }
  if (inputs.ldid !== undefined && inputs.ldid !== 0x57) {
    const e = encodingFromLdid(inputs.ldid);
    if (e) return { encoding: e, source: 'ldid', detail: `DBF LDID 0x${inputs.ldid.toString(16).padStart(2, '0')}` };
  }
  const bytes = inputs.sample ? await inputs.sample() : new Uint8Array();
  if (isValidUtf8(bytes)) {
    return { encoding: 'utf-8', source: 'detected', detail: hasNonAscii(bytes) ? 'valid UTF-8' : 'ASCII only' };
  }
  return { encoding: 'gbk', source: 'detected', detail: 'not valid UTF-8, read as GBK (project policy)' };
}

/**
 * A strict decoder: UTF-8 rejects invalid bytes; GBK/GB18030 reject bytes that decode to U+FFFD
 * (what iconv-lite emits for sequences that are not GBK), so a mismatched encoding stops the
 * import instead of storing garbled names.
 */
export function strictDecoder(encoding: TextEncodingName): (bytes: Uint8Array) => string {
  if (encoding === 'utf-8') {
    const d = new TextDecoder('utf-8', { fatal: true });
    return (b) => d.decode(b);
  }
  return (b) => {
    const s = iconv.decode(Buffer.from(b.buffer, b.byteOffset, b.byteLength), encoding);
    if (s.includes('\ufffd')) throw new RangeError(`bytes are not valid ${encoding}`);
    return s;
  };
}

/**
 * Encodes text; a character the code page cannot hold (GBK has no "•" or "𠮷") throws instead of
 * silently becoming "?", so a writer never produces the garbling we exist to prevent.
 */
export function encodeText(text: string, encoding: TextEncodingName): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  const bytes = iconv.encode(text, encoding);
  if (bytes.includes(0x3f) && iconv.decode(bytes, encoding) !== text) {
    const bad = [...text].find((ch) => iconv.decode(iconv.encode(ch, encoding), encoding) !== ch);
    throw new RangeError(`"${bad ?? '?'}" 无法用 ${encoding} 编码，请改用 UTF-8 / "${bad ?? '?'}" cannot be encoded in ${encoding}; write UTF-8 instead`);
  }
  return bytes;
}
