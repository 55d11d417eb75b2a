/**
 * Every basis says how sure it is, and "confirmed" is earned: only where the article's text is
 * quoted in data/rules/quotes.json. Every numeric parameter declares its direction.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../src/domain/rules/index.js';
import type { Citation, LegalBasis } from '../../src/domain/rules/rule.js';
import { DATA_RULE_SOURCE, ruleSetById } from '../../src/services/rule-sets.js';
import { standardsFileSchema } from '../../src/domain/rules/standards.js';

const data = (p: string): unknown => JSON.parse(readFileSync(new URL(`../../data/${p}`, import.meta.url), 'utf8'));
const quotes = (data('rules/quotes.json') as { entries: { document: string; article?: string; text: string; seenIn: string }[] }).entries;
const CONFIDENCES = ['confirmed', 'secondary', 'unconfirmed', 'heuristic'];

function citations(b: LegalBasis): Citation[] {
  return [b, ...(b.also ?? [])];
}
function quoted(c: Citation): boolean {
  return quotes.some((q) => q.document === c.document && (q.article ?? '') === (c.article ?? '') && q.text.trim().length > 4 && q.seenIn.trim().length > 4);
}

describe('confidence of every basis', () => {
  it('every citation of every rule has a confidence of the four', () => {
    for (const r of ALL_RULES) for (const c of citations(r.basis)) expect(CONFIDENCES, `${r.id}: ${c.document}`).toContain(c.confidence);
  });
  it('no rule citation is confirmed unless its article text is quoted in data/rules/quotes.json', () => {
    const unquoted = ALL_RULES.flatMap((r) => citations(r.basis).filter((c) => c.confidence === 'confirmed' && !quoted(c)).map((c) => `${r.id}: ${c.document} ${c.article ?? ''}`));
    expect(unquoted).toEqual([]);
  });
  it('nor is any rule set basis or standard edition', () => {
    const files = readdirSync(new URL('../../data/rule-sets/', import.meta.url)).filter((f) => f.endsWith('.json'));
    const bad: string[] = [];
    for (const f of files) {
      const rs = DATA_RULE_SOURCE.ruleSetFile(f.slice(0, -5)) as { rules: Record<string, { basis?: string | Citation }> };
      for (const [id, e] of Object.entries(rs.rules)) if (typeof e.basis === 'object' && e.basis.confidence === 'confirmed' && !quoted(e.basis)) bad.push(`${f} ${id}`);
    }
    const std = standardsFileSchema.parse(data('rules/standards.json'));
    for (const [id, s] of Object.entries(std.standards)) for (const e of s.editions) if (e.confidence === 'confirmed' && !quoted({ document: e.document, confidence: 'confirmed', ...(e.article ? { article: e.article } : {}) })) bad.push(`${id} ${e.edition}`);
    expect(bad).toEqual([]);
  });
  it('the confirmed ones are exactly those quoted: 民法典 第三百四十七条 and the plan\'s own 总量控制 clause', () => {
    const confirmed = ALL_RULES.filter((r) => r.basis.confidence === 'confirmed').map((r) => r.id).sort();
    expect(confirmed).toEqual(['commercial-purpose-public-bidding', 'competing-applicants-bidding', 'plan-total-cap']);
  });
  it('the plan clause quoted is the text of a plan in data/', () => {
    const q = quotes.find((x) => x.document === '年度国有建设用地供应计划')!;
    expect(readFileSync(new URL('../../data/demo/bachu-2026-plan.txt', import.meta.url), 'utf8')).toContain(q.text);
  });
  it('heuristics are labelled as such: the five-year thresholds and the local area tolerance', () => {
    expect(ALL_RULES.filter((r) => r.basis.confidence === 'heuristic').map((r) => r.id).sort()).toEqual(['parcel-area-vs-registered', 'plan-five-year-comparison']);
  });
  it('a rule set basis given as bare text counts as unconfirmed', () => {
    const src = { ruleSetFile: (id: string) => (id === 'x' ? { id: 'x', title: 'x', jurisdiction: { level: 'county', code: '1', name: 'x' }, year: 2026, extends: 'cn-2026', rules: { 'bid-deposit-20': { basis: '某县文件' } } } : DATA_RULE_SOURCE.ruleSetFile(id)), table: (p: string) => DATA_RULE_SOURCE.table(p) };
    return import('../../src/domain/rule-set.js').then(({ loadRuleSet }) => expect(loadRuleSet('x', src).rules['bid-deposit-20']?.basis).toMatchObject({ document: '某县文件', confidence: 'unconfirmed' }));
  });
});

/** Numeric leaves of a resolved parameter object: numbers, decimal strings, fractions, {ha}/{mu} limits. Arrays are code lists, standards carry their own editions. */
function numericPaths(v: unknown, path: string[] = []): string[] {
  if (v === null || v === undefined || Array.isArray(v)) return [];
  if (typeof v === 'number') return [path.join('.')];
  if (typeof v === 'string') return /^\d+(\.\d+)?$|^\d+\/\d+$/.test(v) ? [path.join('.')] : [];
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (o['kind'] === 'standard') return [];
    if ((typeof o['ha'] === 'string' || typeof o['mu'] === 'string') && Object.keys(o).length === 1) return [path.join('.')];
    return Object.entries(o).flatMap(([k, x]) => (k === 'industryCodeEdition' ? [] : numericPaths(x, [...path, k])));
  }
  return [];
}
const matches = (pattern: string, path: string): boolean => {
  const a = pattern.split('.');
  const b = path.split('.');
  return a.length === b.length && a.every((s, i) => s === '*' || s === b[i]);
};

describe('directions of numeric parameters', () => {
  it('every numeric parameter of the national rule set has a declared direction', () => {
    const rs = ruleSetById('cn-2026');
    const missing = ALL_RULES.flatMap((r) => numericPaths(rs.rules[r.id]?.params).filter((p) => !Object.keys(r.directions ?? {}).some((d) => matches(d, p))).map((p) => `${r.id} ${p}`));
    expect(missing).toEqual([]);
  });
  it('every declared direction names a parameter the national rule set gives', () => {
    const rs = ruleSetById('cn-2026');
    const stale = ALL_RULES.flatMap((r) => Object.keys(r.directions ?? {}).filter((d) => !(d.split('.')[0]! in (rs.rules[r.id]?.params ?? {}))).map((d) => `${r.id} ${d}`));
    expect(stale).toEqual([]);
  });
});
