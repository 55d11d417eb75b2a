/**
 * Use case: compile a plan from data (the plan JSON, see src/domain/plan/plan-input.ts) into a
 * PlanDocument whose cube validates, with the rule set in force named. Compiling from an audited
 * text is src/services/compile-plan-from-text.ts.
 */
import type { Finding } from '../domain/finding.js';
import type { PlanDocument } from '../domain/plan/document.js';
import { parsePlan } from '../domain/plan/plan-input.js';
import { validateCube } from '../domain/plan/cube.js';
import { nationalRuleSetIdFor } from './rule-sets.js';

export interface CompiledPlan {
  /** Absent when the input could not be read. */
  readonly plan?: PlanDocument;
  /** The rule set in force: the plan's own, else the national default of its year. */
  readonly ruleSetId: string;
  readonly findings: readonly Finding[];
}

/** Compiles a plan JSON value. Never throws on content. */
export function compilePlan(input: unknown): CompiledPlan {
  const r = parsePlan(input);
  const year = r.plan?.year ?? (typeof (input as { year?: unknown })?.year === 'number' ? (input as { year: number }).year : 2026);
  const ruleSetId = r.ruleSet ?? nationalRuleSetIdFor(year);
  if (!r.plan) return { ruleSetId, findings: r.findings };
  const cube = r.plan.cube;
  return { plan: r.plan, ruleSetId, findings: validateCube(cube) };
}
