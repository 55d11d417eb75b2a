/**
 * The supply JSON (one proposed or recorded supply decision), parsed into a `Supply`.
 *
 * Format (prices in 万元; ratios as decimals 0–1; decimals as strings or numbers; dates ISO):
 * {
 *   "id": "BC2026-017",                       required: the decision's id in the register
 *   "parcelNumber", "supervisionNumber", "projectName", "location", "assignee": strings
 *   "district": "kashgar-river",               the plan's district id (片区/区块)
 *   "area": {"ha": "2.5"} | {"mu": "37.5"} | {"m2": "25000"},       required
 *   "existingLandArea": {"ha": "0.4"},         土地来源 area from existing land; default 0 (all 新增)
 *   "useCode": "0701", "useScheme": "lu2023" | "gbt21010" (default "lu2023"),   required
 *   "housingType": "otherCommodity",           residential only (housing-categories.json ids)
 *   "method": "23" | "挂牌出让",                required: national 供地方式 code or its name
 *   "termYears": 70, "industryCode": "C3511", "industryCodeEdition": "2017", "landGrade": "dj3",
 *   "intendedUsers": 1, "allocationCatalogueItem": "三-1", "contractNumber": "…",
 *   "supplementaryGrantOf": "allocation" | "lease",   补办出让 of land held by 划拨 or 租赁
 *   "prices": {"reserve", "starting", "transaction", "cost", "benchmarkYuanPerM2", "bidDeposit"},
 *   "floorDiscount": {"provincialPriority": true, "landIntensive": true, "document": "…"},
 *   "far": {"min": "1.2", "max": "2.5"}, "villa": false, "bundled": false,
 *   "industrial": {"buildingCoverage", "adminShare", "greenRatio", "far", "investmentWanYuanPerHa", "facilities": []},
 *   "cleanLand": {"titleClear", "compensationSettled", "noDisputes", "planningConditionsClear", "readyToStart"},
 *   "planningConditions": {"number", "issuedOn"},                      规划条件
 *   "landApprovals": {"conversion": {"authority", "number", "date"}, "expropriation": {…}, "alreadyStateOwned"},
 *   "reservePriceDecision": {"collective", "number", "disclosed"},     底价 集体决策, 保密
 *   "bidders": [{"name", "landPriceArrears", "idleLand"}],
 *   "unusedLand": {"insideUrbanConstructionArea", "userPreparesSite"}, 工业 on 未利用地
 *   "paymentSchedule": [{"dueDate", "amount"}],                         分期支付约定, 万元
 *   "dates": {"housingLandPlanPublication", "announcement", "biddingStart", "listingStart", "listingEnd",
 *             "deal", "resultPublication", "contract", "agreedDelivery", "agreedStart",
 *             "agreedCompletion", "actualStart", "actualCompletion"},
 *   "progress": {"developedShare", "investedShare", "haltedSince"},
 *   "governmentCauses": [{"code": "late-delivery", "from": "2026-05-01", "to": "2026-09-01", "note": "…",
 *                         "supplementaryAgreement": {"date", "newAgreedStart"}}],
 *   "geometry": GeoJSON Polygon | MultiPolygon in EPSG:4490
 * }
 * Problems become findings naming the field (rule "supply-input"); no exception escapes. An
 * industry code must say which GB/T 4754 edition it is from: the same number means different
 * industries in 2002 and 2011/2017.
 */
import { z } from 'zod';
import { Area } from '../area.js';
import type { Finding } from '../finding.js';
import { planCategories, housingCategories } from '../classification/index.js';
import { resolveSupplyMethod, supplyMethod, type SupplyMethodCode } from '../supply-method.js';
import { planCategoryOfUse, useClassOf, type Supply } from '../supply.js';
import { areaInput, decimalInput } from '../plan/entry.js';
import { isIsoDate } from './dates.js';
import { INDUSTRY_EDITIONS, industryDigits, type IndustryEdition } from '../classification/industry.js';
import { inputFinding, zodFindings } from './input-findings.js';
import { safeName, safeText } from '../text.js';

