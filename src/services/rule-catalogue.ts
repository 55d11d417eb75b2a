/**
 * Use case: list the rules in force under a rule set, for `landplan rules` (and `plan rules`):
 * each rule's id, scope, severity, whether it runs, its basis with the confidence of every
 * citation, its parameters as the rule set resolves them (standards shown as the edition chosen,
 * not their tables), the direction of each numeric parameter, and the editions of the standards
 * it applies.
 *
 *   describeRules(ruleSet, {scope?}) → RuleCatalogue
 */
import { CONFIDENCE_LABEL, type Bilingual, type Confidence, type Severity } from '../domain/finding.js';
import { basisUnder, type RuleSet } from '../domain/rule-set.js';
import { ALL_RULES } from '../domain/rules/index.js';
import { citation, type Citation, type Direction, type RuleScope } from '../domain/rules/rule.js';
import type { EditionRecord, StandardInForce } from '../domain/rules/standards.js';

export interface EditionInForce {
  readonly standard: string;
  readonly zh: string;
  readonly en: string;
  /** The edition the rule set chose. */
  readonly edition: string;
  readonly document: string;
  readonly inForce: string | null;
  readonly confidence: Confidence;
  /** Older editions still applied to supplies dated before the chosen one came into force. */
  readonly earlier: readonly { readonly edition: string; readonly inForce: string | null }[];
  /** Newer editions the rule set did not choose. */
  readonly newer: readonly { readonly edition: string; readonly document: string; readonly inForce: string | null; readonly confidence: Confidence }[];
}

export interface RuleListing {
  readonly id: string;
  readonly scope: RuleScope;
  readonly title: Bilingual;
  readonly enabled: boolean;
  /** The severity of a breach under this rule set. */
  readonly severity: Severity;
  /** The citation findings carry (the rule set's own, when it gives one). */
  readonly basis: string;
  readonly confidence: Confidence;
  readonly confidenceLabel: Bilingual;
  readonly citations: readonly Citation[];
  /** Parameters as resolved; null when the rule set does not configure the rule. */
  readonly params: Readonly<Record<string, unknown>> | null;
  readonly directions: Readonly<Record<string, Direction>>;
  readonly localParams: readonly string[];
  readonly editions: readonly EditionInForce[];
}

export interface RuleCatalogue {
  readonly ruleSet: {
    readonly id: string;
    readonly title: string;
    readonly jurisdiction: RuleSet['jurisdiction'];
    readonly chain: readonly string[];
    readonly editions: Readonly<Record<string, string>>;
  };
  readonly rules: readonly RuleListing[];
}

function isStandard(v: unknown): v is StandardInForce<unknown> {
  return v !== null && typeof v === 'object' && (v as { kind?: unknown }).kind === 'standard';
}

function editionOf(s: StandardInForce<unknown>): EditionInForce {
  const chosen = s.editions[s.editions.length - 1]!;
  const brief = (e: EditionRecord) => ({ edition: e.edition, document: e.document, inForce: e.inForce, confidence: e.confidence });
  return {
    standard: s.id, zh: s.zh, en: s.en, edition: chosen.edition, document: chosen.document, inForce: chosen.inForce, confidence: chosen.confidence,
    earlier: s.editions.slice(0, -1).map((e) => ({ edition: e.edition, inForce: e.inForce })),
    newer: s.newer.map(brief),
  };
}

export function describeRules(rs: RuleSet, opts: { scope?: RuleScope } = {}): RuleCatalogue {
  const rules = ALL_RULES.filter((r) => !opts.scope || r.scope === opts.scope).map((r): RuleListing => {
    const e = rs.rules[r.id];
    const basis = basisUnder(r, e);
    const params = e ? Object.fromEntries(Object.entries(e.params).map(([k, v]) => [k, isStandard(v) ? { $standard: v.id, edition: v.chosen } : v])) : null;
    const editions = e ? Object.values(e.params).filter(isStandard).map(editionOf) : [];
    return {
      id: r.id,
      scope: r.scope,
      title: r.title,
      enabled: e ? e.enabled : false,
      severity: e?.severity ?? r.severity,
      basis: citation(basis),
      confidence: basis.confidence,
      confidenceLabel: CONFIDENCE_LABEL[basis.confidence],
      citations: [basis, ...(basis.also ?? [])].map((c) => ({ document: c.document, ...(c.article ? { article: c.article } : {}), confidence: c.confidence, ...(c.note ? { note: c.note } : {}) })),
      params,
      directions: r.directions ?? {},
      localParams: r.localParams ?? [],
      editions,
    };
  });
  const editions = (rs.settings['editions'] ?? {}) as Record<string, string>;
  return { ruleSet: { id: rs.id, title: rs.title, jurisdiction: rs.jurisdiction, chain: rs.chain, editions }, rules };
}
