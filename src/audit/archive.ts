/**
 * Bounds on a .docx (a zip archive) before anything unpacks it: the size each entry declares,
 * the size it actually inflates to, and the total. A decompression bomb (a 150 KB file whose
 * word/document.xml unpacks to 50 MB) is refused before mammoth sees it. The actual sizes are
 * measured by inflating in small steps and stopping at the bound, so the check itself never holds
 * more than one step of output.
 */
import { Unzip, UnzipInflate, unzipSync } from 'fflate';

export interface ArchiveLimits {
  /** Largest unpacked size of one entry, in bytes. */
  readonly entryBytes: number;
  /** Largest unpacked size of all entries together, in bytes. */
  readonly totalBytes: number;
  /** Most entries. */
  readonly entries: number;
}

/** A plan's document.xml is a few hundred KB; these leave room for long plans with tables. */
export const DOCX_LIMITS: ArchiveLimits = { entryBytes: 16 * 1024 * 1024, totalBytes: 32 * 1024 * 1024, entries: 2000 };

export class ArchiveTooLarge extends Error {
  constructor(
    readonly entry: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`archive entry ${entry} unpacks to more than ${limit} bytes`);
    this.name = 'ArchiveTooLarge';
  }
}

/** Throws ArchiveTooLarge when an entry declares or inflates beyond the limits; other errors when it is not a zip. */
export function checkArchive(bytes: Uint8Array, limits: ArchiveLimits = DOCX_LIMITS): void {
  // Declared sizes, from the central directory (nothing is inflated: the filter refuses every entry).
  let declared = 0;
  let count = 0;
  unzipSync(bytes, {
    filter: (f) => {
      count++;
      declared += f.originalSize;
      if (count > limits.entries) throw new ArchiveTooLarge(`(${count} entries)`, count, limits.entries);
      if (f.originalSize > limits.entryBytes) throw new ArchiveTooLarge(f.name, f.originalSize, limits.entryBytes);
      if (declared > limits.totalBytes) throw new ArchiveTooLarge('(all entries)', declared, limits.totalBytes);
      return false;
    },
  });
  // Actual sizes: inflate in 1 KB steps (at most about 1 MB of output each) and stop at the bound.
  let total = 0;
  let stop: ArchiveTooLarge | undefined;
  const unzip = new Unzip((file) => {
    let size = 0;
    file.ondata = (err, chunk) => {
      if (err || stop) return;
      size += chunk.length;
      total += chunk.length;
      if (size > limits.entryBytes) stop = new ArchiveTooLarge(file.name, size, limits.entryBytes);
      else if (total > limits.totalBytes) stop = new ArchiveTooLarge('(all entries)', total, limits.totalBytes);
      if (stop) file.terminate();
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  const STEP = 1024;
  for (let at = 0; at < bytes.length && !stop; at += STEP) unzip.push(bytes.subarray(at, Math.min(bytes.length, at + STEP)), at + STEP >= bytes.length);
  if (stop) throw stop;
}
