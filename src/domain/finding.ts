/**
 * Finding: what a check reports. Validation returns findings; it does not throw.
 */
export type Severity = 'error' | 'warning' | 'info';

/**
 * How sure we are of a finding's basis (DOMAIN.md's tags, plus one):
 * - confirmed: the article's text is quoted in data/ (data/rules/quotes.json) from a source at hand;
 * - secondary: news, a local echo of a national rule, third-party code, or an article whose number
 *   or text was not read in a source at hand;
 * - unconfirmed: recalled or inferred;
 * - heuristic: a bureau's rule of thumb (经验阈值), no legal text behind it: never mistake it for law.
 */
export type Confidence = 'confirmed' | 'secondary' | 'unconfirmed' | 'heuristic';

export const CONFIDENCE_LABEL: Readonly<Record<Confidence, Bilingual>> = {
  confirmed: { zh: '已核实', en: 'confirmed' },
  secondary: { zh: '二手来源', en: 'secondary' },
  unconfirmed: { zh: '未核实', en: 'unconfirmed' },
  heuristic: { zh: '经验阈值', en: 'heuristic' },
};
export type Lang = 'zh' | 'en';

export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

export interface Finding {
  /** Rule id, e.g. "area-conversion" or "housing-share-70". */
  readonly rule: string;
  readonly severity: Severity;
  readonly message: Bilingual;
  /** The printed figure the finding is about, as printed. */
  readonly stated?: string;
  /** What the other figures imply, as a decimal string. */
  readonly expected?: string;
  /** Ids of the figures involved (audit) or field names (checks). */
  readonly figures: readonly string[];
  /** A likely intended value or cause: a suggestion, never a correction. */
  readonly suggestion?: Bilingual;
  /** Legal basis: document number and article, when the rule has one. */
  readonly basis?: string;
  /** Confidence of that basis; "heuristic" marks a rule of thumb, not law. */
  readonly confidence?: Confidence;
  /**
   * Set when the rule could not be checked for want of input (an info finding, "cannot check:
   * missing …"): the input fields that are missing, each with what it is in words. Displays group
   * these findings; nothing else may be inferred from the message text.
   */
  readonly missing?: readonly MissingInput[];
}

/** An input a rule needs and was not given. */
export interface MissingInput {
  /** Path of the field in the input JSON, e.g. "planningConditions.issuedOn". */
  readonly field: string;
  readonly label: Bilingual;
}

type Checkable = { readonly severity: Severity; readonly missing?: readonly MissingInput[] | undefined };

/** True for an info finding that says a rule could not be checked for want of input. */
export function isCannotCheck(f: Checkable): boolean {
  return f.severity === 'info' && (f.missing?.length ?? 0) > 0;
}

/**
 * Findings as displays show them: the others (errors and warnings first, in their order otherwise),
 * then the cannot-check ones as one group with the distinct missing inputs, in order of appearance.
 */
export function groupCannotCheck<F extends Checkable>(findings: readonly F[]): { readonly others: F[]; readonly cannotCheck: F[]; readonly missing: MissingInput[] } {
  const others: F[] = [];
  const cannotCheck: F[] = [];
  const missing = new Map<string, MissingInput>();
  for (const f of findings) {
    if (!isCannotCheck(f)) {
      others.push(f);
      continue;
    }
    cannotCheck.push(f);
    for (const m of f.missing!) if (!missing.has(m.field)) missing.set(m.field, m);
  }
  others.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return { others, cannotCheck, missing: [...missing.values()] };
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function bySeverity(a: Finding, b: Finding): number {
  return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

export function pick(b: Bilingual, lang: Lang): string {
  return lang === 'en' ? b.en : b.zh;
}
