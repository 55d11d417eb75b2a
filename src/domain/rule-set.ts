/**
 * Rule sets (ARCHITECTURE decision 3): which rules apply, with which parameters, per jurisdiction
 * and year. A rule set is a JSON file under data/rule-sets/; it may extend another (a province
 * extends the national default, a county its province). Parameters merge key by key, the child
 * winning. Directives inside parameters:
 * - {"$table": "rules/….json"}: that data table's "entries" (FAR floors, the allocation catalogue …);
 * - {"$setting": "name"}: a bureau setting (the county's city class …), set once for every rule;
 * - {"$standard": "industrialIndicators"}: the edition of a standard the rule set chooses in
 *   `settings.editions`, with the older editions, so a supply is judged by the one in force on its date.
 *
 * National floors hold: a child may only tighten. Loading fails (RuleSetError naming the
 * parameter, both values and both sources) when a child loosens a parameter the rule declares a
 * minimum or maximum, replaces a standard's table, or chooses an older edition than its parent.
 *
 * Files are read by an injected `RuleSetSource` (services/rule-sets.ts), so the domain does no I/O.
 * Running a rule set never throws on content: problems become findings.
 */
import { z } from 'zod';
import { Dec } from './decimal.js';
import type { Bilingual, Finding, Severity } from './finding.js';
import { citation, toFinding, type Citation, type Direction, type LegalBasis, type Rule } from './rules/rule.js';
import { standardsFileSchema, type StandardEdition, type StandardInForce } from './rules/standards.js';
import { ALL_RULES } from './rules/index.js';

/** Bumped when the shape of a resolved rule set changes: stored snapshots of older formats are re-read. */
export const RULE_SET_FORMAT = 2;

const severitySchema = z.enum(['error', 'warning', 'info']);
const citationSchema = z.object({
  document: z.string().min(1),
  article: z.string().optional(),
  confidence: z.enum(['confirmed', 'secondary', 'unconfirmed', 'heuristic']),
  note: z.string().optional(),
});

const ruleEntrySchema = z.object({
  enabled: z.boolean().optional(),
  severity: severitySchema.optional(),
  /** Replaces the rule's own citation (a province citing its own implementing text). A bare string is taken as unconfirmed. */
  basis: z.union([z.string(), citationSchema]).optional(),
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
  /** Bureau settings rules refer to with {"$setting": "name"}; `editions` chooses the edition of each standard. */
  settings: z.record(z.string(), z.unknown()).optional(),
  rules: z.record(z.string(), ruleEntrySchema),
});
export type RuleSetFile = z.infer<typeof ruleSetFileSchema>;

export interface RuleEntry {
  readonly enabled: boolean;
  readonly severity?: Severity;
  readonly basis?: Citation;
  readonly params: Readonly<Record<string, unknown>>;
}

/** A rule set with its parents merged in and its tables resolved. */
export interface RuleSet {
  readonly id: string;
  readonly title: string;
  readonly jurisdiction: RuleSetFile['jurisdiction'];
  readonly year: number;
  readonly format?: number;
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
  /** The message in both languages (the Error message is the English). */
  readonly text: Bilingual;
  constructor(en: string, zh: string = en) {
    super(en);
    this.text = { zh, en };
  }
}

const STANDARDS_TABLE = 'rules/standards.json';

function toCitation(b: string | z.infer<typeof citationSchema>): Citation {
  if (typeof b === 'string') return { document: b, confidence: 'unconfirmed', note: 'a rule set gave this basis as bare text, without a confidence' };
  return { document: b.document, confidence: b.confidence, ...(b.article ? { article: b.article } : {}), ...(b.note ? { note: b.note } : {}) };
}

