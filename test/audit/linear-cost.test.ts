/**
 * The audit's cost grows linearly with the text. Measured by counted work (evaluations, candidate
 * values diagnosis tries, figures they read), never by a clock: doubling a text may at most about
 * double the work, for texts built to be hard (one long list, one long sentence, a total that
 * every share divides by), and for real-looking plans repeated.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extract } from '../../src/audit/extract/index.js';
import { slips } from '../../src/audit/reconcile/diagnose.js';
import { workDone } from '../../src/audit/reconcile/figures.js';
import { reconcile } from '../../src/audit/reconcile/index.js';
import { perturb, planArb, renderPlan } from './plan-text.js';

const HEAD = '某县2026年度国有建设用地供应计划\n';
const CATEGORIES = ['住宅用地', '商服用地', '工矿仓储用地', '公共管理与公共服务用地', '交通运输用地', '水域及水利设施用地', '特殊用地'];
const VALUES = ['12.34', '23.45', '34.12', '41.23', '13.24', '24.31', '31.42'];

function audit(text: string) {
  const { figures } = extract(text);
  return reconcile(figures);
}

/** Work for texts of k = 2, 4, 8, 16, 32 units; each doubling must at most about double it. */
function expectLinear(make: (k: number) => string): number[] {
  const ks = [2, 4, 8, 16, 32];
  const work = ks.map((k) => workDone(audit(make(k)).work));
  for (let i = 1; i < ks.length; i++) expect(work[i], `work ${work.join(', ')} for k = ${ks.join(', ')}`).toBeLessThanOrEqual(2.25 * work[i - 1]!);
  expect(work[ks.length - 1]).toBeLessThanOrEqual(17 * work[0]!);
  return work;
}

describe('audit cost grows linearly with the text (counted work)', () => {
  it('one list of 7k category rows whose first row is mistyped: every row is a suspect, each checked in O(1) per sum', () => {
    const list = (k: number) => {
      const rows = Array.from({ length: 7 * k }, (_, i) => `${CATEGORIES[i % 7]}${i === 0 ? '62.34' : VALUES[i % 7]}公顷`);
      const total = VALUES.reduce((a, v) => a + Math.round(Number(v) * 100), 0) * k;
      return `${HEAD}2026年度全县国有建设用地供应总量${(total / 100).toFixed(2)}公顷，其中${rows.join('，')}。\n`;
    };
    expectLinear(list);
    const r = audit(list(32));
    // Of 225 figures only the first row is one slip from making the sum hold (the total would need two digits).
    expect(r.findings.map((f) => [f.rule, f.severity, f.stated, f.expected, f.suggestion?.en])).toEqual([
      ['sum-category', 'error', '5763.52', '5813.52', 'Possibly a typing slip in "住宅用地" 62.34 ha: 12.34 ha (one digit mistyped) would make every related check pass. A suggestion only; confirm against the source data.'],
    ]);
  });

  it('a mistyped total that k shares divide by: the total is diagnosed against all of them', () => {
    const shares = (k: number) => {
      const parts = Array.from({ length: k }, (_, i) => 10 + i);
      const total = parts.reduce((a, p) => a + p, 0);
      const rows = parts.map((p, i) => `第${i + 1}片区${p}.00公顷，占比${((100 * p) / total).toFixed(2)}%`);
      // The total printed with its last whole digit changed (816 → 810 for k = 32).
      const printed = String(total).slice(0, -1) + String((Number(String(total).slice(-1)) + 4) % 10);
      return `${HEAD}2026年度全县国有建设用地供应总量${printed}.00公顷，其中${rows.join('，')}。\n`;
    };
    expectLinear(shares);
    const findings = audit(shares(32)).findings;
    // The sum and 29 of the 32 shares fail, and the total printed 810.00 for 816.00 explains them
    // all; two more shares fit as largest-remainder rounding (the printed shares sum to 100.00).
    const errors = findings.filter((f) => f.severity === 'error');
    expect(errors.length).toBe(30);
    expect(errors.every((f) => f.suggestion?.en.includes('816.00 ha (one digit mistyped)'))).toBe(true);
    expect(findings.filter((f) => f.severity === 'info').map((f) => [f.rule, f.stated])).toEqual([
      ['share', '1.35'],
      ['share', '1.72'],
    ]);
  });

  it('k growth statements in one long sentence, each rate computed on the wrong base', () => {
    const sentence = (k: number) => `${HEAD}2026年住宅用地120.00公顷，比上年增加20.00公顷，增长16.7%，`.repeat(1) + '商服用地60.00公顷，比上年增加12.00公顷，增长20.0%，'.repeat(k);
    expectLinear(sentence);
  });

  it('a generated plan with one part mistyped, printed k times', () => {
    const [plan] = fc.sample(planArb, { numRuns: 1, seed: 12 });
    const { text, figures } = renderPlan(plan!, 'haWithMuList', true);
    const part = figures.find((f) => f.key === 'cat2.ha')!;
    const mistyped = text.replace(part.text, perturb(part.text, 300));
    expectLinear((k) => mistyped.repeat(k));
  });
});

describe('diagnosis is bounded by what it reads', () => {
  it('a part of 5,000 digits in a failing sum is reported but not diagnosed (its slips would cost the square of its length)', () => {
    const long = '1'.repeat(5000);
    const r = audit(`${HEAD}供应总量100.00公顷，其中出让60.00公顷，划拨${long}.00公顷。`);
    expect(r.findings.map((f) => [f.rule, f.severity, f.suggestion?.en.slice(0, 30)])).toEqual([['sum-method', 'error', 'The difference equals "划拨" 111']]);
    // The candidates are those of 100.00 and 60.00 only.
    expect(r.work.candidates).toBe(slips('100.00').length + slips('60.00').length);
  });
});
