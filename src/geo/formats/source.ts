/**
 * Byte sources: a file on disk (read in chunks, never whole) or bytes in memory (a zip member).
 * `SequentialReader` reads a source front to back with a bounded buffer, so a 1 000 000-record
 * shapefile streams in constant memory.
 */
import { open, stat as fsStat, readFile } from 'node:fs/promises';

export interface ByteSource {
  /** Name shown in messages (the file path, or "archive.zip:parcels.dbf"). */
  readonly name: string;
  readonly size: number;
  read(position: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** `stat` is injectable so tests can fake a 3 GB file without writing one. */
export type StatFn = (path: string) => Promise<{ size: number }>;

export async function fileSource(path: string, stat: StatFn = fsStat): Promise<ByteSource> {
  const { size } = await stat(path);
  const fh = await open(path, 'r');
  return {
    name: path,
    size,
    read: async (position, length) => {
      const buf = Buffer.allocUnsafe(length);
      const { bytesRead } = await fh.read(buf, 0, length, position);
      return buf.subarray(0, bytesRead);
    },
    close: () => fh.close(),
  };
}

export function memorySource(name: string, bytes: Uint8Array): ByteSource {
  return {
    name,
    size: bytes.byteLength,
    read: async (position, length) => bytes.subarray(position, Math.min(bytes.byteLength, position + length)),
    close: async () => undefined,
  };
}

export async function readWholeText(path: string): Promise<Buffer> {
  return readFile(path);
}

export class SequentialReader {
  private buf: Uint8Array = new Uint8Array(0);
  private bufStart = 0;
  private pos: number;

  constructor(
    readonly source: ByteSource,
    start = 0,
    private readonly chunk = 1 << 20,
  ) {
    this.pos = start;
  }

  get position(): number {
    return this.pos;
  }

  /** Exactly `n` bytes from the current position, or fewer at the end of the source. */
  async take(n: number): Promise<Uint8Array> {
    const end = this.pos + n;
    if (this.pos < this.bufStart || end > this.bufStart + this.buf.byteLength) {
      const len = Math.max(n, this.chunk);
      this.buf = await this.source.read(this.pos, Math.min(len, Math.max(0, this.source.size - this.pos)));
      this.bufStart = this.pos;
    }
    const off = this.pos - this.bufStart;
    const out = this.buf.subarray(off, Math.min(off + n, this.buf.byteLength));
    this.pos += out.byteLength;
    return out;
  }
}
