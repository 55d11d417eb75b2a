/**
 * Use case: the compile context of a plan (GET /api/plans/:planId/context; issue 9 §2): for each
 * category row, what informs it (domain/plan/context.ts). Definitions:
 * - last year's plan: the latest version of the jurisdiction's plan of year − 1 that was in force
 *   (approved, published, or closed after being in force);
 * - supplied: the ledger's records of a year's plan, reversals included;
 * - five-year average: years − 5 … − 1 for which the register holds a plan (`years` says which);
 * - ready parcels: parcels with no supply in the register (no contract date, supply id, record or
 *   contract in their journal); where the jurisdiction keeps land-reserve journals, only reserve
 *   parcels whose 净地 checklist is complete (`readyParcelsBasis` says which);
 * - approved-but-unsupplied (批而未供): approval-batch parcels not yet supplied, by their use;
 *   null when no batch is registered (the part of a batch not linked to a parcel has no category
 *   and is not shown per row).
 */
import { Area } from '../domain/area.js';
import { Dec } from '../domain/decimal.js';
import { planCategories, standardCategoryIds } from '../domain/classification/index.js';
import { contextRows, type CategoryArea } from '../domain/plan/context.js';
import { cleanLandComplete } from '../domain/pipeline/journal.js';
import { planCategoryOfUse } from '../domain/supply.js';
import type { Db, Store } from '../store/database.js';
import { pipelineStates, type ParcelStateRow } from '../store/pipeline.js';
import { KeptView, readKept, ViewCache, type Totals } from './kept-view.js';
import { approvalBatchParcels, latestVersionIn, parcelsWithoutSupply, plansOfYears, suppliedByPlanAndCategory } from '../store/repos/plan-context.js';
import { latestVersion, getPlan } from '../store/repos/plans.js';

/** States of a version that is, or was, in force. */
const WAS_IN_FORCE = ['approved', 'published', 'closed'];

export function categoryOfUse(code: string | null): string | undefined {
  if (!code) return undefined;
  return planCategoryOfUse('lu2023', code, planCategories()) ?? planCategoryOfUse('gbt21010', code, planCategories());
}

export interface PlanContext {
  readonly planId: number;
  readonly jurisdictionCode: string;
  readonly year: number;
  readonly lastYear: { readonly year: number; readonly planId: number | null; readonly versionId: number | null; readonly state: string | null };
  readonly fiveYearAverage: { readonly years: number[]; readonly count: number };
  readonly readyParcelsBasis: 'clean-land' | 'unsupplied';
  readonly approvedUnsuppliedKnown: boolean;
  readonly rows: {
    category: string;
    label: { zh: string; en: string };
    lastYearPlan: string | null;
    lastYearSupplied: string | null;
    fiveYearAverage: string | null;
    readyParcels: { count: number; hectares: string };
    approvedUnsupplied: string | null;
  }[];
}

/** Hectares to 4 decimals (half up), trailing zeros dropped: the API's convention. */
export const hectaresText = (a: Area): string => a.hectares.toDecimalPlaces(4, Dec.ROUND_HALF_UP).toFixed();
const ha = (a: Area | null): string | null => (a === null ? null : hectaresText(a));

/** What a parcel's journal tells the context: contracted, held by the reserve, 净地 complete. */
export interface JournalMark {
  readonly contracted: boolean;
  readonly reserve: boolean;
  readonly clean: boolean;
}

type Marked = JournalMark & { readonly parcelId: number };

class Marks implements Totals<Marked> {
  readonly byParcel = new Map<number, JournalMark>();
  reserve = 0;
  count(m: Marked, sign: 1 | -1): void {
    if (sign > 0) this.byParcel.set(m.parcelId, m);
    else this.byParcel.delete(m.parcelId);
    if (m.reserve) this.reserve += sign;
  }
}

function markView(jurisdictionCode: string): KeptView<ParcelStateRow, Marked, Marks> {
  return new KeptView((db, parcelIds, size) => pipelineStates(db, { jurisdictionCode, parcelIds }, size), ({ parcelId, state }) => ({ parcelId, contracted: state.contract !== undefined, reserve: state.reserve.projectId !== undefined, clean: cleanLandComplete(state) }), () => new Marks());
}

/** The marks of a jurisdiction's journals (a copy: an update cannot move them under the caller), and how many parcels the reserve holds. */
export type JournalMarks = (db: Db, jurisdictionCode: string) => Promise<{ readonly byParcel: ReadonlyMap<number, JournalMark>; readonly reserveParcels: number }>;