const RULE = 'supply-input';
const date = z.string().refine(isIsoDate, { message: 'not an ISO date YYYY-MM-DD' });
const ratio = decimalInput.refine((d) => d.gte(0) && d.lte(1), { message: 'ratio must be between 0 and 1' });
const money = decimalInput.refine((d) => d.gte(0), { message: 'must not be negative' });
const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
/** Bounds that keep one parcel's geometry to a few hundred KB: a surveyed parcel has tens of vertices. */
export const GEOMETRY_LIMITS = { vertices: 20_000, ringsPerPolygon: 100, polygons: 100 } as const;
const ring = z.array(position).min(4).max(GEOMETRY_LIMITS.vertices);
const polygon = z.array(ring).min(1).max(GEOMETRY_LIMITS.ringsPerPolygon);
const geometry = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('Polygon'), coordinates: polygon }),
    z.strictObject({ type: z.literal('MultiPolygon'), coordinates: z.array(polygon).min(1).max(GEOMETRY_LIMITS.polygons) }),
  ])
  .refine((g) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat().reduce((n, r) => n + r.length, 0) <= GEOMETRY_LIMITS.vertices, {
    message: `at most ${GEOMETRY_LIMITS.vertices} vertices`,
  });
/** The smallest area a supply may have: below it the figure is a typing or unit mistake, not a parcel. */
export const MIN_SUPPLY_AREA_M2 = 1;
const name = safeText({ max: 200 });
const code = safeText({ max: 64 });
const approval = z.strictObject({ authority: name.optional(), number: code.optional(), date: date.optional() });

/**
 * Strict: an unknown field is refused (a typo must not be silently dropped, and nothing the rules
 * did not read is stored with the parcel); names are safe text (domain/text.ts).
 */
