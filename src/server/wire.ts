/**
 * Builds the server's dependencies from the register and the services that exist. Each service
 * is wired here once; routes whose service is missing are not mounted (routes/index.ts).
 */
import type { Store } from '../store/database.js';
import type { ConstraintIndex } from '../geo/overlay.js';
import { getUser, getUserByUsername, type User } from '../services/register.js';
import { changeOwnPassword, recordLogin } from '../services/accounts.js';
import { auditInWorker } from '../services/audit-in-worker.js';
import { attachmentTables } from '../services/plan-tables.js';
import { checkPlanDocument } from '../services/check-plan.js';
import { ruleSetOfVersion } from '../services/record-supply.js';
import { isRole } from './auth/roles.js';
import type { UserDirectory, UserRecord } from './deps.js';
import type { ServerDeps } from './deps.js';
import { demoSupplyCount } from '../services/dashboard.js';
import { DEMO_JURISDICTION } from '../services/demo-county.js';
import { cachedIdleScan, parcelFindings } from '../services/dashboard-findings.js';
import { idleAlerts } from '../services/dashboard-alerts.js';
import { todayIso as today } from '../services/idle-scan.js';

export { LOGIN_LOCKOUT } from '../services/accounts.js';

function userRecord(u: User): UserRecord {
  const roles = [...new Set(u.roles.map((g) => g.role).filter(isRole))];
  const grants = u.roles.filter((g) => isRole(g.role)).map((g) => ({ role: g.role, jurisdictionCode: g.jurisdictionCode }));
  return { id: String(u.id), username: u.username, displayName: u.displayName, roles, grants, passwordHash: u.passwordHash, disabled: u.disabled, lockedUntil: u.lockedUntil };
}

export function storeUsers(store: Store): UserDirectory {
  return {
    findByUsername: async (username) => {
      const u = await getUserByUsername(store.db, username);
      return u ? userRecord(u) : undefined;
    },
    findById: async (id) => {
      const n = Number(id);
      const u = Number.isSafeInteger(n) ? await getUser(store.db, n) : undefined;
      return u ? userRecord(u) : undefined;
    },
    recordLogin: (id, ok) => recordLogin(store, Number(id), ok),
    changeOwnPassword: (id, current, next) => changeOwnPassword(store, Number(id), current, next),
  };
}

export interface WireOptions {
  readonly version?: string;
  readonly demoPlanText?: string;
  /** Constraint layers indexed for the spatial rules (the demo's when the demo is loaded). */
  readonly constraints?: () => ConstraintIndex;
  /** The jurisdiction the constraint layers belong to (default: the demo county's). */
  readonly constraintLayersJurisdiction?: string;
  /** Constraint layers for the map (the demo's synthetic ones when the demo is loaded). */
  readonly constraintLayers?: () => Promise<{ type: 'FeatureCollection'; features: { type: 'Feature'; geometry: import('../domain/parcel.js').ParcelGeometry; properties: { layer: string; name: string } }[] }>;
}

export function wireDeps(store: Store, o: WireOptions = {}): ServerDeps {
  const idle = cachedIdleScan();
  return {
    users: storeUsers(store),
    store,
    auditText: auditInWorker,
    plan: {
      attachmentTables,
      checkPlan: (v) => checkPlanDocument({ region: v.jurisdictionCode, year: v.year, cube: v.cube }, ruleSetOfVersion(v.ruleSet, v.year)),
    },
    ...(o.version !== undefined ? { version: o.version } : {}),
    ...(o.constraints ? { constraints: o.constraints } : {}),
    ...(o.demoPlanText !== undefined ? { demoPlanText: o.demoPlanText } : {}),
    parcels: {
      parcelFindings: async (id) => (await parcelFindings(store.db, id, today(), o.constraints?.())) ?? [],
      ...(o.constraintLayers ? { constraintLayers: o.constraintLayers, constraintLayersJurisdiction: o.constraintLayersJurisdiction ?? DEMO_JURISDICTION.code } : {}),
    },
    idleScan: idle,
    dashboard: {
      idleAlerts: async (jurisdictionCode) => idleAlerts(await idle(store, jurisdictionCode, today())),
      demoSupplyCount: (planId) => demoSupplyCount(store.db, planId),
    },
  };
}
