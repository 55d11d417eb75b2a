/**
 * The API's data shapes, declared once in zod: routes validate with them, the OpenAPI document is
 * generated from them, and the web app imports their inferred types. Areas travel as decimal
 * strings in hectares ("1843.24"), never as floats: the browser shows what the server computed.
 */
import { z } from 'zod';
import { supplyInputSchema as domainSupplySchema } from '../domain/rules/supply-input.js';
import { safeText } from '../domain/text.js';
import { ROLES } from '../domain/access.js';

/** A decimal figure as text, e.g. "1843.2400". */
export const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal number such as 12.5');
export const bilingualSchema = z.object({ zh: z.string(), en: z.string() });
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-03-31');
export const idParam = z.coerce.number().int().positive().max(2 ** 31);

export const findingSchema = z
  .object({
    rule: z.string(),
    severity: z.enum(['error', 'warning', 'info']),
    message: bilingualSchema,
    stated: z.string().optional(),
    expected: z.string().optional(),
    figures: z.array(z.string()),
    suggestion: bilingualSchema.optional(),
    basis: z.string().optional(),
    /** How sure the basis is; "heuristic" (经验阈值) marks a rule of thumb, not law. */
    confidence: z.enum(['confirmed', 'secondary', 'unconfirmed', 'heuristic']).optional(),
  })
  .meta({ id: 'Finding' });
export type FindingDto = z.infer<typeof findingSchema>;

export const jurisdictionSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  parentCode: z.string().nullable(),
});
export type JurisdictionDto = z.infer<typeof jurisdictionSchema>;

export const planVersionSchema = z.object({
  id: z.number(),
  seq: z.number(),
  status: z.string(),
  validFrom: z.string(),
  recordedAt: z.string(),
});
export type PlanVersionDto = z.infer<typeof planVersionSchema>;

export const planSummarySchema = z.object({
  id: z.number(),
  jurisdictionCode: z.string(),
  year: z.number(),
  name: z.string(),
  versions: z.array(planVersionSchema),
});
export type PlanSummaryDto = z.infer<typeof planSummarySchema>;

/** One line of a breakdown: the plan's figure and what has been supplied against it. */
export const breakdownLineSchema = z.object({
  key: z.string(),
  label: bilingualSchema,
  planHa: decimalString.nullable(),
  suppliedHa: decimalString,
  /** supplied ÷ plan, a percentage with 2 decimals; null when the plan states no figure. */
  ratePercent: decimalString.nullable(),
});
export type BreakdownLineDto = z.infer<typeof breakdownLineSchema>;

export const tableSchema = z.object({
  title: bilingualSchema,
  columns: z.array(bilingualSchema),
  rows: z.array(z.array(z.string())),
  notes: z.array(z.string()).optional(),
});
export type TableDto = z.infer<typeof tableSchema>;

export const indicatorBalanceSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['binding', 'indicative']),
  capHa: decimalString,
  debitedHa: decimalString,
  remainingHa: decimalString,
});
export type IndicatorBalanceDto = z.infer<typeof indicatorBalanceSchema>;

export const planDetailSchema = z.object({
  plan: planSummarySchema,
  version: planVersionSchema,
  totalHa: decimalString,
  categories: z.array(
    z.object({
      category: z.string(),
      label: bilingualSchema,
      kind: z.enum(['binding', 'indicative']),
      allocation: z.enum(['pooled', 'zoneAllocated']),
      areaHa: decimalString,
      sharePercent: decimalString,
    }),
  ),
  cells: z.array(z.object({ key: z.record(z.string(), z.union([z.string(), z.number()])), areaHa: decimalString })),
  districts: z.array(z.object({ id: z.string(), name: z.string() })),
  marginals: z.array(z.object({ label: z.string(), kind: z.enum(['binding', 'indicative']), areaHa: decimalString })),
  attachments: z.array(tableSchema),
  findings: z.array(findingSchema),
  /** Figures the audit flagged when this version was read from a published text. */
  flagged: z.array(findingSchema),
});
export type PlanDetailDto = z.infer<typeof planDetailSchema>;

export const alertSchema = z.object({ severity: z.enum(['error', 'warning', 'info']), message: bilingualSchema });