export const supplyInputSchema = z.strictObject({
  id: safeName(64),
  parcelNumber: code.optional(),
  supervisionNumber: code.optional(),
  projectName: name.optional(),
  location: name.optional(),
  district: code.optional(),
  area: areaInput.refine((a) => a.squareMetres.gte(MIN_SUPPLY_AREA_M2), { message: `a supply is at least ${MIN_SUPPLY_AREA_M2} m²` }),
  existingLandArea: areaInput.optional(),
  useCode: z.string().regex(/^\d{2}(\d{2}){0,2}$/, 'a land-use code is 2, 4 or 6 digits'),
  useScheme: z.enum(['lu2023', 'gbt21010']).optional(),
  housingType: code.optional(),
  method: safeName(32),
  termYears: z.number().int().positive().max(70).optional(),
  industryCode: code.optional(),
  industryCodeEdition: z.enum(INDUSTRY_EDITIONS as [IndustryEdition, ...IndustryEdition[]]).optional(),
  landGrade: z.string().regex(/^dj(1[0-8]|[0-9])$/, 'land grade is dj0–dj18').optional(),
  assignee: name.optional(),
  contractNumber: code.optional(),
  supplementaryGrantOf: z.enum(['allocation', 'lease']).optional(),
  intendedUsers: z.number().int().nonnegative().max(100_000).optional(),
  allocationCatalogueItem: code.optional(),
  prices: z
    .object({
      reserve: money.optional(), starting: money.optional(), transaction: money.optional(),
      cost: money.optional(), benchmarkYuanPerM2: money.optional(), bidDeposit: money.optional(),
    })
    .strict()
    .optional(),
  floorDiscount: z.strictObject({ provincialPriority: z.boolean(), landIntensive: z.boolean(), document: name.optional() }).optional(),
  far: z.object({ min: decimalInput.optional(), max: decimalInput.optional() }).strict().optional(),
  villa: z.boolean().optional(),
  bundled: z.boolean().optional(),
  industrial: z
    .object({
      buildingCoverage: ratio.optional(), adminShare: ratio.optional(), greenRatio: ratio.optional(),
      far: decimalInput.optional(), investmentWanYuanPerHa: money.optional(), facilities: z.array(name).max(100).optional(),
    })
    .strict()
    .optional(),
  cleanLand: z
    .object({
      titleClear: z.boolean().optional(), compensationSettled: z.boolean().optional(), noDisputes: z.boolean().optional(),
      planningConditionsClear: z.boolean().optional(), readyToStart: z.boolean().optional(),
    })
    .strict()
    .optional(),
  planningConditions: z.strictObject({ number: code.optional(), issuedOn: date.optional() }).optional(),
  landApprovals: z.object({ conversion: approval.optional(), expropriation: approval.optional(), alreadyStateOwned: z.boolean().optional() }).strict().optional(),
  reservePriceDecision: z.strictObject({ collective: z.boolean().optional(), number: name.optional(), disclosed: z.boolean().optional() }).optional(),
  bidders: z.array(z.strictObject({ name: safeName(200), landPriceArrears: z.boolean().optional(), idleLand: z.boolean().optional() })).max(1000).optional(),
  unusedLand: z.object({ insideUrbanConstructionArea: z.boolean(), userPreparesSite: z.boolean().optional() }).strict().optional(),
  paymentSchedule: z.array(z.strictObject({ dueDate: date, amount: money })).max(120).optional(),
  dates: z
    .object({
      housingLandPlanPublication: date.optional(),
      announcement: date.optional(), biddingStart: date.optional(), listingStart: date.optional(), listingEnd: date.optional(),
      deal: date.optional(), resultPublication: date.optional(),
      contract: date.optional(), agreedDelivery: date.optional(), agreedStart: date.optional(), agreedCompletion: date.optional(),
      actualStart: date.optional(), actualCompletion: date.optional(),
    })
    .strict()
    .optional(),
  progress: z.object({ developedShare: ratio.optional(), investedShare: ratio.optional(), haltedSince: date.optional() }).strict().optional(),
  governmentCauses: z
    .array(z.strictObject({ code: safeName(64), from: date, to: date.optional(), note: safeText({ max: 1000, multiline: true }).optional(), supplementaryAgreement: z.strictObject({ date, newAgreedStart: date }).optional() }))
    .max(100)
    .optional(),
  geometry: geometry.optional(),
});

type DateField = keyof NonNullable<z.infer<typeof supplyInputSchema>['dates']>;
/** Pairs that must not run backwards: [earlier, later]. */
const DATE_ORDER: readonly [DateField, DateField][] = [
  ['announcement', 'biddingStart'],
  ['announcement', 'listingStart'],
  ['listingStart', 'listingEnd'],
  ['listingEnd', 'contract'],
  ['deal', 'contract'],
  ['deal', 'resultPublication'],
  ['biddingStart', 'contract'],
  ['contract', 'agreedStart'],
  ['agreedDelivery', 'agreedStart'],
  ['agreedStart', 'agreedCompletion'],
  ['actualStart', 'actualCompletion'],
  ['contract', 'actualStart'],
];

export interface ParsedSupply {
  readonly supply?: Supply;
  readonly findings: readonly Finding[];
}

function resolveMethod(v: string): SupplyMethodCode | undefined {
  return supplyMethod(v.trim())?.code ?? resolveSupplyMethod(v)?.code;
}

