/**
 * What the editor derives from the cells as they are typed: 亩, the total and each row's share,
 * with the domain's exact helpers (Area, sharesOfParts) — never floats, never typed by hand.
 */
import { Area } from '../../../src/domain/area.js';
import { DIMENSIONS } from '../../../src/domain/plan/cube.js';
import { sharesOfParts } from '../../../src/domain/plan/shares.js';
import { planCategories, planCategory } from '../../../src/domain/classification/index.js';
import type { Bilingual, CellKey } from './types.js';

/** Hectares as the API takes them: a non-negative decimal with up to 4 places. */
export const HECTARES = /^\d{1,9}(\.\d{1,4})?$/;

export function isHectares(s: string): boolean {
  return HECTARES.test(s.trim());
}

/** A stable identity for a cell key, whatever order its dimensions arrive in. */
export function keyId(key: CellKey | string): string {
  if (typeof key === 'string') return key;
  return DIMENSIONS.filter((d) => key[d] !== undefined)
    .map((d) => `${d}=${String(key[d])}`)
    .join('|');
}

/** The dimensions the cells carry, in the cube's order (category first). */
export function dimensionsOf(keys: readonly CellKey[]): string[] {
  const present = new Set(keys.flatMap((k) => Object.keys(k)));
  return DIMENSIONS.filter((d) => present.has(d));
}

export function categoryLabel(id: string): Bilingual {
  const c = planCategory(id);
  return c ? { zh: c.zh, en: c.en } : { zh: id, en: id };
}

/** Categories an editor may add a row for (the plan's 汇总表 rows). */
export function categoryOptions(): { id: string; label: Bilingual }[] {
  return planCategories().map((c) => ({ id: c.id, label: { zh: c.zh, en: c.en } }));
}

export interface DerivedRow {
  readonly id: string;
  /** null when the typed text is not a usable area. */
  readonly area: Area | null;
  readonly mu: string | null;
  readonly share: string | null;
}

export interface Derived {
  readonly rows: ReadonlyMap<string, DerivedRow>;
  readonly totalHa: string;
  readonly totalMu: string;
  readonly valid: boolean;
}

/** 亩 of each row, the total and the shares (largest remainder: the column sums to 100.00). */
export function derive(rows: readonly { id: string; hectares: string }[]): Derived {
  const parsed = rows.map((r) => ({ id: r.id, area: isHectares(r.hectares) ? Area.fromHectares(r.hectares.trim()) : null }));
  const good = parsed.filter((p): p is { id: string; area: Area } => p.area !== null);
  const shares = sharesOfParts(good.map((p) => ({ value: p.id, area: p.area })));
  const shareOf = new Map(shares.map((s) => [s.value, s.display]));
  const total = Area.sum(good.map((g) => g.area));
  return {
    rows: new Map(parsed.map((p) => [p.id, { id: p.id, area: p.area, mu: p.area ? p.area.formatMu(2) : null, share: p.area ? (shareOf.get(p.id) ?? null) : null }])),
    totalHa: total.hectares.toFixed(),
    totalMu: total.formatMu(2),
    valid: good.length === parsed.length,
  };
}

/** A hectare figure in its exact, shortest form ("12.5000" → "12.5"). */
export function plainHa(s: string): string {
  return Area.fromHectares(s).hectares.toFixed();
}
