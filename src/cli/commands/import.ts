/**
 * `landplan import FILE [--crs EPSG:n] [--encoding GBK] [--repair] (--out FILE.geojson | --jurisdiction CODE) [--json]`
 * Reads a parcel file (shapefile/zip, GeoJSON, FlatGeobuf, CSV, xlsx), reports how it decided the
 * CRS, the encoding and the columns, and writes GeoJSON in EPSG:4490: each feature's properties
 * hold the original attributes under their original names, the mapped parcel fields, and
 * `area_m2` (ellipsoidal, CGCS2000, rounded half-up to 0.01 m²). Nothing is written unless every
 * record reads cleanly. Without --out the parcels go into the register (`--jurisdiction CODE`), in
 * one transaction: a geometry the register refuses (services/import-parcels → checkParcelGeometry:
 * invalid, missing, or under 1 m²) or a bad record stops the import and nothing is written.
 *
 * With --json the report is one JSON object on stdout (ImportReport below) and nothing else is
 * printed; an error is still one line on stderr with exit code 2.
 */
import type { Command } from 'commander';
import { dec } from '../../domain/decimal.js';
import type { ParcelFeature, ParcelFields } from '../../domain/parcel.js';
import { GeoFormatError, openParcelFile, writeGeoJson, type ColumnReport, type OutFeature, type ParcelSource } from '../../geo/formats/index.js';
import { ellipsoidalArea } from '../../geo/area.js';
import { createProgress } from '../../geo/progress.js';
import { checkParcelGeometry, repairGeometry, type ValidityIssue } from '../../geo/validity.js';
import { importParcels, ParcelGeometryError } from '../../services/import-parcels.js';
import { UserError } from '../user-error.js';
import { withRegister } from './db.js';

interface ImportOptions {
  crs?: string;
  encoding?: string;
  out?: string;
  repair?: boolean;
  jurisdiction?: string;
  actor?: string;
  json?: boolean;
}

/** At most this many warning lines are printed, and at most MAX_JSON_WARNINGS kept for --json; the rest are counted. */
const MAX_ISSUE_LINES = 50;
const MAX_JSON_WARNINGS = 1000;

export interface ImportWarning {
  readonly kind: 'column' | 'geometry' | 'repair';
  /** Record index in the file (0-based), for geometry warnings and repairs. */
  readonly record?: number;
  readonly column?: string;
  readonly location?: readonly [number, number];
  readonly zh: string;
  readonly en: string;
}

/** What `landplan import --json` prints (fields may be added, never removed). */
export interface ImportReport {
  readonly file: string;
  readonly format: ParcelSource['format'];
  /** Records the file says it holds, when the format says so up front. */
  readonly records: number | null;
  /** Parcels written (GeoJSON features or register rows). */
  readonly imported: number;
  readonly withoutGeometry: number;
  /** Parcels whose geometry --repair changed. */
  readonly repaired: number;
  /** Σ ellipsoidal areas (CGCS2000), m², rounded half-up to 0.01. */
  readonly ellipsoidalAreaM2: string;
  readonly destination: { readonly kind: 'geojson'; readonly file: string } | { readonly kind: 'register'; readonly jurisdiction: string; readonly importId: number };
  readonly crs: { readonly name: string; readonly epsg: number | null; readonly source: string; readonly detail: string };
  readonly encoding: { readonly encoding: string; readonly source: string; readonly detail: string } | null;
  readonly columns: { readonly mapped: ColumnReport['mapped']; readonly unmapped: ColumnReport['unmapped'] };
  /** Field names the file cut inside a character, as read (up to the last whole character). */
  readonly cutFieldNames: readonly string[];
  readonly samples: readonly string[];
  readonly warnings: readonly ImportWarning[];
  /** Warnings beyond the first MAX_JSON_WARNINGS, counted only. */
  readonly warningsOmitted: number;
}

/** Mapped fields as JSON values (Area and decimals as exact strings). */
export function fieldsToJson(fields: ParcelFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    out[k] = typeof v === 'object' && v !== null && 'toJSON' in v ? (v as { toJSON(): unknown }).toJSON() : typeof v === 'object' ? String(v) : v;
  }
  return out;
}

/** A measured area as the number printed with 2 decimals, rounded half-up from its exact binary value. */
function roundedM2(m2: number): number {
  return Number(dec(m2).toFixed(2));
}

