/**
 * A table as the reports print it: header rows with merged cells, columns with a unit, body rows
 * whose numbers are exact decimals with a display precision, and how totals and shares are
 * computed (so the .xlsx can write them as formulas whose cached values are these exact figures).
 */
import { Dec } from '../domain/decimal.js';

export type Formula =
  /** Σ of the same column over the given body rows, rounded to `dp` decimals (no float noise). */
  | { readonly kind: 'sum'; readonly rows: readonly number[]; readonly dp: number }
  /**
   * 100 × this row ÷ `denominatorRow` in column `of`, rounded half-up to 2 decimals, shifted by
   * `adjust` units of the last decimal where largest-remainder rounding moved the share.
   */
  | { readonly kind: 'share'; readonly of: number; readonly numeratorRows: readonly number[]; readonly denominatorRow: number; readonly adjust: -1 | 0 | 1 };

export type GridValue =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'number'; readonly value: Dec; readonly dp: number; readonly formula?: Formula }
  | { readonly kind: 'integer'; readonly value: number }
  /** A column this row does not break down: printed "—". */
  | { readonly kind: 'none' };

export interface HeaderCell {
  readonly text: string;
  readonly colSpan?: number;
  readonly rowSpan?: number;
}

export interface GridColumn {
  readonly key: string;
  /** Relative width (characters at body size). */
  readonly width: number;
  readonly align: 'left' | 'center' | 'right';
}

export interface GridRow {
  readonly cells: readonly GridValue[];
  /** 0: a row of the table; 1: a breakdown ("其中"), indented, not part of column sums. */
  readonly level: 0 | 1;
  readonly total?: boolean;
}

export interface GridTable {
  /** Sheet name in the workbook (≤ 31 characters). */
  readonly sheet: string;
  readonly title: string;
  readonly unit: string;
  /** Header rows; each row's cells placed left to right skipping cells covered by a rowSpan above. */
  readonly header: readonly (readonly HeaderCell[])[];
  readonly columns: readonly GridColumn[];
  readonly rows: readonly GridRow[];
  readonly notes: readonly string[];
}

export function displayOf(v: GridValue): string {
  switch (v.kind) {
    case 'text':
      return v.text;
    case 'number':
      return v.value.toFixed(v.dp, Dec.ROUND_HALF_UP);
    case 'integer':
      return String(v.value);
    case 'none':
      return '—';
  }
}

/**
 * Header cells placed on a grid: for each header row, the column index of each cell, skipping
 * columns covered by row spans from above.
 */
export function placeHeader(t: GridTable): { row: number; col: number; cell: HeaderCell }[] {
  const covered = new Set<string>();
  const out: { row: number; col: number; cell: HeaderCell }[] = [];
  t.header.forEach((cells, r) => {
    let c = 0;
    for (const cell of cells) {
      while (covered.has(`${r}:${c}`)) c++;
      out.push({ row: r, col: c, cell });
      for (let dr = 0; dr < (cell.rowSpan ?? 1); dr++) for (let dc = 0; dc < (cell.colSpan ?? 1); dc++) covered.add(`${r + dr}:${c + dc}`);
      c += cell.colSpan ?? 1;
    }
  });
  return out;
}
