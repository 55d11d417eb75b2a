/**
 * The plan register's public API for the server, the CLI and other services. Open the register
 * with `openRegister()` (environment: LANDPLAN_DATABASE_URL for PostgreSQL, else
 * LANDPLAN_DATA_DIR/landplan.db), pass the returned Store to the functions below, close it when done.
 * Reads take `store.db`; writes take `store` (they run in one transaction and are audited).
 */
import { openStore, optionsFromEnv, type Store } from '../store/database.js';

export { openStore, optionsFromEnv, type Db, type OpenOptions, type Store } from '../store/database.js';
export { InputError, SchemaTooNewError, ConflictError } from '../store/errors.js';
export { migrate, SCHEMA_VERSION } from '../store/migrate.js';
export { getJurisdiction, listJurisdictions, upsertJurisdiction, type Jurisdiction } from '../store/repos/jurisdictions.js';
export {
  createPlan,
  inForceVersion,
  latestVersion,
  findPlan,
  getPlan,
  getPlanVersion,
  listPlanVersions,
  PLAN_STATUSES,
  type NewPlanVersion,
  type PlanStatus,
  type PlanVersion,
} from '../store/repos/plans.js';
export { cubeFromJson, cubeToJson, type CubeJson } from '../store/cube-json.js';
export { listDistricts, upsertDistrict, type DistrictRecord } from '../store/repos/districts.js';
export { countParcels, getParcel, listParcels, type Parcel, type ParcelQuery } from '../store/repos/parcels.js';
export { createUser, getUser, getUserByUsername, listUsers, recordLoginAttempt, setDisabled, setPasswordHash, setRoles, ROLES, type Role, type RoleGrant, type User } from '../store/repos/users.js';
export { addComment, listComments, type Comment } from '../store/repos/comments.js';
export { listAudit, verifyAuditChain, type AuditEntry, type AuditQuery } from '../store/audit-log.js';
export { verifyStore, type VerifyReport } from '../store/verify.js';
export { backupStore, restoreStore } from '../store/backup.js';
export { importParcels } from './import-parcels.js';

/** Opens the register configured by the environment and migrates it. */
export function openRegister(env: NodeJS.ProcessEnv = process.env): Promise<Store> {
  return openStore(optionsFromEnv(env));
}
