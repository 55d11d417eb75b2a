/**
 * A supply decision (供地) as the rules see it: the parcel fields of the monitoring system
 * (DOMAIN §7) plus what a supply scheme (供应方案) decides before the contract: method, intended
 * users, reserve price, announcement dates, planning and industrial control indicators, clean-land
 * checklist. Areas are exact; prices are 万元 decimals; dates are ISO calendar dates.
 */
import type { Area } from './area.js';
import type { Dec } from './decimal.js';
import type { SchemeId } from './classification/index.js';
import type { ParcelGeometry, IsoDate } from './parcel.js';
import type { SupplyMethodCode } from './supply-method.js';
import type { IndustryEdition } from './classification/industry.js';
import useClassesFile from '../../data/rules/use-classes.json' with { type: 'json' };
import { findLandUseCode, planCategory } from './classification/index.js';

/** What the rules reason about, derived from the 土地用途 code (data/rules/use-classes.json). */
export type UseClass =
  | 'residential' | 'commercial' | 'entertainment' | 'industrial' | 'storage' | 'mining'
  | 'publicServices' | 'utilities' | 'green' | 'transport' | 'water' | 'special' | 'reserve'
  | 'communityService' | 'ruralHomestead' | 'ruralRoad';

export interface SupplyPrices {
  /** 底价 (reserve price), 万元 */
  readonly reserveWanYuan?: Dec;
  /** 起始价 (starting price), 万元 */
  readonly startingWanYuan?: Dec;
  /** 成交价 (transaction price), 万元; for 划拨, the 划拨价款 */
  readonly transactionWanYuan?: Dec;
  /** Land cost: reserve/expropriation cost, or for 协议出让 有偿使用费 + 征地拆迁补偿 + taxes and fees, 万元 */
  readonly costWanYuan?: Dec;
  /** 基准地价 of the parcel's grade and use, 元/m² (bureau data) */
  readonly benchmarkYuanPerM2?: Dec;
  /** 竞买保证金, 万元 */
  readonly bidDepositWanYuan?: Dec;
}

/** 国土资发〔2009〕56号: the 70% floor needs both conditions, documented. */
export interface FloorDiscountClaim {
  readonly provincialPriority: boolean;
  readonly landIntensive: boolean;
  readonly document?: string;
}

/** 工业项目建设用地控制指标 (国土资发〔2008〕24号), as the grant conditions state them. Ratios as decimals (0.30). */
export interface IndustrialIndicators {
  /** 建筑系数 */
  readonly buildingCoverage?: Dec;
  /** 行政办公及生活服务设施用地所占比重 */
  readonly adminShare?: Dec;
  /** 绿地率 */
  readonly greenRatio?: Dec;
  /** 容积率 (storeys above 8 m counted twice, as the 2008 indicators say) */
  readonly far?: Dec;
  /** 投资强度, 万元/公顷 */
  readonly investmentWanYuanPerHa?: Dec;
  /** Facilities planned inside the parcel that the indicators forbid (成套住宅, 专家楼, 宾馆 …), as named */
  readonly facilities?: readonly string[];
}

/** 净地 checklist (Jiangsu implementing text; 53号令 第二十一条). `undefined` = not stated. */
export interface CleanLandChecklist {
  readonly titleClear?: boolean;
  readonly compensationSettled?: boolean;
  readonly noDisputes?: boolean;
  readonly planningConditionsClear?: boolean;
  readonly readyToStart?: boolean;
}

export interface SupplyDates {
  /** Publication of the year's 住房用地供应计划 (housing-land supply plan) the supply falls under */
  readonly housingLandPlanPublication?: IsoDate;
  /** 出让公告 date */
  readonly announcement?: IsoDate;
  /** Start of tender / auction / listing */
  readonly biddingStart?: IsoDate;
  /** 挂牌 period */
  readonly listingStart?: IsoDate;
  readonly listingEnd?: IsoDate;
  /** 成交 (deal: the 成交确认书 is signed) */
  readonly deal?: IsoDate;
  /** Publication of the result (成交结果公布) */
  readonly resultPublication?: IsoDate;
  readonly contract?: IsoDate;
  readonly agreedDelivery?: IsoDate;
  readonly agreedStart?: IsoDate;
  readonly agreedCompletion?: IsoDate;
  readonly actualStart?: IsoDate;
  readonly actualCompletion?: IsoDate;
}

