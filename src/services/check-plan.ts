/**
 * Use case: check a plan against the rule set in force: every plan-scope rule, plus the two
 * attachment tables and the five-year figures a reviewer reads beside the findings.
 *
 *   checkPlan(json, {ruleSetId?}) → { plan?, ruleSet: {id, chain}, findings, tables?, fiveYear }
 *
 * Findings are sorted error → warning → info; each cites its rule and legal basis.
 */
import { bySeverity, type Finding } from '../domain/finding.js';
import type { PlanDocument } from '../domain/plan/document.js';
import { housingTable, summaryTable, type HousingTable, type SummaryTable } from '../domain/plan/attachment-tables.js';
import { fiveYearReference, type FiveYearFigure } from '../domain/plan/five-year.js';
import { prepareRules, runPrepared, RuleSetError, type RuleSet } from '../domain/rule-set.js';
import { ruleSetById } from '../domain/rules/data-source.js';
import { PLAN_RULES } from '../domain/rules/index.js';
import { compilePlan } from './compile-plan.js';

export interface PlanCheckResult {
  readonly plan?: PlanDocument;
  readonly ruleSet: { readonly id: string; readonly chain: readonly string[] };
  readonly findings: readonly Finding[];
  readonly tables?: { readonly summary: SummaryTable; readonly housing: HousingTable };
  readonly fiveYear: readonly FiveYearFigure[];
}

/** Runs the plan rules of a rule set on a compiled plan. */
export function checkPlanDocument(plan: PlanDocument, ruleSet: RuleSet): Finding[] {
  return runPrepared(prepareRules(PLAN_RULES, ruleSet), { plan }).sort(bySeverity);
}

/** Counted housing types of the 70% rule, from the rule set (for the housing table's share). */
function countedHousingTypes(ruleSet: RuleSet): string[] {
  const v = ruleSet.rules['housing-share-70']?.params['countedHousingTypes'];
  return Array.isArray(v) ? v.map(String) : [];
}

export function checkPlan(input: unknown, opts: { ruleSetId?: string } = {}): PlanCheckResult {
  const compiled = compilePlan(input);
  const id = opts.ruleSetId ?? compiled.ruleSetId;
  let ruleSet: RuleSet;
  try {
    ruleSet = ruleSetById(id);
  } catch (e) {
    if (!(e instanceof RuleSetError)) throw e;
    const f: Finding = { rule: 'rule-set-invalid', severity: 'error', figures: ['ruleSet'], message: { zh: `规则集不可用：${e.message}`, en: `rule set unavailable: ${e.message}` } };
    return { ...(compiled.plan ? { plan: compiled.plan } : {}), ruleSet: { id, chain: [] }, findings: [f, ...compiled.findings], fiveYear: [] };
  }
  const base = { ruleSet: { id: ruleSet.id, chain: ruleSet.chain } };
  if (!compiled.plan) return { ...base, findings: [...compiled.findings].sort(bySeverity), fiveYear: [] };
  const plan = compiled.plan;
  return {
    ...base,
    plan,
    findings: checkPlanDocument(plan, ruleSet),
    tables: { summary: summaryTable(plan.cube), housing: housingTable(plan.cube, countedHousingTypes(ruleSet)) },
    fiveYear: fiveYearReference(plan.cube),
  };
}
