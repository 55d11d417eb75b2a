/**
 * What a county reported, read at the province (read-only: only `landplan report import` and
 * `report pull` write these): the county with its plans, a plan, its parcels, a parcel.
 */
import { z } from 'zod';
import type { Store } from '../../store/database.js';
import { countyView, parcelsView, parcelView, planView } from '../../services/reported-views.js';
import { requireAction } from '../auth/scope.js';
import { rolesFor } from '../../domain/access.js';
import { ApiError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../route.js';
import { idParam } from '../schemas.js';
import { areaFigureSchema, unitCodeParam, unitRefSchema } from './rollup.js';

const countyParams = z.object({ county: unitCodeParam });
const page = { limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).max(10_000_000).default(0) };

const supplySchema = z.object({
  recordId: z.number().int(),
  category: z.string(),
  method: z.string().nullable(),
  source: z.string().nullable(),
  district: z.string().nullable(),
  area: areaFigureSchema,
  parcelId: z.number().int().nullable(),
  reversesId: z.number().int().nullable(),
  suppliedOn: z.string(),
});
const parcelSchema = z.object({
  parcelId: z.number().int(),
  parcelNumber: z.string().nullable(),
  projectName: z.string().nullable(),
  useCode: z.string().nullable(),
  supplyMethod: z.string().nullable(),
  area: areaFigureSchema.nullable(),
  agreedStartDate: z.string().nullable(),
  actualStartDate: z.string().nullable(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
});
const planSchema = z.object({
  planId: z.number().int(),
  year: z.number().int(),
  name: z.string(),
  currentVersionId: z.number().int().nullable(),
  currentSeq: z.number().int().nullable(),
  status: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publishedOn: z.string().nullable(),
});

const countyResponse = z.object({
        unit: unitRefSchema,
        ancestry: z.array(unitRefSchema),
        reporting: z.object({ headSeq: z.number().int(), reportedAt: z.string().nullable(), importedAt: z.string().nullable(), channel: z.string().nullable() }).nullable(),
        plans: z.array(
          z.object({
            planId: z.number().int(),
            year: z.number().int(),
            name: z.string(),
            status: z.string().nullable(),
            versions: z.number().int().nullable(),
            publishedOn: z.string().nullable(),
            onTime: z.boolean().nullable(),
            planned: areaFigureSchema,
            supplied: areaFigureSchema,
            rate: z.string().nullable(),
          }),
        ),
      });
const planResponse = z.object({
        plan: planSchema,
        versions: z.array(z.object({ versionId: z.number().int(), seq: z.number().int(), status: z.string(), validFrom: z.string(), recordedAt: z.string() })),
        indicators: z.array(z.object({ indicatorId: z.string(), kind: z.string(), key: z.record(z.string(), z.string()), cap: areaFigureSchema, debited: areaFigureSchema, rate: z.string().nullable() })),
        supplies: z.array(supplySchema),
        supplyCount: z.number().int(),
      });
const parcelsResponse = z.object({ total: z.number().int(), parcels: z.array(parcelSchema) });
const parcelResponse = z.object({ parcel: parcelSchema, geometry: z.unknown(), row: z.record(z.string(), z.unknown()), supplies: z.array(supplySchema) });

export type CountyDto = z.output<typeof countyResponse>;
export type ReportedPlanDto = z.output<typeof planResponse>;
export type ReportedParcelsDto = z.output<typeof parcelsResponse>;
export type ReportedParcelDto = z.output<typeof parcelResponse>;

const notFound = (zh: string, en: string) => new ApiError('not-found', { zh, en });

export function reportedRoutes(store: Store): AnyRoute[] {
  const scope = (user: Parameters<typeof requireAction>[1], county: string) => requireAction(store.db, user, 'rollup.read', county);
  return [
    defineRoute({
      method: 'GET',
      url: '/api/reported/:county',
      tag: 'reported',
      summary: { zh: '县级上报：各年度计划与执行、最近上报时间', en: 'a county as reported: its plans and execution, when it last reported' },
      access: rolesFor('rollup.read'),
      params: countyParams,
      response: countyResponse,
      handler: async ({ params, user }) => {
        await scope(user, params.county);
        const v = await countyView(store.db, params.county);
        if (!v) throw notFound(`未知行政区 ${params.county}`, `unknown unit ${params.county}`);
        return v;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/reported/:county/plans/:planId',
      tag: 'reported',
      summary: { zh: '上报的计划：版本、指标与执行、供地记录', en: 'a reported plan: versions, indicators against execution, supply records' },
      access: rolesFor('rollup.read'),
      params: z.object({ county: unitCodeParam, planId: idParam }),
      query: z.strictObject(page),
      response: planResponse,
      handler: async ({ params, query, user }) => {
        await scope(user, params.county);
        const v = await planView(store.db, params.county, params.planId, query);
        if (!v) throw notFound(`${params.county} 未上报计划 ${params.planId}`, `${params.county} reported no plan ${params.planId}`);
        return v;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/reported/:county/parcels',
      tag: 'reported',
      summary: { zh: '上报的宗地（分页，可按宗地编号查）', en: 'reported parcels (paged; by parcel number)' },
      access: rolesFor('rollup.read'),
      params: countyParams,
      query: z.strictObject({ ...page, parcelNumber: z.string().min(1).max(64).optional() }),
      response: parcelsResponse,
      handler: async ({ params, query, user }) => {
        await scope(user, params.county);
        return parcelsView(store.db, params.county, { limit: query.limit, offset: query.offset, ...(query.parcelNumber !== undefined ? { parcelNumber: query.parcelNumber } : {}) });
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/reported/:county/parcels/:parcelId',
      tag: 'reported',
      summary: { zh: '上报的宗地详情：图形、属性、供地记录', en: 'a reported parcel: geometry, attributes, supply records' },
      access: rolesFor('rollup.read'),
      params: z.object({ county: unitCodeParam, parcelId: idParam }),
      response: parcelResponse,
      handler: async ({ params, user }) => {
        await scope(user, params.county);
        const v = await parcelView(store.db, params.county, params.parcelId);
        if (!v) throw notFound(`${params.county} 未上报宗地 ${params.parcelId}`, `${params.county} reported no parcel ${params.parcelId}`);
        return v;
      },
    }),
  ];
}
