/** Reports as files: the monthly supervision report (月报) as xlsx. */
import { z } from 'zod';
import { ROLES } from '../../domain/access.js';
import type { Store } from '../../store/database.js';
import { monthlyReportInWorker } from '../../services/report-monthly.js';
import { requireAction } from '../auth/scope.js';
import { defineRoute, type AnyRoute } from '../route.js';

export function reportRoutes(store: Store): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/reports/monthly',
      tag: 'pipeline',
      summary: { zh: '监管月报（xlsx）', en: 'monthly supervision report (xlsx)' },
      access: ROLES,
      query: z.object({ jurisdiction: z.string().regex(/^\d{6}$/), month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) }),
      response: z.unknown(),
      handler: async ({ query, user, reply }) => {
        await requireAction(store.db, user, 'register.read', query.jurisdiction);
        const r = await monthlyReportInWorker(store, { jurisdictionCode: query.jurisdiction, month: query.month, now: new Date().toISOString() });
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="yuebao-${query.jurisdiction}-${query.month}.xlsx"`)
          .send(Buffer.from(r.bytes));
      },
    }),
  ];
}
