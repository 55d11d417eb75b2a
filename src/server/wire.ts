/**
 * Builds the server's dependencies from the register and the services that exist. Each service
 * is wired here once; routes whose service is missing are not mounted (routes/index.ts).
 */
import type { Store } from '../store/database.js';
import { getUserByUsername } from '../services/register.js';
import { auditText } from '../audit/index.js';
import { attachmentTables } from './routes/tables.js';
import { isRole } from './auth/roles.js';
import type { UserDirectory } from './deps.js';
import type { ServerDeps } from './routes/index.js';
import { DEMO_SOURCE } from '../services/dashboard-parcels.js';

export function storeUsers(store: Store): UserDirectory {
  return {
    findByUsername: async (username) => {
      const u = await getUserByUsername(store.db, username);
      if (!u) return undefined;
      const roles = [...new Set(u.roles.map((g) => g.role).filter(isRole))];
      return { id: String(u.id), username: u.username, displayName: u.displayName, roles, passwordHash: u.passwordHash, disabled: u.disabled };
    },
  };
}

export interface WireOptions {
  readonly version?: string;
  readonly demoPlanText?: string;
  /** Constraint layers for the map (the demo's synthetic ones when the demo is loaded). */
  readonly constraintLayers?: () => Promise<{ type: 'FeatureCollection'; features: { type: 'Feature'; geometry: import('../domain/parcel.js').ParcelGeometry; properties: { layer: string; name: string } }[] }>;
}

export function wireDeps(store: Store, o: WireOptions = {}): ServerDeps {
  return {
    users: storeUsers(store),
    store,
    auditText,
    plan: { attachmentTables },
    ...(o.version !== undefined ? { version: o.version } : {}),
    ...(o.demoPlanText !== undefined ? { demoPlanText: o.demoPlanText } : {}),
    ...(o.constraintLayers ? { parcels: { constraintLayers: o.constraintLayers } } : {}),
    dashboard: {
      demoSupplyCount: async (planId) => {
        const rows = await store.db.selectFrom('supply_record').select('note').where('plan_id', '=', planId).where('note', 'is not', null).execute();
        return rows.filter((r) => r.note !== null && DEMO_SOURCE.test(r.note)).length;
      },
    },
  };
}
