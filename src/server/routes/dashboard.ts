import type { DashboardOptions } from '../deps.js';
import { z } from 'zod';
import type { Store } from '../../store/database.js';
import { balances } from '../../services/ledger.js';
import { inForceVersion, latestVersion } from '../../services/register.js';
import { cachedPlanDashboard } from '../../services/dashboard.js';
import { planItem } from '../../services/dashboard-plans.js';
import { planPublicationAlerts } from '../../services/dashboard-alerts.js';
import { chinaDate } from '../../domain/calendar/cst.js';
import { ApiError } from '../errors.js';
import { defineRoute, type AnyRoute } from '../route.js';
import { dashboardSchema, idParam, indicatorBalanceSchema } from '../schemas.js';
import { planSummary } from './convert.js';
import { STAFF } from '../auth/roles.js';
import { requireAction } from '../auth/scope.js';

const planParams = z.object({ planId: idParam });


export function dashboardRoutes(store: Store, o: DashboardOptions): AnyRoute[] {
  const dashboardOf = cachedPlanDashboard();
  return [
    defineRoute({
      method: 'GET',
      url: '/api/plans/:planId/dashboard',
      tag: 'dashboard',
      summary: { zh: '计划执行总览：按用途、片区、方式、月份的供应与执行率、预警', en: 'plan execution: supplied by use, district, method and month; execution rate; alerts' },
      access: STAFF,
      params: planParams,
      response: dashboardSchema,
      handler: async ({ params, user }) => {
        const [item, d] = await Promise.all([planItem(store.db, params.planId, { publicOnly: false }), dashboardOf(store.db, params.planId)]);
        if (!item || !d) throw new ApiError('not-found');
        await requireAction(store.db, user, 'register.read', item.jurisdictionCode);
        return {
          plan: planSummary(item, item.versions),
          versionId: d.version.id,
          totalHa: d.totalHa,
          suppliedHa: d.suppliedHa,
          remainingHa: d.remainingHa,
          executionRatePercent: d.executionRatePercent,
          supplyCount: d.supplyCount,
          demoSupplyCount: o.demoSupplyCount ? await o.demoSupplyCount(params.planId) : 0,
          byCategory: d.byCategory,
          byDistrict: d.byDistrict,
          byMethod: d.byMethod,
          byMonth: d.byMonth,
          alerts: [...d.alerts, ...(await planPublicationAlerts(store.db, item.id, item.year, chinaDate(store.now()))), ...(o.idleAlerts ? await o.idleAlerts(item.jurisdictionCode) : [])],
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/plans/:planId/ledger',
      tag: 'ledger',
      summary: { zh: '指标台账余额', en: 'quota ledger balances' },
      access: STAFF,
      params: planParams,
      response: z.object({ versionId: z.number(), balances: z.array(indicatorBalanceSchema) }),
      handler: async ({ params, user }) => {
        const v = (await inForceVersion(store.db, params.planId)) ?? (await latestVersion(store.db, params.planId));
        if (!v) throw new ApiError('not-found');
        await requireAction(store.db, user, 'register.read', v.jurisdictionCode);
        return {
          versionId: v.id,
          balances: (await balances(store.db, v.id)).map((b) => ({ id: b.indicatorId, label: b.label, kind: b.kind, capHa: b.cap.hectares.toFixed(), debitedHa: b.debited.hectares.toFixed(), remainingHa: b.remaining.hectares.toFixed() })),
        };
      },
    }),
  ];
}