/** Parses a supply JSON value. `supply` is absent when a required field is missing or malformed. */
export function parseSupply(input: unknown): ParsedSupply {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { findings: [inputFinding(RULE, '(root)', '应为一个供地 JSON 对象', 'expected one supply JSON object')] };
  }
  const parsed = supplyInputSchema.safeParse(input);
  if (!parsed.success) return { findings: zodFindings(RULE, parsed.error) };
  const s = parsed.data;
  const findings: Finding[] = [];
  const scheme = s.useScheme ?? 'lu2023';
  const useClass = useClassOf(scheme, s.useCode);
  const category = planCategoryOfUse(scheme, s.useCode, planCategories());
  if (!useClass || !category) {
    findings.push(inputFinding(RULE, 'useCode', `未知土地用途代码 "${s.useCode}"（${scheme === 'lu2023' ? '用地用海分类2023' : 'GB/T 21010-2017'}）`, `unknown land-use code "${s.useCode}" (${scheme})`));
  } else if (useClass === 'ruralHomestead') {
    findings.push(inputFinding(RULE, 'useCode', `"${s.useCode}" 为农村宅基地，不属于国有建设用地供应`, `"${s.useCode}" is a rural homestead, not a state-owned land supply`));
  }
  const method = resolveMethod(s.method);
  if (!method) findings.push(inputFinding(RULE, 'method', `未知供地方式 "${s.method}"（应为 1、2、21、22、23、3、4、5、6 或其名称）`, `unknown supply method "${s.method}"`));
  if (s.housingType !== undefined) {
    const known = (['old', 'new'] as const).some((k) => housingCategories(k).some((c) => c.id === s.housingType));
    if (!known) findings.push(inputFinding(RULE, 'housingType', `未知住房类型 "${s.housingType}"`, `unknown housing type "${s.housingType}"`));
    else if (useClass && useClass !== 'residential') findings.push(inputFinding(RULE, 'housingType', `非住宅用途（${s.useCode}）不应填写住房类型`, `housing type given for a non-residential use (${s.useCode})`));
  }
  if (s.area.compare(Area.zero) <= 0) findings.push(inputFinding(RULE, 'area', '面积应大于 0', 'area must be positive'));
  const existing = s.existingLandArea ?? Area.zero;
  if (existing.isNegative()) findings.push(inputFinding(RULE, 'existingLandArea', '存量面积不能为负', 'must not be negative'));
  if (existing.compare(s.area) > 0) {
    findings.push(inputFinding(RULE, 'existingLandArea', `存量面积 ${existing.formatHectares(4)} 公顷 大于宗地面积 ${s.area.formatHectares(4)} 公顷`, `existing-land area ${existing.formatHectares(4)} ha exceeds the parcel area ${s.area.formatHectares(4)} ha`));
  }
  const d = s.dates ?? {};
  for (const [a, b] of DATE_ORDER) {
    const da = d[a];
    const db = d[b];
    if (da && db && da > db) {
      findings.push({
        ...inputFinding('supply-dates-order', `dates.${b}`, `${db} 早于 dates.${a} ${da}，日期先后顺序有误`, `${db} is before dates.${a} ${da}: dates in the wrong order`),
        figures: [`dates.${a}`, `dates.${b}`],
      });
    }
  }
  if (s.industryCode !== undefined) {
    if (!industryDigits(s.industryCode)) {
      findings.push(inputFinding(RULE, 'industryCode', `"${s.industryCode}" 不是 GB/T 4754 行业代码（应为门类字母加2至4位数字，如 C3511）`, `"${s.industryCode}" is not a GB/T 4754 industry code (a section letter and 2–4 digits, e.g. C3511)`));
    } else if (!s.industryCodeEdition) {
      findings.push(
        inputFinding(
          'supply-input',
          'industryCodeEdition',
          `行业代码 ${s.industryCode} 未注明 GB/T 4754 版本（2002、2011 或 2017）：同一代码在不同版本中代表不同行业（如 30 在2002版为塑料制品业，在2011/2017版为非金属矿物制品业），不予核验`,
          `industry code ${s.industryCode} does not say which GB/T 4754 edition it is from (2002, 2011 or 2017): the same number means different industries (30 is plastics in 2002, non-metallic minerals in 2011/2017), so it is refused`,
        ),
      );
    }
  }
  if (s.far?.min && s.far.max && s.far.min.gt(s.far.max)) findings.push(inputFinding(RULE, 'far.min', `容积率下限 ${s.far.min.toFixed()} 大于上限 ${s.far.max.toFixed()}`, `FAR lower bound ${s.far.min.toFixed()} exceeds the upper bound ${s.far.max.toFixed()}`));
  if (findings.some((f) => f.rule === RULE) || !method || !useClass || !category) return { findings };
  const p = s.prices ?? {};
  const supply: Supply = {
    id: s.id,
    ...(s.parcelNumber !== undefined ? { parcelNumber: s.parcelNumber } : {}),
    ...(s.supervisionNumber !== undefined ? { supervisionNumber: s.supervisionNumber } : {}),
    ...(s.projectName !== undefined ? { projectName: s.projectName } : {}),
    ...(s.location !== undefined ? { location: s.location } : {}),
    ...(s.district !== undefined ? { district: s.district } : {}),
    area: s.area,
    existingLandArea: existing,
    useScheme: scheme,
    useCode: s.useCode,
    useClass,
    category,
    ...(s.housingType !== undefined ? { housingType: s.housingType } : {}),
    method,
    ...(s.termYears !== undefined ? { termYears: s.termYears } : {}),
    ...(s.industryCode !== undefined ? { industryCode: s.industryCode } : {}),
    ...(s.industryCodeEdition !== undefined ? { industryCodeEdition: s.industryCodeEdition } : {}),
    ...(s.contractNumber !== undefined ? { contractNumber: s.contractNumber } : {}),
    ...(s.supplementaryGrantOf !== undefined ? { supplementaryGrantOf: s.supplementaryGrantOf } : {}),
    ...(s.landGrade !== undefined ? { landGrade: s.landGrade } : {}),
    ...(s.assignee !== undefined ? { assignee: s.assignee } : {}),
    ...(s.intendedUsers !== undefined ? { intendedUsers: s.intendedUsers } : {}),
    ...(s.allocationCatalogueItem !== undefined ? { allocationCatalogueItem: s.allocationCatalogueItem } : {}),
    prices: {
      ...(p.reserve ? { reserveWanYuan: p.reserve } : {}),
      ...(p.starting ? { startingWanYuan: p.starting } : {}),
      ...(p.transaction ? { transactionWanYuan: p.transaction } : {}),
      ...(p.cost ? { costWanYuan: p.cost } : {}),
      ...(p.benchmarkYuanPerM2 ? { benchmarkYuanPerM2: p.benchmarkYuanPerM2 } : {}),
      ...(p.bidDeposit ? { bidDepositWanYuan: p.bidDeposit } : {}),
    },
    ...(s.floorDiscount ? { floorDiscount: s.floorDiscount } : {}),
    ...(s.far?.min ? { farMin: s.far.min } : {}),
    ...(s.far?.max ? { farMax: s.far.max } : {}),
    ...(s.villa !== undefined ? { villa: s.villa } : {}),
    ...(s.bundled !== undefined ? { bundled: s.bundled } : {}),
    ...(s.industrial ? { industrial: s.industrial } : {}),
    ...(s.cleanLand ? { cleanLand: s.cleanLand } : {}),
    ...(s.planningConditions ? { planningConditions: s.planningConditions } : {}),
    ...(s.landApprovals ? { landApprovals: s.landApprovals } : {}),
    ...(s.reservePriceDecision ? { reservePriceDecision: s.reservePriceDecision } : {}),
    ...(s.bidders ? { bidders: s.bidders } : {}),
    ...(s.unusedLand ? { unusedLand: s.unusedLand } : {}),
    ...(s.paymentSchedule ? { paymentSchedule: s.paymentSchedule.map((x) => ({ dueDate: x.dueDate, amountWanYuan: x.amount })) } : {}),
    dates: d,
    ...(s.progress ? { progress: s.progress } : {}),
    ...(s.governmentCauses ? { governmentCauses: s.governmentCauses } : {}),
    ...(s.geometry ? { geometry: s.geometry } : {}),
  };
  return { supply, findings };
}
