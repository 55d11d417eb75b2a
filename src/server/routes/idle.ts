/** Idle-land scan (闲置土地): the post-supply clocks of a jurisdiction's parcels as of a date. */
import type { IdleScanFn } from '../deps.js';
import { z } from 'zod';
import type { Store } from '../../store/database.js';
import { todayIso } from '../../services/idle-scan.js';
import { STAFF } from '../auth/roles.js';
import { requireAction } from '../auth/scope.js';
import { defineRoute, type AnyRoute } from '../route.js';
import { findingSchema, isoDate } from '../schemas.js';
import { findingDto } from './convert.js';


export const idleStatusSchema = z.enum(['recovery', 'idle', 'partial', 'overdue', 'suspended']);

export const idleScanSchema = z.object({
  asOf: z.string(),
  ruleSet: z.string(),
  scanned: z.number(),
  counts: z.record(idleStatusSchema, z.number()),
  /** An earlier result, served because refreshing it failed. */
  stale: z.object({ computedAt: z.string(), reason: z.string() }).optional(),
  rows: z.array(
    z.object({
      supplyId: z.string(),
      parcelNumber: z.string().optional(),
      projectName: z.string().optional(),
      agreedStart: z.string().optional(),
      actualStart: z.string().optional(),
      status: idleStatusSchema,
      feeWanYuan: z.string().optional(),
      findings: z.array(findingSchema),
    }),
  ),
});


export function idleRoutes(store: Store, scan: IdleScanFn): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/idle',
      tag: 'idle',
      summary: { zh: '闲置土地与超期未开工扫描', en: 'idle land and overdue starts' },
      access: STAFF,
      query: z.object({ jurisdiction: z.string().regex(/^\d{6}$/), asOf: isoDate.optional() }),
      response: idleScanSchema,
      handler: async ({ query, request, user }) => {
        await requireAction(store.db, user, 'register.read', query.jurisdiction);
        const r = await scan(store, query.jurisdiction, query.asOf ?? todayIso());
        if (r.stale) request.log.warn({ jurisdiction: query.jurisdiction, stale: r.stale }, 'idle scan served stale: refresh failed');
        return {
          asOf: r.asOf,
          ruleSet: r.ruleSet.id,
          scanned: r.scanned,
          counts: { ...r.counts },
          ...(r.stale ? { stale: { ...r.stale } } : {}),
          rows: r.rows.map((x) => ({ ...x, findings: x.findings.map(findingDto) })),
        };
      },
    }),
  ];
}
