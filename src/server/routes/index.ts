/** Every route, one file per resource. A resource whose service is absent is not mounted. */
import type { SessionStore } from '../auth/sessions.js';
import type { ServerDeps } from '../deps.js';
import type { AnyRoute } from '../route.js';
import { auditRoutes } from './audit.js';
import { dashboardRoutes } from './dashboard.js';
import { healthRoutes } from './health.js';
import { jurisdictionRoutes } from './jurisdictions.js';
import { parcelRoutes } from './parcels.js';
import { planRoutes } from './plans.js';
import { planLifeRoutes } from './plan-life.js';
import { sessionRoutes, type SessionRouteOptions } from './session.js';
import { supplyRoutes } from './supply.js';
import { referenceRoutes } from './reference.js';
import { idleRoutes } from './idle.js';
import { exportRoutes } from './exports.js';
import { pipelineRoutes } from './pipeline.js';
import { reserveRoutes } from './reserve.js';
import { attachmentRoutes } from './attachments.js';
import { reportRoutes } from './reports.js';
import { userRoutes } from './users.js';
import { rollupRoutes } from './rollup.js';
import { reportedRoutes } from './reported.js';
import { consultationRoutes } from './consultation.js';

export type { ServerDeps };


export function allRoutes(deps: ServerDeps, sessions: SessionStore, o: SessionRouteOptions): AnyRoute[] {
  const routes = [...healthRoutes(deps.version ?? '0.1.0'), ...sessionRoutes(deps.users, sessions, o), ...auditRoutes(deps.auditText, deps.demoPlanText), ...referenceRoutes()];
  const store = deps.store;
  if (store) {
    routes.push(
      ...jurisdictionRoutes(store),
      ...planRoutes(store, deps.plan ?? {}),
      ...planLifeRoutes(store, deps.plan ?? {}),
      ...dashboardRoutes(store, deps.dashboard ?? {}),
      ...supplyRoutes(store, deps.constraints),
      ...parcelRoutes(store, deps.parcels ?? {}),
      ...userRoutes(store),
      ...rollupRoutes(store),
      ...reportedRoutes(store),
      ...(deps.idleScan ? idleRoutes(store, deps.idleScan) : []),
      ...exportRoutes(store, deps.exports),
      ...pipelineRoutes(store),
      ...reserveRoutes(store),
      ...attachmentRoutes(store),
      ...reportRoutes(store),
      ...consultationRoutes(store, deps.consultation),
    );
  }
  return routes;
}
