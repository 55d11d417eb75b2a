/**
 * The plan JSON: a plan compiled as data, entered in 公顷 or 亩.
 *
 * {
 *   "region": "巴楚县", "year": 2026, "title": "…",
 *   "unit": "ha" | "mu",                       every bare area below is in this unit
 *   "muStepSquareMetres": "0.01",              rounding step for 亩 → m² (default 0.01 m²)
 *   "publishedOn": "2026-03-20",               optional: date the approved plan was published
 *   "ruleSet": "xj-demo-2026",                 optional: the rule set in force (default cn-<year>)
 *   "dimensions": ["category", "method"],      which keys every cell carries (category always)
 *   "districts": [{"id": "kashgar", "name": "喀什河片区"}],
 *   "rows": [{"category": "residential" | "居住用地", "kind": "binding" | "indicative",
 *             "allocation": "pooled" | "zoneAllocated"}],
 *   "cells": [{"category": "居住用地", "method": "grant" | "出让", "source": "new" | "新增",
 *              "district": "kashgar", "quarter": 2, "housingType": "publicRental" | "公租房",
 *              "area": "12.50"}],
 *   "marginals": [{"key": {"method": "grant"}, "area": "1300.47", "kind": "binding", "label": "出让"}],
 *   "statedTotal": "1843.24",                 the total as the text prints it (its decimals count)
 *   "fiveYearAverage": {"total": "434.61", "byCategory": {"residential": "30.00"}},
 *   "fiveYearResidentialTransactions": "28.40",   reference only
 *   "housingInventory": {"months": "24", "revitalisedArea": "5.00"},   去化周期 (months), 盘活 area
 *   "parcels": [{"number": "BC-2026-01", "name", "location", "district", "category": "居住用地",
 *                "area": "3.20", "method": "出让", "newLand": "2.70", "quarter": 2, "housingType"}],
 *   "adjustment": {"reason", "decisionRef", "approvalRef", "publicationRef"}   an adjusted version only
 * }
 * Labels resolve through data/classification; problems become findings naming the field.
 */
import { z } from 'zod';
import type { Area } from '../area.js';
import type { Finding } from '../finding.js';
import { resolveHousingCategory, resolvePlanCategory, planCategory, housingCategories } from '../classification/index.js';
import { DIMENSIONS, type CellKey, type Dimension, type MethodGroup, type LandSource, type PlanCube, type PlanCell, type StatedMarginal } from './cube.js';
import { decimalInput, toArea, MU_ENTRY_STEP_M2 } from './entry.js';
import { isIsoDate } from '../rules/dates.js';
import { inputFinding, zodFindings } from '../rules/input-findings.js';
import type { PlanDocument, PlanParcel } from './document.js';

const RULE = 'plan-input';
const str = z.union([z.string(), z.number()]).transform(String);
const keySchema = z
  .object({ category: z.string().optional(), method: z.string().optional(), source: z.string().optional(), district: z.string().optional(), quarter: z.number().int().min(1).max(4).optional(), housingType: z.string().optional() })
  .strict();

export const planInputSchema = z.object({
  region: z.string().min(1),
  year: z.number().int().min(2000).max(2100),
  title: z.string().optional(),
  unit: z.enum(['ha', 'mu']),
  muStepSquareMetres: z.string().regex(/^\d+(\.\d+)?$/).optional(),
  publishedOn: z.string().refine(isIsoDate, 'not an ISO date').optional(),
  ruleSet: z.string().optional(),
  dimensions: z.array(z.enum(DIMENSIONS as [Dimension, ...Dimension[]])).min(1),
  districts: z.array(z.object({ id: z.string().min(1), name: z.string() })).optional(),
  rows: z.array(z.object({ category: z.string(), kind: z.enum(['binding', 'indicative']), allocation: z.enum(['pooled', 'zoneAllocated']) })).optional(),
  cells: z.array(keySchema.extend({ area: decimalInput }).strict()).min(1),
  marginals: z.array(z.object({ key: keySchema, area: decimalInput, kind: z.enum(['binding', 'indicative']), label: z.string() })).optional(),
  statedTotal: str.optional(),
  fiveYearAverage: z.object({ total: decimalInput.optional(), byCategory: z.record(z.string(), decimalInput).optional() }).optional(),
  fiveYearResidentialTransactions: decimalInput.optional(),
  housingInventory: z.object({ months: decimalInput, revitalisedArea: decimalInput.optional() }).strict().optional(),
  parcels: z
    .array(
      z
        .object({
          number: z.string().min(1), name: z.string().optional(), location: z.string().optional(), district: z.string().optional(),
          category: z.string(), area: decimalInput, method: z.string().optional(), newLand: decimalInput.optional(),
          quarter: z.number().int().min(1).max(4).optional(), housingType: z.string().optional(),
        })
        .strict(),
    )
    .optional(),
  adjustment: z.object({ reason: z.string().optional(), decisionRef: z.string().optional(), approvalRef: z.string().optional(), publicationRef: z.string().optional() }).strict().optional(),
});
export type PlanInput = z.input<typeof planInputSchema>;

