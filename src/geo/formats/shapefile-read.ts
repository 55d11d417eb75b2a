/**
 * Reads a parcel shapefile (.shp + .dbf, with .shx/.prj/.cpg when present), or a .zip holding one.
 * Everything that can be checked before the first feature is checked first: sizes against the
 * format's 2 GB limit, the .shp length, every record header, the .dbf record count against its
 * size and against the .shp, the encoding and the CRS. Records then stream one at a time.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { unzipSync } from 'fflate';
import type { ParcelFeature } from '../../domain/parcel.js';
import { CrsError, crsFromCoordinates, toLonLatFn } from '../crs.js';
import { decideCrs } from './crs-decision.js';
import { decodeFields, dbfTextSample, parseDbfRecord, readDbfHeader, type DbfHeader } from './dbf.js';
import { decideEncoding, hasNonAscii, isValidUtf8, strictDecoder, type EncodingDecision } from './encoding.js';
import { GeoFormatError } from './errors.js';
import { buildFeature } from './feature.js';
import { mapColumns } from './field-map.js';
import { assembleRings } from './rings.js';
import { readShpHeader, readShpRecords } from './shp.js';
import { fileSource, memorySource, SequentialReader, type ByteSource } from './source.js';
import type { ParcelSource, ReadOptions } from './source-info.js';

/** The format's limit: 32-bit signed offsets (in 16-bit words for .shx, bytes in many readers). */
export const SHAPEFILE_MAX_BYTES = 2 * 1024 ** 3;

interface Parts {
  shp: ByteSource;
  dbf: ByteSource;
  prj?: string;
  cpg?: string;
  cpgFile?: string;
  close(): Promise<void>;
}

function sidecar(shpPath: string, ext: string): string | undefined {
  const dir = dirname(shpPath);
  const stem = basename(shpPath, extname(shpPath)).toLowerCase();
  const hit = readdirSync(dir).find((f) => f.toLowerCase() === `${stem}.${ext}`);
  return hit ? join(dir, hit) : undefined;
}

function checkSize(src: ByteSource): void {
  if (src.size > SHAPEFILE_MAX_BYTES) {
    throw new GeoFormatError(
      src.name,
      `文件大小 ${src.size} 字节超过 Shapefile 格式 2 GB 上限，请改用 GeoJSON 或 FlatGeobuf`,
      `${src.size} bytes exceeds the shapefile format's 2 GB limit; use GeoJSON or FlatGeobuf instead`,
    );
  }
}

async function openDiskParts(path: string, opts: ReadOptions): Promise<Parts> {
  const dbfPath = sidecar(path, 'dbf');
  if (!dbfPath) throw new GeoFormatError(path, '缺少同名 .dbf 属性文件', 'the .dbf attribute file next to it is missing');
  const prjPath = sidecar(path, 'prj');
  // Some Chinese GIS software writes the code page to a .cst instead of a .cpg.
  const cpgPath = sidecar(path, 'cpg') ?? sidecar(path, 'cst');
  const shp = await fileSource(path, opts.stat);
  const dbf = await fileSource(dbfPath, opts.stat);
  return {
    shp,
    dbf,
    ...(prjPath ? { prj: (await readFile(prjPath)).toString('latin1') } : {}),
    ...(cpgPath ? { cpg: (await readFile(cpgPath)).toString('latin1'), cpgFile: extname(cpgPath).toLowerCase() } : {}),
    close: async () => {
      await shp.close();
      await dbf.close();
    },
  };
}

async function openZipParts(path: string): Promise<Parts> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(new Uint8Array(await readFile(path)));
  } catch {
    throw new GeoFormatError(path, '不是有效的 zip 文件', 'not a valid zip file');
  }
  const names = Object.keys(entries);
  const shps = names.filter((n) => n.toLowerCase().endsWith('.shp') && !n.startsWith('__MACOSX'));
  if (shps.length !== 1) throw new GeoFormatError(path, `zip 内应恰有一个 .shp，实有 ${shps.length} 个`, `the zip must hold exactly one .shp, it holds ${shps.length}`);
  const stem = shps[0]!.slice(0, -4).toLowerCase();
  const get = (ext: string) => names.find((n) => n.toLowerCase() === `${stem}.${ext}`);
  const dbfName = get('dbf');
  if (!dbfName) throw new GeoFormatError(`${path}:${shps[0]}`, '缺少同名 .dbf 属性文件', 'the .dbf attribute file next to it is missing');
  const text = (n: string | undefined) => (n ? Buffer.from(entries[n]!).toString('latin1') : undefined);
  const prj = text(get('prj'));
  const cpgName = get('cpg') ?? get('cst');
  const cpg = text(cpgName);
  return {
    shp: memorySource(`${path}:${shps[0]}`, entries[shps[0]!]!),
    dbf: memorySource(`${path}:${dbfName}`, entries[dbfName]!),
    ...(prj !== undefined ? { prj } : {}),
    ...(cpg !== undefined && cpgName ? { cpg, cpgFile: extname(cpgName).toLowerCase() } : {}),
    close: async () => undefined,
  };
}

