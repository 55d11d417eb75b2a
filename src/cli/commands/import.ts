/**
 * `landplan import FILE [--crs EPSG:n] [--encoding GBK] --out FILE.geojson`
 * Reads a parcel file (shapefile/zip, GeoJSON, FlatGeobuf, CSV, xlsx), reports how it decided the
 * CRS, the encoding and the columns, and writes GeoJSON in EPSG:4490: each feature's properties
 * hold the original attributes under their original names, the mapped parcel fields, and
 * `area_m2` (ellipsoidal, CGCS2000, rounded to 0.01 m²). Nothing is written unless every record
 * reads cleanly. Without --out the parcels go into the register (`--jurisdiction CODE`), in one
 * transaction: an invalid geometry or a bad record stops the import and nothing is written.
 */
import type { Command } from 'commander';
import type { ParcelFeature, ParcelFields } from '../../domain/parcel.js';
import { GeoFormatError, openParcelFile, writeGeoJson, type OutFeature, type ParcelSource } from '../../geo/formats/index.js';
import { ellipsoidalArea } from '../../geo/area.js';
import { createProgress } from '../../geo/progress.js';
import { repairGeometry, validateGeometry } from '../../geo/validity.js';
import { importParcels } from '../../services/import-parcels.js';
import { UserError } from '../user-error.js';
import { withRegister } from './db.js';

interface ImportOptions {
  crs?: string;
  encoding?: string;
  out?: string;
  repair?: boolean;
  jurisdiction?: string;
  actor?: string;
}

/** At most this many validity lines are printed; the rest are counted. */
const MAX_ISSUE_LINES = 50;

/** Mapped fields as JSON values (Area and decimals as exact strings). */
export function fieldsToJson(fields: ParcelFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    out[k] = typeof v === 'object' && v !== null && 'toJSON' in v ? (v as { toJSON(): unknown }).toJSON() : typeof v === 'object' ? String(v) : v;
  }
  return out;
}

export function featureProperties(f: ParcelFeature): Record<string, unknown> {
  const props: Record<string, unknown> = { ...f.attributes };
  for (const [k, v] of Object.entries(fieldsToJson(f.fields))) props[k in props ? `parcel.${k}` : k] = v;
  props.area_m2 = f.areaM2 === null ? null : Math.round(f.areaM2 * 100) / 100;
  return props;
}

export function describeSource(src: ParcelSource): string[] {
  const lines = [`格式 format: ${src.format}${src.count !== undefined ? ` (${src.count} 条 records)` : ''}`];
  lines.push(`坐标系 CRS: ${src.crs.crs.name} — 依据 decided by ${src.crs.source}: ${src.crs.detail}`);
  if (src.encoding) lines.push(`编码 encoding: ${src.encoding.encoding} — 依据 decided by ${src.encoding.source}: ${src.encoding.detail}`);
  if (src.samples?.length) lines.push(`样例 samples: ${src.samples.join('; ')}`);
  lines.push(`已映射字段 mapped: ${src.columns.mapped.map((m) => `${m.column}→${m.field}${m.unit ? `(${m.unit})` : ''}`).join(', ') || '—'}`);
  lines.push(`未映射字段 unmapped (kept as attributes): ${src.columns.unmapped.join(', ') || '—'}`);
  return lines;
}

function userError(e: unknown): never {
  if (e instanceof GeoFormatError) throw new UserError(`${e.message}；未导入任何数据 / nothing was imported`);
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOSPC') {
    throw new UserError(`无法写出文件 / cannot write the output: ${(e as Error).message}`);
  }
  throw e;
}