const METHOD: Record<string, MethodGroup> = { grant: 'grant', 出让: 'grant', allocation: 'allocation', 划拨: 'allocation', lease: 'lease', 租赁: 'lease', capitalContribution: 'capitalContribution', 作价出资或入股: 'capitalContribution', authorizedOperation: 'authorizedOperation', 授权经营: 'authorizedOperation' };
const SOURCE: Record<string, LandSource> = { new: 'new', 新增: 'new', 新增建设用地: 'new', existing: 'existing', 存量: 'existing', 存量建设用地: 'existing' };

export interface ParsedPlan {
  readonly plan?: PlanDocument;
  readonly ruleSet?: string;
  readonly findings: readonly Finding[];
}

function resolveCategory(v: string): string | undefined {
  return planCategory(v)?.id ?? resolvePlanCategory(v)?.id;
}
function resolveHousing(v: string): string | undefined {
  const byId = (['old', 'new'] as const).flatMap((s) => housingCategories(s)).find((c) => c.id === v);
  return byId?.id ?? resolveHousingCategory(v)?.id;
}

/** Parses a plan JSON value into a PlanDocument; never throws. */
export function parsePlan(input: unknown): ParsedPlan {
  const parsed = planInputSchema.safeParse(input);
  if (!parsed.success) return { findings: zodFindings(RULE, parsed.error) };
  const p = parsed.data;
  const findings: Finding[] = [];
  const step = p.muStepSquareMetres ?? MU_ENTRY_STEP_M2;
  const area = (v: ReturnType<typeof decimalInput.parse>): Area => toArea(v, p.unit, step);
  const dims = p.dimensions.includes('category') ? p.dimensions : (['category', ...p.dimensions] as Dimension[]);
  const key = (k: z.infer<typeof keySchema>, where: string): CellKey | undefined => {
    let ok = true;
    const out: { -readonly [K in keyof CellKey]: CellKey[K] } = {};
    if (k.category !== undefined) {
      const c = resolveCategory(k.category);
      if (!c) {
        findings.push(inputFinding(RULE, `${where}.category`, `未知用途类别 "${k.category}"`, `unknown category "${k.category}"`));
        ok = false;
      } else out.category = c;
    }
    if (k.method !== undefined) {
      const m = METHOD[k.method];
      if (!m) {
        findings.push(inputFinding(RULE, `${where}.method`, `未知供应方式 "${k.method}"（出让/划拨/租赁/作价出资或入股/授权经营）`, `unknown method group "${k.method}"`));
        ok = false;
      } else out.method = m;
    }
    if (k.source !== undefined) {
      const s = SOURCE[k.source];
      if (!s) {
        findings.push(inputFinding(RULE, `${where}.source`, `未知土地来源 "${k.source}"（新增/存量）`, `unknown land source "${k.source}"`));
        ok = false;
      } else out.source = s;
    }
    if (k.housingType !== undefined) {
      const h = resolveHousing(k.housingType);
      if (!h) {
        findings.push(inputFinding(RULE, `${where}.housingType`, `未知住房类型 "${k.housingType}"`, `unknown housing type "${k.housingType}"`));
        ok = false;
      } else out.housingType = h;
    }
    if (k.district !== undefined) out.district = k.district;
    if (k.quarter !== undefined) out.quarter = k.quarter as 1 | 2 | 3 | 4;
    return ok ? out : undefined;
  };
  const cells: PlanCell[] = [];
  p.cells.forEach((c, i) => {
    const { area: a, ...k } = c;
    const kk = key(k, `cells[${i}]`);
    if (kk) cells.push({ key: kk, area: area(a) });
  });
  const marginals: StatedMarginal[] = [];
  (p.marginals ?? []).forEach((m, i) => {
    const kk = key(m.key, `marginals[${i}].key`);
    if (kk) marginals.push({ key: kk, area: area(m.area), kind: m.kind, label: m.label });
  });
  const rows = (p.rows ?? []).flatMap((r, i) => {
    const c = resolveCategory(r.category);
    if (!c) {
      findings.push(inputFinding(RULE, `rows[${i}].category`, `未知用途类别 "${r.category}"`, `unknown category "${r.category}"`));
      return [];
    }
    return [{ category: c, kind: r.kind, allocation: r.allocation }];
  });
  const byCategory: Record<string, Area> = {};
  for (const [k, v] of Object.entries(p.fiveYearAverage?.byCategory ?? {})) {
    const c = resolveCategory(k);
    if (!c) findings.push(inputFinding(RULE, `fiveYearAverage.byCategory.${k}`, `未知用途类别 "${k}"`, `unknown category "${k}"`));
    else byCategory[c] = area(v);
  }
  const parcels: PlanParcel[] = [];
  (p.parcels ?? []).forEach((x, i) => {
    const kk = key({ category: x.category, ...(x.method !== undefined ? { method: x.method } : {}), ...(x.housingType !== undefined ? { housingType: x.housingType } : {}) }, `parcels[${i}]`);
    if (!kk) return;
    const a = area(x.area);
    const newLand = x.newLand !== undefined ? area(x.newLand) : undefined;
    if (newLand && newLand.compare(a) > 0) findings.push(inputFinding(RULE, `parcels[${i}].newLand`, '新增面积大于宗地面积', 'new-land area exceeds the parcel area'));
    parcels.push({
      number: x.number, category: kk.category!, area: a,
      ...(x.name ? { name: x.name } : {}), ...(x.location ? { location: x.location } : {}), ...(x.district ? { district: x.district } : {}),
      ...(kk.method ? { method: kk.method } : {}), ...(newLand ? { newLand } : {}), ...(x.quarter ? { quarter: x.quarter as 1 | 2 | 3 | 4 } : {}),
      ...(kk.housingType ? { housingType: kk.housingType } : {}),
    });
  });
  let statedTotal: PlanDocument['statedTotal'];
  if (p.statedTotal !== undefined) {
    const t = p.statedTotal.trim();
    if (!/^\d+(\.\d+)?$/.test(t)) findings.push(inputFinding(RULE, 'statedTotal', `"${t}" 不是数字`, `"${t}" is not a number`));
    else statedTotal = { area: toArea(decimalInput.parse(t), p.unit, step), decimals: t.includes('.') ? t.length - t.indexOf('.') - 1 : 0 };
  }
  if (findings.length) return { findings };
  const fy = p.fiveYearAverage;
  const cube: PlanCube = {
    dimensions: dims,
    cells,
    rows,
    districts: p.districts ?? [],
    marginals,
    ...(fy ? { fiveYearAverage: { ...(fy.total ? { total: area(fy.total) } : {}), ...(Object.keys(byCategory).length ? { byCategory } : {}) } } : {}),
  };
  const plan: PlanDocument = {
    region: p.region,
    year: p.year,
    ...(p.title ? { title: p.title } : {}),
    ...(p.publishedOn ? { publishedOn: p.publishedOn } : {}),
    cube,
    ...(statedTotal ? { statedTotal } : {}),
    ...(p.fiveYearResidentialTransactions ? { fiveYearResidentialTransactions: area(p.fiveYearResidentialTransactions) } : {}),
    ...(p.housingInventory ? { housingInventory: { months: p.housingInventory.months, ...(p.housingInventory.revitalisedArea ? { revitalisedArea: area(p.housingInventory.revitalisedArea) } : {}) } } : {}),
    ...(parcels.length ? { parcels } : {}),
    ...(p.adjustment ? { adjustment: Object.fromEntries(Object.entries(p.adjustment).filter(([, v]) => v !== undefined)) } : {}),
  };
  return { plan, ...(p.ruleSet ? { ruleSet: p.ruleSet } : {}), findings };
}
