/**
 * A parcel's path (domain/pipeline): its timeline, recording an event (step, payment, reserve
 * cost, 净地 evidence, inspection, idle-land case, correction), the pipeline page's overview, the
 * user's notifications and the 底价 review. The 底价 is removed from what a role that did not set
 * it receives until the deal is public (services/parcel-pipeline, domain/pipeline/timeline).
 */
import { z } from 'zod';
import { readableRoots, rolesFor, ROLES, type Role } from '../../domain/access.js';
import type { Store } from '../../store/database.js';
import { parcelPipeline } from '../../services/parcel-pipeline.js';
import { recordPipelineEvent } from '../../services/record-pipeline-event.js';
import { cachedPipelineOverview } from '../../services/pipeline-overview.js';
import { cachedNotifications } from '../../services/notifications.js';
import { reviewReservePrice } from '../../services/review-reserve-price.js';
import { getParcel, listJurisdictions } from '../../services/register.js';
import { ApiError } from '../errors.js';
import { requireAction } from '../auth/scope.js';
import type { SessionUser } from '../auth/sessions.js';
import { defineRoute, type AnyRoute } from '../route.js';
import { idParam, isoDate } from '../schemas.js';
import { notificationsSchema, parcelPipelineSchema, pipelineOverviewSchema, recordEventRequestSchema, recordedEventSchema, reviewRequestSchema, reviewSchema } from '../pipeline-schemas.js';
import { findingDto } from './convert.js';
import { todayIso as today } from '../../services/idle-scan.js';

const parcelParams = z.object({ parcelId: idParam });
const RECORDERS = rolesFor('pipeline.decide');

function rolesOf(user: SessionUser | undefined): Role[] {
  return [...(user?.roles ?? [])];
}

export function pipelineRoutes(store: Store): AnyRoute[] {
  const overviewOf = cachedPipelineOverview();
  const notificationsFor = cachedNotifications();
  const jurisdictionOfParcel = async (parcelId: number): Promise<string> => {
    const p = await getParcel(store.db, parcelId);
    if (!p) throw new ApiError('not-found');
    return p.jurisdictionCode;
  };
  return [
    defineRoute({
      method: 'GET',
      url: '/api/parcels/:parcelId/pipeline',
      tag: 'pipeline',
      summary: { zh: '宗地供应流程：各环节、文件、期限、价款、储备成本与净地核验', en: "a parcel's path: steps, documents, deadlines, money, reserve costs and clean-land checklist" },
      access: ROLES,
      params: parcelParams,
      query: z.object({ asOf: isoDate.optional() }),
      response: parcelPipelineSchema,
      handler: async ({ params, query, user }) => {
        await requireAction(store.db, user, 'register.read', await jurisdictionOfParcel(params.parcelId));
        const r = await parcelPipeline(store.db, { parcelId: params.parcelId, asOf: query.asOf ?? today(), roles: rolesOf(user) });
        if (!r) throw new ApiError('not-found');
        return r;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/parcels/:parcelId/pipeline/events',
      tag: 'pipeline',
      summary: { zh: '记录宗地流程事项（环节、缴款、储备成本、净地证明、巡查、闲置土地处置、冲销更正）', en: "record an event of a parcel's path (step, payment, reserve cost, clean-land evidence, inspection, idle-land case, reversal)" },
      access: RECORDERS,
      params: parcelParams,
      body: recordEventRequestSchema,
      response: recordedEventSchema,
      status: 201,
      handler: async ({ params, body, user }) => {
        await requireAction(store.db, user, 'pipeline.decide', await jurisdictionOfParcel(params.parcelId));
        const r = await recordPipelineEvent(store, { parcelId: params.parcelId, kind: body.kind, occurredOn: body.occurredOn, data: body.data, documents: body.documents, actor: user!.username, roles: rolesOf(user) });
        if (!r.ok) {
          if (r.code === 'not-found') throw new ApiError('not-found');
          const status = r.code === 'role' ? 'forbidden' : r.code === 'data' || r.code === 'documents' ? 'validation' : 'conflict';
          throw new ApiError(status, r.message, r.field ? [{ path: `body.${r.field}`, message: r.message.zh }] : undefined);
        }
        return { id: r.event.id, seq: r.event.seq, kind: r.event.kind, occurredOn: r.event.occurredOn, role: r.event.role };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/pipeline',
      tag: 'pipeline',
      summary: { zh: '供应流程总览：各环节漏斗、超期事项、本月到期价款、闲置土地案件、按月份用途片区的供地执行', en: 'pipeline overview: funnel by step, overdue items, instalments due this month, idle-land cases, execution by month, use and district' },
      access: ROLES,
      query: z.object({ jurisdiction: z.string().regex(/^\d{6}$/), asOf: isoDate.optional(), limit: z.coerce.number().int().min(1).max(1000).default(100), offset: z.coerce.number().int().min(0).default(0) }),
      response: pipelineOverviewSchema,
      handler: async ({ query, user }) => {
        await requireAction(store.db, user, 'register.read', query.jurisdiction);
        // The page shows one page of items and the first instalments due; totals say how many there are.
        const { evidenceTotal, execution, ...o } = await overviewOf(store.db, { jurisdictionCode: query.jurisdiction, asOf: query.asOf ?? today(), offset: query.offset, limit: query.limit, dueLimit: 100 });
        const { evidence: _, ...lines } = execution;
        return { ...o, execution: { ...lines, evidenceCount: evidenceTotal } };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/notifications',
      tag: 'pipeline',
      summary: { zh: '我的待办与超期提醒', en: 'my due and overdue items' },
      access: ROLES,
      query: z.object({ asOf: isoDate.optional(), days: z.coerce.number().int().min(0).max(90).default(14) }),
      response: notificationsSchema,
      handler: async ({ query, user }) => {
        const roots = readableRoots(user?.grants ?? []);
        const jurisdictions = roots === 'all' ? (await listJurisdictions(store.db)).filter((j) => j.level === 'county').map((j) => j.code) : roots;
        const asOf = query.asOf ?? today();
        const r = await notificationsFor(store.db, { jurisdictions, asOf, dueWithinDays: query.days, limit: 100 });
        return { asOf, ...r };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/parcels/:parcelId/reserve-price-review',
      tag: 'pipeline',
      summary: { zh: '底价审核：对照储备成本与最低价标准', en: 'reserve-price review against the reserve cost and the minimum standards' },
      access: rolesFor('reservePrice.read'),
      params: parcelParams,
      body: reviewRequestSchema,
      response: reviewSchema,
      handler: async ({ params, body, user }) => {
        await requireAction(store.db, user, 'reservePrice.read', await jurisdictionOfParcel(params.parcelId));
        const r = await reviewReservePrice(store.db, { parcelId: params.parcelId, reservePriceWanYuan: body.reservePriceWanYuan, ...(body.method ? { method: body.method } : {}), asOf: today() });
        if (!r) throw new ApiError('not-found');
        return { ...r, findings: r.findings.map(findingDto) };
      },
    }),
  ];
}