function resolveStandard(id: string, source: RuleSetSource, settings: Record<string, unknown>): StandardInForce<unknown> {
  const parsed = standardsFileSchema.safeParse(source.table(STANDARDS_TABLE));
  if (!parsed.success) throw new RuleSetError(`${STANDARDS_TABLE} is invalid`);
  const std = parsed.data.standards[id];
  if (!std) throw new RuleSetError(`no standard "${id}" in ${STANDARDS_TABLE}`, `${STANDARDS_TABLE} 中没有标准 "${id}"`);
  const editions = settings['editions'] as Record<string, unknown> | undefined;
  const chosen = editions?.[id];
  const at = std.editions.findIndex((e) => e.edition === chosen);
  if (typeof chosen !== 'string' || at < 0) {
    throw new RuleSetError(
      `the rule set chooses no edition of ${std.en} (settings.editions.${id}: one of ${std.editions.map((e) => e.edition).join(', ')})`,
      `规则集未选定《${std.zh}》的版本（settings.editions.${id}，可选 ${std.editions.map((e) => e.edition).join('、')}）`,
    );
  }
  const loaded: StandardEdition<unknown>[] = std.editions.slice(0, at + 1).map((e) => {
    if (!e.table) return { ...e, entries: null };
    const t = source.table(e.table) as { entries?: unknown } | undefined;
    if (!t || t.entries === undefined) throw new RuleSetError(`data table ${e.table} has no "entries"`);
    return { ...e, entries: t.entries };
  });
  return { kind: 'standard', id, zh: std.zh, en: std.en, chosen, editions: loaded, newer: std.editions.slice(at + 1) };
}

function resolve(v: unknown, source: RuleSetSource, settings: Record<string, unknown>): unknown {
  if (Array.isArray(v)) return v.map((x) => resolve(x, source, settings));
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const only = Object.keys(o).length === 1;
    if (only && typeof o['$setting'] === 'string') {
      const name = o['$setting'];
      if (!(name in settings)) throw new RuleSetError(`setting "${name}" is not defined in the rule set`);
      return resolve(settings[name], source, settings);
    }
    if (only && typeof o['$table'] === 'string') {
      const t = source.table(o['$table']) as { entries?: unknown } | undefined;
      if (!t || t.entries === undefined) throw new RuleSetError(`data table ${o['$table']} has no "entries"`);
      return t.entries;
    }
    if (only && typeof o['$standard'] === 'string') return resolveStandard(o['$standard'], source, settings);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, resolve(x, source, settings)]));
  }
  return v;
}

interface Level {
  readonly file: RuleSetFile;
  readonly settings: Record<string, unknown>;
  readonly rules: Record<string, RuleEntry>;
}

/** Merges `file` over the level above it (raw, directives unresolved). */
function mergeLevel(parent: Level | undefined, file: RuleSetFile): Level {
  const settings: Record<string, unknown> = { ...(parent?.settings ?? {}), ...(file.settings ?? {}) };
  // Edition choices merge per standard, so a county that sets one edition keeps the others.
  const pe = parent?.settings['editions'];
  const fe = file.settings?.['editions'];
  if (pe && typeof pe === 'object' && fe && typeof fe === 'object') settings['editions'] = { ...(pe as object), ...(fe as object) };
  const rules: Record<string, RuleEntry> = { ...(parent?.rules ?? {}) };
  for (const [ruleId, e] of Object.entries(file.rules)) {
    const prev = rules[ruleId];
    const basis = e.basis !== undefined ? toCitation(e.basis) : prev?.basis;
    const severity = e.severity ?? prev?.severity;
    rules[ruleId] = {
      enabled: e.enabled ?? prev?.enabled ?? true,
      ...(severity ? { severity } : {}),
      ...(basis ? { basis } : {}),
      params: { ...(prev?.params ?? {}), ...(e.params ?? {}) },
    };
  }
  return { file, settings, rules };
}

function resolveLevel(level: Level, source: RuleSetSource): Record<string, RuleEntry> {
  // Tables and settings resolve after merging, so a county's setting reaches the national rule's parameters.
  return Object.fromEntries(Object.entries(level.rules).map(([id, e]) => [id, { ...e, params: resolve(e.params, source, level.settings) as Record<string, unknown> }]));
}

