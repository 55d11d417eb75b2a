/**
 * Use case: one parcel's path as its timeline — every step with its date, documents and deadline
 * items, every journal event, the reserve's costs and 净地 checklist — as a given set of roles may
 * see it (the 底价 stays hidden from those who did not set it until the deal is public).
 *
 *   parcelPipeline(db, {parcelId, asOf, roles}) → ParcelPipeline | undefined
 */
import { chinaCalendar } from '../domain/calendar/china.js';
import { nextStep, project, cleanLandComplete } from '../domain/pipeline/journal.js';
import { cleanLandChecklist, costSummary, type ChecklistLine, type CostSummary } from '../domain/pipeline/reserve.js';
import { superviseParcel, type SupervisionItem } from '../domain/pipeline/supervise.js';
import { timeline, maySeeReservePrice, type TimelineEvent, type TimelineStep } from '../domain/pipeline/timeline.js';
import type { PathId, PipelineRole, StepKind } from '../domain/pipeline/steps.js';
import type { Db } from '../store/database.js';
import { listPipelineEvents } from '../store/pipeline.js';
import { getReserveProject, type ReserveProject } from '../store/reserve.js';
import { getParcel } from '../store/repos/parcels.js';
import { cachedPipelineRules } from './pipeline-rules.js';
import { calendarInfo, type CalendarInfo } from './supervise.js';

export interface ParcelPipeline {
  readonly parcel: { readonly id: number; readonly jurisdictionCode: string; readonly parcelNumber: string | null; readonly projectName: string | null; readonly district: string | null };
  readonly asOf: string;
  readonly path: PathId | null;
  readonly next: StepKind | null;
  readonly steps: readonly TimelineStep[];
  readonly events: readonly TimelineEvent[];
  readonly items: readonly SupervisionItem[];
  readonly reserve: { readonly project: ReserveProject | null; readonly costs: CostSummary; readonly checklist: readonly ChecklistLine[]; readonly readyToList: boolean };
  readonly money: { readonly priceWanYuan: string | null; readonly paidWanYuan: string; readonly instalments: readonly { no: number; dueDate: string; amountWanYuan: string }[] };
  readonly agreed: { readonly delivery?: string; readonly start?: string; readonly completion?: string };
  readonly reservePriceVisible: boolean;
  readonly calendar: CalendarInfo;
  readonly ruleSet: string;
}

const readRules = cachedPipelineRules();

export async function parcelPipeline(db: Db, q: { parcelId: number; asOf: string; roles: readonly PipelineRole[] }): Promise<ParcelPipeline | undefined> {
  const parcel = await getParcel(db, q.parcelId);
  if (!parcel) return undefined;
  const events = await listPipelineEvents(db, q.parcelId);
  const state = project(events);
  const rules = await readRules(db, parcel.jurisdictionCode, Number(q.asOf.slice(0, 4)));
  const calendar = chinaCalendar();
  const items = superviseParcel(q.parcelId, state, { asOf: q.asOf, calendar, params: rules.deadlines.params });
  const view = timeline(events, state, items, q.roles);
  const checklist = cleanLandChecklist(state);
  const projectRec = state.reserve.projectId !== undefined ? ((await getReserveProject(db, state.reserve.projectId)) ?? null) : null;
  return {
    parcel: { id: parcel.id, jurisdictionCode: parcel.jurisdictionCode, parcelNumber: parcel.fields.parcelNumber ?? null, projectName: parcel.fields.projectName ?? null, district: parcel.fields.district ?? null },
    asOf: q.asOf,
    path: state.path ?? null,
    next: nextStep(state) ?? null,
    steps: view.steps,
    events: view.events,
    items,
    reserve: { project: projectRec, costs: costSummary(state), checklist: checklist.lines, readyToList: cleanLandComplete(state) },
    money: {
      priceWanYuan: state.contract?.price?.toFixed() ?? null,
      paidWanYuan: state.paid.toFixed(),
      instalments: (state.contract?.instalments ?? []).map((i) => ({ no: i.no, dueDate: i.dueDate, amountWanYuan: i.amount.toFixed() })),
    },
    agreed: state.agreed,
    reservePriceVisible: maySeeReservePrice(state, q.roles),
    calendar: calendarInfo(calendar),
    ruleSet: rules.ruleSet.id,
  };
}