const marksOf = (view: ReturnType<typeof markView>) => async () => ({ byParcel: new Map(view.totals.byParcel), reserveParcels: view.totals.reserve });

/** The marks read afresh. */
export const journalMarks: JournalMarks = async (db, jurisdictionCode) => {
  const view = markView(jurisdictionCode);
  return readKept(db, [view], marksOf(view));
};

/** The marks from views kept per jurisdiction (services/kept-view.ts), for the route. */
export function cachedJournalMarks(maxViews = 16): JournalMarks {
  const views = new ViewCache<ReturnType<typeof markView>>(maxViews);
  return (db, jurisdictionCode) => {
    const view = views.get(db, jurisdictionCode, () => markView(jurisdictionCode));
    return readKept(db, [view], marksOf(view));
  };
}

export async function planContext(store: Store, planId: number, marks: JournalMarks = journalMarks): Promise<PlanContext> {
  const db = store.db;
  const plan = (await getPlan(db, planId))!;
  const years = [1, 2, 3, 4, 5].map((k) => plan.year - k);
  const plans = await plansOfYears(db, plan.jurisdictionCode, years);
  const lastPlan = plans.find((p) => p.year === plan.year - 1);
  const lastVersion = lastPlan ? await latestVersionIn(db, lastPlan.planId, WAS_IN_FORCE) : undefined;

  const supplied = await suppliedByPlanAndCategory(db, plans.map((p) => p.planId));
  const suppliedByYear = new Map<number, CategoryArea[]>(plans.map((p) => [p.year, []]));
  const yearOf = new Map(plans.map((p) => [p.planId, p.year]));
  for (const s of supplied) suppliedByYear.get(yearOf.get(s.planId)!)!.push({ category: s.category, area: s.area });

  // Rows: this plan's, then last year's, else the seven standard groups.
  const current = await latestVersion(db, planId); // the version being compiled
  const rows: string[] = [];
  for (const r of [...(current?.cube.rows ?? []).map((x) => x.category), ...(lastVersion?.cube.rows ?? []).map((x) => x.category)]) if (!rows.includes(r)) rows.push(r);
  if (rows.length === 0) rows.push(...standardCategoryIds());

  // Parcels: those contracted in their journal are supplied; reserve parcels count once 净地 is complete.
  const { byParcel: journal, reserveParcels } = await marks(db, plan.jurisdictionCode);
  const reserveKept = reserveParcels > 0;
  const open = (await parcelsWithoutSupply(db, plan.jurisdictionCode)).filter((p) => !journal.get(p.parcelId)?.contracted);
  const ready = open.filter((p) => !reserveKept || (journal.get(p.parcelId)?.reserve === true && journal.get(p.parcelId)?.clean === true));
  const openIds = new Set(open.map((p) => p.parcelId));

  const batches = await approvalBatchParcels(db, plan.jurisdictionCode);
  const approvedUnsupplied = batches.batches > 0 ? batches.parcels.filter((p) => openIds.has(p.parcelId)).map((p) => ({ category: categoryOfUse(p.useCode), area: p.area })) : undefined;

  const out = contextRows({
    rows,
    lastYearCube: lastVersion?.cube,
    suppliedByYear,
    lastYear: plan.year - 1,
    readyParcels: ready.map((p) => ({ category: categoryOfUse(p.useCode), area: p.area ?? Area.zero })),
    approvedUnsupplied,
  });
  return {
    planId,
    jurisdictionCode: plan.jurisdictionCode,
    year: plan.year,
    lastYear: { year: plan.year - 1, planId: lastPlan?.planId ?? null, versionId: lastVersion?.id ?? null, state: lastVersion?.status ?? null },
    fiveYearAverage: { years: plans.map((p) => p.year), count: plans.length },
    readyParcelsBasis: reserveKept ? 'clean-land' : 'unsupplied',
    approvedUnsuppliedKnown: approvedUnsupplied !== undefined,
    rows: out.map((r) => ({
      category: r.category,
      label: { zh: r.label.zh, en: r.label.en },
      lastYearPlan: ha(r.lastYearPlan),
      lastYearSupplied: ha(r.lastYearSupplied),
      fiveYearAverage: ha(r.fiveYearAverage),
      readyParcels: { count: r.readyParcels.count, hectares: hectaresText(r.readyParcels.area) },
      approvedUnsupplied: ha(r.approvedUnsupplied),
    })),
  };
}
