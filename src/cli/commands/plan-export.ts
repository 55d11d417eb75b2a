/**
 * `landplan plan export VERSION --format docx|xlsx|pdf|geojson|shp|land-market --out FILE`
 * writes what a bureau publishes for a plan version: the plan document (.docx in the GB/T 9704
 * layout, or .pdf), the attachment tables (.xlsx), the 宗地表's parcels (GeoJSON EPSG:4490, or a
 * GBK shapefile: FILE.shp writes the parts beside it, any other name a .zip), or the plan's rows in
 * the land-market system's layout. `--authority`, `--doc-number` and `--date` set the 版头 and
 * signature where the version does not have them yet. `--json` prints one result line.
 * Exit 2 when the version does not exist or the PDF converter (LibreOffice) is not installed.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ConverterUnavailable, ConversionFailed } from '../../services/export-converter.js';
import { EXPORT_FORMATS, exportPlan, isExportFormat } from '../../services/export-formats.js';
import { demoMapLayers, ExportNotFound } from '../../services/export-plan.js';
import { UserError } from '../user-error.js';
import { withRegister } from './db.js';

interface Options {
  format: string;
  out: string;
  json?: boolean;
  authority?: string;
  docNumber?: string;
  date?: string;
  figures?: boolean;
}

export function registerPlanExport(program: Command): void {
  const plan = program.commands.find((c) => c.name() === 'plan') ?? program.command('plan');
  plan
    .command('export')
    .argument('<version>', 'plan version id')
    .requiredOption('--format <format>', EXPORT_FORMATS.join('|'))
    .requiredOption('--out <file>', 'output file (shp: FILE.shp writes .shp/.shx/.dbf/.prj/.cpg, other names a .zip)')
    .option('--authority <name>', '发文机关 (issuing authority) for the 版头 and signature')
    .option('--doc-number <number>', '发文字号, e.g. 巴自然资发〔2026〕1号')
    .option('--date <YYYY-MM-DD>', '成文日期 (date of signature)')
    .option('--no-figures', 'leave the charts and the map out of the .docx/.pdf')
    .option('--json', 'print one JSON result line')
    .description('export a plan version: the document (.docx/.pdf), the tables (.xlsx), the parcels (GeoJSON, shapefile), the land-market layout')
    .action(async (versionArg: string, o: Options) => {
      const versionId = Number(versionArg);
      if (!Number.isInteger(versionId) || versionId <= 0) throw new UserError(`VERSION 应为计划版本编号（正整数）/ VERSION must be a plan version id, got "${versionArg}"`);
      if (!isExportFormat(o.format)) throw new UserError(`--format 应为 ${EXPORT_FORMATS.join('、')} 之一 / must be one of ${EXPORT_FORMATS.join(', ')}, got "${o.format}"`);
      if (o.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(o.date)) throw new UserError(`--date 应为 YYYY-MM-DD / must be YYYY-MM-DD, got "${o.date}"`);
      const format = o.format;
      const started = Date.now();
      const file = await withRegister(async (store) => {
        try {
          return await exportPlan(store.db, versionId, format, {
            layers: demoMapLayers,
            meta: { ...(o.authority ? { issuingAuthority: o.authority } : {}), ...(o.docNumber ? { documentNumber: o.docNumber } : {}), ...(o.date ? { signedOn: o.date } : {}) },
            ...(o.figures === false ? { figures: false } : {}),
          });
        } catch (e) {
          if (e instanceof ExportNotFound || e instanceof ConverterUnavailable || e instanceof ConversionFailed) throw new UserError(e.message);
          throw e;
        }
      });
      const written: string[] = [];
      try {
        if (format === 'shp' && /\.shp$/i.test(o.out) && file.parts) {
          const stem = o.out.replace(/\.shp$/i, '');
          for (const p of file.parts) {
            const path = `${stem}${p.name.slice(p.name.lastIndexOf('.'))}`;
            await writeFile(path, p.bytes);
            written.push(path);
          }
        } else {
          await writeFile(o.out, file.bytes);
          written.push(o.out);
        }
      } catch (e) {
        throw new UserError(`${o.out}: 无法写入 / cannot write (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      const ms = Date.now() - started;
      if (o.json) {
        process.stdout.write(`${JSON.stringify({ version: versionId, format, out: o.out, files: written, bytes: file.bytes.length, parcels: file.parcels, ...(file.encoding ? { encoding: file.encoding } : {}), ms })}\n`);
      } else {
        process.stdout.write(`已导出 / exported: ${written.join(', ')} (${file.bytes.length} bytes, ${file.parcels} 宗地 / parcels${file.encoding ? `, ${file.encoding.toUpperCase()}` : ''}, ${ms} ms)\n`);
      }
    });
}
