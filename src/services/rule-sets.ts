/**
 * Loads rule sets and their tables from data/ (data/rule-sets/ID.json, data/rules/NAME.json) and
 * hands them to the domain's `loadRuleSet`, which stays free of I/O. Rule sets are files a bureau
 * adds or edits, so they are read at run time by id (not bundled as JSON modules). A resolved rule
 * set is cached per id for the life of the process.
 *
 *   ruleSetById(id?)                 the resolved rule set (throws RuleSetError: unknown id, bad file, a loosened national limit)
 *   nationalRuleSetIdFor(year)       cn-<year> when there is one, else the default
 *   fileRuleSetSource(extraDirs)     a RuleSetSource reading data/ (and, first, extra rule-set folders)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRuleSet, RULE_SET_FORMAT, RuleSetError, type RuleSet, type RuleSetSource } from '../domain/rule-set.js';
import { dataFileExists, dataFilePath, readDataJson } from './data-files.js';

/** The national default for a year. */
export const DEFAULT_RULE_SET_ID = 'cn-2026';

const RULE_SET_ID = /^[a-z0-9-]+$/;
const TABLE_PATH = /^rules\/[a-z0-9-]+\.json$/;

/** Rule sets from `extraDirs` (first match wins) then data/rule-sets/; tables from data/rules/. */
export function fileRuleSetSource(extraDirs: readonly string[] = []): RuleSetSource {
  return {
    ruleSetFile(id: string): unknown {
      if (!RULE_SET_ID.test(id)) throw new RuleSetError(`invalid rule set id "${id}"`);
      for (const dir of extraDirs) {
        const f = join(dir, `${id}.json`);
        if (existsSync(f)) return JSON.parse(readFileSync(f, 'utf8')) as unknown;
      }
      const rel = `rule-sets/${id}.json`;
      if (!dataFileExists(rel)) throw new RuleSetError(`no rule set "${id}" under data/rule-sets/`);
      return readDataJson(rel);
    },
    table(path: string): unknown {
      if (!TABLE_PATH.test(path)) throw new RuleSetError(`invalid table path "${path}"`);
      if (!dataFileExists(path)) throw new RuleSetError(`no data table ${path}`);
      return readDataJson(path);
    },
  };
}

export const DATA_RULE_SOURCE: RuleSetSource = fileRuleSetSource();

const cache = new Map<string, RuleSet>();

export function ruleSetById(id: string = DEFAULT_RULE_SET_ID): RuleSet {
  let r = cache.get(id);
  if (!r) {
    r = loadRuleSet(id, DATA_RULE_SOURCE);
    cache.set(id, r);
  }
  return r;
}

/** The national rule set of a year when there is one, else the default (with its own year). */
export function nationalRuleSetIdFor(year: number): string {
  const id = `cn-${year}`;
  return dataFileExists(`rule-sets/${id}.json`) ? id : DEFAULT_RULE_SET_ID;
}

/** Ids of the rule sets under data/rule-sets/, sorted. */
export function ruleSetIds(): string[] {
  return readdirSync(dataFilePath('rule-sets/'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .filter((id) => RULE_SET_ID.test(id))
    .sort();
}

/**
 * The rule set stored with a plan version: a resolved snapshot, or an id naming a file. A snapshot
 * of an older format (before standards by edition, RULE_SET_FORMAT) cannot run under today's rules:
 * it is read again from its file by id, so its rules keep their jurisdiction's choices.
 */
export function ruleSetOfVersion(stored: unknown, year: number): RuleSet {
  if (stored && typeof stored === 'object') {
    const o = stored as Partial<RuleSet>;
    const snapshot = typeof o.id === 'string' && o.rules && typeof o.rules === 'object' && Array.isArray(o.chain);
    if (snapshot && o.format === RULE_SET_FORMAT) return o as RuleSet;
    // An old snapshot whose file is gone runs as stored (its findings may then say its parameters no longer parse).
    if (snapshot && !dataFileExists(`rule-sets/${o.id}.json`)) return o as RuleSet;
    if (typeof o.id === 'string') return ruleSetById(o.id);
  }
  if (typeof stored === 'string') return ruleSetById(stored);
  return ruleSetById(nationalRuleSetIdFor(year));
}

/** A resolved rule set as stored with a plan version, so "which rules applied" survives file edits. */
export function ruleSetSnapshot(rs: RuleSet): RuleSet {
  return JSON.parse(JSON.stringify(rs)) as RuleSet;
}
