/**
 * Plan read models for the app: the plan list with versions, and one version's figures as the
 * plan page shows them (category rows with shares, cells, marginals). Exact decimals throughout.
 */

import { marginal, rowOf, total, validateCube, type CellKey } from '../domain/plan/cube.js';
import { planCategory } from '../domain/classification/index.js';
import type { Finding } from '../domain/finding.js';
import type { Db } from '../store/database.js';
import { PUBLIC_STATES } from '../domain/plan/lifecycle.js';
import { getPlan, inForceVersion, listPlans, listPlanVersions, versionStatusStamp, type PlanVersion } from '../store/repos/plans.js';
import { ha, ratePercent } from './dashboard.js';
import { summaryTable } from '../domain/plan/attachment-tables.js';
import { listDistricts } from '../store/repos/districts.js';

/** Versions the public may see: a consultation draft (征求意见稿) is issued publicly too. */

export interface PlanListItem {
  readonly id: number;
  readonly jurisdictionCode: string;
  readonly year: number;
  readonly name: string;
  readonly versions: readonly PlanVersion[];
}

/**
 * A plan's versions, parsed once: versions are immutable except for their status, so the list
 * is re-read only when a version is added or a status moves (one narrow indexed read decides).
 */
const versionCache = new WeakMap<Db, Map<number, { stamp: string; versions: Promise<PlanVersion[]> }>>();
export async function planVersions(db: Db, planId: number): Promise<PlanVersion[]> {
  let m = versionCache.get(db);
  if (!m) versionCache.set(db, (m = new Map()));
  const stamp = await versionStatusStamp(db, planId);
  const hit = m.get(planId);
  if (hit && hit.stamp === stamp) return hit.versions;
  const versions = listPlanVersions(db, planId);
  m.set(planId, { stamp, versions });
  return versions;
}

export async function listPlansWithVersions(db: Db, opts: { publicOnly: boolean }): Promise<PlanListItem[]> {
  const out: PlanListItem[] = [];
  for (const p of await listPlans(db)) {
    const versions = (await planVersions(db, p.id)).filter((v) => !opts.publicOnly || PUBLIC_STATES.includes(v.status));
    if (versions.length === 0) continue;
    out.push({ ...p, versions });
  }
  return out;
}

export async function planItem(db: Db, planId: number, opts: { publicOnly: boolean }): Promise<PlanListItem | undefined> {
  const p = await getPlan(db, planId);
  if (!p) return undefined;
  const versions = (await planVersions(db, planId)).filter((v) => !opts.publicOnly || PUBLIC_STATES.includes(v.status));
  if (versions.length === 0) return undefined;
  return { ...p, versions };
}

/** The version asked for, else the one in force when the caller may see it, else the latest one they may see. */
export async function pickVersion(db: Db, item: PlanListItem, versionId: number | undefined): Promise<PlanVersion | undefined> {
  if (versionId !== undefined) return item.versions.find((v) => v.id === versionId);
  const inForce = await inForceVersion(db, item.id);
  if (inForce && item.versions.some((v) => v.id === inForce.id)) return item.versions.find((v) => v.id === inForce.id);
  return item.versions[item.versions.length - 1];
}

export interface PlanFigures {
  readonly totalHa: string;
  readonly categories: {
    category: string;
    label: { zh: string; en: string };
    kind: 'binding' | 'indicative';
    allocation: 'pooled' | 'zoneAllocated';
    areaHa: string;
    sharePercent: string;
  }[];
  readonly cells: { key: Record<string, string | number>; areaHa: string }[];
  readonly marginals: { label: string; kind: 'binding' | 'indicative'; areaHa: string }[];
  readonly structuralFindings: Finding[];
}

export function planFigures(v: PlanVersion): PlanFigures {
  const cube = v.cube;
  const t = total(cube);
  // Shares as the 汇总表 prints them (largest remainder, summing to 100.00), so the page's two
  // tables agree.
  const shares = new Map(summaryTable(cube).rows.map((r) => [r.id, r.sharePercent]));
  const categories = [...marginal(cube, 'category')].map(([category, area]) => {
    const c = planCategory(category);
    const row = rowOf(cube, category);
    return {
      category,
      label: c ? { zh: c.zh, en: c.en } : { zh: category, en: category },
      kind: row?.kind ?? 'binding',
      allocation: row?.allocation ?? 'pooled',
      areaHa: ha(area),
      sharePercent: shares.get(category) ?? ratePercent(area, t) ?? '0.00',
    };
  });
  return {
    totalHa: ha(t),
    categories,
    cells: cube.cells.map((c) => ({ key: keyRecord(c.key), areaHa: ha(c.area) })),
    marginals: cube.marginals.map((m) => ({ label: m.label, kind: m.kind, areaHa: ha(m.area) })),
    structuralFindings: validateCube(cube),
  };
}

function keyRecord(k: CellKey): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [d, v] of Object.entries(k)) if (v !== undefined) out[d] = v as string | number;
  return out;
}


/** The plan's districts (片区), or the jurisdiction's when the plan does not break down by district. */
export async function planDistricts(db: Db, v: PlanVersion): Promise<{ id: string; name: string }[]> {
  if (v.cube.districts.length > 0) return v.cube.districts.map((d) => ({ id: d.id, name: d.name }));
  return (await listDistricts(db, v.jurisdictionCode)).map((d) => ({ id: d.code, name: d.name }));
}
