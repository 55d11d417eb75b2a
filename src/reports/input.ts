/**
 * What the reports are made from: a plan as data (the cube, its parcels), what the version says
 * about itself (DocumentMeta), the rule set in force, and the map layers. Pure data: the services
 * read it from the register; tests build it by hand.
 */
import type { ParcelGeometry } from '../domain/parcel.js';
import type { PlanDocument, PlanParcel } from '../domain/plan/document.js';
import type { RuleSet } from '../domain/rule-set.js';
import type { DocumentMeta } from './meta.js';

/** A parcel of the 宗地表 with its geometry (CGCS2000 lon/lat), when the register has one. */
export interface ReportParcel extends PlanParcel {
  readonly geometry?: ParcelGeometry | null;
  /** 土地用途 code (用地用海分类 2023 or GB/T 21010) and 供地方式 code, as the register holds them. */
  readonly useCode?: string;
  readonly methodCode?: string;
  /** 电子监管号 */
  readonly supervisionNumber?: string;
}

export type MapLayerKind = 'district' | 'urbanBoundary' | 'farmland' | 'ecology';

/** A polygon of a map layer: 片区 boundary, 城镇开发边界, 永久基本农田, 生态保护红线. */
export interface MapLayerFeature {
  readonly layer: MapLayerKind;
  readonly name: string;
  readonly geometry: ParcelGeometry;
}

export interface ReportInput {
  readonly plan: Omit<PlanDocument, 'parcels'> & { readonly parcels?: readonly ReportParcel[] };
  readonly meta?: DocumentMeta;
  /** The rule set in force: its supply rules become the policy clauses (三、供应政策导向). */
  readonly ruleSet?: RuleSet;
  readonly layers?: readonly MapLayerFeature[];
  /** Districts to name in the layout (布局) when the plan does not break down by district. */
  readonly layoutDistricts?: readonly string[];
  /** Printed under the 宗地表 and on the map (e.g. that the parcels are demonstration data). */
  readonly parcelNote?: string;
}

export function planTitle(input: ReportInput): string {
  return input.plan.title ?? `${input.plan.region}${input.plan.year}年度国有建设用地供应计划`;
}