/** Resolves a rule set by id through its `extends` chain. Throws RuleSetError on a bad file or a loosened limit. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function loadRuleSet(id: string, source: RuleSetSource, catalogue: readonly Rule<any, any>[] = ALL_RULES): RuleSet {
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
  const known = new Set(catalogue.map((r) => r.id));
  for (const f of files) {
    const unknown = Object.keys(f.rules).filter((r) => !known.has(r));
    if (unknown.length) throw new RuleSetError(`rule set ${f.id} configures unknown rule(s): ${unknown.join(', ')}`, `规则集 ${f.id} 配置了不存在的规则：${unknown.join('、')}`);
  }
  let level: Level | undefined;
  let resolved: Record<string, RuleEntry> = {};
  for (const f of files) {
    const merged = mergeLevel(level, f);
    const now = resolveLevel(merged, source);
    if (level) assertTightensOnly(catalogue, level, resolved, merged, now);
    level = merged;
    resolved = now;
  }
  const top = files[files.length - 1]!;
  return { id: top.id, title: top.title, jurisdiction: top.jurisdiction, year: top.year, format: RULE_SET_FORMAT, chain: files.map((f) => f.id), settings: level!.settings, rules: resolved };
}

// ---- national floors -------------------------------------------------------------------------

const DECIMAL = /^\d+(\.\d+)?$/;
const FRACTION = /^(\d+)\/(\d+)$/;
const MONTH_DAY = /^\d{2}-\d{2}$/;

/** A comparable form of a limit value: decimals and fractions exactly, areas in fifteenths of m², MM-DD as text. */
function comparable(v: unknown): { n: Dec } | { s: string } | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return { n: new Dec(v) };
  if (typeof v === 'string') {
    const t = v.trim();
    if (DECIMAL.test(t)) return { n: new Dec(t) };
    const f = FRACTION.exec(t);
    if (f && Number(f[2]) > 0) return { n: new Dec(f[1]!).div(f[2]!) };
    if (MONTH_DAY.test(t)) return { s: t };
    return undefined;
  }
  if (v && typeof v === 'object') {
    const o = v as { ha?: unknown; mu?: unknown };
    // 1 ha = 150 000 fifteenths of a m²; 1 亩 = 10 000: exact, so 200 亩 and 13.3333 ha compare correctly.
    if (typeof o.ha === 'string' && DECIMAL.test(o.ha) && o.mu === undefined) return { n: new Dec(o.ha).times(150000) };
    if (typeof o.mu === 'string' && DECIMAL.test(o.mu) && o.ha === undefined) return { n: new Dec(o.mu).times(10000) };
  }
  return undefined;
}

function show(v: unknown): Bilingual {
  if (v === undefined || v === null) return { zh: '（未设）', en: '(none)' };
  if (typeof v === 'object' && !Array.isArray(v)) {
    const o = v as { ha?: string; mu?: string };
    if (o.ha !== undefined) return { zh: `${o.ha} 公顷`, en: `${o.ha} ha` };
    if (o.mu !== undefined) return { zh: `${o.mu} 亩`, en: `${o.mu} mu` };
  }
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return { zh: s, en: s };
}

/** Concrete paths a pattern ("limits.*", "byUseClass.*", "limit") names in either object, with their values. */
function expand(pattern: string, a: unknown, b: unknown): [string, unknown, unknown][] {
  const out: [string, unknown, unknown][] = [];
  const walk = (segs: string[], x: unknown, y: unknown, path: string[]): void => {
    if (segs.length === 0) {
      out.push([path.join('.'), x, y]);
      return;
    }
    const [seg, ...rest] = segs as [string, ...string[]];
    const ox = x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined;
    const oy = y && typeof y === 'object' && !Array.isArray(y) ? (y as Record<string, unknown>) : undefined;
    const keys = seg === '*' ? [...new Set([...Object.keys(ox ?? {}), ...Object.keys(oy ?? {})])] : [seg];
    for (const k of keys) walk(rest, ox?.[k], oy?.[k], [...path, k]);
  };
  walk(pattern.split('.'), a, b, []);
  return out;
}

function loosens(parent: unknown, child: unknown, dir: Direction): boolean {
  if (parent === undefined || parent === null) return false;
  const p = comparable(parent);
  if (!p) return false;
  const c = comparable(child);
  if (!c || 'n' in p !== 'n' in c) return true; // removed, or replaced by something that is not a limit
  const cmp = 'n' in p ? (c as { n: Dec }).n.comparedTo(p.n) : (c as { s: string }).s < p.s ? -1 : (c as { s: string }).s > p.s ? 1 : 0;
  return dir === 'minimum' ? cmp < 0 : dir === 'maximum' ? cmp > 0 : cmp !== 0;
}

const DIRECTION_ZH: Record<Direction, string> = { minimum: '下限（只能提高）', maximum: '上限（只能降低）', fixed: '法定值（不得更改）' };

