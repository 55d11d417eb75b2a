/**
 * What rules read. The ledger's quota state and the spatial overlay's results are inputs here, so
 * every rule stays a pure function of plain data; services fill these from the store and geo.
 */
import type { Area } from '../area.js';
import type { CellKey, IndicatorKind } from '../plan/cube.js';
import type { IsoDate } from '../parcel.js';
import type { Supply } from '../supply.js';
import type { PlanDocument } from '../plan/document.js';

export type { PlanDocument };

/** One quota indicator of the plan in force, with what the ledger has already debited. */
export interface QuotaIndicatorState {
  readonly id: string;
  readonly key: CellKey;
  readonly label: string;
  readonly kind: IndicatorKind;
  readonly planned: Area;
  readonly used: Area;
}

export interface QuotaState {
  readonly planId?: string;
  readonly year?: number;
  /** Plan category rows (plan-categories.json ids) the plan has. */
  readonly categories: readonly string[];
  /** Dimensions of the plan's cells: which parts of a supply's key the plan distinguishes. */
  readonly dimensions: readonly string[];
  readonly indicators: readonly QuotaIndicatorState[];
}

/** Overlay of one parcel against the county's constraint layers (areas in m², measured). */
export interface SpatialResult {
  readonly parcelAreaM2: number;
  /** 永久基本农田 */
  readonly farmlandM2: number;
  /** 生态保护红线 */
  readonly redLineM2: number;
  /** Part of the parcel outside the 城镇开发边界 */
  readonly outsideUrbanBoundaryM2: number;
  /** Other registered or planned parcels the parcel overlaps */
  readonly overlaps: readonly { readonly parcelId: string; readonly areaM2: number }[];
}

export interface SupplyContext {
  readonly supply: Supply;
  /** Absent when no plan ledger is available: quota rules then report that they could not check. */
  readonly quota?: QuotaState;
  /** Absent when the supply has no geometry or no layers are loaded. */
  readonly spatial?: SpatialResult;
}

export interface PostSupplyContext {
  readonly supply: Supply;
  readonly asOf: IsoDate;
}

export interface PlanContext {
  readonly plan: PlanDocument;
}