export const dashboardSchema = z.object({
  plan: planSummarySchema,
  versionId: z.number(),
  totalHa: decimalString,
  suppliedHa: decimalString,
  remainingHa: decimalString,
  executionRatePercent: decimalString,
  supplyCount: z.number(),
  demoSupplyCount: z.number(),
  byCategory: z.array(breakdownLineSchema),
  byDistrict: z.array(breakdownLineSchema),
  byMethod: z.array(breakdownLineSchema),
  byMonth: z.array(z.object({ month: z.string(), suppliedHa: decimalString, cumulativeHa: decimalString })),
  alerts: z.array(alertSchema),
});
export type DashboardDto = z.infer<typeof dashboardSchema>;

export const auditFigureSchema = z.object({
  id: z.string(),
  label: z.string(),
  role: z.string(),
  value: z.string(),
  unit: z.string(),
  quote: z.string(),
  start: z.number(),
  end: z.number(),
});
export type AuditFigureDto = z.infer<typeof auditFigureSchema>;

export const auditRequestSchema = z.object({
  /** The plan text (UTF-8). A few hundred KB at most: a plan is ~20 KB. */
  text: z.string().min(1).max(1_000_000),
});

/** A plan document as uploaded: its file name (for the type) and its bytes in base64. */
export const auditDocumentRequestSchema = z
  .strictObject({
    filename: z.string().min(1).max(255).regex(/\.(txt|text|docx)$/i, 'a .txt or .docx file'),
    contentBase64: z.string().min(1).max(2_000_000).regex(/^[A-Za-z0-9+/=\s]+$/, 'base64'),
  })
  .meta({ id: 'AuditDocumentRequest' });

export const auditReportSchema = z
  .object({
    document: z.object({ title: z.string().nullable(), region: z.string().nullable(), year: z.number().nullable() }),
    /** The text as audited (normalised); figure offsets refer to it. */
    text: z.string(),
    figures: z.array(auditFigureSchema),
    findings: z.array(findingSchema),
    /** Numbers with an area or share unit that no figure took (floor areas …), offsets in `text`. */
    unread: z.array(z.object({ start: z.number(), end: z.number(), text: z.string(), reason: z.string() })).optional(),
  })
  .meta({ id: 'AuditReport' });
export type AuditReportDto = z.infer<typeof auditReportSchema>;

export const PARCEL_STATUSES = ['available', 'supplied', 'started', 'completed'] as const;
export const parcelStatusSchema = z.enum(PARCEL_STATUSES);
export type ParcelStatus = z.infer<typeof parcelStatusSchema>;

/** What a parcel row shows in the table and on the map. */
export const parcelPropertiesSchema = z.object({
  id: z.number(),
  jurisdictionCode: z.string(),
  parcelNumber: z.string().nullable(),
  projectName: z.string().nullable(),
  location: z.string().nullable(),
  district: z.string().nullable(),
  areaHa: decimalString.nullable(),
  useCode: z.string().nullable(),
  category: z.string().nullable(),
  categoryName: bilingualSchema.nullable(),
  supplyMethod: z.string().nullable(),
  supplyMethodName: bilingualSchema.nullable(),
  status: parcelStatusSchema,
  contractDate: z.string().nullable(),
  /** Generated for the demo, not a real parcel. */
  demo: z.boolean(),
});
export type ParcelPropertiesDto = z.infer<typeof parcelPropertiesSchema>;

const position = z.tuple([z.number(), z.number()]);
export const geometrySchema = z.union([
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(position)) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(position))) }),
]);

export const parcelCollectionSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    /** Parcels matching the filters (before limit / offset). */
    total: z.number(),
    features: z.array(
      z.object({ type: z.literal('Feature'), id: z.number(), geometry: geometrySchema.nullable(), properties: parcelPropertiesSchema }),
    ),
  })
  .meta({ id: 'ParcelCollection' });
export type ParcelCollectionDto = z.infer<typeof parcelCollectionSchema>;

