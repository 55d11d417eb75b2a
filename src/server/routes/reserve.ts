/** The land reserve (土地储备): projects with their parcels, costs and 净地 checklists; approval batches with 供地率 and 批而未供. */
import { z } from 'zod';
import { rolesFor, ROLES } from '../../domain/access.js';
import { safeName } from '../../domain/text.js';
import type { Store } from '../../store/database.js';
import { createReserveProject } from '../../store/reserve.js';
import { cachedReserveOverview } from '../../services/reserve-overview.js';
import { supplyRateByBatch } from '../../services/supply-rate.js';
import { requireAction } from '../auth/scope.js';
import { defineRoute, type AnyRoute } from '../route.js';
import { isoDate } from '../schemas.js';
import { todayIso as today } from '../../services/idle-scan.js';

const jurisdiction = z.string().regex(/^\d{6}$/);
const costs = z.object({ byCategory: z.record(z.string(), z.string()), total: z.string(), entries: z.number() });
const reserveSchema = z.object({
  projects: z.array(z.object({
    id: z.number(), jurisdictionCode: z.string(), code: z.string(), name: z.string(), approvalRef: z.string().nullable(), createdAt: z.string(),
    totalCostWanYuan: z.string(), byCategory: z.record(z.string(), z.string()),
    parcels: z.array(z.object({ parcelId: z.number(), parcelNumber: z.string().nullable(), projectName: z.string().nullable(), admittedOn: z.string().nullable(), costs, checklistDone: z.number(), readyToList: z.boolean(), lastStep: z.string().nullable() }).readonly()).readonly(),
  }).readonly()).readonly(),
});
const batchesSchema = z.object({
  approvedHa: z.string(), suppliedHa: z.string(), supplyRatePercent: z.string().nullable(),
  batches: z.array(z.object({ batchNo: z.string(), kind: z.string(), approvedOn: z.string(), approvalRef: z.string(), approvedHa: z.string(), suppliedHa: z.string(), unsuppliedHa: z.string(), supplyRatePercent: z.string(), evidence: z.array(z.object({ parcelId: z.number(), number: z.string(), on: z.string(), areaHa: z.string() })).readonly() })),
});

export function reserveRoutes(store: Store): AnyRoute[] {
  const writers = rolesFor('pipeline.record');
  const reserveOverview = cachedReserveOverview();
  return [
    defineRoute({
      method: 'GET',
      url: '/api/reserve',
      tag: 'reserve',
      summary: { zh: '土地储备项目：宗地、成本（征收补偿、安置、前期开发、财务成本、其他）与净地核验', en: 'land-reserve projects: parcels, costs by category and clean-land checklists' },
      access: ROLES,
      query: z.object({ jurisdiction }),
      response: reserveSchema,
      handler: async ({ query, user }) => {
        await requireAction(store.db, user, 'register.read', query.jurisdiction);
        return reserveOverview(store.db, query.jurisdiction);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/reserve/projects',
      tag: 'reserve',
      summary: { zh: '新建土地储备项目', en: 'create a land-reserve project' },
      access: writers,
      body: z.strictObject({ jurisdiction, code: safeName(40), name: safeName(120), approvalRef: safeName(80).optional() }),
      response: z.object({ id: z.number(), code: z.string(), name: z.string() }),
      status: 201,
      handler: async ({ body, user }) => {
        await requireAction(store.db, user, 'pipeline.record', body.jurisdiction);
        const p = await createReserveProject(store, { jurisdictionCode: body.jurisdiction, code: body.code, name: body.name, ...(body.approvalRef ? { approvalRef: body.approvalRef } : {}), actor: user!.username });
        return { id: p.id, code: p.code, name: p.name };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/approval-batches',
      tag: 'reserve',
      summary: { zh: '批次供地率与批而未供', en: 'supply rate and approved-but-unsupplied land by approval batch' },
      access: ROLES,
      query: z.object({ jurisdiction, asOf: isoDate.optional() }),
      response: batchesSchema,
      handler: async ({ query, user }) => {
        await requireAction(store.db, user, 'register.read', query.jurisdiction);
        return supplyRateByBatch(store.db, { jurisdictionCode: query.jurisdiction, asOf: query.asOf ?? today() });
      },
    }),
  ];
}
