/** A plan as data: the cube plus what the document says about itself. */
import type { Area } from '../area.js';
import type { IsoDate } from '../parcel.js';
import type { PlanCube } from './cube.js';

export interface PlanDocument {
  readonly region: string;
  readonly year: number;
  readonly title?: string;
  /** Date the approved plan was published (公布). */
  readonly publishedOn?: IsoDate;
  readonly cube: PlanCube;
  /** The 供应总量 the document states, with its printed decimals, to compare with the cells. */
  readonly statedTotal?: { readonly area: Area; readonly decimals: number };
  /** 近五年 annual 住宅 transactions (for housing-five-year-average), when known. */
  readonly fiveYearResidentialTransactions?: Area;
  /** Present when this version adjusts an earlier one (117号 ch.11): the three records, by reference. */
  readonly adjustment?: AdjustmentRecords;
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

