/**
 * What the HTTP layer needs from the layers below it. `wire.ts` builds these from the store and
 * the services; tests may build them over an in-memory database. A capability left undefined is
 * not served (its routes are not registered), rather than faked.
 */
import type { z } from 'zod';
import type { AuditJob, AuditJobResult } from '../services/audit-in-worker.js';
import type { PdfConverter } from '../services/export-converter.js';
import type { Grant, Role } from '../domain/access.js';
import type { Finding } from '../domain/finding.js';
import type { ConstraintIndex } from '../geo/overlay.js';
import type { IdleScanResult } from '../services/idle-scan.js';
import type { PlanVersion } from '../store/repos/plans.js';
import type { Store } from '../store/database.js';
import type { ConsultationOptions } from './routes/consultation.js';
import type { alertSchema, layerCollectionSchema, TableDto } from './schemas.js';

export interface UserRecord {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  /** Where each role applies (null: every jurisdiction); absent = everywhere. */
  readonly grants?: readonly Grant[];
  /** argon2 encoded hash; null = the account cannot log in. */
  readonly passwordHash: string | null;
  readonly disabled: boolean;
  /** ISO instant until which logins are refused (too many failures), or null. */
  readonly lockedUntil?: string | null;
}

export interface UserDirectory {
  findByUsername(username: string): Promise<UserRecord | undefined>;
  findById(id: string): Promise<UserRecord | undefined>;
  /** Counts a login attempt for the per-account lockout; absent = no lockout (an app without a register). */
  recordLogin?(id: string, ok: boolean): Promise<void>;
}

/** Runs one audit job off the main thread (services/audit-in-worker.ts). */
export type AuditTextFn = (job: AuditJob) => Promise<AuditJobResult>;

export type IdleScanFn = (store: Store, jurisdictionCode: string, asOf: string) => Promise<IdleScanResult>;

/** Plan checks and attachment tables come from services; absent ones are simply not shown. */
export interface PlanServices {
  readonly checkPlan?: (v: PlanVersion) => readonly Finding[];
  /** `warn` hears what could not be computed (the table also says so in a note). */
  readonly attachmentTables?: (v: PlanVersion, warn?: (message: string) => void) => readonly TableDto[];
}

export interface ParcelServices {
  /** Findings about one parcel (rules engine: supply and post-supply checks, idle land). */
  readonly parcelFindings?: (parcelId: number) => Promise<readonly Finding[]>;
  /** Constraint layers (districts, 城镇开发边界, 永久基本农田, 生态保护红线) as GeoJSON, and the jurisdiction they belong to. */
  readonly constraintLayers?: () => Promise<z.input<typeof layerCollectionSchema>>;
  readonly constraintLayersJurisdiction?: string;
}

export interface DashboardOptions {
  /** How many of a plan's supply records are demo data (generated, not real). */
  readonly demoSupplyCount?: (planId: number) => Promise<number>;
  /** Alerts beyond the quota ones (idle land …) for a jurisdiction. */
  readonly idleAlerts?: (jurisdictionCode: string) => Promise<z.input<typeof alertSchema>[]>;
}

/** Everything the routes are built from; `wire.ts` builds it from the register and the services. */
export interface ServerDeps {
  readonly users: UserDirectory;
  readonly version?: string;
  /** The register; without it only session, health and audit are served. */
  readonly store?: Store;
  readonly auditText?: AuditTextFn;
  readonly demoPlanText?: string;
  readonly plan?: PlanServices;
  readonly parcels?: ParcelServices;
  readonly dashboard?: DashboardOptions;
  readonly idleScan?: IdleScanFn;
  /** Constraint layers for the spatial rules of supply checks. */
  readonly constraints?: () => ConstraintIndex;
  /** The PDF converter for downloads (LibreOffice by default). */
  readonly exports?: ExportServices;
  /** Public consultation: comment limits per client (defaults: docs/plan-life.md). */
  readonly consultation?: ConsultationOptions;
}

export interface ExportServices {
  readonly converter?: PdfConverter;
}
