/**
 * Which rule set a parcel's deadlines follow: the one stored with the jurisdiction's plan for the
 * year (the plan version in force), else the national default for the year. The deadline numbers
 * and the journal's limits come from it (domain/pipeline/deadlines.ts), never from code.
 */
import { createHash } from 'node:crypto';
import type { RuleSet } from '../domain/rule-set.js';
import { chinaCalendar } from '../domain/calendar/china.js';
import type { WorkingCalendar } from '../domain/calendar/working-calendar.js';
import { Dec } from '../domain/decimal.js';
import type { PipelineState } from '../domain/pipeline/journal.js';
import { DEADLINE_FACTS_VERSION, deadlineFacts, supervisedFacts } from '../domain/pipeline/supervise.js';
import { deadlineParams, type ResolvedDeadlineParams } from '../domain/pipeline/deadlines.js';
import type { DecideParams } from '../domain/pipeline/journal.js';
import type { Db } from '../store/database.js';
import { journalYears, type FactsCheck } from '../store/pipeline.js';
import { ruleSetFor as pipelineRuleSet } from './rule-set-for.js';
import { STORED_FACTS_VERSION, storedFacts, storedText, type StoredFacts } from './stored-facts.js';

/** The rule set of the jurisdiction's plan for the year, else the national one (one definition, dashboard-findings). */
export { ruleSetFor as pipelineRuleSet } from './rule-set-for.js';

export interface PipelineRules {
  readonly ruleSet: RuleSet;
  readonly deadlines: ResolvedDeadlineParams;
  /** For the journal; undefined when the rule set lacks the idle or extension numbers. */
  readonly decide?: DecideParams;
}

/**
 * The rules for reads (timelines), looked up once per jurisdiction and year and kept `ttlMs`: a
 * new plan version's rule set reaches the timelines within that time. Writes look it up fresh.
 */
export function cachedPipelineRules(ttlMs = 10_000): (db: Db, jurisdictionCode: string, year: number) => Promise<PipelineRules> {
  const caches = new WeakMap<Db, Map<string, { at: number; value: Promise<PipelineRules> }>>();
  return (db, jurisdictionCode, year) => {
    let cache = caches.get(db);
    if (!cache) caches.set(db, (cache = new Map()));
    const key = `${jurisdictionCode}|${year}`;
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < ttlMs) return hit.value;
    const value = pipelineRuleSet(db, jurisdictionCode, year).then(pipelineRules);
    const c = cache;
    c.set(key, { at: Date.now(), value });
    value.catch(() => c.delete(key));
    return value;
  };
}

export function pipelineRules(ruleSet: RuleSet): PipelineRules {
  const deadlines = deadlineParams(ruleSet);
  const { idle, extension } = deadlines.params;
  return { ruleSet, deadlines, ...(idle && extension ? { decide: { idleYears: idle.years, recoveryYears: idle.recoveryYears, maxExtensionYears: extension.maxExtensionYears } } : {}) };
}

/**
 * Deadline facts (domain/pipeline/supervise.ts `deadlineFacts`) as the store keeps them: a key
 * naming the rule set's deadline numbers and the calendar they were computed with, and the
 * function computing them. Supervision reads stored facts only under the key it would compute
 * them with itself.
 */
export interface FactsSource {
  readonly key: string;
  /** The facts supervision reads (`supervisedFacts`: no reminders, so nothing that could only remind), in their stored form (stored-facts.ts). */
  readonly of: (state: PipelineState) => StoredFacts;
  /** …as the text stored. */
  readonly text: (state: PipelineState) => string;
}

const defaultSources = new WeakMap<PipelineRules, FactsSource>();

export function factsSource(rules: PipelineRules, calendar?: WorkingCalendar): FactsSource {
  if (calendar !== undefined) return computeFactsSource(rules, calendar);
  // On the default calendar, once per rules object (the cached rules are asked for on every page request).
  let s = defaultSources.get(rules);
  if (!s) defaultSources.set(rules, (s = computeFactsSource(rules, chinaCalendar())));
  return s;
}

function computeFactsSource(rules: PipelineRules, calendar: WorkingCalendar): FactsSource {
  const numbers = JSON.stringify(rules.deadlines.params, (_k, v: unknown) => (v instanceof Dec ? v.toFixed() : v));
  const key = createHash('sha256').update(`v${DEADLINE_FACTS_VERSION}.${STORED_FACTS_VERSION}|${numbers}|${calendar.source.name}|${calendar.source.version}|${calendar.firstYear}-${calendar.lastYear}`).digest('hex').slice(0, 24);
  const of = (state: PipelineState) => storedFacts(supervisedFacts(deadlineFacts(state, calendar, rules.deadlines.params)));
  return { key, of, text: (state) => storedText(of(state)) };
}

/**
 * For `db verify`: per jurisdiction, the stored text under each facts key its rules give for the
 * years its journal events were dated or recorded in and the year of `today` (facts are stored
 * under the rules of the year they were written in).
 */
export function storedFactsCheck(db: Db, today: string): FactsCheck {
  const byCode = new Map<string, Promise<ReadonlyMap<string, (state: PipelineState) => string>>>();
  return (code) => {
    let m = byCode.get(code);
    if (!m) {
      m = (async () => {
        const texts = new Map<string, (state: PipelineState) => string>();
        for (const year of new Set([...(await journalYears(db, code)), Number(today.slice(0, 4))])) {
          const source = factsSource(pipelineRules(await pipelineRuleSet(db, code, year)));
          texts.set(source.key, source.text);
        }
        return texts;
      })();
      byCode.set(code, m);
    }
    return m;
  };
}
