/**
 * The shapes of the pipeline's reports (supervision, the pipeline page, the batch supply rates), as
 * plain data: services fill them, reports/ and the server render them.
 */
import type { Bilingual } from '../finding.js';
import type { SupervisionItem } from './supervise.js';
import type { PathId, StepKind } from './steps.js';
import type { DeadlineId } from './deadlines.js';

export type BatchKind = 'conversion' | 'expropriation';

export interface CalendarInfo {
  readonly source: string;
  readonly version: string;
  readonly firstYear: number;
  readonly lastYear: number;
  readonly description: Bilingual;
}

export interface ReportItem extends SupervisionItem {
  readonly parcelNumber: string | null;
  readonly projectName: string | null;
}

export interface SupervisionReport {
  readonly jurisdictionCode: string;
  readonly asOf: string;
  readonly calendar: CalendarInfo;
  readonly ruleSet: { readonly id: string; readonly chain: readonly string[] };
  /** Rule-set entries missing: their deadlines were not computed. */
  readonly notComputed: readonly string[];
  /** Parcels with a journal. */
  readonly parcels: number;
  readonly items: readonly ReportItem[];
  readonly counts: Readonly<Partial<Record<DeadlineId, number>>>;
}

export interface FunnelStep {
  readonly step: StepKind;
  /** Parcels that have reached this step (or a later one). */
  readonly reached: number;
}

export interface DueInstalment {
  readonly parcelId: number;
  readonly parcelNumber: string | null;
  readonly projectName: string | null;
  readonly instalmentNo: number;
  readonly dueDate: string;
  readonly amountWanYuan: string;
  readonly outstandingWanYuan: string;
  readonly contractNo: string;
}

export interface ExecutionLine {
  readonly key: string;
  readonly count: number;
  readonly areaHa: string;
  readonly priceWanYuan: string;
}

export interface PipelineOverview {
  readonly jurisdictionCode: string;
  readonly asOf: string;
  readonly parcels: number;
  readonly reserve: number;
  readonly funnels: Readonly<Record<PathId, readonly FunnelStep[]>>;
  readonly items: readonly ReportItem[];
  readonly counts: Readonly<Record<string, number>>;
  readonly dueThisMonth: readonly DueInstalment[];
  readonly idleCases: { readonly investigating: number; readonly determined: number; readonly disposed: Readonly<Record<string, number>> };
  /** Contracts and allocation decisions signed, from the journals (the plan's execution). */
  readonly execution: {
    readonly byMonth: readonly ExecutionLine[];
    readonly byCategory: readonly ExecutionLine[];
    readonly byDistrict: readonly ExecutionLine[];
    /** Contract / decision numbers behind the figures, in signing order. */
    readonly evidence: readonly { readonly parcelId: number; readonly number: string; readonly on: string; readonly areaM2: string }[];
  };
  readonly calendar: CalendarInfo;
  readonly ruleSet: string;
  readonly notComputed: readonly string[];
}

export interface BatchSupply {
  readonly batchNo: string;
  readonly kind: BatchKind;
  readonly approvedOn: string;
  readonly approvalRef: string;
  readonly approvedHa: string;
  readonly suppliedHa: string;
  readonly unsuppliedHa: string;
  readonly supplyRatePercent: string;
  /** The contracts / decisions behind the supplied figure. */
  readonly evidence: readonly { readonly parcelId: number; readonly number: string; readonly on: string; readonly areaHa: string }[];
}

