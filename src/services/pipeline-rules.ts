/**
 * Which rule set a parcel's deadlines follow: the one stored with the jurisdiction's plan for the
 * year (the plan version in force), else the national default for the year. The deadline numbers
 * and the journal's limits come from it (domain/pipeline/deadlines.ts), never from code.
 */
import type { RuleSet } from '../domain/rule-set.js';
import { deadlineParams, type ResolvedDeadlineParams } from '../domain/pipeline/deadlines.js';
import type { DecideParams } from '../domain/pipeline/journal.js';

/** The rule set of the jurisdiction's plan for the year, else the national one (one definition, dashboard-findings). */
export { ruleSetFor as pipelineRuleSet } from './dashboard-findings.js';

export interface PipelineRules {
  readonly ruleSet: RuleSet;
  readonly deadlines: ResolvedDeadlineParams;
  /** For the journal; undefined when the rule set lacks the idle or extension numbers. */
  readonly decide?: DecideParams;
}

export function pipelineRules(ruleSet: RuleSet): PipelineRules {
  const deadlines = deadlineParams(ruleSet);
  const { idle, extension } = deadlines.params;
  return { ruleSet, deadlines, ...(idle && extension ? { decide: { idleYears: idle.years, recoveryYears: idle.recoveryYears, maxExtensionYears: extension.maxExtensionYears } } : {}) };
}