/** Walks the record headers once so a truncated record is found before anything is imported. */
async function countShpRecords(src: ByteSource): Promise<number> {
  const r = new SequentialReader(src, 100);
  let n = 0;
  while (r.position < src.size) {
    const head = await r.take(8);
    if (head.byteLength < 8) throw new GeoFormatError(src.name, '记录头不完整（文件被截断）', 'record header is truncated', n);
    const len = new DataView(head.buffer, head.byteOffset, 8).getInt32(4, false) * 2;
    if (len < 4 || r.position + len > src.size) throw new GeoFormatError(src.name, '记录内容超出文件末尾（文件被截断）', 'record content runs past the end of the file (truncated)', n);
    await r.take(len);
    n++;
  }
  return n;
}

export async function openShapefile(path: string, opts: ReadOptions = {}): Promise<ParcelSource> {
  if (!existsSync(path)) throw new GeoFormatError(path, '文件不存在', 'file not found');
  const parts = extname(path).toLowerCase() === '.zip' ? await openZipParts(path) : await openDiskParts(path, opts);
  try {
    checkSize(parts.shp);
    checkSize(parts.dbf);
    const shpHeader = await readShpHeader(parts.shp);
    const dbfHeader = await readDbfHeader(parts.dbf);
    const shpCount = await countShpRecords(parts.shp);
    if (shpCount !== dbfHeader.recordCount) {
      throw new GeoFormatError(
        parts.dbf.name,
        `.dbf 有 ${dbfHeader.recordCount} 条记录，.shp 有 ${shpCount} 条，二者必须一致`,
        `.dbf holds ${dbfHeader.recordCount} records, .shp holds ${shpCount}; they must match`,
      );
    }
    const encoding = await decideEncoding(parts.dbf.name, {
      ...(opts.encoding !== undefined ? { explicit: opts.encoding } : {}),
      ...(parts.cpg !== undefined ? { cpg: parts.cpg, ...(parts.cpgFile ? { cpgFile: parts.cpgFile } : {}) } : {}),
      ldid: dbfHeader.ldid,
      sample: () => dbfTextSample(parts.dbf, dbfHeader),
    });
    if (encoding.source === 'cpg' || encoding.source === 'ldid') await checkDeclaredEncoding(parts.dbf, dbfHeader, encoding);
    const decode = strictDecoder(encoding.encoding);
    const fields = decodeFields(parts.dbf, dbfHeader, decode);
    if (!opts.crs && (parts.prj === undefined || parts.prj.trim() === '') && !shpHeader.bbox.every(Number.isFinite)) {
      await stopAtFirstNonFinite(parts.shp);
    }
    let crs;
    try {
      crs = decideCrs(parts.shp.name, opts, parts.prj, () => shpHeader.bbox);
    } catch (e) {
      // The extent fits no CRS: find the record responsible (mixed zones, a stray point), if one is.
      if (e instanceof GeoFormatError && !opts.crs && (parts.prj === undefined || parts.prj.trim() === '')) await stopAtFirstMisfit(parts.shp);
      throw e;
    }
    const columns = mapColumns(
      fields.map((f) => f.name),
      {
        cut: new Set(fields.filter((f) => f.cut).map((f) => f.name)),
        renamed: new Map(fields.flatMap((f) => (f.duplicateOf !== undefined ? [[f.name, f.duplicateOf] as const] : []))),
      },
    );
    const samples = await firstTextValues(parts.dbf, dbfHeader, fields, decode);
    const ctx = { file: parts.shp.name, toLonLat: toLonLatFn(crs.crs), columns, crsName: crs.crs.name };
    const dbfSrc = parts.dbf;
    async function* iterate(): AsyncGenerator<ParcelFeature> {
      const dbfReader = new SequentialReader(dbfSrc, dbfHeader.headerLength);
      try {
        for await (const rec of readShpRecords(parts.shp)) {
          const bytes = await dbfReader.take(dbfHeader.recordLength);
          if (bytes.byteLength < dbfHeader.recordLength) throw new GeoFormatError(dbfSrc.name, '记录不完整', 'record is truncated', rec.index);
          // A record flagged deleted ("*") in the .dbf is not a parcel (ArcGIS, QGIS and GDAL skip it too).
          if (bytes[0] === 0x2a) continue;
          const attributes = parseDbfRecord(dbfSrc, fields, bytes, rec.index, decode);
          const geometry = rec.rings ? assembleRings(rec.rings) : null;
          yield buildFeature(ctx, rec.index, geometry, attributes);
        }
      } finally {
        await parts.close();
      }
    }
    return { file: path, format: 'shapefile', crs, encoding, columns, count: shpCount, samples, [Symbol.asyncIterator]: iterate };
  } catch (e) {
    await parts.close();
    throw e;
  }
}

