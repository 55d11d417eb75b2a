/**
 * Use case: the reserve page — each land-reserve project with its parcels, their recorded costs
 * by category (exact 万元) and their 净地 checklist, and whether each is ready to list.
 */
import { cleanLandChecklist, costSummary, type CostSummary } from '../domain/pipeline/reserve.js';
import { cleanLandComplete } from '../domain/pipeline/journal.js';
import { COST_CATEGORIES } from '../domain/pipeline/steps.js';
import { Dec } from '../domain/decimal.js';
import type { Db } from '../store/database.js';
import { pipelineStates } from '../store/pipeline.js';
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

export async function reserveOverview(db: Db, jurisdictionCode: string): Promise<ReserveOverview> {
  const projects = await listReserveProjects(db, jurisdictionCode);
  const byProject = new Map<number, ReserveParcel[]>();
  for await (const page of pipelineStates(db, jurisdictionCode)) {
    for (const { parcelId, state } of page) {
      const pid = state.reserve.projectId;
      if (pid === undefined) continue;
      const list = byProject.get(pid) ?? byProject.set(pid, []).get(pid)!;
      list.push({ parcelId, parcelNumber: null, projectName: null, admittedOn: state.reserve.admittedOn ?? null, costs: costSummary(state), checklistDone: cleanLandChecklist(state).lines.filter((l) => l.done).length, readyToList: cleanLandComplete(state), lastStep: state.lastStep ?? null });
    }
  }
  const names = await parcelNames(db, [...byProject.values()].flat().map((p) => p.parcelId));
  return {
    projects: projects.map((p) => {
      const parcels = (byProject.get(p.id) ?? []).map((x) => ({ ...x, parcelNumber: names.get(x.parcelId)?.number ?? null, projectName: names.get(x.parcelId)?.project ?? null }));
      const byCategory = Object.fromEntries(COST_CATEGORIES.map((c) => [c, parcels.reduce((a, x) => a.plus(x.costs.byCategory[c]), new Dec(0)).toFixed()]));
      return { ...p, parcels, byCategory, totalCostWanYuan: parcels.reduce((a, x) => a.plus(x.costs.total), new Dec(0)).toFixed() };
    }),
  };
}
