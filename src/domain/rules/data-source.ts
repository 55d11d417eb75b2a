/** Reads rule sets and their tables from data/ (the one I/O edge of the rules). */
import { existsSync } from 'node:fs';
import { dataFilePath, readDataJson } from '../reference-data.js';
import { loadRuleSet, RuleSetError, type RuleSet, type RuleSetSource } from '../rule-set.js';

export const DATA_RULE_SOURCE: RuleSetSource = {
  ruleSetFile(id: string): unknown {
    if (!/^[a-z0-9-]+$/.test(id)) throw new RuleSetError(`invalid rule set id "${id}"`);
    const rel = `rule-sets/${id}.json`;
    if (!existsSync(dataFilePath(rel))) throw new RuleSetError(`no rule set "${id}" under data/rule-sets/`);
    return readDataJson(rel);
  },
  table(path: string): unknown {
    if (!/^rules\/[a-z0-9-]+\.json$/.test(path)) throw new RuleSetError(`invalid table path "${path}"`);
    if (!existsSync(dataFilePath(path))) throw new RuleSetError(`no data table ${path}`);
    return readDataJson(path);
  },
};

/** The national default for a year. */
export const DEFAULT_RULE_SET_ID = 'cn-2026';

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
  return existsSync(dataFilePath(`rule-sets/${id}.json`)) ? id : DEFAULT_RULE_SET_ID;
}