function sourceOf(level: Level, entry: RuleEntry | undefined, rule: Rule<unknown, unknown>): string {
  const b: LegalBasis = entry?.basis ?? rule.basis;
  return `${level.file.id}: ${citation(b)}`;
}

function assertTightensOnly(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  catalogue: readonly Rule<any, any>[],
  parentLevel: Level,
  parent: Record<string, RuleEntry>,
  childLevel: Level,
  child: Record<string, RuleEntry>,
): void {
  const parentId = parentLevel.file.id;
  const childId = childLevel.file.id;
  for (const rule of catalogue) {
    const pe = parent[rule.id];
    const ce = child[rule.id];
    if (!pe || !ce) continue;
    const refuse = (path: string, pv: unknown, cv: unknown, dirZh: string, dirEn: string, extraZh = '', extraEn = ''): never => {
      const a = show(pv);
      const b = show(cv);
      const ps = sourceOf(parentLevel, pe, rule);
      const cs = childLevel.file.rules[rule.id]?.basis !== undefined ? sourceOf(childLevel, ce, rule) : `${childId}: ${childLevel.file.source ?? '（未载明依据）'}`;
      throw new RuleSetError(
        `rule set ${childId} loosens ${rule.id} ${path} (a ${dirEn}) from ${a.en} (${parentId}) to ${b.en} (${childId})${extraEn}. Sources: ${ps} | ${cs}. A provincial or county rule set may only tighten a national limit.`,
        `规则集 ${childId} 放宽了 ${parentId} 的限值：规则 ${rule.id} 参数 ${path} 为${dirZh}，${parentId} 为 ${a.zh}，${childId} 改为 ${b.zh}${extraZh}。依据：${ps}；${cs}。省级、县级规则集只能从严。`,
      );
    };
    // A standard's table comes from the edition chosen: a child may choose a newer edition, never an older one or its own table.
    for (const [key, pv] of Object.entries(pe.params)) {
      const p = pv as Partial<StandardInForce<unknown>> | null;
      if (!p || typeof p !== 'object' || p.kind !== 'standard') continue;
      const c = ce.params[key] as Partial<StandardInForce<unknown>> | undefined;
      if (!c || c.kind !== 'standard' || c.id !== p.id) refuse(key, `${p.id} ${p.chosen}`, c ? '(a table of its own)' : undefined, '标准版本', 'standard edition', '（应在 settings.editions 中选择版本，不得替换标准表）', ' (choose an edition in settings.editions instead of replacing the table)');
      else if ((c.editions?.length ?? 0) < (p.editions?.length ?? 0)) refuse(`settings.editions.${p.id}`, p.chosen, c.chosen, '标准版本（只能选用同版或更新版本）', 'standard edition (same or newer only)');
    }
    for (const [pattern, dir] of Object.entries(rule.directions ?? {})) {
      // A table the parent marks as a template (demonstration values) holds no limit to loosen.
      const head = pe.params[pattern.split('.')[0]!] as { status?: unknown } | null | undefined;
      if (head && typeof head === 'object' && head.status === 'template') continue;
      for (const [path, pv, cv] of expand(pattern, pe.params, ce.params)) {
        if (loosens(pv, cv, dir)) refuse(path, pv, cv, DIRECTION_ZH[dir], dir);
      }
    }
  }
}

// ---- running --------------------------------------------------------------------------------

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

/** The basis a rule cites under a rule set: the rule set's override, else the rule's own. */
export function basisUnder(rule: Rule<unknown, unknown>, entry: RuleEntry | undefined): LegalBasis {
  return entry?.basis ?? rule.basis;
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
    const override = entry.basis;
    const own = rule.basis;
    prepared.push({
      id: rule.id,
      basis: citation(override ?? own),
      run(ctx: C): Finding[] {
        try {
          // The rule set's citation wins; else the edition a draft says it applied; else the rule's own.
          return rule.check(ctx, params).map((d) => toFinding(rule.id, override ?? d.basis ?? own, d, entry.severity));
        } catch (e) {
          const msg = e instanceof Error ? e.message : String(e);
          return [{ rule: rule.id, severity: 'error', figures: [], basis: citation(override ?? own), confidence: (override ?? own).confidence, message: { zh: `规则 ${rule.id} 执行失败：${msg}`, en: `rule ${rule.id} failed: ${msg}` } }];
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
