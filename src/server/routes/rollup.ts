/**
 * Roll-up views (上级汇总): a prefecture, a province or the nation (unit 000000), or one county,
 * for a plan year. Read from the summary tables only. Staff whose grant covers the unit may read
 * it (a grant covers the units below it; the nation needs a grant for every jurisdiction).
 */
import { z } from 'zod';
import type { Store } from '../../store/database.js';
import { grantUnits, rollupDashboard, UnknownUnitError } from '../../services/rollup-dashboard.js';
import { requireAction } from '../auth/scope.js';
import { rolesFor } from '../../domain/access.js';
import { ApiError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../route.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const unitCodeParam = z.string().regex(/^\d{6}$/);
export const areaFigureSchema = z.object({ m2: z.string(), ha: z.string() });
export const unitRefSchema = z.object({ code: z.string(), name: z.string(), level: z.enum(['nation', 'province', 'prefecture', 'county']) });
const bilingual = z.object({ zh: z.string(), en: z.string() });
const breakdownRowSchema = z.object({ key: z.string(), label: bilingual, planned: areaFigureSchema, supplied: areaFigureSchema, rate: z.string().nullable() });
const countAreaSchema = z.object({ parcels: z.number().int(), area: areaFigureSchema });

export const rollupSchema = z.object({
  unit: unitRefSchema,
  ancestry: z.array(unitRefSchema),
  year: z.number().int(),
  years: z.array(z.number().int()),
  asOf: isoDate,
  counties: z.number().int(),
  reporting: z.object({ reported: z.number().int(), lastReportedAt: z.string().nullable(), firstReportedAt: z.string().nullable() }),
  totals: z.object({ planned: areaFigureSchema, supplied: areaFigureSchema, rate: z.string().nullable(), records: z.number().int() }),
  byCategory: z.array(breakdownRowSchema),
  byMethod: z.array(breakdownRowSchema),
  bySource: z.array(breakdownRowSchema),
  publication: z.object({ plans: z.number().int(), onTime: z.number().int(), late: z.number().int(), unpublished: z.number().int(), missing: z.number().int() }),
  unstarted: z.object({ overdue: countAreaSchema, idle: countAreaSchema, recoverable: countAreaSchema }),
  children: z.array(
    unitRefSchema.extend({
      planned: areaFigureSchema,
      supplied: areaFigureSchema,
      rate: z.string().nullable(),
      plans: z.number().int(),
      publishedOnTime: z.number().int(),
      publishedLate: z.number().int(),
      extent: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
    }),
  ),
});

export type RollupDto = z.output<typeof rollupSchema>;

/** Today in China Standard Time: the default as-of date for overdue and idle land. */
function todayCst(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function rollupRoutes(store: Store): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/rollup',
      tag: 'rollup',
      summary: { zh: '当前账号可查看的汇总单位（授权所在单位；全部授权为全国）', en: 'the units the account may view roll-ups of (its grants; a grant for all is the nation)' },
      access: rolesFor('rollup.read'),
      response: z.object({ units: z.array(unitRefSchema) }),
      handler: async ({ user }) => {
        if (!user) throw new ApiError('unauthenticated');
        return { units: await grantUnits(store.db, user.grants.map((g) => g.jurisdictionCode)) };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/rollup/:unit',
      tag: 'rollup',
      summary: { zh: '上级汇总：按时公布、计划与执行（按用途、方式）、闲置与逾期、下级单位执行率', en: 'roll-up of a prefecture, province or the nation (000000): on-time publication, plan against execution, idle and overdue land, units below' },
      access: rolesFor('rollup.read'),
      params: z.object({ unit: unitCodeParam }),
      query: z.strictObject({ year: z.coerce.number().int().min(1990).max(2100).optional(), asOf: isoDate.optional() }),
      response: rollupSchema,
      handler: async ({ params, query, user }) => {
        await requireAction(store.db, user, 'rollup.read', params.unit);
        try {
          return await rollupDashboard(store.db, { unit: params.unit, ...(query.year !== undefined ? { year: query.year } : {}), asOf: query.asOf ?? todayCst() });
        } catch (e) {
          if (e instanceof UnknownUnitError) throw new ApiError('not-found', { zh: `未知行政区 ${params.unit}`, en: `unknown unit ${params.unit}` });
          throw e;
        }
      },
    }),
  ];
}
