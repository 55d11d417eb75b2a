/**
 * Land-use classifications as data (data/classification/): GB/T 21010-2017, 用地用海分类 2023,
 * the crosswalk, the summary categories a plan prints, and housing categories old and new.
 * The tables are static reference data bundled with the program, so they come in as JSON modules:
 * the domain reads no files, and callers (audit/, geo/) keep their plain function calls.
 */
import gbt21010File from '../../../data/classification/gbt21010-2017.json' with { type: 'json' };
import landUse2023File from '../../../data/classification/land-use-2023.json' with { type: 'json' };
import crosswalkFile from '../../../data/classification/crosswalk.json' with { type: 'json' };
import planCategoriesFile from '../../../data/classification/plan-categories.json' with { type: 'json' };
import housingCategoriesFile from '../../../data/classification/housing-categories.json' with { type: 'json' };

export interface ClassCode {
  readonly code: string;
  readonly name: string;
  readonly parent?: string;
}
interface SchemeFile {
  readonly scheme: string;
  readonly source: string;
  readonly codes: readonly ClassCode[];
}

export type SchemeId = 'gbt21010' | 'lu2023';

export function landUseCodes(scheme: SchemeId): readonly ClassCode[] {
  return ((scheme === 'gbt21010' ? gbt21010File : landUse2023File) as unknown as SchemeFile).codes;
}

export function findLandUseCode(scheme: SchemeId, code: string): ClassCode | undefined {
  return landUseCodes(scheme).find((c) => c.code === code);
}

/** The 一级 (top-level) code that a code belongs to. */
export function topLevelCode(code: string): string {
  return code.slice(0, 2);
}

export interface CrosswalkPair {
  readonly from: string;
  readonly to: string | readonly string[];
  readonly confidence: string;
  readonly note?: string;
}

export function crosswalk(): readonly CrosswalkPair[] {
  return (crosswalkFile as unknown as { pairs: CrosswalkPair[] }).pairs;
}

/** 2023 codes a GB/T 21010 code maps to: the most specific pair known, else its 一级 pair. */
export function gbtTo2023(code: string): readonly string[] {
  const pairs = crosswalk();
  for (let len = code.length; len >= 2; len -= 2) {
    const p = pairs.find((x) => x.from === code.slice(0, len));
    if (p) return typeof p.to === 'string' ? [p.to] : p.to;
  }
  return [];
}

/** A summary row of a plan's 汇总表 (住宅用地, 商服用地, …). */
export interface PlanCategory {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  readonly gbt: string;
  readonly lu2023: readonly string[];
  readonly standard?: boolean;
  readonly parent?: string;
  readonly aliases: readonly string[];
}

export function planCategories(): readonly PlanCategory[] {
  return (planCategoriesFile as unknown as { categories: PlanCategory[] }).categories;
}

export function planCategory(id: string): PlanCategory | undefined {
  return planCategories().find((c) => c.id === id);
}

/** The seven GB/T 21010 construction groups a complete 汇总表 covers. */
export function standardCategoryIds(): readonly string[] {
  return planCategories()
    .filter((c) => c.standard)
    .map((c) => c.id);
}

/** The standard group a category rolls up to (公用设施用地 → 公共管理与公共服务用地). */
export function standardGroupOf(id: string): string {
  let c = planCategory(id);
  while (c?.parent) c = planCategory(c.parent);
  return c?.id ?? id;
}

function stripSuffix(label: string): string {
  return label.replace(/\s+/g, '').replace(/(用地|设施用地)$/, '');
}

/**
 * Resolves a printed label ("工矿用地和仓储用地", "居住用地") to a plan category, or undefined.
 * Longest alias first, so "公共管理与公共服务用地" wins over "公共服务用地".
 */
let planAliasIndex: { c: PlanCategory; a: string; bare: string }[] | undefined;
function planAliases(): { c: PlanCategory; a: string; bare: string }[] {
  return (planAliasIndex ??= planCategories()
    .flatMap((c) => c.aliases.map((a) => ({ c, a, bare: stripSuffix(a) })))
    .sort((x, y) => y.a.length - x.a.length));
}

export function resolvePlanCategory(label: string): PlanCategory | undefined {
  const l = label.replace(/\s+/g, '');
  const all = planAliases();
  for (const { c, a } of all) if (l.includes(a)) return c;
  const bare = stripSuffix(l);
  if (bare.length >= 2) for (const x of all) if (x.bare === bare) return x.c;
  return undefined;
}

export interface HousingCategory {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  readonly legacyCode?: string;
  readonly affordable: boolean;
  /** Counts toward the 70% rule's numerator though not affordable (中小套型普通商品住房). */
  readonly countsTowardSeventy?: boolean;
  readonly aliases: readonly string[];
}

export type HousingScheme = 'old' | 'new';

interface HousingFile {
  schemes: Record<HousingScheme, { validFrom: string; categories: HousingCategory[]; affordableGroup?: { zh: string; en: string; aliases: string[] } }>;
}

export function housingCategories(scheme: HousingScheme): readonly HousingCategory[] {
  return (housingCategoriesFile as unknown as HousingFile).schemes[scheme].categories;
}

export function affordableGroupAliases(): readonly string[] {
  return (housingCategoriesFile as unknown as HousingFile).schemes.old.affordableGroup?.aliases ?? [];
}

let housingAliasIndex: { c: HousingCategory; a: string }[] | undefined;

export function resolveHousingCategory(label: string): HousingCategory | undefined {
  const l = label.replace(/\s+/g, '');
  housingAliasIndex ??= (['old', 'new'] as const)
    .flatMap((s) => housingCategories(s).flatMap((c) => c.aliases.map((a) => ({ c, a }))))
    .sort((x, y) => y.a.length - x.a.length);
  return housingAliasIndex.find(({ a }) => l.includes(a))?.c;
}
