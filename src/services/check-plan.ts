/**
 * Use case: check a plan against the rule set in force: every plan-scope rule, plus the two
 * attachment tables and the five-year figures a reviewer reads beside the findings.
 *
 *   checkPlan(json, {ruleSetId?}) → { plan?, ruleSet: {id, chain}, findings, tables?, fiveYear }
 *   checkPlanText(text, {ruleSetId?}) → the same, compiled from a published text, plus the audit's findings
 *
 * Findings are sorted error → warning → info; each cites its rule and legal basis.
 */
import { bySeverity, type Finding } from '../domain/finding.js';
import type { PlanDocument } from '../domain/plan/document.js';
import { housingTable, summaryTable, type HousingTable, type SummaryTable } from '../domain/plan/attachment-tables.js';
import { fiveYearReference, type FiveYearFigure } from '../domain/plan/five-year.js';
import { parcelSchedule } from '../domain/plan/parcel-schedule.js';

type ParcelSchedule = ReturnType<typeof parcelSchedule>;
import { prepareRules, runPrepared, RuleSetError, type RuleSet } from '../domain/rule-set.js';
import { nationalRuleSetIdFor, ruleSetById } from './rule-sets.js';
import { PLAN_RULES } from '../domain/rules/index.js';
import { compilePlan } from './compile-plan.js';
import { compilePlanFromText, type CompiledFromText } from './compile-plan-from-text.js';

export interface PlanCheckResult {
  readonly plan?: PlanDocument;
  readonly ruleSet: { readonly id: string; readonly chain: readonly string[] };
  readonly findings: readonly Finding[];
  readonly tables?: { readonly summary: SummaryTable; readonly housing: HousingTable; readonly parcels: ParcelSchedule };
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
    tables: { summary: summaryTable(plan.cube), housing: housingTable(plan.cube, countedHousingTypes(ruleSet)), parcels: parcelSchedule(plan) },
    fiveYear: fiveYearReference(plan.cube),
  };
}

export interface PlanTextCheckResult extends PlanCheckResult {
  /** The audit's own findings on the text (figures that disagree, rounding artifacts …). */
  readonly auditFindings: readonly Finding[];
  /** Figures the audit flagged, recorded as flagged, not fixed. */
  readonly flagged: CompiledFromText['flagged'];
}

/**
 * Checks a published plan text: compiled by compile-plan-from-text (audit extraction → cube), then
 * every plan rule. Throws PlanTextError when the text has no total.
 */
export function checkPlanText(text: string, opts: { ruleSetId?: string; region?: string; year?: number } = {}): PlanTextCheckResult {
  const c = compilePlanFromText(text);
  const year = opts.year ?? c.report.document.year ?? new Date().getUTCFullYear();
  const plan: PlanDocument = {
    region: opts.region ?? c.report.document.region ?? '',
    year,
    ...(c.report.document.title ? { title: c.report.document.title } : {}),
    cube: c.cube,
  };
  const ruleSet = ruleSetById(opts.ruleSetId ?? nationalRuleSetIdFor(year));
  return {
    plan,
    ruleSet: { id: ruleSet.id, chain: ruleSet.chain },
    findings: checkPlanDocument(plan, ruleSet),
    tables: { summary: summaryTable(plan.cube), housing: housingTable(plan.cube, countedHousingTypes(ruleSet)), parcels: parcelSchedule(plan) },
    fiveYear: fiveYearReference(plan.cube),
    auditFindings: c.report.findings,
    flagged: c.flagged,
  };
}