export const parcelQuerySchema = z.object({
  /** Only this jurisdiction (within the caller's scope). */
  jurisdiction: z.string().regex(/^\d{6}$/).optional(),
  district: z.string().max(64).optional(),
  category: z.string().max(64).optional(),
  status: parcelStatusSchema.optional(),
  /** Matches 宗地编号 or 项目名称. */
  q: z.string().max(100).optional(),
  /** minLon,minLat,maxLon,maxLat in CGCS2000 (EPSG:4490). */
  bbox: z
    .string()
    .regex(/^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/)
    .optional(),
  geometry: z.enum(['true', 'false']).default('true'),
  limit: z.coerce.number().int().min(1).max(5000).default(100),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

export const layerCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      geometry: geometrySchema,
      properties: z.object({ layer: z.string(), name: z.string() }),
    }),
  ),
});

/**
 * A proposed supply: the plan it draws on and the supply JSON of the rules engine
 * (src/domain/rules/supply-input.ts: id, area, useCode, method, dates, prices, FAR …).
 */
export const supplyRequestSchema = z
  .strictObject({
    planId: z.number().int().positive(),
    /** The plan version the client showed; a check against another than the one in force is refused. */
    planVersionId: z.number().int().positive().optional(),
    // Strict, with safe text and bounded sizes (domain/rules/supply-input.ts): an unknown field is refused.
    supply: domainSupplySchema,
  })
  .meta({ id: 'SupplyRequest' });
/** A write names the plan version it debits: recorded only if that version is the one in force. */
export const supplyRecordRequestSchema = supplyRequestSchema.extend({ planVersionId: z.number().int().positive() }).meta({ id: 'SupplyRecordRequest' });
/** A supply with its geometry: a surveyed parcel is tens of vertices, GEOMETRY_LIMITS allows 20,000. */
export const SUPPLY_BODY_LIMIT = 1024 * 1024;
export type SupplyRequestDto = z.input<typeof supplyRequestSchema>;

/** An authorised override: the same supply, recorded despite error findings, with the reason. */
export const supplyOverrideRequestSchema = supplyRecordRequestSchema
  .extend({ reason: safeText({ max: 500, multiline: true }).trim().min(4) })
  .meta({ id: 'SupplyOverrideRequest' });
export type SupplyOverrideRequestDto = z.input<typeof supplyOverrideRequestSchema>;

export const indicatorImpactSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['binding', 'indicative']),
  capHa: decimalString,
  debitedHa: decimalString,
  afterHa: decimalString,
  exceeds: z.boolean(),
});
export type IndicatorImpactDto = z.infer<typeof indicatorImpactSchema>;

export const supplyCheckSchema = z.object({
  /** False when a finding of severity error or a binding cap forbids recording. */
  allowed: z.boolean(),
  findings: z.array(findingSchema),
  impact: z.array(indicatorImpactSchema),
});
export type SupplyCheckDto = z.infer<typeof supplyCheckSchema>;

export const supplyRecordedSchema = supplyCheckSchema.extend({
  recordIds: z.array(z.number()),
  parcelId: z.number(),
  overridden: z.array(z.string()).optional(),
  /** True when this supply id was already recorded with the same content: nothing was written (HTTP 200). */
  replayed: z.boolean().optional(),
});
export type SupplyRecordedDto = z.infer<typeof supplyRecordedSchema>;

export const referenceSchema = z.object({
  /** 用地用海分类 2023 codes (the default scheme of supplies). */
  useCodes: z.array(z.object({ code: z.string(), name: z.string(), category: z.string().nullable() })),
  methods: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
  housingTypes: z.array(z.object({ id: z.string(), zh: z.string(), en: z.string() })),
});
export type ReferenceDto = z.infer<typeof referenceSchema>;

/** An account as administrators see it (never the password hash). */
export const accountSchema = z
  .object({
    username: z.string(),
    displayName: z.string(),
    disabled: z.boolean(),
    /** Locked for a while after repeated failed logins. */
    locked: z.boolean(),
    grants: z.array(z.object({ role: z.enum(ROLES), jurisdictionCode: z.string().nullable() })),
    createdAt: z.string(),
  })
  .meta({ id: 'Account' });
export type AccountDto = z.infer<typeof accountSchema>;

// ---- the plan's life (docs/plan-life.md) ----

