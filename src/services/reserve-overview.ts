/**
 * Use case: the reserve page — each land-reserve project with its parcels, their recorded costs
 * by category (exact 万元) and their 净地 checklist, and whether each is ready to list. The parcels'
 * lines are a view kept up to date with the register (services/kept-view.ts), read from the full
 * projected states (costs and checklists are not in what supervision reads).
 */
import { cleanLandChecklist, costSummary, type CostSummary } from '../domain/pipeline/reserve.js';
import { cleanLandComplete } from '../domain/pipeline/journal.js';
import { COST_CATEGORIES } from '../domain/pipeline/steps.js';
import { Dec } from '../domain/decimal.js';
import type { Db } from '../store/database.js';
import { pipelineStates, type ParcelStateRow } from '../store/pipeline.js';
import { KeptView, readKept, ViewCache, type Totals } from './kept-view.js';
import { listReserveProjects, type ReserveProject } from '../store/reserve.js';
import { parcelNames } from './supervise.js';

export interface ReserveParcel {
  readonly parcelId: number;
  readonly parcelNumber: string | null;
  readonly projectName: string | null;
  readonly admittedOn: string | null;
  readonly costs: CostSummary;
  readonly checklistDone: number;
  readonly readyToList: boolean;
  /** The furthest step of its supply path, if any. */
  readonly lastStep: string | null;
}

export interface ReserveOverview {
  readonly projects: readonly (ReserveProject & { readonly parcels: readonly ReserveParcel[]; readonly totalCostWanYuan: string; readonly byCategory: Readonly<Record<string, string>> })[];
}

/** What a parcel gives the page: its line, in the project that holds it (none: not in a reserve project). */
type Share = Omit<ReserveParcel, 'parcelNumber' | 'projectName'> & { readonly projectId: number };

class ByProject implements Totals<Share> {
  readonly parcels = new Map<number, Map<number, Share>>();
  count(s: Share, sign: 1 | -1): void {
    const m = this.parcels.get(s.projectId) ?? this.parcels.set(s.projectId, new Map()).get(s.projectId)!;
    if (sign > 0) m.set(s.parcelId, s);
    else m.delete(s.parcelId);
  }
}

function shareOf({ parcelId, state }: ParcelStateRow): Share | undefined {
  const projectId = state.reserve.projectId;
  if (projectId === undefined) return undefined;
  return { projectId, parcelId, admittedOn: state.reserve.admittedOn ?? null, costs: costSummary(state), checklistDone: cleanLandChecklist(state).lines.filter((l) => l.done).length, readyToList: cleanLandComplete(state), lastStep: state.lastStep ?? null };
}

type ReserveView = KeptView<ParcelStateRow, Share, ByProject>;

function reserveView(jurisdictionCode: string): ReserveView {
  return new KeptView((db, parcelIds, size) => pipelineStates(db, { jurisdictionCode, parcelIds }, size), shareOf, () => new ByProject());
}

/** The page from a view brought up to date: the projects as the register lists them, each with its parcels in register order. */
async function render(db: Db, view: ReserveView, jurisdictionCode: string): Promise<ReserveOverview> {
  // Read the parcels before any await: an update may move them meanwhile.
  const byProject = new Map([...view.totals.parcels].map(([id, m]) => [id, [...m.values()].sort((a, b) => a.parcelId - b.parcelId)]));
  const projects = await listReserveProjects(db, jurisdictionCode);
  const names = await parcelNames(db, [...byProject.values()].flat().map((p) => p.parcelId));
  return {
    projects: projects.map((p) => {
      const parcels = (byProject.get(p.id) ?? []).map(({ projectId: _, ...x }) => ({ ...x, parcelNumber: names.get(x.parcelId)?.number ?? null, projectName: names.get(x.parcelId)?.project ?? null }));
      const byCategory = Object.fromEntries(COST_CATEGORIES.map((c) => [c, parcels.reduce((a, x) => a.plus(x.costs.byCategory[c]), new Dec(0)).toFixed()]));
      return { ...p, parcels, byCategory, totalCostWanYuan: parcels.reduce((a, x) => a.plus(x.costs.total), new Dec(0)).toFixed() };
    }),
  };
}

/** The reserve page computed afresh. */
export async function reserveOverview(db: Db, jurisdictionCode: string): Promise<ReserveOverview> {
  const view = reserveView(jurisdictionCode);
  return readKept(db, [view], () => render(db, view, jurisdictionCode));
}

/** The reserve page from views kept per jurisdiction (services/kept-view.ts), for the route. */
export function cachedReserveOverview(maxViews = 16): typeof reserveOverview {
  const views = new ViewCache<ReserveView>(maxViews);
  return (db, jurisdictionCode) => {
    const view = views.get(db, jurisdictionCode, () => reserveView(jurisdictionCode));
    return readKept(db, [view], () => render(db, view, jurisdictionCode));
  };
}
