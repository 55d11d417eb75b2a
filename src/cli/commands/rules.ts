/**
 * `landplan rules [--rule-set ID] [--scope plan|supply|parcel|post-supply] [--json] [--lang zh|en]`
 * Lists every rule of the catalogue under a rule set: id, scope, severity, whether it runs, its
 * legal basis with the confidence of each citation (经验阈值 marks a heuristic, not law), its
 * parameters with their direction (a minimum may only be raised by a province or county, a
 * maximum only lowered), and the edition of each standard in force. `plan rules` is an alias.
 */
import type { Command } from 'commander';
import { CONFIDENCE_LABEL, pick, type Lang } from '../../domain/finding.js';
import { RuleSetError } from '../../domain/rule-set.js';
import type { RuleScope } from '../../domain/rules/rule.js';
import { describeRules, type RuleCatalogue, type RuleListing } from '../../services/rule-catalogue.js';
import { DEFAULT_RULE_SET_ID, ruleSetById } from '../../services/rule-sets.js';
import { UserError } from '../user-error.js';
import { langOf } from './output.js';

const SCOPES: readonly RuleScope[] = ['plan', 'supply', 'parcel', 'post-supply'];
const T = {
  zh: { ruleSet: '规则集', rules: '条规则', editions: '标准版本', inForce: '起施行', noDate: '施行日期未载', newer: '较新版本（未选用）', earlier: '此前供地按', scope: { plan: '计划', supply: '供地', parcel: '宗地', 'post-supply': '批后' }, severity: { error: '错误', warning: '警告', info: '提示' }, off: '未启用', severityLabel: '严重程度', basis: '依据', params: '参数', local: '本地设定', min: '下限', max: '上限', fixed: '法定值' },
  en: { ruleSet: 'rule set', rules: 'rules', editions: 'standards', inForce: 'in force from', noDate: 'no date on file', newer: 'newer, not chosen', earlier: 'earlier supplies by', scope: { plan: 'plan', supply: 'supply', parcel: 'parcel', 'post-supply': 'post-supply' }, severity: { error: 'error', warning: 'warning', info: 'info' }, off: 'disabled', severityLabel: 'severity', basis: 'basis', params: 'parameters', local: 'local', min: 'minimum', max: 'maximum', fixed: 'fixed' },
} as const;

function showValue(v: unknown): string {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (typeof o['$standard'] === 'string') return `${o['$standard']} ${String(o['edition'])}`;
    if (typeof o['ha'] === 'string') return `${o['ha']} ha`;
    if (typeof o['mu'] === 'string') return `${o['mu']} 亩`;
  }
  const s = JSON.stringify(v);
  return s.length > 90 ? `${s.slice(0, 87)}…` : s;
}

function renderRule(r: RuleListing, lang: Lang): string {
  const t = T[lang];
  const head = `${r.enabled ? ' ' : '×'} [${t.scope[r.scope]}] ${r.id}  ${pick(r.title, lang)}`;
  const sev = `    ${t.severityLabel}: ${t.severity[r.severity]}${r.enabled ? '' : ` · ${t.off}`}`;
  const basis = `    ${t.basis}: ${r.citations.map((c) => `${c.document}${c.article ? ` ${c.article}` : ''} [${pick(CONFIDENCE_LABEL[c.confidence], lang)}]`).join('; ')}`;
  const dir = (k: string): string => {
    const d = Object.entries(r.directions).find(([p]) => p === k || p.startsWith(`${k}.`))?.[1];
    const tags = [d === 'minimum' ? t.min : d === 'maximum' ? t.max : d === 'fixed' ? t.fixed : '', r.localParams.includes(k) ? t.local : ''].filter(Boolean);
    return tags.length ? ` (${tags.join(', ')})` : '';
  };
  const params = r.params && Object.keys(r.params).length ? `    ${t.params}: ${Object.entries(r.params).map(([k, v]) => `${k} = ${showValue(v)}${dir(k)}`).join(' · ')}` : '';
  return [head, sev, basis, params].filter(Boolean).join('\n');
}

export function renderCatalogue(c: RuleCatalogue, lang: Lang): string {
  const t = T[lang];
  const lines = [`${t.ruleSet} ${c.ruleSet.chain.join(' → ')} (${c.ruleSet.title}): ${c.rules.length} ${t.rules}`];
  const seen = new Set<string>();
  const eds = c.rules.flatMap((r) => r.editions).filter((e) => (seen.has(e.standard) ? false : (seen.add(e.standard), true)));
  if (eds.length) {
    lines.push(`${t.editions}:`);
    for (const e of eds) {
      const name = lang === 'zh' ? e.zh : e.en;
      const when = e.inForce ? `${lang === 'zh' ? `${e.inForce} ${t.inForce}` : `${t.inForce} ${e.inForce}`}` : t.noDate;
      const earlier = e.earlier.length ? `; ${t.earlier} ${e.earlier.map((x) => x.edition).join(', ')}` : '';
      const newer = e.newer.length ? `; ${t.newer}: ${e.newer.map((n) => `${n.edition} [${pick(CONFIDENCE_LABEL[n.confidence], lang)}]`).join(', ')}` : '';
      lines.push(`  ${name} ${e.edition}: ${e.document} [${pick(CONFIDENCE_LABEL[e.confidence], lang)}], ${when}${earlier}${newer}`);
    }
  }
  lines.push('');
  for (const r of c.rules) lines.push(renderRule(r, lang));
  return `${lines.join('\n')}\n`;
}

/** The action of `landplan rules` and its alias `landplan plan rules`. */
export function listRules(o: { ruleSet?: string; scope?: string; json?: boolean; lang?: string }): void {
  const lang = langOf(o.lang);
  if (o.scope !== undefined && !(SCOPES as readonly string[]).includes(o.scope)) throw new UserError(`--scope: 应为 ${SCOPES.join('、')} / must be one of ${SCOPES.join(', ')}, got "${o.scope}"`);
  let rs;
  try {
    rs = ruleSetById(o.ruleSet ?? DEFAULT_RULE_SET_ID);
  } catch (e) {
    if (e instanceof RuleSetError) throw new UserError(`--rule-set: ${lang === 'zh' ? e.text.zh : e.text.en}`);
    throw e;
  }
  const c = describeRules(rs, o.scope ? { scope: o.scope as RuleScope } : {});
  process.stdout.write(o.json ? `${JSON.stringify(c)}\n` : renderCatalogue(c, lang));
}

export function registerRules(program: Command): void {
  program
    .command('rules')
    .option('--rule-set <id>', 'rule set under data/rule-sets/', DEFAULT_RULE_SET_ID)
    .option('--scope <scope>', 'plan | supply | parcel | post-supply')
    .option('--json', 'JSON output')
    .option('--lang <lang>', 'zh or en', 'zh')
    .description('list every rule with its scope, severity, legal basis and confidence, parameters and the editions of the standards in force')
    .action(listRules);
}
