/**
 * Use case: departments' land demands for a year (用地需求; issue 9 §2). A demand names its
 * project, its category (a plan category id such as `residential`, or a land-use code of GB/T
 * 21010 or 用地用海分类 2023, which is resolved to its plan category), its area in exact hectares,
 * and optionally a district (one registered for the jurisdiction), a quarter and a note.
 */
import { Area } from '../domain/area.js';
import { findLandUseCode, planCategories, planCategory } from '../domain/classification/index.js';
import { planCategoryOfUse } from '../domain/supply.js';
import type { Store } from '../store/database.js';
import { InputError } from '../store/errors.js';
import { listDistricts } from '../store/repos/districts.js';
import { requireJurisdiction } from '../store/repos/jurisdictions.js';
import { insertLandDemand, type DemandPriority, type LandDemand } from '../store/repos/land-demands.js';

/** A plan category id for a category id or a land-use code; undefined when unknown. */
export function demandCategory(code: string): string | undefined {
  if (planCategory(code)) return code;
  if (findLandUseCode('lu2023', code)) return planCategoryOfUse('lu2023', code, planCategories());
  if (findLandUseCode('gbt21010', code)) return planCategoryOfUse('gbt21010', code, planCategories());
  return undefined;
}

const HECTARES = /^\d{1,9}(\.\d{1,4})?$/;

export interface DemandInput {
  readonly jurisdictionCode: string;
  readonly year: number;
  readonly department: string;
  readonly project: string;
  readonly category: string;
  /** Hectares, up to 4 decimals ("12.3456"). */
  readonly hectares: string;
  readonly district?: string | null;
  readonly quarter?: 1 | 2 | 3 | 4 | null;
  readonly priority: DemandPriority;
  readonly note?: string | null;
}

export async function submitDemand(store: Store, d: DemandInput, actor: string): Promise<LandDemand> {
  const category = demandCategory(d.category);
  if (!category) throw new InputError('category', `未知用地类别或用地代码 "${d.category}"`, `unknown land-use category or code "${d.category}"`);
  if (!HECTARES.test(d.hectares)) throw new InputError('hectares', '面积应为公顷数，最多 4 位小数，如 "12.3456"', 'the area is hectares with up to 4 decimals, e.g. "12.3456"');
  const area = Area.fromHectares(d.hectares);
  if (area.squareMetres.isZero()) throw new InputError('hectares', '面积须大于 0', 'the area must be more than 0');
  if (!Number.isInteger(d.year) || d.year < 2000 || d.year > 2999) throw new InputError('year', `年度无效: ${d.year}`, `invalid year: ${d.year}`);
  await requireJurisdiction(store.db, d.jurisdictionCode, 'jurisdictionCode');
  const district = d.district?.trim() ? d.district : null;
  if (district !== null) {
    const known = (await listDistricts(store.db, d.jurisdictionCode)).map((x) => x.code);
    if (known.length > 0 && !known.includes(district)) throw new InputError('district', `本辖区没有片区 ${district}`, `no district ${district} in this jurisdiction`);
  }
  return insertLandDemand(store, {
    jurisdictionCode: d.jurisdictionCode,
    year: d.year,
    department: d.department,
    project: d.project,
    category,
    area,
    district,
    quarter: d.quarter ?? null,
    priority: d.priority,
    note: d.note?.trim() ? d.note : null,
    actor,
  });
}
