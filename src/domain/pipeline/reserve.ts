/**
 * The land reserve (土地储备) side of a parcel's journal: its cost ledger by category and its 净地
 * checklist. A parcel is ready to list only when every checklist item has evidence; the 底价 review
 * compares the price with the recorded cost (the rule `reserve-price-floor` adds the minimum
 * standards of the rule set).
 */
import { Dec } from '../decimal.js';
import type { PipelineState } from './journal.js';
import { CLEAN_LAND_ITEMS, COST_CATEGORIES, type CleanLandItem, type CostCategory, type PipelineDocument } from './steps.js';

export interface CostSummary {
  readonly byCategory: Readonly<Record<CostCategory, string>>;
  /** 万元, exact. */
  readonly total: string;
  readonly entries: number;
}

export function costSummary(s: PipelineState): CostSummary {
  const by = Object.fromEntries(COST_CATEGORIES.map((c) => [c, new Dec(0)])) as Record<CostCategory, Dec>;
  for (const e of s.reserve.costs) by[e.category] = by[e.category].plus(e.amount);
  const total = COST_CATEGORIES.reduce((a, c) => a.plus(by[c]), new Dec(0));
  return { byCategory: Object.fromEntries(COST_CATEGORIES.map((c) => [c, by[c].toFixed()])) as Record<CostCategory, string>, total: total.toFixed(), entries: s.reserve.costs.length };
}

export interface ChecklistLine {
  readonly item: CleanLandItem;
  readonly done: boolean;
  readonly on?: string;
  readonly documents: readonly PipelineDocument[];
}

export function cleanLandChecklist(s: PipelineState): { readonly lines: readonly ChecklistLine[]; readonly complete: boolean } {
  const lines = CLEAN_LAND_ITEMS.map((item) => {
    const r = s.reserve.cleanLand[item];
    return r ? { item, done: true, on: r.on, documents: r.documents } : { item, done: false, documents: [] };
  });
  return { lines, complete: lines.every((l) => l.done) };
}