export function featureProperties(f: ParcelFeature): Record<string, unknown> {
  const props: Record<string, unknown> = { ...f.attributes };
  for (const [k, v] of Object.entries(fieldsToJson(f.fields))) props[k in props ? `parcel.${k}` : k] = v;
  props.area_m2 = f.areaM2 === null ? null : roundedM2(f.areaM2);
  return props;
}

export function describeSource(src: ParcelSource): string[] {
  const lines = [`格式 format: ${src.format}${src.count !== undefined ? ` (${src.count} 条 records)` : ''}`];
  lines.push(`坐标系 CRS: ${src.crs.crs.name} — 依据 decided by ${src.crs.source}: ${src.crs.detail}`);
  if (src.encoding) lines.push(`编码 encoding: ${src.encoding.encoding} — 依据 decided by ${src.encoding.source}: ${src.encoding.detail}`);
  if (src.samples?.length) lines.push(`样例 samples: ${src.samples.join('; ')}`);
  lines.push(`已映射字段 mapped: ${src.columns.mapped.map((m) => `${m.column}→${m.field}${m.unit ? `(${m.unit})` : ''}`).join(', ') || '—'}`);
  lines.push(`未映射字段 unmapped (kept as attributes): ${src.columns.unmapped.join(', ') || '—'}`);
  if (src.columns.cut?.length) lines.push(`被截断的字段名 cut field names (read up to the last whole character): ${src.columns.cut.join(', ')}`);
  for (const w of src.columns.warnings ?? []) lines.push(`字段警告 column warning: ${w.zh} / ${w.en}`);
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

/** Collects warnings for the report: every one counted, the first ones kept and (without --json) printed. */
class Warnings {
  readonly kept: ImportWarning[] = [];
  count = 0;
  constructor(private readonly print: boolean) {}

  add(w: ImportWarning, line: string): void {
    if (this.print && this.count < MAX_ISSUE_LINES) process.stderr.write(`${line}\n`);
    if (this.kept.length < MAX_JSON_WARNINGS) this.kept.push(w);
    this.count++;
  }

  geometry(record: number, i: ValidityIssue): void {
    const at = i.location ? ` @ ${i.location[0].toFixed(7)},${i.location[1].toFixed(7)}` : '';
    const label = i.severity === 'error' ? '几何错误 invalid' : '几何警告 warning';
    this.add({ kind: 'geometry', record, ...(i.location ? { location: i.location } : {}), zh: i.message.zh, en: i.message.en }, `${label}: ${i.message.zh} / ${i.message.en}${at}`);
  }
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
    .option('--json', 'one JSON object on stdout: counts, CRS and encoding decisions, columns, cut field names, warnings')
    .description('import parcels (宗地) with their geometry: reprojected to CGCS2000, areas measured on the ellipsoid')
    .action(async (file: string, opts: ImportOptions) => {
      if (!opts.out && !opts.jurisdiction) {
        throw new UserError('导入登记库须指定 --jurisdiction 行政区代码（或用 --out FILE.geojson 输出文件） / give --jurisdiction CODE to import into the register, or --out FILE.geojson');
      }
      const json = opts.json === true;
      const readOpts = { ...(opts.crs ? { crs: opts.crs } : {}), ...(opts.encoding ? { encoding: opts.encoding } : {}) };
      let src: ParcelSource;
      try {
        src = await openParcelFile(file, readOpts);
      } catch (e) {
        userError(e);
      }
      if (!json) for (const line of describeSource(src)) process.stderr.write(`${line}\n`);
      const warnings = new Warnings(!json);
      for (const w of src.columns.warnings ?? []) warnings.add({ kind: 'column', column: w.column, zh: w.zh, en: w.en }, `字段警告 column warning: ${w.zh} / ${w.en}`);
      const progress = json ? { tick: () => undefined, finish: () => undefined } : createProgress('导入 importing', src.count);
      let total = dec(0);
      let n = 0;
      let withoutGeometry = 0;
      let repaired = 0;
      const toRegister = !opts.out;
      async function* prepared(): AsyncGenerator<ParcelFeature> {
        for await (const raw of src) {
          let f = raw;
          if (opts.repair) {
            const r = repairGeometry(f.fields.parcelNumber ?? `#${f.recordIndex + 1}`, f.geometry);
            for (const c of r.changes) warnings.add({ kind: 'repair', record: f.recordIndex, zh: c.message.zh, en: c.message.en }, `修复 repaired: ${c.message.zh} / ${c.message.en}`);
            if (r.changes.length) {
              f = { ...f, geometry: r.geometry, areaM2: r.geometry ? ellipsoidalArea(r.geometry) : null };
              repaired++;
            }
          }
          // Into GeoJSON every record is written and its problems reported; the register checks
          // (and refuses) geometry itself, in services/import-parcels.
          if (!toRegister) {
            const verdict = checkParcelGeometry(f.fields.parcelNumber ?? `#${f.recordIndex + 1}`, f.geometry);
            for (const i of [...verdict.errors, ...verdict.warnings]) {
              if (i.kind !== 'wrong-orientation') warnings.geometry(f.recordIndex, i); // harmless for areas; --repair fixes it
            }
          }
          if (f.geometry === null) withoutGeometry++;
          if (f.areaM2 !== null) total = total.plus(f.areaM2);
          n++;
          progress.tick(n);
          yield f;
        }
      }
      let destination: ImportReport['destination'];
      if (opts.out) {
        const out = opts.out;
        async function* features(): AsyncGenerator<OutFeature> {
          for await (const f of prepared()) yield { geometry: f.geometry, properties: featureProperties(f) };
        }
        try {
          await writeGeoJson(out, features());
        } catch (e) {
          userError(e);
        }
        destination = { kind: 'geojson', file: out };
      } else {
        const jurisdiction = opts.jurisdiction!;
        let importId = 0;
        try {
          await withRegister(async (store) => {
            try {
              const r = await importParcels(store, {
                jurisdictionCode: jurisdiction,
                source: file,
                features: prepared(),
                actor: opts.actor ?? 'cli',
                geometryRules: { allowMissing: false },
                onGeometryWarning: (record, i) => {
                  if (i.kind !== 'wrong-orientation') warnings.geometry(record, i);
                },
              });
              importId = r.importId;
            } catch (e) {
              // The register holds only valid parcels: the transaction rolled back.
              if (e instanceof ParcelGeometryError) {
                const hint = !opts.repair && e.issue.kind !== 'too-small' && e.issue.kind !== 'empty';
                throw new UserError(`${file}: 几何错误 invalid ${e.message}；未导入任何数据${hint ? '，可加 --repair 修复' : ''} / nothing was imported${hint ? '; --repair fixes what can be fixed' : ''}`);
              }
              throw e;
            }
          });
        } catch (e) {
          userError(e);
        }
        destination = { kind: 'register', jurisdiction, importId };
      }
      progress.finish(n);
      const area = total.toFixed(2);
      if (json) {
        const report: ImportReport = {
          file,
          format: src.format,
          records: src.count ?? null,
          imported: n,
          withoutGeometry,
          repaired,
          ellipsoidalAreaM2: area,
          destination,
          crs: { name: src.crs.crs.name, epsg: src.crs.crs.epsg, source: src.crs.source, detail: src.crs.detail },
          encoding: src.encoding ? { encoding: src.encoding.encoding, source: src.encoding.source, detail: src.encoding.detail } : null,
          columns: { mapped: src.columns.mapped, unmapped: src.columns.unmapped },
          cutFieldNames: src.columns.cut ?? [],
          samples: src.samples ?? [],
          warnings: warnings.kept,
          warningsOmitted: warnings.count - warnings.kept.length,
        };
        process.stdout.write(`${JSON.stringify(report)}\n`);
      } else {
        if (warnings.count > MAX_ISSUE_LINES) process.stderr.write(`… 另有 ${warnings.count - MAX_ISSUE_LINES} 条警告 / ${warnings.count - MAX_ISSUE_LINES} more warnings\n`);
        process.stdout.write(
          destination.kind === 'register'
            ? `已导入登记库 ${n} 宗（导入批次 ${destination.importId}），椭球面积合计 ${area} m² / imported ${n} parcels into the register (import ${destination.importId}), ellipsoidal area ${area} m²\n`
            : `已导入 ${n} 宗，椭球面积合计 ${area} m² → ${destination.file} / imported ${n} parcels, ellipsoidal area ${area} m² → ${destination.file}\n`,
        );
      }
      exit(0);
    });
}
