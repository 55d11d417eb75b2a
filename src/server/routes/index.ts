/** Every route, one file per resource. A resource whose service is absent is not mounted. */
import type { SessionStore } from '../auth/sessions.js';
import type { UserDirectory } from '../deps.js';
import type { AnyRoute } from '../route.js';
import { healthRoutes } from './health.js';
import { sessionRoutes, type SessionRouteOptions } from './session.js';

export interface ServerDeps {
  readonly users: UserDirectory;
  readonly version?: string;
}

export function allRoutes(deps: ServerDeps, sessions: SessionStore, o: SessionRouteOptions): AnyRoute[] {
  return [...healthRoutes(deps.version ?? '0.1.0'), ...sessionRoutes(deps.users, sessions, o)];
}
