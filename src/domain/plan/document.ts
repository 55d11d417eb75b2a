/** A plan as data: the cube plus what the document says about itself. */
import type { Area } from '../area.js';
import type { Dec } from '../decimal.js';
import type { IsoDate } from '../parcel.js';
import type { MethodGroup, PlanCube } from './cube.js';

export interface PlanDocument {
  readonly region: string;
  readonly year: number;
  readonly title?: string;
  /** Date the approved plan was published (公布). */
  readonly publishedOn?: IsoDate;
  readonly cube: PlanCube;
  /** The 供应总量 the document states, with its printed decimals, to compare with the cells. */
  readonly statedTotal?: { readonly area: Area; readonly decimals: number };
  /** 近五年 annual 住宅 transactions, when known (reference only: no rule judges it since 2026-11). */
  readonly fiveYearResidentialTransactions?: Area;
  /** 商品住房去化周期 (months of commercial-housing inventory) and the housing land revitalised (盘活), for housing-inventory-cycle. */
  readonly housingInventory?: { readonly months: Dec; readonly revitalisedArea?: Area };
  /** Present when this version adjusts an earlier one (117号 ch.11): the three records, by reference. */
  readonly adjustment?: AdjustmentRecords;
  /** 落实计划供应的宗地 (the parcel schedule, 宗地表), when the plan lists its parcels. */
  readonly parcels?: readonly PlanParcel[];
}

/** A parcel the plan identifies for supply (DOMAIN §1.6 C, reconstructed). */
export interface PlanParcel {
  /** 宗地编号 */
  readonly number: string;
  /** 项目名称 */
  readonly name?: string;
  /** 坐落 */
  readonly location?: string;
  readonly district?: string;
  /** Plan category id */
  readonly category: string;
  readonly area: Area;
  readonly method?: MethodGroup;
  /** 新增 part; the rest is 存量 */
  readonly newLand?: Area;
  readonly quarter?: 1 | 2 | 3 | 4;
  readonly housingType?: string;
}

export interface AdjustmentRecords {
  readonly reason?: string;
  /** 编制协调决策机构 collective decision (document reference) */
  readonly decisionRef?: string;
  /** 原批准机关 consent */
  readonly approvalRef?: string;
  /** republication (重新公布) reference or date */
  readonly publicationRef?: string;
}

