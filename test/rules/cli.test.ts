import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/main.js';

const here = (f: string): string => new URL(f, import.meta.url).pathname;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  const code = await run(args);
  vi.restoreAllMocks();
  return { code, out, err };
}
afterEach(() => vi.restoreAllMocks());

describe('landplan plan check', () => {
  it('prints findings and the tables, exit 0 with warnings only', async () => {
    const r = await cli(['plan', 'check', here('../plan/data/bachu-2026-plan.json')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('错误 0 · 警告 5 · 提示 4');
    expect(r.out).toContain('附件1 汇总表（公顷）');
  });
  it('--json gives tables in exact hectares', async () => {
    const r = await cli(['plan', 'check', here('../plan/data/bachu-2026-plan.json'), '--json']);
    const j = JSON.parse(r.out) as { tables: { summary: { rows: { label: string; area: string }[] } } };
    expect(j.tables.summary.rows.at(-1)).toMatchObject({ label: '合计', area: '1843.24' });
  });
  it('a file that is not JSON is one line on stderr and exit 2', async () => {
    const r = await cli(['plan', 'check', here('./data/not-json.txt')]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});

describe('landplan supply check', () => {
  it('refuses a breaker with exit 1 and names its rules', async () => {
    const r = await cli(['supply', 'check', here('./data/supply-residential.json'), '--rule-set', 'xj-demo-2026', '--json']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.out) as { errorRules: string[] }).errorRules).toEqual(['announcement-lead-20d', 'clean-land-precondition', 'residential-far-min']);
  });
  it('names the field of each bad input, exit 2, never a stack', async () => {
    const r = await cli(['supply', 'check', here('./data/supply-bad.json'), '--json']);
    expect(r.code).toBe(2);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { supply: string; findings: { rule: string; figures: string[] }[] });
    expect(lines.map((l) => [l.supply, l.findings.filter((f) => f.rule.startsWith('supply-')).flatMap((f) => f.figures)])).toEqual([
      ['BAD-1', ['area', 'method']],
      ['BAD-2', ['useCode']],
      ['BAD-3', []],
      ['BAD-4', ['dates.contract', 'dates.agreedStart']],
    ]);
    // a contradictory method and use is named by the method rule
    expect(lines[2]!.findings.find((f) => f.rule === 'commercial-purpose-public-bidding')?.figures).toEqual(['method', 'useCode']);
    expect(r.err).toBe('');
  });
});

describe('landplan idle-scan', () => {
  it('lists the supplies whose agreed start passed unstarted, most serious first', async () => {
    const r = await cli(['idle-scan', '--as-of', '2026-09-30', '--from', here('./data/supplies-recorded.json'), '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as { rows: { supplyId: string; status: string; feeWanYuan?: string }[]; inputFindings: { figures: string[] }[] };
    expect(j.rows.map((x) => [x.supplyId, x.status, x.feeWanYuan ?? null])).toEqual([
      ['S3', 'recovery', null],
      ['S1', 'idle', '50'],
      ['S4', 'overdue', null],
    ]);
    expect(j.inputFindings.map((f) => f.figures)).toEqual([['[4].method']]);
  });
  it('refuses a bad date with one line', async () => {
    const r = await cli(['idle-scan', '--as-of', '2026-13-01', '--from', here('./data/supplies-recorded.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--as-of');
  });
});

describe('landplan plan load → supply record → idle-scan on a register', () => {
  it('records a lawful supply against a loaded plan and finds it idle two years on', async () => {
    const { mkdtempSync, writeFileSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'landplan-cli-'));
    const prev = process.env['LANDPLAN_DATA_DIR'];
    const prevUrl = process.env['LANDPLAN_DATABASE_URL'];
    process.env['LANDPLAN_DATA_DIR'] = dir;
    delete process.env['LANDPLAN_DATABASE_URL'];
    try {
      expect((await cli(['demo', 'load'])).code).toBe(0);
      const plan = JSON.parse(readFileSync(here('../plan/data/bachu-2026-plan.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(join(dir, 'plan.json'), JSON.stringify({ ...plan, year: 2028 }));
      const load = await cli(['plan', 'load', join(dir, 'plan.json'), '--jurisdiction', '653130', '--actor', 'clerk', '--status', 'published']);
      expect(load.code).toBe(0);
      const versionId = /version (\d+)/.exec(load.out)![1]!;
      // The fixture's 2026 supply, dated in the 2028 plan's year (the demo holds a 2027 plan already) (a supply outside its plan's year is refused).
      const supply = JSON.parse(readFileSync(here('./data/supply-residential.json'), 'utf8').replace(/"2026-/g, '"2028-')) as Record<string, Record<string, unknown>>;
      const lawful = { ...supply, far: { min: '1.2', max: '2.5' }, cleanLand: { ...supply['cleanLand'], compensationSettled: true }, dates: { ...supply['dates'], listingStart: '2028-04-21', listingEnd: '2028-05-06' } };
      writeFileSync(join(dir, 'supply.json'), JSON.stringify(lawful));
      writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...supply, id: 'BC2027-018' }));
      const rec = await cli(['supply', 'record', join(dir, 'supply.json'), '--plan-version', versionId, '--actor', 'clerk', '--json']);
      expect(rec.code).toBe(0);
      expect((JSON.parse(rec.out) as { accepted: boolean }).accepted).toBe(true);
      const bad = await cli(['supply', 'record', join(dir, 'bad.json'), '--plan-version', versionId, '--actor', 'clerk', '--json']);
      expect(bad.code).toBe(1);
      expect((JSON.parse(bad.out) as { errorRules: string[] }).errorRules).toEqual(['announcement-lead-20d', 'clean-land-precondition', 'residential-far-min']);
      const scan = await cli(['idle-scan', '--as-of', '2030-08-01', '--jurisdiction', '653130', '--json']);
      expect((JSON.parse(scan.out) as { rows: { supplyId: string; status: string }[] }).rows.map((r) => [r.supplyId, r.status])).toEqual([['BC2026-017', 'recovery']]);
    } finally {
      if (prev === undefined) delete process.env['LANDPLAN_DATA_DIR'];
      else process.env['LANDPLAN_DATA_DIR'] = prev;
      if (prevUrl !== undefined) process.env['LANDPLAN_DATABASE_URL'] = prevUrl;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('landplan rules', () => {
  type Listing = { ruleSet: { chain: string[]; editions: Record<string, string> }; rules: { id: string; scope: string; enabled: boolean; severity: string; basis: string; confidence: string; citations: { document: string; article?: string; confidence: string }[]; params: Record<string, unknown> | null; directions: Record<string, string>; editions: { standard: string; edition: string; newer: { edition: string }[] }[] }[] };
  it('lists every rule with a basis, its confidence, severity, parameters and directions', async () => {
    const r = await cli(['rules', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as Listing;
    const { ALL_RULES } = await import('../../src/domain/rules/index.js');
    expect(j.rules.map((x) => x.id)).toEqual(ALL_RULES.map((x) => x.id));
    expect(j.rules.every((x) => x.basis.length > 5 && ['confirmed', 'secondary', 'unconfirmed', 'heuristic'].includes(x.confidence) && x.params !== null)).toBe(true);
    expect(j.rules.find((x) => x.id === 'bid-deposit-20')).toMatchObject({ scope: 'supply', severity: 'error', enabled: true, params: { minShare: '0.20' }, directions: { minShare: 'minimum' } });
    expect(j.rules.filter((x) => !x.enabled).map((x) => x.id)).toEqual(['housing-inventory-cycle', 'industrial-investment-intensity-min']);
  });
  it('no basis it lists is confirmed unless its text is quoted in data/rules/quotes.json', async () => {
    const { readFileSync } = await import('node:fs');
    const quotes = (JSON.parse(readFileSync(new URL('../../data/rules/quotes.json', import.meta.url), 'utf8')) as { entries: { document: string; article?: string }[] }).entries;
    const j = JSON.parse((await cli(['rules', '--json', '--rule-set', 'js-2026'])).out) as Listing;
    const confirmed = j.rules.flatMap((x) => x.citations.filter((c) => c.confidence === 'confirmed'));
    expect(confirmed.length).toBeGreaterThan(0);
    for (const c of confirmed) expect(quotes.some((q) => q.document === c.document && (q.article ?? '') === (c.article ?? '')), c.document).toBe(true);
  });
  it('names the rule set and the edition of each standard in force, with newer editions not chosen', async () => {
    const j = JSON.parse((await cli(['rules', '--json', '--scope', 'parcel'])).out) as Listing;
    expect(j.ruleSet.editions).toEqual({ industrialIndicators: '2008', landUseProjectCatalogue: '2012', allocationCatalogue: '2001', industrialMinimumPrice: '2006' });
    expect(new Set(j.rules.map((x) => x.scope))).toEqual(new Set(['parcel']));
    const far = j.rules.find((x) => x.id === 'industrial-far-min-by-industry')!;
    expect(far.editions.map((e) => [e.standard, e.edition, e.newer.map((n) => n.edition)])).toEqual([['industrialIndicators', '2008', ['2023']]]);
  });
  it('prints in Chinese by default and in English with --lang en, heuristics labelled as such', async () => {
    const zh = (await cli(['rules'])).out;
    expect(zh).toContain('规则集 cn-2026');
    expect(zh).toContain('[经验阈值]');
    expect(zh).toContain('工业项目建设用地控制指标 2008');
    const en = (await cli(['rules', '--lang', 'en'])).out;
    expect(en).toContain('rule set cn-2026');
    expect(en).toContain('[heuristic]');
    expect(en).toContain('minShare = "0.20" (minimum)');
  });
  it('an unknown rule set or scope is one line on stderr, exit 2', async () => {
    for (const args of [['rules', '--rule-set', 'nope'], ['rules', '--scope', 'everything']]) {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });
  it('plan rules is an alias', async () => {
    const r = await cli(['plan', 'rules', '--rule-set', 'js-2026', '--json']);
    const j = JSON.parse(r.out) as Listing;
    expect(j.ruleSet.chain).toEqual(['cn-2026', 'js-2026']);
    expect(j.rules.find((x) => x.id === 'residential-parcel-max-area')?.basis).toContain('江苏');
  });
});
