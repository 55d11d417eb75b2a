/**
 * Rule sets (ARCHITECTURE decision 3): which rules apply, with which parameters, per jurisdiction
 * and year. A rule set is a JSON file under data/rule-sets/; it may extend another (a province
 * extends the national default, a county its province). Parameters merge key by key, the child
 * winning. A parameter written as {"$table": "rules/….json"} is replaced by that data table's
 * "entries", so reference tables (FAR floors, price floors, the allocation catalogue) stay in
 * data/ with their sources; {"$setting": "name"} is replaced by a bureau setting (the county's
 * city class, its industrial land class), so one setting reaches every rule that needs it.
 *
 * Parsing a rule set never throws on content: problems become findings.
 */
import { z } from 'zod';
import type { Finding, Severity } from './finding.js';
import { citation, toFinding, type Rule } from './rules/rule.js';

const severitySchema = z.enum(['error', 'warning', 'info']);

const ruleEntrySchema = z.object({
  enabled: z.boolean().optional(),
  severity: severitySchema.optional(),
  /** Replaces the rule's own citation (a province citing its own implementing text). */
  basis: z.string().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});

export const ruleSetFileSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  jurisdiction: z.object({ level: z.enum(['national', 'province', 'city', 'county']), code: z.string(), name: z.string() }),
  year: z.number().int(),
  extends: z.string().nullable().optional(),
  effectiveFrom: z.string().optional(),
  source: z.string().optional(),
  notes: z.array(z.string()).optional(),
  /** Bureau settings rules refer to with {"$setting": "name"}: the county's city class, land class … */
  settings: z.record(z.string(), z.unknown()).optional(),
  rules: z.record(z.string(), ruleEntrySchema),
});
export type RuleSetFile = z.infer<typeof ruleSetFileSchema>;

export interface RuleEntry {
  readonly enabled: boolean;
  readonly severity?: Severity;
  readonly basis?: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** A rule set with its parents merged in and its tables resolved. */
export interface RuleSet {
  readonly id: string;
  readonly title: string;
  readonly jurisdiction: RuleSetFile['jurisdiction'];
  readonly year: number;
  /** The files merged, most general first: ["cn-2026", "js-2026"]. */
  readonly chain: readonly string[];
  readonly settings: Readonly<Record<string, unknown>>;
  readonly rules: Readonly<Record<string, RuleEntry>>;
}

/** Loads a rule-set file by id; a table by path. Injected so the domain stays free of I/O. */
export interface RuleSetSource {
  ruleSetFile(id: string): unknown;
  table(path: string): unknown;
}

export class RuleSetError extends Error {
  override readonly name = 'RuleSetError';
}

function resolveTables(v: unknown, source: RuleSetSource, settings: Record<string, unknown>): unknown {
  if (Array.isArray(v)) return v.map((x) => resolveTables(x, source, settings));
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o['$setting'] === 'string' && Object.keys(o).length === 1) {
      const name = o['$setting'];
      if (!(name in settings)) throw new RuleSetError(`setting "${name}" is not defined in the rule set`);
      return resolveTables(settings[name], source, settings);
    }
    if (typeof o['$table'] === 'string' && Object.keys(o).length === 1) {
      const t = source.table(o['$table']) as { entries?: unknown } | undefined;
      if (!t || t.entries === undefined) throw new RuleSetError(`data table ${o['$table']} has no "entries"`);
      return t.entries;
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, resolveTables(x, source, settings)]));
  }
  return v;
}

