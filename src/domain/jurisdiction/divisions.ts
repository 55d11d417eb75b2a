/**
 * GB/T 2260 行政区划代码 over time: the current edition plus earlier editions merged into one list
 * of units, each with the edition that first listed it and the edition that no longer did.
 *
 *   mergeEditions([{ edition: '2002-12', units: {...} }, …, { edition: '2020-12', units: {...} }])
 *     → [{ code: '653130', name: '巴楚县', level: 'county', parentCode: '653100', validFrom: null, validTo: null }, …]
 *
 * A code is a province when it ends in 0000, a prefecture-level unit when it ends in 00, else a
 * county-level unit. Municipalities (直辖市) have no prefecture-level units of their
 * own: GB/T 2260's 市辖区 / 县 placeholders (110100, 500200) are dropped and their districts and
 * counties hang directly under the municipality. A province with no prefecture-level unit in the
 * current edition is a municipality (the data says so; no list of names is kept here). Editions up
 * to 2016 also carry 市辖区 summary lines at county level (130101 市辖区): they total a city's
 * districts and are no unit of their own, so they are dropped too.
 */
import type { JurisdictionLevel } from './levels.js';

export interface DivisionEdition {
  /** "YYYY-MM": the month of the edition. */
  readonly edition: string;
  /** code → name, every level mixed (GB/T 2260 tables are published that way). */
  readonly units: Readonly<Record<string, string>>;
}

export interface DivisionUnit {
  readonly code: string;
  readonly name: string;
  readonly level: JurisdictionLevel;
  readonly parentCode: string | null;
  /** The first edition that lists the code; null when the earliest edition already did. */
  readonly validFrom: string | null;
  /** The first edition that no longer lists it; null while it is current. */
  readonly validTo: string | null;
}

export function levelOfCode(code: string): JurisdictionLevel {
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'prefecture';
  return 'county';
}

/**
 * Merges editions (any order; sorted by edition here). The last edition is the current one. The
 * name of a unit is its name in the last edition that lists it.
 */
export function mergeEditions(editions: readonly DivisionEdition[]): DivisionUnit[] {
  if (editions.length === 0) return [];
  const sorted = [...editions].sort((a, b) => (a.edition < b.edition ? -1 : a.edition > b.edition ? 1 : 0));
  const current = sorted[sorted.length - 1]!;
  const currentCodes = Object.keys(current.units).filter((c) => /^\d{6}$/.test(c));
  const provincesWithPrefectures = new Set(currentCodes.filter((c) => levelOfCode(c) === 'prefecture').map((c) => c.slice(0, 2)));
  const isMunicipality = (code: string): boolean => {
    const p = code.slice(0, 2);
    return Object.prototype.hasOwnProperty.call(current.units, `${p}0000`) && !provincesWithPrefectures.has(p) && currentCodes.some((c) => c.startsWith(p) && levelOfCode(c) === 'county');
  };

  const first = new Map<string, number>();
  const last = new Map<string, number>();
  const name = new Map<string, string>();
  sorted.forEach((ed, i) => {
    for (const [code, n] of Object.entries(ed.units)) {
      if (!/^\d{6}$/.test(code)) continue;
      if (levelOfCode(code) === 'prefecture' && isMunicipality(code)) continue;
      if (levelOfCode(code) === 'county' && n.trim() === '市辖区') continue;
      if (!first.has(code)) first.set(code, i);
      last.set(code, i);
      name.set(code, n.trim());
    }
  });

  const out: DivisionUnit[] = [];
  for (const code of [...first.keys()].sort()) {
    const level = levelOfCode(code);
    const f = first.get(code)!;
    const l = last.get(code)!;
    const province = `${code.slice(0, 2)}0000`;
    const prefecture = `${code.slice(0, 4)}00`;
    const candidates = level === 'county' ? [prefecture, province] : level === 'prefecture' ? [province] : [];
    const parentCode = candidates.find((c) => first.has(c)) ?? null;
    out.push({
      code,
      name: name.get(code)!,
      level,
      parentCode,
      validFrom: f === 0 ? null : sorted[f]!.edition,
      validTo: l === sorted.length - 1 ? null : sorted[l + 1]!.edition,
    });
  }
  // Parents before children, so a loader can insert in this order under a foreign key.
  const rank: Record<JurisdictionLevel, number> = { province: 0, prefecture: 1, county: 2 };
  return out.sort((a, b) => rank[a.level] - rank[b.level] || (a.code < b.code ? -1 : 1));
}

/** Every unit below `code` (not itself) in a list of units, by walking parent links. */
export function descendants(units: readonly Pick<DivisionUnit, 'code' | 'parentCode'>[], code: string): string[] {
  const children = new Map<string, string[]>();
  for (const u of units) {
    if (u.parentCode === null) continue;
    const list = children.get(u.parentCode) ?? [];
    list.push(u.code);
    children.set(u.parentCode, list);
  }
  const out: string[] = [];
  const stack = [...(children.get(code) ?? [])];
  while (stack.length > 0) {
    const c = stack.pop()!;
    out.push(c);
    stack.push(...(children.get(c) ?? []));
  }
  return out.sort();
}
