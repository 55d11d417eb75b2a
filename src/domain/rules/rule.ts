/**
 * A rule (ARCHITECTURE decision 3): an id, a scope, its legal basis, a parameter schema and a
 * pure `check`. Parameters never live in code: the rule set in force (data/rule-sets/) supplies
 * them, and `runRules` refuses to run a rule whose parameters the rule set does not give.
 *
 * A check returns drafts; `runRules` stamps each with the rule id, its citation and the citation's
 * confidence, so every finding a rule produces cites its legal basis and says how sure that is.
 */
import type { z } from 'zod';
import type { Bilingual, Confidence, Finding, MissingInput, Severity } from '../finding.js';

export type { Confidence };
export type RuleScope = 'plan' | 'supply' | 'parcel' | 'post-supply';

/** One cited text: document and number, article, and how sure we are of it. */
export interface Citation {
  /** Document and number, e.g. "国务院令第55号《城镇国有土地使用权出让和转让暂行条例》". */
  readonly document: string;
  /** Article, e.g. "第十二条". */
  readonly article?: string;
  readonly confidence: Confidence;
  /** Why the confidence is what it is ("article number recalled", "threshold set locally"). */
  readonly note?: string;
}

/** A rule's basis: its main citation (whose confidence is the rule's) and any cited with it. */
export interface LegalBasis extends Citation {
  readonly also?: readonly Citation[];
}

/**
 * Which way a numeric parameter binds: a `minimum` may only be raised by a provincial or county
 * rule set, a `maximum` only lowered; a `fixed` value (a statutory rate) may not be changed.
 */
export type Direction = 'minimum' | 'maximum' | 'fixed';

/** What a check reports, before the runner adds the rule id and the citation. */
export interface Draft {
  readonly severity: Severity;
  readonly message: Bilingual;
  readonly figures: readonly string[];
  readonly stated?: string;
  readonly expected?: string;
  readonly suggestion?: Bilingual;
  /** The citation this finding rests on when it is not the rule's own (the edition of a standard applied). */
  readonly basis?: LegalBasis;
  /** Overrides the basis's confidence for this finding (a heuristic test inside a legal rule). */
  readonly confidence?: Confidence;
  /** The inputs whose absence made the check impossible (set by `cannotCheck` and `cannotCheckAll`). */
  readonly missing?: readonly MissingInput[];
}

export interface Rule<C, P> {
  readonly id: string;
  readonly scope: RuleScope;
  readonly title: Bilingual;
  readonly basis: LegalBasis;
  /** Severity of a breach (what `landplan rules` lists; a rule set may override it). */
  readonly severity: Severity;
  /** Parameter schema; the values come from the rule set. */
  readonly params: z.ZodType<P>;
  /**
   * Direction of every numeric parameter, by path ("limit", "limits.*", "byUseClass.*"): a rule set
   * that loosens a parent's value fails to load.
   */
  readonly directions?: Readonly<Record<string, Direction>>;
  /** Parameters no national text fixes: a rule set sets them as a local choice, and listings say so. */
  readonly localParams?: readonly string[];
  check(ctx: C, params: P): Draft[];
}

function one(c: Citation): string {
  return c.article ? `${c.document} ${c.article}` : c.document;
}

/** The basis as one line: the main citation, then the ones cited with it. */
export function citation(b: LegalBasis): string {
  return [one(b), ...(b.also ?? []).map(one)].join('; ');
}

export function draft(severity: Severity, zh: string, en: string, figures: readonly string[], extra: Partial<Omit<Draft, 'severity' | 'message' | 'figures'>> = {}): Draft {
  return { severity, message: { zh, en }, figures, ...extra };
}

/** "cannot check: missing X" — an info finding, never a silent pass, marked with what is missing. */
export function cannotCheck(field: string, zh: string, en: string): Draft {
  return draft('info', `无法核验：缺少${zh}（${field}）`, `cannot check: missing ${en} (${field})`, [field], { missing: [{ field, label: { zh, en } }] });
}

/** A cannot-check finding worded by the rule, for several missing inputs at once. */
export function cannotCheckAll(zh: string, en: string, missing: readonly MissingInput[]): Draft {
  return draft('info', zh, en, missing.map((m) => m.field), { missing });
}

/** Stamps a draft into a finding citing the rule's basis (or the rule set's override). */
export function toFinding(ruleId: string, basis: LegalBasis, d: Draft, severityOverride?: Severity): Finding {
  const severity = severityOverride && d.severity !== 'info' ? severityOverride : d.severity;
  return {
    rule: ruleId,
    severity,
    message: d.message,
    figures: d.figures,
    basis: citation(basis),
    confidence: d.confidence ?? basis.confidence,
    ...(d.stated !== undefined ? { stated: d.stated } : {}),
    ...(d.expected !== undefined ? { expected: d.expected } : {}),
    ...(d.suggestion !== undefined ? { suggestion: d.suggestion } : {}),
    ...(d.missing?.length ? { missing: d.missing } : {}),
  };
}
