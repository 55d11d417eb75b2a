/**
 * Reads a plan document into text: .txt in UTF-8 (with or without BOM), UTF-16 with BOM, or
 * GB18030/GBK (detected: bytes that are not valid UTF-8 are read as GB18030, its superset);
 * .docx through mammoth's raw-text extraction.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { ArchiveTooLarge, checkArchive } from './archive.js';

export class UnreadableDocument extends Error {
  constructor(
    readonly path: string,
    reason: string,
    /** The document is too large to read (an archive that unpacks beyond the limits). */
    readonly tooLarge = false,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'UnreadableDocument';
  }
}

export const READABLE_EXTENSIONS = ['.txt', '.text', '.docx'];

export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

export async function readPlanDocument(path: string): Promise<{ text: string; encoding: string }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UnreadableDocument(path, code === 'ENOENT' ? '文件不存在 (no such file)' : `无法读取 (cannot read: ${code ?? 'error'})`);
  }
  return decodePlanDocument(bytes, path);
}

/** Decodes a plan document's bytes; `name` (a file name) says whether it is a .docx. */
export async function decodePlanDocument(bytes: Buffer, name: string): Promise<{ text: string; encoding: string }> {
  const path = name;
  const ext = extname(name).toLowerCase();
  if (ext === '.docx') {
    try {
      checkArchive(bytes);
    } catch (e) {
      if (e instanceof ArchiveTooLarge) {
        const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
        throw new UnreadableDocument(path, `压缩包内容解压后超过 ${mb(e.limit)}（${e.entry}），拒绝读取，疑为压缩炸弹 (the archive unpacks beyond ${mb(e.limit)} in ${e.entry}: refused as a possible decompression bomb)`, true);
      }
      throw new UnreadableDocument(path, '不是有效的 .docx 文件 (not a valid .docx file)');
    }
    try {
      const mammoth = await import('mammoth');
      const r = await mammoth.extractRawText({ buffer: bytes });
      return { text: r.value, encoding: 'docx' };
    } catch {
      throw new UnreadableDocument(path, '不是有效的 .docx 文件 (not a valid .docx file)');
    }
  }
  if (bytes.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004') throw new UnreadableDocument(path, '看起来是压缩包或 Office 文件，请使用 .docx 扩展名 (looks like a zip or Office file; name it .docx)');
  if (bytes.includes(0) && !(bytes[0] === 0xff || bytes[0] === 0xfe)) throw new UnreadableDocument(path, '不是文本文件 (binary file, not text)');
  return decodeText(bytes);
}
