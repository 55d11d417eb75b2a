/**
 * Five-year reference figures (近五年年均供应): the plan against the annual average of the past
 * five years, total and per row, as ratios and differences. The rule plan-five-year-comparison
 * judges them; this module only computes.
 */
import { Area } from '../area.js';
import type { Dec } from '../decimal.js';
import { marginal, total, type PlanCube } from './cube.js';

export interface FiveYearFigure {
  /** "total" or a category id. */
  readonly row: string;
  readonly planned: Area;
  readonly average: Area;
  readonly difference: Area;
  /** planned ÷ average (null when the average is 0). */
  readonly ratio: Dec | null;
}

export function fiveYearReference(cube: PlanCube): FiveYearFigure[] {
  const ref = cube.fiveYearAverage;
  if (!ref) return [];
  const fig = (row: string, planned: Area, average: Area): FiveYearFigure => ({
    row,
    planned,
    average,
    difference: planned.minus(average),
    ratio: average.compare(Area.zero) === 0 ? null : planned.squareMetres.div(average.squareMetres),
  });
  const out: FiveYearFigure[] = [];
  if (ref.total) out.push(fig('total', total(cube), ref.total));
  const rows = marginal(cube, 'category');
  for (const [cat, avg] of Object.entries(ref.byCategory ?? {})) out.push(fig(cat, rows.get(cat) ?? Area.zero, avg));
  return out;
}