/** After the start: what the idle-land rules need (53号令 第二条). */
export interface DevelopmentProgress {
  /** Developed area ÷ the area the contract requires developed */
  readonly developedShare?: Dec;
  /** Investment made ÷ total investment */
  readonly investedShare?: Dec;
  /** Construction halted since this date (still halted) */
  readonly haltedSince?: IsoDate;
}

/**
 * A delay caused by government (late delivery, plan change …) or by force majeure (53号令 第八条):
 * suspends the idle clocks while it lasts; the start is then moved by a supplementary agreement
 * (第十二条), at most one year.
 */
export interface GovernmentCause {
  readonly code: string;
  readonly from: IsoDate;
  /** Absent while the cause persists. */
  readonly to?: IsoDate;
  readonly note?: string;
  /** 补充协议 fixing a new agreed start */
  readonly supplementaryAgreement?: { readonly date: IsoDate; readonly newAgreedStart: IsoDate };
}

/** One instalment of the contract's 分期支付约定 (DOMAIN §7: 约定支付日期, 约定支付金额 万元). */
export interface PaymentInstalment {
  readonly dueDate: IsoDate;
  readonly amountWanYuan: Dec;
}

/** An approval by document: 批准单位, 批准文号, date (DOMAIN §7 pzJg, pzWh). */
export interface ApprovalRecord {
  readonly authority?: string;
  readonly number?: string;
  readonly date?: IsoDate;
}

/** Approvals newly added construction land needs before supply: 农用地转用 and 征收. */
export interface LandApprovals {
  readonly conversion?: ApprovalRecord;
  readonly expropriation?: ApprovalRecord;
  /** The land was state-owned already (国有未利用地 …): no 征收 is needed. */
  readonly alreadyStateOwned?: boolean;
}

/** 规划条件 issued by the planning authority (城乡规划法 第三十八条). */
export interface PlanningConditions {
  readonly number?: string;
  readonly issuedOn?: IsoDate;
}

/** How the 底价 was fixed and kept (39号令 第十条). */
export interface ReservePriceDecision {
  /** Fixed by collective decision (集体决策) */
  readonly collective?: boolean;
  /** The decision's reference (meeting minutes …) */
  readonly number?: string;
  /** The 底价 was disclosed before the deal */
  readonly disclosed?: boolean;
}

/** A bidder (竞买人) and what bars one under 国土资发〔2010〕34号. */
export interface Bidder {
  readonly name: string;
  /** Owes land price on an earlier grant (欠缴土地出让价款) */
  readonly landPriceArrears?: boolean;
  /** Holds idle land (闲置土地) */
  readonly idleLand?: boolean;
}

/** Industrial land on 未利用地 (国土资发〔2009〕56号): its price floor is a share of the class floor. */
export interface UnusedLandClaim {
  /** Inside the 城镇建设用地范围 of the land-use master plan */
  readonly insideUrbanConstructionArea: boolean;
  /** The user does the site preparation (土地前期开发由土地使用者自行完成) */
  readonly userPreparesSite?: boolean;
}

