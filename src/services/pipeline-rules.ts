/**
 * Which rule set a parcel's deadlines follow: the one stored with the jurisdiction's plan for the
 * year (the plan version in force), else the national default for the year. The deadline numbers
 * and the journal's limits come from it (domain/pipeline/deadlines.ts), never from code.
 */
import type { RuleSet } from '../domain/rule-set.js';
import { nationalRuleSetIdFor, ruleSetById } from '../domain/rules/data-source.js';
import { deadlineParams, type ResolvedDeadlineParams } from '../domain/pipeline/deadlines.js';
import type { DecideParams } from '../domain/pipeline/journal.js';
import type { Db } from '../store/database.js';
import { currentVersion, findPlan } from '../store/repos/plans.js';
import { ruleSetOfVersion } from './record-supply.js';

export async function pipelineRuleSet(db: Db, jurisdictionCode: string, year: number): Promise<RuleSet> {
  const plan = await findPlan(db, jurisdictionCode, year);
  const v = plan ? await currentVersion(db, plan.id) : undefined;
  return v ? ruleSetOfVersion(v.ruleSet, year) : ruleSetById(nationalRuleSetIdFor(year));
}

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
