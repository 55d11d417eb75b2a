/**
 * Downloads of what a bureau publishes for a plan version (services/export-formats): the plan
 * document (.docx, .pdf), the attachment tables (.xlsx) and, for staff, the parcels (GeoJSON,
 * shapefile) and the land-market layout. Staff may export every version within their scope (as
 * GET /api/plans/:planId shows it to them); everyone else only versions the public may see, and
 * only the document and the tables.
 */
import { z } from 'zod';
import type { Store } from '../../store/database.js';
import { pickVersion, planItem } from '../../services/dashboard-plans.js';
import { ConversionFailed, ConverterUnavailable, libreOfficeConverter, type PdfConverter } from '../../services/export-converter.js';
import { EXPORT_FORMATS, exportPlan, type ExportFormat } from '../../services/export-formats.js';
import { demoMapLayers } from '../../services/export-plan.js';
import type { ExportServices } from '../deps.js';
import { ApiError } from '../errors.js';
import { inScope, readScope } from '../auth/scope.js';
import { defineRoute, type AnyRoute } from '../route.js';
import { idParam } from '../schemas.js';

/** What the public may download of a public version. */
export const PUBLIC_EXPORT_FORMATS: readonly ExportFormat[] = ['pdf', 'xlsx', 'docx'];

export function exportRoutes(store: Store, services: ExportServices = {}): AnyRoute[] {
  const converter = services.converter ?? libreOfficeConverter();
  return [
    defineRoute({
      method: 'GET',
      url: '/api/exports/status',
      tag: 'exports',
      summary: { zh: '导出格式与 PDF 转换程序是否可用', en: 'export formats and whether the PDF converter is installed' },
      access: 'public',
      response: z.object({ formats: z.array(z.string()), publicFormats: z.array(z.string()), pdf: z.object({ available: z.boolean(), message: z.string().optional() }) }),
      handler: async () => {
        const s = converter.status();
        return { formats: [...EXPORT_FORMATS], publicFormats: [...PUBLIC_EXPORT_FORMATS], pdf: { available: s.available, ...(s.message ? { message: s.message } : {}) } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/plans/:planId/export',
      tag: 'exports',
      summary: { zh: '下载计划文件：正文（docx/pdf）、附表（xlsx）、宗地（GeoJSON/Shapefile）', en: 'download a plan version: document (docx/pdf), tables (xlsx), parcels (GeoJSON/shapefile)' },
      access: 'public',
      params: z.object({ planId: idParam }),
      // The PDF unless another format is asked for.
      query: z.object({ format: z.enum(EXPORT_FORMATS).default('pdf'), version: idParam.optional() }),
      response: z.unknown().meta({ description: 'the file (Content-Disposition: attachment)' }),
      rateLimit: { max: 20, timeWindowMs: 60_000 },
      handler: async ({ params, query, user, reply }) => {
        // As GET /api/plans/:planId: every version within the user's scope, public versions elsewhere.
        const all = await planItem(store.db, params.planId, { publicOnly: false });
        const full = !!all && inScope(await readScope(store.db, user), all.jurisdictionCode);
        if (!full && !PUBLIC_EXPORT_FORMATS.includes(query.format)) throw new ApiError(user ? 'forbidden' : 'unauthenticated');
        const item = full ? all : await planItem(store.db, params.planId, { publicOnly: true });
        const version = item ? await pickVersion(store.db, item, query.version) : undefined;
        if (!item || !version) throw new ApiError('not-found');
        let file;
        try {
          file = await exportPlan(store.db, version.id, query.format, { converter, layers: demoMapLayers });
        } catch (e) {
          if (e instanceof ConverterUnavailable) throw new ApiError('unavailable', { zh: e.message.split(' / ')[0]!, en: e.message.split(' / ').slice(1).join(' / ') });
          if (e instanceof ConversionFailed) throw new ApiError('unavailable', { zh: e.message, en: e.message });
          throw e;
        }
        await reply
          .code(200)
          .type(file.contentType)
          .header('content-disposition', `attachment; filename="plan-${version.id}.${file.fileName.split('.').slice(1).join('.')}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
          .header('cache-control', 'no-store')
          .send(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
        return undefined;
      },
    }),
  ];
}