export function registerImport(program: Command, exit: (code: number) => void): void {
  program
    .command('import')
    .argument('<file>', 'parcel file: .shp (with .dbf/.prj/.cpg) or .zip, .geojson, .fgb, .csv, .xlsx')
    .option('--crs <epsg>', 'source CRS when the file does not say, e.g. EPSG:4514')
    .option('--encoding <label>', 'attribute encoding, e.g. GBK, GB18030, UTF-8')
    .option('--out <file.geojson>', 'write GeoJSON (EPSG:4490) instead of importing into the register')
    .option('--repair', 'repair invalid geometries (close rings, drop repeated points and spikes, orient, rebuild self-intersections) and list every change')
    .option('--jurisdiction <code>', 'administrative code of the county the parcels belong to (when importing into the register)')
    .option('--actor <user>', 'who imports, for the audit log', process.env.USER ?? 'cli')
    .description('import parcels (宗地) with their geometry: reprojected to CGCS2000, areas measured on the ellipsoid')
    .action(async (file: string, opts: ImportOptions) => {
      if (!opts.out && !opts.jurisdiction) {
        throw new UserError('导入登记库须指定 --jurisdiction 行政区代码（或用 --out FILE.geojson 输出文件） / give --jurisdiction CODE to import into the register, or --out FILE.geojson');
      }
      const readOpts = { ...(opts.crs ? { crs: opts.crs } : {}), ...(opts.encoding ? { encoding: opts.encoding } : {}) };
      let src: ParcelSource;
      try {
        src = await openParcelFile(file, readOpts);
      } catch (e) {
        userError(e);
      }
      for (const line of describeSource(src)) process.stderr.write(`${line}\n`);
      const progress = createProgress('导入 importing', src.count);
      let total = 0;
      let n = 0;
      let issues = 0;
      const report = (line: string) => {
        if (issues++ < MAX_ISSUE_LINES) process.stderr.write(`${line}\n`);
      };
      const toRegister = !opts.out;
      async function* checked(): AsyncGenerator<ParcelFeature> {
        for await (const raw of src) {
          let f = raw;
          const id = f.fields.parcelNumber ?? `#${f.recordIndex + 1}`;
          if (opts.repair) {
            const r = repairGeometry(id, f.geometry);
            for (const c of r.changes) report(`修复 repaired: ${c.message.zh} / ${c.message.en}`);
            if (r.changes.length) f = { ...f, geometry: r.geometry, areaM2: r.geometry ? ellipsoidalArea(r.geometry) : null };
          }
          for (const i of validateGeometry(id, f.geometry)) {
            if (i.kind === 'wrong-orientation') continue; // harmless for areas; --repair fixes it
            const at = i.location ? ` @ ${i.location[0].toFixed(7)},${i.location[1].toFixed(7)}` : '';
            const line = `${i.severity === 'error' ? '几何错误 invalid' : '几何警告 warning'}: ${i.message.zh} / ${i.message.en}${at}`;
            // The register holds only valid parcels: an invalid one stops the import (the transaction rolls back).
            if (toRegister && i.severity === 'error') throw new UserError(`${file}: ${line}；未导入任何数据，可加 --repair 修复 / nothing was imported; --repair fixes it`);
            report(line);
          }
          total += f.areaM2 ?? 0;
          n++;
          progress.tick(n);
          yield f;
        }
      }
      async function* features(): AsyncGenerator<OutFeature> {
        for await (const f of checked()) yield { geometry: f.geometry, properties: featureProperties(f) };
      }
      if (opts.out) {
        try {
          await writeGeoJson(opts.out, features());
        } catch (e) {
          userError(e);
        }
      } else {
        const jurisdictionCode = opts.jurisdiction!;
        try {
          await withRegister(async (store) => {
            const r = await importParcels(store, { jurisdictionCode, source: file, features: checked(), actor: opts.actor ?? 'cli' });
            progress.finish(n);
            process.stdout.write(`已导入登记库 ${r.count} 宗（导入批次 ${r.importId}），椭球面积合计 ${total.toFixed(2)} m² / imported ${r.count} parcels into the register (import ${r.importId}), ellipsoidal area ${total.toFixed(2)} m²\n`);
          });
        } catch (e) {
          userError(e);
        }
        exit(0);
        return;
      }
      progress.finish(n);
      if (issues > MAX_ISSUE_LINES) process.stderr.write(`… 另有 ${issues - MAX_ISSUE_LINES} 条几何问题 / ${issues - MAX_ISSUE_LINES} more geometry messages\n`);
      process.stdout.write(`已导入 ${n} 宗，椭球面积合计 ${total.toFixed(2)} m² → ${opts.out} / imported ${n} parcels, ellipsoidal area ${total.toFixed(2)} m² → ${opts.out}\n`);
      exit(0);
    });
}
