/**
 * zod schemas of the pipeline routes (requests and responses): one declaration validates, shapes
 * the OpenAPI document and types the handlers. Kept beside schemas.ts so merges stay small.
 */
import { z } from 'zod';
import { EVENT_KINDS, documentSchema } from '../domain/pipeline/steps.js';
import { bilingualSchema, findingSchema, isoDate } from './schemas.js';

/** Arrays the services return read-only. */
const list = <T extends z.ZodType>(t: T) => z.array(t).readonly();

export const documentDto = documentSchema;

export const itemSchema = z.object({
  parcelId: z.number(),
  parcelNumber: z.string().nullable().optional(),
  projectName: z.string().nullable().optional(),
  rule: z.string(),
  kind: z.enum(['overdue', 'late', 'short', 'schedule', 'idle', 'recovery', 'uncomputable', 'due']),
  title: bilingualSchema,
  step: z.string(),
  dueDate: z.string().optional(),
  days: z.number(),
  amountWanYuan: z.string().optional(),
  instalmentNo: z.number().optional(),
  message: bilingualSchema,
  basis: z.string(),
  confidence: z.string(),
  evidence: z.object({ eventIds: list(z.number()), documents: list(documentDto) }),
});

export const calendarInfoSchema = z.object({ source: z.string(), version: z.string(), firstYear: z.number(), lastYear: z.number(), description: bilingualSchema });

const timelineStepSchema = z.object({
  kind: z.string(),
  label: bilingualSchema,
  status: z.enum(['done', 'next', 'pending']),
  on: z.string().optional(),
  eventId: z.number().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  documents: list(documentDto),
  items: list(itemSchema),
});

const timelineEventSchema = z.object({
  id: z.number(),
  seq: z.number(),
  kind: z.string(),
  label: bilingualSchema,
  occurredOn: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string(),
  role: z.string(),
  data: z.record(z.string(), z.unknown()),
  documents: list(documentDto),
  reversed: z.boolean(),
});

export const parcelPipelineSchema = z.object({
  parcel: z.object({ id: z.number(), jurisdictionCode: z.string(), parcelNumber: z.string().nullable(), projectName: z.string().nullable(), district: z.string().nullable() }),
  asOf: z.string(),
  path: z.enum(['grant', 'allocation']).nullable(),
  next: z.string().nullable(),
  steps: list(timelineStepSchema),
  events: list(timelineEventSchema),
  items: list(itemSchema),
  reserve: z.object({
    project: z.object({ id: z.number(), jurisdictionCode: z.string(), code: z.string(), name: z.string(), approvalRef: z.string().nullable(), createdAt: z.string() }).nullable(),
    costs: z.object({ byCategory: z.record(z.string(), z.string()), total: z.string(), entries: z.number() }),
    checklist: list(z.object({ item: z.string(), done: z.boolean(), on: z.string().optional(), documents: list(documentDto) })),
    readyToList: z.boolean(),
  }),
  money: z.object({ priceWanYuan: z.string().nullable(), paidWanYuan: z.string(), instalments: list(z.object({ no: z.number(), dueDate: z.string(), amountWanYuan: z.string() })) }),
  agreed: z.object({ delivery: z.string().optional(), start: z.string().optional(), completion: z.string().optional() }),
  reservePriceVisible: z.boolean(),
  calendar: calendarInfoSchema,
  ruleSet: z.string(),
});

export const recordEventRequestSchema = z.strictObject({
  kind: z.enum(EVENT_KINDS as [string, ...string[]]),
  occurredOn: isoDate,
  data: z.record(z.string(), z.unknown()),
  documents: z.array(z.unknown()).max(20).default([]),
});

export const recordedEventSchema = z.object({ id: z.number(), seq: z.number(), kind: z.string(), occurredOn: z.string(), role: z.string() });

const executionLine = z.object({ key: z.string(), count: z.number(), areaHa: z.string(), priceWanYuan: z.string() });

export const pipelineOverviewSchema = z.object({
  jurisdictionCode: z.string(),
  asOf: z.string(),
  parcels: z.number(),
  reserve: z.number(),
  funnels: z.object({ grant: list(z.object({ step: z.string(), reached: z.number() })), allocation: list(z.object({ step: z.string(), reached: z.number() })) }),
  itemsTotal: z.number(),
  items: list(itemSchema),
  counts: z.record(z.string(), z.number()),
  dueThisMonthTotal: z.number(),
  dueThisMonth: list(z.object({ parcelId: z.number(), parcelNumber: z.string().nullable(), projectName: z.string().nullable(), instalmentNo: z.number(), dueDate: z.string(), amountWanYuan: z.string(), outstandingWanYuan: z.string(), contractNo: z.string() })),
  idleCases: z.object({ investigating: z.number(), determined: z.number(), disposed: z.record(z.string(), z.number()) }),
  execution: z.object({ byMonth: list(executionLine), byCategory: list(executionLine), byDistrict: list(executionLine), evidenceCount: z.number() }),
  calendar: calendarInfoSchema,
  ruleSet: z.string(),
  notComputed: list(z.string()),
});

export const notificationsSchema = z.object({ asOf: z.string(), total: z.number(), items: list(itemSchema.extend({ jurisdictionCode: z.string(), urgency: z.enum(['overdue', 'due']) })) });

export const reviewRequestSchema = z.strictObject({ reservePriceWanYuan: z.string().regex(/^\d{1,12}(\.\d{1,6})?$/), method: z.enum(['2', '21', '22', '23', '3']).optional() });
export const reviewSchema = z.object({ reservePriceWanYuan: z.string(), costs: z.object({ byCategory: z.record(z.string(), z.string()), total: z.string(), entries: z.number() }), ruleSet: z.string(), findings: list(findingSchema), verdict: z.enum(['pass', 'refuse']) });
