/**
 * A rule (ARCHITECTURE decision 3): an id, a scope, its legal basis, a parameter schema and a
 * pure `check`. Parameters never live in code: the rule set in force (data/rule-sets/) supplies
 * them, and `runRules` refuses to run a rule whose parameters the rule set does not give.
 *
 * A check returns drafts; `runRules` stamps each with the rule id and its citation, so every
 * finding a rule produces cites its legal basis.
 */
import type { z } from 'zod';
import type { Bilingual, Finding, Severity } from '../finding.js';

export type RuleScope = 'plan' | 'supply' | 'parcel' | 'post-supply';
export type Confidence = 'confirmed' | 'secondary' | 'unconfirmed';

export interface LegalBasis {
  /** Document and number, e.g. "国务院令第55号《城镇国有土地使用权出让和转让暂行条例》". */
  readonly document: string;
  /** Article, e.g. "第十二条". */
  readonly article?: string;
  readonly confidence: Confidence;
}

/** What a check reports, before the runner adds the rule id and the citation. */
export interface Draft {
  readonly severity: Severity;
  readonly message: Bilingual;
  readonly figures: readonly string[];
  readonly stated?: string;
  readonly expected?: string;
  readonly suggestion?: Bilingual;
}

export interface Rule<C, P> {
  readonly id: string;
  readonly scope: RuleScope;
  readonly title: Bilingual;
  readonly basis: LegalBasis;
  /** Parameter schema; the values come from the rule set. */
  readonly params: z.ZodType<P>;
  check(ctx: C, params: P): Draft[];
}

export function citation(b: LegalBasis): string {
  return b.article ? `${b.document} ${b.article}` : b.document;
}

export function draft(severity: Severity, zh: string, en: string, figures: readonly string[], extra: Partial<Omit<Draft, 'severity' | 'message' | 'figures'>> = {}): Draft {
  return { severity, message: { zh, en }, figures, ...extra };
}

/** Stamps a draft into a finding citing the rule's basis (or the rule set's override). */
export function toFinding(ruleId: string, basis: string, d: Draft, severityOverride?: Severity): Finding {
  const severity = severityOverride && d.severity !== 'info' ? severityOverride : d.severity;
  return {
    rule: ruleId,
    severity,
    message: d.message,
    figures: d.figures,
    basis,
    ...(d.stated !== undefined ? { stated: d.stated } : {}),
    ...(d.expected !== undefined ? { expected: d.expected } : {}),
    ...(d.suggestion !== undefined ? { suggestion: d.suggestion } : {}),
  };
}
