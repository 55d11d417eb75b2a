/**
 * Property tests for the phrasings real texts print beyond the generated plans of plan-text.ts:
 * traditional characters, 万公顷 totals, a growth whose base the reader derives, nested 含 items,
 * and partial lists with shares. Consistent texts give no error and no warning.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditText } from '../../src/audit/index.js';
import { Dec } from '../../src/domain/decimal.js';
import { PHRASINGS, planArb, renderPlan } from './plan-text.js';

const TRADITIONAL: Record<string, string> = { 国: '國', 亩: '畝', 顷: '頃', 计: '計', 划: '劃', 总: '總', 应: '應', 设: '設', 业: '業', 务: '務', 县: '縣', 拨: '撥', 让: '讓', 储: '儲', 运: '運', 输: '輸', 共: '共', 态: '態', 进: '進' };
const toTraditional = (s: string) => s.replace(/./g, (c) => TRADITIONAL[c] ?? c);
const serious = (t: string) => auditText(t).findings.filter((f) => f.severity !== 'info');

describe('audit on generated phrasings (property)', () => {
  it('reads a consistent plan printed in traditional characters as the simplified one, offsets intact', () => {
    fc.assert(
      fc.property(planArb, fc.constantFrom(...PHRASINGS), fc.boolean(), (plan, phrasing, withShares) => {
        const { text } = renderPlan(plan, phrasing, withShares);
        const trad = toTraditional(text);
        const a = auditText(text);
        const b = auditText(trad);
        expect(b.figures.map((f) => [f.value, f.unit, f.start, f.end])).toEqual(a.figures.map((f) => [f.value, f.unit, f.start, f.end]));
        expect(b.findings.filter((f) => f.severity === 'error')).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('checks a growth rate against a base it derives from the change, and names a rate on the new value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 90_000 }), fc.integer({ min: 500, max: 20_000 }), (base, change) => {
        const cur = base + change;
        const rate = new Dec(change).times(100).div(base).toFixed(1, Dec.ROUND_HALF_UP);
        const ok = `某县2026年度国有建设用地供应总量${cur}公顷，比上年增加${change}公顷，增长${rate}%。`;
        expect(serious(ok)).toEqual([]);
        const wrong = new Dec(change).times(100).div(cur).toFixed(1, Dec.ROUND_HALF_UP);
        // Only a wrong rate beyond what the printed precision allows (±0.5 on each integer) must be an error.
        const lo = new Dec(change).minus('0.5').times(100).div(new Dec(base).plus(1));
        const hi = new Dec(change).plus('0.5').times(100).div(new Dec(base).minus(1));
        if (new Dec(wrong).plus('0.05').gte(lo) && new Dec(wrong).minus('0.05').lte(hi)) return;
        const bad = auditText(`某县2026年度国有建设用地供应总量${cur}公顷，比上年增加${change}公顷，增长${wrong}%。`).findings.filter((f) => f.severity === 'error');
        expect(bad.map((f) => f.stated)).toEqual([wrong]);
        expect(bad[0]!.suggestion?.en).toContain('wrong base');
      }),
      { numRuns: 200 },
    );
  });

  it('never adds a nested 含 item to its siblings, and checks a partial list share by share', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 10, max: 5000 }), { minLength: 3, maxLength: 6 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 2 }), (parts, tenth, dropped) => {
        const total = parts.reduce((a, b) => a + b, 0);
        const names = ['甲区', '乙区', '丙区', '丁区', '戊区', '己区'];
        const nested = Math.max(1, Math.floor((parts[0]! * tenth) / 10));
        const items = parts.map((p, i) => `${names[i]}${p}公顷${i === 0 ? `(含${names[i]}园区${nested}公顷)` : ''}`);
        expect(serious(`某县2026年度国有建设用地供应总量${total}万公顷。`.replace('万', '') + `其中，${items.join('、')}。`)).toEqual([]);
        // Only some categories listed, each with its share: no sum against 100%.
        const shares = parts.slice(dropped).map((p) => new Dec(p).times(100).div(total).toFixed(2, Dec.ROUND_HALF_UP));
        const cats = ['住宅用地', '商服用地', '工矿仓储用地', '公共管理与公共服务用地', '交通运输用地', '特殊用地'];
        const listed = parts.slice(dropped).map((p, i) => `${cats[i]}${p}公顷，占比${shares[i]}%`);
        expect(serious(`某县2026年度国有建设用地供应总量${total}公顷。供应总量中，${listed.join('；')}。`)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('reads 万公顷 totals against parts in 万公顷 at their printed precision', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 100, max: 99_999 }), { minLength: 2, maxLength: 4 }), (hundredsHa) => {
        // Each part printed in 万公顷 with two decimals, from exact hectares.
        const wan = (ha: number) => new Dec(ha).div(10_000).toFixed(2, Dec.ROUND_HALF_UP);
        const totalHa = hundredsHa.reduce((a, b) => a + b, 0);
        const text = `全省2026年度国有建设用地供应总量${wan(totalHa)}万公顷，其中新增建设用地${wan(hundredsHa[0]!)}万公顷，存量建设用地${wan(totalHa - hundredsHa[0]!)}万公顷。`;
        expect(serious(text)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
