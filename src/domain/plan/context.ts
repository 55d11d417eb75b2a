/**
 * What informs each category row when a plan is compiled (编制; issue 9 §2), as pure arithmetic
 * over what the store has read: last year's plan figure, what was actually supplied last year
 * (the ledger, reversals included), the average actual supply of the last five years (近五年平均,
 * over the years the register holds a plan for — how many is said), parcels ready to supply, and
 * approved-but-unsupplied land (批而未供) where approval batches are registered.
 *
 * A supply, a parcel or a cell counts toward the row of its own category, else of its nearest
 * parent category among the rows (工业用地 → 工矿仓储用地), as the ledger draws on rows.
 */
import { Area } from '../area.js';
import { Dec } from '../decimal.js';
import { planCategory } from '../classification/index.js';
import { planRowFor } from '../supply.js';
import type { PlanCube } from './cube.js';

export interface CategoryArea {
  /** Plan category id, or undefined when it cannot be told (a parcel without a use code). */
  readonly category: string | undefined;
  readonly area: Area;
}

export interface ContextInputs {
  /** The rows to describe (plan category ids), in order. */
  readonly rows: readonly string[];
  /** Last year's version in force, if the register holds one. */
  readonly lastYearCube: PlanCube | undefined;
  /** Supplied area by category for each year the register holds a plan of (the last five years, last year among them if present). */
  readonly suppliedByYear: ReadonlyMap<number, readonly CategoryArea[]>;
  readonly lastYear: number;
  readonly readyParcels: readonly CategoryArea[];
  /** Undefined when no approval batch is registered: 批而未供 is then unknown. */
  readonly approvedUnsupplied: readonly CategoryArea[] | undefined;
}

export interface ContextRow {
  readonly category: string;
  readonly label: { readonly zh: string; readonly en: string };
  readonly lastYearPlan: Area | null;
  readonly lastYearSupplied: Area | null;
  readonly fiveYearAverage: Area | null;
  readonly readyParcels: { readonly count: number; readonly area: Area };
  readonly approvedUnsupplied: Area | null;
}

/** Sums areas into the rows they count toward; what belongs to no row is left out. */
export function byRow(items: readonly CategoryArea[], rows: readonly string[]): Map<string, { count: number; area: Area }> {
  const set = new Set(rows);
  const out = new Map(rows.map((r) => [r, { count: 0, area: Area.zero }]));
  for (const it of items) {
    const row = it.category === undefined ? undefined : planRowFor(it.category, set);
    if (row === undefined) continue;
    const have = out.get(row)!;
    out.set(row, { count: have.count + 1, area: have.area.plus(it.area) });
  }
  return out;
}

/** The mean of per-year totals, exact to 0.0001 m² (half up); null without years. */
export function meanArea(perYear: readonly Area[]): Area | null {
  if (perYear.length === 0) return null;
  const m2 = Area.sum(perYear).squareMetres.div(perYear.length).toDecimalPlaces(4, Dec.ROUND_HALF_UP);
  return Area.fromSquareMetres(m2);
}

export function contextRows(i: ContextInputs): ContextRow[] {
  const lastPlan = i.lastYearCube ? byRow(i.lastYearCube.cells.map((c) => ({ category: c.key.category, area: c.area })), i.rows) : undefined;
  const lastSupplied = i.suppliedByYear.has(i.lastYear) ? byRow(i.suppliedByYear.get(i.lastYear)!, i.rows) : undefined;
  const years = [...i.suppliedByYear.keys()];
  const perYear = years.map((y) => byRow(i.suppliedByYear.get(y)!, i.rows));
  const ready = byRow(i.readyParcels, i.rows);
  const unsupplied = i.approvedUnsupplied ? byRow(i.approvedUnsupplied, i.rows) : undefined;
  return i.rows.map((r) => {
    const c = planCategory(r);
    return {
      category: r,
      label: { zh: c?.zh ?? r, en: c?.en ?? r },
      lastYearPlan: lastPlan ? lastPlan.get(r)!.area : null,
      lastYearSupplied: lastSupplied ? lastSupplied.get(r)!.area : null,
      fiveYearAverage: meanArea(perYear.map((m) => m.get(r)!.area)),
      readyParcels: ready.get(r)!,
      approvedUnsupplied: unsupplied ? unsupplied.get(r)!.area : null,
    };
  });
}