/**
 * Decides each record's CRS from its own extent and stops at the first record that fits none, or
 * fits a different one than record 1 (e.g. two Gauss-Krüger zones mixed in one file).
 */
async function stopAtFirstMisfit(src: ByteSource): Promise<void> {
  let first: { epsg: number | null; name: string } | undefined;
  for await (const rec of readShpRecords(src)) {
    const pts = (rec.rings ?? []).flat();
    if (pts.length === 0) continue;
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    const bbox = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] as const;
    let crs: { epsg: number | null; name: string };
    try {
      crs = crsFromCoordinates(bbox).crs;
    } catch (e) {
      if (e instanceof CrsError) throw new GeoFormatError(src.name, e.zh, e.en, rec.index);
      throw e;
    }
    if (!first) first = crs;
    else if (crs.epsg !== first.epsg) {
      throw new GeoFormatError(
        src.name,
        `坐标属于 ${crs.name}，而第 1 条属于 ${first.name}：一个文件中混有不同坐标系（分带）`,
        `coordinates are in ${crs.name} but record 1 is in ${first.name}: one file mixes CRSs (zones)`,
        rec.index,
      );
    }
  }
}

/** The header extent is NaN/Infinity: name the record that made it so, rather than the extent. */
async function stopAtFirstNonFinite(src: ByteSource): Promise<void> {
  for await (const rec of readShpRecords(src)) {
    for (const ring of rec.rings ?? []) {
      for (const [x, y] of ring) {
        if (!Number.isFinite(x) || !Number.isFinite(y)) {
          throw new GeoFormatError(src.name, `坐标 (${x}, ${y}) 不是有限数值（NaN 或无穷大）`, `coordinate (${x}, ${y}) is not finite (NaN or Infinity)`, rec.index);
        }
      }
    }
  }
}

/**
 * A .cpg or LDID that names a legacy code page over bytes that are valid UTF-8 is almost always
 * wrong: Chinese text in GBK is practically never valid UTF-8, while UTF-8 read as GBK decodes to
 * plausible-looking nonsense without any error. So that case stops, naming the first record with
 * non-ASCII text, instead of importing garbled names.
 */
async function checkDeclaredEncoding(src: ByteSource, header: DbfHeader, encoding: EncodingDecision): Promise<void> {
  if (encoding.encoding === 'utf-8') return;
  const sample = await dbfTextSample(src, header);
  if (!hasNonAscii(sample) || !isValidUtf8(sample)) return;
  const r = new SequentialReader(src, header.headerLength);
  let record = 0;
  for (; record < header.recordCount; record++) if (hasNonAscii(await r.take(header.recordLength))) break;
  throw new GeoFormatError(
    src.name,
    `${encoding.detail} 声明为 ${encoding.encoding}，但属性内容是有效的 UTF-8（编码不一致）；请用 --encoding 指定`,
    `${encoding.detail} declares ${encoding.encoding} but the attribute bytes are valid UTF-8 (mismatched encodings); pass --encoding`,
    record < header.recordCount ? record : undefined,
  );
}

async function firstTextValues(
  src: ByteSource,
  header: Awaited<ReturnType<typeof readDbfHeader>>,
  fields: ReturnType<typeof decodeFields>,
  decode: (b: Uint8Array) => string,
): Promise<string[]> {
  const out: string[] = [];
  const r = new SequentialReader(src, header.headerLength, 64 << 10);
  for (let i = 0; i < Math.min(3, header.recordCount); i++) {
    const rec = parseDbfRecord(src, fields, await r.take(header.recordLength), i, decode);
    for (const f of fields) {
      const v = rec[f.name];
      if (typeof v === 'string' && /[^\x00-\x7f]/.test(v) && out.length < 5) out.push(`${f.name}=${v}`);
    }
  }
  return out;
}
