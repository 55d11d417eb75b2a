/**
 * GB/T 4754 《国民经济行业分类》 by edition (2002, 2011, 2017) and the crosswalks between them, as
 * data (data/classification/industry-gbt4754.json, with its source). An industry code means
 * nothing without its edition: from division 29 on, 2002 and 2011/2017 number the same industries
 * differently (2017's 30 非金属矿物 is 2002's 31).
 *
 * Example: industryCodeIn("C3012", "2017", "2002") → ["31"]; ("29", "2011", "2002") → ["29", "30"].
 */
import industryFile from '../../../data/classification/industry-gbt4754.json' with { type: 'json' };

export type IndustryEdition = '2002' | '2011' | '2017';
export const INDUSTRY_EDITIONS: readonly IndustryEdition[] = ['2002', '2011', '2017'];

interface Pair {
  readonly from: string;
  readonly to: string;
  readonly confidence?: string;
  readonly note?: string;
}
interface Crosswalk {
  readonly from: IndustryEdition;
  readonly to: IndustryEdition;
  readonly confidence: string;
  readonly source: string;
  /** The crosswalk renumbers nothing below the division: a 4-digit class keeps its digits. */
  readonly keepsSubcodes?: boolean;
  readonly pairs: readonly Pair[];
}
interface IndustryFile {
  readonly source: string;
  readonly editions: Record<IndustryEdition, { standard: string; inForce: string; divisions: Record<string, string> }>;
  readonly crosswalks: readonly Crosswalk[];
}

const FILE = industryFile as unknown as IndustryFile;

export function isIndustryEdition(v: unknown): v is IndustryEdition {
  return typeof v === 'string' && (INDUSTRY_EDITIONS as readonly string[]).includes(v);
}

/** The digits of a code as written ("C3511" or "3511" → "3511"); undefined when it is not a GB/T 4754 code. */
export function industryDigits(code: string): string | undefined {
  const m = /^[A-Ta-t]?(\d{2,4})$/.exec(code.trim());
  return m?.[1];
}

export function industryStandard(edition: IndustryEdition): string {
  return FILE.editions[edition].standard;
}

/** The division's name in an edition (门类 C only), e.g. ("30", "2017") → "非金属矿物制品业". */
export function industryDivisionName(division: string, edition: IndustryEdition): string | undefined {
  return FILE.editions[edition].divisions[division];
}

export function industryCrosswalkSource(): string {
  return FILE.source;
}

/** Pairs from one edition to the adjacent one, read backwards when the file lists the other way. */
function step(from: IndustryEdition, to: IndustryEdition): { pairs: readonly Pair[]; keepsSubcodes: boolean } | undefined {
  const fwd = FILE.crosswalks.find((c) => c.from === from && c.to === to);
  if (fwd) return { pairs: fwd.pairs, keepsSubcodes: fwd.keepsSubcodes === true };
  const back = FILE.crosswalks.find((c) => c.from === to && c.to === from);
  return back ? { pairs: back.pairs.map((p) => ({ ...p, from: p.to, to: p.from })), keepsSubcodes: back.keepsSubcodes === true } : undefined;
}

/** Codes one step on: the longest pair key the code starts with, else every key starting with the code. */
function mapOnce(code: string, pairs: readonly Pair[], keepsSubcodes: boolean): string[] {
  let best: Pair[] = [];
  for (const p of pairs) {
    if (!code.startsWith(p.from)) continue;
    if (best.length === 0 || p.from.length > best[0]!.from.length) best = [p];
    else if (p.from.length === best[0]!.from.length) best.push(p);
  }
  if (best.length) return [...new Set(best.map((p) => (keepsSubcodes ? p.to + code.slice(p.from.length) : p.to)))];
  return [...new Set(pairs.filter((p) => p.from.startsWith(code)).map((p) => p.to))];
}

const ORDER: Record<IndustryEdition, number> = { '2002': 0, '2011': 1, '2017': 2 };

/**
 * A code of edition `from` as division-level (or group-level) codes of edition `to`, through the
 * adjacent crosswalks; [] when it maps to nothing (2017 division 43 has no 2002 counterpart).
 */
export function industryCodeIn(code: string, from: IndustryEdition, to: IndustryEdition): string[] {
  const digits = industryDigits(code);
  if (!digits) return [];
  if (from === to) return [digits];
  const path: IndustryEdition[] = [];
  const dir = ORDER[to] > ORDER[from] ? 1 : -1;
  for (let i = ORDER[from] + dir; dir > 0 ? i <= ORDER[to] : i >= ORDER[to]; i += dir) path.push(INDUSTRY_EDITIONS[i]!);
  let codes = [digits];
  let at = from;
  for (const next of path) {
    const s = step(at, next);
    if (!s) return [];
    codes = [...new Set(codes.flatMap((c) => mapOnce(c, s.pairs, s.keepsSubcodes)))];
    at = next;
  }
  return codes;
}
