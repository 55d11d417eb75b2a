/**
 * Which rule set applies to a jurisdiction in a year: the one stored with its plan for the year
 * (the version in force, else the latest), else the national default for the year. Kept light
 * (rule sets and plan versions only): the pipeline's workers load it.
 */
import type { RuleSet } from '../domain/rule-set.js';
import type { Db } from '../store/database.js';
import { findPlan, inForceVersion, latestVersion } from '../store/repos/plans.js';
import { nationalRuleSetIdFor, ruleSetById, ruleSetOfVersion } from './rule-sets.js';

/** The rule set of the jurisdiction's plan for the year, else the national one. */
export async function ruleSetFor(db: Db, jurisdictionCode: string, year: number): Promise<RuleSet> {
  const plan = await findPlan(db, jurisdictionCode, year);
  const v = plan ? ((await inForceVersion(db, plan.id)) ?? (await latestVersion(db, plan.id))) : undefined;
  return v ? ruleSetOfVersion(v.ruleSet, v.year) : ruleSetById(nationalRuleSetIdFor(year));
}