export interface Supply {
  /** Identifier of the decision within its register (宗地编号 or 电子监管号 when no other) */
  readonly id: string;
  readonly parcelNumber?: string;
  readonly supervisionNumber?: string;
  readonly projectName?: string;
  readonly location?: string;
  readonly district?: string;
  readonly area: Area;
  /** 土地来源: the part drawn from existing construction land; the rest is 新增 */
  readonly existingLandArea: Area;
  readonly useScheme: SchemeId;
  readonly useCode: string;
  readonly useClass: UseClass;
  /** Plan category id (data/classification/plan-categories.json) the use belongs to */
  readonly category: string;
  /** Housing type id (data/classification/housing-categories.json) for residential land */
  readonly housingType?: string;
  readonly method: SupplyMethodCode;
  readonly termYears?: number;
  /** GB/T 4754 industry code ("C3511" or "3511") */
  readonly industryCode?: string;
  /** The GB/T 4754 edition the industry code is from; a code without one is refused */
  readonly industryCodeEdition?: IndustryEdition;
  /** 土地级别 dj0–dj18 */
  readonly landGrade?: string;
  readonly assignee?: string;
  /** 出让合同编号 */
  readonly contractNumber?: string;
  /** 补办出让: a negotiated grant regularising land held by 划拨 (allocation) or 租赁 (lease) */
  readonly supplementaryGrantOf?: 'allocation' | 'lease';
  /** Number of 意向用地者 after the plan was published */
  readonly intendedUsers?: number;
  /** 划拨用地目录 item the allocation relies on (e.g. "三-1") */
  readonly allocationCatalogueItem?: string;
  readonly prices: SupplyPrices;
  readonly floorDiscount?: FloorDiscountClaim;
  /** 约定容积率 下限 / 上限 */
  readonly farMin?: Dec;
  readonly farMax?: Dec;
  /** Declared a villa (别墅类) project */
  readonly villa?: boolean;
  readonly industrial?: IndustrialIndicators;
  readonly cleanLand?: CleanLandChecklist;
  /** Several parcels granted as one (捆绑出让) */
  readonly bundled?: boolean;
  readonly planningConditions?: PlanningConditions;
  readonly landApprovals?: LandApprovals;
  readonly reservePriceDecision?: ReservePriceDecision;
  readonly bidders?: readonly Bidder[];
  readonly unusedLand?: UnusedLandClaim;
  /** The contract's 分期支付约定 */
  readonly paymentSchedule?: readonly PaymentInstalment[];
  readonly dates: SupplyDates;
  readonly progress?: DevelopmentProgress;
  readonly governmentCauses?: readonly GovernmentCause[];
  readonly geometry?: ParcelGeometry;
}

interface UseClassFile {
  entries: Record<SchemeId, Record<string, UseClass>>;
}

/**
 * True for a code of the scheme: listed in data/classification, or a 三级 (6-digit) code whose
 * 二级 parent is listed (the 2023 list does not carry every 三级 code).
 */
export function isKnownUseCode(scheme: SchemeId, code: string): boolean {
  if (!/^\d{2}(\d{2}){0,2}$/.test(code)) return false;
  return findLandUseCode(scheme, code) !== undefined || (code.length === 6 && findLandUseCode(scheme, code.slice(0, 4)) !== undefined);
}

/** The use class of a code under its scheme, longest prefix first; undefined for an unknown code. */
export function useClassOf(scheme: SchemeId, code: string): UseClass | undefined {
  if (!isKnownUseCode(scheme, code)) return undefined;
  const table = (useClassesFile as unknown as UseClassFile).entries[scheme];
  for (let len = code.length; len >= 2; len -= 1) {
    const c = table[code.slice(0, len)];
    if (c) return c;
  }
  return undefined;
}

/** The most specific plan category a use code falls in (e.g. lu2023 1001 → industrial, 13 → publicUtilities). */
export function planCategoryOfUse(scheme: SchemeId, code: string, categories: readonly { id: string; gbt: string; lu2023: readonly string[] }[]): string | undefined {
  let best: { id: string; len: number } | undefined;
  for (const c of categories) {
    const codes = scheme === 'gbt21010' ? [c.gbt] : c.lu2023;
    for (const k of codes) if (code.startsWith(k) && (!best || k.length > best.len)) best = { id: c.id, len: k.length };
  }
  return best?.id;
}

/**
 * The plan row a supply draws on: its own category if the plan has that row, else the nearest
 * parent the plan has (工业用地 → 工矿仓储用地; 公用设施用地 → 公共管理与公共服务用地).
 */
export function planRowFor(category: string, planCategories: ReadonlySet<string>): string | undefined {
  let id: string | undefined = category;
  while (id) {
    if (planCategories.has(id)) return id;
    id = planCategory(id)?.parent;
  }
  return undefined;
}

/** The 新增 part of the supply. */
export function newLandArea(s: Supply): Area {
  return s.area.minus(s.existingLandArea);
}