/** Resolves a rule set by id through its `extends` chain. Throws RuleSetError on a bad file. */
export function loadRuleSet(id: string, source: RuleSetSource): RuleSet {
  const files: RuleSetFile[] = [];
  const seen = new Set<string>();
  let next: string | null | undefined = id;
  while (next) {
    if (seen.has(next)) throw new RuleSetError(`rule set ${next}: circular "extends"`);
    seen.add(next);
    const parsed = ruleSetFileSchema.safeParse(source.ruleSetFile(next));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new RuleSetError(`rule set ${next}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`);
    }
    files.unshift(parsed.data);
    next = parsed.data.extends;
  }
  const settings: Record<string, unknown> = {};
  for (const f of files) Object.assign(settings, f.settings ?? {});
  const rules: Record<string, RuleEntry> = {};
  for (const f of files) {
    for (const [ruleId, e] of Object.entries(f.rules)) {
      const prev = rules[ruleId];
      rules[ruleId] = {
        enabled: e.enabled ?? prev?.enabled ?? true,
        ...((e.severity ?? prev?.severity) ? { severity: (e.severity ?? prev?.severity)! } : {}),
        ...((e.basis ?? prev?.basis) ? { basis: (e.basis ?? prev?.basis)! } : {}),
        params: { ...(prev?.params ?? {}), ...(e.params ?? {}) },
      };
    }
  }
  // Tables and settings resolve after merging, so a county's setting reaches the national rule's parameters.
  for (const [ruleId, e] of Object.entries(rules)) rules[ruleId] = { ...e, params: resolveTables(e.params, source, settings) as Record<string, unknown> };
  const top = files[files.length - 1]!;
  return { id: top.id, title: top.title, jurisdiction: top.jurisdiction, year: top.year, chain: files.map((f) => f.id), settings, rules };
}

/** A rule with its parameters parsed from the rule set, ready to run many times. */
export interface PreparedRule<C> {
  readonly id: string;
  readonly basis: string;
  run(ctx: C): Finding[];
}

export interface Prepared<C> {
  readonly rules: readonly PreparedRule<C>[];
  /** Problems with the rule set itself: a rule it does not configure, parameters that do not parse. */
  readonly problems: readonly Finding[];
}

/**
 * Parses each rule's parameters from the rule set once. A rule the rule set does not mention is
 * not run and is reported (parameters come only from the rule set); a disabled rule is skipped.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function prepareRules<C>(rules: readonly Rule<C, any>[], ruleSet: RuleSet): Prepared<C> {
  const prepared: PreparedRule<C>[] = [];
  const problems: Finding[] = [];
  for (const rule of rules) {
    const entry = ruleSet.rules[rule.id];
    const basis = entry?.basis ?? citation(rule.basis);
    if (!entry) {
      problems.push({
        rule: 'rule-set-incomplete', severity: 'warning', figures: [rule.id], basis: `rule set ${ruleSet.id}`,
        message: { zh: `规则集 ${ruleSet.id} 未配置规则 ${rule.id}（${rule.title.zh}），该规则未执行`, en: `rule set ${ruleSet.id} does not configure ${rule.id} (${rule.title.en}); it was not run` },
      });
      continue;
    }
    if (!entry.enabled) continue;
    const parsed = rule.params.safeParse(entry.params);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid';
      problems.push({
        rule: 'rule-set-invalid', severity: 'error', figures: [rule.id], basis: `rule set ${ruleSet.id}`,
        message: { zh: `规则集 ${ruleSet.id} 中规则 ${rule.id} 的参数有误（${where}），该规则未执行`, en: `rule set ${ruleSet.id}: parameters of ${rule.id} are invalid (${where}); it was not run` },
      });
      continue;
    }
    const params: unknown = parsed.data;
    prepared.push({
      id: rule.id,
      basis,
      run(ctx: C): Finding[] {
        try {
          return rule.check(ctx, params).map((d) => toFinding(rule.id, basis, d, entry.severity));
        } catch (e) {
          const msg = e instanceof Error ? e.message : String(e);
          return [{ rule: rule.id, severity: 'error', figures: [], basis, message: { zh: `规则 ${rule.id} 执行失败：${msg}`, en: `rule ${rule.id} failed: ${msg}` } }];
        }
      },
    });
  }
  return { rules: prepared, problems };
}

export function runPrepared<C>(p: Prepared<C>, ctx: C): Finding[] {
  const out: Finding[] = [...p.problems];
  for (const r of p.rules) out.push(...r.run(ctx));
  return out;
}
