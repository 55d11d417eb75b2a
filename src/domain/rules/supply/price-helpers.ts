/** Shared by the price rules: the national industrial minimum price for the county's land class. */
import { z } from 'zod';
import type { Dec } from '../../decimal.js';
import type { Supply } from '../../supply.js';
import { decParam, wanYuanFor } from '../params.js';
import { editionOn, conditionsDate, editionBasis, standardParam, type StandardInForce } from '../standards.js';
import type { LegalBasis } from '../rule.js';

/** 元/m² by 土地等别 ("1" … "15") per edition (data/rules/industrial-minimum-price-2006.json). */
export const industrialFloorParams = {
  industrialMinimumPrice: standardParam(z.record(z.string(), decParam)),
  /** The county's 土地等别 for industrial land, a bureau setting; null while unset. */
  landClass: z.union([z.number().int(), z.string()]).nullable(),
  industrialUseClasses: z.array(z.string()),
};

export interface IndustrialFloor {
  readonly yuanPerM2: Dec;
  readonly wanYuan: Dec;
  readonly landClass: string;
  /** The edition of the minimum price standard applied. */
  readonly basis: LegalBasis;
}

type FloorParams = { industrialMinimumPrice: StandardInForce<Record<string, Dec>>; landClass: number | string | null; industrialUseClasses: string[] };

export function industrialFloor(s: Supply, p: FloorParams): IndustrialFloor | 'unset' | 'not-industrial' | 'no-entry' | 'no-edition' {
  if (!p.industrialUseClasses.includes(s.useClass)) return 'not-industrial';
  if (p.landClass === null) return 'unset';
  const edition = editionOn(p.industrialMinimumPrice, conditionsDate(s));
  if (!edition?.entries) return 'no-edition';
  const key = String(p.landClass);
  const y = edition.entries[key];
  if (!y) return 'no-entry';
  return { yuanPerM2: y, wanYuan: wanYuanFor(y, s.area), landClass: key, basis: editionBasis(edition) };
}