const stateNameSchema = z.object({ zh: z.string(), en: z.string() });
export const versionSummarySchema = z
  .object({
    id: z.number(),
    planId: z.number(),
    jurisdictionCode: z.string(),
    year: z.number(),
    seq: z.number(),
    state: z.string(),
    stateName: stateNameSchema,
    basedOn: z.number().nullable(),
    changeReason: z.string().nullable(),
    consultation: z.object({ from: z.string(), until: z.string() }).nullable(),
    docNumber: z.string().nullable(),
    approvedOn: z.string().nullable(),
    publishedOn: z.string().nullable(),
    decision: z.object({ date: z.string(), meeting: z.string() }).nullable(),
    answersPublishedAt: z.string().nullable(),
    inForce: z.boolean(),
    next: z.array(z.string()).readonly(),
    transitions: z
      .array(
        z.object({
          from: z.string().nullable(),
          to: z.string(),
          actor: z.string().nullable(),
          role: z.string(),
          date: z.string().nullable(),
          until: z.string().nullable(),
          docNumber: z.string().nullable(),
          reason: z.string().nullable(),
          recordedAt: z.string(),
        }),
      )
      .readonly(),
  })
  .meta({ id: 'VersionSummary' });
export type VersionSummaryDto = z.infer<typeof versionSummarySchema>;

/** A cell of a plan version's cube: its key and area (hectares and 亩, derived). */
export const cubeCellSchema = z.object({ key: z.record(z.string(), z.union([z.string(), z.number()])), hectares: z.string(), mu: z.string() });
export const versionDetailSchema = versionSummarySchema.extend({
  cube: z.object({ dimensions: z.array(z.string()), districts: z.array(z.object({ id: z.string(), name: z.string() })), cells: z.array(cubeCellSchema), totalHectares: z.string() }),
  tables: z.array(tableSchema),
  findings: z.array(findingSchema),
});

const dimensionValue = z.union([safeText({ max: 64, min: 1 }), z.number().int().min(1).max(4)]);
export const cubeEditSchema = z.strictObject({
  cells: z
    .array(
      z.strictObject({
        key: z.strictObject({ category: safeText({ max: 64, min: 1 }), method: dimensionValue.optional(), source: dimensionValue.optional(), district: dimensionValue.optional(), quarter: dimensionValue.optional(), housingType: dimensionValue.optional() }),
        hectares: z.string().regex(/^\d{1,9}(\.\d{1,4})?$/, 'hectares with at most 4 decimals, such as 12.5'),
      }),
    )
    .max(5000),
  note: safeText({ max: 500 }).optional(),
  commentIds: z.array(z.number().int().positive()).max(500).optional(),
});
export const transitionRequestSchema = z.strictObject({
  to: z.string().max(32),
  date: isoDate.optional(),
  until: isoDate.optional(),
  docNumber: safeText({ max: 100, min: 1 }).optional(),
  reason: safeText({ max: 1000, min: 1, multiline: true }).optional(),
});
export const reasonRequestSchema = z.strictObject({ reason: safeText({ max: 1000, min: 1, multiline: true }) });
export const decisionRequestSchema = z.strictObject({ date: isoDate, meeting: safeText({ max: 200, min: 1 }) });
export const newPlanRequestSchema = z.strictObject({ jurisdictionCode: z.string().regex(/^\d{6}$/), year: z.number().int().min(2000).max(2100), fromVersionId: z.number().int().positive().optional() });
export const diffSchema = z.object({
  from: z.number(),
  to: z.number(),
  reason: z.string().nullable(),
  cells: z.array(z.object({ key: z.record(z.string(), z.union([z.string(), z.number()])), label: stateNameSchema, before: z.string(), after: z.string(), delta: z.string(), marginal: z.boolean().optional() })),
  comments: z.array(
    z.object({
      id: z.number(),
      item: z.object({ kind: z.string(), key: z.string().nullable() }),
      body: z.string(),
      answer: z.object({ kind: z.string(), reason: z.string() }).nullable(),
      cellKey: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
    }),
  ),
});
export const publicPlanSchema = z.object({ planId: z.number(), jurisdictionCode: z.string(), jurisdictionName: z.string(), year: z.number(), name: z.string(), versions: z.array(versionSummarySchema) });
